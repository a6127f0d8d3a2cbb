import logging
from typing import Any

from celery import Task, shared_task

from certlink import clock
from certlink.errors import Refusal
from sim import job_run as jobs_run

logger = logging.getLogger(__name__)


@shared_task(name="sim.tasks.clock_tick")
def clock_tick() -> int:
    """Beat's tick: run the work due at the clock's current instant (idempotent)."""
    return clock.clock_tick()


@shared_task(name="sim.tasks.clock_advance_run", ignore_result=True, acks_late=False)
def clock_advance_run(pk: int, runner: str) -> None:
    """SIM-5: run a started advance in the background (a worker in the full stack, eagerly in the embedded default).
    Its progress and its end are on its ClockAdvance row, which its page and the API read. An error stops it there,
    recorded on the row for the operator to resume, so it is logged here rather than raised into the request that
    ran it eagerly. Not acknowledged late: a worker killed mid-advance leaves it stopped, to be resumed from its last
    whole moment, rather than delivered again to a runner that no longer holds it."""
    try:
        clock.clock_advance_run(pk=pk, runner=runner)
    except Refusal as refusal:  # taken over meanwhile (a resume): the other runner finishes it
        logger.info("Advance %s: %s", pk, refusal.message)
    except Exception:
        logger.exception("Advance %s stopped; the operator may resume it from its last whole moment.", pk)


@shared_task(bind=True, name="sim.tasks.job_run", ignore_result=False, acks_late=False)
def job_run(self: Task, kind: str, params: dict[str, Any], meta: dict[str, Any]) -> dict[str, Any]:
    """SIM-5: a scenario load, the world's reset or a population, as a background job (sim.jobs starts it). Its
    progress is its Celery task state (PROGRESS), its record the result it returns, kept by the result backend; its
    result is stored even when it runs eagerly (the embedded default: CELERY_TASK_STORE_EAGER_RESULT), so its page
    reads it the same way. Not acknowledged late: a job is all or nothing (a scenario and the reset in one
    transaction) or refused when run twice (a population), so a worker killed mid-job leaves it to the operator to
    start again rather than having it delivered again."""
    return jobs_run.run_job(self, kind=kind, params=params, meta=meta)
