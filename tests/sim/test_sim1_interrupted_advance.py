"""SIM-1: an advance commits moment by moment. Interrupted at a moment in the middle, the clock stands at the last
whole moment and the advance record says how far it got; resumed, it finishes, and every email and every credit
exists exactly once, as after an advance that was never interrupted. SIM-5: one advance at a time."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from certlink import clock
from certlink.errors import Refusal
from certlink.models import ClockAdvance, DueWorkProgress, OutboxMessage
from partners.models import PartnerCredit
from renewals.catalog import catalog_load
from renewals.models import RenewalReminder
from sim.population import PopulationSpec, population_create
from tests.conftest import START

YEAR = "1y"


@pytest.fixture
def world(db: None) -> None:
    """A generated world with reminders and credits falling due all year."""
    catalog_load()
    population_create(spec=PopulationSpec(learners=40, orgs=3, seed=17), now=clock.now())


def snapshot() -> dict[str, list[tuple]]:
    return {
        "emails": sorted(OutboxMessage.objects.values_list("to", "template", "sent_at")),
        "reminders": sorted(RenewalReminder.objects.values_list("held_id", "cycle", "number", "due_at", "sent_at")),
        "credits": sorted(
            PartnerCredit.objects.values_list("held_id", "link_id", "cycle", "arrived_at", "removed_at"),
            key=repr,
        ),
    }


def uninterrupted() -> tuple[dict[str, list[tuple]], list[dict]]:
    """What an advance of a year that nobody interrupts does to this world (rolled back afterwards)."""
    with transaction.atomic():
        steps = clock.clock_advance_by(duration=YEAR).steps
        expected = snapshot()
        transaction.set_rollback(True)
    clock.moved()
    return expected, steps


class Saboteur:
    """Due work that fails at one moment until disarmed: a registered work raising, as a crash in any work would."""

    def __init__(self, at: datetime) -> None:
        self.at, self.armed = at, True

    def next_due(self, now: datetime, since: datetime | None = None) -> datetime | None:
        return self.at if self.armed and self.at >= now else None

    def run(self, since: datetime | None, until: datetime) -> int:
        if self.armed:
            raise RuntimeError("the process died here")
        return 0


@pytest.fixture
def saboteur() -> Iterator[Saboteur]:
    work = Saboteur(START)
    with clock.registered_for(clock.DueWork("saboteur", "Fails once", work.next_due, work.run)):
        yield work


def test_sim1_an_interrupted_advance_stands_at_its_last_whole_moment_and_resumes_to_do_everything_once(
    world: None, saboteur: Saboteur
) -> None:
    saboteur.armed = False
    expected, steps = uninterrupted()
    assert expected["emails"] and expected["credits"]  # the world has work all year
    reminder_moments = sorted({step["at"] for step in steps if step["work"] == "renewal_reminders"})
    middle = datetime.fromisoformat(reminder_moments[len(reminder_moments) // 2])
    saboteur.at, saboteur.armed = middle, True  # fails at a moment with reminders due, after they ran

    with pytest.raises(RuntimeError, match="the process died here"):
        clock.clock_advance_by(duration=YEAR)

    advance = ClockAdvance.objects.get()
    assert not advance.finished and advance.error == "RuntimeError: the process died here"
    assert START < advance.reached < middle and advance.moments > 0
    assert clock.now() == advance.reached  # the last whole moment
    assert not OutboxMessage.objects.filter(sent_at__gt=advance.reached).exists()  # the failed moment left nothing
    assert OutboxMessage.objects.exists()
    assert max(DueWorkProgress.objects.values_list("ran_to", flat=True)) <= advance.reached

    saboteur.armed = False
    resumed = clock.clock_advance_resume()
    assert resumed.pk == advance.pk and resumed.finished and resumed.reached == resumed.to_instant
    assert clock.now() == resumed.to_instant
    assert snapshot() == expected  # every email and every credit, each once


def test_sim1_a_second_advance_is_refused_while_one_is_unfinished_and_says_resume(world: None, saboteur) -> None:  # type: ignore[no-untyped-def]
    saboteur.at = START + timedelta(days=3)
    with pytest.raises(RuntimeError):
        clock.clock_advance_by(duration="30d")
    with pytest.raises(Refusal) as refused:
        clock.clock_advance_by(duration="1d")
    assert refused.value.code == "clock_advance_unfinished" and refused.value.status == 409
    assert "Resume it" in refused.value.message
    assert ClockAdvance.objects.count() == 1
    saboteur.armed = False
    clock.clock_advance_resume()
    clock.clock_advance_by(duration="1d")  # finished: the next one may go
    assert ClockAdvance.objects.filter(finished=True).count() == 2


def running_advance() -> ClockAdvance:
    now = timezone.now()
    return ClockAdvance.objects.create(
        from_instant=START,
        to_instant=START + timedelta(days=30),
        reached=START + timedelta(days=2),
        started_at=now,
        heartbeat_at=now,
        runner="another-process",
    )


def test_sim1_while_an_advance_runs_another_is_refused_and_so_is_resuming_it(db: None) -> None:
    running_advance()
    with pytest.raises(Refusal) as refused:
        clock.clock_advance_by(duration="1d")
    assert refused.value.code == "clock_advance_unfinished" and "Wait for it to finish" in refused.value.message
    with pytest.raises(Refusal) as resuming:
        clock.clock_advance_resume()
    assert resuming.value.code == "clock_advance_running"
    assert resuming.value.message == refused.value.message


def test_sim1_an_advance_that_stopped_beating_is_taken_for_dead_and_resumable(db: None, settings) -> None:  # type: ignore[no-untyped-def]
    advance = running_advance()
    ClockAdvance.objects.filter(pk=advance.pk).update(
        heartbeat_at=timezone.now() - timedelta(seconds=settings.CLOCK_ADVANCE_STALE_SECONDS + 1)
    )
    advance.refresh_from_db()
    assert not clock.is_running(advance)
    clock.clock_set(to=advance.reached)
    resumed = clock.clock_advance_resume()
    assert resumed.finished and clock.now() == START + timedelta(days=30)


def test_sim1_the_database_holds_one_unfinished_advance_at_most(db: None) -> None:
    running_advance()
    with pytest.raises(IntegrityError), transaction.atomic():
        ClockAdvance.objects.create(from_instant=START, to_instant=START + timedelta(days=1))


def test_sim1_resuming_with_nothing_unfinished_is_refused(db: None) -> None:
    with pytest.raises(Refusal) as refused:
        clock.clock_advance_resume()
    assert refused.value.code == "clock_advance_none_unfinished"


def test_sim1_the_page_and_the_api_say_the_same_sentence_and_the_page_resumes(page_as, api_as, operator) -> None:  # type: ignore[no-untyped-def]
    advance = running_advance()
    sentence = clock.unfinished_sentence(advance)
    api = api_as(operator).post("/api/v1/clock/advance/", {"by": "1d"}, format="json")
    assert api.status_code == 409 and api.json()["code"] == "clock_advance_unfinished"
    assert api.json()["message"] == sentence
    assert api_as(operator).get("/api/v1/clock/").json()["unfinished_advance"]["message"] == sentence
    page = page_as(operator)
    assert sentence in page.get("/sim/").content.decode()

    ClockAdvance.objects.filter(pk=advance.pk).update(runner="")  # it stopped
    clock.clock_set(to=START + timedelta(days=2))
    stopped = clock.unfinished_sentence(ClockAdvance.objects.get())
    text = page.get("/sim/").content.decode()
    assert stopped in text and 'value="resume"' in text
    assert page.post("/sim/", {"action": "resume"}).status_code == 302
    assert ClockAdvance.objects.get().finished and clock.now() == START + timedelta(days=30)
    api = api_as(operator).post("/api/v1/clock/advance/resume/", format="json")
    assert api.status_code == 400 and api.json()["code"] == "clock_advance_none_unfinished"
