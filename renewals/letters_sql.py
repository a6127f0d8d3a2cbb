"""RN-8's mail merge in PostgreSQL: the emails of a batch of reminders are stored by the database.

Python renders each template's email once with placeholders (renewals.letters: the same templates, and the same check
that a template merges). The outbox keeps that email once (sim.OutboxLetter); one statement then joins each reminder
with its certification and profile and inserts its outbox message: the subject filled in, the letter, the
recipient's values (from which the message's body and HTML are filled in as it is read) and the one address it went
to (`sole_recipient`, in place of a recipient row). The reminders are marked sent in the same transaction. The email
read back is, byte for byte, the one `Letters.build` makes (tests compare both)."""

from __future__ import annotations

import re
from datetime import datetime

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import connection
from django.utils.html import escape

from certlink.mail import html_part
from profiles.models import Certification, CertificationHeld, CertificationProfile
from renewals.letters import PLACEHOLDERS, renew_path_parts
from renewals.models import RenewalReminder
from sim.models import OutboxLetter, OutboxMessage

_KEY_OF = {placeholder: key for key, placeholder in PLACEHOLDERS.items()}
_PLACEHOLDER = re.compile("|".join(re.escape(placeholder) for placeholder in PLACEHOLDERS.values()))


def available() -> bool:
    """On PostgreSQL, with emails kept in the outbox and relayed nowhere (a relay needs each message in Python)."""
    return (
        connection.vendor == "postgresql"
        and settings.EMAIL_BACKEND == "certlink.mail.OutboxBackend"
        and not settings.EMAIL_RELAY_URL
    )


def _escaped(sql: str) -> str:
    """SQL for django.utils.html.escape of a text expression."""
    for char, entity in (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ('"', "&quot;"), ("'", "&#x27;")):
        sql = f"replace({sql}, {_literal(char)}, {_literal(entity)})"
    return sql


def _normalized(sql: str) -> str:
    """SQL for " ".join(text.split()) of a text expression: whitespace runs made one space, none at either end."""
    return f"btrim(regexp_replace({sql}, '\\s+', ' ', 'g'))"


# Values that never hold whitespace (digits), and the certification's name, which is checked once per certification.
_PLAIN = {"mcid", "days_left", "number", "certification"}


def _normal_when_clean(subject: str) -> bool:
    """Whether the subject, its placeholders filled with values that are not empty and are already normalized (no
    whitespace but single spaces between words), is normalized as it is: its own text holds no whitespace but single
    spaces between words, and it names only values in _PLAIN. Then a subject needs normalizing only for a
    certification whose name is not clean."""
    if any(_KEY_OF[found] not in _PLAIN for found in _PLACEHOLDER.findall(subject)):
        return False
    text = _PLACEHOLDER.sub("x", subject)
    return all(char == " " or not char.isspace() for char in text) and " ".join(text.split()) == text


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _values() -> str:
    """Each recipient's own values, as the letters' placeholders name them (escaped where text can hold < & "); the
    days left as of the email's date, `at` (rules.days_left)."""
    before, after = (_literal(escape(part)) for part in renew_path_parts())
    raw_before, raw_after = (_literal(part) for part in renew_path_parts())
    return f"""
        {raw_before} || h.id::text || {raw_after} AS raw_renew_path,
        {_escaped("p.legal_name")} AS name,
        p.legal_name AS raw_name,
        c.name AS raw_certification,
        p.mcid::text AS mcid,
        {before} || h.id::text || {after} AS renew_path,
        c.escaped_name AS certification,
        c.clean_name AS certification_is_clean,
        to_char(h.expires_at AT TIME ZONE %(tz)s, 'FMDD FMMonth YYYY') AS expires_on,
        ((h.expires_at AT TIME ZONE %(tz)s)::date - (%(at)s::timestamptz AT TIME ZONE %(tz)s)::date)::text AS days_left,
        r.number::text AS number"""


def _merge(proto: EmailMultiAlternatives) -> str:
    """SQL for the message's merge values: each placeholder its letter holds, with the recipient's value, unescaped
    (OutboxMessage escapes them as it fills the letter in)."""
    text = proto.body + html_part(proto)
    raw = {"name": "v.raw_name", "certification": "v.raw_certification", "renew_path": "v.raw_renew_path"}
    pairs = [
        f"{_literal(placeholder)}, {raw.get(key, f'v.{key}')}"
        for key, placeholder in PLACEHOLDERS.items()
        if placeholder in text
    ]
    return f"jsonb_build_object({', '.join(pairs)})"


def _letter(proto: EmailMultiAlternatives) -> int:
    """The letter of a mail merge: `proto`'s text and HTML, placeholders and all, stored once."""
    return OutboxLetter.objects.create(body=proto.body, html=html_part(proto)).pk


def _joined(text: str, params: dict[str, str], prefix: str) -> str:
    """SQL putting `text` back together: its pieces between placeholders (as parameters) and the values."""
    parts, position = [], 0
    for found in _PLACEHOLDER.finditer(text):
        if found.start() > position:
            params[f"{prefix}{len(params)}"] = text[position : found.start()]
            parts.append(f"%({prefix}{len(params) - 1})s::text")
        parts.append(f"v.{_KEY_OF[found.group()]}")
        position = found.end()
    if position < len(text) or not parts:
        params[f"{prefix}{len(params)}"] = text[position:]
        parts.append(f"%({prefix}{len(params) - 1})s::text")
    return " || ".join(parts)


