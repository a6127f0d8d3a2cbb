"""SIM-5 with a real Celery worker on Redis: a scenario load is answered at once with its job (202), and polling the
job's URL sees it queued or running, its progress only moving forward, then done with its result. The leaver's
scenario advances the clock to January over a generated world, so it runs long enough to be seen running."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest

from certlink import clock
from profiles.models import Account
from renewals.catalog import catalog_load
from sim.population import PopulationSpec, population_create
from tests.conftest import START
from tests.integration.conftest import requires_postgres, requires_redis, wait_for

pytestmark = [pytest.mark.integration, requires_redis]


@pytest.mark.django_db(transaction=True)
def test_sim5_a_scenario_loads_in_a_worker_while_the_api_reports_its_job(
    results_in_redis,
    start_worker,
    api_as,
    operator,
) -> None:  # type: ignore[no-untyped-def]
    requires_postgres()
    catalog_load()
    # November (set without running the work of the months skipped): the leaver's scenario advances to January.
    clock.clock_set(to=START + timedelta(days=300))
    population_create(spec=PopulationSpec(learners=200, orgs=3, seed=8), now=clock.now())
    start_worker("w1"), start_worker("w2")  # the job in one worker, its advance's ranges shared with the other
    api = api_as(operator)

    asked = time.monotonic()
    response = api.post("/api/v1/sim/scenarios/leaver-in-january/load/")
    answered = time.monotonic() - asked

    assert response.status_code == 202 and answered < 1.0, answered
    assert response.json()["state"] in ("queued", "running") and response.json()["finished"] is False
    seen: list[tuple[str, int]] = []

    def finished() -> bool:
        body = api.get(response["Location"]).json()
        seen.append((body["state"], body["progress"]["steps"]))
        return body["finished"]

    wait_for(finished, seconds=240, what="the scenario's job to finish in the worker")
    body = api.get(response["Location"]).json()
    assert body["state"] == "done" and body["result"]["key"] == "leaver-in-january", body
    steps = [s for _, s in seen]
    assert steps == sorted(steps) and "running" in {state for state, _ in seen}, seen
    assert Account.objects.filter(email__startswith="leo.", kind=Account.Kind.MSA).count() == 1
    assert clock.now().month == 1
