"""SIM-5 in the shell: long work shows a progress bar on stderr, drawn by tqdm (a kept library, not a bar of our own).
`bar()` hands the work a `Progress` callable (done, total), as sim.population takes; the clock command moves the same
kind of bar by the share of its span each committed moment covered."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager

from tqdm import tqdm

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
