"""Pure rules of certifications and renewals (CE-3, CE-6, RN-1, RN-2, RN-4, RN-6, RN-7, RN-8): plain values and
an explicit `now`, no database."""

from __future__ import annotations

import random
import re
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest

from profiles.rules.certification import certification_number, expiry_for
from renewals.rules import (
    Policy,
    Question,
    Renewable,
    assessment_available_from,
    check_can_renew,
    email_due,
    next_attempt_at,
    reminder_schedule,
    renewed_expiry,
    score,
    status,
    window_opens_at,
)
from tests.helpers import refusal_of

POLICY = Policy()
EXPIRY = datetime(2026, 1, 10, 9, 0, tzinfo=UTC)
OPENS = datetime(2025, 7, 14, 9, 0, tzinfo=UTC)  # 180 days before EXPIRY
SECOND = timedelta(seconds=1)


def at(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)  # type: ignore[misc]


# CE-3


@pytest.mark.parametrize(
    ("level", "earned_at", "expires_at"),
    [
        ("associate", at(2025, 1, 10, 9, 0), at(2026, 1, 10, 9, 0)),
        ("expert", at(2025, 1, 10, 9, 0), at(2026, 1, 10, 9, 0)),
        ("specialty", at(2025, 1, 10, 9, 0), at(2026, 1, 10, 9, 0)),
        ("associate", at(2021, 6, 1, 0, 0), at(2022, 6, 1, 0, 0)),  # the day the policy changed: one year
        ("associate", at(2021, 5, 31, 23, 59), at(2023, 5, 31, 23, 59)),  # the day before: two years
        ("expert", at(2020, 11, 3, 14, 0), at(2022, 11, 3, 14, 0)),
        ("specialty", at(2019, 7, 1, 8, 30), at(2021, 7, 1, 8, 30)),
    ],
)
def test_ce3_associate_expert_and_specialty_expire_after_a_year_or_two_if_earned_before_june_2021(
    level: str, earned_at: datetime, expires_at: datetime
) -> None:
    assert expiry_for(level=level, earned_at=earned_at, policy=POLICY) == expires_at


@pytest.mark.parametrize("earned_at", [at(2019, 1, 1, 9, 0), at(2025, 1, 10, 9, 0), at(2024, 2, 29, 9, 0)])
def test_ce3_fundamentals_never_expire(earned_at: datetime) -> None:
    assert expiry_for(level="fundamentals", earned_at=earned_at, policy=POLICY) is None


@pytest.mark.parametrize(
    ("earned_at", "expires_at"),
    [
        (at(2024, 2, 29, 9, 0), at(2025, 2, 28, 9, 0)),  # no 29 February next year: the last day of February
        (at(2020, 2, 29, 9, 0), at(2022, 2, 28, 9, 0)),  # two years (before June 2021), the same
        (at(2023, 2, 28, 9, 0), at(2024, 2, 28, 9, 0)),  # a 28 February stays the 28th in a leap year
    ],
)
def test_ce3_a_certification_earned_on_29_february_expires_on_the_last_day_of_february(
    earned_at: datetime, expires_at: datetime
) -> None:
    assert expiry_for(level="associate", earned_at=earned_at, policy=POLICY) == expires_at


def test_ce3_validity_is_configurable() -> None:
    policy = Policy(validity_months=6)
    assert expiry_for(level="associate", earned_at=at(2025, 1, 10, 9, 0), policy=policy) == at(2025, 7, 10, 9, 0)


# RN-4


@pytest.mark.parametrize(
    ("expires_at", "renewed"),
    [
        (at(2026, 1, 10, 9, 0), at(2027, 1, 10, 9, 0)),
        (at(2025, 2, 28, 9, 0), at(2026, 2, 28, 9, 0)),
        (at(2028, 2, 29, 9, 0), at(2029, 2, 28, 9, 0)),
        (at(2026, 12, 31, 23, 59), at(2027, 12, 31, 23, 59)),
    ],
)
def test_rn4_renewal_extends_expiry_by_one_year_from_the_current_expiry(
    expires_at: datetime, renewed: datetime
) -> None:
    assert renewed_expiry(expires_at) == renewed


