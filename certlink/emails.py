"""Emails in threes (subject, text, html) rendered from templates/emails/<name>/ and sent at a simulated time.

An email is its template's name and a context of plain values (what it was built from: names, ids, numbers,
instants), dated. Sending goes through Django's email API into the outbox (certlink.mail.OutboxBackend, SIM-2), which
keeps the template, the context, the recipients and the date; the outbox renders the email again, with `render`,
whenever it is read or relayed: one rendering for the page, the API and SMTP. Inside a request's transaction the
email is an outbox row committed with the request, or not at all; beat relays it to SMTP.

A context is JSON: what a sender passes is checked and read back through JSON before anything is rendered, so the
email sent and the email read later are rendered from the same values. An instant (a key ending in `_at`) is read
back as an aware datetime, whichever way it was written: ISO 8601 by Python and PostgreSQL, "YYYY-MM-DD HH:MM:SS"
(UTC) by SQLite's json_object over a datetime column."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from email.utils import format_datetime
from functools import cached_property
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.core.serializers.json import DjangoJSONEncoder
from django.template import Context, Engine
from django.utils import translation

# The template of an email sent through Django's mail API without one of ours (send_mail and the like): its context
# holds the subject, text and HTML as they were given, so every email of the outbox is rendered the same way.
PLAIN = "plain"


def send(*, template: str, to: list[str], context: dict[str, Any], at: datetime, language: str | None = None) -> None:
    """Render emails/<template>/{subject.txt,body.txt,body.html} and send it, dated `at` (simulated), in the
    recipient's `language` (PR-1; None: the language of the request that sends it). The context must be JSON (ids
    and values, not model instances): the outbox keeps it and renders the email from it."""
    build(template=template, to=to, context=context, at=at, language=language).send()


class TemplatedEmail(EmailMultiAlternatives):
    """An email of one of certlink's templates, carrying its template, context and language for the outbox."""

    template: str
    context: dict[str, Any]
    language: str


def build(
    *, template: str, to: list[str], context: dict[str, Any], at: datetime, language: str | None = None
) -> TemplatedEmail:
    """The email of a template, dated `at`, in `language` (None: the current one), ready to send (alone, or with
    others in one batch)."""
    if language is None:
        language = translation.get_language() or ""
    email = Email(template=template, context=as_json(context), at=at, language=language)
    message = TemplatedEmail(
        subject=email.subject,
        body=email.text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=to,
        headers={"Date": format_datetime(at), "X-Certlink-Template": template},
    )
    message.template, message.context, message.language = email.template, email.context, email.language
    if email.html:
        message.attach_alternative(email.html, "text/html")
    return message


def plain_context(*, subject: str, body: str, html: str) -> dict[str, str]:
    """The context of an email given as text (the generic template, PLAIN)."""
    return {"subject": subject, "body": body, "html": html}


def as_json(context: dict[str, Any]) -> dict[str, Any]:
    """`context` as the outbox will read it back: through JSON (refused, TypeError, if a value is not JSON)."""
    return json.loads(json.dumps(context, cls=DjangoJSONEncoder))


def instant(value: str | datetime) -> datetime:
    """A datetime of a JSON context, aware (a naive one is UTC, as SQLite writes it)."""
    parsed = value if isinstance(value, datetime) else datetime.fromisoformat(value)
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=UTC)


class Email:
    """The one rendering of an email: its template with its context, as of its date, in its language. Each part is
    rendered when first read (a list of the outbox reads subjects only)."""

    def __init__(self, *, template: str, context: dict[str, Any], at: datetime, language: str = "") -> None:
        self.template, self.context, self.at, self.language = template, context, at, language

    @cached_property
    def _values(self) -> dict[str, Any]:
        values = {
            key: instant(value) if key.endswith("_at") and value else value for key, value in self.context.items()
        }
        return {**values, "sent_at": self.at, "site_url": settings.SITE_URL}

    def _render(self, part: str) -> str:
        with translation.override(self.language or settings.LANGUAGE_CODE):
            template = Engine.get_default().get_template(f"emails/{self.template}/{part}")
            # The subject and the text are not HTML: values go in as they are. The HTML is escaped.
            return template.render(Context(self._values, autoescape=not part.endswith(".txt")))

    @cached_property
    def subject(self) -> str:
        return " ".join(self._render("subject.txt").split())

    @cached_property
    def text(self) -> str:
        return self._render("body.txt")

    @cached_property
    def html(self) -> str:
        return self._render("body.html")
