"""RN-8 on a timeline: a certification earned on 2025-01-10 gets the notice when its window opens and four
reminders, each on its own date, none twice, whether the clock moves a day at a time or in one jump; a renewal
moves expiry a year from the old expiry and silences reminders until the next window (RN-4)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from certlink import clock
from certlink.clock import clock_advance, clock_advance_by
from certlink.models import OutboxMessage
from profiles.models import CertificationHeld
from profiles.services import exam_result_record
from renewals.models import RenewalReminder
from renewals.services import renewal_attempt_submit
from sim.selectors import sent_to
from tests.factories import answers_for
from tests.renewals.conftest import EARNED

EXPIRY = datetime(2026, 1, 10, 9, 0, tzinfo=UTC)
EXPECTED = [  # RN-2 window of 180 days; RN-8 reminders 90, 60, 30 and 7 days before expiry
    (datetime(2025, 7, 14, 9, 0, tzinfo=UTC), "You can now renew Microsoft Certified: Azure Administrator Associate"),
    (
        datetime(2025, 10, 12, 9, 0, tzinfo=UTC),
        "Reminder 1 of 4: Microsoft Certified: Azure Administrator Associate expires in 90 days",
    ),
    (
        datetime(2025, 11, 11, 9, 0, tzinfo=UTC),
        "Reminder 2 of 4: Microsoft Certified: Azure Administrator Associate expires in 60 days",
    ),
    (
        datetime(2025, 12, 11, 9, 0, tzinfo=UTC),
        "Reminder 3 of 4: Microsoft Certified: Azure Administrator Associate expires in 30 days",
    ),
    (
        datetime(2026, 1, 3, 9, 0, tzinfo=UTC),
        "Reminder 4 of 4: Microsoft Certified: Azure Administrator Associate expires in 7 days",
    ),
]


@pytest.fixture
def earned(hana_profile, az104) -> CertificationHeld:  # type: ignore[no-untyped-def]
    outcome = exam_result_record(
        mcid=hana_profile.mcid, exam_code="AZ-104", taken_at=EARNED, score=812, provider="pearson_vue", now=EARNED
    )
    (held,) = outcome.earned
    assert held.expires_at == EXPIRY  # CE-3: a year
    return held


def mail() -> list[tuple[datetime, str]]:
    return [
        (m.sent_at, m.subject)
        for m in OutboxMessage.objects.filter(sent_to(["hana.mail@outlook.example"])).order_by("sent_at")
    ]


def test_rn8_day_by_day_the_notice_and_four_reminders_go_out_each_on_its_date(earned: CertificationHeld) -> None:
    while clock.now() < EXPIRY + timedelta(days=10):
        clock_advance_by(duration="1d")
    assert mail() == EXPECTED


def test_rn8_in_one_jump_the_same_emails_go_out_each_dated_as_due(earned: CertificationHeld) -> None:
    clock_advance(to=EXPIRY + timedelta(days=10))
    assert mail() == EXPECTED
    assert RenewalReminder.objects.filter(held=earned).count() == 5


def test_rn8_advancing_again_sends_nothing_twice(earned: CertificationHeld) -> None:
    clock_advance(to=datetime(2025, 11, 20, tzinfo=UTC))
    clock_advance(to=EXPIRY + timedelta(days=40))
    assert mail() == EXPECTED


def test_rn8_emails_go_to_the_mcids_contact_email_and_link_to_the_renewal_page(earned: CertificationHeld) -> None:
    clock_advance(to=datetime(2025, 7, 15, tzinfo=UTC))
    notice = OutboxMessage.objects.get()
    assert notice.to == "hana.mail@outlook.example"
    assert f"/learn/credentials/renew/{earned.pk}/" in notice.body and "10 January 2026" in notice.body


def test_rn4_renewing_in_the_window_moves_expiry_a_year_from_the_old_expiry_and_silences_reminders(
    earned: CertificationHeld,
    hana,
    assessment,  # type: ignore[no-untyped-def]
) -> None:
    clock_advance(to=datetime(2025, 10, 20, tzinfo=UTC))  # notice and reminder 1 have gone out
    renewal_attempt_submit(account=hana, held=earned, answers=answers_for(assessment, right=12), now=clock.now())
    earned.refresh_from_db()
    assert earned.expires_at == datetime(2027, 1, 10, 9, 0, tzinfo=UTC) and earned.cycle == 2
    clock_advance(to=datetime(2026, 7, 13, 12, 0, tzinfo=UTC))  # the day before the next window opens
    assert mail() == EXPECTED[:2]
    clock_advance(to=datetime(2026, 7, 15, tzinfo=UTC))
    assert mail()[-1] == (datetime(2026, 7, 14, 9, 0, tzinfo=UTC), EXPECTED[0][1])


def test_rn8_a_certification_recorded_in_its_window_gets_the_notice_at_once_and_only_the_reminders_after(
    hana_profile,  # type: ignore[no-untyped-def]
    az104,
) -> None:
    """RN-8's catch-up: recorded on 20 December, three weeks before expiry, the certification gets the notice at once
    (saying 21 days are left); reminders 1 to 3, dated before it was recorded, are not sent; reminder 4 goes on its
    date."""
    recorded = datetime(2025, 12, 20, tzinfo=UTC)
    clock_advance(to=recorded)
    exam_result_record(
        mcid=hana_profile.mcid, exam_code="AZ-104", taken_at=EARNED, score=812, provider="pearson_vue", now=clock.now()
    )
    clock_advance(to=EXPIRY + timedelta(days=1))
    assert mail() == [
        (recorded, "You can now renew Microsoft Certified: Azure Administrator Associate"),
        EXPECTED[4],
    ]
    notice = OutboxMessage.objects.get(template="renewal_notice")
    assert "expires on 10 January 2026, in 21 days." in notice.body
