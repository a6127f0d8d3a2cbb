"""SIM-5: an advance of the clock is a background job. The request records it (or refuses it: one at a time) and
answers at once with the job; the job's page shows a progress bar that htmx refreshes in place, the API answers 202
with the job's URL, and the CLI shows a bar. In the embedded default (eager) the job has run when the answer comes;
tests/integration/test_sim5_advance_job.py runs it in a real worker."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

from django.core.management import call_command
from django.utils import timezone

from certlink import clock, rules
from certlink.models import ClockAdvance
from tests.conftest import START
from tests.helpers import page_text


def half_way_advance() -> ClockAdvance:
    """An advance started 30 real seconds ago, half-way through its 30 simulated days, still running."""
    advance = clock.clock_advance_start(to=START + timedelta(days=30))
    ClockAdvance.objects.filter(pk=advance.pk).update(
        reached=START + timedelta(days=15),
        moments=3,
        steps=[
            {"at": START.isoformat(), "work": "renewal_reminders", "handled": 51200},
            {"at": START.isoformat(), "work": "credit_propagation", "handled": 40},
        ],
        started_at=timezone.now() - timedelta(seconds=30),
        heartbeat_at=timezone.now(),
    )
    advance.refresh_from_db()
    return advance


# --- The rule


def test_sim5_progress_is_the_share_of_the_span_covered_and_the_time_left_follows_the_pace() -> None:
    progress = rules.advance_progress(
        start=START,
        target=START + timedelta(days=40),
        reached=START + timedelta(days=10),
        moments=2,
        items=7,
        started_at=START,
        real_now=START + timedelta(seconds=20),
        finished=False,
    )
    assert (progress.percent, progress.moments, progress.items) == (25, 2, 7)
    assert progress.elapsed == timedelta(seconds=20) and progress.remaining == timedelta(seconds=60)


def test_sim5_nothing_covered_yet_leaves_the_time_left_unknown_and_a_finished_advance_is_whole() -> None:
    common = {"start": START, "target": START + timedelta(days=1), "moments": 0, "items": 0, "started_at": START}
    starting = rules.advance_progress(**common, reached=None, real_now=START, finished=False)
    assert starting.done == 0 and starting.remaining is None
    done = rules.advance_progress(**common, reached=START + timedelta(days=1), real_now=START, finished=True)
    assert done.percent == 100 and done.remaining is None


# --- The page


def test_sim5_the_clock_page_sends_the_operator_to_the_advances_page_which_shows_it_done(page_as, operator) -> None:
    client = page_as(operator)
    response = client.post("/sim/", {"action": "by", "by": "30d"})
    advance = ClockAdvance.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/sim/advances/{advance.pk}/"
    page = page_text(client.get(response["Location"]))
    assert 'value="100"' in page and "100%" in page and 'data-finished="true"' in page
    assert "The clock moved from 5 January 2026 09:00 UTC to 4 February 2026 09:00 UTC" in page
    assert 'hx-trigger="every 1s"' not in page  # finished: nothing left to poll
    assert 'href="/sim/"' in page and 'href="/outbox/"' in page  # the way on


def test_sim5_a_running_advance_shows_its_bar_and_polls_its_own_url_in_place(page_as, operator) -> None:
    advance = half_way_advance()
    client = page_as(operator)
    page = page_text(client.get(f"/sim/advances/{advance.pk}/"))
    assert 'value="50"' in page and "50%" in page and "3 moments done" in page and "51,240 items handled" in page
    assert "30 s elapsed" in page and "about 30 s left" in page
    assert f'hx-get="/sim/advances/{advance.pk}/"' in page and 'hx-trigger="every 1s"' in page
    assert "/static/vendor/htmx/htmx.min.js" in page
    fragment = page_text(client.get(f"/sim/advances/{advance.pk}/", headers={"HX-Request": "true"}))
    assert fragment.startswith('<div id="advance-progress"') and "<html" not in fragment and 'value="50"' in fragment
    assert '<time id="sim-now-time" hx-swap-oob="true"' in fragment  # the top bar's simulated time, kept current


def test_sim5_the_clock_page_leads_to_the_running_advance_and_to_each_recent_one(page_as, operator) -> None:
    advance = half_way_advance()
    page = page_text(page_as(operator).get("/sim/"))
    assert page.count(f'href="/sim/advances/{advance.pk}/"') == 2  # the unfinished panel, and Recent advances


def test_sim5_a_second_advance_while_one_runs_is_refused_with_the_sentence_on_page_and_api(
    page_as, api_as, operator
) -> None:
    advance = half_way_advance()
    response = page_as(operator).post("/sim/", {"action": "by", "by": "1d"})
    assert response.status_code == 400 and 'data-code="clock_advance_unfinished"' in page_text(response)
    sentence = clock.unfinished_sentence(advance)
    assert "is running: it has reached 20 January 2026 09:00 UTC. Wait for it to finish" in sentence
    assert sentence in page_text(response)
    api = api_as(operator).post("/api/v1/clock/advance/", {"by": "1d"}, format="json")
    assert api.status_code == 409 and api.json()["code"] == "clock_advance_unfinished"
    assert api.json()["message"] == sentence
    assert ClockAdvance.objects.count() == 1 and clock.now() == START


def test_sim5_a_stopped_advance_offers_resume_on_its_page_which_finishes_it(page_as, operator) -> None:
    advance = clock.clock_advance_start(to=START + timedelta(days=2))
    ClockAdvance.objects.filter(pk=advance.pk).update(runner="", error="RuntimeError: the worker died")
    client = page_as(operator)
    page = page_text(client.get(f"/sim/advances/{advance.pk}/"))
    assert 'data-code="clock_advance_unfinished"' in page and "Resume it to finish it" in page
    assert "the worker died" in page and 'name="action" value="resume"' in page
    assert 'hx-trigger="every 1s"' not in page
    response = client.post("/sim/", {"action": "resume"})
    assert response["Location"] == f"/sim/advances/{advance.pk}/"
    advance.refresh_from_db()
    assert advance.finished and clock.now() == START + timedelta(days=2)


def test_sim5_only_operators_see_an_advances_page(page_as, learner, operator) -> None:
    advance = half_way_advance()
    assert page_as(learner).get(f"/sim/advances/{advance.pk}/").status_code == 403
    assert page_as(operator).get("/sim/advances/999999/").status_code == 404


# --- The API


def test_sim5_the_api_answers_202_with_the_jobs_url_which_reports_it_done(api_as, operator) -> None:
    api = api_as(operator)
    response = api.post("/api/v1/clock/advance/", {"by": "30d"}, format="json")
    advance = ClockAdvance.objects.get()
    url = f"http://testserver/api/v1/clock/advances/{advance.pk}/"
    assert response.status_code == 202 and response["Location"] == url and response.json()["url"] == url
    polled = api.get(response["Location"])
    body = polled.json()
    assert polled.status_code == 200 and body["finished"] is True and body["running"] is False
    assert body["progress"]["percent"] == 100 and body["progress"]["remaining_seconds"] is None
    assert body["message"].startswith("The clock moved from 5 January 2026 09:00 UTC to 4 February 2026 09:00 UTC")


def test_sim5_the_api_reports_a_running_advances_progress(api_as, operator) -> None:
    advance = half_way_advance()
    body = api_as(operator).get(f"/api/v1/clock/advances/{advance.pk}/").json()
    assert body["finished"] is False and body["running"] is True
    assert body["progress"]["percent"] == 50 and body["progress"]["moments"] == 3 and body["progress"]["items"] == 51240
    assert 29 <= body["progress"]["elapsed_seconds"] <= 40 and body["progress"]["remaining_seconds"] > 0
    assert body["message"] == clock.unfinished_sentence(advance)


# --- The CLI


def test_sim5_the_clock_command_shows_a_progress_bar_and_says_what_it_did(operator, capsys) -> None:
    out = StringIO()
    call_command("clock", "advance", "30d", stdout=out)
    assert "The clock moved from 5 January 2026 09:00 UTC to 4 February 2026 09:00 UTC" in out.getvalue()
    bar = capsys.readouterr().err
    assert "advance: 100%" in bar and "100/100" in bar


def test_sim5_the_clock_page_and_api_ask_each_work_when_it_is_next_due_once(page_as, api_as, operator) -> None:
    """Asking a work for its next moment reads its indexes (a fraction of a second over a large world, more while an
    advance writes): the page's list and its "next event" share one asking, so a click is answered quickly."""
    asked: list[object] = []

    def next_due(now, since=None):  # type: ignore[no-untyped-def]
        asked.append(now)
        return START + timedelta(days=3)

    with clock.registered_for(clock.DueWork("counted", "Counted work", next_due, lambda since, until: 0)):
        page = page_text(page_as(operator).get("/sim/"))
        assert len(asked) == 1 and "Next: <time" in page and "8 January 2026 09:00 UTC" in page
        body = api_as(operator).get("/api/v1/clock/").json()
        assert len(asked) == 2 and body["next_event_at"] == "2026-01-08T09:00:00Z"
