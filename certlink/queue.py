"""Durable enqueueing (a transactional outbox): work a request asks for survives the broker being down.

`enqueue(task, *args)` records the task in the caller's transaction (certlink.models.PendingTask) and publishes it
when that transaction commits. If Redis cannot be reached the page still answers and the row waits: the relay
(`relay()`, run by beat every QUEUE_RELAY_SECONDS and by `manage.py queue_relay`) publishes it once the broker answers
again. The message carries only the row's id; the worker runs the task and deletes the row in one transaction
(`run()`), so a task published twice (by the relay after a lost message, or by two relays) still runs once.

Publishing fails fast: one connection attempt, and after a failure this process skips the broker for
QUEUE_BROKER_BACKOFF_SECONDS, so that during an outage at most one request per process and per backoff waits on the
broker. Times here are the machine's, not the simulation's (certlink.clock): they pace retries against a real
broker."""

from __future__ import annotations

import logging
import time
from datetime import UTC, datetime, timedelta
from typing import Any

from celery import Task
from django.conf import settings
from django.db import transaction
from django.db.models import F, Q

from certlink.models import PendingTask

log = logging.getLogger(__name__)

_broker_down_until = 0.0  # time.monotonic() before which this process does not try the broker again


def enqueue(task: Task, *args: Any, **kwargs: Any) -> PendingTask:
    """Run `task(*args, **kwargs)` once the surrounding transaction commits (never if it rolls back), at least once
    whatever the broker does, and its database work exactly once."""
    row = PendingTask.objects.create(task=task.name, args=list(args), kwargs=kwargs, created_at=_machine_now())
    transaction.on_commit(lambda: publish(row.pk))
    return row


def publish(pk: int) -> bool:
    """Hand the pending task `pk` to the broker; False (the row stays for the relay) if the broker can't be reached."""
    from certlink.tasks import pending_run

    global _broker_down_until
    if pending_run.app.conf.task_always_eager:
        pending_run.apply_async((pk,))  # embedded: runs here and now, and its errors are the caller's
        return True
    if time.monotonic() < _broker_down_until:
        return False
    try:
        pending_run.apply_async((pk,), retry=False)
    except Exception as error:  # whatever the broker's failure, the row is safe: the relay publishes it later
        _broker_down_until = time.monotonic() + settings.QUEUE_BROKER_BACKOFF_SECONDS
        log.warning("The broker is unreachable; pending task %s waits for the relay: %s", pk, error)
        return False
    PendingTask.objects.filter(pk=pk).update(published_at=_machine_now(), attempts=F("attempts") + 1)
    return True


def run(pk: int) -> bool:
    """Run the pending task `pk` and delete it, in one transaction; False if it is gone (run already) or being run
    by another worker. A task that raises stays pending, for the relay to publish again."""
    from certlink import celery_app

    with transaction.atomic():
        row = PendingTask.objects.select_for_update(skip_locked=True).filter(pk=pk).first()
        if row is None:
            return False
        celery_app.tasks[row.task].run(*row.args, **row.kwargs)
        PendingTask.objects.filter(pk=pk).delete()
    return True


def relay(*, limit: int = 1000) -> int:
    """Publish the pending tasks the broker never took, and those published QUEUE_REPUBLISH_AFTER_SECONDS ago that no
    worker has run (a message lost with a broker that restarted empty); returns how many were published. Stops at
    the first failure: the broker is still away."""
    global _broker_down_until
    _broker_down_until = 0.0  # the relay's own attempt decides
    stale = _machine_now() - timedelta(seconds=settings.QUEUE_REPUBLISH_AFTER_SECONDS)
    due = PendingTask.objects.filter(Q(published_at__isnull=True) | Q(published_at__lt=stale))
    published = 0
    for pk in due.filter(attempts__lt=settings.QUEUE_MAX_ATTEMPTS).order_by("id").values_list("pk", flat=True)[:limit]:
        if not publish(pk):
            break
        published += 1
    return published


def _machine_now() -> datetime:
    return datetime.now(UTC)
