"""Pure rules of the clock (SIM-1): durations, targets, never backwards. No database."""

from datetime import UTC, datetime, timedelta

import pytest

from certlink import rules
from certlink.errors import Refusal

NOW = datetime(2026, 1, 31, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("30d", NOW + timedelta(days=30)),
        ("2w", NOW + timedelta(weeks=2)),
        ("12h", NOW + timedelta(hours=12)),
        ("90m", NOW + timedelta(minutes=90)),
        ("1mo", datetime(2026, 2, 28, 9, 0, tzinfo=UTC)),
        ("1y", datetime(2027, 1, 31, 9, 0, tzinfo=UTC)),
        ("1y 1mo 1d", datetime(2027, 3, 1, 9, 0, tzinfo=UTC)),
        ("1D", NOW + timedelta(days=1)),
    ],
)
def test_sim1_a_duration_moves_the_instant_by_calendar_units(text: str, expected: datetime) -> None:
    assert rules.parse_duration(text).after(NOW) == expected


@pytest.mark.parametrize("text", ["", "30", "d", "thirty days", "-5d", "1x", "5d; drop table"])
def test_sim1_a_duration_that_is_not_one_is_refused_with_the_units(text: str) -> None:
    with pytest.raises(Refusal) as refused:
        rules.parse_duration(text)
    assert refused.value.code == "invalid_duration"
    assert "30d (days)" in refused.value.message


def test_sim1_a_leap_day_plus_a_year_is_the_28th_of_february() -> None:
    leap = datetime(2028, 2, 29, tzinfo=UTC)
    assert rules.parse_duration("1y").after(leap) == datetime(2029, 2, 28, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-03-01", datetime(2026, 3, 1, tzinfo=UTC)),
        ("2026-03-01T10:30", datetime(2026, 3, 1, 10, 30, tzinfo=UTC)),
        ("2026-03-01T10:30:00+02:00", datetime(2026, 3, 1, 8, 30, tzinfo=UTC)),
    ],
)
def test_sim1_a_target_is_a_date_or_an_instant_in_utc(text: str, expected: datetime) -> None:
    assert rules.parse_target(text) == expected


@pytest.mark.parametrize("text", ["tomorrow", "2026-13-01", "01/03/2026", ""])
def test_sim1_a_target_that_is_no_date_is_refused(text: str) -> None:
    with pytest.raises(Refusal) as refused:
        rules.parse_target(text)
    assert refused.value.code == "invalid_date"


def test_sim1_moving_backwards_is_refused_naming_both_dates() -> None:
    with pytest.raises(Refusal) as refused:
        rules.check_forward(now=NOW, target=NOW - timedelta(seconds=1))
    assert refused.value.code == "clock_backwards"
    assert "31 January 2026 09:00 UTC" in refused.value.message
    assert refused.value.details["now"] == NOW


def test_sim1_staying_put_is_not_moving_backwards() -> None:
    rules.check_forward(now=NOW, target=NOW)
