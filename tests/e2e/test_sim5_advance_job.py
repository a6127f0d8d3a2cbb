"""SIM-5 in a browser: an operator advances the clock from /sim/ and follows the advance on its own page, by the
page's own links only. The live server runs Celery eagerly (the embedded default), so the advance's page opens on
a finished bar; tests/integration/test_sim5_advance_job.py watches one move in a real worker."""

from __future__ import annotations

import re

from profiles.models import Account
from tests.e2e.conftest import Web
from tests.e2e.steps import expect, sign_in


def test_sim5_an_operator_advances_a_month_and_reads_the_advance_on_its_own_page(web: Web, operator: Account) -> None:
    page = web.person()
    page.goto("/sim/")
    sign_in(page, operator)
    page.get_by_role("button", name="+30d").click()

    expect(page).to_have_url(re.compile(r"/sim/advances/\d+/$"))
    expect(page.get_by_role("heading", name=re.compile("Advance of the clock to 4 February 2026"))).to_be_visible()
    expect(page.locator("#advance-progress progress")).to_have_attribute("value", "100")
    expect(page.get_by_role("status").filter(has_text="The clock moved from")).to_be_visible()
    web.shot(page, "advance-finished")
    advance_url = page.url

    page.get_by_role("link", name="Back to the clock").click()
    expect(page.get_by_role("heading", name="Simulated clock")).to_be_visible()
    page.get_by_role("region", name="Recent advances").get_by_role("link").first.click()
    expect(page).to_have_url(advance_url)
