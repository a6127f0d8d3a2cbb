"""Accessibility: axe-core, run in Chromium over the main pages of every area, finds no violation of impact
"serious" or "critical" (form labels, colour contrast, landmarks, names of links and buttons, ...).

axe-core comes from the PyPI package axe-playwright-python (pinned in pyproject's dev list), which ships
axe.min.js inside the wheel: nothing is fetched from a CDN. Every page's screenshot and axe's full report (minor
and moderate findings included) are saved under artifacts/e2e/<test>/.
"""

from __future__ import annotations

import json
import re

import pytest

from tests.e2e.cast import Cast, pages_of
from tests.e2e.conftest import Web
from tests.e2e.steps import Page, expect, sign_in

axe_playwright = pytest.importorskip("axe_playwright_python.sync_playwright", reason="needs axe-playwright-python")

FAILING_IMPACTS = {"serious", "critical"}


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
