"""The clock from the page, the API and the command (SIM-1): the same service behind each."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from certlink import clock
from tests.conftest import START
from tests.helpers import page_text


def test_sim1_an_operator_advances_the_clock_from_the_sim_page(page_as, operator) -> None:
    client = page_as(operator)
    page = client.get("/sim/")
    assert page.status_code == 200 and "Monday 5 January 2026 09:00 UTC" in page_text(page)
    response = client.post("/sim/", {"action": "by", "by": "30d"}, follow=True)
    assert "The clock moved from 5 January 2026 09:00 UTC to 4 February 2026 09:00 UTC" in page_text(response)
    client.post("/sim/", {"action": "to", "to": "2026-03-01"})
    assert clock.now() == START.replace(month=3, day=1, hour=0)


def test_sim1_the_page_refuses_going_back_in_words_and_keeps_the_clock(page_as, operator) -> None:
    client = page_as(operator)
    response = client.post("/sim/", {"action": "to", "to": "2025-12-31"})
    assert response.status_code == 400
    assert 'data-code="clock_backwards"' in page_text(response)
    assert "only moves forward" in page_text(response)
    assert clock.now() == START


def test_sim1_the_page_refuses_a_duration_that_is_none(page_as, operator) -> None:
    response = page_as(operator).post("/sim/", {"action": "by", "by": "soon"})
    assert response.status_code == 400 and 'data-code="invalid_duration"' in page_text(response)
    assert 'value="soon"' in page_text(response)


def test_sim1_the_page_says_when_nothing_is_scheduled(page_as, operator) -> None:
    response = page_as(operator).post("/sim/", {"action": "next"})
    assert response.status_code == 400 and 'data-code="no_scheduled_event"' in page_text(response)


def test_sim1_only_operators_open_the_sim_page(page_as, learner, agent) -> None:
    assert page_as(learner).get("/sim/").status_code == 403
    assert page_as(agent).post("/sim/", {"action": "by", "by": "1d"}).status_code == 403
    assert clock.now() == START


def test_sim1_anyone_signed_in_reads_the_clock_through_the_api(api_as, learner) -> None:
    response = api_as(learner).get("/api/v1/clock/")
    assert response.status_code == 200
    assert response.json()["now"] == "2026-01-05T09:00:00Z"


def test_sim1_the_api_advances_by_to_and_next(api_as, operator) -> None:
    api = api_as(operator)
    assert api.post("/api/v1/clock/advance/", {"by": "1d"}, format="json").json()["to_instant"] == (
        "2026-01-06T09:00:00Z"
    )
    assert api.post("/api/v1/clock/advance/", {"to": "2026-02-01"}, format="json").status_code == 202
    refused = api.post("/api/v1/clock/advance/", {"next": True}, format="json")
    assert refused.status_code == 400 and refused.json()["code"] == "no_scheduled_event"


def test_sim1_the_api_refuses_going_back_with_the_pages_sentence(api_as, operator) -> None:
    response = api_as(operator).post("/api/v1/clock/advance/", {"to": "2020-01-01"}, format="json")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "clock_backwards" and body["details"]["now"] == START.isoformat()
    assert body["message"].startswith("The simulated clock only moves forward: it is 5 January 2026 09:00 UTC")


@pytest.mark.parametrize("body", [{}, {"by": "1d", "to": "2026-02-01"}, {"by": 5}, {"next": "sometimes"}])
def test_sim1_the_api_wants_exactly_one_way_to_advance(api_as, operator, body: dict) -> None:
    response = api_as(operator).post("/api/v1/clock/advance/", body, format="json")
    assert response.status_code == 400 and response.json()["code"] in {"invalid", "invalid_duration"}
    assert clock.now() == START


def test_sim1_only_operators_advance_through_the_api(api_as, learner) -> None:
    response = api_as(learner).post("/api/v1/clock/advance/", {"by": "1d"}, format="json")
    assert response.status_code == 403 and response.json()["code"] == "forbidden"
    assert clock.now() == START


def test_sim1_the_command_shows_and_advances(db: None) -> None:
    out = StringIO()
    call_command("clock", "show", stdout=out)
    assert "2026-01-05T09:00:00+00:00" in out.getvalue()
    call_command("clock", "advance", "30d", stdout=out)
    assert clock.now() == START + timedelta(days=30)
    call_command("clock", "advance", "--to", "2026-03-01", stdout=out)
    assert clock.now().date().isoformat() == "2026-03-01"


def test_sim1_the_command_refuses_going_back_in_words(db: None) -> None:
    with pytest.raises(CommandError, match="only moves forward"):
        call_command("clock", "advance", "--to", "2025-01-01")
