"""PC-9 shared among Celery workers: the clock engine (certlink.clock) sends a moment's propagation as a group of range
tasks when a real worker is configured. Thin: each calls the service; safe to run twice and on several workers."""

from __future__ import annotations

from datetime import datetime

from celery import group, shared_task

from certlink.bulk import pk_chunks
from partners.services import credits
from profiles.models import CertificationHeld


@shared_task(name="partners.tasks.propagation_range", ignore_result=False)
def propagation_range(since: str | None, until: str, lo: int, hi: int) -> int:
    """PC-9 at the simulated instant `until` (ISO) for the certifications held with ids in [lo, hi): with `since`,
    those that fell due in (since, until]; without, every one due."""
    at = datetime.fromisoformat(until)
    if since is None:
        return credits.propagation_run(at, lo=lo, hi=hi)
    return credits.propagation_run_after(datetime.fromisoformat(since), at, lo=lo, hi=hi)


@shared_task(name="partners.tasks.propagation_assessments", ignore_result=False)
def propagation_assessments(until: str) -> int:
    """PC-9 for Partner University assessments (a handful: no ranges)."""
    return credits.propagation_assessments_run(datetime.fromisoformat(until))


def propagation_fan_out(since: datetime | None, until: datetime, *, chunk: int | None = None) -> group:
    """A moment's PC-9 as a Celery group: the assessments, and one `propagation_range` per range of `chunk`
    certification held ids."""
    at, start = until.isoformat(), since.isoformat() if since else None
    ranges = pk_chunks(CertificationHeld.objects.all(), size=chunk or credits.CHUNK)
    return group([propagation_assessments.s(at), *(propagation_range.s(start, at, lo, hi) for lo, hi in ranges)])
