"""What every benchmark reports: its figure, the reference measured in the same run, and the ratio to the target."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from django.db import connection, transaction

T = TypeVar("T")


@dataclass(frozen=True)
class Result:
    name: str
    figure: str  # what was measured, with its unit
    reference: str  # what it is compared with, measured in the same run
    ratio: float  # figure / reference (or figure / limit)
    target: str  # e.g. "<= 2.0"
    met: bool
    note: str = ""

    def line(self) -> str:
        verdict = "met" if self.met else "MISSED"
        note = f"  ({self.note})" if self.note else ""
        ratio = f"ratio {self.ratio:.2f}, target {self.target}"
        return f"{self.name}: {self.figure} vs {self.reference}; {ratio}: {verdict}{note}"


def report(result: Result) -> Result:
    print(result.line(), flush=True)
    return result


def timed(work: Callable[[], T]) -> tuple[float, T]:
    start = time.perf_counter()
    value = work()
    return time.perf_counter() - start, value


def undone(work: Callable[[], T]) -> tuple[float, T]:
    """Time `work` in a transaction that is then rolled back, so the next run starts from the same world."""
    with transaction.atomic():
        seconds, value = timed(work)
        transaction.set_rollback(True)
    return seconds, value


def best_of(runs: int, *works: Callable[[], T]) -> list[tuple[float, T]]:
    """Each work `runs` times, interleaved (a, b, a, b) so that caches favour neither; the fastest run of each."""
    best: list[tuple[float, T] | None] = [None] * len(works)
    for _ in range(runs):
        for i, work in enumerate(works):
            seconds, value = undone(work)
            fastest = best[i]
            if fastest is None or seconds < fastest[0]:
                best[i] = (seconds, value)
    return [b for b in best if b is not None]


def execute(sql: str, params: dict | list | None = None) -> int:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return max(cursor.rowcount, 0)


def vacuum_analyze() -> None:
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
