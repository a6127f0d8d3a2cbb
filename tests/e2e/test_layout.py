"""Layout (issue 18): at 1280 px the top bar of the operator's and the partner admin's pages, the two with the most
links, stays on one line; at 1280 px and at 390 px no main page scrolls sideways."""

from __future__ import annotations

import re

import pytest

from certlink.clock import now
from profiles.models import Account
from tests.e2e.cast import Cast, pages_of
from tests.e2e.conftest import Web
from tests.e2e.steps import expect, sign_in
from tests.e2e.world import contoso_at, global_admin_of

ONE_LINE_PX = 60  # the bar with one line of links is about 46 px tall; a second line makes it about 90


@pytest.mark.parametrize("who", ["operator", "partner admin"])
def test_the_top_bar_stays_on_one_line_at_1280_px(web: Web, operator: Account, who: str) -> None:
    account, path = (
        (operator, "/sim/") if who == "operator" else (global_admin_of(contoso_at(now())).account, "/partner/skills/")
    )
    page = web.person()
    page.goto(path)
    sign_in(page, account)
    expect(page.get_by_role("main")).to_be_visible()
    height = page.evaluate("document.querySelector('.topbar').getBoundingClientRect().height")
    width = page.evaluate("document.documentElement.scrollWidth")
    web.shot(page, f"{who.replace(' ', '-')}-1280")
    assert height < ONE_LINE_PX and width <= 1280, (height, width)


def test_no_main_page_scrolls_sideways_at_1280_or_390_px(web: Web, cast: Cast) -> None:
    """Every main page of every area (the accessibility test's list), at a laptop's width and a phone's: the document
    is no wider than the window (wide tables scroll inside themselves)."""
    wider: list[str] = []
    for account, paths in pages_of(cast):
        page = web.person()
        for n, path in enumerate(paths):
            page.goto(path)
            if account and n == 0:
                sign_in(page, account)
                expect(page).to_have_url(re.compile(rf"{re.escape(path)}$"))
            for width in (1280, 390):
                page.set_viewport_size({"width": width, "height": 844})
                expect(page.get_by_role("main")).to_be_visible()
                scroll = page.evaluate("document.documentElement.scrollWidth")
                if scroll > width:
                    wider.append(f"{path} at {width} px is {scroll} px wide")
                    web.shot(page, f"too-wide-{width}{path.rstrip('/').replace('/', '-')}")
    assert not wider, "\n".join(wider)
