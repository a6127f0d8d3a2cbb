"""CSRF on every form: signed in, a POST to any page without the CSRF token is refused (403) and changes nothing;
so is an API write authenticated by the session cookie. API writes with a token header need no CSRF token (a
browser never sends that header by itself), and neither do the two anonymous operations (sign-in for a token and
MSA sign-up), which read no session."""

from __future__ import annotations

import json

from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from tests.helpers import page_text
from tests.test_roles import BACKEND, OPERATIONS, PAGES, ROLES, World, snapshot, the_world  # noqa: F401

ANONYMOUS_OPERATIONS = {("POST", "/api/v1/auth/token/"), ("POST", "/api/v1/accounts/")}


def who_may(allowed: frozenset[str]) -> str:
    """A signed-in role allowed to post there, so that only the missing token stops the request."""
    return next((role for role in ROLES[1:] if role in allowed), "learner")


def test_every_page_post_without_the_csrf_token_is_refused_and_changes_nothing(world: World) -> None:
    problems = []
    for name, route in PAGES.items():
        if "P" not in route.methods:
            continue
        client = Client(enforce_csrf_checks=True)
        client.force_login(world.accounts[who_may(route.allowed)], backend=BACKEND)
        url = reverse(name, args=list(route.args(world)))
        before = snapshot()
        response = client.post(url, route.data(world))
        if response.status_code != 403 or "no valid CSRF token" not in page_text(response):
            problems.append(f"POST {url}: {response.status_code}")
        if snapshot() != before:
            problems.append(f"POST {url}: changed the world")
    assert problems == [], "\n".join(problems)


def test_every_session_api_write_without_the_csrf_token_is_refused_and_changes_nothing(world: World) -> None:
    problems = []
    for (method, path), operation in OPERATIONS.items():
        if method == "GET" or (method, path) in ANONYMOUS_OPERATIONS:
            continue
        client = APIClient(enforce_csrf_checks=True)
        client.force_login(world.accounts[who_may(operation.allowed)], backend=BACKEND)
        url = path.format(**operation.params(world))
        before = snapshot()
        response = client.generic(method, url, json.dumps(operation.body(world) or {}), "application/json")
        body = response.json()
        if response.status_code != 403 or set(body) != {"code", "message", "details"} or "CSRF" not in body["message"]:
            problems.append(f"{method} {url}: {response.status_code} {body}")
        if snapshot() != before:
            problems.append(f"{method} {url}: changed the world")
    assert problems == [], "\n".join(problems)


def test_a_token_authenticated_write_needs_no_csrf_token(world: World) -> None:
    from rest_framework.authtoken.models import Token

    client = APIClient(enforce_csrf_checks=True)
    token = Token.objects.create(user=world.accounts["learner"])
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    response = client.post("/api/v1/learn/transcript/share/")
    assert response.status_code == 200, response.content


def test_a_page_post_with_the_csrf_token_gets_through(world: World) -> None:
    """The refusals above are the missing token's: the same form with its token is accepted."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.accounts["learner"], backend=BACKEND)
    page = client.get(reverse("learn_transcript"))
    token = page.cookies["csrftoken"].value
    response = client.post(reverse("learn_transcript"), {"csrfmiddlewaretoken": token})
    assert response.status_code == 302
