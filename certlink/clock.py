"""The simulated clock (SIM-1): the only source of "now" in certlink.

`now()` reads the frozen instant stored in the database. Apps register the work that falls due in simulated
time (reminders, propagation, refresh) with `register()`; advancing the clock (sim.services.clock_advance)
steps through the due moments in time order and runs each at its own instant.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime

# Inside `one_reading()` (each request, by certlink.middleware.ClockReadingMiddleware) the instant is read once and
# kept: a page and its template agree on "now" and pay for one query. Moving the clock forgets the kept reading.
_reading: ContextVar[list[datetime] | None] = ContextVar("certlink_clock_reading", default=None)


def now() -> datetime:
    from sim.models import Clock

    kept = _reading.get()
    if kept is None:
        return Clock.objects.instant()
    if not kept:
        kept.append(Clock.objects.instant())
    return kept[0]


@contextmanager
def one_reading() -> Iterator[None]:
    """Within the block, `now()` reads the database once (until the clock moves)."""
    token = _reading.set([])
    try:
        yield
    finally:
        _reading.reset(token)


def moved() -> None:
    """The clock's row changed: the next `now()` reads it again."""
    kept = _reading.get()
    if kept:
        kept.clear()


@dataclass(frozen=True)
class DueWork:
    """Work an app does when simulated time reaches it.

    `next_due()` returns the earliest moment at which work is still pending (it may lie in the past, if
    the clock was set without running it), or None. `run(at)` does everything due at or before `at`,
    set-based and idempotent, and returns how many items it handled; afterwards no work due at or before
    `at` may remain pending.

    Two optional shortcuts let an advance over a large world skip re-reading it at every step:
    `moments(after, until)` lists the moments in (after, until] at which the work will fall due, given that nothing
    is pending at or before `after` and that the world changes only through due work meanwhile (what an advance
    does); `run_after(since, at)` does what `run(at)` does when all work due at or before `since` is known to be
    done, so it only looks at what fell due in (since, at]. The engine checks with `next_due()` once the listed
    moments are done, so a shortcut that missed something costs a second pass, never a lost item.
    """

    name: str
    label: str
    next_due: Callable[[], datetime | None]
    run: Callable[[datetime], int]
    moments: Callable[[datetime, datetime], list[datetime]] | None = None
    run_after: Callable[[datetime, datetime], int] | None = None


_registry: dict[str, DueWork] = {}


def register(work: DueWork) -> DueWork:
    _registry[work.name] = work
    return work


def registered() -> list[DueWork]:
    return list(_registry.values())


@contextmanager
def registered_for(work: DueWork) -> Iterator[DueWork]:
    """Register `work` for the duration of a block (tests)."""
    previous = _registry.get(work.name)
    register(work)
    try:
        yield work
    finally:
        if previous is None:
            _registry.pop(work.name, None)
        else:
            _registry[work.name] = previous
