"""The charts of issue 18 in Chromium: the designations page, Credentials → Certifications and an organisation's
timeline, at 1280 px and 390 px: each chart (an SVG of its own URL in an <img>, drawn by pygal) loads under the
site's Content-Security-Policy with no violation in the console, the page does not scroll sideways, and axe-core
finds no serious or critical violation. Screenshots: artifacts/e2e/<test>/<page>-<width>.png."""

from __future__ import annotations

import re

import pytest

from certlink.clock import now
from partners.services.scores import designation_input_set
from profiles.models import Account
from tests.e2e import test_accessibility as a11y
from tests.e2e.cast import Cast
from tests.e2e.conftest import Web
from tests.e2e.steps import Page, expect, sign_in

WIDTHS = (1280, 390)
CHARTS_LOADED = "[...document.querySelectorAll('.chart img')].every(i => i.complete && i.naturalWidth > 0)"


def check_charts(web: Web, page: Page, name: str, count: int, console: list[str]) -> list[str]:
    """At each width: the charts drawn (the narrow drawing at 390 px), no sideways scroll, no serious axe finding."""
    found: list[str] = []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.reload()
        expect(page.get_by_role("main")).to_be_visible()
        expect(page.locator(".chart img")).to_have_count(count)
        page.wait_for_function(CHARTS_LOADED)
        sources = page.eval_on_selector_all(".chart img", "images => images.map(i => i.currentSrc)")
        narrow = [s for s in sources if s.endswith("?size=narrow")]
        assert len(narrow) == (count if width < 640 else 0), sources
        scroll = page.evaluate("document.documentElement.scrollWidth")
        assert scroll <= width, f"{name} at {width} px is {scroll} px wide"
        for alt in page.eval_on_selector_all(".chart img", "images => images.map(i => i.alt)"):
            assert len(alt) > 40, alt  # a summary in words, not a bare name
        web.shot(page, f"{name}-{width}")
        found += a11y.serious(page, f"{name} at {width} px", {})
    assert not [line for line in console if "Content Security Policy" in line or "Refused" in line], console
    return found


def person(web: Web, account: Account, path: str) -> tuple[Page, list[str]]:
    page = web.person()
    console: list[str] = []
    page.on("console", lambda message: console.append(f"{message.type}: {message.text}"))
    page.on("pageerror", lambda error: console.append(f"pageerror: {error}"))
    page.goto(path)
    sign_in(page, account)
    expect(page).to_have_url(re.compile(rf"{re.escape(path)}$"))
    return page, console


@pytest.mark.parametrize(
    "who",
    ["partner admin: designations", "learner: credentials", "operator: organisation timeline"],
)
def test_the_charts_load_under_the_csp_fit_a_phone_and_pass_axe(web: Web, cast: Cast, who: str) -> None:
    if who.startswith("partner admin"):
        # Entered points, so the bars have parts to show (skilling comes from Megan's certification).
        for area, metric, points in [
            ("infrastructure", "net-customer-adds", 20),
            ("infrastructure", "usage-growth", 12.5),
            ("infrastructure", "deployments", 10),
            ("security", "net-customer-adds", 8),
        ]:
            designation_input_set(by=cast.partner_admin, area=area, metric=metric, points=points, now=now())
        account, path, name, count = cast.partner_admin.account, "/partner/designations/", "designations", 2
    elif who.startswith("learner"):
        account, path, name, count = cast.learner, "/learn/credentials/", "credentials", 1
    else:
        organization = cast.employee.organization
        account, path, name, count = cast.operator, f"/sim/timeline/organization/{organization.pk}/", "org-timeline", 1
    page, console = person(web, account, path)
    found = check_charts(web, page, name, count, console)
    assert not found, "axe-core found serious or critical violations:\n" + "\n".join(found)
