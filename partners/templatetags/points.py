"""Solutions Partner points as people write them: 72, 72.5, 12.25 (scores are kept to two decimals as floats)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django import template

register = template.Library()


@register.filter
def points(value: object) -> str:
    """72.0 → "72", 72.50 → "72.5", 12.25 → "12.25"; anything that is not a number is shown as it is."""
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        return "" if value is None else str(value)
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    if not number.is_finite():
        return str(value)
    text = format(number, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text
