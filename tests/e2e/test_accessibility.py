"""Accessibility: axe-core, run in Chromium over the main pages of every area, finds no violation of impact
"serious" or "critical" (form labels, colour contrast, landmarks, names of links and buttons, ...).

axe-core comes from the PyPI package axe-playwright-python (pinned in pyproject's dev list), which ships
axe.min.js inside the wheel: nothing is fetched from a CDN. Every page's screenshot and axe's full report (minor
and moderate findings included) are saved under artifacts/e2e/<test>/.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest

from certlink.clock import clock_advance, clock_set
from certlink.models import ClockAdvance
from partners.models import PartnerUser
from partners.services.links import mcid_link
from profiles import services
from profiles.models import Account
from tests.e2e.conftest import Web
from tests.e2e.steps import Page, expect, sign_in
from tests.e2e.world import contoso_at, global_admin_of, partner_user
from tests.factories import PASSWORD, CertificationProfileFactory
from tests.partners.cast import holds, msa_with_profile

axe_playwright = pytest.importorskip("axe_playwright_python.sync_playwright", reason="needs axe-playwright-python")

FAILING_IMPACTS = {"serious", "critical"}
DAY0 = datetime(2026, 1, 12, 9, 0, tzinfo=UTC)


@dataclass
class Cast:
    learner: Account
    agent: Account
    operator: Account
    employee: PartnerUser
    partner_admin: PartnerUser


@pytest.fixture
def cast(agent: Account, operator: Account) -> Cast:
    """A world in which every page has something to show: Lee, a learner whose certification profile is connected
    and who asked support to merge an older one (in the agent's queue; his welcome email in the outbox); Contoso, whose
    employee Megan linked her MCID and whose credit arrived."""
    clock_set(to=DAY0)
    lee = services.msa_sign_up(email="lee@outlook.example", password=PASSWORD, display_name="Lee Learner", now=DAY0)
    profile = CertificationProfileFactory(msa=lee, legal_name="Lee Learner", contact_email=lee.email)
    holds(profile, "azure-administrator", earned_at=DAY0 - timedelta(days=60))
    services.certification_connect(signed_in=lee, now=DAY0)
    older = CertificationProfileFactory(legal_name="Lee Learner")  # made long ago with another MSA (CP-4)
    services.support_request_open(
        requester=lee,
        kind="merge",
        claimed_mcid=profile.mcid,
        other_mcid=older.mcid,
        legal_name="Lee Learner",
        contact_email=lee.email,
        now=DAY0,
    )
    contoso = contoso_at(DAY0)
    megan = partner_user(contoso, "megan", "Megan Bowen", DAY0)
    megan_msa, megan_profile = msa_with_profile("megan.bowen", "Megan Bowen")
    holds(megan_profile, "azure-administrator")
    mcid_link(user=megan, msa=megan_msa, now=DAY0)
    clock_advance(to=DAY0 + timedelta(days=10))
    return Cast(lee, agent, operator, megan, global_admin_of(contoso))


def pages_of(cast: Cast) -> list[tuple[Account | None, list[str]]]:
    """Who opens which pages (None: nobody signed in)."""
    return [
        (None, ["/signin/"]),
        (
            cast.learner,
            ["/learn/", "/learn/settings/", "/learn/credentials/", "/learn/doctor/", "/certification/", "/outbox/"],
        ),
        (cast.agent, ["/certification/support/queue/"]),
        (cast.employee.account, ["/partner/learn-profile/"]),
        (
            cast.partner_admin.account,
            ["/partner/users/", "/partner/skills/", "/partner/designations/", "/partner/why/"],
        ),
        (cast.operator, ["/sim/", f"/sim/advances/{ClockAdvance.objects.latest('pk').pk}/", "/outbox/"]),
    ]


def serious(page: Page, where: str, report: dict[str, object]) -> list[str]:
    """Run axe on the page; keep its whole report, return its serious and critical violations in words."""
    results = axe_playwright.Axe().run(page).response
    report[where] = results["violations"]
    return [
        f"{where}: {v['id']} ({v['impact']}) {v['help']} at {', '.join(str(n['target']) for n in v['nodes'][:5])}"
        for v in results["violations"]
        if v["impact"] in FAILING_IMPACTS
    ]


def test_the_main_pages_have_no_serious_or_critical_accessibility_violation(web: Web, cast: Cast) -> None:
    found: list[str] = []
    report: dict[str, object] = {}
    for account, paths in pages_of(cast):
        page = web.person()
        who = account.email.split("@")[0] if account else "anonymous"
        if account == cast.partner_admin.account:
            # The sign-in steps themselves: the address, then work or personal (a verified domain), then password.
            page.goto("/signin/")
            page.get_by_label("Email address").fill(account.email)
            page.get_by_role("button", name="Next").click()
            expect(page.get_by_role("heading", name="Which account do you want to use?")).to_be_visible()
            web.shot(page, "admin-signin-kind-step")
            found += serious(page, "signin kind step", report)
            page.get_by_role("button", name="Work or school account").click()
            expect(page.get_by_role("heading", name="Enter password")).to_be_visible()
            web.shot(page, "admin-signin-password-step")
            found += serious(page, "signin password step", report)
        for n, path in enumerate(paths):
            page.goto(path)
            if account and n == 0:
                sign_in(page, account)  # the page sent them to sign in, and the sign-in brings them back
                expect(page).to_have_url(re.compile(rf"{re.escape(path)}$"))
            expect(page.get_by_role("main")).to_be_visible()
            web.shot(page, f"{who}{path.rstrip('/').replace('/', '-') or '-home'}")
            found += serious(page, f"{who} {path}", report)
    (web.artifacts / "axe-violations.json").write_text(json.dumps(report, indent=2), encoding="utf-8")
    assert not found, "axe-core found serious or critical violations:\n" + "\n".join(found)
