"""SIM-5 with real Celery workers on Redis: the API answers an advance at once with its job (202), a second advance
meanwhile is refused with a sentence, and polling the job's URL sees it move and finish."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest

from certlink import clock
from certlink.models import ClockAdvance
from renewals.catalog import catalog_load
from sim.population import PopulationSpec, population_create
from tests.integration.conftest import requires_postgres, requires_redis, wait_for

pytestmark = [pytest.mark.integration, requires_redis]


@pytest.mark.django_db(transaction=True)
def test_sim5_an_advance_runs_in_a_worker_while_the_api_reports_its_progress(
    results_in_redis,
    start_worker,
    api_as,
    operator,
    settings,
) -> None:  # type: ignore[no-untyped-def]
    requires_postgres()
    settings.CLOCK_FAN_OUT_TIMEOUT = 120
    catalog_load()
    population_create(spec=PopulationSpec(learners=100, orgs=3, seed=5), now=clock.now())
    start = clock.now()
    start_worker("w1"), start_worker("w2")  # the advance in one, its moments' ranges shared with the other
    api = api_as(operator)

    asked = time.monotonic()
    response = api.post("/api/v1/clock/advance/", {"by": "120d"}, format="json")
    answered = time.monotonic() - asked

    assert response.status_code == 202 and answered < 1.0, answered
    assert response.json()["finished"] is False
    second = api.post("/api/v1/clock/advance/", {"by": "1d"}, format="json")
    assert second.status_code == 409 and second.json()["code"] == "clock_advance_unfinished"
    assert "Wait for it to finish" in second.json()["message"]
    seen: list[int] = []

    def finished() -> bool:
        body = api.get(response["Location"]).json()
        seen.append(body["progress"]["percent"])
        return body["finished"]

    wait_for(finished, seconds=240, what="the advance to finish in the worker")
    assert seen == sorted(seen) and seen[-1] == 100 and len(set(seen)) > 2, seen  # it moved, and only forward
    advance = ClockAdvance.objects.get()
    assert advance.moments > 5 and clock.now() == start + timedelta(days=120)
