"""Real-time spans on pages (SIM-5: a job's elapsed and remaining time), as certlink.timefmt writes them."""

from __future__ import annotations

from datetime import timedelta

from django import template

from certlink import timefmt

register = template.Library()


@register.filter
def lasted(value: timedelta | None) -> str:
    """'3 min 05 s' ('' for None: not known yet)."""
    return "" if value is None else timefmt.lasted(value)
