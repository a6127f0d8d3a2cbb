"""SIM-5: long operator work other than an advance (a scenario load, the world's reset, a population) is a background
job too. The request checks what can be refused at once and answers with the job's page (or 202 and its URL); the job
is a Celery task whose state (QUEUED, PROGRESS) and result Celery's result backend keeps; its page shows a bar htmx
refreshes in place, then the result. In these tests the task runs eagerly, as in the embedded default, and stores its
result all the same; tests/integration/test_sim5_jobs_in_a_worker.py runs one in a real worker."""

from __future__ import annotations

import uuid
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from certlink import clock, rules
from profiles.models import Account
from renewals.catalog import catalog_load
from sim import job_run, jobs, population, tasks
from sim.population import PopulationSpec, population_create
from tests.conftest import START
from tests.helpers import page_text

T0 = timezone.now()


# --- The rule


def test_sim5_a_jobs_progress_is_its_steps_done_of_their_total_and_the_time_left_follows_the_pace() -> None:
    p = rules.job_progress(
        steps=250, total=1000, items=250, started_at=T0, real_now=T0 + timedelta(seconds=10), finished=False
    )
    assert p.percent == 25 and p.elapsed == timedelta(seconds=10) and p.remaining == timedelta(seconds=30)


def test_sim5_a_job_not_started_has_no_time_left_yet_and_a_finished_one_is_whole() -> None:
    waiting = rules.job_progress(steps=0, total=1, items=0, started_at=None, real_now=T0, finished=False)
    assert waiting.percent == 0 and waiting.remaining is None and waiting.elapsed == timedelta(0)
    done = rules.job_progress(steps=3, total=9, items=3, started_at=T0, real_now=T0, finished=True)
    assert done.percent == 100 and done.remaining is None


# --- Pages


def test_sim5_an_operator_generates_a_population_from_the_clock_page_and_reads_what_it_made(page_as, operator) -> None:  # type: ignore[no-untyped-def]
    client = page_as(operator)
    assert 'href="/sim/populate/"' in page_text(client.get("/sim/"))
    assert 'href="/sim/populate/"' in page_text(client.get("/sim/scenarios/"))
    form = page_text(client.get("/sim/populate/"))
    assert 'name="learners"' in form and 'name="orgs"' in form and 'name="seed"' in form
    response = client.post("/sim/populate/", {"learners": 30, "orgs": 2, "seed": 4})
    assert response.status_code == 302 and response["Location"].startswith("/sim/jobs/")
    shown = page_text(client.get(response["Location"]))
    assert 'data-state="done"' in shown and "The population was generated in" in shown and "30 learners" in shown
    assert "30 of 30 learners" in shown and 'value="100"' in shown and "Population-pass-2026" in shown
    assert Account.objects.filter(kind=Account.Kind.MSA).count() == 30


@pytest.mark.parametrize(
    ("form", "error"),
    [
        ({"learners": 0, "orgs": 2, "seed": 1}, "greater than or equal to 1"),
        ({"learners": 200_001, "orgs": 2, "seed": 1}, "less than or equal to 200000"),
        ({"learners": "many", "orgs": 2, "seed": 1}, "Enter a whole number"),
        ({"learners": 10, "orgs": -1, "seed": 1}, "greater than or equal to 0"),
    ],
)
def test_sim5_the_population_form_refuses_bad_figures_and_starts_nothing(page_as, operator, form, error) -> None:  # type: ignore[no-untyped-def]
    response = page_as(operator).post("/sim/populate/", form)
    assert response.status_code == 400 and error in page_text(response)
    assert not Account.objects.filter(kind=Account.Kind.MSA).exists()


