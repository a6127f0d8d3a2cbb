"""PR-2 in Chromium: the bell in the top bar counts what happened to the person (its name says so to a screen reader:
"Notifications, 1 unread"); the list shows it unread in words, opens it, and marks everything read; another person's
news is never there. At 1280 px and 390 px the list fits the window and axe-core finds no serious or critical
violation. Screenshots: artifacts/e2e/<test>/notifications-<who>-<width>.png."""

from __future__ import annotations

import re

from certlink.clock import now
from profiles.models import SupportRequest
from profiles.services import support_reject
from tests.e2e import test_accessibility as a11y
from tests.e2e.cast import Cast
from tests.e2e.conftest import Web
from tests.e2e.steps import Page, expect, sign_in

WIDTHS = (1280, 390)


def check_list(web: Web, page: Page, who: str) -> list[str]:
    """At each width: no sideways scroll, a screenshot, and axe's serious findings."""
    found: list[str] = []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        expect(page.get_by_role("main")).to_be_visible()
        scroll = page.evaluate("document.documentElement.scrollWidth")
        assert scroll <= width, f"notifications of {who} at {width} px is {scroll} px wide"
        web.shot(page, f"notifications-{who}-{width}")
        found += a11y.serious(page, f"notifications of {who} at {width} px", {})
    page.set_viewport_size({"width": 1280, "height": 900})
    return found


def test_pr2_the_bell_counts_what_happened_and_the_list_opens_it_and_marks_it_read(web: Web, cast: Cast) -> None:
    # Megan's credit reached Contoso's skills report ten days after she linked her MCID (the cast's advance, PC-9).
    megan = web.person()
    megan.goto("/partner/learn-profile/")
    sign_in(megan, cast.employee.account)
    expect(megan.get_by_role("link", name="Notifications, 1 unread")).to_be_visible()
    expect(megan.locator(".bell .bell-count")).to_have_text("1")
    height = megan.evaluate("document.querySelector('.topbar').getBoundingClientRect().height")
    assert height < 60, height  # the bell keeps the bar on one line at 1280 px
    web.shot(megan, "bell-megan-1280")

    megan.get_by_role("link", name="Notifications, 1 unread").click()
    expect(megan.get_by_role("heading", name="Notifications", level=1)).to_be_visible()
    credit = megan.get_by_role("listitem").filter(has_text="A credit arrived")
    expect(credit).to_contain_text("Unread")
    expect(credit).to_contain_text("reached Contoso's skills report (PC-9)")
    found = check_list(web, megan, "megan")

    megan.get_by_role("button", name="Mark all as read").click()
    expect(megan.get_by_role("link", name="Notifications, 0 unread")).to_be_visible()
    expect(credit).to_contain_text("Read")
    expect(megan.locator(".bell .bell-count")).to_be_hidden()

    # Lee's merge request is answered by support: his news, not Megan's, and hers never his.
    request = SupportRequest.objects.get(requester=cast.learner)
    support_reject(request=request, agent=cast.agent, reason="The two profiles' legal names differ.", now=now())
    lee = web.person()
    lee.goto("/learn/")
    sign_in(lee, cast.learner)
    bell = lee.get_by_role("link", name="Notifications, 1 unread")
    expect(bell).to_be_visible()
    bell.click()
    answer = lee.get_by_role("listitem").filter(has_text="Support answered")
    expect(answer).to_contain_text("rejected. The two profiles' legal names differ.")
    expect(lee.get_by_role("main")).not_to_contain_text("Contoso")
    found += check_list(web, lee, "lee")
    answer.get_by_role("button", name=re.compile(r"^Open")).click()
    expect(lee).to_have_url(re.compile(r"/certification/support/$"))
    expect(lee.get_by_role("link", name="Notifications, 0 unread")).to_be_visible()
    megan.reload()
    expect(megan.get_by_role("link", name="Notifications, 0 unread")).to_be_visible()

    assert not found, "axe-core found serious or critical violations:\n" + "\n".join(found)
