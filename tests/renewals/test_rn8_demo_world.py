"""RN-8 on `make run`'s world (issue 15's acceptance test): the demo starts on 5 January 2026 with Alex's Azure
Developer certification 46 days from expiry, its window open since August, and every other certification's window
still to open. Advancing day by day for 200 days sends each certification's notice and reminders at most once, and
every "in N days" an email says is the true number of days left on the email's date."""

from __future__ import annotations

import re
from collections import Counter
from datetime import UTC, datetime

import pytest

from certlink import clock
from certlink.clock import clock_advance_by
from certlink.models import OutboxMessage
from profiles.models import CertificationHeld
from renewals.reminders import reminders_next_due
from sim.demo import load_demo

START = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
DEVELOPER_EXPIRES = datetime(2026, 2, 20, 10, 0, tzinfo=UTC)
RENEW_LINK = re.compile(r"/learn/credentials/renew/(\d+)/")
DAYS = re.compile(r"\bin (\d+) days\b")
REMINDER = re.compile(r"^Reminder (\d) of 4:")


def number_of(message: OutboxMessage) -> int:
    found = REMINDER.match(message.subject)
    return int(found.group(1)) if found else 0  # the notice


@pytest.fixture
def demo(db: None) -> None:
    load_demo()
    assert clock.now() == START


def test_rn8_the_demo_worlds_next_due_reminder_is_never_before_the_clock(demo: None) -> None:
    """The /sim/ page's "next due" for renewal reminders: right after loading, the catch-up notice is due now (it
    said 22 December 2025, a date before the world began); then never before the clock, day after day."""
    assert reminders_next_due(clock.now()) == START
    for _ in range(200):
        clock_advance_by(duration="1d")
        due = reminders_next_due(clock.now())
        assert due is None or due >= clock.now()


def test_rn8_day_by_day_for_200_days_each_email_goes_once_and_states_the_true_days_left(demo: None) -> None:
    for _ in range(200):
        clock_advance_by(duration="1d")
    messages = list(OutboxMessage.objects.filter(template__startswith="renewal_").order_by("sent_at", "id"))
    expiry = dict(CertificationHeld.objects.values_list("pk", "expires_at"))
    sent = Counter()
    for message in messages:
        held = int(RENEW_LINK.search(message.body).group(1))  # type: ignore[union-attr]
        sent[held, number_of(message)] += 1
        said = {int(days) for days in DAYS.findall(f"{message.subject}\n{message.body}")}
        assert said == {(expiry[held].date() - message.sent_at.date()).days}, message.subject
    assert sent and max(sent.values()) == 1

    developer = CertificationHeld.objects.get(certification__slug="azure-developer")
    assert developer.expires_at == DEVELOPER_EXPIRES
    assert [
        (m.sent_at, number_of(m), DAYS.search(m.body).group(1))  # type: ignore[union-attr]
        for m in messages
        if f"/renew/{developer.pk}/" in m.body
    ] == [
        (START, 0, "46"),  # the window was open when the world began: the notice at once
        (datetime(2026, 1, 21, 10, 0, tzinfo=UTC), 3, "30"),  # reminders 1 and 2 predate the world: not sent
        (datetime(2026, 2, 13, 10, 0, tzinfo=UTC), 4, "7"),
    ]
