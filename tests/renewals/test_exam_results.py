"""Exam results in the database, as a delivery provider sends them (CE-1..CE-6, CP-1, CP-6): a pass earns the
certification with its own number and expiry; an active certification is never changed by an exam; an expired
one is regained only by passing its exams again."""

from __future__ import annotations

import random
import re
from datetime import UTC, datetime, timedelta

import pytest

from profiles import selectors as profile_selectors
from profiles.models import Account, Certification, CertificationHeld, CertificationProfile, Exam, ExamResult
from profiles.services import ExamOutcome, exam_result_record
from profiles.services import exams as exam_services
from renewals import selectors
from renewals.models import RenewalAssessment
from renewals.services import renewal_attempt_submit
from tests.factories import (
    AccountFactory,
    CertificationFactory,
    CertificationProfileFactory,
    ExamFactory,
    answers_for,
    assessment_for,
)
from tests.helpers import refusal_of
from tests.renewals.conftest import EARNED

NUMBER = re.compile(r"^[A-Z][0-9]{3}-[0-9]{4}$")  # CE-6
EXPIRY = datetime(2026, 1, 10, 9, 0, tzinfo=UTC)


def record(
    profile: CertificationProfile | None,
    code: str,
    *,
    at: datetime = EARNED,
    score: int = 812,
    provider: str = "pearson_vue",
    now: datetime | None = None,
    **candidate: str,
) -> ExamOutcome:
    return exam_result_record(
        mcid=profile.mcid if profile else None,
        exam_code=code,
        taken_at=at,
        score=score,
        provider=provider,
        now=now or at,
        **candidate,
    )


def held(profile: CertificationProfile, certification: Certification) -> CertificationHeld:
    return CertificationHeld.objects.get(profile=profile, certification=certification)


@pytest.fixture
def architect(administrator: Certification) -> Certification:
    """An expert certification whose prerequisite is the Azure Administrator Associate (CE-1)."""
    expert = CertificationFactory(
        slug="azure-solutions-architect", name="Microsoft Certified: Azure Solutions Architect Expert", level="expert"
    )
    expert.prerequisites.add(administrator)
    ExamFactory(code="AZ-305", certifications=[expert])
    return expert


@pytest.fixture
def hybrid(db: None) -> Certification:
    """An associate certification that needs two exams, AZ-800 and AZ-801."""
    certification = CertificationFactory(
        slug="windows-server-hybrid-administrator", name="Windows Server Hybrid Administrator Associate"
    )
    ExamFactory(code="AZ-800", certifications=[certification])
    ExamFactory(code="AZ-801", certifications=[certification])
    return certification


# CE-2, CE-3


def test_ce2_a_pass_at_700_earns_the_certification_with_a_number_and_a_year_of_validity(
    hana_profile: CertificationProfile, az104: Exam, administrator: Certification
) -> None:
    outcome = record(hana_profile, "AZ-104", score=700)
    assert outcome.result.passed is True and outcome.notes == []
    (earned,) = outcome.earned
    assert earned.certification == administrator and earned.profile == hana_profile
    assert NUMBER.match(earned.number)
    assert (earned.earned_at, earned.expires_at, earned.cycle) == (EARNED, EXPIRY, 1)


def test_ce2_the_result_records_its_provider_date_score_and_pass(
    hana_profile: CertificationProfile, az104: Exam
) -> None:
    result = record(hana_profile, "az-104 ", score=745, provider="certiport").result
    result.refresh_from_db()
    assert (result.exam, result.provider, result.taken_at, result.score, result.passed) == (
        az104,
        "certiport",
        EARNED,
        745,
        True,
    )


def test_ce2_a_699_is_a_fail_and_earns_nothing(hana_profile: CertificationProfile, az104: Exam) -> None:
    outcome = record(hana_profile, "AZ-104", score=699)
    assert outcome.result.passed is False and outcome.earned == [] and outcome.notes == []
    assert ExamResult.objects.get().passed is False
    assert not CertificationHeld.objects.exists()