def test_sim5_a_population_already_generated_is_refused_in_the_request_with_its_sentence(
    page_as, api_as, operator
) -> None:  # type: ignore[no-untyped-def]
    catalog_load()
    population_create(spec=PopulationSpec(learners=5, orgs=1, seed=9), now=clock.now())
    response = page_as(operator).post("/sim/populate/", {"learners": 5, "orgs": 1, "seed": 9})
    assert response.status_code == 400 and 'data-code="population_exists"' in page_text(response)
    assert "already holds a generated population" in page_text(response)
    api = api_as(operator).post("/api/v1/sim/populate/", {"learners": 5, "orgs": 1, "seed": 9}, format="json")
    assert api.status_code == 400 and api.json()["code"] == "population_exists"
    assert Account.objects.filter(kind=Account.Kind.MSA).count() == 5


def test_sim5_the_reset_goes_to_its_jobs_page_which_says_what_it_deleted(page_as, operator) -> None:  # type: ignore[no-untyped-def]
    catalog_load()
    population_create(spec=PopulationSpec(learners=12, orgs=1, seed=2), now=clock.now())
    client = page_as(operator)
    response = client.post("/sim/reset/", {"understood": "on", "confirm": "RESET"})
    assert response.status_code == 302 and response["Location"].startswith("/sim/jobs/")
    shown = page_text(client.get(response["Location"]))
    assert 'data-state="done"' in shown and "The world was reset:" in shown
    assert "tables emptied" in shown and "records deleted" in shown
    assert not Account.objects.filter(kind=Account.Kind.MSA).exists()


def test_sim5_a_running_jobs_page_shows_its_bar_and_polls_its_own_url_in_place(page_as, operator) -> None:  # type: ignore[no-untyped-def]
    job_id = str(uuid.uuid4())
    meta = {"kind": "populate", "params": {"learners": 20000, "orgs": 40, "seed": 7}, "by": operator.email}
    started = (timezone.now() - timedelta(seconds=20)).isoformat()
    tasks.job_run.backend.store_result(
        job_id, {**meta, "started_at": started, "steps": 5000, "total": 20000, "items": 5000}, job_run.PROGRESS
    )
    client = page_as(operator)
    page = page_text(client.get(f"/sim/jobs/{job_id}/"))
    assert "Generating a population of 20,000 learners and 40 organisations (seed 7)" in page
    assert f'hx-get="/sim/jobs/{job_id}/"' in page and 'hx-trigger="every 1s"' in page
    assert "5,000 of 20,000 learners" in page and "about 1 min" in page and 'data-state="running"' in page
    fragment = page_text(client.get(f"/sim/jobs/{job_id}/", headers={"HX-Request": "true"}))
    assert fragment.startswith('<div id="job-progress"') and "<html" not in fragment
    assert 'id="sim-now-time" hx-swap-oob="true"' in fragment


def test_sim5_a_job_refused_while_it_ran_shows_the_refusals_sentence(page_as, api_as, operator) -> None:  # type: ignore[no-untyped-def]
    """The leaver's scenario advances the clock into January: with an advance unfinished, the load is refused and
    nothing it built stays."""
    clock.clock_advance(to=START + timedelta(days=60))
    clock.clock_advance_start(to=START + timedelta(days=90))
    job_id = jobs.scenario_in_background(key="leaver-in-january", by=operator)
    page = page_text(page_as(operator).get(f"/sim/jobs/{job_id}/"))
    assert 'data-state="refused"' in page and 'data-code="clock_advance_unfinished"' in page
    assert "Wait for it to finish" in page or "Resume it" in page
    body = api_as(operator).get(f"/api/v1/sim/jobs/{job_id}/").json()
    assert body["state"] == "refused" and body["refusal"]["code"] == "clock_advance_unfinished"
    assert body["message"] == body["refusal"]["message"] and body["finished"] is True
    assert not Account.objects.filter(email__startswith="leo.").exists()


