"""LP-2 under a race: many MSAs added to one Learn profile at once leave exactly one, and every loser is told why
(PostgreSQL, real concurrent connections)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from threading import Barrier

import pytest
from django.db import connection, connections

from certlink.errors import Refusal
from profiles import services
from profiles.models import Account, LearnProfile
from tests.conftest import START
from tests.factories import AccountFactory, WorkAccountFactory

pytestmark = pytest.mark.postgres


@pytest.mark.django_db(transaction=True)
def test_lp2_ten_msas_added_at_once_leave_exactly_one_and_the_others_are_refused(contoso) -> None:  # type: ignore[no-untyped-def]
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serialises every write, so there is no race to lose")
    work = WorkAccountFactory(tenant=contoso, email="lee@contoso.example")
    profile = services.learn_profile_for(account=work, now=START)
    msas = [AccountFactory(email=f"lee{n}@outlook.example") for n in range(10)]
    barrier = Barrier(len(msas))

    def add(msa: Account) -> str:
        try:
            barrier.wait()
            services.learn_account_add(profile=LearnProfile.objects.get(pk=profile.pk), account=msa, now=START)
            return "ok"
        except Refusal as refusal:
            return refusal.code
        finally:
            connections.close_all()

    with ThreadPoolExecutor(len(msas)) as pool:
        outcomes = list(pool.map(add, msas))  # an IntegrityError or any other error would surface here

    assert outcomes.count("ok") == 1, outcomes
    assert sorted(set(outcomes)) == ["learn_msa_exists", "ok"]
    assert profile.accounts.filter(kind="msa").count() == 1
    winner = msas[outcomes.index("ok")]
    assert list(profile.accounts.filter(kind="msa").values_list("email", flat=True)) == [winner.email]
    assert Account.objects.filter(kind="msa", learn_profile__isnull=False).count() == 1
