"""How certlink writes a simulated instant in sentences people read (refusals, emails, pages): with the active
language's DATE_FORMAT and DATETIME_FORMAT (certlink/formats/), as templates write them with `|date`."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _


def when(value: datetime | date) -> str:
    """'5 January 2026 09:00 UTC' for an instant, '5 January 2026' for a date (in English)."""
    if isinstance(value, datetime):
        return date_format(timezone.localtime(value) if timezone.is_aware(value) else value, "DATETIME_FORMAT")
    return date_format(value, "DATE_FORMAT")


def lasted(value: timedelta) -> str:
    """A real-time span a person waits through (SIM-5's elapsed and remaining): '45 s', '3 min 05 s', '1 h 02 min'."""
    seconds = max(int(value.total_seconds()), 0)
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    if hours:
        return _("%(h)d h %(m)02d min") % {"h": hours, "m": minutes}
    if minutes:
        return _("%(m)d min %(s)02d s") % {"m": minutes, "s": seconds}
    return _("%(s)d s") % {"s": seconds}
