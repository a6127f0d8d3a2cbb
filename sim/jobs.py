"""SIM-5: long operator work as background jobs. An advance of the clock is recorded (and refused, one at a time) in
the request, then run by a Celery task: in a worker in the full stack, eagerly in the embedded default. Its
ClockAdvance row is the job: the engine commits it moment by moment with how far it got, and its page, the API and
the CLI read its progress from there (certlink.clock.progress_of)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from certlink import clock
from certlink.models import ClockAdvance
from sim import tasks


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
