from __future__ import annotations

from celery import shared_task

from certlink import mail


@shared_task(name="certlink.tasks.outbox_relay")
def outbox_relay() -> int:
    """Beat: relay the outbox's unrelayed emails to EMAIL_RELAY_URL (SIM-2); a run that fails is retried next time."""
    return mail.outbox_relay()