def test_rn4_the_day_of_passing_does_not_matter() -> None:
    """renewed_expiry takes no `now`: passing on the first or the last day of the window gives the same date."""
    assert renewed_expiry(EXPIRY) == at(2027, 1, 10, 9, 0)


# RN-2


def test_rn2_the_window_opens_180_days_before_expiry() -> None:
    assert window_opens_at(EXPIRY, policy=POLICY) == OPENS


def test_rn2_the_window_length_is_configurable() -> None:
    assert window_opens_at(EXPIRY, policy=Policy(window_days=90)) == at(2025, 10, 12, 9, 0)


def state(now: datetime, *, level: str = "associate", retirement_date: date | None = None) -> str:
    expires = None if level == "fundamentals" else EXPIRY
    return status(level=level, expires_at=expires, retirement_date=retirement_date, now=now, policy=POLICY)


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (at(2025, 1, 10, 9, 0), "active"),
        (OPENS - SECOND, "active"),
        (OPENS, "in_window"),  # from the exact instant the window opens
        (EXPIRY - SECOND, "in_window"),
        (EXPIRY, "expired"),  # at the exact instant of expiry
        (EXPIRY + timedelta(days=400), "expired"),
    ],
)
def test_rn2_status_is_active_then_in_window_from_the_opening_instant_then_expired_at_the_expiry_instant(
    now: datetime, expected: str
) -> None:
    assert state(now) == expected


def test_rn2_a_certification_past_its_retirement_date_is_retired() -> None:
    assert state(at(2025, 9, 1, 0, 0), retirement_date=date(2025, 9, 1)) == "retired"
    assert state(at(2025, 8, 31, 23, 59), retirement_date=date(2025, 9, 1)) == "in_window"


def test_rn2_an_expired_certification_reads_expired_even_if_retired_since() -> None:
    assert state(EXPIRY, retirement_date=date(2025, 9, 1)) == "expired"


def test_ce3_fundamentals_are_always_active() -> None:
    assert state(at(2040, 1, 1, 0, 0), level="fundamentals") == "active"


# RN-1


@pytest.mark.parametrize(
    ("release", "available"),
    [
        (date(2019, 3, 26), date(2019, 9, 24)),
        (date(2024, 2, 29), date(2024, 8, 29)),
        (date(2025, 12, 31), date(2026, 7, 1)),
    ],
)
def test_rn1_the_renewal_assessment_exists_182_days_after_the_release(release: date, available: date) -> None:
    assert assessment_available_from(release, policy=POLICY) == available


def test_rn1_a_certification_without_a_release_date_has_no_such_date() -> None:
    assert assessment_available_from(None, policy=POLICY) is None


def test_rn1_the_delay_is_configurable() -> None:
    assert assessment_available_from(date(2025, 1, 1), policy=Policy(assessment_delay_days=10)) == date(2025, 1, 11)


# RN-8


def test_rn8_the_notice_goes_when_the_window_opens_and_four_reminders_at_90_60_30_and_7_days() -> None:
    assert reminder_schedule(EXPIRY, policy=POLICY) == [
        (0, OPENS),
        (1, EXPIRY - timedelta(days=90)),
        (2, EXPIRY - timedelta(days=60)),
        (3, EXPIRY - timedelta(days=30)),
        (4, EXPIRY - timedelta(days=7)),
    ]


def test_rn8_at_most_four_reminders_even_if_more_days_are_configured() -> None:
    configured = (120, 90, 60, 30, 7)
    schedule = reminder_schedule(EXPIRY, policy=Policy(reminder_days=configured))
    assert [number for number, _ in schedule] == [0, 1, 2, 3, 4]
    moments = [moment for _, moment in schedule]
    assert moments == sorted(moments) and moments[0] == OPENS
    assert {(EXPIRY - moment).days for moment in moments[1:]} <= set(configured)


def test_rn8_reminders_come_in_time_order_whatever_order_they_are_configured_in() -> None:
    schedule = reminder_schedule(EXPIRY, policy=Policy(reminder_days=(7, 90, 30, 60)))
    assert schedule == reminder_schedule(EXPIRY, policy=POLICY)