def test_ce3_a_fundamentals_certification_earned_by_exam_never_expires(hana_profile: CertificationProfile) -> None:
    fundamentals = CertificationFactory(slug="azure-fundamentals", level="fundamentals")
    ExamFactory(code="AZ-900", certifications=[fundamentals])
    (earned,) = record(hana_profile, "AZ-900").earned
    assert earned.expires_at is None


def test_ce3_a_certification_earned_on_29_february_expires_on_28_february(
    hana_profile: CertificationProfile, az104: Exam
) -> None:
    (earned,) = record(hana_profile, "AZ-104", at=datetime(2024, 2, 29, 15, 0, tzinfo=UTC)).earned
    assert earned.expires_at == datetime(2025, 2, 28, 15, 0, tzinfo=UTC)


def test_ce2_a_certification_needing_two_exams_is_earned_only_after_both_passes(
    hana_profile: CertificationProfile, hybrid: Certification
) -> None:
    first = record(hana_profile, "AZ-800")
    assert first.earned == []
    assert first.notes == ["Windows Server Hybrid Administrator Associate needs more exams: AZ-800, AZ-801."]
    record(hana_profile, "AZ-801", at=EARNED + timedelta(days=10), score=650)  # a fail doesn't count
    assert not CertificationHeld.objects.exists()
    (earned,) = record(hana_profile, "AZ-801", at=EARNED + timedelta(days=20)).earned
    assert earned.certification == hybrid
    assert earned.expires_at == datetime(2026, 1, 30, 9, 0, tzinfo=UTC)  # CE-3: a year from the second pass


def test_ce2_exams_recorded_out_of_order_earn_the_certification_when_the_last_was_passed(
    hana_profile: CertificationProfile, hybrid: Certification
) -> None:
    later = EARNED + timedelta(days=30)
    record(hana_profile, "AZ-801", at=later)
    (earned,) = record(hana_profile, "AZ-800", at=EARNED, now=later).earned
    assert earned.earned_at == later and earned.expires_at == datetime(2026, 2, 9, 9, 0, tzinfo=UTC)


# CE-1


def test_ce1_an_expert_is_not_earned_without_its_associate_prerequisite(
    hana_profile: CertificationProfile, architect: Certification
) -> None:
    outcome = record(hana_profile, "AZ-305")
    assert outcome.result.passed is True and outcome.earned == []
    assert outcome.notes == [
        "Microsoft Certified: Azure Solutions Architect Expert also requires Microsoft Certified: Azure "
        "Administrator Associate, which is not held and active."
    ]


def test_ce1_an_expert_is_earned_with_its_associate_prerequisite_held_and_active(
    hana_profile: CertificationProfile, az104: Exam, architect: Certification
) -> None:
    record(hana_profile, "AZ-104")
    (earned,) = record(hana_profile, "AZ-305", at=EARNED + timedelta(days=40)).earned
    assert earned.certification == architect
    assert earned.expires_at == datetime(2026, 2, 19, 9, 0, tzinfo=UTC)


def test_ce1_the_expert_exam_passed_again_once_the_associate_is_held_earns_the_expert(
    hana_profile: CertificationProfile, az104: Exam, architect: Certification
) -> None:
    record(hana_profile, "AZ-305")
    record(hana_profile, "AZ-104", at=EARNED + timedelta(days=1))
    retaken = EARNED + timedelta(days=2)
    (earned,) = record(hana_profile, "AZ-305", at=retaken).earned
    assert earned.certification == architect and earned.earned_at == retaken


def test_ce1_an_expired_associate_prerequisite_does_not_count(
    hana_profile: CertificationProfile, az104: Exam, architect: Certification
) -> None:
    record(hana_profile, "AZ-104")
    outcome = record(hana_profile, "AZ-305", at=EXPIRY + timedelta(days=1))
    assert outcome.earned == [] and "which is not held and active" in outcome.notes[0]


