from __future__ import annotations

from datetime import datetime
from typing import Any

from celery import shared_task

from certlink import emails, queue


@shared_task(name="certlink.tasks.email_send")
def email_send(template: str, to: list[str], context: dict[str, Any], at: str) -> None:
    """Send one templated email dated `at` (an ISO instant in simulated time)."""
    emails.send(template=template, to=to, context=context, at=datetime.fromisoformat(at))


@shared_task(name="certlink.tasks.pending_run")
def pending_run(pending_id: int) -> bool:
    """Run a task recorded by certlink.queue.enqueue, once however often its message arrives."""
    return queue.run(pending_id)


@shared_task(name="certlink.tasks.pending_relay")
def pending_relay() -> int:
    """Beat: publish the recorded tasks the broker has not taken (it was down), see certlink.queue."""
    return queue.relay()
