"""Layout at 1280 px (issue 18): the top bar of the operator's and the partner admin's pages, the two with the most
links, stays on one line, and no page scrolls sideways."""

from __future__ import annotations

import pytest

from certlink.clock import now
from profiles.models import Account
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
