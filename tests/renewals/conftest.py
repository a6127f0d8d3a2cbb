"""The cast of the renewal tests: Hana, whose certification profile is connected to her Learn profile, and the
Azure Administrator Associate certification (AZ-104) with its renewal assessment."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from certlink.clock import clock_set
from profiles import services
from profiles.models import Account, Certification, CertificationHeld, CertificationProfile, Exam
from profiles.services import exam_result_record
from renewals.models import RenewalAssessment
from tests.factories import (
    AccountFactory,
    CertificationFactory,
    CertificationProfileFactory,
    ExamFactory,
    assessment_for,
)

EARNED = datetime(2025, 1, 10, 9, 0, tzinfo=UTC)


@pytest.fixture
def administrator(db: None) -> Certification:
    return CertificationFactory(
        slug="azure-administrator",
        name="Microsoft Certified: Azure Administrator Associate",
        level="associate",
        release_date=datetime(2019, 3, 26).date(),
    )


@pytest.fixture
def az104(administrator: Certification) -> Exam:
    return ExamFactory(code="AZ-104", name="Microsoft Azure Administrator", certifications=[administrator])


@pytest.fixture
def assessment(administrator: Certification) -> RenewalAssessment:
    return assessment_for(administrator)


@pytest.fixture
def hana(db: None) -> Account:
    return AccountFactory(email="hana@outlook.example", display_name="Hana Kobayashi")


@pytest.fixture
def hana_profile(hana: Account) -> CertificationProfile:
    """Hana's certification profile, connected to her Learn profile; its contact email is her own."""
    profile = CertificationProfileFactory(
        msa=hana, legal_name="Hana Kobayashi", contact_email="hana.mail@outlook.example"
    )
    clock_set(to=EARNED)
    services.certification_connect(signed_in=hana, now=EARNED)
    profile.refresh_from_db()
    return profile


@pytest.fixture
def held(hana_profile: CertificationProfile, az104: Exam) -> CertificationHeld:
    """Hana's Azure Administrator Associate, earned on EARNED at Pearson VUE (CE-2)."""
    (earned,) = exam_result_record(
        mcid=hana_profile.mcid, exam_code="AZ-104", taken_at=EARNED, score=800, provider="pearson_vue", now=EARNED
    ).earned
    return earned