# CE-4


def test_ce4_passing_the_same_exam_again_while_active_changes_nothing_and_says_so(
    hana_profile: CertificationProfile, az104: Exam, administrator: Certification
) -> None:
    (earned,) = record(hana_profile, "AZ-104").earned
    outcome = record(hana_profile, "AZ-104", at=datetime(2025, 11, 1, 9, 0, tzinfo=UTC), score=950)
    assert outcome.result.passed is True and outcome.earned == []
    assert outcome.notes == [
        "Microsoft Certified: Azure Administrator Associate is already held and active: passing an exam never "
        "changes its expiry (CE-4). Renew it on Learn in its window."
    ]
    again = held(hana_profile, administrator)
    assert (again.expires_at, again.cycle, again.earned_at, again.number) == (EXPIRY, 1, EARNED, earned.number)


def test_ce4_passing_a_newer_exam_version_while_active_does_not_renew(
    hana_profile: CertificationProfile, az104: Exam, administrator: Certification
) -> None:
    record(hana_profile, "AZ-104")
    ExamFactory(code="AZ-104B", name="Azure Administrator (new version)", certifications=[administrator])
    outcome = record(hana_profile, "AZ-104B", at=datetime(2025, 12, 1, 9, 0, tzinfo=UTC))
    assert outcome.earned == [] and "already held and active" in outcome.notes[0]
    assert held(hana_profile, administrator).expires_at == EXPIRY


def test_ce4_after_expiry_passing_again_regains_it_with_a_new_expiry_and_cycle_keeping_its_number(
    hana_profile: CertificationProfile, az104: Exam, administrator: Certification
) -> None:
    (first,) = record(hana_profile, "AZ-104").earned
    regained_at = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    (again,) = record(hana_profile, "AZ-104", at=regained_at).earned
    assert again.pk == first.pk and again.number == first.number
    assert (again.earned_at, again.expires_at, again.cycle) == (
        regained_at,
        datetime(2027, 3, 2, 9, 0, tzinfo=UTC),
        2,
    )


def test_ce4_passing_at_the_exact_instant_of_expiry_regains_it(hana_profile: CertificationProfile, az104: Exam) -> None:
    record(hana_profile, "AZ-104")
    (again,) = record(hana_profile, "AZ-104", at=EXPIRY).earned
    assert (again.expires_at, again.cycle) == (datetime(2027, 1, 10, 9, 0, tzinfo=UTC), 2)


def test_ce4_passes_from_before_expiry_do_not_count_towards_regaining_it(
    hana_profile: CertificationProfile, hybrid: Certification
) -> None:
    record(hana_profile, "AZ-800")
    record(hana_profile, "AZ-801")
    outcome = record(hana_profile, "AZ-800", at=datetime(2026, 2, 1, 9, 0, tzinfo=UTC))
    assert outcome.earned == [] and "needs more exams" in outcome.notes[0]
    assert held(hana_profile, hybrid).expires_at == EXPIRY


# CE-5


@pytest.fixture
def associate_and_expert(
    hana_profile: CertificationProfile, az104: Exam, architect: Certification
) -> tuple[CertificationHeld, CertificationHeld]:
    (associate,) = record(hana_profile, "AZ-104").earned
    (expert,) = record(hana_profile, "AZ-305", at=datetime(2025, 3, 1, 9, 0, tzinfo=UTC)).earned
    return associate, expert


def test_ce5_renewing_the_associate_leaves_the_experts_expiry_alone(
    associate_and_expert: tuple[CertificationHeld, CertificationHeld],
    hana: Account,
    assessment: RenewalAssessment,
) -> None:
    associate, expert = associate_and_expert
    now = datetime(2025, 10, 20, 9, 0, tzinfo=UTC)
    renewal_attempt_submit(account=hana, held=associate, answers=answers_for(assessment, right=12), now=now)
    associate.refresh_from_db()
    expert.refresh_from_db()
    assert associate.expires_at == datetime(2027, 1, 10, 9, 0, tzinfo=UTC)
    assert (expert.expires_at, expert.cycle) == (datetime(2026, 3, 1, 9, 0, tzinfo=UTC), 1)


