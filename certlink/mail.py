"""The default email backend (SIM-2): every message is kept in the outbox, stamped with its simulated time.

A message of certlink's templates (certlink.emails) is kept as its template and context; any other (send_mail and
the like) as the generic template whose context holds its subject, text and HTML. Either way the outbox renders it
with certlink.emails whenever it is read or relayed.

An email carries the simulated moment it was due: the message's own Date header when the sender set one
(certlink.emails.send does), otherwise the clock's instant. Sending only writes the outbox, in the caller's
transaction: an email a request sends is committed with the request, or not at all, and needs no broker. With
EMAIL_RELAY_URL set, beat's `certlink.tasks.outbox_relay` relays the unrelayed messages to that SMTP server
(`outbox_relay`); a relay failure is recorded on the message, never loses it, and is tried again on the next run.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from email.utils import format_datetime, formataddr, getaddresses, parsedate_to_datetime
from urllib.parse import parse_qs, unquote, urlsplit

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.backends.smtp import EmailBackend as SmtpBackend
from django.db import transaction
from django.utils import translation

from certlink import clock
from certlink.emails import PLAIN, TemplatedEmail, plain_context
from certlink.models import OutboxMessage, OutboxRecipient
from certlink.outbox import Outgoing, outbox_mark_relayed, outbox_store_many

log = logging.getLogger(__name__)


class OutboxBackend(BaseEmailBackend):
    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        with transaction.atomic():
            stored = outbox_store_many([outgoing(message) for message in email_messages])  # two inserts in all
        return len(stored)


def outgoing(message: EmailMessage) -> Outgoing:
    """What the outbox keeps of `message`: its template and context, its addresses, its date."""
    if isinstance(message, TemplatedEmail):
        template, context, language = message.template, message.context, message.language
    else:
        context = plain_context(subject=str(message.subject), body=str(message.body), html=html_part(message))
        template, language = PLAIN, translation.get_language() or ""
    return Outgoing(
        sent_at=message_date(message),
        from_email=message.from_email,
        to=list(message.to),
        cc=list(message.cc),
        bcc=list(message.bcc),
        template=template,
        context=context,
        language=language,
    )


def message_date(message: EmailMessage):
    header = message.extra_headers.get("Date")
    if header:
        return parsedate_to_datetime(header)
    return clock.now()


def html_part(message: EmailMessage) -> str:
    if isinstance(message, EmailMultiAlternatives):
        for content, mimetype in message.alternatives:
            if mimetype == "text/html":
                return str(content)
    return ""


def smtp_relay() -> SmtpBackend | None:
    url = settings.EMAIL_RELAY_URL
    if not url:
        return None
    parts = urlsplit(url)
    query = parse_qs(parts.query)
    return SmtpBackend(
        host=parts.hostname or "localhost",
        port=parts.port or 25,
        username=unquote(parts.username or ""),
        password=unquote(parts.password or ""),
        use_tls=query.get("tls", ["0"])[0] in {"1", "true"},
        use_ssl=query.get("ssl", ["0"])[0] in {"1", "true"},
        fail_silently=False,
        timeout=10,
    )


def outbox_relay(*, limit: int = 100) -> int:
    """Relay up to `limit` unrelayed outbox messages to EMAIL_RELAY_URL, oldest first; returns how many went.

    The messages are claimed with SELECT ... FOR UPDATE SKIP LOCKED for as long as they are being sent, so two relays
    running at once never send the same message, and one that crashes leaves its claims to the next run."""
    relay = smtp_relay()
    if relay is None:
        return 0
    with transaction.atomic():
        claimed = (
            OutboxMessage.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(relayed=False)
            .prefetch_related("recipients")
            .order_by("id")[:limit]
        )
        return relay_messages(relay, list(claimed))


def relay_messages(relay: SmtpBackend, rows: list[OutboxMessage]) -> int:
    try:
        relay.open()
    except Exception as error:  # the server is away: every message waits for the next run, with the reason
        log.warning("SMTP relay unreachable, %s outbox message(s) wait: %s", len(rows), error)
        OutboxMessage.objects.filter(pk__in=[row.pk for row in rows]).update(relay_error=str(error))
        return 0
    relayed = 0
    try:
        for row in rows:
            try:
                relay.send_messages([outbox_email(row)])
            except Exception as error:  # the outbox keeps the message whatever the relay does
                log.warning("SMTP relay failed for outbox message %s: %s", row.pk, error)
                outbox_mark_relayed(message_id=row.pk, error=str(error) or type(error).__name__)
            else:
                outbox_mark_relayed(message_id=row.pk, error="")
                relayed += 1
    finally:
        relay.close()
    return relayed


def outbox_email(row: OutboxMessage) -> EmailMultiAlternatives:
    """The email an outbox message is, as the relay hands it to SMTP: rendered as the outbox renders it (the model's
    `email`), with its addresses and its simulated date."""
    message = EmailMultiAlternatives(
        subject=row.subject,
        body=row.body,
        from_email=row.from_email,
        to=_addresses(row.to),
        cc=_addresses(row.cc),
        bcc=[r.address for r in row.recipients.all() if r.field == OutboxRecipient.Field.BCC],
        headers={"Date": format_datetime(row.sent_at), "X-Certlink-Template": row.template},
    )
    if row.html:
        message.attach_alternative(row.html, "text/html")
    return message


def _addresses(field: str) -> list[str]:
    return [formataddr(pair) for pair in getaddresses([field]) if pair[1]]
