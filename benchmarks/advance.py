"""Benchmark 5: advancing the simulated clock (SIM-1) over the whole world: the engine steps to every due moment and
runs the reminders (RN-8), the propagation (PC-9) and the refresh (PC-10) at each."""

from __future__ import annotations

from benchmarks.common import Result, report, timed
from certlink.clock import clock_advance_by
from certlink.models import OutboxMessage
from partners.models import PartnerCredit
from profiles.models import Account

LIMIT = 120.0  # seconds for a year


def advance(duration: str = "1y") -> Result:
    learners = Account.objects.filter(kind="msa").count()
    emails, credits = OutboxMessage.objects.count(), PartnerCredit.objects.count()
    seconds, result = timed(lambda: clock_advance_by(duration=duration))
    sent, arrived = OutboxMessage.objects.count() - emails, PartnerCredit.objects.count() - credits
    moments = len({step["at"] for step in result.steps})
    limit = LIMIT if duration == "1y" else None
    return report(
        Result(
            f"5. clock advanced {duration} over {learners:,} learners",
            f"{seconds:.0f} s ({sent:,} emails sent, {arrived:,} credits propagated, {moments} due moments)",
            f"the limit {LIMIT:.0f} s" if limit else "no limit (not a year)",
            seconds / LIMIT,
            "<= 1.00",
            seconds <= LIMIT,
        )
    )
