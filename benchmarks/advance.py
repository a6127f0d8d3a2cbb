"""Benchmark 4: one simulated year over the whole world (SIM-1): the engine steps to every due moment and runs the
reminders (RN-8), the propagation (PC-9) and the refresh (PC-10) at each, every email kept in the outbox.

Run three ways, each on a fresh copy of the same world (PostgreSQL's `CREATE DATABASE ... TEMPLATE`):
- in this process alone, as the embedded default does (Celery eager);
- with real Celery workers on Redis, one and then two: the engine sends each moment's reminders and propagation to
  them as a group of range tasks and waits for it before committing the moment (certlink.clock, `fan_out`)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import urlsplit, urlunsplit

from benchmarks.common import Result, report, timed

LIMIT = 120.0  # seconds for a year
BROKER = os.environ.get("BENCH_BROKER_URL", "redis://127.0.0.1:6379/9")  # as benchmarks.run


def advance(duration: str, *, url: str, workers: int) -> Result:
    """Advance a fresh copy of the bench world by `duration`, with `workers` Celery workers (0: this process)."""
    from django.db import connection

    from certlink.clock import clock_advance_by
    from certlink.models import OutboxMessage
    from partners.models import PartnerCredit
    from profiles.models import Account

    copy = _copy(url)
    with _using(copy), _workers(copy, workers):
        learners = Account.objects.filter(kind="msa").count()
        emails, credits = OutboxMessage.objects.count(), PartnerCredit.objects.count()
        seconds, result = timed(lambda: clock_advance_by(duration=duration))
        sent, arrived = OutboxMessage.objects.count() - emails, PartnerCredit.objects.count() - credits
        connection.close()
    how = "in one process (eager)" if not workers else f"with {workers} Celery worker{'s' if workers > 1 else ''}"
    limit = LIMIT if duration == "1y" else None
    return report(
        Result(
            f"4. clock advanced {duration} over {learners:,} learners {how}",
            f"{seconds:.0f} s ({sent:,} emails sent, {arrived:,} credits propagated, {result.moments} moments)",
            f"the limit {LIMIT:.0f} s" if limit else "no limit (not a year)",
            seconds / LIMIT,
            "<= 1.00",
            seconds <= LIMIT,
        )
    )


def _copy(url: str) -> str:
    """A fresh copy of the bench database (the advance changes the world for good), its URL."""
    import psycopg
    from django.db import connections

    connections.close_all()  # a template must have no other connection
    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    copy = f"{name}_advance"
    with psycopg.connect(urlunsplit(parts._replace(path="/postgres")), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{copy}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{copy}" TEMPLATE "{name}"')
    return urlunsplit(parts._replace(path=f"/{copy}"))


@contextmanager
def _using(url: str) -> Iterator[None]:
    """Point the default connection at `url` for the block."""
    from django.db import connections

    settings_dict = connections["default"].settings_dict
    saved = settings_dict["NAME"]
    connections.close_all()
    settings_dict["NAME"] = urlsplit(url).path.lstrip("/")
    try:
        yield
    finally:
        connections.close_all()
        settings_dict["NAME"] = saved


@contextmanager
def _workers(url: str, count: int) -> Iterator[None]:
    """`count` Celery worker processes on the copy (one process each), and this process sending to them."""
    if not count:
        yield
        return
    from certlink.celery import app

    queue = f"bench-{os.getpid()}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "benchmarks.settings",
        "DATABASE_URL": url,
        "CELERY_BROKER_URL": BROKER,
        "CELERY_RESULT_BACKEND": BROKER,
        "CELERY_TASK_ALWAYS_EAGER": "0",
    }
    command = [sys.executable, "-m", "celery", "-A", "certlink", "worker", "--pool=solo", "-Q", queue]
    flags = ["--without-gossip", "--without-mingle", "--without-heartbeat", "-l", "WARNING"]
    processes = [subprocess.Popen([*command, "-n", f"bench{i}-{queue}@%h", *flags], env=env) for i in range(count)]
    # The broker and the result backend were configured from the start (benchmarks.run sets them before Django).
    saved = {key: app.conf[key] for key in ("task_always_eager", "task_default_queue")}
    app.conf.update(task_always_eager=False, task_default_queue=queue)
    try:
        time.sleep(5)  # the workers connect to the broker
        yield
    finally:
        app.conf.update(saved)
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=30)
