"""Dates as Partner Center writes them in PC-8's sentences, so a page says the date as the refusal does."""

from __future__ import annotations

from datetime import datetime

from django import template

from partners import rules

register = template.Library()


@register.filter
def pc_day(value: datetime | None) -> str:
    """'February 11, 2026' (rules.day); nothing for no date."""
    return rules.day(value) if value else ""
