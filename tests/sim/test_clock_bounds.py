"""SIM-1, issue 16 findings 7 and 8: advances are bounded (CLOCK_MAX_ADVANCE, default 10y, and never past the start
of the year 9000) and move the clock ("0d" doesn't). Past a bound the page, the API and the command refuse with the
same sentence, naming the bound and the date; nothing overflows on the way."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from certlink import clock, rules
from certlink.clock import clock_advance_by, clock_set
from certlink.errors import Refusal
from tests.conftest import START
from tests.helpers import page_text

NOW = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
ADVANCE = "/api/v1/clock/advance/"


def refused(call) -> Refusal:  # type: ignore[no-untyped-def]
    with pytest.raises(Refusal) as caught:
        call()
    return caught.value


# --- the pure rules ------------------------------------------------------------------------------------------------


def test_sim1_one_advance_may_move_the_clock_ten_years() -> None:
    rules.check_advance(now=NOW, target=NOW.replace(year=2036), longest="10y")


def test_sim1_one_advance_past_clock_max_advance_is_refused_naming_the_bound_and_the_date() -> None:
    refusal = refused(
        lambda: rules.check_advance(now=NOW, target=NOW.replace(year=2036) + timedelta(minutes=1), longest="10y")
    )
    assert refusal.code == "clock_advance_too_long"
    assert refusal.message.startswith(
        "One advance moves the clock at most 10y (CLOCK_MAX_ADVANCE): from 5 January 2026 09:00 UTC to "
        "5 January 2036 09:00 UTC at the latest"
    )
    assert refusal.details["latest"] == NOW.replace(year=2036)


def test_sim1_no_advance_passes_the_start_of_the_year_9000() -> None:
    refusal = refused(
        lambda: rules.check_advance(now=NOW, target=datetime(9000, 1, 1, 0, 1, tzinfo=UTC), longest="10y")
    )
    assert refusal.code == "clock_past_last_date" and "1 January 9000 00:00 UTC" in refusal.message
    late = datetime(8995, 6, 1, tzinfo=UTC)
    rules.check_advance(now=late, target=rules.LAST_INSTANT, longest="10y")
    assert refused(lambda: rules.check_advance(now=late, target=late.replace(year=9001), longest="99999y")).code == (
        "clock_past_last_date"
    )


@pytest.mark.parametrize("text", ["0d", "0y", "0m 0h", "00mo"])
def test_sim1_a_duration_of_nothing_is_refused(text: str) -> None:
    refusal = refused(lambda: rules.check_duration(rules.parse_duration(text), text=text))
    assert refusal.code == "duration_zero" and f"“{text}” doesn't move the clock" in refusal.message


@pytest.mark.parametrize(
    "text", ["7863y", "99999y", "99999999999y", "99999999999mo", "99999999999d", "99999999999m", "9" * 5000 + "h"]
)
def test_sim1_a_huge_duration_is_a_refusal_never_an_overflow(text: str) -> None:
    try:
        target = rules.parse_duration(text).after(NOW)
    except Refusal as refusal:
        assert refusal.code == "duration_too_long" and "1 January 9000" in refusal.message
    else:
        assert refused(lambda: rules.check_advance(now=NOW, target=target, longest="10y")).code in {
            "clock_past_last_date",
            "clock_advance_too_long",
        }


@pytest.mark.parametrize("text", ["9999-12-31T23:59:59-05:00", "0001-01-01T00:00:00+01:00"])
def test_sim1_a_target_that_leaves_the_calendar_in_utc_is_a_refusal(text: str) -> None:
    assert refused(lambda: rules.parse_target(text)).code in {"clock_past_last_date", "invalid_date"}


# --- the page, the API and the command -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"to": "9999-12-31T23:59:59Z"}, "clock_past_last_date"),
        ({"to": "9000-01-02"}, "clock_past_last_date"),
        ({"by": "7863y"}, "clock_past_last_date"),
        ({"by": "99999999999y"}, "duration_too_long"),
        ({"by": "11y"}, "clock_advance_too_long"),
        ({"to": "2036-01-06"}, "clock_advance_too_long"),
        ({"by": "0d"}, "duration_zero"),
    ],
)
def test_issue16_the_api_refuses_an_advance_past_a_bound_with_a_400_and_the_clock_still_reads(
    api_as, operator, body: dict, code: str
) -> None:  # type: ignore[no-untyped-def]
    api = api_as(operator)
    response = api.post(ADVANCE, body, format="json")
    assert response.status_code == 400 and response.json()["code"] == code
    assert clock.now() == START
    assert api.get("/api/v1/clock/").status_code == 200


def test_sim1_ten_years_in_one_advance_is_allowed(api_as, operator) -> None:  # type: ignore[no-untyped-def]
    response = api_as(operator).post(ADVANCE, {"by": "10y"}, format="json")
    assert response.status_code == 202 and response.json()["to_instant"] == "2036-01-05T09:00:00Z"


def test_sim1_clock_max_advance_is_a_setting(api_as, operator, settings) -> None:  # type: ignore[no-untyped-def]
    settings.CLOCK_MAX_ADVANCE = "1w"
    api = api_as(operator)
    assert api.post(ADVANCE, {"by": "8d"}, format="json").json()["code"] == "clock_advance_too_long"
    assert api.post(ADVANCE, {"by": "7d"}, format="json").status_code == 202


@pytest.mark.parametrize(
    ("api_body", "form", "argv"),
    [
        ({"by": "7863y"}, {"action": "by", "by": "7863y"}, ["7863y"]),
        ({"to": "9999-12-31"}, {"action": "to", "to": "9999-12-31"}, ["--to", "9999-12-31"]),
        ({"by": "20y"}, {"action": "by", "by": "20y"}, ["20y"]),
        ({"by": "0d"}, {"action": "by", "by": "0d"}, ["0d"]),
    ],
)
def test_sim1_the_page_the_api_and_the_command_say_the_same_sentence(
    api_as, page_as, operator, api_body: dict, form: dict, argv: list[str]
) -> None:  # type: ignore[no-untyped-def]
    message = api_as(operator).post(ADVANCE, api_body, format="json").json()["message"]
    page = page_as(operator).post("/sim/", form)
    assert page.status_code == 400 and message in page_text(page)
    with pytest.raises(CommandError) as command:
        call_command("clock", "advance", *argv, stdout=StringIO())
    assert message in str(command.value)
    assert clock.now() == START


def test_sim1_near_the_last_date_the_clock_pages_still_answer_and_the_last_step_is_refused(
    api_as, page_as, operator
) -> None:  # type: ignore[no-untyped-def]
    clock_set(to=rules.LAST_INSTANT - timedelta(days=1))
    clock_advance_by(duration="1d")
    assert clock.now() == rules.LAST_INSTANT
    api = api_as(operator)
    assert api.get("/api/v1/clock/").status_code == 200
    assert page_as(operator).get("/sim/").status_code == 200
    assert api.post(ADVANCE, {"by": "1m"}, format="json").json()["code"] == "clock_past_last_date"
    assert api.post(ADVANCE, {"next": True}, format="json").status_code == 400
