"""SIM-5: long operator work as background jobs. An advance of the clock is recorded (and refused, one at a time) in
the request, then run by a Celery task: in a worker in the full stack, eagerly in the embedded default. Its
ClockAdvance row is the job: the engine commits it moment by moment with how far it got, and its page, the API and
the CLI read its progress from there (certlink.clock.progress_of).

The other long work (a scenario load, the world's reset, a population) has no record of its own: its job is its
Celery task, whose state (QUEUED, then PROGRESS with how far it got) and result (how it ended) Celery's result backend
keeps. Each starter checks in the request what can be refused before any work, so a mistake is answered at once; the
job's id is chosen here and its QUEUED state stored before it is queued, so a job that is not (or no longer) known
is a 404 rather than Celery's PENDING for ever."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from celery.result import AsyncResult
from django.utils import timezone, translation
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from certlink import clock, rules
from certlink.errors import Refusal
from certlink.models import ClockAdvance
from certlink.timefmt import when
from profiles.models import Account
from sim import job_run, tasks
from sim.population import PopulationSpec, population_check
from sim.scenarios import scenario_get
from sim.scenarios_reset import reset_check

QUEUED = "QUEUED"
JOB_STATES = ("queued", "running", "done", "refused", "failed")
MAX_LEARNERS = 200_000  # a population generated from the page or the API (the command has no limit)
MAX_ORGS = 1_000


def advance_in_background(*, to: datetime, by: Any = None) -> ClockAdvance:
    """Start an advance to `to` and hand it to the background; returns the advance as it stands when the request
    answers (eagerly, finished or stopped; with a worker, as started)."""
    advance = clock.clock_advance_start(to=to, by=by, wait=False)
    # The start has committed its own transaction (clock_advance_start), so a worker finds the row: queued directly
    # rather than on commit, which a test's enclosing transaction would hold back for ever.
    tasks.clock_advance_run.delay(advance.pk, advance.runner)
    advance.refresh_from_db()
    return advance


def resume_in_background() -> ClockAdvance:
    """Take over the advance that stopped and finish it in the background, from its last whole moment."""
    advance = clock.clock_advance_take_over()
    tasks.clock_advance_run.delay(advance.pk, advance.runner)
    advance.refresh_from_db()
    return advance


@dataclass(frozen=True)
class Job:
    """A background job as its page and the API show it. `state`: queued, running, done, refused or failed."""

    id: str
    kind: str
    label: str
    state: str
    by: str
    progress: rules.JobProgress
    params: dict[str, Any]
    result: dict[str, Any] | None
    refusal: dict[str, Any] | None
    error: str

    @property
    def finished(self) -> bool:
        return self.state in ("done", "refused", "failed")

    @property
    def running(self) -> bool:
        return not self.finished


def scenario_in_background(*, key: str, by: Account | None) -> str:
    """Start loading scenario `key`; an unknown key is refused here (404). Returns the job's id."""
    scenario_get(key)
    return _start(job_run.SCENARIO, {"key": key}, by=by)


def reset_in_background(*, confirm: str, by: Account | None) -> str:
    """Start the world's reset, refused here without the confirmation word or from outside the staff tenant."""
    reset_check(confirm=confirm, by=by)
    return _start(job_run.RESET, {}, by=by)


def population_in_background(*, spec: PopulationSpec, by: Account | None) -> str:
    """Start generating a population (SIM-4), refused here when this world already holds it."""
    population_check(spec)
    params = {"learners": spec.learners, "orgs": spec.orgs, "seed": spec.seed, "largest_org": spec.largest_org}
    return _start(job_run.POPULATE, params, by=by)


def _start(kind: str, params: dict[str, Any], *, by: Account | None) -> str:
    job_id = str(uuid.uuid4())
    meta = {
        "kind": kind,
        "params": params,
        "by": by.email if by else "",
        "queued_at": timezone.now().isoformat(),
        "language": translation.get_language() or "",  # PR-1: what it says is written in its requester's language
    }
    task = tasks.job_run
    task.backend.store_result(job_id, {**meta, "steps": 0, "total": 1, "items": 0}, QUEUED)
    task.apply_async(
        kwargs={"kind": kind, "params": {**params, "by": by.pk if by else None}, "meta": meta}, task_id=job_id
    )
    return job_id


def job_read(job_id: str) -> Job:
    """The job `job_id` as it stands; refused (404) when Celery's backend does not know it (never started here, or
    expired: CELERY_RESULT_EXPIRES)."""
    found: AsyncResult[Any] = AsyncResult(job_id, app=tasks.job_run.app)
    state, info = found.state, found.info
    if state == "PENDING":
        raise Refusal(
            "job_unknown",
            _("There's no job %(job)s: it was never started, or its record has expired. Start the work again.")
            % {"job": job_id},
            status=404,
            job=job_id,
        )
    record: dict[str, Any] = info if isinstance(info, dict) else {}
    outcome = record.get("outcome") or {QUEUED: "queued", job_run.PROGRESS: "running"}.get(state, "failed")
    error = record.get("error", "") or ("" if isinstance(info, dict) else f"{type(info).__name__}: {info}")
    started = parse_datetime(record.get("started_at") or "")
    ended = parse_datetime(record.get("finished_at") or "")
    params = {k: v for k, v in (record.get("params") or {}).items() if k != "by"}
    kind = record.get("kind", "")
    return Job(
        id=job_id,
        kind=kind,
        label=job_run.job_label(kind, params),
        state=outcome,
        by=record.get("by", ""),
        progress=rules.job_progress(
            steps=record.get("steps", 0),
            total=record.get("total", 1),
            items=record.get("items", 0),
            started_at=started,
            real_now=ended or timezone.now(),
            finished=outcome == "done",
        ),
        params=params,
        result=record.get("result"),
        refusal=record.get("refusal"),
        error=error if outcome == "failed" else "",
    )


def job_sentence(job: Job) -> str:
    """What the job did, or why it did not, as its page and the API say it."""
    if job.state == "refused" and job.refusal:
        return str(job.refusal.get("message", ""))
    if job.state == "failed":
        return _("The job stopped on an error; nothing it was doing was kept. Start it again, or read the log.")
    if job.state == "queued":
        return _("Waiting for a worker to take the job.")
    if job.state == "running":
        return _("The job is running; this page updates itself until it is done.")
    result = job.result or {}
    if job.kind == job_run.SCENARIO:
        return _("“%(title)s” was loaded (names end in %(suffix)s).") % {
            "title": result.get("title", ""),
            "suffix": result.get("suffix", ""),
        }
    if job.kind == job_run.RESET:
        return _("The world was reset: %(total)s records deleted; the clock is at %(clock)s.") % {
            "total": f"{result.get('total', 0):,}",
            "clock": when(datetime.fromisoformat(result["clock"])) if result.get("clock") else "",
        }
    learners = (result.get("counts") or {}).get("learners", 0)
    return _("The population was generated in %(seconds)s s: %(learners)s learners.") % {
        "seconds": result.get("seconds", 0),
        "learners": f"{learners:,}",
    }
