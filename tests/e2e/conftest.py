"""Browser journeys: Playwright for Python (sync API) driving Debian's Chromium against pytest-django's live server.

`playwright install` cannot download a browser here, so the journeys launch /usr/bin/chromium (Debian's `chromium`
package; `.ci/run` installs it) and skip, saying so, where it is missing. One browser serves the whole folder; each
person of a journey gets a browser context of their own (their own cookies: their own sign-in). Every journey saves
screenshots of its key pages to artifacts/e2e/<test>/<step>.png, and of every open page when it fails.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Generator, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from django.core.servers.basehttp import WSGIServer
from django.test.testcases import LiveServerThread

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page
    from pytest_django.live_server_helper import LiveServer

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts" / "e2e"
TIMEOUT_MS = 10_000  # a page of the live server answers in well under a second; fail a broken step quickly


class OneRequestAtATime(WSGIServer):
    """The live server, answering one request after another. On SQLite in memory its threads would share the test's
    one connection: two requests at once (a page's chart and its notification bell, both asked for as it loads) then
    use it together and hang."""

    def __init__(self, *args: object, connections_override: object = None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]


def pytest_configure(config: pytest.Config) -> None:
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        LiveServerThread.server_class = OneRequestAtATime


@pytest.fixture(scope="package")
def browser() -> Iterator[Browser]:
    """One Chromium for every test of this folder (package scope: it closes, and its event loop stops, before the
    rest of the suite runs)."""
    if not CHROMIUM.exists():
        pytest.skip(f"browser tests need Debian's Chromium at {CHROMIUM} (apt-get install chromium chromium-driver)")
    try:
        from playwright.sync_api import expect, sync_playwright
    except ImportError:
        pytest.skip("browser tests need Playwright for Python (pip install -e '.[dev]')")
    # Playwright's sync API keeps an asyncio event loop running in this thread while it is started; Django refuses
    # ORM calls from a thread with a running loop unless told that this is safe (it is: the test code is sync).
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    expect.set_options(timeout=TIMEOUT_MS)
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            yield chromium
            chromium.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


class Web:
    """The people of one journey at the live server, each in a browser context of their own, and its screenshots."""

    def __init__(self, browser: Browser, base_url: str, artifacts: Path) -> None:
        self.browser, self.base_url, self.artifacts = browser, base_url, artifacts
        self.contexts: list[BrowserContext] = []

    def person(self) -> Page:
        """A new person: a fresh browser context (no cookies) and its page, with paths relative to the server."""
        context = self.browser.new_context(
            base_url=self.base_url, viewport={"width": 1280, "height": 900}, accept_downloads=True
        )
        context.set_default_timeout(TIMEOUT_MS)
        self.contexts.append(context)
        return context.new_page()

    def shot(self, page: Page, step: str) -> Path:
        """Save the whole page as artifacts/e2e/<test>/<step>.png."""
        path = self.artifacts / f"{step}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    def close(self, failed: bool) -> None:
        for n, context in enumerate(self.contexts, start=1):
            if failed:
                for m, page in enumerate(context.pages, start=1):
                    try:
                        self.shot(page, f"failed-person{n}-page{m}")
                    except Exception:  # a page that cannot be drawn must not hide the failure
                        pass
            context.close()


@pytest.fixture
def web(browser: Browser, live_server: LiveServer, request: pytest.FixtureRequest) -> Iterator[Web]:
    """The journey's people at the live server (which makes the test's database access transactional, so the
    server's threads see what the test set up and the test sees what the pages did)."""
    artifacts = ARTIFACTS / re.sub(r"[^\w.-]+", "_", request.node.name)
    shutil.rmtree(artifacts, ignore_errors=True)
    artifacts.mkdir(parents=True)
    session = Web(browser, live_server.url, artifacts)
    yield session
    report = getattr(request.node, "report_call", None)
    session.close(failed=bool(report and report.failed))


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    """Keep the call phase's report on the test, so `web` knows at teardown whether to screenshot a failure."""
    report = yield
    if report.when == "call":
        item.report_call = report  # type: ignore[attr-defined]
    return report


from tests.e2e.cast import cast  # noqa: E402, F401  (the main pages' world, for the accessibility and layout tests)
