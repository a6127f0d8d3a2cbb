"""SIM-1 with a real process killed: `manage.py clock advance 1y` is killed (SIGKILL) in the middle; the clock stands
at the last whole moment the advance recorded, the dead advance is told by its silent heartbeat, and resuming it
sends every email and brings every credit exactly once, as an advance nobody killed."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

import pytest
from django.db import transaction

from certlink import clock
from certlink.models import ClockAdvance, OutboxMessage
from renewals.catalog import catalog_load
from sim.population import PopulationSpec, population_create
from tests.integration import conftest as integration
from tests.integration.conftest import ROOT, requires_postgres, wait_for
from tests.sim.test_sim1_interrupted_advance import snapshot

pytestmark = [pytest.mark.integration]


@pytest.mark.django_db(transaction=True)
def test_sim1_an_advance_whose_process_is_killed_resumes_from_its_last_whole_moment(settings) -> None:  # type: ignore[no-untyped-def]
    requires_postgres()
    catalog_load()
    population_create(spec=PopulationSpec(learners=150, orgs=3, seed=29), now=clock.now())
    with transaction.atomic():
        clock.clock_advance_by(duration="1y")
        expected = snapshot()
        transaction.set_rollback(True)
    clock.moved()

    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "CELERY_BROKER_URL")}
    env |= {"DJANGO_SETTINGS_MODULE": "certlink.settings.test", "DATABASE_URL": integration.test_database_url()}
    env["CELERY_TASK_ALWAYS_EAGER"] = "1"
    advancing = subprocess.Popen(
        [sys.executable, "manage.py", "clock", "advance", "1y"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for(
            lambda: ClockAdvance.objects.filter(moments__gte=3).exists(),
            seconds=120,
            what="the advance to commit a few moments",
        )
        advancing.send_signal(signal.SIGKILL)
    finally:
        advancing.wait(timeout=30)
    advance = ClockAdvance.objects.get()
    if advance.finished:
        pytest.skip("the advance finished before it could be killed (a machine faster than this world is large)")
    clock.moved()
    assert clock.now() == advance.reached < advance.to_instant
    assert not OutboxMessage.objects.filter(sent_at__gt=advance.reached).exists()
    assert clock.is_running(advance)  # its heartbeat is fresh: it could be running still
    settings.CLOCK_ADVANCE_STALE_SECONDS = 0  # a dead advance is told by its silent heartbeat
    assert not clock.is_running(advance)

    resumed = clock.clock_advance_resume()
    assert resumed.finished and clock.now() == resumed.to_instant
    assert snapshot() == expected
