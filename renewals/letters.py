"""RN-8's emails in bulk, as a mail merge: the letters of a batch that differ only in the recipient's own values
(name, MCID, renewal link) are rendered once, with placeholders, and each recipient's values are filled in, escaped
as the template escapes them. A sweep sends thousands of letters that share a handful of templates and dates, and
rendering three templates per letter was most of its time.

The first letter of each template is also rendered in full and compared with its merged twin; a template whose
placeholders do not fill in to the same email (a filter or a condition on a recipient's value) is rendered in full
for everyone."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any

from django.core.mail import EmailMultiAlternatives
from django.urls import reverse
from django.utils.html import conditional_escape

from certlink.emails import build

# A recipient's own values; placeholders are words no template or value contains.
PLACEHOLDERS = {
    "name": "zqxNAMExqz",
    "mcid": "zqxMCIDxqz",
    "renew_path": "zqxPATHxqz",
    "certification": "zqxCERTxqz",
    "expires_on": "zqxEXPIRESxqz",
    "days_left": "zqxDAYSxqz",
    "number": "zqxNUMBERxqz",
}


@dataclass(frozen=True)
class Letter:
    template: str
    to: str
    shared: dict[str, Any]  # what letters of one group have in common (hashable values)
    own: dict[str, Any]  # PLACEHOLDERS' keys but renew_path, and held (the certification held, for the renewal link)


class Letters:
    """Builds the emails of letters, a batch at a time; what was rendered for one batch serves the next ones."""

    def __init__(self, *, at: datetime) -> None:
        self.at = at
        self.merged: dict[tuple, EmailMultiAlternatives] = {}
        self.mergeable: dict[str, bool] = {}

    def build(self, letters: list[Letter]) -> list[EmailMultiAlternatives]:
        """The emails of `letters`, dated `at`, in the same order."""
        messages = []
        for letter in letters:
            own = _own(letter)
            if letter.template not in self.mergeable:
                full = _full(letter, own, self.at)
                merged = _fill(_merged(letter, self.at, self.merged), own, letter.to)
                self.mergeable[letter.template] = _same(full, merged)
                messages.append(full)
            elif self.mergeable[letter.template]:
                messages.append(_fill(_merged(letter, self.at, self.merged), own, letter.to))
            else:
                messages.append(_full(letter, own, self.at))
        return messages

    def proto(self, letter: Letter) -> EmailMultiAlternatives | None:
        """The email of `letter`'s group with placeholders for the recipient's own values, or None when its template
        does not merge (the first letter of each template is rendered in full and compared with its filled twin)."""
        if letter.template not in self.mergeable:
            own = _own(letter)
            full = _full(letter, own, self.at)
            self.mergeable[letter.template] = _same(full, _fill(_merged(letter, self.at, self.merged), own, letter.to))
        return _merged(letter, self.at, self.merged) if self.mergeable[letter.template] else None


def renew_path_parts() -> tuple[str, str]:
    """What comes before and after the certification held's id in its renewal link."""
    return _renew_parts()


def letters_build(letters: list[Letter], *, at: datetime) -> list[EmailMultiAlternatives]:
    """The emails of `letters`, dated `at`, in the same order."""
    return Letters(at=at).build(letters)


def _own(letter: Letter) -> dict[str, Any]:
    own = {key: value for key, value in letter.own.items() if key != "held"}
    return {**own, "renew_path": _renew_path(letter.own["held"])}


def _renew_path(held: int) -> str:
    """reverse("learn_renew", args=[held]), resolved once: reversing is a tenth of a millisecond, a letter's budget."""
    before, after = _renew_parts()
    return f"{before}{held}{after}"


@cache
def _renew_parts() -> tuple[str, str]:
    before, after = reverse("learn_renew", args=[987654321]).split("987654321")
    return before, after


def _full(letter: Letter, own: dict[str, Any], at: datetime) -> EmailMultiAlternatives:
    return build(template=letter.template, to=[letter.to], at=at, context={**letter.shared, **own})


def _merged(letter: Letter, at: datetime, cache: dict[tuple, EmailMultiAlternatives]) -> EmailMultiAlternatives:
    key = (letter.template, tuple(sorted(letter.shared.items())))
    if key not in cache:
        placeholders = {key: PLACEHOLDERS[key] for key in [*letter.own, "renew_path"] if key in PLACEHOLDERS}
        cache[key] = build(template=letter.template, to=[], at=at, context={**letter.shared, **placeholders})
    return cache[key]


def _fill(proto: EmailMultiAlternatives, own: dict[str, Any], to: str) -> EmailMultiAlternatives:
    values = [(PLACEHOLDERS[key], conditional_escape(str(value))) for key, value in own.items() if key in PLACEHOLDERS]

    def fill(text: str) -> str:
        for placeholder, value in values:
            text = text.replace(placeholder, value)
        return text

    message = EmailMultiAlternatives(
        subject=" ".join(fill(proto.subject).split()),
        body=fill(proto.body),
        from_email=proto.from_email,
        to=[to],
        headers=dict(proto.extra_headers),
    )
    for content, mimetype in proto.alternatives:
        message.attach_alternative(fill(str(content)), mimetype)
    return message


def _same(a: EmailMultiAlternatives, b: EmailMultiAlternatives) -> bool:
    return (a.subject, a.body, a.to, a.extra_headers, [(str(c), m) for c, m in a.alternatives]) == (
        b.subject,
        b.body,
        b.to,
        b.extra_headers,
        [(str(c), m) for c, m in b.alternatives],
    )
