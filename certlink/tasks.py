from __future__ import annotations

from datetime import datetime
from typing import Any

from celery import shared_task

from certlink import emails


@shared_task(name="certlink.tasks.email_send")
def email_send(template: str, to: list[str], context: dict[str, Any], at: str) -> None:
    """Send one templated email dated `at` (an ISO instant in simulated time)."""
    emails.send(template=template, to=to, context=context, at=datetime.fromisoformat(at))
