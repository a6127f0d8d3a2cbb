"""Issue 16 findings 2 and 8: the API parses JSON within a depth and a size (API_JSON_MAX_DEPTH,
DATA_UPLOAD_MAX_MEMORY_SIZE). Beyond them it answers in its error shape: a 400 for depth, a 413 for size; never a
500 (RecursionError) nor Django's HTML 400."""

from __future__ import annotations

import json

import pytest
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.test import Client, RequestFactory
from rest_framework.test import APIClient

from certlink.api.parsers import json_depth
from certlink.views import bad_request
from profiles.models import Account
from tests.api.test_errors import assert_error_shape

SIGN_UP = "/api/v1/accounts/"
ADVANCE = "/api/v1/clock/advance/"


def nested(depth: int, inner: str = "") -> str:
    return "[" * depth + inner + "]" * depth


@pytest.mark.parametrize("depth", [33, 1_000, 100_000])
def test_issue16_anonymous_sign_up_with_deep_json_is_a_400_not_a_500(db: None, depth: int) -> None:
    response = APIClient().post(SIGN_UP, nested(depth), content_type="application/json")
    body = assert_error_shape(response, 400)
    assert body["code"] == "json_too_deep"
    assert body["details"] == {"max_depth": 32}
    assert "32" in body["message"]
    assert not Account.objects.exists()


@pytest.mark.parametrize("depth", [1_000, 10_000, 100_000])
def test_issue16_deep_json_to_the_clock_is_a_400(api_as, operator, depth: int) -> None:  # type: ignore[no-untyped-def]
    response = api_as(operator).post(ADVANCE, '{"by": ' + nested(depth, '"1d"') + "}", content_type="application/json")
    assert assert_error_shape(response, 400)["code"] == "json_too_deep"


def test_json_as_deep_as_the_limit_is_parsed(db: None) -> None:
    body = {"email": "deep@outlook.example", "password": "Fresh-pass-42", "x": json.loads(nested(31))}
    response = APIClient().post(SIGN_UP, json.dumps(body), content_type="application/json")
    assert response.status_code != 400 or response.json()["code"] != "json_too_deep"


def test_the_depth_limit_is_a_setting(db: None, settings) -> None:  # type: ignore[no-untyped-def]
    settings.API_JSON_MAX_DEPTH = 2
    response = APIClient().post(SIGN_UP, '{"a": [[1]]}', content_type="application/json")
    assert assert_error_shape(response, 400)["details"] == {"max_depth": 2}


@pytest.mark.parametrize(
    ("text", "depth"),
    [
        ("1", 0),
        ("[]", 1),
        ('{"a": [1, {"b": []}]}', 4),
        ('["[[[[", "}}}", "\\"[["]', 1),  # brackets inside strings don't count
        ('{"a": {"b": {"c": {}}}}', 4),
        ("[[], [[]], []]", 3),
    ],
)
def test_json_depth_counts_nesting_outside_strings(text: str, depth: int) -> None:
    assert json_depth(text, stop_above=100) == depth


def test_json_depth_stops_counting_past_the_limit_without_recursing() -> None:
    assert json_depth(nested(1_000_000), stop_above=32) == 33


def test_issue16_a_body_over_the_upload_limit_is_a_413_in_the_error_shape(db: None, settings) -> None:  # type: ignore[no-untyped-def]
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1_000
    body = json.dumps({"email": "big@outlook.example", "password": "Fresh-pass-42", "pad": "x" * 2_000})
    response = APIClient().post(SIGN_UP, body, content_type="application/json")
    found = assert_error_shape(response, 413)
    assert found["code"] == "request_too_large" and found["details"] == {"max_bytes": 1_000}
    assert not Account.objects.exists()


def test_issue16_a_body_over_the_default_limit_is_a_413_for_an_operator_too(api_as, operator) -> None:  # type: ignore[no-untyped-def]
    body = json.dumps({"by": "1d", "pad": "x" * (2_621_440 + 10)})
    response = api_as(operator).post(ADVANCE, body, content_type="application/json")
    assert assert_error_shape(response, 413)["details"] == {"max_bytes": 2_621_440}


def test_issue16_django_finding_an_api_body_too_large_answers_413_in_the_error_shape(db: None, settings) -> None:  # type: ignore[no-untyped-def]
    """Django raises RequestDataTooBig wherever the body is read first (request.body, request.POST): under /api/
    its 400 handler answers the API's 413, not an HTML page."""
    request = RequestFactory().post(SIGN_UP, "{}", content_type="application/json")
    response = bad_request(request, RequestDataTooBig("Request body exceeded settings.DATA_UPLOAD_MAX_MEMORY_SIZE."))
    assert response.status_code == 413 and json.loads(response.content) == {
        "code": "request_too_large",
        "message": "The request body is larger than 2,621,440 bytes, the most the API accepts. Send a smaller body.",
        "details": {"max_bytes": settings.DATA_UPLOAD_MAX_MEMORY_SIZE},
    }
    other = bad_request(RequestFactory().get("/api/v1/me/"), SuspiciousOperation("Invalid HTTP_HOST header"))
    assert other.status_code == 400 and json.loads(other.content)["code"] == "bad_request"


def test_a_page_over_the_upload_limit_stays_a_page(db: None, settings) -> None:  # type: ignore[no-untyped-def]
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1_000
    response = Client().post("/signin/", {"step": "email", "email": "x" * 2_000})
    assert response.status_code == 400 and not response["Content-Type"].startswith("application/json")


def test_issue16_deep_json_from_a_signed_in_browser_is_a_400_before_the_csrf_check(operator) -> None:  # type: ignore[no-untyped-def]
    """Session authentication reads the body for a CSRF token first: the limit holds there too."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(operator)
    client.get("/sim/")  # the CSRF cookie
    token = client.cookies["csrftoken"].value
    body = '{"by": ' + nested(5_000, '"1d"') + "}"
    response = client.post(ADVANCE, body, content_type="application/json", HTTP_X_CSRFTOKEN=token)
    assert assert_error_shape(response, 400)["code"] == "json_too_deep"
