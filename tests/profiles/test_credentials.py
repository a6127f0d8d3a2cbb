"""Credentials after a password change, and one-time passwords (ID-1, ID-3; issue 16, finding 6).

A password change ends what the old password opened: the account's API tokens and its other sessions; the session
that changed it stays signed in. An account given a one-time password does nothing else, on a page or through the
API, until it chooses its own."""

from __future__ import annotations

from django.test import Client
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from certlink.errors import Refusal
from certlink.password_gate import password_change_required
from profiles import services
from profiles.models import Account
from tests.conftest import START
from tests.factories import PASSWORD

NEW = "Brand-new-pass-1"


def signed_in(account: Account) -> Client:
    client = Client()
    client.force_login(account, backend="profiles.backends.AccountBackend")
    return client


def with_token(key: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def token_of(account: Account) -> str:
    return Token.objects.get_or_create(user=account)[0].key


def signs_in(client: Client) -> bool:
    return client.get("/account/").status_code == 200


def new_employee(contoso_admin: Account) -> tuple[Account, str]:
    return services.work_account_create(by=contoso_admin, email="nina@contoso.example", display_name="Nina", now=START)


# --- A password change ends the old password's tokens and sessions ---------------------------------------------


def test_a_password_changed_on_the_page_revokes_the_accounts_api_tokens(learner: Account) -> None:
    api = with_token(token_of(learner))
    assert api.get("/api/v1/me/").status_code == 200
    assert signed_in(learner).post("/account/password/", {"password": NEW}).status_code == 302
    assert api.get("/api/v1/me/").status_code == 401
    assert not Token.objects.filter(user=learner).exists()


def test_a_password_change_signs_out_the_accounts_other_sessions_and_keeps_this_one(learner: Account) -> None:
    here, elsewhere = signed_in(learner), signed_in(learner)
    assert signs_in(here) and signs_in(elsewhere)
    assert here.post("/account/password/", {"password": NEW}).status_code == 302
    assert signs_in(here)
    assert elsewhere.get("/account/")["Location"].startswith("/signin/")


def test_the_session_hash_follows_the_password() -> None:
    """Django ends the other sessions because each holds a hash of the password (AbstractBaseUser's)."""
    account = Account(password="x")
    before = account.get_session_auth_hash()
    account.set_password(NEW)
    assert account.get_session_auth_hash() != before


def test_the_api_changes_a_password_and_answers_a_new_token_alone_valid(learner: Account) -> None:
    old = token_of(learner)
    elsewhere = signed_in(learner)
    response = with_token(old).post(
        "/api/v1/auth/password/", {"current_password": PASSWORD, "new_password": NEW}, format="json"
    )
    assert response.status_code == 200, response.content
    new = response.json()["token"]
    assert new != old and response.json()["account"]["email"] == learner.email
    assert with_token(old).get("/api/v1/me/").status_code == 401
    assert with_token(new).get("/api/v1/me/").status_code == 200
    assert elsewhere.get("/account/")["Location"].startswith("/signin/")
    learner.refresh_from_db()
    assert learner.check_password(NEW)


def test_the_api_keeps_the_session_that_changed_the_password(learner: Account) -> None:
    api = APIClient()
    api.force_login(learner, backend="profiles.backends.AccountBackend")
    response = api.post("/api/v1/auth/password/", {"current_password": PASSWORD, "new_password": NEW}, format="json")
    assert response.status_code == 200
    assert api.get("/api/v1/me/").status_code == 200


def test_the_api_refuses_a_password_change_without_the_current_password(learner: Account) -> None:
    key = token_of(learner)
    response = with_token(key).post(
        "/api/v1/auth/password/", {"current_password": "Not-it-at-all-1", "new_password": NEW}, format="json"
    )
    assert response.status_code == 403 and response.json()["code"] == "current_password_wrong"
    learner.refresh_from_db()
    assert learner.check_password(PASSWORD) and Token.objects.filter(key=key).exists()


def test_the_api_refuses_a_weak_new_password_and_keeps_the_old_one(learner: Account) -> None:
    response = with_token(token_of(learner)).post(
        "/api/v1/auth/password/", {"current_password": PASSWORD, "new_password": "short"}, format="json"
    )
    assert response.status_code == 400 and response.json()["code"] == "weak_password"
    learner.refresh_from_db()
    assert learner.check_password(PASSWORD)


# --- A one-time password opens nothing but its own change -------------------------------------------------------


def test_id1_a_one_time_password_gets_a_token_that_says_so_and_opens_nothing(contoso_admin: Account) -> None:
    account, one_time = new_employee(contoso_admin)
    signin = APIClient().post(
        "/api/v1/auth/token/", {"email": account.email, "password": one_time, "kind": "work"}, format="json"
    )
    assert signin.status_code == 200 and signin.json()["account"]["must_change_password"] is True
    response = with_token(signin.json()["token"]).get("/api/v1/me/")
    assert response.status_code == 403
    assert response.json()["code"] == "password_change_required"
    assert response.json()["message"] == password_change_required().message
    assert response.json()["details"]["password_change_api"] == "/api/v1/auth/password/"


def test_id1_a_one_time_password_opens_no_page_but_the_password_change(contoso_admin: Account) -> None:
    account, _ = new_employee(contoso_admin)
    client = signed_in(account)
    for path in ("/", "/account/", "/learn/", "/partner/skills/", "/outbox/", "/api/docs/"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"] == f"/account/password/?next={path.replace('/', '%2F')}", path
    page = client.get("/account/password/")
    assert page.status_code == 200
    assert password_change_required().message in page.content.decode()
    assert client.get("/signout/").status_code == 200


def test_id1_a_new_partner_center_user_opens_the_skills_report_only_after_choosing_a_password(
    contoso_admin: Account,
) -> None:
    """The probe's reproduction: an account created with a one-time password opened /partner/skills/."""
    account, _ = new_employee(contoso_admin)
    client = signed_in(account)
    assert client.get("/partner/skills/")["Location"].startswith("/account/password/")
    response = client.post("/account/password/", {"password": NEW, "next": "/partner/skills/"})
    assert response.status_code == 302 and response["Location"] == "/partner/skills/"
    assert client.get("/account/").status_code == 200


def test_id1_an_api_client_chooses_its_password_with_the_one_time_one_and_goes_on(contoso_admin: Account) -> None:
    account, one_time = new_employee(contoso_admin)
    key = token_of(account)
    response = with_token(key).post(
        "/api/v1/auth/password/", {"current_password": one_time, "new_password": NEW}, format="json"
    )
    assert response.status_code == 200 and response.json()["account"]["must_change_password"] is False
    assert with_token(response.json()["token"]).get("/api/v1/me/").status_code == 200


def test_id1_a_one_time_password_may_revoke_its_token(contoso_admin: Account) -> None:
    account, _ = new_employee(contoso_admin)
    assert with_token(token_of(account)).post("/api/v1/auth/token/revoke/").status_code == 204
    assert not Token.objects.filter(user=account).exists()


def test_id1_the_one_time_password_cannot_be_chosen_again(contoso_admin: Account) -> None:
    account, one_time = new_employee(contoso_admin)
    try:
        services.account_set_password(account=account, password=one_time)
    except Refusal as refusal:
        assert refusal.code == "password_unchanged"
    else:
        raise AssertionError("the one-time password was accepted as the new one")
    account.refresh_from_db()
    assert account.must_change_password
