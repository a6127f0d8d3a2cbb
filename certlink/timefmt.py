"""How certlink writes a simulated instant in sentences people read (refusals, emails, pages): with the active
language's DATE_FORMAT and DATETIME_FORMAT (certlink/formats/), as templates write them with `|date`."""

from __future__ import annotations

from datetime import date, datetime

from django.utils import timezone
from django.utils.formats import date_format


def when(value: datetime | date) -> str:
    """'5 January 2026 09:00 UTC' for an instant, '5 January 2026' for a date (in English)."""
    if isinstance(value, datetime):
        return date_format(timezone.localtime(value) if timezone.is_aware(value) else value, "DATETIME_FORMAT")
    return date_format(value, "DATE_FORMAT")
