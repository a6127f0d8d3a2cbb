"""PR-1 and RN-8: a renewal notice or reminder goes to a certification profile's contact email in that profile's
language (its MSA's choice), whoever runs the clock and in whatever language."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import translation

from certlink.models import OutboxMessage
from renewals.reminders import reminders_run
from tests.factories import AccountFactory, CertificationHeldFactory, CertificationProfileFactory

EXPIRES = datetime(2026, 6, 30, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize("language", ["ja", "zh-hant", ""])
def test_pr1_rn8_a_reminder_to_a_contact_email_follows_its_certification_profiles_language(
    administrator, language: str
) -> None:  # type: ignore[no-untyped-def]
    msa = AccountFactory(language=language)
    profile = CertificationProfileFactory(msa=msa)
    CertificationHeldFactory(
        profile=profile, certification=administrator, earned_at=EXPIRES - timedelta(days=365), expires_at=EXPIRES
    )
    with translation.override("zh-hant" if language != "zh-hant" else "ja"):  # whoever runs the clock
        assert reminders_run(EXPIRES - timedelta(days=180)) == 1
    assert OutboxMessage.objects.get().language == language