def test_sim5_a_job_reports_its_progress_to_the_backend_while_it_runs(operator, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """What the page and the API read mid-way is the task's own PROGRESS state, as it moves."""
    monkeypatch.setattr(population, "BATCH", 10)
    seen: list[tuple[str, int]] = []
    report = job_run.Reporter.__call__

    def reporting(self: job_run.Reporter, steps: int, total: int, items: int) -> None:
        report(self, steps, total, items)
        job = jobs.job_read(self.task.request.id)
        seen.append((job.state, job.progress.steps))

    monkeypatch.setattr(job_run.Reporter, "__call__", reporting)
    job_id = jobs.population_in_background(spec=PopulationSpec(learners=35, orgs=1, seed=3), by=operator)
    assert seen[0] == ("running", 0) and [steps for _, steps in seen[1:]] == [10, 20, 30, 35]
    assert {state for state, _ in seen} == {"running"} and jobs.job_read(job_id).state == "done"


def test_sim5_an_unknown_job_is_a_404_with_a_sentence_on_the_page_and_in_the_api(page_as, api_as, operator) -> None:  # type: ignore[no-untyped-def]
    missing = uuid.uuid4()
    page = page_as(operator).get(f"/sim/jobs/{missing}/")
    assert page.status_code == 404 and 'data-code="job_unknown"' in page_text(page)
    api = api_as(operator).get(f"/api/v1/sim/jobs/{missing}/")
    assert api.status_code == 404 and api.json()["code"] == "job_unknown"
    assert "never started, or its record has expired" in api.json()["message"]
    assert page_as(operator).get("/sim/jobs/not-a-uuid/").status_code == 404


def test_sim5_only_operators_start_and_read_jobs(page_as, api_as, learner, agent, operator) -> None:  # type: ignore[no-untyped-def]
    job_id = jobs.scenario_in_background(key="two-certification-profiles", by=operator)
    assert page_as(learner).get(f"/sim/jobs/{job_id}/").status_code == 403
    assert page_as(agent).get("/sim/populate/").status_code == 403
    assert page_as(agent).post("/sim/populate/", {"learners": 5, "orgs": 1, "seed": 1}).status_code == 403
    api = api_as(learner)
    assert api.get(f"/api/v1/sim/jobs/{job_id}/").status_code == 403
    assert api.post("/api/v1/sim/populate/", {"learners": 5}, format="json").status_code == 403
    assert Account.objects.filter(kind=Account.Kind.MSA).exclude(pk=learner.pk).count() == 2  # the scenario's two


# --- API


def test_sim5_the_api_generates_a_population_with_202_and_the_jobs_url_which_reports_it_done(api_as, operator) -> None:  # type: ignore[no-untyped-def]
    api = api_as(operator)
    response = api.post("/api/v1/sim/populate/", {"learners": 20, "orgs": 1, "seed": 6}, format="json")
    assert response.status_code == 202 and response["Location"].endswith(f"/api/v1/sim/jobs/{response.json()['id']}/")
    job = api.get(response["Location"]).json()
    assert job["kind"] == "populate" and job["state"] == "done" and job["finished"] is True
    assert job["progress"]["percent"] == 100 and job["progress"]["steps"] == job["progress"]["total"] == 20
    assert job["result"]["counts"]["learners"] == 20 and job["params"] == {
        "learners": 20,
        "orgs": 1,
        "seed": 6,
        "largest_org": None,
    }
    assert job["title"].startswith("Generating a population of 20 learners") and job["by"] == operator.email


@pytest.mark.parametrize(
    "body",
    [{}, {"learners": 0}, {"learners": "x"}, {"learners": 10, "orgs": 5000}, {"learners": 10, "seed": -1}],
)
def test_sim5_the_api_refuses_a_bad_population_in_the_error_shape_and_starts_nothing(api_as, operator, body) -> None:  # type: ignore[no-untyped-def]
    response = api_as(operator).post("/api/v1/sim/populate/", body, format="json")
    assert response.status_code == 400 and response.json()["code"] and response.json()["message"]
    assert not Account.objects.filter(kind=Account.Kind.MSA).exists()


# --- CLI


def test_sim5_the_scenario_command_shows_a_progress_bar_over_the_leavers_advance(operator, capsys) -> None:  # type: ignore[no-untyped-def]
    out = StringIO()
    call_command("scenario", "load", "leaver-in-january", stdout=out)
    assert "Loaded leaver-in-january" in out.getvalue()
    bar = capsys.readouterr().err
    assert "scenario leaver-in-january: 100%" in bar and "100/100" in bar
