"""Faults, with real processes on PostgreSQL and Redis: a worker killed in the middle of a fanned-out sweep (RN-8,
PC-9), Redis down while learners use the site (SIM-2's emails: outbox rows committed with the request, relayed by
beat when it runs again), and the database lost in the middle of a request
(CP-4's merge). Each email and each credit happens once, no work asked for is lost, and no half-done change stays.

The brokers here are Redis servers of the test's own, on free ports, which it stops and starts (never the machine's
Redis on 6379); the workers and beat are real `celery` processes on the test database."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import psycopg
import pytest
from django.core.handlers.exception import convert_exception_to_response
from django.db import OperationalError, connection
from django.db.models import Count
from django.test import Client, RequestFactory
from rest_framework.test import APIClient

from certlink import celery_app, clock
from certlink.dbfaults import DatabaseUnavailableMiddleware
from certlink.mail import outbox_relay
from certlink.models import OutboxMessage
from partners.models import McidLink, PartnerCredit
from partners.services.credits import pending_certifications
from partners.tasks import propagation_fan_out
from profiles import services
from profiles.models import Account, AuditEntry, CertificationProfile, ExamResult, SupportRequest
from renewals.catalog import catalog_load
from renewals.models import RenewalReminder
from renewals.reminders import _claimable
from renewals.tasks import reminders_fan_out
from sim.population import PopulationSpec, population_create
from tests.factories import PASSWORD, AccountFactory, CertificationProfileFactory, ExamResultFactory
from tests.integration.conftest import ROOT, _forget_routing, requires_postgres, wait_for
from tests.integration.conftest import test_database_url as database_url
from tests.smtp_sink import smtp_sink

pytestmark = pytest.mark.integration

VISIBILITY = 3  # seconds before Redis gives an unacknowledged message to another worker (30 minutes in production)
CHUNK = 150  # certification held ids per sweep task: about ten tasks for this world


# --- Processes of the test's own: Redis, Celery workers, beat


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class RedisServer:
    """A throwaway redis-server on a free port, without persistence: stopping it loses what it held."""

    def __init__(self, directory: Path) -> None:
        self.port, self.directory = free_port(), directory
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            cwd=self.directory,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for(self.answers, seconds=10, what=f"redis-server on port {self.port}")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None

    def answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=1) as sock:
                sock.sendall(b"PING\r\n")
                return sock.recv(16).startswith(b"+PONG")
        except OSError:
            return False


@pytest.fixture
def redis_server(tmp_path: Path) -> Iterator[RedisServer]:
    requires_postgres()
    if shutil.which("redis-server") is None:
        pytest.skip("needs redis-server (Debian's redis-server package) to start a Redis of the test's own")
    server = RedisServer(tmp_path)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def broker(redis_server: RedisServer) -> Iterator[str]:
    """certlink's tasks go through the test's Redis, to a queue of the test's own, instead of running eagerly."""
    requires_postgres()
    queue = f"certlink-faults-{uuid.uuid4().hex[:8]}"
    conf = celery_app.conf
    saved = (conf.task_always_eager, conf.broker_url, conf.task_default_queue)
    conf.task_always_eager, conf.broker_url, conf.task_default_queue = False, redis_server.url, queue
    _forget_routing()
    yield queue
    conf.task_always_eager, conf.broker_url, conf.task_default_queue = saved
    _forget_routing()


class Processes:
    """Celery workers and beat on the test's queue, broker and database; all stopped after the test."""

    def __init__(self, queue: str, redis: RedisServer, directory: Path) -> None:
        self.queue, self.redis, self.directory = queue, redis, directory
        self.started: list[subprocess.Popen[bytes]] = []
        self.email_relay_url = ""  # the SMTP server the workers relay the outbox to; none unless a test sets one

    def worker(self, name: str, *, pool: str = "solo") -> subprocess.Popen[bytes]:
        return self._start(
            "worker",
            f"--pool={pool}",
            "--concurrency=1",
            "-Q",
            self.queue,
            "-n",
            f"{name}-{self.queue}@%h",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
        )

    def beat(self) -> subprocess.Popen[bytes]:
        return self._start("beat", "--schedule", str(self.directory / "beat-schedule"))

    def _start(self, *args: str) -> subprocess.Popen[bytes]:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "certlink.settings.test",
            "DATABASE_URL": database_url(),
            "REDIS_URL": self.redis.url,
            "CELERY_BROKER_URL": self.redis.url,
            "CELERY_TASK_ALWAYS_EAGER": "0",
            "CELERY_TASK_DEFAULT_QUEUE": self.queue,
            "CELERY_VISIBILITY_TIMEOUT": str(VISIBILITY),
            "CERTLINK_TEST_EMAIL_RELAY_URL": self.email_relay_url,
            "EMAIL_RELAY_SECONDS": "1",
            "CLOCK_TICK_SECONDS": "3600",  # the world's due work runs only when a test says so
        }
        process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "certlink", *args, "-l", "WARNING"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self.started.append(process)
        return process

    def stop_all(self) -> None:
        for process in self.started:
            if process.poll() is None:
                process.terminate()
        for process in self.started:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()


