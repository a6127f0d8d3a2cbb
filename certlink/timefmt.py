"""How certlink writes a simulated instant in sentences people read (refusals, emails, pages)."""

from __future__ import annotations

from datetime import date, datetime


def when(value: datetime | date) -> str:
    """'5 January 2026 09:00 UTC' for an instant, '5 January 2026' for a date."""
    if isinstance(value, datetime):
        return f"{value.day} {value:%B %Y %H:%M} UTC"
    return f"{value.day} {value:%B %Y}"
