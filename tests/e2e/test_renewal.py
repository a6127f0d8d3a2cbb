"""A renewal in Chromium: the operator advances the clock into the renewal window and the notice reaches the
learner's outbox on the day the window opens (RN-8, SIM-2); she takes the assessment on Learn, passes (RN-7), and
sees the new expiry a year after the old one (RN-4)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from certlink.clock import clock_set
from profiles import services
from profiles.models import Account, CertificationHeld
from profiles.services import exam_result_record
from tests.e2e.conftest import Web
from tests.e2e.steps import advance_clock, expect, sign_in
from tests.factories import (
    AccountFactory,
    CertificationFactory,
    CertificationProfileFactory,
    ExamFactory,
    assessment_for,
)

EARNED = datetime(2025, 1, 10, 9, 0, tzinfo=UTC)  # expires 10 January 2026; the window opens 14 July 2025
ADMINISTRATOR = "Microsoft Certified: Azure Administrator Associate"


@pytest.fixture
def hana(db: None) -> Account:
    """Hana, whose certification profile (contact email: her own address) is connected to her Learn profile."""
    hana = AccountFactory(email="hana@outlook.example", display_name="Hana Kobayashi")
    CertificationProfileFactory(msa=hana, legal_name="Hana Kobayashi", contact_email=hana.email)
    clock_set(to=EARNED)
    services.certification_connect(signed_in=hana, now=EARNED)
    return hana


@pytest.fixture
def administrator_held(hana: Account) -> CertificationHeld:
    """Azure Administrator Associate, earned by passing AZ-104 on EARNED; it has a renewal assessment."""
    administrator = CertificationFactory(slug="azure-administrator", name=ADMINISTRATOR, level="associate")
    ExamFactory(code="AZ-104", name="Microsoft Azure Administrator", certifications=[administrator])
    assessment_for(administrator)
    (held,) = exam_result_record(
        mcid=hana.certification_profile.mcid,
        exam_code="AZ-104",
        taken_at=EARNED,
        score=812,
        provider="pearson_vue",
        now=EARNED,
    ).earned
    return held


def test_rn8_rn4_the_notice_reaches_the_outbox_when_the_window_opens_and_a_passed_assessment_renews_for_a_year(
    web: Web, hana: Account, administrator_held: CertificationHeld, operator: Account
) -> None:
    operator_page, learner = web.person(), web.person()
    operator_page.goto("/sim/")
    sign_in(operator_page, operator)
    advance_clock(operator_page, to="2025-07-15")
    web.shot(operator_page, "01-operator-advanced-into-the-window")
    # RN-8: the notice went out on the day the window opened, to the certification profile's contact email.
    learner.goto("/outbox/")
    sign_in(learner, hana)
    notice = learner.get_by_role("row", name=f"You can now renew {ADMINISTRATOR}")
    expect(notice).to_contain_text("14 July 2025 09:00")
    expect(notice).to_contain_text(hana.email)
    web.shot(learner, "02-outbox")
    notice.get_by_role("link").click()
    expect(learner.get_by_role("heading", name=f"You can now renew {ADMINISTRATOR}")).to_be_visible()
    learner.get_by_text("Plain text").click()
    expect(learner.locator(".mail-text")).to_contain_text("expires on 10 January 2026")
    # The email as HTML, in its sandboxed frame (its own address and policy): filled in with Hana's own values.
    framed = learner.frame_locator("iframe.mail-html")
    expect(framed.get_by_text("Hello Hana Kobayashi,")).to_be_visible()
    expect(framed.get_by_role("link", name="Renew on Learn")).to_be_visible()
    web.shot(learner, "03-notice")
    # Credentials → Renew: the assessment, every answer right.
    learner.get_by_role("navigation", name="Main").get_by_role("link", name="Learn").click()
    learner.get_by_role("navigation", name="Learn profile").get_by_role("link", name="Credentials").click()
    row = learner.get_by_role("row", name=ADMINISTRATOR)
    expect(row).to_contain_text("10 January 2026")
    row.get_by_role("link", name="Renew").click()
    expect(learner.get_by_role("heading", name=f"Renew: {ADMINISTRATOR}")).to_be_visible()
    questions = learner.get_by_role("main").get_by_role("group")
    expect(questions).to_have_count(12)
    for question in questions.all():
        question.get_by_label("right", exact=True).check()
    web.shot(learner, "04-assessment-answered")
    learner.get_by_role("button", name="Submit answers").click()
    # RN-7 passed; RN-4 a year from the old expiry.
    result = learner.get_by_role("region", name="Passed: 100%")
    expect(result).to_contain_text("It now expires on 10 January 2027.")
    web.shot(learner, "05-passed")
    learner.get_by_role("link", name="← Certifications").click()
    expect(learner.get_by_role("row", name=ADMINISTRATOR)).to_contain_text("10 January 2027")
    web.shot(learner, "06-credentials-renewed")
    administrator_held.refresh_from_db()
    assert administrator_held.expires_at == datetime(2027, 1, 10, 9, 0, tzinfo=UTC)