def test_rn8_a_reminder_day_outside_the_window_never_comes_before_the_notice() -> None:
    """'When the window opens, a notice goes ...; then at most four reminders': a configured day on or before the
    opening (or at expiry) is no reminder, and can't supersede the notice."""
    schedule = reminder_schedule(EXPIRY, policy=Policy(reminder_days=(200, 180, 60, 0)))
    assert schedule == [(0, OPENS), (1, EXPIRY - timedelta(days=60))]
    assert email_due(EXPIRY, now=OPENS, notice_at=None, policy=Policy(reminder_days=(200, 60))) == 0


@pytest.mark.parametrize(
    ("now", "notice_at", "expected"),
    [
        (OPENS - SECOND, None, None),
        (OPENS, None, 0),
        (EXPIRY - timedelta(days=90, seconds=1), None, 0),  # the window is open and had no notice: the notice
        (EXPIRY - timedelta(days=90, seconds=1), OPENS, None),  # the notice went: nothing until reminder 1
        (EXPIRY - timedelta(days=90), OPENS, 1),
        (EXPIRY - timedelta(days=45), OPENS, 2),
        (EXPIRY - timedelta(days=30), OPENS, 3),
        (EXPIRY - timedelta(days=7), OPENS, 4),
        (EXPIRY - SECOND, OPENS, 4),
        (EXPIRY, OPENS, None),  # nothing after expiry
        (EXPIRY, None, None),
        (EXPIRY + timedelta(days=30), None, None),
    ],
)
def test_rn8_the_email_due_is_the_notice_then_the_latest_reminder_and_none_after_expiry(
    now: datetime, notice_at: datetime | None, expected: int | None
) -> None:
    assert email_due(EXPIRY, now=now, notice_at=notice_at, policy=POLICY) == expected


# RN-6


FIRST = at(2025, 10, 1, 9, 0)


@pytest.mark.parametrize(
    ("previous", "expected"),
    [
        ([], None),
        ([FIRST], None),  # the 2nd attempt may follow a failed 1st at once
        ([FIRST, FIRST + timedelta(minutes=5)], FIRST + timedelta(minutes=5, hours=24)),
        ([FIRST, FIRST + timedelta(hours=1), FIRST + timedelta(days=3)], FIRST + timedelta(days=4)),
        ([FIRST + timedelta(days=3), FIRST, FIRST + timedelta(hours=1)], FIRST + timedelta(days=4)),  # any order
    ],
)
def test_rn6_no_wait_after_one_attempt_then_24_hours_after_the_previous_one(
    previous: list[datetime], expected: datetime | None
) -> None:
    assert next_attempt_at(previous, policy=POLICY) == expected


def test_rn6_free_retakes_and_wait_are_configurable() -> None:
    policy = Policy(free_retakes=2, retake_wait=timedelta(hours=6))
    two = [FIRST, FIRST + timedelta(minutes=1)]
    assert next_attempt_at(two, policy=policy) is None
    assert next_attempt_at([*two, FIRST + timedelta(hours=1)], policy=policy) == FIRST + timedelta(hours=7)


# check_can_renew: the first reason an attempt cannot start, in order


RENEWABLE = Renewable(
    name="Microsoft Certified: Azure Administrator Associate",
    level="associate",
    expires_at=EXPIRY,
    retirement_date=None,
    assessment_from=date(2019, 9, 24),
    has_assessment=True,
    connected=True,
    attempts=(),
    exams=("AZ-104",),
)
IN_WINDOW = at(2025, 10, 20, 9, 0)


def test_rn2_an_active_connected_certification_in_its_window_may_be_renewed() -> None:
    check_can_renew(RENEWABLE, now=IN_WINDOW, policy=POLICY)


def test_ce3_fundamentals_have_nothing_to_renew() -> None:
    fundamentals = replace(RENEWABLE, name="Azure Fundamentals", level="fundamentals", expires_at=None)
    refused = refusal_of(lambda: check_can_renew(fundamentals, now=IN_WINDOW, policy=POLICY))
    assert refused.code == "not_renewable"
    assert refused.message == "Azure Fundamentals doesn't expire, so there is nothing to renew."


