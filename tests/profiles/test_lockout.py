"""ID-3: sign-in lockout, kept by django-axes, in real (machine) time, by address and by client, at every door that
checks an account's password: the sign-in page, the API token, the sign-ins that prove an account (the alignment
doctor's proof, LP-3's Add account) and Django's own authenticate(). Partner University's doors are in
tests/partners/test_university_lockout.py."""

from __future__ import annotations

from datetime import timedelta
from unittest import mock

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import authenticate
from django.contrib.auth.hashers import MD5PasswordHasher
from django.core.management import call_command
from django.test import Client, RequestFactory
from rest_framework.test import APIClient

from certlink.clock import clock_advance
from profiles.models import Account
from profiles.services import lockout
from tests.conftest import START
from tests.factories import PASSWORD, AccountFactory
from tests.helpers import page_text

TOKEN = "/api/v1/auth/token/"
LOCKED = "Too many failed sign-ins. Wait 15 minutes, then try again."


def sign_in(client: Client, email: str, password: str, kind: str = "msa"):  # type: ignore[no-untyped-def]
    return client.post("/signin/", {"step": "password", "email": email, "kind": kind, "password": password})


def token(email: str, password: str, client_ip: str = "127.0.0.1"):  # type: ignore[no-untyped-def]
    return APIClient(REMOTE_ADDR=client_ip).post(TOKEN, {"email": email, "password": password}, format="json")


def fail(times: int, email: str, client_ip: str = "127.0.0.1") -> None:
    """`times` failed sign-ins (the last of which may be the one that locks)."""
    for _ in range(times):
        assert token(email, "wrong", client_ip).json()["code"] in {"signin_failed", "signin_locked"}


def pass_real_time(minutes: float) -> None:
    """The machine's clock moves on: every failure axes keeps becomes that much older."""
    for attempt in AccessAttempt.objects.all():
        AccessAttempt.objects.filter(pk=attempt.pk).update(
            attempt_time=attempt.attempt_time - timedelta(minutes=minutes)
        )


# --- By address ----------------------------------------------------------------------------------------------------


def test_id3_five_failures_on_the_page_lock_the_address_even_for_the_right_password(
    client: Client, learner: Account
) -> None:
    for _ in range(4):
        assert sign_in(client, learner.email, "wrong").status_code == 400
    fifth = sign_in(client, learner.email, "wrong")
    assert fifth.status_code == 429 and b'data-code="signin_locked"' in fifth.content
    response = sign_in(client, learner.email, PASSWORD)
    assert response.status_code == 429 and LOCKED in page_text(response)
    assert "_auth_user_id" not in client.session


def test_id3_five_failures_on_the_api_token_lock_the_address_with_the_pages_sentence(learner: Account) -> None:
    fail(5, learner.email)
    response = token(learner.email, PASSWORD)
    body = response.json()
    assert (response.status_code, body["code"], body["message"]) == (429, "signin_locked", LOCKED)
    assert set(body["details"]) == {"retry_after"}


def test_id3_the_address_is_locked_at_every_door_whichever_door_failed(client: Client, learner: Account) -> None:
    for _ in range(5):
        sign_in(client, learner.email.upper(), "wrong")  # Lee@… is lee@…
    assert token(learner.email, PASSWORD).status_code == 429


def test_id3_a_locked_address_leaves_other_addresses_of_the_client_open(learner: Account) -> None:
    fail(5, "ghost@outlook.example")
    assert token(learner.email, PASSWORD).status_code == 200


def test_id3_an_unknown_address_locks_exactly_like_a_real_one(learner: Account) -> None:
    answers = {}
    for email in (learner.email, "ghost@outlook.example"):
        fail(5, email)
        response = token(email, "wrong")
        answers[email] = (response.status_code, response.json()["code"], response.json()["message"])
    assert answers[learner.email] == answers["ghost@outlook.example"] == (429, "signin_locked", LOCKED)


def test_id3_a_locked_door_checks_no_password_for_any_address(learner: Account) -> None:
    """The same work whether or not the account exists: locked, neither hashes a password."""
    for email in (learner.email, "ghost@outlook.example"):
        fail(5, email)
    with mock.patch.object(MD5PasswordHasher, "encode", autospec=True) as encode:
        token(learner.email, PASSWORD)
        token("ghost@outlook.example", PASSWORD)
    assert encode.call_count == 0


def test_id3_a_wrong_password_and_a_missing_account_each_hash_one_password(learner: Account) -> None:
    calls = {}
    for email in (learner.email, "ghost@outlook.example"):
        with mock.patch.object(
            MD5PasswordHasher, "encode", autospec=True, side_effect=MD5PasswordHasher.encode
        ) as encode:
            token(email, "wrong")
        calls[email] = encode.call_count
    assert calls == {learner.email: 1, "ghost@outlook.example": 1}


