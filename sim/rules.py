"""Pure rules of the simulated clock: durations and targets (SIM-1). No database, no I/O."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from certlink.errors import Refusal
from certlink.timefmt import when

_PART = re.compile(r"(\d+)\s*(y|mo|w|d|h|m)", re.IGNORECASE)
_WHOLE = re.compile(r"^\s*(?:\d+\s*(?:y|mo|w|d|h|m)\s*)+$", re.IGNORECASE)


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
            f"“{text}” is not a duration. Write a number and a unit: 30d (days), 2w (weeks), 12h (hours), "
            "90m (minutes), 6mo (months) or 1y (years), or several, such as 1y 2mo.",
            duration=text,
        )
    months, delta = 0, timedelta(0)
    for amount, unit in _PART.findall(text):
        number, unit = int(amount), unit.lower()
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
        "That goes past the last date the calendar knows (31 December 9999). Choose a shorter duration.",
    )


def add_months(instant: datetime, months: int) -> datetime:
    """The same day `months` later, or the month's last day where it has no such day (31 Jan + 1mo = 28 Feb)."""
    if months == 0:
        return instant
    index = instant.month - 1 + months
    year, month = instant.year + index // 12, index % 12 + 1
    day = min(instant.day, calendar.monthrange(year, month)[1])
    return instant.replace(year=year, month=month, day=day)


def parse_target(text: str) -> datetime:
    """A date (midnight UTC) or an ISO instant; a naive instant is read as UTC."""
    try:
        if len(text.strip()) == 10:
            return datetime.combine(date.fromisoformat(text.strip()), datetime.min.time(), tzinfo=UTC)
        instant = datetime.fromisoformat(text.strip())
    except (ValueError, AttributeError):
        raise Refusal(
            "invalid_date",
            f"“{text}” is not a date. Write it as YYYY-MM-DD, or YYYY-MM-DDTHH:MM for a time (UTC).",
            date=text,
        ) from None
    return instant if instant.tzinfo else instant.replace(tzinfo=UTC)


def check_forward(*, now: datetime, target: datetime) -> None:
    if target < now:
        raise Refusal(
            "clock_backwards",
            f"The simulated clock only moves forward: it is {when(now)} now, and {when(target)} is earlier. "
            "Choose a later date.",
            now=now,
            requested=target,
        )
