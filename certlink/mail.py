"""The default email backend (SIM-2): every message is kept in the outbox, stamped with its simulated time.

An email carries the simulated moment it was due: the message's own Date header when the sender set one
(certlink.emails.send does), otherwise the clock's instant. With EMAIL_RELAY_URL set, each message is also
relayed to that SMTP server; a relay failure is recorded on the message and never loses it.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from email.utils import format_datetime, parsedate_to_datetime
from urllib.parse import parse_qs, unquote, urlsplit

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.backends.smtp import EmailBackend as SmtpBackend
from django.db import transaction

from certlink import clock

log = logging.getLogger(__name__)


class OutboxBackend(BaseEmailBackend):
    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        from sim.services import outbox_store_many

        dated = []
        for message in email_messages:
            sent_at = message_date(message)
            message.extra_headers["Date"] = format_datetime(sent_at)
            dated.append((message, html_part(message), sent_at))
        with transaction.atomic():
            stored = outbox_store_many(dated)  # a few queries for the whole batch
        relay = smtp_relay()
        if relay is not None:
            relay_messages(relay, list(email_messages), stored)
        return len(stored)


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


def relay_messages(relay: SmtpBackend, messages: list[EmailMessage], stored: list) -> None:
    from sim.services import outbox_mark_relayed

    for message, row in zip(messages, stored, strict=True):
        try:
            relay.send_messages([message])
        except Exception as error:  # the outbox keeps the message whatever the relay does
            log.warning("SMTP relay failed for outbox message %s: %s", row.pk, error)
            outbox_mark_relayed(message_id=row.pk, error=str(error))
        else:
            outbox_mark_relayed(message_id=row.pk, error="")
