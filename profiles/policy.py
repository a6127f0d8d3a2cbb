"""A certification's validity in force, from settings (CE-3; RULES.md parameters)."""

from __future__ import annotations

from datetime import date

from django.conf import settings

from profiles.rules.certification import Validity


def validity() -> Validity:
    return Validity(
        validity_months=settings.CERT_VALIDITY_MONTHS,
        long_validity_months=settings.CERT_LONG_VALIDITY_MONTHS,
        long_validity_before=date.fromisoformat(settings.CERT_LONG_VALIDITY_BEFORE),
    )
