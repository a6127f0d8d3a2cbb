"""Pure rules of the simulated clock: durations and targets (SIM-1). No database, no I/O."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from django.utils.translation import gettext as _

from certlink.dates import add_months
from certlink.errors import Refusal
from certlink.timefmt import when

_PART = re.compile(r"(\d+)\s*(y|mo|w|d|h|m)", re.IGNORECASE)
_WHOLE = re.compile(r"^\s*(?:\d+\s*(?:y|mo|w|d|h|m)\s*)+$", re.IGNORECASE)
# SIM-1: the clock never passes the start of the year 9000, a thousand years short of the last date datetime holds,
# so that every "next date" a rule computes from the clock (a validity, a window, a reminder) still fits.
LAST_INSTANT = datetime(9000, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class Duration:
    months: int = 0
    delta: timedelta = timedelta(0)

    def after(self, instant: datetime) -> datetime:
        try:
            return add_months(instant, self.months) + self.delta
        except (OverflowError, ValueError):  # past year 9999: datetime can't hold it
            raise _past_the_calendar() from None

    @property
    def is_zero(self) -> bool:
        return self.months == 0 and self.delta == timedelta(0)


def parse_duration(text: str) -> Duration:
    """'30d', '2w', '12h', '90m', '1y', '6mo', or a combination such as '1y 2mo 3d'."""
    if not _WHOLE.match(text or ""):
        raise Refusal(
            "invalid_duration",
            _(
                "“%(text)s” is not a duration. Write a number and a unit: 30d (days), 2w (weeks), 12h (hours), "
                "90m (minutes), 6mo (months) or 1y (years), or several, such as 1y 2mo."
            )
            % {"text": text},
            duration=text,
        )
    months, delta = 0, timedelta(0)
    for amount, unit in _PART.findall(text):
        try:
            number, unit = int(amount), unit.lower()
        except ValueError:  # more digits than int() reads: no calendar holds it
            raise _past_the_calendar() from None
        if unit == "y":
            months += 12 * number
        elif unit == "mo":
            months += number
        else:
            try:
                delta += {
                    "w": timedelta(weeks=1),
                    "d": timedelta(days=1),
                    "h": timedelta(hours=1),
                    "m": timedelta(minutes=1),
                }[unit] * number
            except OverflowError:  # more days than timedelta holds
                raise _past_the_calendar() from None
    return Duration(months=months, delta=delta)


def _past_the_calendar() -> Refusal:
    return Refusal(
        "duration_too_long",
        _("That goes past the last date the simulated clock can reach, %(last)s. Choose a shorter duration.")
        % {"last": when(LAST_INSTANT)},
        last=LAST_INSTANT,
    )


def parse_target(text: str) -> datetime:
    """A date (midnight UTC) or an ISO instant; a naive instant is read as UTC."""
    try:
        if len(text.strip()) == 10:
            return datetime.combine(date.fromisoformat(text.strip()), datetime.min.time(), tzinfo=UTC)
        instant = datetime.fromisoformat(text.strip())
    except (ValueError, AttributeError):
        raise Refusal(
            "invalid_date",
            _("“%(text)s” is not a date. Write it as YYYY-MM-DD, or YYYY-MM-DDTHH:MM for a time (UTC).")
            % {"text": text},
            date=text,
        ) from None
    if not instant.tzinfo:
        return instant.replace(tzinfo=UTC)
    try:
        return instant.astimezone(UTC)
    except OverflowError:  # an offset that takes it outside the calendar (year 1 or 9999)
        if instant.year < LAST_INSTANT.year:
            raise Refusal("invalid_date", _("“%(text)s” is not a date the clock can reach.") % {"text": text}) from None
        raise past_last_date(instant.replace(tzinfo=None).replace(tzinfo=UTC)) from None


def check_forward(*, now: datetime, target: datetime) -> None:
    if target < now:
        raise Refusal(
            "clock_backwards",
            _(
                "The simulated clock only moves forward: it is %(now)s now, and %(target)s is earlier. "
                "Choose a later date."
            )
            % {"now": when(now), "target": when(target)},
            now=now,
            requested=target,
        )


def check_duration(duration: Duration, *, text: str) -> None:
    """SIM-1: an advance by a duration moves the clock; "0d" does not."""
    if duration.is_zero:
        raise Refusal(
            "duration_zero",
            _("“%(text)s” doesn't move the clock. Advance by more than nothing, such as 1h or 30d.") % {"text": text},
            duration=text,
        )


def check_advance(*, now: datetime, target: datetime, longest: str) -> None:
    """SIM-1: an advance moves forward, never past LAST_INSTANT, and at most `longest` (CLOCK_MAX_ADVANCE, a
    duration such as 10y) in one go."""
    check_forward(now=now, target=target)
    if target > LAST_INSTANT:
        raise past_last_date(target)
    try:
        limit = min(parse_duration(longest).after(now), LAST_INSTANT)
    except Refusal:  # a setting longer than the calendar: the last instant bounds it
        limit = LAST_INSTANT
    if target > limit:
        raise Refusal(
            "clock_advance_too_long",
            _(
                "One advance moves the clock at most %(longest)s (CLOCK_MAX_ADVANCE): from %(now)s to %(limit)s at "
                "the latest, and %(target)s is later. Advance in several steps, or choose an earlier date."
            )
            % {"longest": longest, "now": when(now), "limit": when(limit), "target": when(target)},
            longest=longest,
            latest=limit,
            requested=target,
        )


def past_last_date(target: datetime) -> Refusal:
    return Refusal(
        "clock_past_last_date",
        _(
            "That goes past the last date the simulated clock can reach, %(last)s: %(target)s is later. "
            "Choose an earlier date or a shorter duration."
        )
        % {"last": when(LAST_INSTANT), "target": when(target)},
        last=LAST_INSTANT,
        requested=target,
    )


@dataclass(frozen=True)
class AdvanceProgress:
    """SIM-5: how far an advance has got, as its page, the API and the CLI show it. `done` is the share of the
    simulated span covered (0..1): moments are not known before the engine reaches them, the span is. Elapsed and
    remaining are real time (the engine's infrastructure), remaining estimated from the pace so far."""

    done: float
    moments: int
    items: int
    elapsed: timedelta
    remaining: timedelta | None  # None: not yet known (nothing covered) or finished

    @property
    def percent(self) -> int:
        return int(self.done * 100)


def advance_progress(
    *,
    start: datetime,
    target: datetime,
    reached: datetime | None,
    moments: int,
    items: int,
    started_at: datetime | None,
    real_now: datetime,
    finished: bool,
) -> AdvanceProgress:
    span = (target - start).total_seconds()
    covered = ((reached or start) - start).total_seconds()
    done, elapsed, remaining = _pace(covered, span, started_at=started_at, real_now=real_now, finished=finished)
    return AdvanceProgress(done=done, moments=moments, items=items, elapsed=elapsed, remaining=remaining)


def _pace(
    done: float, total: float, *, started_at: datetime | None, real_now: datetime, finished: bool
) -> tuple[float, timedelta, timedelta | None]:
    """SIM-5, for every job: the share done (0..1), the real time elapsed, and the time left at the pace so far
    (None until something is done, and once finished)."""
    share = 1.0 if finished or total <= 0 else max(0.0, min(1.0, done / total))
    elapsed = max(real_now - started_at, timedelta(0)) if started_at else timedelta(0)
    remaining = None
    if not finished and 0 < share < 1:
        remaining = timedelta(seconds=elapsed.total_seconds() * (1 - share) / share)
    return share, elapsed, remaining


@dataclass(frozen=True)
class JobProgress:
    """SIM-5: how far a background job other than an advance (a scenario load, the reset, a population) has got:
    its steps done of their total, the items it handled, and real time elapsed and left, as its page, the API and the
    CLI show them."""

    done: float
    steps: int
    total: int
    items: int
    elapsed: timedelta
    remaining: timedelta | None

    @property
    def percent(self) -> int:
        return int(self.done * 100)


def job_progress(
    *, steps: int, total: int, items: int, started_at: datetime | None, real_now: datetime, finished: bool
) -> JobProgress:
    done, elapsed, remaining = _pace(steps, total, started_at=started_at, real_now=real_now, finished=finished)
    return JobProgress(done=done, steps=steps, total=total, items=items, elapsed=elapsed, remaining=remaining)
