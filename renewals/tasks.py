from __future__ import annotations

from datetime import datetime

from celery import shared_task

from renewals import reminders


@shared_task(name="renewals.tasks.reminders_sweep")
def reminders_sweep(at: str, batch: int = 500) -> int:
    """RN-8 at the simulated instant `at` (ISO): claim what is due, send it. Safe to run twice, and on several
    workers at once."""
    return reminders.reminders_run(datetime.fromisoformat(at), batch=batch)
