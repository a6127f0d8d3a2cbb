"""The clock engine (SIM-1): advancing steps through due work in time order, each at its own instant."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import pytest

from certlink import clock
from certlink import clock as services
from certlink.emails import send
from certlink.errors import Refusal
from certlink.models import Clock, ClockAdvance, DueWorkProgress, OutboxMessage
from tests.conftest import START


@dataclass
class Agenda:
    """A due-work handler for tests: work due at fixed moments; running it records the clock it saw and
    sends one email dated the moment it was due."""

    due: list[datetime]
    done: set[datetime] = field(default_factory=set)
    runs: list[tuple[datetime, datetime]] = field(default_factory=list)  # (at, clock.now() during the run)
    since: list[datetime | None] = field(default_factory=list)  # the `since` of each run

    def next_due(self, now: datetime, since: datetime | None = None) -> datetime | None:
        return min((moment for moment in self.due if moment not in self.done), default=None)

    def run(self, since: datetime | None, at: datetime) -> int:
        self.since.append(since)
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


def test_sim1_work_that_fails_leaves_the_clock_and_the_outbox_at_the_last_whole_moment(db: None) -> None:
    def explode(since: datetime | None, at: datetime) -> int:
        send(template="welcome_msa", to=["x@outlook.example"], context={}, at=at)
        raise RuntimeError("boom")

    work = clock.DueWork("explodes", "Explodes", lambda now, since=None: START + timedelta(days=1), explode)
    with clock.registered_for(work), pytest.raises(RuntimeError):
        services.clock_advance_by(duration="2d")
    assert clock.now() == START and not OutboxMessage.objects.exists()
    advance = ClockAdvance.objects.get()
    assert (advance.finished, advance.reached, advance.moments) == (False, START, 0)
    assert advance.error == "RuntimeError: boom"


def test_sim1_work_that_stays_pending_after_running_stops_the_advance_instead_of_looping(db: None) -> None:
    runs: list[datetime] = []
    work = clock.DueWork(
        "stuck", "Stuck", lambda now, since=None: START + timedelta(days=1), lambda since, at: runs.append(at) or 0
    )
    with clock.registered_for(work), pytest.raises(RuntimeError, match="'stuck' left work pending"):
        services.clock_advance_by(duration="2d")
    assert runs == [START + timedelta(days=1)]  # ran once; still due at the moment it ran to: reported, not looped
    advance = ClockAdvance.objects.get()
    assert not advance.finished and "left work pending" in advance.error
    assert clock.now() == START + timedelta(days=1)  # the last whole moment


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


def test_sim1_the_engine_records_how_far_each_work_ran_and_runs_it_from_there(agenda: Agenda) -> None:
    services.clock_advance_by(duration="12d")
    # (since, until]: from where it last ran to; the first run of a world from its beginning
    assert agenda.since == [None, START + timedelta(days=3)]
    # Every work has run to the advance's end: it ran there, or had nothing due up to it.
    ran_to = dict(DueWorkProgress.objects.values_list("name", "ran_to"))
    assert set(ran_to.values()) == {START + timedelta(days=12)} and "agenda" in ran_to
    services.clock_advance_by(duration="60d")
    assert agenda.since[-1] == START + timedelta(days=12)


def test_sim1_work_found_overdue_at_an_advances_start_runs_in_full_from_the_clock(agenda: Agenda) -> None:
    services.clock_advance_by(duration="12d")
    agenda.due.append(START + timedelta(days=5))  # recorded after the fact: due before the clock
    services.clock_advance_by(duration="1d")
    assert agenda.runs[-1] == (START + timedelta(days=12), START + timedelta(days=12))  # at the clock, at once
    assert agenda.since[-1] is None  # in full: what is overdue lies before the instant it had run to


def test_sim1_next_due_reads_no_clock_it_is_given_now(db: None) -> None:
    """Each work's next_due takes `now` as an argument: with the clock's row locked elsewhere or moved, what it says
    depends only on the instant it is given."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    later = START + timedelta(days=400)
    for work in clock.registered():
        with CaptureQueriesContext(connection) as captured:
            work.next_due(later)
        assert not any("sim_clock" in q["sql"] for q in captured.captured_queries), work.name


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
