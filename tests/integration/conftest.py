"""Integration tests start real processes against the machine's real services (Redis, PostgreSQL).

Under pytest-xdist each test process (gw0, gw1, ...) has its own test database (pytest-django's suffix) and its own
Redis database: the one REDIS_URL names plus the worker's number, so the Celery workers one test process starts never
take the tasks of another's (each test's queue has a name of its own besides). The fault tests start Redis servers of
their own on free ports. Every test of this folder runs on one xdist worker (`xdist_group`), one after another: they
start real processes and wait on them in real time, and two cores do not run two such tests at once reliably."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.db import connection

from certlink import celery_app

ROOT = Path(__file__).resolve().parents[2]


def worker_redis_url(url: str, worker: str | None) -> str:
    """`url` with its database number moved on by the xdist worker's number (gw1: one more), unchanged without
    xdist. Redis has 16 databases (0-15) by default."""
    if not worker or not worker.startswith("gw"):
        return url
    parts = urlsplit(url)
    base = int(parts.path.strip("/") or 0)
    db = base + int(worker[2:])
    if db > 15:
        raise pytest.UsageError(f"REDIS_URL's database {base} plus xdist worker {worker} is past Redis's 16 databases")
    return parts._replace(path=f"/{db}").geturl()


XDIST_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
REDIS_URL = worker_redis_url(os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0", XDIST_WORKER)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Real processes waited on in real time: every test of this folder on one xdist worker, in turn (with
    `--dist loadgroup`, which `make test` uses)."""
    here = Path(__file__).parent
    for item in items:
        if here in item.path.parents:
            item.add_marker(pytest.mark.xdist_group("integration"))


def redis_answers() -> bool:
    parts = urlsplit(REDIS_URL)
    try:
        with socket.create_connection((parts.hostname or "127.0.0.1", parts.port or 6379), timeout=1) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


requires_redis = pytest.mark.skipif(not redis_answers(), reason=f"needs Redis answering at {REDIS_URL}")


def requires_postgres() -> None:
    if connection.vendor != "postgresql":
        pytest.skip(
            "needs PostgreSQL (DATABASE_URL=postgres://...): a worker process shares the test database, "
            "which SQLite keeps in this process's memory"
        )


def test_database_url() -> str:
    s = connection.settings_dict
    auth = s["USER"] + (f":{s['PASSWORD']}" if s["PASSWORD"] else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


@pytest.fixture
def broker_queue() -> Iterator[str]:
    """Send certlink's tasks through Redis, to a queue of this test's own, instead of running them eagerly."""
    queue = f"certlink-test-{XDIST_WORKER or 'main'}-{uuid.uuid4().hex[:8]}"
    conf = celery_app.conf
    saved = (conf.task_always_eager, conf.broker_url, conf.task_default_queue)
    conf.task_always_eager, conf.broker_url, conf.task_default_queue = False, REDIS_URL, queue
    _forget_routing()
    try:
        yield queue
    finally:
        conf.task_always_eager, conf.broker_url, conf.task_default_queue = saved
        _forget_routing()


def _forget_routing() -> None:
    for cached in ("router", "queues", "default_queue", "producer_pool"):
        celery_app.amqp.__dict__.pop(cached, None)
    celery_app.__dict__.pop("pool", None)
    celery_app._pool = None
    celery_app.amqp._producer_pool = None  # bound to the broker it was made for


@pytest.fixture
def start_worker(broker_queue: str) -> Iterator[Callable[[], subprocess.Popen[bytes]]]:
    """Start real `celery worker` processes on the test's queue and the test database; stop them after."""
    workers: list[subprocess.Popen[bytes]] = []

    def start(name: str = "w1") -> subprocess.Popen[bytes]:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "certlink.settings.test",
            "DATABASE_URL": test_database_url(),
            "REDIS_URL": REDIS_URL,
            "CELERY_BROKER_URL": REDIS_URL,
            "CELERY_TASK_ALWAYS_EAGER": "0",
            "CELERY_TASK_DEFAULT_QUEUE": broker_queue,  # what the worker sends (a sweep's chunks) comes back to it
        }
        worker = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "certlink",
                "worker",
                "--pool=solo",
                "-Q",
                broker_queue,
                "-n",
                f"{name}-{broker_queue}@%h",
                "--without-gossip",
                "--without-mingle",
                "-l",
                "WARNING",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        workers.append(worker)
        return worker

    yield start
    for worker in workers:
        worker.terminate()
    for worker in workers:
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()


def wait_for(check: Callable[[], bool], seconds: float = 60, what: str = "the condition") -> None:
    """Poll real time while a real worker works (the simulated clock is not involved)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.2)
    raise AssertionError(f"Timed out after {seconds}s waiting for {what}")


@pytest.fixture
def results_in_redis(broker_queue: str):  # type: ignore[no-untyped-def]
    """The engine waits for its group's results: they go through Redis, as in the full stack."""
    conf = celery_app.conf
    saved = conf.result_backend
    conf.result_backend = REDIS_URL
    celery_app._local.__dict__.pop("backend", None)
    yield
    conf.result_backend = saved
    celery_app._local.__dict__.pop("backend", None)
