"""The renewal policy in force, from settings (RULES.md parameters)."""

from __future__ import annotations

from dataclasses import asdict

from django.conf import settings

from profiles.policy import validity
from renewals.rules import Policy


def policy() -> Policy:
    return Policy(
        **asdict(validity()),
        window_days=settings.RENEWAL_WINDOW_DAYS,
        assessment_delay_days=settings.RENEWAL_ASSESSMENT_DELAY_DAYS,
        free_retakes=settings.RENEWAL_FREE_RETAKES,
        retake_wait=settings.RENEWAL_RETAKE_WAIT,
        pass_percent=settings.RENEWAL_PASS_PERCENT,
        reminder_days=tuple(settings.RENEWAL_REMINDER_DAYS),
    )
