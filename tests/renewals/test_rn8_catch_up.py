"""RN-8's catch-up, for a certification recorded when its renewal window is already open (a loaded or generated
world, a back-dated exam): the notice goes at once, the reminders dated before it was recorded are not sent, every
email states the days left as of its own date, and the next due moment is never before the clock.

The pure rules first (no database), then the sweep on the real database."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from certlink import clock
from certlink.clock import clock_advance, clock_advance_by, clock_set
from certlink.models import OutboxMessage
from profiles.models import Certification, CertificationHeld
from renewals.models import RenewalReminder
from renewals.reminders import reminders_claim, reminders_next_due, reminders_run
from renewals.rules import Policy, days_left, email_due, emails_for, reminder_schedule
from tests.factories import START, CertificationHeldFactory

POLICY = Policy()
EXPIRY = datetime(2026, 2, 20, 10, 0, tzinfo=UTC)  # the demo's Azure Developer: 46 days after the clock's start
SCHEDULE = dict(reminder_schedule(EXPIRY, policy=POLICY))
OPENS = SCHEDULE[0]  # 24 August 2025
HOUR = timedelta(hours=1)


# The rules


@pytest.mark.parametrize(
    ("recorded", "expected"),
    [
        (
            OPENS - timedelta(days=1),
            [(0, OPENS), (1, SCHEDULE[1]), (2, SCHEDULE[2]), (3, SCHEDULE[3]), (4, SCHEDULE[4])],
        ),
        (OPENS, [(0, OPENS), (1, SCHEDULE[1]), (2, SCHEDULE[2]), (3, SCHEDULE[3]), (4, SCHEDULE[4])]),
        (START, [(0, START), (3, SCHEDULE[3]), (4, SCHEDULE[4])]),  # the demo: reminders 1 and 2 predate its world
        (SCHEDULE[3], [(0, SCHEDULE[3]), (4, SCHEDULE[4])]),  # recorded at a reminder's moment: the notice says it
        (SCHEDULE[4] + HOUR, [(0, SCHEDULE[4] + HOUR)]),
        (EXPIRY, []),
        (EXPIRY + timedelta(days=3), []),
    ],
)
def test_rn8_a_window_open_when_recorded_gets_the_notice_at_once_and_only_the_reminders_dated_after(
    recorded: datetime, expected: list[tuple[int, datetime]]
) -> None:
    assert emails_for(EXPIRY, recorded_at=recorded, policy=POLICY) == expected


def sweep(recorded: datetime, *, stops: list[datetime]) -> list[tuple[int, datetime]]:
    """What a sweep following rules.email_due sends for a certification recorded at `recorded`, run at `recorded`,
    at every scheduled moment after it and at the clock's `stops`: each number once, as the claims do."""
    sent: dict[int, datetime] = {}
    moments = {recorded, *stops, *(at for _, at in reminder_schedule(EXPIRY, policy=POLICY))}
    for moment in sorted(m for m in moments if m >= recorded):
        number = email_due(EXPIRY, now=moment, notice_at=sent.get(0), policy=POLICY)
        if number is not None and number not in sent:
            sent[number] = moment
    return sorted(sent.items())


@pytest.mark.parametrize("hours", range(0, 24 * 200, 31))
def test_rn8_the_sweeps_email_due_sends_what_the_catch_up_schedule_says(hours: int) -> None:
    """rules.email_due (what the sweep's queries say) and rules.emails_for agree for a certification recorded at
    any moment from before its window to after its expiry, whatever the moments the clock stops at."""
    recorded = OPENS - timedelta(days=10) + timedelta(hours=hours)
    stops = [recorded + timedelta(days=day, hours=hours % 7) for day in range(0, 240)]
    assert sweep(recorded, stops=stops) == emails_for(EXPIRY, recorded_at=recorded, policy=POLICY)