def test_rn2_an_expired_certification_is_refused_and_the_sentence_names_the_exams_to_pass() -> None:
    item = replace(RENEWABLE, connected=False, retirement_date=date(2025, 1, 1))  # expiry is the first reason
    refused = refusal_of(lambda: check_can_renew(item, now=EXPIRY, policy=POLICY))
    assert refused.code == "certification_expired"
    assert refused.message == (
        "Microsoft Certified: Azure Administrator Associate expired on 10 January 2026 09:00 UTC. An expired "
        "certification can't be renewed: earn it again by passing AZ-104."
    )
    assert refused.details == {"expired_at": EXPIRY, "exams": ["AZ-104"]}


def test_rn2_a_retired_certification_is_refused() -> None:
    item = replace(RENEWABLE, retirement_date=date(2025, 9, 30), connected=False)
    refused = refusal_of(lambda: check_can_renew(item, now=IN_WINDOW, policy=POLICY))
    assert refused.code == "certification_retired"
    assert "was retired on 30 September 2025" in refused.message


def test_rn3_a_certification_profile_not_connected_to_learn_is_refused() -> None:
    item = replace(RENEWABLE, connected=False, has_assessment=False)
    refused = refusal_of(lambda: check_can_renew(item, now=at(2025, 1, 20, 9, 0), policy=POLICY))
    assert refused.code == "not_connected"
    assert refused.details == {"doctor": "/learn/doctor/"}


def test_rn2_before_the_window_is_refused_with_the_opening_date_in_the_sentence() -> None:
    item = replace(RENEWABLE, has_assessment=False)
    refused = refusal_of(lambda: check_can_renew(item, now=OPENS - SECOND, policy=POLICY))
    assert refused.code == "renewal_window_not_open"
    assert refused.message == (
        "You can renew Microsoft Certified: Azure Administrator Associate from 14 July 2025 09:00 UTC, 180 days "
        "before it expires on 10 January 2026 09:00 UTC. We'll email you when the window opens."
    )
    assert refused.details == {"opens_at": OPENS, "expires_at": EXPIRY}


def test_rn2_the_window_is_open_from_its_exact_opening_instant() -> None:
    check_can_renew(RENEWABLE, now=OPENS, policy=POLICY)


def test_rn1_an_assessment_not_available_yet_is_refused_with_its_date() -> None:
    item = replace(RENEWABLE, assessment_from=date(2025, 11, 1))
    refused = refusal_of(lambda: check_can_renew(item, now=IN_WINDOW, policy=POLICY))
    assert refused.code == "renewal_assessment_unavailable"
    assert refused.message == (
        "The renewal assessment for Microsoft Certified: Azure Administrator Associate isn't available from "
        "1 November 2025."
    )
    assert refused.details == {"available_from": date(2025, 11, 1)}
    check_can_renew(item, now=at(2025, 11, 1, 0, 0), policy=POLICY)


def test_rn1_a_certification_with_no_assessment_is_refused_without_a_past_date() -> None:
    item = replace(RENEWABLE, has_assessment=False)
    refused = refusal_of(lambda: check_can_renew(item, now=IN_WINDOW, policy=POLICY))
    assert refused.code == "renewal_assessment_unavailable"
    assert refused.message == (
        "The renewal assessment for Microsoft Certified: Azure Administrator Associate isn't available yet."
    )


def test_rn6_a_third_attempt_within_24_hours_is_refused_with_429_and_the_next_moment() -> None:
    second = IN_WINDOW + timedelta(minutes=10)
    item = replace(RENEWABLE, attempts=(IN_WINDOW, second))
    refused = refusal_of(lambda: check_can_renew(item, now=second + timedelta(hours=23), policy=POLICY))
    assert refused.code == "renewal_retake_wait"
    assert refused.status == 429
    assert refused.details == {"next_attempt_at": second + timedelta(hours=24), "attempts": 2}
    assert "24 hours" in refused.message and "21 October 2025 09:10 UTC" in refused.message


