"""One error shape for every refusal: {code, message, details} with a 4xx; bad input never a 500."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from profiles.models import Account


def assert_error_shape(response, status: int) -> dict:  # type: ignore[no-untyped-def]
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) == {"code", "message", "details"}
    assert isinstance(body["code"], str) and body["message"].endswith(".")
    return body


def test_malformed_json_is_a_400_in_the_error_shape(db: None) -> None:
    response = APIClient().post("/api/v1/auth/token/", "{not json", content_type="application/json")
    assert assert_error_shape(response, 400)["code"] == "malformed_request"


@pytest.mark.parametrize("body", ['"a string"', "[1, 2]", "null", "42"])
def test_a_body_that_is_no_json_object_is_a_400(db: None, body: str) -> None:
    response = APIClient().post("/api/v1/auth/token/", body, content_type="application/json")
    assert_error_shape(response, 400)


def test_wrong_types_name_the_fields_in_details(db: None) -> None:
    response = APIClient().post("/api/v1/accounts/", {"email": 5, "password": ["x"]}, format="json")
    body = assert_error_shape(response, 400)
    assert body["code"] == "invalid" and set(body["details"]["fields"]) == {"email", "password"}
    assert not Account.objects.exists()


def test_a_form_body_is_refused_as_unsupported(db: None) -> None:
    response = APIClient().post("/api/v1/auth/token/", {"email": "a@b.example"})
    assert assert_error_shape(response, 415)["code"] == "unsupported_media_type"


def test_an_unknown_id_is_a_404(api_as, contoso_admin) -> None:
    assert_error_shape(api_as(contoso_admin).delete("/api/v1/tenant/accounts/999999/"), 404)


def test_an_unknown_address_under_the_api_is_a_404_in_the_error_shape(db: None) -> None:
    assert assert_error_shape(APIClient().get("/api/v1/nowhere/"), 404)["code"] == "not_found"


def test_an_anonymous_request_is_a_401(db: None) -> None:
    assert assert_error_shape(APIClient().get("/api/v1/me/"), 401)["code"] == "not_signed_in"


def test_a_bad_token_is_a_401(db: None) -> None:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token nonsense")
    assert assert_error_shape(client.get("/api/v1/me/"), 401)["code"] == "bad_credentials"


def test_a_wrong_method_is_a_405(api_as, learner) -> None:
    assert_error_shape(api_as(learner).delete("/api/v1/clock/"), 405)


def test_session_auth_needs_the_csrf_token(learner) -> None:
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(learner, backend="profiles.backends.AccountBackend")
    response = client.post("/api/v1/auth/token/revoke/")
    body = assert_error_shape(response, 403)
    assert body["code"] == "forbidden" and "CSRF" in body["message"]


def test_a_token_signs_in_and_can_be_revoked(learner) -> None:
    from tests.factories import PASSWORD

    api = APIClient()
    token = api.post("/api/v1/auth/token/", {"email": learner.email, "password": PASSWORD}, format="json")
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.json()['token']}")
    assert api.get("/api/v1/me/").json()["email"] == "lee@outlook.example"
    assert api.post("/api/v1/auth/token/revoke/").status_code == 204
    assert api.get("/api/v1/me/").status_code == 401


def test_anyone_creates_an_msa_through_the_api(db: None) -> None:
    response = APIClient().post(
        "/api/v1/accounts/", {"email": "nia@outlook.example", "password": "Fresh-pass-42"}, format="json"
    )
    assert response.status_code == 201 and response.json()["kind"] == "msa"


def test_a_delete_with_a_session_but_no_csrf_token_at_an_unknown_address_is_json(learner) -> None:
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(learner, backend="profiles.backends.AccountBackend")
    response = client.delete("/api/v1/tenant/accounts/null,null/")
    assert_error_shape(response, 404)


@pytest.mark.parametrize("query", [{"limit": "null"}, {"offset": "-1"}, {"limit": "0"}, {"limit": "100000"}])
def test_paging_that_is_no_whole_number_in_range_is_a_400(api_as, learner, query: dict) -> None:
    assert assert_error_shape(api_as(learner).get("/api/v1/outbox/", query), 400)["code"] == "invalid"


def test_a_page_form_without_csrf_is_refused_with_a_sentence(learner) -> None:
    from django.test import Client

    from tests.helpers import page_text

    response = Client(enforce_csrf_checks=True).post("/signin/", {"step": "email", "email": "a@b.example"})
    assert response.status_code == 403 and "no valid CSRF token" in page_text(response)
