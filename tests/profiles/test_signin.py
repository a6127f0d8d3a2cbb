"""Signing in through the pages and the API (ID-2, ID-3, ID-4)."""

from datetime import timedelta

import pytest
from django.test import Client
from rest_framework.test import APIClient

from certlink.clock import clock_set
from profiles import services
from profiles.models import Account
from tests.conftest import START
from tests.factories import PASSWORD
from tests.helpers import page_text

FAILED = "That email address or password isn't right. Check both and try again."


def sign_in(client: Client, email: str, password: str, kind: str = "msa"):
    return client.post("/signin/", {"step": "password", "email": email, "kind": kind, "password": password})


def test_the_sign_in_page_asks_for_the_email_first(client: Client, db: None) -> None:
    response = client.get("/signin/")
    assert response.status_code == 200
    assert b"Sign in" in response.content and b'name="email"' in response.content


def test_a_learner_signs_in_with_email_then_password(client: Client, learner: Account) -> None:
    response = client.post("/signin/", {"step": "email", "email": "lee@outlook.example"})
    assert b"Enter password" in response.content and b"Which account" not in response.content
    response = sign_in(client, "lee@outlook.example", PASSWORD)
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.get("/").context["user"] == learner


def test_id2_an_address_on_a_tenant_domain_asks_work_or_personal(client: Client, employee: Account) -> None:
    response = client.post("/signin/", {"step": "email", "email": "megan@contoso.example"})
    assert b"Which account do you want to use?" in response.content
    assert b"Work or school account" in response.content and b"Personal account" in response.content


def test_id2_each_kind_is_its_own_identity_with_its_own_password(client: Client, employee: Account) -> None:
    msa = services.msa_sign_up(email="megan@contoso.example", password="Other-pass-77", display_name="", now=START)
    assert sign_in(client, "megan@contoso.example", PASSWORD, kind="work").status_code == 302
    assert client.get("/").context["user"] == employee
    other = Client()
    assert sign_in(other, "megan@contoso.example", PASSWORD, kind="msa").status_code == 400
    assert sign_in(other, "megan@contoso.example", "Other-pass-77", kind="msa").status_code == 302
    assert other.get("/").context["user"] == msa


def test_id2_the_choice_page_leads_to_the_password_of_the_chosen_kind(client: Client, employee: Account) -> None:
    response = client.post("/signin/", {"step": "kind", "email": "megan@contoso.example", "kind": "work"})
    assert b"Enter password" in response.content and b"work or school account" in response.content


def test_id2_the_api_asks_which_kind_for_an_address_on_a_tenant_domain(employee: Account) -> None:
    response = APIClient().post("/api/v1/auth/token/", {"email": employee.email, "password": PASSWORD}, format="json")
    assert response.status_code == 400
    assert response.json()["code"] == "signin_kind_required"


def test_id3_a_wrong_password_and_an_unknown_address_say_the_same_sentence(client: Client, learner: Account) -> None:
    wrong = sign_in(client, "lee@outlook.example", "not-it")
    unknown = sign_in(client, "nobody@outlook.example", "not-it")
    assert wrong.status_code == unknown.status_code == 400
    assert FAILED in page_text(wrong) and FAILED in page_text(unknown)
    assert b'data-code="signin_failed"' in wrong.content


def test_id3_the_api_says_the_same_sentence_as_the_page(learner: Account) -> None:
    response = APIClient().post("/api/v1/auth/token/", {"email": "lee@outlook.example", "password": "x"}, format="json")
    assert response.status_code == 400
    assert response.json() == {"code": "signin_failed", "message": FAILED, "details": {}}


def test_id4_a_deleted_work_account_can_no_longer_sign_in(
    client: Client, contoso_admin: Account, employee: Account
) -> None:
    services.work_account_delete(by=contoso_admin, account=employee, now=START)
    response = sign_in(client, employee.email, PASSWORD, kind="work")
    assert response.status_code == 400 and FAILED in page_text(response)


def test_id4_a_deleted_account_loses_its_open_session_and_its_token(
    page_as, api_as, contoso_admin: Account, employee: Account
) -> None:
    page, api = page_as(employee), api_as(employee)
    services.work_account_delete(by=contoso_admin, account=employee, now=START)
    assert page.get("/account/").status_code == 302
    assert api.get("/api/v1/me/").status_code == 401


def test_signing_out_ends_the_session(page_as, learner: Account) -> None:
    client = page_as(learner)
    assert client.get("/signout/").status_code == 200
    response = client.post("/signout/")
    assert b"signed out" in response.content
    assert client.get("/account/").status_code == 302


def test_sign_in_returns_to_the_page_asked_for_but_never_to_another_site(client: Client, learner: Account) -> None:
    back = client.post(
        "/signin/",
        {"step": "password", "email": learner.email, "kind": "msa", "password": PASSWORD, "next": "/outbox/"},
    )
    assert back["Location"] == "/outbox/"
    away = Client().post(
        "/signin/",
        {
            "step": "password",
            "email": learner.email,
            "kind": "msa",
            "password": PASSWORD,
            "next": "https://evil.example/",
        },
    )
    assert away["Location"] == "/"


def test_a_new_employee_must_replace_the_one_time_password(client: Client, contoso_admin: Account) -> None:
    account, one_time = services.work_account_create(
        by=contoso_admin, email="new@contoso.example", display_name="", now=START
    )
    response = sign_in(client, account.email, one_time, kind="work")
    assert response["Location"].startswith("/account/password/")
    weak = client.post("/account/password/", {"password": "short"})
    assert weak.status_code == 400 and b"too short" in weak.content
    assert client.post("/account/password/", {"password": "Brand-new-pass-1"}).status_code == 302
    account.refresh_from_db()
    assert account.check_password("Brand-new-pass-1") and not account.must_change_password


def test_anyone_creates_a_personal_account_and_is_signed_in(client: Client, db: None) -> None:
    response = client.post(
        "/signup/", {"email": "new@outlook.example", "password": "Fresh-pass-42", "display_name": "Nia New"}
    )
    assert response.status_code == 302
    assert client.get("/").context["user"].email == "new@outlook.example"


def test_the_sign_up_page_keeps_what_was_typed_when_it_refuses(client: Client, learner: Account) -> None:
    response = client.post(
        "/signup/", {"email": "lee@outlook.example", "password": "Fresh-pass-42", "display_name": "Lee Again"}
    )
    assert response.status_code == 400
    assert b'data-code="msa_exists"' in response.content and b'value="Lee Again"' in response.content


@pytest.mark.parametrize("path", ["/account/", "/account/organization/", "/outbox/", "/sim/"])
def test_pages_behind_sign_in_send_anonymous_visitors_to_sign_in(client: Client, db: None, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 302 and response["Location"].startswith("/signin/?next=")


def test_clock_set_is_only_for_tests_and_scenarios(db: None) -> None:
    clock_set(to=START + timedelta(days=1))
    from certlink import clock

    assert clock.now() == START + timedelta(days=1)
