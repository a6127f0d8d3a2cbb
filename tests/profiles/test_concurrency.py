"""Races cannot break "at most one" rules: the database holds them (PostgreSQL, real concurrent connections)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from threading import Barrier

import pytest
from axes.models import AccessAttempt
from django.db import connection, connections
from django.test import RequestFactory

from certlink.errors import Refusal
from profiles import services
from profiles.models import Account
from tests.conftest import START
from tests.factories import PASSWORD

pytestmark = pytest.mark.postgres


def race(count: int, action) -> list[str]:  # type: ignore[no-untyped-def]
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serialises every write, so there is no race to lose")
    barrier = Barrier(count)

    def one(_: int) -> str:
        try:
            barrier.wait()
            action()
            return "ok"
        except Refusal as refusal:
            return refusal.code
        finally:
            connections.close_all()

    with ThreadPoolExecutor(count) as pool:
        return list(pool.map(one, range(count)))


@pytest.mark.django_db(transaction=True)
def test_id2_concurrent_sign_ups_with_one_address_make_one_msa() -> None:
    outcomes = race(
        10, lambda: services.msa_sign_up(email="race@outlook.example", password=PASSWORD, display_name="", now=START)
    )
    assert sorted(set(outcomes)) == ["msa_exists", "ok"] and outcomes.count("ok") == 1
    assert Account.objects.filter(email="race@outlook.example").count() == 1


@pytest.mark.django_db(transaction=True)
def test_id3_concurrent_failures_are_all_counted(learner: Account) -> None:
    def fail() -> Account:
        request = RequestFactory().post("/signin/", REMOTE_ADDR="203.0.113.7")
        return services.account_sign_in(email=learner.email, password="wrong", kind="msa", now=START, request=request)

    outcomes = race(8, fail)
    assert set(outcomes) <= {"signin_failed", "signin_locked"} and "signin_locked" in outcomes
    assert sum(AccessAttempt.objects.filter(username=learner.email).values_list("failures_since_start", flat=True)) >= 5
