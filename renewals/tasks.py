"""RN-8 shared among Celery workers: the clock engine (certlink.clock) sends a moment's reminders as a group of range
tasks when a real worker is configured. Thin: each calls the service; safe to run twice and on several workers."""

from __future__ import annotations

from datetime import datetime

from celery import group, shared_task
from django.conf import settings

from certlink.bulk import pk_chunks
from profiles.models import CertificationHeld
from renewals import reminders


@shared_task(name="renewals.tasks.reminders_range", ignore_result=False)
def reminders_range(since: str | None, until: str, lo: int, hi: int, batch: int | None = None) -> int:
    """RN-8 at the simulated instant `until` (ISO) for the certifications held with ids in [lo, hi)."""
    return reminders.reminders_range(
        since=datetime.fromisoformat(since) if since else None,
        until=datetime.fromisoformat(until),
        lo=lo,
        hi=hi,
        batch=batch,
    )


def reminders_fan_out(
    since: datetime | None, until: datetime, *, chunk: int | None = None, batch: int | None = None
) -> group:
    """A moment's RN-8 as a Celery group: one `reminders_range` per range of `chunk` certification held ids."""
    ranges = pk_chunks(CertificationHeld.objects.all(), size=chunk or settings.REMINDER_SWEEP_CHUNK)
    start = since.isoformat() if since else None
    return group(reminders_range.s(start, until.isoformat(), lo, hi, batch) for lo, hi in ranges)