@pytest.mark.parametrize(
    ("expires_at", "on", "zone", "expected"),
    [
        (EXPIRY, START, UTC, 46),
        (EXPIRY, SCHEDULE[3], UTC, 30),
        (EXPIRY, SCHEDULE[4], UTC, 7),
        # Calendar days to the expiry date the email shows, not whole 24 hours: 45 days and 23 hours here.
        (datetime(2026, 2, 20, 8, 0, tzinfo=UTC), START, UTC, 46),
        (datetime(2026, 2, 20, 23, 30, tzinfo=UTC), START, ZoneInfo("Asia/Tokyo"), 47),  # 21 February in Tokyo
        (EXPIRY, EXPIRY - HOUR, UTC, 0),
    ],
)
def test_rn8_the_days_left_are_counted_from_the_emails_own_date(
    expires_at: datetime,
    on: datetime,
    zone,
    expected: int,  # type: ignore[no-untyped-def]
) -> None:
    assert days_left(expires_at, on=on, zone=zone) == expected


# The sweep on the database


@pytest.fixture
def developer(db: None) -> CertificationHeld:
    """Recorded as the clock stands at its start, 46 days before it expires: its window opened in August."""
    certification = Certification.objects.create(
        slug="azure-developer", name="Microsoft Certified: Azure Developer Associate", level="associate"
    )
    return CertificationHeldFactory(
        certification=certification,
        earned_at=EXPIRY - timedelta(days=365),
        expires_at=EXPIRY,
        profile__contact_email="dev@outlook.example",
    )


def days_said(message: OutboxMessage) -> list[int]:
    return [int(days) for days in re.findall(r"\bin (\d+) days\b", f"{message.subject}\n{message.body}")]


def emails() -> list[tuple[datetime, str, list[int]]]:
    messages = OutboxMessage.objects.filter(template__startswith="renewal_").order_by("sent_at", "id")
    return [(m.sent_at, m.subject.split(":")[0], days_said(m)) for m in messages]


def test_rn8_the_sweep_announces_a_window_open_when_recorded_at_once_and_skips_the_reminders_before(
    developer: CertificationHeld,
) -> None:
    assert reminders_run(START) == 1
    assert reminders_run(START + timedelta(days=1)) == 0  # reminder 2 (22 December) predates the record
    assert reminders_run(SCHEDULE[3]) == 1
    assert emails() == [
        (START, "You can now renew Microsoft Certified", [46]),
        (SCHEDULE[3], "Reminder 3 of 4", [30, 30]),
    ]
    assert list(RenewalReminder.objects.values_list("number", "due_at", "sent_at")) == [
        (0, START, START),
        (3, SCHEDULE[3], SCHEDULE[3]),
    ]


def test_rn8_the_next_due_moment_of_a_certification_recorded_in_its_window_is_the_clock_not_a_past_date(
    developer: CertificationHeld,
) -> None:
    assert clock.now() == START
    assert reminders_next_due(clock.now()) == START  # was 22 December 2025, reminder 2's date
    reminders_run(START)
    assert reminders_next_due(clock.now()) == SCHEDULE[3]


def test_rn8_a_claim_left_unsent_is_due_at_the_clock_not_before_it(developer: CertificationHeld) -> None:
    assert reminders_claim(at=START) == 1
    clock_set(to=START + timedelta(days=2))
    assert reminders_next_due(clock.now()) == START + timedelta(days=2)


@pytest.mark.parametrize("step", ["1d", "7d", "1y"])
def test_rn8_advancing_the_clock_in_any_steps_sends_the_catch_up_once_with_true_days(
    developer: CertificationHeld, step: str
) -> None:
    while clock.now() < EXPIRY + timedelta(days=2):
        clock_advance_by(duration=step)
    assert emails() == [
        (START, "You can now renew Microsoft Certified", [46]),
        (SCHEDULE[3], "Reminder 3 of 4", [30, 30]),
        (SCHEDULE[4], "Reminder 4 of 4", [7, 7]),
    ]


def test_rn8_a_window_that_opens_later_in_the_world_gets_its_notice_on_its_date(db: None) -> None:
    """Not a catch-up: recorded before its window, a certification gets the notice when it opens, and all four
    reminders, each saying the days left on its date."""
    later = CertificationHeldFactory(earned_at=START - timedelta(days=100))
    clock_advance(to=later.expires_at + timedelta(days=1))
    dates = dict(reminder_schedule(later.expires_at, policy=POLICY))
    assert [(at, days) for at, _, days in emails()] == [
        (dates[0], [180]),
        (dates[1], [90, 90]),
        (dates[2], [60, 60]),
        (dates[3], [30, 30]),
        (dates[4], [7, 7]),
    ]
