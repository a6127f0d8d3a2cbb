"""Writes of the simulation: advancing the clock (SIM-1) and keeping the outbox (SIM-2)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from email.utils import parseaddr
from typing import Any

from django.conf import settings
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
        rules.check_advance(now=row.instant, target=to, longest=settings.CLOCK_MAX_ADVANCE)
        result = AdvanceResult(from_instant=row.instant, to_instant=to)
        _run_due(row, until=to, result=result)
        _move(row, to)
        ClockAdvance.objects.create(
            from_instant=result.from_instant, to_instant=to, requested_by=by, steps=result.steps
        )
    return result


def clock_advance_by(*, duration: str, by: Account | None = None) -> AdvanceResult:
    length = rules.parse_duration(duration)
    rules.check_duration(length, text=duration)
    return clock_advance(to=length.after(clock.now()), by=by)


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
    """Run every registered work due at or before `until`, each at its own moment, in time order.

    A pass asks each work for its next due moment (`next_due()`, overdue work at the current instant), then follows
    the moments the work lists ahead (`DueWork.moments`) instead of asking again after every step; a work without
    that list is asked again after each of its runs. When a pass is through, the next pass asks everyone again; it
    finds nothing unless a shortcut missed something. A work still pending at a moment it was fully run at is a bug
    in that work, reported rather than looped."""
    full_runs: set[tuple[str, datetime]] = set()
    while True:
        queue = _due_by_work(row, until=until, full_runs=full_runs)
        if not queue:
            return
        _follow(row, queue, until=until, full_runs=full_runs, result=result)


def _due_by_work(row: Clock, *, until: datetime, full_runs: set) -> dict[str, list[datetime]]:
    queue: dict[str, list[datetime]] = {}
    for work in clock.registered():
        due = work.next_due()
        if due is None or due > until:
            continue
        first = max(due, row.instant)
        if (work.name, first) in full_runs:
            raise RuntimeError(f"Due work {work.name!r} left work pending at {first} after running it.")
        ahead = work.moments(first, until) if work.moments is not None else []
        queue[work.name] = sorted({first, *(m for m in ahead if first < m <= until)}, reverse=True)
    return queue


def _follow(row: Clock, queue: dict[str, list[datetime]], *, until: datetime, full_runs: set, result) -> None:
    works = {work.name: work for work in clock.registered()}
    last_run: dict[str, datetime] = {}
    while queue:
        moment = min(moments[-1] for moments in queue.values())
        _move(row, moment)
        for name in [name for name, moments in queue.items() if moments[-1] == moment]:
            work = works[name]
            queue[name].pop()
            if name in last_run and work.run_after is not None:
                handled = work.run_after(last_run[name], moment)
            else:
                handled = work.run(moment)
                full_runs.add((name, moment))
            last_run[name] = moment
            if handled or work.moments is None:
                result.steps.append({"at": moment.isoformat(), "work": name, "handled": handled})
            if work.moments is None:  # no list ahead: ask again
                due = work.next_due()
                if due is not None and due <= moment:
                    raise RuntimeError(f"Due work {name!r} left work pending at {moment} after running it.")
                if due is not None and due <= until:
                    queue[name].append(due)
            if not queue[name]:
                del queue[name]


def _move(row: Clock, instant: datetime) -> None:
    if row.instant != instant:
        row.instant = instant
        row.save(update_fields=["instant"])
        clock.moved()


def clock_set(*, to: datetime) -> None:
    """Put the clock at `to` without running any work (tests and scenario set-up only)."""
    with transaction.atomic():
        row = Clock.objects.select_for_update().get(pk=Clock.objects.singleton().pk)
        _move(row, to)


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
