from celery import shared_task

from certlink import clock


@shared_task(name="sim.tasks.clock_tick")
def clock_tick() -> int:
    """Beat's tick: run the work due at the clock's current instant (idempotent)."""
    return clock.clock_tick()
