"""Calendar arithmetic every app shares (certification validity, renewal, the clock's durations): pure, no I/O."""

from __future__ import annotations

import calendar
from datetime import datetime


def add_months(instant: datetime, months: int) -> datetime:
    """The same day `months` later, or the month's last day where it has no such day (31 Jan + 1mo = 28 Feb)."""
    if months == 0:
        return instant
    index = instant.month - 1 + months
    year, month = instant.year + index // 12, index % 12 + 1
    day = min(instant.day, calendar.monthrange(year, month)[1])
    return instant.replace(year=year, month=month, day=day)
