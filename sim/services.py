"""Writes of the simulation: keeping the outbox (SIM-2). The clock (SIM-1) is certlink.clock."""

from __future__ import annotations

from datetime import datetime
from email.utils import parseaddr

from django.core.mail import EmailMessage

from sim.models import OutboxMessage, OutboxRecipient


def outbox_store_many(messages: list[tuple[EmailMessage, str, datetime]]) -> list[OutboxMessage]:
    """Keep a batch of (message, html, sent_at) in the outbox: two inserts for the whole batch."""
    rows = OutboxMessage.objects.bulk_create(
        [
            OutboxMessage(
                sent_at=sent_at,
                from_email=message.from_email,
                to=", ".join(message.to),
                cc=", ".join(message.cc),
                subject=message.subject,
                stored_body=message.body,
                stored_html=html,
                template=message.extra_headers.get("X-Certlink-Template", ""),
            )
            for message, html, sent_at in messages
        ]
    )
    recipients = []
    for row, (message, _, _) in zip(rows, messages, strict=True):
        addresses = {
            (parseaddr(address)[1].lower(), kind)
            for kind, group in (("to", message.to), ("cc", message.cc), ("bcc", message.bcc))
            for address in group
        }
        recipients += [OutboxRecipient(message=row, address=a, field=kind) for a, kind in sorted(addresses)]
    OutboxRecipient.objects.bulk_create(recipients)
    return rows


def outbox_mark_relayed(*, message_id: int, error: str) -> None:
    OutboxMessage.objects.filter(pk=message_id).update(relayed=not error, relay_error=error)
