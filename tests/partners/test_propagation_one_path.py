"""PC-9 has one implementation on every database: querysets compiled to `INSERT ... SELECT`. The credit's name is split
in the database as the pure rule splits it, CP-6's filter agrees with its rule, and the propagation's query count
does not grow with the number of certifications."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from partners import rules
from partners.models import PartnerCredit
from partners.services.credits import propagation_run
from partners.services.links import mcid_link
from profiles.models import CertificationHeld, Provider
from profiles.rules.certification import on_certiport_transcript
from profiles.selectors import certiport_cutoff, on_certiport_transcript_q
from tests.partners.cast import employee_of, holds, msa_with_profile
from tests.partners.conftest import DAY0

ARRIVED = DAY0 + timedelta(days=11)
NAMES = [
    "Megan Bowen",
    "Mary  Ann Smith",
    "Cher",
    " Li Wei ",
    "Jean-Luc\tPicard",
    "Ana\u00a0María García\n",
    "山田\u3000太郎",
    "A B C D",
]


def _linked_employees(company, names: list[str], prefix: str = "person") -> None:  # type: ignore[no-untyped-def]
    for n, name in enumerate(names):
        user = employee_of(company, f"{prefix}{n}", f"Person {n}")
        msa, profile = msa_with_profile(f"{prefix}{n}", name)
        holds(profile, "azure-administrator")
        mcid_link(user=user, msa=msa, now=DAY0)


def test_pc9_a_credit_splits_the_legal_name_as_the_rule_does(company_a) -> None:  # type: ignore[no-untyped-def]
    _linked_employees(company_a, NAMES)
    assert propagation_run(ARRIVED) == len(NAMES)
    split = {credit.mcid: (credit.first_name, credit.last_name) for credit in PartnerCredit.objects.all()}
    for held in CertificationHeld.objects.select_related("profile"):
        assert split[held.profile.mcid] == rules.first_and_last_name(held.profile.legal_name)


def test_pc9_propagation_makes_as_many_queries_for_eight_certifications_as_for_one(company_a, company_b) -> None:  # type: ignore[no-untyped-def]
    _linked_employees(company_a, NAMES[:1])
    with CaptureQueriesContext(connection) as one:
        assert propagation_run(ARRIVED) == 1
    _linked_employees(company_b, NAMES, prefix="other")
    with CaptureQueriesContext(connection) as many:
        assert propagation_run(ARRIVED) == len(NAMES)
    assert len(many.captured_queries) == len(one.captured_queries)


def test_pc9_propagating_twice_copies_nothing_more(company_a) -> None:  # type: ignore[no-untyped-def]
    _linked_employees(company_a, NAMES[:3])
    assert propagation_run(ARRIVED) == 3
    assert propagation_run(ARRIVED + timedelta(days=1)) == 0
    assert PartnerCredit.objects.count() == 3


@pytest.mark.parametrize("provider", [Provider.CERTIPORT, Provider.PEARSON_VUE])
@pytest.mark.parametrize("after_cutoff", [timedelta(seconds=-1), timedelta(0), timedelta(days=1)])
def test_cp6_the_filter_selects_what_the_rule_keeps_on_the_certiport_transcript(
    company_a, provider: str, after_cutoff: timedelta
) -> None:  # type: ignore[no-untyped-def]
    cutoff = certiport_cutoff()
    earned = datetime.combine(cutoff, datetime.min.time(), tzinfo=UTC) + after_cutoff
    _, profile = msa_with_profile("candidate", "Yuki Tanaka")
    held = holds(profile, "office-specialist", earned_at=earned, provider=provider)
    filtered = CertificationHeld.objects.filter(on_certiport_transcript_q(), pk=held.pk).exists()
    assert filtered is on_certiport_transcript(provider=provider, earned_at=earned, cutoff=cutoff)
