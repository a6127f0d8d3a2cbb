"""Reads of the simulation: the outbox a person may see, and what is scheduled."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import QuerySet

from certlink import clock
from profiles.models import Account
from sim.models import ClockAdvance, OutboxMessage


def outbox_addresses_for(account: Account) -> set[str]:
    """The addresses whose mail `account` may read in the outbox (SIM-2)."""
    return {account.email.lower()}


def outbox_for(*, account: Account, address: str = "") -> QuerySet[OutboxMessage]:
    """Operators read every message (or one address's); anyone else only what went to their addresses."""
    messages = OutboxMessage.objects.all()
    if account.is_operator:
        if address:
            messages = messages.filter(recipients__address=address.strip().lower())
    else:
        messages = messages.filter(recipients__address__in=outbox_addresses_for(account))
    return messages.distinct().select_related("letter").order_by("-sent_at", "-id")


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
