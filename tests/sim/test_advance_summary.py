"""An advance's summary (SIM-1): the moments it stopped at and each work's items in that work's unit, said by one
function, so the clock page's message, its *Recent advances* and the API give the same figures."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import pytest

from certlink import clock
from sim.selectors import advance_summary
from tests.conftest import START
from tests.helpers import page_text


def step(day: int, work: str, handled: int) -> dict:
    return {"at": (START + timedelta(days=day)).isoformat(), "work": work, "handled": handled}


def test_the_summary_counts_moments_not_steps_and_each_work_in_its_unit() -> None:
    steps = [
        step(1, "renewal_reminders", 2000),
        step(1, "credit_propagation", 10),  # the same moment as the reminders: one moment
        step(2, "renewal_reminders", 604),
        step(3, "credit_propagation", 2),
        step(10, "skills_refresh", 1),
        step(11, "legal_name_changes", 1),
    ]
    assert advance_summary(steps) == (
        "5 moments, 2,604 emails, 12 credits arrived, 1 credit removed, 1 legal-name change"
    )


def test_the_summary_leaves_out_work_that_handled_nothing() -> None:
    assert advance_summary([step(1, "legal_name_changes", 0)]) == "1 moment"


def test_an_advance_with_no_due_work_says_so() -> None:
    assert advance_summary([]) == "no due work"


def test_a_work_without_a_unit_is_counted_in_items_of_its_label(db: None) -> None:
    with clock.registered_for(
        clock.DueWork("agenda", "Test agenda", lambda now, since=None: None, lambda since, at: 0)
    ):
        assert advance_summary([step(1, "agenda", 3)]) == "1 moment, 3 items of Test agenda"


@dataclass
class Due:
    """Due work for the test: `per_moment` items at each of its moments."""

    moments: list[datetime]
    per_moment: int
    done: set[datetime] = field(default_factory=set)

    def next_due(self, now: datetime, since: datetime | None = None) -> datetime | None:
        return min((m for m in self.moments if m not in self.done), default=None)

    def run(self, since: datetime | None, at: datetime) -> int:
        ready = [m for m in self.moments if m <= at and m not in self.done]
        self.done.update(ready)
        return len(ready) * self.per_moment


@pytest.fixture
def due_work(db: None) -> Iterator[None]:
    """Reminders at three moments (1,000 emails each) and credits at two, one of them shared: four moments."""
    days = [START + timedelta(days=d) for d in (2, 5, 9)]
    reminders = Due(days, 1000)
    credits = Due([days[1], START + timedelta(days=20)], 6)
    with (
        clock.registered_for(clock.DueWork("renewal_reminders", "Reminders", reminders.next_due, reminders.run)),
        clock.registered_for(clock.DueWork("credit_propagation", "Credits", credits.next_due, credits.run)),
    ):
        yield


def test_the_advances_page_and_recent_advances_give_the_same_figures(page_as, operator, due_work) -> None:
    browser = page_as(operator)
    response = browser.post("/sim/", {"action": "by", "by": "30d"}, follow=True)
    summary = "4 moments, 3,000 emails, 12 credits arrived"
    assert f": {summary}." in page_text(response)  # the advance's own page (SIM-5), where the clock page sends it
    clock_page = page_text(browser.get("/sim/"))
    assert re.findall(r'<td class="advance-summary">([^<]*)</td>', clock_page) == [summary]  # Recent advances


def test_the_api_gives_the_pages_summary(api_as, operator, due_work) -> None:
    body = api_as(operator).post("/api/v1/clock/advance/", {"by": "30d"}, format="json").json()
    assert body["summary"] == "4 moments, 3,000 emails, 12 credits arrived" and len(body["steps"]) == 5
