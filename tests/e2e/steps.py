"""What a person does in the browser, in the words of the pages: sign in as Microsoft asks it, sign out, and (an
operator) advance the simulated clock on /sim/."""

from __future__ import annotations

import re

import pytest

from profiles.models import Account
from tests.factories import PASSWORD

pytest.importorskip("playwright.sync_api", reason="browser tests need Playwright for Python (pip install -e '.[dev]')")
from playwright.sync_api import Locator, Page, expect  # noqa: E402

__all__ = ["Locator", "Page", "expect", "prove", "sign_in", "sign_out", "advance_clock"]

CHOICE = {Account.Kind.WORK: "Work or school account", Account.Kind.MSA: "Personal account"}
AFTER_EMAIL = re.compile(r"^(Which account do you want to use\?|Enter password)$")


def prove(page: Page, account: Account, password: str = PASSWORD) -> None:
    """Fill the credential steps open on the page (sign-in, Add account, Associate): the address, then the kind
    where the address's domain asks which (ID-2), then the password."""
    page.get_by_label("Email address").fill(account.email)
    page.get_by_role("button", name="Next").click()
    asked = page.get_by_role("heading", name=AFTER_EMAIL)
    if asked.inner_text().startswith("Which account"):
        page.get_by_role("button", name=CHOICE[account.kind]).click()
    expect(page.get_by_role("heading", name="Enter password")).to_be_visible()
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Enter password")).to_have_count(0)


def sign_in(page: Page, account: Account, password: str = PASSWORD) -> None:
    """Sign in at the sign-in page open on `page` (where a page that needs a sign-in sent the person), or at
    /signin/; the person lands where the sign-in page was told to send them."""
    if "/signin/" not in page.url:
        page.goto("/signin/")
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    prove(page, account, password)


def sign_out(page: Page) -> None:
    """Sign out through the confirmation page."""
    if "/signout/" not in page.url:
        page.goto("/signout/")
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", name="You've signed out")).to_be_visible()


def advance_clock(page: Page, *, by: str = "", to: str = "") -> None:
    """An operator on /sim/ advances the simulated clock by a duration ("10d") or to a date ("2025-07-15")."""
    page.goto("/sim/")
    if by:
        form = page.get_by_role("region", name="By a duration")
        form.get_by_label("Advance by").fill(by)
    else:
        form = page.get_by_role("region", name="To a date")
        form.get_by_label("Advance to").fill(to)
    form.get_by_role("button", name="Advance", exact=True).click()
    # SIM-5: the advance's own page, its bar at 100% and what it did
    expect(page.get_by_role("status").filter(has_text="The clock moved from")).to_be_visible()
