"""Writes of the simulation: advancing the clock (SIM-1) and keeping the outbox (SIM-2)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from email.utils import parseaddr
from typing import Any

from django.core.mail import EmailMessage
from django.db import transaction

from certlink import clock
from certlink.errors import Refusal
from certlink.timefmt import when
from profiles.models import Account
from sim import rules
from sim.models import Clock, ClockAdvance, OutboxMessage, OutboxRecipient


@dataclass
class AdvanceResult:
    from_instant: datetime
    to_instant: datetime
    steps: list[dict[str, Any]] = field(default_factory=list)

    @property
    def handled(self) -> int:
        return sum(step["handled"] for step in self.steps)


def clock_advance(*, to: datetime, by: Account | None = None) -> AdvanceResult:
    """Move the clock forward to `to`, stopping at each moment where registered work falls due (in time
    order) and running that work with the clock set to that moment, so each record carries its own time.

    One transaction with the clock row locked: two operators advancing at once take turns, and work that
    fails leaves the clock, and everything the advance did, as it was.
    """
    with transaction.atomic():
        row = Clock.objects.select_for_update().get(pk=Clock.objects.singleton().pk)
        rules.check_forward(now=row.instant, target=to)
        result = AdvanceResult(from_instant=row.instant, to_instant=to)
        _run_due(row, until=to, result=result)
        _move(row, to)
        ClockAdvance.objects.create(
            from_instant=result.from_instant, to_instant=to, requested_by=by, steps=result.steps
        )
    return result


def clock_advance_by(*, duration: str, by: Account | None = None) -> AdvanceResult:
    return clock_advance(to=rules.parse_duration(duration).after(clock.now()), by=by)


def clock_advance_to_next(*, by: Account | None = None) -> AdvanceResult:
    current = clock.now()
    due = next_due_after(current)
    if due is None:
        raise Refusal(
            "no_scheduled_event",
            f"Nothing is scheduled after {when(current)}. Advance by a duration or to a date instead.",
            now=current,
        )
    return clock_advance(to=due, by=by)


def clock_tick() -> int:
    """Run the work due at the clock's current instant (Celery beat calls this); safe to run twice."""
    with transaction.atomic():
        row = Clock.objects.select_for_update().get(pk=Clock.objects.singleton().pk)
        result = AdvanceResult(from_instant=row.instant, to_instant=row.instant)
        _run_due(row, until=row.instant, result=result)
    return result.handled


def next_due_after(instant: datetime) -> datetime | None:
    moments = [due for work in clock.registered() if (due := work.next_due()) is not None and due > instant]
    return min(moments, default=None)


def _run_due(row: Clock, *, until: datetime, result: AdvanceResult) -> None:
    start = row.instant
    seen: set[tuple[str, datetime]] = set()
    while True:
        pending = [(due, work) for work in clock.registered() if (due := work.next_due()) is not None]
        due_now = [(max(due, start), work) for due, work in pending if due <= until]
        if not due_now:
            return
        moment = min(at for at, _ in due_now)
        _move(row, moment)
        for at, work in due_now:
            if at != moment:
                continue
            if (work.name, moment) in seen:
                raise RuntimeError(f"Due work {work.name!r} left work pending at {moment} after running it.")
            seen.add((work.name, moment))
            result.steps.append({"at": moment.isoformat(), "work": work.name, "handled": work.run(moment)})


def _move(row: Clock, instant: datetime) -> None:
    if row.instant != instant:
        row.instant = instant
        row.save(update_fields=["instant"])


def clock_set(*, to: datetime) -> None:
    """Put the clock at `to` without running any work (tests and scenario set-up only)."""
    with transaction.atomic():
        row = Clock.objects.select_for_update().get(pk=Clock.objects.singleton().pk)
        _move(row, to)


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
                body=message.body,
                html=html,
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
