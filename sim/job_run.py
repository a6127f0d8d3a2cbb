"""SIM-5: what a background job does in its Celery task (sim.tasks.job_run): a scenario load, the world's reset or a
population, reporting its progress through Celery's own task state (`update_state`, state PROGRESS) and ending with a
result that says how it went. The job's record is Celery's result backend (Redis in the full stack, the database
through django-celery-results in the embedded default); sim.jobs starts jobs and reads them back.

A refusal met while running (the leaver's scenario finding an advance unfinished, a population already there) is the
job's outcome, not an exception: the page and the API show its sentence, and an eager run never turns it into a
500."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from celery import Task
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from certlink import clock
from certlink.errors import Refusal, jsonable
from certlink.models import ClockAdvance
from profiles.models import Account
from renewals.catalog import catalog_load
from sim.population import POPULATION_PASSWORD, PopulationSpec, population_create
from sim.scenarios import SCENARIOS, scenario_load
from sim.scenarios_reset import RESET_WORD, world_reset

logger = logging.getLogger(__name__)

SCENARIO, RESET, POPULATE = "scenario", "reset", "populate"
KINDS = (SCENARIO, RESET, POPULATE)
PROGRESS = "PROGRESS"  # Celery's custom state while a job runs; QUEUED (sim.jobs) before it starts
SPAN = 1000  # a scenario that advances the clock reports the share of the span covered, in thousandths


class Reporter:
    """Tells Celery's result backend how far the job has got: (steps done, steps in all, items handled)."""

    def __init__(self, task: Task, meta: dict[str, Any]) -> None:
        self.task, self.meta = task, meta
        self.steps, self.total, self.items = 0, 0, 0

    def __call__(self, steps: int, total: int, items: int) -> None:
        self.steps, self.total, self.items = steps, total, items
        self.task.update_state(state=PROGRESS, meta=self.state())

    def state(self) -> dict[str, Any]:
        return {**self.meta, "steps": self.steps, "total": self.total, "items": self.items}


def run_job(task: Task, *, kind: str, params: dict[str, Any], meta: dict[str, Any]) -> dict[str, Any]:
    """Run the job `kind` with `params`; returns the job's final record (outcome done, refused or failed)."""
    with translation.override(meta.get("language") or None):
        return _run(task, kind=kind, params=params, meta=meta)


def _run(task: Task, *, kind: str, params: dict[str, Any], meta: dict[str, Any]) -> dict[str, Any]:
    report = Reporter(task, {**meta, "started_at": timezone.now().isoformat()})
    report(0, 1, 0)
    try:
        result = RUNNERS[kind](params, report)
    except Refusal as refusal:
        ended: dict[str, Any] = {"outcome": "refused", "refusal": refusal.as_dict()}
    except Exception as error:  # recorded for the operator; the log has the traceback
        logger.exception("Job %s (%s) failed", task.request.id, kind)
        ended = {"outcome": "failed", "error": f"{type(error).__name__}: {error}"}
    else:
        ended = {"outcome": "done", "result": jsonable(result)}
        report.steps = report.total = max(report.total, 1)
    return {**report.state(), **ended, "finished_at": timezone.now().isoformat()}


def _by(params: dict[str, Any]) -> Account | None:
    by: int | None = params.get("by")
    return Account.objects.filter(pk=by).first() if by else None


def _scenario(params: dict[str, Any], report: Reporter) -> dict[str, Any]:
    """A scenario is built in one transaction; one that advances the clock (the leaver) reports the share of the
    span its advance has covered, moment by moment."""
    start = clock.now()

    def on_moment(advance: ClockAdvance) -> None:
        report(int(SPAN * clock.progress_of(advance).done), SPAN, advance.moments)

    report(0, SPAN, 0)
    return scenario_load(key=params["key"], now=start, by=_by(params), on_moment=on_moment).as_dict()


def _reset(params: dict[str, Any], report: Reporter) -> dict[str, Any]:
    result = world_reset(confirm=RESET_WORD, by=_by(params), progress=report)
    return {"deleted": result.deleted, "total": result.total, "clock": result.clock}


def _populate(params: dict[str, Any], report: Reporter) -> dict[str, Any]:
    spec = PopulationSpec(
        learners=params["learners"], orgs=params["orgs"], seed=params["seed"], largest_org=params.get("largest_org")
    )
    catalog_load()
    created = population_create(spec=spec, now=clock.now(), progress=lambda done, total: report(done, total, done))
    return {"counts": dict(created.counts), "seconds": round(created.seconds, 1), "password": POPULATION_PASSWORD}


RUNNERS: dict[str, Callable[[dict[str, Any], Reporter], dict[str, Any]]] = {
    SCENARIO: _scenario,
    RESET: _reset,
    POPULATE: _populate,
}


def job_label(kind: str, params: dict[str, Any]) -> str:
    """What the job is, as its page and the API name it (in the reader's language, at reading time)."""
    if kind == SCENARIO:
        scenario = SCENARIOS.get(params.get("key", ""))
        return _("Loading the scenario “%(title)s”") % {"title": scenario.title if scenario else params.get("key", "")}
    if kind == RESET:
        return _("Resetting the world")
    return _("Generating a population of %(learners)s learners and %(orgs)s organisations (seed %(seed)s)") % {
        "learners": f"{params.get('learners', 0):,}",
        "orgs": params.get("orgs", 0),
        "seed": params.get("seed", 0),
    }
