"""Sign-in returns to where the person was: `next` goes through every step (email → work or personal? → password),
through sign-out and "Sign in again", and from the top bar; a `next` on another site is ignored (no open redirect)."""

from __future__ import annotations

import re

from django.test import Client

from profiles.models import Account
from tests.factories import PASSWORD
from tests.helpers import page_text

DOCTOR = "/learn/doctor/"


def hidden_next(response) -> str:  # type: ignore[no-untyped-def]
    (value,) = re.findall(r'name="next" value="([^"]*)"', page_text(response))
    return value


def link(response, text: str) -> str:  # type: ignore[no-untyped-def]
    (href,) = re.findall(rf'href="([^"]*)"[^>]*>{re.escape(text)}</a>', page_text(response))
    return href


def test_next_goes_through_the_email_the_choice_and_the_password_steps(client: Client, employee: Account) -> None:
    email = client.post("/signin/", {"step": "email", "email": employee.email, "next": DOCTOR})
    assert "Which account do you want to use?" in page_text(email) and hidden_next(email) == DOCTOR
    kind = client.post(
        "/signin/", {"step": "kind", "email": employee.email, "kind": "work", "next": hidden_next(email)}
    )
    assert "Enter password" in page_text(kind) and hidden_next(kind) == DOCTOR
    signed_in = client.post(
        "/signin/",
        {"step": "password", "email": employee.email, "kind": "work", "password": PASSWORD, "next": hidden_next(kind)},
    )
    assert signed_in.status_code == 302 and signed_in["Location"] == DOCTOR


def test_a_wrong_password_keeps_next(client: Client, learner: Account) -> None:
    wrong = client.post(
        "/signin/", {"step": "password", "email": learner.email, "kind": "msa", "password": "nope", "next": DOCTOR}
    )
    assert wrong.status_code == 400 and hidden_next(wrong) == DOCTOR


def test_signing_out_and_in_again_returns_to_the_page_signed_out_from(page_as, learner: Account) -> None:  # type: ignore[no-untyped-def]
    client = page_as(learner)
    page = client.get(DOCTOR)
    confirm = client.get(link(page, "Sign out"))
    assert hidden_next(confirm) == DOCTOR and link(confirm, "Cancel") == DOCTOR
    signed_out = client.post("/signout/", {"next": hidden_next(confirm)})
    again = link(signed_out, "Sign in again")
    assert again == "/signin/?next=/learn/doctor/"
    form = client.get(again)
    assert hidden_next(form) == DOCTOR
    signed_in = client.post(
        "/signin/",
        {"step": "password", "email": learner.email, "kind": "msa", "password": PASSWORD, "next": hidden_next(form)},
    )
    assert signed_in["Location"] == DOCTOR


def test_the_top_bar_sign_in_carries_the_page(client: Client, learner: Account) -> None:
    lost = client.get("/learn/no-such-page/", {"from": "email"})  # a page anyone sees with the top bar: not found
    assert lost.status_code == 404
    back = link(lost, "Sign in")
    assert back == "/signin/?next=/learn/no-such-page/%3Ffrom%3Demail"
    assert hidden_next(client.get(back)) == "/learn/no-such-page/?from=email"


def test_a_next_on_another_site_is_ignored(client: Client, learner: Account) -> None:
    evil = "https://evil.example/learn/doctor/"
    form = client.get("/signin/", {"next": evil})
    assert hidden_next(form) == "/"
    signed_in = client.post(
        "/signin/", {"step": "password", "email": learner.email, "kind": "msa", "password": PASSWORD, "next": evil}
    )
    assert signed_in["Location"] == "/"
    signed_out = client.post("/signout/", {"next": "//evil.example/"})
    assert link(signed_out, "Sign in again") == "/signin/?next=/"


def test_a_next_with_a_query_comes_back_whole(client: Client, learner: Account) -> None:
    target = "/learn/transcript/?page=2&sort=date"
    form = client.get("/signin/", {"next": target})
    assert hidden_next(form) == target
    signed_in = client.post(
        "/signin/", {"step": "password", "email": learner.email, "kind": "msa", "password": PASSWORD, "next": target}
    )
    assert signed_in["Location"] == target