_STATEMENT = """
WITH r AS ({source}),
v AS (
    SELECT r.id, r.number AS reminder_number, r.{to} AS address, {values}
    FROM r
    JOIN {held} h ON h.id = r.held_id
    JOIN {profile} p ON p.id = h.profile_id
    JOIN (
        -- Once per certification rather than per email (OFFSET 0 keeps it a subquery): its name escaped, and whether
        -- it is written as a subject writes it (one space between words, none around: _normal_when_clean).
        SELECT id, name, {escaped_name} AS escaped_name,
               (name <> '' AND name = {normalized_name}) AS clean_name
        FROM {certification} OFFSET 0
    ) c ON c.id = h.certification_id
)
INSERT INTO {message} (sent_at, from_email, {to}, cc, subject, body, html, letter_id, merge, template, relayed,
                       relay_error, sole_recipient)
SELECT %(at)s, %(from_email)s, address, '',
       CASE WHEN v.reminder_number = 0 THEN {subject0} ELSE {subject1} END, '', '',
       CASE WHEN v.reminder_number = 0 THEN {letter0} ELSE {letter1} END,
       CASE WHEN v.reminder_number = 0 THEN {merge0} ELSE {merge1} END,
       CASE WHEN v.reminder_number = 0 THEN {template0} ELSE {template1} END, false, '', lower(address)
FROM v
"""


def _store(
    *, at: datetime, source: str, params: list, notice: EmailMultiAlternatives, reminder: EmailMultiAlternatives
) -> int:
    """Store the emails of the reminders `source` selects ((id, held_id, number, due_at, to) rows; SQL with
    positional `params`), dated `at`, in one statement: number 0 takes `notice`, the others `reminder`."""
    q = connection.ops.quote_name
    named: dict[str, object] = {"tz": settings.TIME_ZONE, "at": at, "from_email": notice.from_email}
    parts = {}
    for name, proto in (("0", notice), ("1", reminder)):
        subject = _joined(proto.subject, named, f"s{name}_")
        if _PLACEHOLDER.search(proto.subject):  # as emails.build does: " ".join(subject.split())
            normalized = _normalized(subject)
            if _normal_when_clean(proto.subject):  # a regular expression per email costs more than the rest of it
                normalized = f"CASE WHEN v.certification_is_clean THEN {subject} ELSE {normalized} END"
            subject = normalized
        parts[f"subject{name}"] = subject
        parts[f"letter{name}"] = str(_letter(proto))
        parts[f"merge{name}"] = _merge(proto)
        parts[f"template{name}"] = _literal(proto.extra_headers.get("X-Certlink-Template", ""))
    statement = _STATEMENT.format(
        source=source,
        to=q("to"),
        values=_values(),
        held=q(CertificationHeld._meta.db_table),
        profile=q(CertificationProfile._meta.db_table),
        certification=q(Certification._meta.db_table),
        escaped_name=_escaped("name"),
        normalized_name=_normalized("name"),
        message=q(OutboxMessage._meta.db_table),
        **parts,
    )
    # `source` comes first and its parameters are positional: ours follow it, in the order they appear.
    names = re.findall(r"%\((\w+)\)s", statement)
    statement = re.sub(r"%\((\w+)\)s", "%s", statement)
    with connection.cursor() as cursor:
        cursor.execute(statement, [*params, *(named[name] for name in names)])
        return max(cursor.rowcount, 0)


def store(*, at: datetime, ids: list[int], notice: EmailMultiAlternatives, reminder: EmailMultiAlternatives) -> int:
    """Store the emails of the claimed reminders `ids`, dated `at`, and mark them sent. Runs inside the caller's
    transaction, which holds the reminders' row locks."""
    q = connection.ops.quote_name
    table = q(RenewalReminder._meta.db_table)
    source = f"SELECT id, held_id, number, due_at, {q('to')} FROM {table} WHERE id = ANY(%s::bigint[])"
    stored = _store(at=at, source=source, params=[ids], notice=notice, reminder=reminder)
    RenewalReminder.objects.filter(pk__in=ids).update(sent_at=at)
    return stored


def claim_and_store(
    *, at: datetime, claimable: tuple[str, list], notice: EmailMultiAlternatives, reminder: EmailMultiAlternatives
) -> int:
    """Claim the reminders `claimable` selects (SQL and params of (held, cycle, number, due, to, sent_at) rows),
    recorded as sent at `at`, and store their emails in the same statement. A reminder claimed before is skipped by
    the unique constraint, and so is its email."""
    q = connection.ops.quote_name
    sql, params = claimable
    source = (
        f"INSERT INTO {q(RenewalReminder._meta.db_table)} (held_id, cycle, number, due_at, {q('to')}, sent_at) "
        f"SELECT * FROM ({sql}) claimable ON CONFLICT DO NOTHING RETURNING id, held_id, number, due_at, {q('to')}"
    )
    return _store(at=at, source=source, params=list(params), notice=notice, reminder=reminder)