def test_ce5_renewing_the_expert_leaves_the_associates_expiry_alone(
    associate_and_expert: tuple[CertificationHeld, CertificationHeld], hana: Account, architect: Certification
) -> None:
    associate, expert = associate_and_expert
    expert_assessment = assessment_for(architect)
    now = datetime(2025, 12, 1, 9, 0, tzinfo=UTC)
    renewal_attempt_submit(account=hana, held=expert, answers=answers_for(expert_assessment, right=12), now=now)
    associate.refresh_from_db()
    expert.refresh_from_db()
    assert expert.expires_at == datetime(2027, 3, 1, 9, 0, tzinfo=UTC)
    assert (associate.expires_at, associate.cycle) == (EXPIRY, 1)


def test_ce5_the_expert_stays_active_when_its_associate_expires(
    associate_and_expert: tuple[CertificationHeld, CertificationHeld],
) -> None:
    associate, expert = associate_and_expert
    after = EXPIRY + timedelta(days=1)
    assert selectors.held_view(associate, now=after).status == "expired"
    assert selectors.held_view(expert, now=after).status == "in_window"


# CE-6


def test_ce6_each_earned_certification_has_its_own_number_distinct_from_the_mcid(
    hana_profile: CertificationProfile, az104: Exam, architect: Certification, hybrid: Certification
) -> None:
    kenji = CertificationProfileFactory(msa=AccountFactory(email="kenji@outlook.example"))
    numbers = [h.number for h in record(hana_profile, "AZ-104").earned]
    numbers += [h.number for h in record(kenji, "AZ-104").earned]
    numbers += [h.number for h in record(hana_profile, "AZ-305").earned]
    record(hana_profile, "AZ-800")
    numbers += [h.number for h in record(hana_profile, "AZ-801").earned]
    assert len(numbers) == 4 and len(set(numbers)) == 4
    assert all(NUMBER.match(n) for n in numbers)
    assert str(hana_profile.mcid) not in numbers and str(kenji.mcid) not in numbers


