"""ID-3 at Partner University's doors (PC-3) and at PC-2's Associate: the same lockout as every sign-in (by address
and by client, in real time), the same answer and the same work whether or not the account exists, and a sign-up
that never says an address already has an account."""

from __future__ import annotations

from datetime import timedelta
from unittest import mock

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.hashers import MD5PasswordHasher
from django.test import Client

from certlink.clock import clock_advance
from partners.services.links import university_sign_up
from tests.factories import PASSWORD
from tests.helpers import page_text
from tests.partners.conftest import DAY0

UNIVERSITY = "/api/v1/partner/learn-profile/university/"
ASSOCIATE = "/api/v1/partner/learn-profile/associate/"
PU_PASSWORD = "Pu-pass-123"
LOCKED = "Too many failed sign-ins. Wait 15 minutes, then try again."
FAILED = "That Partner University email or password isn't right."


@pytest.fixture
def megan(api_as, megan_at_a):  # type: ignore[no-untyped-def]
    return api_as(megan_at_a.account)


@pytest.fixture
def megan_pu(db: None):  # type: ignore[no-untyped-def]
    return university_sign_up(email="megan.pu@outlook.example", password=PU_PASSWORD, display_name="", now=DAY0)


def signed_in(user) -> Client:  # type: ignore[no-untyped-def]
    """A page client of a Partner Center user, who chose PASSWORD for a password."""
    user.account.set_password(PASSWORD)
    user.account.save(update_fields=["password"])
    client = Client()
    response = client.post(
        "/signin/", {"step": "password", "email": user.account.email, "kind": "work", "password": PASSWORD}
    )
    assert response.status_code == 302
    return client


def pu(client, email: str, password: str, **extra: object):  # type: ignore[no-untyped-def]
    return client.post(UNIVERSITY, {"email": email, "password": password, **extra}, format="json")


def test_id3_pc3_wrong_passwords_lock_partner_university_even_for_the_right_one(megan, megan_pu) -> None:  # type: ignore[no-untyped-def]
    """The probe's finding: twelve wrong passwords, then the right one was accepted."""
    codes = [pu(megan, megan_pu.email, "wrong-pass").json()["code"] for _ in range(12)]
    assert codes[:4] == ["university_signin_failed"] * 4 and set(codes[4:]) == {"signin_locked"}
    response = pu(megan, megan_pu.email, PU_PASSWORD)
    assert (response.status_code, response.json()["code"], response.json()["message"]) == (
        429,
        "signin_locked",
        LOCKED,
    )


def test_id3_pc3_a_missing_partner_university_account_locks_exactly_like_a_real_one(megan, megan_pu) -> None:  # type: ignore[no-untyped-def]
    answers = {}
    for email in (megan_pu.email, "nobody.pu@outlook.example"):
        first = pu(megan, email, "wrong-pass").json()
        for _ in range(4):
            pu(megan, email, "wrong-pass")
        locked = pu(megan, email, "wrong-pass")
        answers[email] = (first["code"], first["message"], locked.status_code, locked.json()["message"])
    assert answers[megan_pu.email] == answers["nobody.pu@outlook.example"]
    assert answers[megan_pu.email] == ("university_signin_failed", FAILED, 429, LOCKED)


@pytest.mark.parametrize("sign_up", [False, True])
def test_id3_pc3_an_existing_and_a_missing_account_each_hash_one_password(megan, megan_pu, sign_up: bool) -> None:  # type: ignore[no-untyped-def]
    """The probe measured 445 ms for an existing account and 23 ms for a missing one: the work is now equal."""
    calls = {}
    for email in (megan_pu.email, "nobody.pu@outlook.example"):
        with mock.patch.object(
            MD5PasswordHasher, "encode", autospec=True, side_effect=MD5PasswordHasher.encode
        ) as encode:
            pu(megan, email, "wrong-pass", sign_up=sign_up)
        calls[email] = encode.call_count
    assert calls == {megan_pu.email: 1, "nobody.pu@outlook.example": 1}


def test_id3_pc3_sign_up_never_says_the_address_has_an_account(megan, megan_pu) -> None:  # type: ignore[no-untyped-def]
    response = pu(megan, megan_pu.email, "Other-pass-99", sign_up=True, display_name="Someone")
    body = response.json()
    assert (response.status_code, body["code"], body["message"]) == (400, "university_signin_failed", FAILED)
    assert "already" not in response.content.decode()


def test_id3_pc3_sign_up_with_the_accounts_own_password_gets_that_account(megan, megan_pu) -> None:  # type: ignore[no-untyped-def]
    response = pu(megan, megan_pu.email, PU_PASSWORD, sign_up=True)
    assert response.status_code == 201 and response.json()["university"]["email"] == megan_pu.email


def test_id3_pc3_sign_ups_of_an_existing_address_count_towards_its_lock(megan, megan_pu) -> None:  # type: ignore[no-untyped-def]
    for _ in range(5):
        pu(megan, megan_pu.email, "Other-pass-99", sign_up=True)
    assert pu(megan, megan_pu.email, PU_PASSWORD).status_code == 429


def test_id3_pc3_the_partner_university_page_is_locked_with_the_apis_sentence(megan_at_a, megan_pu) -> None:  # type: ignore[no-untyped-def]
    page = signed_in(megan_at_a)
    for _ in range(5):
        page.post("/partner/learn-profile/university/", {"email": megan_pu.email, "password": "wrong-pass"})
    response = page.post("/partner/learn-profile/university/", {"email": megan_pu.email, "password": PU_PASSWORD})
    assert response.status_code == 429 and LOCKED in page_text(response)


def test_id3_pc3_advancing_the_simulated_clock_does_not_unlock_partner_university(megan, megan_pu) -> None:  # type: ignore[no-untyped-def]
    for _ in range(5):
        pu(megan, megan_pu.email, "wrong-pass")
    clock_advance(to=DAY0 + timedelta(days=7))
    assert pu(megan, megan_pu.email, PU_PASSWORD).status_code == 429
    AccessAttempt.objects.update(attempt_time=AccessAttempt.objects.get().attempt_time - timedelta(minutes=15))
    assert pu(megan, megan_pu.email, PU_PASSWORD).status_code == 201


def test_id3_pc2_associate_counts_towards_the_lock_of_the_msa(megan, megan_msa, megan_profile) -> None:  # type: ignore[no-untyped-def]
    for _ in range(5):
        megan.post(ASSOCIATE, {"email": megan_msa.email, "password": "not-hers"}, format="json")
    response = megan.post(ASSOCIATE, {"email": megan_msa.email, "password": PASSWORD}, format="json")
    assert (response.status_code, response.json()["code"]) == (429, "signin_locked")
