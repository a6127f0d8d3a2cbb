"""certlink.pagecache: a signed-in person's page is given again, without rendering it, only to the same session with
the same cookies, and only while nothing in the database has changed since it was rendered (PostgreSQL's snapshot).
These tests commit (transaction=True), as requests in production do: a request inside a transaction is never served
from the cache."""

from __future__ import annotations

from datetime import timedelta
from unittest import mock

import pytest
from django.conf import settings
from django.contrib import messages
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import CookieStorage
from django.contrib.sessions.models import Session
from django.db import connection
from django.http import HttpRequest
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from certlink import clock
from certlink.pagecache import HEADER
from certlink.timefmt import when
from partners.models import PartnerOrganization
from profiles.models import Account, LearnProfile
from sim.services import clock_advance_by
from tests.factories import AccountFactory
from tests.partners import conftest as partners

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _postgresql() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("the page cache reads PostgreSQL's snapshot (pg_current_snapshot); elsewhere pages are rendered")


@pytest.fixture
def lee() -> Account:
    return AccountFactory(email="lee@outlook.example", display_name="Lee Learner")


def browser(account: Account) -> Client:
    """A signed-in browser holding its session and its CSRF cookie, as after its first page."""
    client = Client()
    client.force_login(account)
    client.get("/learn/")
    return client


def visit(client: Client, path: str = "/learn/", headers: dict[str, str] | None = None) -> tuple[str, str, int]:
    """(what the cache did, the page, the queries it took)."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path, headers=headers)
    assert response.status_code == 200, response
    return response[HEADER], response.content.decode(), len(captured)


def test_a_second_visit_with_nothing_changed_is_the_same_page_for_one_query(lee: Account) -> None:
    client = browser(lee)
    state, first, rendering = visit(client)
    assert state == "miss" and rendering > 1  # session, account, Learn profile, ...

    state, second, queries = visit(client)

    assert state == "hit"
    assert second == first
    assert queries == 1  # the snapshot, the clock and the session's life, in one


def test_a_write_anywhere_renders_the_page_again_with_it(lee: Account) -> None:
    client = browser(lee)
    visit(client)
    LearnProfile.objects.filter(accounts=lee).update(display_name="Lee Renamed")

    with CaptureQueriesContext(connection) as captured:
        response = client.get("/learn/")

    assert response[HEADER] == "miss"
    assert "Lee Renamed" in response.content.decode()
    assert sum("sim_clock" in query["sql"] for query in captured.captured_queries) == 1  # SIM-1: one reading
    assert visit(client)[0] == "hit"


def test_sim1_moving_the_clock_shows_the_new_instant_at_once(lee: Account) -> None:
    client = browser(lee)
    visit(client)
    clock_advance_by(duration="3d")

    state, page, _ = visit(client)

    assert state == "miss"
    assert when(clock.now()) in page


def test_another_session_of_the_same_person_is_never_given_the_first_ones_page(lee: Account) -> None:
    first = browser(lee)
    visit(first)
    assert visit(first)[0] == "hit"
    other = Client()
    other.force_login(lee)
    for name, cookie in first.cookies.items():  # the same cookies but the session
        if name != settings.SESSION_COOKIE_NAME:
            other.cookies[name] = cookie.value

    assert visit(other)[0] == "miss"


def test_another_person_with_the_same_address_asked_is_given_their_own_page(lee: Account) -> None:
    visit(browser(lee))
    mia = AccountFactory(email="mia@outlook.example", display_name="Mia Learner")

    _, page, _ = visit(browser(mia))

    assert "Mia Learner" in page and "Lee Learner" not in page


def test_a_hard_reload_renders_the_page_again(lee: Account) -> None:
    client = browser(lee)
    visit(client)

    assert visit(client, headers={"Cache-Control": "no-cache"})[0] == "miss"
    assert visit(client, headers={"Pragma": "no-cache"})[0] == "miss"
    assert visit(client)[0] == "hit"


def test_a_session_signed_out_or_expired_is_never_given_the_page_kept(lee: Account) -> None:
    client = browser(lee)
    visit(client)
    later = timezone.now() + timedelta(weeks=52)  # past the session's expiry, with nothing written since

    with mock.patch("certlink.pagecache.timezone.now", return_value=later):
        response = client.get("/learn/")

    assert response[HEADER] == "miss"
    Session.objects.all().delete()
    response = client.get("/learn/")
    assert response.status_code == 302 and response["Location"].startswith("/signin/")


def test_a_message_to_show_once_is_shown_and_the_page_kept_before_it_stays_as_it_was(lee: Account) -> None:
    client = browser(lee)
    visit(client)
    note = CookieStorage(HttpRequest())._encode([Message(messages.SUCCESS, "Saved: your name.")])
    client.cookies[CookieStorage.cookie_name] = note

    state, page, _ = visit(client)

    assert state == "bypass" and "Saved: your name." in page
    state, page, _ = visit(client)  # the message was shown, and its cookie cleared
    assert state == "hit" and "Saved: your name." not in page


def test_a_request_inside_a_transaction_is_never_served_from_the_cache(lee: Account) -> None:
    from django.db import transaction

    client = browser(lee)
    visit(client)
    with transaction.atomic():
        LearnProfile.objects.filter(accounts=lee).update(display_name="Lee Within")
        state, page, _ = visit(client)

    assert state == "bypass" and "Lee Within" in page


def test_a_form_sent_is_never_served_from_the_cache(lee: Account) -> None:
    client = browser(lee)
    visit(client, "/learn/transcript/")

    response = client.post("/learn/transcript/", {})

    assert response.status_code < 500
    assert response[HEADER] == "bypass"


company_a, day0 = partners.company_a, partners.day0  # Partner Center's cast: Contoso and its global admin


def test_the_skills_report_is_kept_per_address_its_filters_included(company_a: PartnerOrganization) -> None:
    client = browser(partners.admin_of(company_a).account)

    visit(client, "/partner/skills/")
    assert visit(client, "/partner/skills/")[0] == "hit"
    assert visit(client, "/partner/skills/?status=expired")[0] == "miss"
    assert visit(client, "/partner/skills/?status=expired")[0] == "hit"