@pytest.fixture
def processes(broker: str, redis_server: RedisServer, tmp_path: Path) -> Iterator[Processes]:
    started = Processes(broker, redis_server, tmp_path)
    yield started
    while Blocker.made:  # first, so that no worker waits on a test's row while it is asked to stop
        Blocker.made.pop().release()
    started.stop_all()


def pool_process_of(worker: subprocess.Popen[bytes]) -> int:
    """The one pool process of a prefork worker started with --concurrency=1."""

    def children() -> list[int]:
        found = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue  # a process that ended meanwhile
            if int(fields[1]) == worker.pid:
                found.append(int(stat.parent.name))
        return found

    (child,) = children()
    return child


# --- Blocking a sweep in its middle, from a connection of the test's own


class Blocker:
    """A row inserted and left uncommitted in a transaction of its own: the sweep chunk that inserts the same row
    (ON CONFLICT) waits for this transaction, so a worker stops in the middle of that chunk, after the chunks before
    it committed. `release()` rolls it back and the chunk, run again, inserts the row itself."""

    made: list[Blocker] = []  # released after each test, whatever happened

    def __init__(self, insert: Callable[[], object]) -> None:
        Blocker.made.append(self)
        self._insert, self._release = insert, threading.Event()
        self._ready, self.pid = threading.Event(), 0
        self._thread = threading.Thread(target=self._hold, daemon=True)
        self._thread.start()
        assert self._ready.wait(30), "the blocking row was not inserted"

    def _hold(self) -> None:
        from django.db import transaction

        try:
            with transaction.atomic():
                self._insert()
                self.pid = connection.connection.info.backend_pid
                self._ready.set()
                self._release.wait(120)
                transaction.set_rollback(True)
        finally:
            connection.close()

    def blocked_backend(self, seconds: float = 60) -> int:
        """The backend of a worker waiting for this row: a worker is in the middle of a chunk."""
        found: list[int] = []

        def waiting() -> bool:
            found[:] = [
                pid
                for (pid,) in _sql("SELECT pid FROM pg_stat_activity WHERE %s = ANY(pg_blocking_pids(pid))", self.pid)
            ]
            return bool(found)

        wait_for(waiting, seconds=seconds, what="a worker to reach the blocked chunk")
        return found[0]

    def release(self) -> None:
        self._release.set()
        self._thread.join(30)


def _sql(statement: str, *params: object) -> list[tuple]:
    with psycopg.connect(database_url(), autocommit=True) as conn:
        return conn.execute(statement, params).fetchall()


def backend_gone(pid: int) -> bool:
    return not _sql("SELECT 1 FROM pg_stat_activity WHERE pid = %s", pid)


def kill(pid: int) -> None:
    os.kill(pid, signal.SIGKILL)


# --- 1. A worker killed in the middle of a fanned-out sweep


@pytest.fixture
def world(db: None) -> None:
    requires_postgres()
    catalog_load()
    population_create(spec=PopulationSpec(learners=120, orgs=3, seed=11), now=clock.now())