def test_id3_a_success_clears_the_failures_of_its_address(learner: Account) -> None:
    fail(4, learner.email)
    assert token(learner.email, PASSWORD).status_code == 200
    fail(4, learner.email)
    assert token(learner.email, PASSWORD).status_code == 200


# --- By client -----------------------------------------------------------------------------------------------------


def test_id3_one_client_trying_many_addresses_is_locked_out_of_every_address(learner: Account, settings) -> None:  # type: ignore[no-untyped-def]
    settings.SIGNIN_CLIENT_MAX_FAILURES = 12
    for n in range(12):
        fail(1, f"person{n}@outlook.example", client_ip="198.51.100.9")
    response = token(learner.email, PASSWORD, client_ip="198.51.100.9")
    assert (response.status_code, response.json()["message"]) == (429, LOCKED)
    assert token(learner.email, PASSWORD, client_ip="198.51.100.10").status_code == 200  # another client is not


def test_id3_a_client_may_fail_more_often_than_an_address(learner: Account, settings) -> None:  # type: ignore[no-untyped-def]
    """Many people can share one client address (an office, a classroom): the client's limit is the larger."""
    assert settings.SIGNIN_CLIENT_MAX_FAILURES > settings.SIGNIN_MAX_FAILURES
    for n in range(settings.SIGNIN_MAX_FAILURES + 1):
        fail(1, f"person{n}@outlook.example")
    assert token(learner.email, PASSWORD).status_code == 200


def test_id3_a_success_never_clears_what_its_client_tried_against_other_addresses(learner: Account, settings) -> None:  # type: ignore[no-untyped-def]
    settings.SIGNIN_CLIENT_MAX_FAILURES = 8
    for n in range(7):
        fail(1, f"person{n}@outlook.example")
    assert token(learner.email, PASSWORD).status_code == 200  # an account of the attacker's own
    fail(1, "person7@outlook.example")
    assert token(learner.email, PASSWORD).status_code == 429


