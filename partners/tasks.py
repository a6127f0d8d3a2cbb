from __future__ import annotations

from datetime import datetime

from celery import group, shared_task

from certlink.bulk import pk_chunks
from partners.services import credits
from profiles.models import CertificationHeld


@shared_task(name="partners.tasks.propagation_sweep")
def propagation_sweep(at: str, lo: int | None = None, hi: int | None = None) -> int:
    """PC-9 at the simulated instant `at` (ISO): the certifications held with ids in [lo, hi), or every credit due
    when no range is given. Safe to run twice, and on several workers at once."""
    return credits.propagation_run(datetime.fromisoformat(at), lo=lo, hi=hi)


@shared_task(name="partners.tasks.propagation_assessments")
def propagation_assessments(at: str) -> int:
    """PC-9 for Partner University assessments (a handful: no chunks)."""
    return credits.propagation_assessments_run(datetime.fromisoformat(at))


@shared_task(name="partners.tasks.propagation_fan_out")
def propagation_fan_out(at: str, chunk: int | None = None) -> int:
    """PC-9 shared out: one `propagation_sweep` per range of `chunk` certification held ids and one for the
    assessments, as a Celery group; returns how many chunks were sent."""
    ranges = list(pk_chunks(CertificationHeld.objects.all(), size=chunk or credits.CHUNK))
    group([propagation_assessments.s(at), *(propagation_sweep.s(at, lo, hi) for lo, hi in ranges)]).apply_async()
    return len(ranges)
