"""PC-4 and PC-8 under a race: many Partner Center users associating one MCID at once leave exactly one live link
and start at most one association; every loser is refused with a code, never an IntegrityError or a 500
(PostgreSQL, real concurrent connections)."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from threading import Barrier
from typing import TypeVar

import pytest
from django.db import connection, connections
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from certlink.errors import Refusal
from partners.models import LinkEvent, McidLink, PartnerUser
from partners.services.links import mcid_link, mcid_unlink
from profiles.models import Account
from tests.factories import PASSWORD
from tests.partners.cast import employee_of, msa_with_profile
from tests.partners.conftest import DAY0

pytestmark = pytest.mark.postgres

T = TypeVar("T")
R = TypeVar("R")


def race(items: list[T], action: Callable[[T], R]) -> list[R]:
    """Run `action` on every item at once, each in its own thread and database connection."""
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serialises every write, so there is no race to lose")
    barrier = Barrier(len(items))

    def one(item: T) -> R:
        try:
            barrier.wait()
            return action(item)
        finally:
            connections.close_all()

    with ThreadPoolExecutor(len(items)) as pool:
        return list(pool.map(one, items))


def twenty_users(company_a, company_b) -> list[PartnerUser]:  # type: ignore[no-untyped-def]
    """Twenty Partner Center users, ten at each organisation (the same person, or people sharing an MSA)."""
    return [employee_of(company_a if n % 2 else company_b, f"megan{n}", "Megan Bowen") for n in range(20)]


@pytest.mark.django_db(transaction=True)
def test_pc4_pc8_twenty_users_associating_one_mcid_at_once_leave_one_link_and_refuse_the_rest_with_a_code(
    company_a, company_b, megan_msa, megan_profile
) -> None:  # type: ignore[no-untyped-def]
    users = twenty_users(company_a, company_b)

    def link(user: PartnerUser) -> str:
        try:
            mcid_link(user=PartnerUser.objects.get(pk=user.pk), msa=Account.objects.get(pk=megan_msa.pk), now=DAY0)
            return "ok"
        except Refusal as refusal:
            return refusal.code

    outcomes = race(users, link)
    assert outcomes.count("ok") == 1, outcomes
    assert set(outcomes) == {"ok", "association_cooloff"}
    assert McidLink.objects.filter(profile=megan_profile, ended_at__isnull=True).count() == 1
    assert McidLink.objects.filter(profile=megan_profile).count() == 1  # one association started (PC-8)
    refused = LinkEvent.objects.filter(kind="refused")
    assert refused.count() == 19 and set(refused.values_list("code", flat=True)) == {"association_cooloff"}


@pytest.mark.django_db(transaction=True)
def test_pc4_one_user_associating_two_mcids_at_once_keeps_one(megan_at_a, megan_msa, megan_profile) -> None:  # type: ignore[no-untyped-def]
    second_msa, _ = msa_with_profile("megan.second", "Megan Bowen")

    def link(msa: Account) -> str:
        try:
            mcid_link(user=PartnerUser.objects.get(pk=megan_at_a.pk), msa=msa, now=DAY0)
            return "ok"
        except Refusal as refusal:
            return refusal.code

    outcomes = race([megan_msa, second_msa] * 4, link)
    assert outcomes.count("ok") == 1, outcomes
    # The losers with the other MCID are told the user already has one; those with the winner's, that it is theirs.
    assert set(outcomes) == {"ok", "linked_to_another_mcid", "already_linked"}
    assert McidLink.objects.filter(partner_user=megan_at_a, ended_at__isnull=True).count() == 1


@pytest.mark.django_db(transaction=True)
def test_pc2_pc4_twenty_associations_at_once_through_the_api_answer_201_once_and_400_with_a_code_otherwise(
    company_a, company_b, megan_msa, megan_profile
) -> None:  # type: ignore[no-untyped-def]
    tokens = [Token.objects.create(user=user.account).key for user in twenty_users(company_a, company_b)]

    def associate(token: str) -> tuple[int, str]:
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
        response = client.post(
            "/api/v1/partner/learn-profile/associate/",
            {"email": megan_msa.email, "password": PASSWORD},
            format="json",
        )
        return response.status_code, response.json().get("code", "")

    outcomes = race(tokens, associate)
    assert sorted(set(outcomes)) == [(201, ""), (400, "association_cooloff")], outcomes
    assert outcomes.count((201, "")) == 1
    assert McidLink.objects.filter(profile=megan_profile).count() == 1


@pytest.mark.django_db(transaction=True)
def test_pc5_pc6_removing_access_at_a_while_linking_at_b_ends_the_link_at_a_once(
    megan_at_a, megan_at_b, megan_msa, megan_profile
) -> None:  # type: ignore[no-untyped-def]
    at_a = mcid_link(user=megan_at_a, msa=megan_msa, now=DAY0)

    def act(where: str) -> str:
        try:
            if where == "a":
                mcid_unlink(user=PartnerUser.objects.get(pk=megan_at_a.pk), now=DAY0 + timedelta(days=40))
            else:
                mcid_link(user=PartnerUser.objects.get(pk=megan_at_b.pk), msa=megan_msa, now=DAY0 + timedelta(days=40))
            return "ok"
        except Refusal as refusal:
            return refusal.code

    outcomes = race(["a", "b"] * 3, act)
    removals, links = outcomes[0::2], outcomes[1::2]
    assert sorted(links) == ["already_linked", "already_linked", "ok"], outcomes
    # One removal, or none if the move came first; the others find nothing to remove.
    assert removals.count("ok") <= 1 and set(removals) <= {"ok", "not_linked"}, outcomes
    at_a.refresh_from_db()
    ended_events = LinkEvent.objects.filter(partner_user=megan_at_a, kind__in=["unlinked", "moved"])
    assert ended_events.count() == 1 and ended_events.get().code == at_a.ended_reason
    assert McidLink.objects.filter(profile=megan_profile, ended_at__isnull=True).get().partner_user == megan_at_b
