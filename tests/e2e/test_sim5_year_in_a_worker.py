"""SIM-5 in a browser with the full stack's moving parts: the live server sends the advance to real Celery workers on
Redis, which share the live server's PostgreSQL test database. An operator asks for a year on a generated world from
/sim/, lands on the advance's own page and watches htmx move its bar in place to the end, while a second advance,
asked for in another tab meanwhile, is refused with a sentence. How fast each click is answered on a 20,000-learner
world is a benchmark's business (benchmarks/browser_year.py), not this test's."""

from __future__ import annotations

import re

import pytest
from django.db import connection

from certlink import clock
from certlink.models import ClockAdvance
from profiles.models import Account
from renewals.catalog import catalog_load
from sim.population import PopulationSpec, population_create
from tests.e2e.conftest import Web
from tests.e2e.steps import expect, sign_in
from tests.factories import START
from tests.integration.conftest import (  # noqa: F401  (fixtures: real workers on this test's own Redis queue)
    broker_queue,
    requires_redis,
    results_in_redis,
    start_worker,
)

pytestmark = [
    pytest.mark.integration,
    # Real workers waited on in real time: in turn with the integration tests, on one xdist worker.
    pytest.mark.xdist_group("integration"),
    requires_redis,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL (DATABASE_URL=postgres://...): the Celery workers share the live server's test "
        "database, which SQLite keeps in this process's memory",
    ),
]

# A year over this world stops at some 80 moments, each waiting in the workers for its ranges: about ten seconds, long
# enough to watch the bar move (htmx asks for it every second), short enough for CI.
LEARNERS = 5
FINISH_MS = 240_000  # real time the bar may take to reach the end on a loaded machine
# Every value the bar takes while the page is open, recorded in the page itself: a reload would lose the record.
WATCH_BAR = """() => {
    window.sim5Bar = [];
    const record = () => {
        const bar = document.querySelector('#advance-progress progress');
        const value = bar && Number(bar.getAttribute('value'));
        if (bar && window.sim5Bar[window.sim5Bar.length - 1] !== value) window.sim5Bar.push(value);
    };
    record();
    new MutationObserver(record).observe(document.body, {childList: true, subtree: true, attributes: true});
}"""
MOVED = "() => window.sim5Bar.some(value => value > 0)"


@pytest.fixture
def generated_world(transactional_db: None, settings) -> None:  # type: ignore[no-untyped-def]
    """The catalog and a generated world (SIM-4), committed where the workers read it."""
    settings.CLOCK_FAN_OUT_TIMEOUT = 120
    catalog_load()
    population_create(spec=PopulationSpec(learners=LEARNERS, orgs=2, seed=7), now=clock.now())


@pytest.fixture
def two_workers(request: pytest.FixtureRequest) -> None:
    """Two real workers on this test's own Redis queue (tests/integration/conftest.py): the advance runs in one,
    its moments' ranges go to the other."""
    request.getfixturevalue("results_in_redis")
    start = request.getfixturevalue("start_worker")
    start("w1"), start("w2")


@pytest.mark.usefixtures("generated_world", "two_workers")
def test_sim5_an_operator_advances_a_year_watches_the_bar_move_to_the_end_and_a_second_advance_is_refused(
    web: Web, operator: Account
) -> None:
    page = web.person()
    page.goto("/")
    sign_in(page, operator)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Simulation").click()
    expect(page.get_by_role("heading", name="Simulated clock")).to_be_visible()

    page.get_by_role("button", name="+1y").click()

    expect(page).to_have_url(re.compile(r"/sim/advances/\d+/$"))
    expect(page.get_by_role("heading", name=re.compile("Advance of the clock to 5 January 2027"))).to_be_visible()
    page.evaluate(WATCH_BAR)
    advance_url = page.url

    # SIM-5: meanwhile, in a second tab, the same operator asks for another advance and is told to wait.
    other = page.context.new_page()
    other.goto("/sim/")
    running = other.get_by_role("region", name="Unfinished advance")
    expect(running.get_by_role("status")).to_contain_text("is running")
    other.get_by_role("button", name="+1d").click()
    refusal = other.get_by_role("alert").filter(has_text="Wait for it to finish, then advance again.")
    expect(refusal).to_have_attribute("data-code", "clock_advance_unfinished")
    expect(refusal).to_contain_text("An advance of the clock to 5 January 2027 09:00 UTC is running")
    web.shot(other, "second-advance-refused")
    other.close()

    page.wait_for_function(MOVED, timeout=FINISH_MS)  # htmx has swapped in a bar that moved
    web.shot(page, "advance-running")
    expect(page.get_by_role("status").filter(has_text="The clock moved from")).to_be_visible(timeout=FINISH_MS)
    web.shot(page, "advance-finished")
    bar = page.evaluate("window.sim5Bar")  # still there: htmx swapped the bar in place, the page never reloaded
    assert page.url == advance_url
    assert bar == sorted(bar) and bar[-1] == 100, bar  # it moved only forward, to the end
    assert len({value for value in bar if value < 100}) >= 2, bar  # and was seen moving before it finished
    expect(page.locator("#advance-progress progress")).to_have_attribute("value", "100")
    expect(page.locator("#advance-progress")).not_to_have_attribute("hx-trigger", re.compile("."))
    advance = ClockAdvance.objects.get()
    assert advance.finished and advance.moments > 12 and clock.now() == START.replace(year=2027)