def test_ce6_a_number_already_given_is_never_given_again(
    hana_profile: CertificationProfile, az104: Exam, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The database refuses a second holder of a number; the draw is repeated."""
    kenji = CertificationProfileFactory(msa=AccountFactory(email="kenji@outlook.example"))
    monkeypatch.setattr(exam_services, "_rng", random.Random(42))
    (first,) = record(hana_profile, "AZ-104").earned
    monkeypatch.setattr(exam_services, "_rng", random.Random(42))  # the same draws again
    (second,) = record(kenji, "AZ-104").earned
    assert first.number != second.number and NUMBER.match(second.number)


# CP-1: who the candidate is


def test_cp1_recording_by_the_email_of_an_msa_with_no_profile_creates_its_profile(az104: Exam) -> None:
    kenji = AccountFactory(email="kenji@outlook.example", display_name="Kenji Sato")
    outcome = record(None, "AZ-104", candidate_email=" Kenji@Outlook.example")
    profile = outcome.result.profile
    assert profile.msa == kenji and profile.contact_email == "kenji@outlook.example"
    assert profile.legal_name == "Kenji Sato" and profile.created_at == EARNED
    assert len(outcome.earned) == 1 and outcome.earned[0].profile == profile


def test_cp1_recording_by_a_contact_email_finds_that_profile(hana_profile: CertificationProfile, az104: Exam) -> None:
    outcome = record(None, "AZ-104", candidate_email="hana.mail@outlook.example")
    assert outcome.result.profile == hana_profile
    assert CertificationProfile.objects.count() == 1


def test_cp1_recording_by_an_unknown_email_is_refused_and_records_nothing(az104: Exam) -> None:
    refused = refusal_of(lambda: record(None, "AZ-104", candidate_email="nobody@outlook.example"))
    assert (refused.code, refused.status) == ("unknown_candidate", 404)
    assert "nobody@outlook.example" in refused.message
    assert not ExamResult.objects.exists() and not CertificationProfile.objects.exists()


def test_cp1_the_email_of_a_work_account_creates_no_profile(az104: Exam, employee: Account) -> None:
    refused = refusal_of(lambda: record(None, "AZ-104", candidate_email=employee.email))
    assert refused.code == "unknown_candidate"
    assert not CertificationProfile.objects.exists()


def test_cp4_the_mcid_of_a_merged_profile_records_on_the_surviving_profile(
    hana_profile: CertificationProfile, az104: Exam
) -> None:
    alias = CertificationProfileFactory(
        msa=None, contact_email="hana.mail@outlook.example", merged_into=hana_profile, merged_at=EARNED
    )
    outcome = record(alias, "AZ-104")
    assert outcome.result.profile == hana_profile and outcome.earned[0].profile == hana_profile
    assert not ExamResult.objects.filter(profile=alias).exists()


# Refusals: nothing is recorded


def test_ce2_an_unknown_exam_is_refused(hana_profile: CertificationProfile) -> None:
    refused = refusal_of(lambda: record(hana_profile, "ZZ-999"))
    assert (refused.code, refused.status, refused.details) == ("unknown_exam", 404, {"exam": "ZZ-999"})
    assert not ExamResult.objects.exists()


def test_ce2_an_exam_dated_after_now_is_refused(hana_profile: CertificationProfile, az104: Exam) -> None:
    refused = refusal_of(lambda: record(hana_profile, "AZ-104", at=EARNED + timedelta(minutes=1), now=EARNED))
    assert refused.code == "exam_in_the_future"
    assert refused.message == "An exam result can't be dated after now (10 January 2025 09:00 UTC)."
    assert not ExamResult.objects.exists()


@pytest.mark.parametrize("score", [-1, 1001])
def test_ce2_a_score_outside_0_to_1000_is_refused(hana_profile: CertificationProfile, az104: Exam, score: int) -> None:
    refused = refusal_of(lambda: record(hana_profile, "AZ-104", score=score))
    assert (refused.code, refused.details) == ("score_out_of_range", {"score": score})
    assert not ExamResult.objects.exists()


def test_ce2_an_unknown_mcid_is_refused(az104: Exam) -> None:
    refused = refusal_of(
        lambda: exam_result_record(
            mcid=99_999_999, exam_code="AZ-104", taken_at=EARNED, score=800, provider="pearson_vue", now=EARNED
        )
    )
    assert (refused.code, refused.status) == ("unknown_mcid", 404)
    assert "99999999" in refused.message
    assert not ExamResult.objects.exists()


# CP-6


def test_cp6_a_certiport_pass_after_the_cutoff_earns_the_certification_but_stays_off_learn(
    hana_profile: CertificationProfile, az104: Exam
) -> None:
    (earned,) = record(hana_profile, "AZ-104", provider="certiport").earned
    assert earned.provider == "certiport" and earned.expires_at == EXPIRY
    assert profile_selectors.certifications_on_learn(hana_profile) == []
    assert profile_selectors.certiport_transcript(hana_profile) == [earned]


def test_cp6_a_certiport_pass_before_the_cutoff_and_a_pearson_vue_pass_appear_on_learn(
    hana_profile: CertificationProfile, az104: Exam, hybrid: Certification
) -> None:
    before_cutoff = datetime(2023, 5, 31, 23, 0, tzinfo=UTC)
    (old,) = record(hana_profile, "AZ-104", at=before_cutoff, provider="certiport").earned
    record(hana_profile, "AZ-800")
    (vue,) = record(hana_profile, "AZ-801").earned
    assert {h.pk for h in profile_selectors.certifications_on_learn(hana_profile)} == {old.pk, vue.pk}