@pytest.mark.parametrize(
    ("proxies", "forwarded", "client"),
    [
        (0, "203.0.113.5", "10.0.0.2"),  # no proxy trusted: the header is the client's own, and ignored
        (1, "203.0.113.5", "203.0.113.5"),  # behind a TLS terminator: the address it saw
        (1, "198.51.100.66, 203.0.113.5", "203.0.113.5"),  # what the client wrote itself is not believed
        (2, "203.0.113.5, 10.0.0.9", "203.0.113.5"),
        (1, "not-an-address", "10.0.0.2"),
    ],
)
def test_id3_the_client_behind_trusted_proxies_is_the_one_they_saw(
    settings, proxies: int, forwarded: str, client: str
) -> None:  # type: ignore[no-untyped-def]
    settings.SIGNIN_TRUSTED_PROXIES = proxies
    request = RequestFactory().post("/signin/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=forwarded)
    assert lockout.client_ip(request) == client


# --- Real time, not the simulated clock ----------------------------------------------------------------------------


def test_id3_advancing_the_simulated_clock_does_not_unlock(learner: Account) -> None:
    fail(5, learner.email)
    clock_advance(to=START + timedelta(days=30))
    assert token(learner.email, PASSWORD).status_code == 429


def test_id3_the_lock_ends_after_the_real_cooloff(learner: Account) -> None:
    fail(5, learner.email)
    pass_real_time(14)
    assert (
        token(learner.email, PASSWORD).json()["message"] == "Too many failed sign-ins. Wait 1 minute, then try again."
    )
    pass_real_time(1)
    assert token(learner.email, PASSWORD).status_code == 200


def test_id3_the_cooloff_is_a_setting_in_real_minutes(learner: Account, settings) -> None:  # type: ignore[no-untyped-def]
    settings.AXES_COOLOFF_TIME = timedelta(minutes=2)
    fail(5, learner.email)
    pass_real_time(1)
    assert token(learner.email, PASSWORD).status_code == 429
    pass_real_time(1)
    assert token(learner.email, PASSWORD).status_code == 200


def test_id3_the_operator_is_never_locked_out_for_good(client: Client, operator: Account) -> None:
    for _ in range(20):  # attempts refused while locked do not extend the lock
        sign_in(client, operator.email, "wrong", kind="work")
    pass_real_time(15)
    assert sign_in(client, operator.email, PASSWORD, kind="work").status_code == 302


# --- The sign-ins that prove an account (AL-5, LP-3) ------------------------------------------------------------------


def test_id3_the_alignment_doctors_proof_on_the_page_counts_and_locks(page_as, learner: Account) -> None:  # type: ignore[no-untyped-def]
    msa = AccountFactory(email="vera@outlook.example")
    client = page_as(learner)
    for _ in range(5):
        client.post("/learn/doctor/prove/", {"step": "password", "email": msa.email, "kind": "msa", "password": "no"})
    response = client.post(
        "/learn/doctor/prove/", {"step": "password", "email": msa.email, "kind": "msa", "password": PASSWORD}
    )
    assert response.status_code == 429 and LOCKED in page_text(response)


def test_id3_the_alignment_doctors_proof_in_the_api_counts_and_locks(api_as, learner: Account) -> None:  # type: ignore[no-untyped-def]
    msa = AccountFactory(email="vera@outlook.example")
    api = api_as(learner)
    codes = [
        api.post("/api/v1/learn/doctor/prove/", {"email": msa.email, "password": "no"}, format="json").json()["code"]
        for _ in range(5)
    ]
    assert codes == ["signin_failed"] * 4 + ["signin_locked"]  # the failure that locks says so at once
    response = api.post("/api/v1/learn/doctor/prove/", {"email": msa.email, "password": PASSWORD}, format="json")
    assert (response.status_code, response.json()["code"]) == (429, "signin_locked")


def test_id3_lp3_adding_an_account_counts_towards_the_same_lock(api_as, learner: Account) -> None:  # type: ignore[no-untyped-def]
    work = AccountFactory(email="lee.second@outlook.example")
    fail(5, work.email)
    response = api_as(learner).post(
        "/api/v1/learn/accounts/", {"email": work.email, "password": PASSWORD}, format="json"
    )
    assert (response.status_code, response.json()["code"]) == (429, "signin_locked")


def test_id3_djangos_own_authenticate_counts_and_is_refused_while_locked(learner: Account) -> None:
    def attempt(password: str) -> Account | None:
        request = RequestFactory().post("/", REMOTE_ADDR="127.0.0.1")
        return authenticate(request, username=learner.email, password=password, kind="msa")

    for _ in range(4):
        assert attempt("wrong") is None
    fail(1, learner.email)
    assert attempt(PASSWORD) is None
    pass_real_time(15)
    assert attempt(PASSWORD) == learner


# --- Operators unlock ----------------------------------------------------------------------------------------------


def test_id3_an_operator_unlocks_an_address_in_the_admin(page_as, operator: Account, learner: Account) -> None:  # type: ignore[no-untyped-def]
    fail(5, learner.email, client_ip="198.51.100.9")
    admin = page_as(operator)
    listing = admin.get("/admin/axes/accessattempt/", {"q": learner.email})
    assert listing.status_code == 200 and learner.email in page_text(listing)
    attempts = list(AccessAttempt.objects.filter(username=learner.email).values_list("pk", flat=True))
    confirm = {"action": "delete_selected", "_selected_action": attempts}
    assert admin.post("/admin/axes/accessattempt/", confirm).status_code == 200  # "Are you sure?"
    assert admin.post("/admin/axes/accessattempt/", {**confirm, "post": "yes"}).status_code == 302
    assert token(learner.email, PASSWORD, client_ip="198.51.100.9").status_code == 200


def test_id3_an_operator_cleans_up_expired_failures_in_the_admin(page_as, operator: Account, learner: Account) -> None:  # type: ignore[no-untyped-def]
    fail(2, "old@outlook.example")
    fail(5, learner.email)
    old = AccessAttempt.objects.get(username="old@outlook.example")
    AccessAttempt.objects.filter(pk=old.pk).update(attempt_time=old.attempt_time - timedelta(minutes=16))
    attempts = list(AccessAttempt.objects.values_list("pk", flat=True))
    response = page_as(operator).post(
        "/admin/axes/accessattempt/", {"action": "cleanup_expired_attempts", "_selected_action": attempts}
    )
    assert response.status_code == 302
    assert list(AccessAttempt.objects.values_list("username", flat=True)) == [learner.email]


@pytest.mark.parametrize(
    ("command", "argument"), [("axes_reset_username", "lee@outlook.example"), ("axes_reset_ip", "198.51.100.9")]
)
def test_id3_an_operator_unlocks_an_address_or_a_client_from_the_cli(
    learner: Account, settings, command: str, argument: str
) -> None:  # type: ignore[no-untyped-def]
    settings.SIGNIN_CLIENT_MAX_FAILURES = settings.SIGNIN_MAX_FAILURES
    fail(5, learner.email, client_ip="198.51.100.9")
    call_command(command, argument, stdout=mock.Mock())
    assert token(learner.email, PASSWORD, client_ip="198.51.100.9").status_code == 200
