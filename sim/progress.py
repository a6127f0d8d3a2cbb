"""SIM-5 in the shell: long work shows a progress bar on stderr, drawn by tqdm (a kept library, not a bar of our own).
`bar()` hands the work a `Progress` callable (done, total), as sim.population takes; the clock command moves the same
kind of bar by the share of its span each committed moment covered."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager

from tqdm import tqdm

from certlink import clock
from certlink.models import ClockAdvance
from sim.population import Progress


@contextmanager
def bar(label: str, *, unit: str = "it") -> Iterator[Progress]:
    """A bar labelled `label`, whose total the work gives with its first report."""
    with tqdm(desc=label, unit=unit, file=sys.stderr) as shown:

        def progress(done: int, total: int) -> None:
            if shown.total != total:
                shown.total = total
            shown.update(done - shown.n)

        yield progress


@contextmanager
def advance_bar(label: str = "advance") -> Iterator[clock.OnMoment]:
    """A bar over an advance's simulated span, moved by each committed moment (`clock advance`, `clock resume`, and
    `scenario load` for a scenario that advances the clock); it ends full."""
    with bar(label, unit="%") as progress:

        def on_moment(advance: ClockAdvance) -> None:
            progress(clock.progress_of(advance).percent, 100)

        progress(0, 100)
        yield on_moment
        progress(100, 100)