def test_rn6_a_third_attempt_is_allowed_at_exactly_24_hours_after_the_second() -> None:
    second = IN_WINDOW + timedelta(minutes=10)
    item = replace(RENEWABLE, attempts=(IN_WINDOW, second))
    check_can_renew(item, now=second + timedelta(hours=24), policy=POLICY)


def test_rn6_retakes_are_unlimited_until_expiry() -> None:
    attempts = tuple(IN_WINDOW + timedelta(days=n) for n in range(30))
    check_can_renew(replace(RENEWABLE, attempts=attempts), now=attempts[-1] + timedelta(days=1), policy=POLICY)


# RN-7


def questions(areas: dict[str, int]) -> list[Question]:
    """Questions numbered from 1 in the given skill areas; the right answer of each is 1."""
    areas_in_order = [area for area, count in areas.items() for _ in range(count)]
    return [Question(id=n, skill_area=area, answer=1) for n, area in enumerate(areas_in_order, start=1)]


def answered(qs: list[Question], *, right: int) -> dict[int, int]:
    """Answers to every question, the first `right` of them right."""
    return {q.id: (1 if n < right else 2) for n, q in enumerate(qs)}


def test_rn7_the_score_is_the_percent_answered_right_by_skill_area() -> None:
    qs = questions({"Identity": 2, "Storage": 3})
    result = score(qs, {1: 1, 2: 3, 3: 1, 4: 1, 5: 0}, policy=POLICY)
    assert result.percent == 60
    assert result.by_skill == {"Identity": {"right": 1, "of": 2}, "Storage": {"right": 2, "of": 3}}


@pytest.mark.parametrize(("right", "passed"), [(60, True), (59, False), (100, True), (0, False)])
def test_rn7_exactly_60_percent_passes_and_59_fails(right: int, passed: bool) -> None:
    qs = questions({"Compute": 100})
    result = score(qs, answered(qs, right=right), policy=POLICY)
    assert (result.percent, result.passed) == (right, passed)


@pytest.mark.parametrize(("right", "passed"), [(3, True), (2, False)])
def test_rn7_three_of_five_pass_and_two_of_five_fail(right: int, passed: bool) -> None:
    qs = questions({"Identity": 5})
    result = score(qs, answered(qs, right=right), policy=POLICY)
    assert result.passed is passed


def test_rn7_just_under_60_percent_fails_and_is_not_shown_as_60() -> None:
    """119 of 200 is 59.5%: not "at least 60", and a fail never reads as the pass mark."""
    qs = questions({"Networking": 200})
    result = score(qs, answered(qs, right=119), policy=POLICY)
    assert (result.percent, result.passed) == (59, False)


def test_rn7_unanswered_questions_count_as_wrong() -> None:
    qs = questions({"Identity": 5})
    result = score(qs, {1: 1, 2: 1, 3: 1}, policy=POLICY)
    assert (result.percent, result.passed) == (60, True)
    assert score(qs, {1: 1, 2: 1}, policy=POLICY).by_skill == {"Identity": {"right": 2, "of": 5}}


def test_rn7_the_pass_mark_is_configurable() -> None:
    qs = questions({"Identity": 5})
    assert score(qs, answered(qs, right=3), policy=Policy(pass_percent=80)).passed is False
    assert score(qs, answered(qs, right=4), policy=Policy(pass_percent=80)).passed is True


# CE-6


def test_ce6_certification_numbers_are_a_letter_three_digits_a_dash_and_four_digits() -> None:
    rng = random.Random(20260105)
    numbers = [certification_number(rng) for _ in range(5000)]
    assert all(re.fullmatch(r"[A-Z][0-9]{3}-[0-9]{4}", number) for number in numbers)
    assert len(set(numbers)) > 4990  # drawn from 230 million: collisions are rare (the database refuses them)


def test_ce6_a_certification_number_is_distinct_from_an_mcid() -> None:
    """An MCID is all digits; a certification number starts with a letter, so the two can't be confused."""
    number = certification_number(random.Random(7))
    assert not number.isdigit() and number[0].isalpha()
