"""Reads of the simulation: the outbox a person may see, and what is scheduled."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q, QuerySet

from certlink import clock
from profiles.models import Account
from sim.models import ClockAdvance, OutboxMessage, OutboxRecipient


def outbox_addresses_for(account: Account) -> set[str]:
    """The addresses whose mail `account` may read in the outbox (SIM-2)."""
    return {account.email.lower()}


def sent_to(addresses: Iterable[str]) -> Q:
    """The messages that went to any of `addresses` (lower-cased): through their recipients, or, for a mail merge's
    message, its `sole_recipient`. One id list of two index reads, so that a person's few messages are found without
    walking the outbox."""
    addresses = sorted(addresses)
    merged = OutboxMessage.objects.filter(sole_recipient__in=addresses).order_by().values("pk")
    listed = OutboxRecipient.objects.filter(address__in=addresses).order_by().values("message_id")
    return Q(pk__in=merged.union(listed))


def outbox_for(*, account: Account, address: str = "") -> QuerySet[OutboxMessage]:
    """Operators read every message (or one address's); anyone else only what went to their addresses."""
    messages = OutboxMessage.objects.all()
    if account.is_operator:
        if address:
            messages = messages.filter(sent_to([address.strip().lower()]))
    else:
        messages = messages.filter(sent_to(outbox_addresses_for(account)))
    return messages.select_related("letter").order_by("-sent_at", "-id")


@dataclass(frozen=True)
class ScheduledWork:
    name: str
    label: str
    next_due: datetime | None


def scheduled_work() -> list[ScheduledWork]:
    return sorted(
        (ScheduledWork(work.name, work.label, work.next_due()) for work in clock.registered()),
        key=lambda item: (item.next_due is None, item.next_due or datetime.max.replace(tzinfo=None), item.name),
    )


def recent_advances(limit: int = 10) -> QuerySet[ClockAdvance]:
    return ClockAdvance.objects.select_related("requested_by").order_by("-id")[:limit]
