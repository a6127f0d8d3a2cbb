"""A learner's certifications on a timeline (issue 18): earned, renewed, the renewal window (RN-2), its reminders
(RN-8) and expiry, with "now", drawn from renewals.rules (milestones) on /learn/credentials/ as an SVG of its own
URL that shows the signed-in person's own certifications only."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from django.conf import settings

from certlink.middleware import csp_header
from renewals.policy import policy
from renewals.rules import Milestones, milestones, reminder_schedule, timeline_span
from tests.factories import AccountFactory
from tests.helpers import page_text

EXPIRES = datetime(2027, 1, 10, 9, tzinfo=UTC)
EARNED = datetime(2026, 1, 10, 9, tzinfo=UTC)


def test_rn2_rn8_the_window_opens_180_days_before_expiry_and_the_reminders_follow_at_90_60_30_and_7() -> None:
    dates = milestones(earned_at=EARNED, renewed_at=None, expires_at=EXPIRES, renewable=True, policy=policy())
    assert dates.window_opens_at == EXPIRES - timedelta(days=180)
    assert [(n, (EXPIRES - at).days) for n, at in dates.reminders] == [(1, 90), (2, 60), (3, 30), (4, 7)]
    assert (0, dates.window_opens_at) == reminder_schedule(EXPIRES, policy=policy())[0]  # the notice's own date


def test_rn2_a_certification_that_cannot_be_renewed_has_no_window_and_no_reminders() -> None:
    never = milestones(earned_at=EARNED, renewed_at=None, expires_at=None, renewable=False, policy=policy())
    retired = milestones(earned_at=EARNED, renewed_at=None, expires_at=EXPIRES, renewable=False, policy=policy())
    assert (never.window_opens_at, never.reminders) == (None, ())
    assert (retired.window_opens_at, retired.reminders, retired.expires_at) == (None, (), EXPIRES)


def test_the_timeline_spans_the_first_earned_to_the_last_expiry_and_always_now() -> None:
    item = Milestones(EARNED, None, EXPIRES, None, ())
    assert timeline_span([item], now=EARNED, margin=timedelta(0)) == (EARNED, EXPIRES)
    later = EXPIRES + timedelta(days=5)
    assert timeline_span([item], now=later, margin=timedelta(days=1)) == (
        EARNED - timedelta(days=1),
        later + timedelta(days=1),
    )
    assert timeline_span([], now=later, margin=timedelta(0)) == (later, later)


def test_rn2_the_credentials_page_shows_the_timeline_with_its_dates_in_words(page_as, hana, held) -> None:  # type: ignore[no-untyped-def]
    page = page_text(page_as(hana).get("/learn/credentials/"))
    assert '<img src="/learn/credentials/timeline.svg" alt="Your certifications on a timeline, now being' in page
    assert f"{held.certification.name}: Active, earned 10 January 2025" in page
    assert '<details class="chart-data">' in page and "Renewal window opens" in page


def test_rn2_rn8_the_timeline_chart_draws_the_window_the_reminders_and_now(page_as, hana, held) -> None:  # type: ignore[no-untyped-def]
    response = page_as(hana).get("/learn/credentials/timeline.svg")
    assert response.status_code == 200 and response["Content-Type"] == "image/svg+xml; charset=utf-8"
    assert response["Content-Security-Policy"] == csp_header(settings.SECURE_CSP_CHART)
    svg = response.content.decode()
    assert "<script" not in svg and "Azure Administrator Associate" in svg
    assert all(words in svg for words in ("Valid", "Renewal window (dashed)", "Reminder emails", "Now: "))
    assert "Now: 10 January 2025" in svg  # the simulated clock of the fixture


def test_the_timeline_chart_shows_only_the_signed_in_persons_certifications(page_as, hana, held) -> None:  # type: ignore[no-untyped-def]
    someone = AccountFactory(email="someone@outlook.example")
    svg = page_as(someone).get("/learn/credentials/timeline.svg").content.decode()
    assert "Azure Administrator Associate" not in svg and "Hana" not in svg


def test_the_timeline_chart_needs_a_sign_in(client, db) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/learn/credentials/timeline.svg")
    assert response.status_code == 302 and response["Location"].startswith("/signin/")
