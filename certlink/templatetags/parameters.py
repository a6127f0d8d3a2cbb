"""The settings of RULES.md's Parameters table that pages state in their sentences, so a page shows the value in
force (CP-6, CP-7, PC-8, PC-9), never a number written into the template."""

from __future__ import annotations

from datetime import date

from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def parameters() -> dict[str, object]:
    """`{% parameters as p %}`: then `p.certiport_cutoff` (a date), `p.name_change_hours`, and so on."""
    return {
        "certiport_cutoff": date.fromisoformat(settings.CERTIPORT_CUTOFF),
        "name_change_hours": settings.NAME_CHANGE_HOURS,
        "credit_propagation_days": settings.CREDIT_PROPAGATION_DAYS,
        "associations_per_year": settings.ASSOCIATIONS_PER_YEAR,
        "association_cooloff_days": settings.ASSOCIATION_COOLOFF_DAYS,
    }
