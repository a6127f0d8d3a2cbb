from celery import shared_task

from sim import services


@shared_task(name="sim.tasks.clock_tick")
def clock_tick() -> int:
    """Beat's tick: run the work due at the clock's current instant (idempotent)."""
    return services.clock_tick()
