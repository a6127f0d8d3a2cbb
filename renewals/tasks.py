from __future__ import annotations

from datetime import datetime

from celery import group, shared_task
from django.conf import settings

from certlink.bulk import pk_chunks
from profiles.models import CertificationHeld
from renewals import reminders


@shared_task(name="renewals.tasks.reminders_sweep")
def reminders_sweep(at: str, batch: int = 500, lo: int | None = None, hi: int | None = None) -> int:
    """RN-8 at the simulated instant `at` (ISO): claim what is due (for held ids in [lo, hi) when given), send it.
    Safe to run twice, and on several workers at once."""
    instant = datetime.fromisoformat(at)
    reminders.reminders_claim(at=instant, lo=lo, hi=hi)
    return reminders.reminders_send(at=instant, batch=batch)


@shared_task(name="renewals.tasks.reminders_fan_out")
def reminders_fan_out(at: str, chunk: int | None = None, batch: int = 500) -> int:
    """RN-8 shared out: one `reminders_sweep` per range of `chunk` certification held ids, as a Celery group that
    any number of workers take from; returns how many chunks were sent."""
    ranges = list(pk_chunks(CertificationHeld.objects.all(), size=chunk or settings.REMINDER_SWEEP_CHUNK))
    if ranges:
        group(reminders_sweep.s(at, batch, lo, hi) for lo, hi in ranges).apply_async()
    return len(ranges)
