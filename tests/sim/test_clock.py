"""The clock engine (SIM-1): advancing steps through due work in time order, each at its own instant."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import pytest

from certlink import clock
from certlink.emails import send
from certlink.errors import Refusal
from sim import services
from sim.models import Clock, ClockAdvance, OutboxMessage
from tests.conftest import START


@dataclass
class Agenda:
    """A due-work handler for tests: work due at fixed moments; running it records the clock it saw and
    sends one email dated the moment it was due."""

    due: list[datetime]
    done: set[datetime] = field(default_factory=set)
    runs: list[tuple[datetime, datetime]] = field(default_factory=list)  # (at, clock.now() during the run)

    def next_due(self) -> datetime | None:
        return min((moment for moment in self.due if moment not in self.done), default=None)

    def run(self, at: datetime) -> int:
        ready = [moment for moment in self.due if moment <= at and moment not in self.done]
        for _ in ready:
            send(
                template="welcome_msa",
                to=["agenda@outlook.example"],
                context={"name": "Agenda", "email": "x"},
                at=clock.now(),
            )
        self.runs.append((at, clock.now()))
        self.done.update(ready)
        return len(ready)


@pytest.fixture
def agenda(db: None) -> Iterator[Agenda]:
    work = Agenda(due=[START + timedelta(days=10), START + timedelta(days=3), START + timedelta(days=40)])
    with clock.registered_for(clock.DueWork("agenda", "Test agenda", work.next_due, work.run)):
        yield work


def test_sim1_the_clock_is_frozen_until_advanced(db: None) -> None:
    assert clock.now() == START
    assert clock.now() == START


def test_sim1_advancing_by_a_duration_moves_the_clock(db: None) -> None:
    result = services.clock_advance_by(duration="30d")
    assert clock.now() == START + timedelta(days=30) == result.to_instant


def test_sim1_the_clock_never_moves_backwards(db: None) -> None:
    services.clock_advance_by(duration="30d")
    with pytest.raises(Refusal) as refused:
        services.clock_advance(to=START)
    assert refused.value.code == "clock_backwards"
    assert clock.now() == START + timedelta(days=30)


def test_sim1_due_work_runs_in_time_order_each_at_its_own_instant(agenda: Agenda) -> None:
    services.clock_advance_by(duration="60d")
    assert agenda.runs == [
        (START + timedelta(days=3), START + timedelta(days=3)),
        (START + timedelta(days=10), START + timedelta(days=10)),
        (START + timedelta(days=40), START + timedelta(days=40)),
    ]
    assert clock.now() == START + timedelta(days=60)


def test_sim1_an_email_sent_by_due_work_carries_the_date_it_was_due(agenda: Agenda) -> None:
    services.clock_advance_by(duration="60d")
    assert sorted(OutboxMessage.objects.values_list("sent_at", flat=True)) == sorted(agenda.due)


def test_sim1_a_jump_does_what_small_steps_do(agenda: Agenda) -> None:
    for _ in range(60):
        services.clock_advance_by(duration="1d")
    assert [at for at, _ in agenda.runs] == sorted(agenda.due)
    assert OutboxMessage.objects.count() == 3


def test_sim1_work_beyond_the_target_waits(agenda: Agenda) -> None:
    services.clock_advance_by(duration="5d")
    assert [at for at, _ in agenda.runs] == [START + timedelta(days=3)]


def test_sim1_advancing_to_the_next_event_stops_there(agenda: Agenda) -> None:
    result = services.clock_advance_to_next()
    assert clock.now() == START + timedelta(days=3) == result.to_instant
    assert agenda.done == {START + timedelta(days=3)}


def test_sim1_with_nothing_scheduled_next_event_is_refused(db: None) -> None:
    with pytest.raises(Refusal) as refused:
        services.clock_advance_to_next()
    assert refused.value.code == "no_scheduled_event"
    assert "5 January 2026 09:00 UTC" in refused.value.message


def test_sim1_overdue_work_runs_at_the_current_instant_when_the_clock_next_moves(agenda: Agenda) -> None:
    services.clock_set(to=START + timedelta(days=5))  # set without running: day 3 is now overdue
    services.clock_advance_by(duration="1h")
    assert agenda.runs[0] == (START + timedelta(days=5), START + timedelta(days=5))


def test_sim1_the_tick_runs_what_is_due_now_and_is_safe_to_run_twice(agenda: Agenda) -> None:
    services.clock_set(to=START + timedelta(days=11))
    assert services.clock_tick() == 2
    assert services.clock_tick() == 0
    assert OutboxMessage.objects.count() == 2


def test_sim1_work_that_fails_leaves_the_clock_and_the_outbox_as_they_were(db: None) -> None:
    def explode(at: datetime) -> int:
        send(template="welcome_msa", to=["x@outlook.example"], context={}, at=at)
        raise RuntimeError("boom")

    work = clock.DueWork("explodes", "Explodes", lambda: START + timedelta(days=1), explode)
    with clock.registered_for(work), pytest.raises(RuntimeError):
        services.clock_advance_by(duration="2d")
    assert clock.now() == START and not OutboxMessage.objects.exists() and not ClockAdvance.objects.exists()


def test_sim1_work_that_stays_pending_after_running_is_reported_not_looped(db: None) -> None:
    work = clock.DueWork("stuck", "Stuck", lambda: START + timedelta(days=1), lambda at: 0)
    with clock.registered_for(work), pytest.raises(RuntimeError, match="left work pending"):
        services.clock_advance_by(duration="2d")


def test_sim1_each_advance_is_recorded_with_who_and_the_steps(agenda: Agenda, operator) -> None:
    services.clock_advance_by(duration="12d", by=operator)
    advance = ClockAdvance.objects.get()
    assert (advance.from_instant, advance.to_instant, advance.requested_by) == (
        START,
        START + timedelta(days=12),
        operator,
    )
    assert [step["work"] for step in advance.steps] == ["agenda", "agenda"]


def test_sim1_the_clock_is_one_row(db: None) -> None:
    from django.db import IntegrityError, transaction

    clock.now()
    with pytest.raises(IntegrityError), transaction.atomic():
        Clock.objects.create(id=2, instant=START)


@dataclass
class ListedAgenda(Agenda):
    """An agenda that lists its moments ahead (DueWork.moments) and runs from a known point (DueWork.run_after),
    counting how often the engine asks for its next due moment; `hidden` moments are left out of the list."""

    hidden: set[datetime] = field(default_factory=set)
    asked: int = 0
    after: list[tuple[datetime, datetime]] = field(default_factory=list)

    def next_due(self) -> datetime | None:
        self.asked += 1
        return super().next_due()

    def moments(self, after: datetime, until: datetime) -> list[datetime]:
        return [m for m in self.due if after < m <= until and m not in self.done and m not in self.hidden]

    def run_after(self, since: datetime, at: datetime) -> int:
        self.after.append((since, at))
        return self.run(at)


def listed(work: ListedAgenda) -> clock.DueWork:
    return clock.DueWork("listed", "Listed", work.next_due, work.run, moments=work.moments, run_after=work.run_after)


def test_sim1_work_that_lists_its_moments_is_asked_once_per_pass_not_at_every_step(db: None) -> None:
    work = ListedAgenda(due=[START + timedelta(days=d) for d in range(1, 31)])
    with clock.registered_for(listed(work)):
        services.clock_advance_by(duration="60d")
    assert [at for at, _ in work.runs] == work.due  # each at its own moment
    assert work.asked == 2  # at the start, and to check nothing was missed at the end
    assert work.after[0] == (START + timedelta(days=1), START + timedelta(days=2))  # runs on from the last one
    assert OutboxMessage.objects.count() == 30


def test_sim1_a_moment_a_work_left_out_of_its_list_still_runs_in_the_closing_pass(db: None) -> None:
    missed = START + timedelta(days=5)
    work = ListedAgenda(due=[START + timedelta(days=d) for d in (1, 5, 9)], hidden={missed})
    with clock.registered_for(listed(work)):
        services.clock_advance_by(duration="20d")
    assert work.done == set(work.due)  # nothing lost
    assert OutboxMessage.objects.count() == 3


def test_sim1_a_request_reads_the_clock_once_and_again_only_after_moving_it(learner) -> None:  # type: ignore[no-untyped-def]
    """One request, one "now": the view, the services and the top bar share one reading of the clock's row; a
    move of the clock inside the block is read back."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    client.force_login(learner)
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/learn/").status_code == 200
    assert sum('FROM "sim_clock"' in q["sql"] for q in captured.captured_queries) == 1

    with clock.one_reading():
        before = clock.now()
        services.clock_set(to=before + timedelta(days=3))
        assert clock.now() == before + timedelta(days=3)
    assert clock.now() == before + timedelta(days=3)