def middle(rows: list) -> object:
    return sorted(rows, key=lambda row: row[0])[len(rows) // 2]


def reminder_blocker(now) -> Blocker:  # type: ignore[no-untyped-def]
    held, cycle, number, due, to = middle(
        list(_claimable(now).values_list("pk", "cycle", "reminder", "due", "to_email"))
    )
    return Blocker(lambda: RenewalReminder.objects.create(held_id=held, cycle=cycle, number=number, due_at=due, to=to))


def credit_blocker(now) -> Blocker:  # type: ignore[no-untyped-def]
    held, cycle, link = middle(
        list(pending_certifications().filter(due__lte=now).values_list("pk", "cycle", "link_id"))
    )
    live = McidLink.objects.get(pk=link)
    return Blocker(
        lambda: PartnerCredit.objects.create(
            organization_id=live.organization_id,
            partner_user_id=live.partner_user_id,
            link=live,
            held_id=held,
            cycle=cycle,
            kind="certification",
            activity_id="blocker",
            title="Blocker",
            work_email="b@example.com",
            completed_at=now,
            due_at=now,
            arrived_at=now,
        )
    )


def sent() -> int:
    return RenewalReminder.objects.filter(sent_at__isnull=False).count()


@pytest.mark.django_db(transaction=True)
def test_rn8_pc9_workers_killed_mid_sweep_and_restarted_send_each_email_and_credit_once(world, processes) -> None:  # type: ignore[no-untyped-def]
    """RN-8 "no email is ever sent twice" and PC-9 once per link and cycle, through two kills: a whole worker
    (SIGKILL: its message comes back after the visibility timeout) and a prefork worker's pool process (SIGKILL: the
    worker rejects the message back to the queue at once, task_reject_on_worker_lost)."""
    now = clock.now()
    reminders_due, credits_due = _claimable(now).count(), pending_certifications().filter(due__lte=now).count()
    assert reminders_due > 50 and credits_due > 50
    reminders_stop, credits_stop = reminder_blocker(now), credit_blocker(now)
    reminders_fan_out(None, now, chunk=CHUNK, batch=20).apply_async()
    propagation_fan_out(None, now, chunk=CHUNK).apply_async()

    first = processes.worker("w1")
    orphan = reminders_stop.blocked_backend()  # w1 is claiming a middle chunk's reminders
    assert 0 < sent() < reminders_due
    first.send_signal(signal.SIGKILL)
    first.wait()
    # PostgreSQL ends the dead worker's backend (client_connection_check_interval): its transaction rolls back.
    wait_for(lambda: backend_gone(orphan), seconds=20, what="PostgreSQL to end the killed worker's backend")
    reminders_stop.release()
    time.sleep(VISIBILITY)  # the killed worker's message is due back to the queue

    second = processes.worker("w2", pool="prefork")
    orphan = credits_stop.blocked_backend()  # w2's pool process is propagating a middle chunk's credits
    assert 0 < PartnerCredit.objects.count() < credits_due
    kill(pool_process_of(second))
    wait_for(lambda: backend_gone(orphan), seconds=20, what="PostgreSQL to end the killed pool process's backend")
    credits_stop.release()

    wait_for(
        lambda: sent() == reminders_due and PartnerCredit.objects.count() == credits_due,
        seconds=120,
        what="the restarted worker to finish the sweep",
    )
    time.sleep(2)  # let any late duplicate land before counting
    assert RenewalReminder.objects.count() == reminders_due == OutboxMessage.objects.count()
    per_email = OutboxMessage.objects.values("to", "template", "context").annotate(n=Count("id"))
    assert {row["n"] for row in per_email} == {1}
    assert not OutboxMessage.objects.filter(reminder__isnull=True).exists()  # each names the reminder it is
    per_reminder = RenewalReminder.objects.values("held", "cycle", "number").annotate(n=Count("id"))
    assert {row["n"] for row in per_reminder} == {1}
    assert PartnerCredit.objects.values("link", "held", "cycle").distinct().count() == credits_due
    assert not PartnerCredit.objects.filter(activity_id="blocker").exists()
    assert second.poll() is None  # the worker outlived its pool process


# --- 2. Redis down while learners use the site


def sign_in_page(client: Client, account: Account) -> int:
    form = {"step": "password", "email": account.email, "kind": account.kind, "password": PASSWORD}
    return client.post("/signin/", form).status_code


def sign_up_page_and_api() -> None:
    new = {"email": "nia@outlook.example", "password": "Fresh-pass-42", "display_name": "Nia"}
    assert Client().post("/signup/", new).status_code == 302
    api = APIClient().post(
        "/api/v1/accounts/", {"email": "sam@outlook.example", "password": "Fresh-pass-42"}, format="json"
    )
    assert api.status_code == 201


def welcomed() -> list[str]:
    return sorted(OutboxMessage.objects.filter(template="welcome_msa").values_list("to", flat=True))


@pytest.mark.django_db(transaction=True)
def test_sim2_with_redis_down_pages_serve_and_their_emails_are_in_the_outbox_when_they_answer(
    broker, redis_server
) -> None:  # type: ignore[no-untyped-def]
    """Signing in needs no broker; signing up writes its welcome email to the outbox in the sign-up's own
    transaction, so the email is committed with the account whatever Redis does."""
    learner = AccountFactory(email="lee@outlook.example")
    redis_server.stop()

    started = time.monotonic()
    client = Client()
    assert client.get("/signin/").status_code == 200
    assert sign_in_page(client, learner) == 302
    sign_up_page_and_api()
    assert time.monotonic() - started < 20  # answered, not hung on the broker
    assert Account.objects.filter(email__in=["nia@outlook.example", "sam@outlook.example"]).count() == 2
    assert welcomed() == ["nia@outlook.example", "sam@outlook.example"]


@pytest.mark.django_db(transaction=True)
def test_sim2_emails_written_while_redis_was_down_are_relayed_once_when_beat_and_workers_run_again(
    processes, redis_server
) -> None:  # type: ignore[no-untyped-def]
    """Nothing of the email waited in Redis: beat's relay, every second here, finds the unrelayed outbox rows once
    Redis is back (empty), and two workers relaying at once send each email once (SKIP LOCKED)."""
    redis_server.stop()
    sign_up_page_and_api()
    assert not OutboxMessage.objects.filter(relayed=True).exists()

    with smtp_sink() as (port, received):
        processes.email_relay_url = f"smtp://127.0.0.1:{port}"
        redis_server.start()  # empty: whatever it held before is gone
        processes.worker("w1")
        processes.worker("w2")
        processes.beat()
        wait_for(lambda: len(received) >= 2, seconds=90, what="the welcome emails to be relayed")
        time.sleep(3)  # a few more relays run: let any duplicate land before counting
        assert sorted(m.split("To: ", 1)[1].split("\n", 1)[0].strip() for m in received) == welcomed()
    assert OutboxMessage.objects.filter(relayed=True).count() == 2


@pytest.mark.django_db(transaction=True)
def test_sim2_a_message_another_relay_is_sending_is_skipped_not_sent_twice(settings) -> None:  # type: ignore[no-untyped-def]
    """The relay claims with SELECT ... FOR UPDATE SKIP LOCKED: a row locked by a relay still sending it is left to
    that relay, and a later run sends it if that relay died (its lock went with it)."""
    needs_postgresql_backends()
    services.msa_sign_up(email="nia@outlook.example", password="Fresh-pass-42", display_name="Nia", now=clock.now())
    (message,) = OutboxMessage.objects.values_list("pk", flat=True)
    with smtp_sink() as (port, received):
        settings.EMAIL_RELAY_URL = f"smtp://127.0.0.1:{port}"
        with psycopg.connect(database_url()) as other_relay:
            other_relay.execute("SELECT 1 FROM sim_outboxmessage WHERE id = %s FOR UPDATE", (message,))
            assert outbox_relay() == 0  # at once, without waiting for the lock
            other_relay.rollback()  # the other relay died before sending
        assert outbox_relay() == 1
    assert len(received) == 1 and OutboxMessage.objects.get().relayed


# --- 3. The database lost in the middle of a request


def needs_postgresql_backends() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (DATABASE_URL=postgres://...): the test ends a server backend, or its server")


@pytest.fixture
def merge_request(agent: Account) -> tuple[SupportRequest, Account, CertificationProfile, CertificationProfile]:
    """CP-4: Li's two certification profiles, a merge request verified by an agent, ready to process."""
    needs_postgresql_backends()
    learner = AccountFactory(email="li@outlook.example")
    survivor = CertificationProfileFactory(msa=learner, legal_name="Li Wei", contact_email=learner.email)
    other = CertificationProfileFactory(msa=AccountFactory(), legal_name="Li Wei", contact_email=learner.email)
    ExamResultFactory.create_batch(3, profile=other)
    request = services.support_request_open(
        requester=learner,
        kind="merge",
        claimed_mcid=survivor.mcid,
        other_mcid=other.mcid,
        legal_name="Li Wei",
        contact_email=learner.email,
        now=clock.now(),
    )
    services.support_join(request=request, agent=agent, now=clock.now())
    services.support_identity_check(request=request, agent=agent, now=clock.now())
    return request, agent, survivor, other


class BackendKiller:
    """Holds a lock on the support request's row from a connection of its own, waits until a request's backend
    queues behind it (the merge has written everything else by then), terminates that backend, and lets go."""

    def __init__(self, request_id: int) -> None:
        self.request_id, self.terminated = request_id, 0
        self._locked = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        assert self._locked.wait(10)

    def _run(self) -> None:
        with psycopg.connect(database_url()) as conn:
            conn.execute("SELECT 1 FROM profiles_supportrequest WHERE id = %s FOR UPDATE", (self.request_id,))
            self._locked.set()
            me = conn.info.backend_pid
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline and not self.terminated:
                with psycopg.connect(database_url(), autocommit=True) as watcher:
                    rows = watcher.execute(
                        "SELECT pid, pg_terminate_backend(pid) FROM pg_stat_activity "
                        "WHERE %s = ANY(pg_blocking_pids(pid))",
                        (me,),
                    ).fetchall()
                self.terminated = rows[0][0] if rows else 0
                time.sleep(0.1)
            conn.rollback()

    def join(self) -> None:
        self._thread.join(40)


def merge_state(other: CertificationProfile) -> tuple:
    other.refresh_from_db()
    return (
        ExamResult.objects.filter(profile=other).count(),
        other.merged_into_id,
        SupportRequest.objects.get().state,
        AuditEntry.objects.filter(action="certification_profiles_merged").count(),
        OutboxMessage.objects.count(),
    )


@pytest.mark.django_db(transaction=True)
def test_cp4_the_database_lost_mid_merge_answers_503_in_the_api_shape_and_leaves_nothing_half_done(
    merge_request, api_as
) -> None:  # type: ignore[no-untyped-def]
    request, agent, survivor, other = merge_request
    before = merge_state(other)
    assert before == (3, None, "verified", 0, 0)
    client = api_as(agent)
    killer = BackendKiller(request.pk)
    started = time.monotonic()
    response = client.post(f"/api/v1/certification/support-requests/{request.pk}/process/", format="json")
    killer.join()
    assert time.monotonic() - started < 20 and killer.terminated
    assert response.status_code == 503 and response["Retry-After"] == "5"
    assert response.json() == {
        "code": "database_unavailable",
        "message": "certlink can't reach its database just now. Try again in a moment.",
        "details": {},
    }
    assert merge_state(other) == before  # exams, the alias, the request's state, the audit entry: none of it stayed
    # Trying again, as the answer says, works: a new connection, and the merge is done once.
    assert client.post(f"/api/v1/certification/support-requests/{request.pk}/process/").status_code == 200
    assert merge_state(other)[:4] == (0, survivor.pk, "processed", 1)


@pytest.mark.django_db(transaction=True)
def test_cp4_the_database_lost_mid_merge_shows_a_try_again_page(merge_request, page_as) -> None:  # type: ignore[no-untyped-def]
    request, agent, survivor, other = merge_request
    page = page_as(agent)
    killer = BackendKiller(request.pk)
    response = page.post(f"/certification/support/{request.pk}/process/")
    killer.join()
    assert killer.terminated
    assert response.status_code == 503 and response["Retry-After"] == "5"
    text = response.content.decode()
    assert "Try again in a moment" in text and 'data-code="database_unavailable"' in text
    assert merge_state(other)[:4] == (3, None, "verified", 0)
    assert page.post(f"/certification/support/{request.pk}/process/").status_code == 302  # signed in still


@pytest.fixture
def database_down(db: None) -> Iterator[None]:
    """The database refuses connections (its address points at a port nobody listens on) until the test ends."""
    needs_postgresql_backends()
    saved = connection.settings_dict["PORT"]
    connection.close()
    connection.settings_dict["PORT"] = str(free_port())
    yield
    connection.close()
    connection.settings_dict["PORT"] = saved


@pytest.mark.django_db(transaction=True)
def test_with_the_database_down_pages_and_the_api_answer_503_at_once(database_down) -> None:  # type: ignore[no-untyped-def]
    started = time.monotonic()
    page = Client().get("/signin/")
    signing_in = Client().post("/signin/", {"step": "password", "email": "lee@outlook.example", "password": "x"})
    api = APIClient(HTTP_AUTHORIZATION="Token 0123456789abcdef0123456789abcdef01234567").get("/api/v1/me/")
    assert time.monotonic() - started < 10
    assert page.status_code == signing_in.status_code == 503
    assert 'data-code="database_unavailable"' in page.content.decode()
    assert api.status_code == 503 and api.json()["code"] == "database_unavailable"


def test_a_database_error_below_the_middleware_becomes_the_503_too(db: None) -> None:
    """One raised in a middleware under this one (saving the session) reaches Django's 500 handler, not
    process_exception: the middleware still answers 503 (no PostgreSQL needed)."""

    def session_save_fails(request):  # type: ignore[no-untyped-def]
        raise OperationalError("server closed the connection unexpectedly")

    middleware = DatabaseUnavailableMiddleware(convert_exception_to_response(session_save_fails))
    page = middleware(RequestFactory().get("/learn/"))
    api = middleware(RequestFactory().post("/api/v1/learn/"))
    assert (page.status_code, api.status_code) == (503, 503)
    assert b"Try again in a moment" in page.content and json.loads(api.content)["code"] == "database_unavailable"
    ok = DatabaseUnavailableMiddleware(convert_exception_to_response(lambda request: 1 / 0))
    assert ok(RequestFactory().get("/learn/")).status_code == 500  # any other bug stays a 500
