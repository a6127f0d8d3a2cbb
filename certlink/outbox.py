"""Keeping the outbox (SIM-2): the writes of certlink.models.OutboxMessage and its recipients, for the email backend
(certlink.mail). RN-8's sweep writes its messages set-based (renewals.reminders)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from email.utils import parseaddr
from typing import Any

from certlink.models import OutboxMessage, OutboxRecipient


@dataclass(frozen=True)
class Outgoing:
    """An email to keep in the outbox: its template and context (certlink.emails), its addresses and its date."""

    sent_at: datetime
    from_email: str
    to: list[str]
    template: str
    context: dict[str, Any]
    language: str = ""
    cc: list[str] = field(default_factory=list)
    bcc: list[str] = field(default_factory=list)


def outbox_store_many(messages: list[Outgoing]) -> list[OutboxMessage]:
    """Keep a batch of emails in the outbox, each with a recipient row per address: two inserts for the whole batch."""
    rows = OutboxMessage.objects.bulk_create(
        [
            OutboxMessage(
                sent_at=message.sent_at,
                from_email=message.from_email,
                to=", ".join(message.to),
                cc=", ".join(message.cc),
                template=message.template,
                context=message.context,
                language=message.language,
            )
            for message in messages
        ]
    )
    recipients = []
    for row, message in zip(rows, messages, strict=True):
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
