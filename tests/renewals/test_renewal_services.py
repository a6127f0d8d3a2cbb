"""Renewal attempts in the database (RN-1..RN-8): Hana renews the Azure Administrator Associate she earned on
10 January 2025 (expiry 10 January 2026; the window opens on 14 July 2025) on Learn."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from certlink.clock import clock_set
from certlink.errors import Refusal
from profiles import services as profile_services
from profiles.models import Account, Certification, CertificationHeld, CertificationProfile, Exam
from profiles.services import exam_result_record
from renewals.models import RenewalAssessment, RenewalAttempt, RenewalReminder
from renewals.reminders import reminders_claim, reminders_send
from renewals.services import renewal_attempt_submit
from tests.factories import (
    AccountFactory,
    CertificationFactory,
    CertificationHeldFactory,
    ExamFactory,
    answers_for,
    assessment_for,
)
from tests.helpers import refusal_of
from tests.renewals.conftest import EARNED

EXPIRY = datetime(2026, 1, 10, 9, 0, tzinfo=UTC)
OPENS = datetime(2025, 7, 14, 9, 0, tzinfo=UTC)  # RN-2: 180 days before EXPIRY
IN_WINDOW = datetime(2025, 10, 20, 9, 0, tzinfo=UTC)
RENEWED = datetime(2027, 1, 10, 9, 0, tzinfo=UTC)  # RN-4: a year from EXPIRY
ALL_RIGHT, FAILING = 12, 3  # of the 12 questions of the assessment


@pytest.fixture
def held(hana_profile: CertificationProfile, az104: Exam) -> CertificationHeld:
    (earned,) = exam_result_record(
        mcid=hana_profile.mcid, exam_code="AZ-104", taken_at=EARNED, score=812, provider="pearson_vue", now=EARNED
    ).earned
    assert earned.expires_at == EXPIRY
    return earned


def submit(account: Account, held: CertificationHeld, answers: dict[int, int], *, now: datetime) -> RenewalAttempt:
    clock_set(to=now)
    return renewal_attempt_submit(account=account, held=held, answers=answers, now=now)


def refused(account: Account, held: CertificationHeld, answers: dict[int, int], *, now: datetime) -> Refusal:
    return refusal_of(lambda: submit(account, held, answers, now=now))


def attempts(held: CertificationHeld) -> list[tuple[int, int, bool]]:
    return list(RenewalAttempt.objects.filter(held=held).values_list("cycle", "number", "passed"))


# RN-2


def test_rn2_an_attempt_before_the_window_opens_is_refused_with_its_opening_date(
    hana: Account, held: CertificationHeld, assessment: RenewalAssessment
) -> None:
    refusal = refused(hana, held, answers_for(assessment, right=ALL_RIGHT), now=OPENS - timedelta(seconds=1))
    assert refusal.code == "renewal_window_not_open"
    assert "from 14 July 2025 09:00 UTC, 180 days before it expires on 10 January 2026 09:00 UTC" in refusal.message
    assert refusal.details["opens_at"] == OPENS
    assert attempts(held) == []


def test_rn2_an_attempt_from_the_instant_the_window_opens_renews(
    hana: Account, held: CertificationHeld, assessment: RenewalAssessment
) -> None:
    attempt = submit(hana, held, answers_for(assessment, right=ALL_RIGHT), now=OPENS)
    held.refresh_from_db()
    assert attempt.passed is True and held.expires_at == RENEWED


def test_rn2_an_attempt_at_the_instant_of_expiry_is_refused_and_names_the_exam(
    hana: Account, held: CertificationHeld, assessment: RenewalAssessment
) -> None:
    refusal = refused(hana, held, answers_for(assessment, right=ALL_RIGHT), now=EXPIRY)
    assert refusal.code == "certification_expired"
    assert "earn it again by passing AZ-104" in refusal.message
    held.refresh_from_db()
    assert attempts(held) == [] and held.expires_at == EXPIRY


def test_rn2_a_retired_certification_is_refused(
    hana: Account, held: CertificationHeld, assessment: RenewalAssessment, administrator: Certification
) -> None:
    administrator.retirement_date = date(2025, 9, 30)
    administrator.save(update_fields=["retirement_date"])
    refusal = refused(hana, held, answers_for(assessment, right=ALL_RIGHT), now=IN_WINDOW)
    assert refusal.code == "certification_retired"
    assert attempts(held) == []


def test_ce3_a_fundamentals_certification_has_nothing_to_renew(
    hana: Account, hana_profile: CertificationProfile
) -> None:
    fundamentals = CertificationFactory(slug="azure-fundamentals", name="Azure Fundamentals", level="fundamentals")
    forever = CertificationHeldFactory(profile=hana_profile, certification=fundamentals, expires_at=None)
    refusal = refused(hana, forever, {}, now=IN_WINDOW)
    assert refusal.code == "not_renewable"


# RN-3


def test_rn3_a_certification_profile_not_connected_to_learn_is_refused(
    hana: Account, held: CertificationHeld, assessment: RenewalAssessment, hana_profile: CertificationProfile
) -> None:
    CertificationProfile.objects.filter(pk=hana_profile.pk).update(learn_profile=None, connected_at=None)
    refusal = refused(hana, held, answers_for(assessment, right=ALL_RIGHT), now=IN_WINDOW)
    assert refusal.code == "not_connected"
    assert "must be connected to this Learn profile" in refusal.message
    assert attempts(held) == []


def test_rn3_someone_elses_learn_profile_cannot_renew_hanas_certification(
    held: CertificationHeld, assessment: RenewalAssessment
) -> None:
    kenji = AccountFactory(email="kenji@outlook.example")
    profile_services.learn_profile_for(account=kenji, now=EARNED)
    refusal = refused(kenji, held, answers_for(assessment, right=ALL_RIGHT), now=IN_WINDOW)
    assert refusal.code == "not_connected"
    assert attempts(held) == []


# RN-4


def test_rn4_a_pass_extends_expiry_a_year_from_the_old_expiry_and_starts_cycle_2(
    hana: Account, held: CertificationHeld, assessment: RenewalAssessment
) -> None:
    attempt = submit(hana, held, answers_for(assessment, right=ALL_RIGHT), now=IN_WINDOW)
    held.refresh_from_db()
    assert (attempt.cycle, attempt.number, attempt.score, attempt.passed) == (1, 1, 100, True)
    assert (held.expires_at, held.cycle, held.renewed_at) == (RENEWED, 2, IN_WINDOW)
    assert held.earned_at == EARNED  # renewing is not earning again


def test_rn4_a_fail_changes_nothing_on_the_certification(
    hana: Account, held: CertificationHeld, assessment: RenewalAssessment
) -> None:
    attempt = submit(hana, held, answers_for(assessment, right=FAILING), now=IN_WINDOW)
    held.refresh_from_db()
    assert attempt.passed is False
    assert (held.expires_at, held.cycle, held.renewed_at) == (EXPIRY, 1, None)


def test_rn4_a_renewed_certification_cannot_be_renewed_again_before_its_next_window(
    hana: Account, held: CertificationHeld, assessment: RenewalAssessment
) -> None:
    submit(hana, held, answers_for(assessment, right=ALL_RIGHT), now=IN_WINDOW)
    refusal = refused(hana, held, answers_for(assessment, right=ALL_RIGHT), now=IN_WINDOW + timedelta(hours=1))
    assert refusal.code == "renewal_window_not_open"
    assert refusal.details["opens_at"] == datetime(2026, 7, 14, 9, 0, tzinfo=UTC)


def test_rn6_the_attempt_count_restarts_with_each_renewal_cycle(
    hana: Account, held: CertificationHeld, assessment: RenewalAssessment
) -> None:
    submit(hana, held, answers_for(assessment, right=FAILING), now=IN_WINDOW)
    submit(hana, held, answers_for(assessment, right=FAILING), now=IN_WINDOW + timedelta(minutes=5))
    submit(hana, held, answers_for(assessment, right=ALL_RIGHT), now=IN_WINDOW + timedelta(days=1, minutes=5))
    next_window = datetime(2026, 7, 20, 9, 0, tzinfo=UTC)
    submit(hana, held, answers_for(assessment, right=FAILING), now=next_window)
    retake = submit(hana, held, answers_for(assessment, right=FAILING), now=next_window + timedelta(minutes=5))
    assert (retake.cycle, retake.number) == (2, 2)  # the free retake of the new cycle, at once
    assert attempts(held) == [(1, 1, False), (1, 2, False), (1, 3, True), (2, 1, False), (2, 2, False)]


# RN-5


def test_rn5_renewing_one_certification_leaves_another_held_one_untouched(
    hana: Account, held: CertificationHeld, assessment: RenewalAssessment, hana_profile: CertificationProfile
) -> None:
    developer = CertificationFactory(slug="azure-developer", name="Microsoft Certified: Azure Developer Associate")
    ExamFactory(code="AZ-204", certifications=[developer])
    (other,) = exam_result_record(
        mcid=hana_profile.mcid, exam_code="AZ-204", taken_at=EARNED, score=790, provider="pearson_vue", now=EARNED
    ).earned
    assessment_for(developer)
    submit(hana, held, answers_for(assessment, right=ALL_RIGHT), now=IN_WINDOW)
    other.refresh_from_db()
    assert (other.expires_at, other.cycle, other.renewed_at) == (EXPIRY, 1, None)
    assert attempts(other) == []


# RN-6


def test_rn6_after_a_fail_the_second_attempt_may_follow_at_once(
    hana: Account, held: CertificationHeld, assessment: RenewalAssessment
) -> None:
    submit(hana, held, answers_for(assessment, right=FAILING), now=IN_WINDOW)
    second = submit(hana, held, answers_for(assessment, right=FAILING), now=IN_WINDOW)
    assert second.number == 2


def test_rn6_a_third_attempt_within_24_hours_of_the_second_is_refused_with_the_next_moment(
    hana: Account, held: CertificationHeld, assessment: RenewalAssessment
) -> None:
    submit(hana, held, answers_for(assessment, right=FAILING), now=IN_WINDOW)
    second_at = IN_WINDOW + timedelta(minutes=10)
    submit(hana, held, answers_for(assessment, right=FAILING), now=second_at)
    refusal = refused(hana, held, answers_for(assessment, right=ALL_RIGHT), now=second_at + timedelta(hours=23))
    assert (refusal.code, refusal.status) == ("renewal_retake_wait", 429)
    assert refusal.details["next_attempt_at"] == second_at + timedelta(hours=24)
    assert "your next attempt is possible from 21 October 2025 09:10 UTC" in refusal.message
    assert len(attempts(held)) == 2


def test_rn6_the_third_attempt_is_allowed_at_exactly_24_hours_after_the_second(
    hana: Account, held: CertificationHeld, assessment: RenewalAssessment
) -> None:
    submit(hana, held, answers_for(assessment, right=FAILING), now=IN_WINDOW)
    second_at = IN_WINDOW + timedelta(minutes=10)
    submit(hana, held, answers_for(assessment, right=FAILING), now=second_at)
    third = submit(hana, held, answers_for(assessment, right=ALL_RIGHT), now=second_at + timedelta(hours=24))
    assert (third.number, third.passed) == (3, True)


def test_rn6_each_later_attempt_waits_24_hours_after_the_previous_one(
    hana: Account, held: CertificationHeld, assessment: RenewalAssessment
) -> None:
    moment = IN_WINDOW
    for _ in range(3):
        submit(hana, held, answers_for(assessment, right=FAILING), now=moment)
        moment += timedelta(hours=24)
    refusal = refused(hana, held, answers_for(assessment, right=ALL_RIGHT), now=moment - timedelta(minutes=1))
    assert refusal.code == "renewal_retake_wait"
    assert refusal.details["next_attempt_at"] == moment


# RN-7


def test_rn7_the_attempt_records_its_score_by_skill_area(
    hana: Account, held: CertificationHeld, assessment: RenewalAssessment
) -> None:
    attempt = submit(hana, held, answers_for(assessment, right=6), now=IN_WINDOW)
    attempt.refresh_from_db()
    assert (attempt.score, attempt.passed) == (50, False)
    assert attempt.by_skill == {
        "Identity": {"right": 4, "of": 4},
        "Storage": {"right": 2, "of": 4},
        "Compute": {"right": 0, "of": 4},
    }


@pytest.mark.parametrize(("right", "score", "passed"), [(3, 60, True), (2, 40, False)])
def test_rn7_three_of_five_pass_and_two_of_five_fail(
    hana: Account, held: CertificationHeld, administrator: Certification, right: int, score: int, passed: bool
) -> None:
    five = assessment_for(administrator, areas=("Identity",), per_area=5)
    attempt = submit(hana, held, answers_for(five, right=right), now=IN_WINDOW)
    held.refresh_from_db()
    assert (attempt.score, attempt.passed) == (score, passed)
    assert held.expires_at == (RENEWED if passed else EXPIRY)


def test_rn7_unanswered_questions_are_refused_and_nothing_is_recorded(
    hana: Account, held: CertificationHeld, assessment: RenewalAssessment
) -> None:
    answers = answers_for(assessment, right=ALL_RIGHT)
    for question_id in list(answers)[:2]:
        del answers[question_id]
    refusal = refused(hana, held, answers, now=IN_WINDOW)
    assert refusal.code == "unanswered_questions"
    assert refusal.message == "Answer every question before you submit: 2 are still unanswered."
    assert attempts(held) == []


def test_rn7_answers_to_questions_not_in_the_assessment_are_refused_and_nothing_is_recorded(
    hana: Account, held: CertificationHeld, assessment: RenewalAssessment, administrator: Certification
) -> None:
    other = assessment_for(CertificationFactory(slug="azure-developer"))
    stranger = other.questions.first().pk  # type: ignore[union-attr]
    answers = {**answers_for(assessment, right=ALL_RIGHT), stranger: 1}
    refusal = refused(hana, held, answers, now=IN_WINDOW)
    assert refusal.code == "unknown_questions"
    assert refusal.details == {"questions": [stranger]}
    held.refresh_from_db()
    assert attempts(held) == [] and held.expires_at == EXPIRY


# RN-8


def test_rn8_a_renewal_deletes_the_unsent_reminders_of_the_old_cycle_and_keeps_the_sent_ones(
    hana: Account, held: CertificationHeld, assessment: RenewalAssessment
) -> None:
    reminders_claim(at=OPENS)
    assert reminders_send(at=OPENS) == 1  # the notice
    ninety_days_before = EXPIRY - timedelta(days=90)
    assert reminders_claim(at=ninety_days_before) == 1  # reminder 1, claimed and not sent yet
    submit(hana, held, answers_for(assessment, right=ALL_RIGHT), now=ninety_days_before)
    rows = list(RenewalReminder.objects.filter(held=held).values_list("cycle", "number", "sent_at"))
    assert rows == [(1, 0, OPENS)]
    assert reminders_claim(at=ninety_days_before) == 0  # the new cycle's window isn't open yet
    assert reminders_send(at=ninety_days_before) == 0


# RN-1


def test_rn1_an_assessment_not_available_yet_is_refused_with_the_date_it_will_be(
    hana: Account, held: CertificationHeld, assessment: RenewalAssessment, administrator: Certification
) -> None:
    administrator.release_date = date(2025, 3, 1)  # released recently: its assessment comes 182 days later
    administrator.save(update_fields=["release_date"])
    refusal = refused(hana, held, answers_for(assessment, right=ALL_RIGHT), now=datetime(2025, 8, 1, tzinfo=UTC))
    assert refusal.code == "renewal_assessment_unavailable"
    assert refusal.details == {"available_from": date(2025, 8, 30)}
    assert "isn't available from 30 August 2025" in refusal.message
    assert attempts(held) == []


def test_rn1_the_assessment_is_available_from_its_date(
    hana: Account, held: CertificationHeld, assessment: RenewalAssessment, administrator: Certification
) -> None:
    administrator.release_date = date(2025, 3, 1)
    administrator.save(update_fields=["release_date"])
    attempt = submit(hana, held, answers_for(assessment, right=ALL_RIGHT), now=datetime(2025, 8, 30, tzinfo=UTC))
    assert attempt.passed is True


def test_rn1_a_certification_with_no_assessment_is_refused(hana: Account, held: CertificationHeld) -> None:
    refusal = refused(hana, held, {}, now=IN_WINDOW)
    assert refusal.code == "renewal_assessment_unavailable"
    assert refusal.message.endswith("isn't available yet.")
