"""Seed 003 on the simulated clock: linking, the ten-day credit (PC-9), moving company (PC-5), the monthly refresh
(PC-10), a leaver (ID-4), and the association limits (PC-8)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from certlink.clock import clock_advance
from certlink.errors import Refusal
from partners.selectors import skills_report
from partners.services.links import mcid_link, mcid_unlink
from partners.services.organizations import partner_user_delete
from tests.partners.conftest import DAY0, admin_of


def report(organization, at):  # type: ignore[no-untyped-def]
    return [(c.work_email, c.activity_id) for c in skills_report(organization=organization, at=at)]


def test_pc9_a_credit_is_absent_on_day_9_and_present_on_day_10(megan_at_a, megan_msa, megan_admin_cert) -> None:  # type: ignore[no-untyped-def]
    mcid_link(user=megan_at_a, msa=megan_msa, now=DAY0)
    clock_advance(to=DAY0 + timedelta(days=9, hours=23))
    assert report(megan_at_a.organization, DAY0 + timedelta(days=9, hours=23)) == []
    clock_advance(to=DAY0 + timedelta(days=10))
    assert report(megan_at_a.organization, DAY0 + timedelta(days=10)) == [
        ("megan@contoso.example", "azure-administrator")
    ]


def test_pc5_pc10_moving_to_company_b_credits_b_ten_days_later_and_a_loses_it_at_the_next_refresh(
    megan_at_a,
    megan_at_b,
    megan_msa,
    megan_admin_cert,  # type: ignore[no-untyped-def]
) -> None:
    mcid_link(user=megan_at_a, msa=megan_msa, now=DAY0)
    day40 = DAY0 + timedelta(days=40)  # 21 February 2026
    clock_advance(to=day40)
    mcid_link(user=megan_at_b, msa=megan_msa, now=day40)
    a, b = megan_at_a.organization, megan_at_b.organization
    clock_advance(to=day40 + timedelta(days=9))
    assert report(b, day40 + timedelta(days=9)) == []
    assert report(a, day40 + timedelta(days=9)) == [("megan@contoso.example", "azure-administrator")]
    clock_advance(to=day40 + timedelta(days=10))
    assert report(b, day40 + timedelta(days=10)) == [("megan@fabrikam.example", "azure-administrator")]
    refresh = datetime(2026, 3, 10, tzinfo=UTC)  # unlinked in February → gone at the refresh on 10 March
    clock_advance(to=refresh - timedelta(minutes=1))
    assert report(a, refresh - timedelta(minutes=1)) != []
    clock_advance(to=refresh)
    assert report(a, refresh) == []


def test_pc10_a_leaver_deleted_in_january_is_in_the_report_on_9_february_and_gone_on_11_february(
    megan_at_a,
    megan_msa,
    megan_admin_cert,  # type: ignore[no-untyped-def]
) -> None:
    mcid_link(user=megan_at_a, msa=megan_msa, now=DAY0)
    clock_advance(to=datetime(2026, 1, 28, tzinfo=UTC))
    partner_user_delete(by=admin_of(megan_at_a.organization), user=megan_at_a, now=datetime(2026, 1, 28, tzinfo=UTC))
    clock_advance(to=datetime(2026, 2, 9, 12, 0, tzinfo=UTC))
    assert report(megan_at_a.organization, datetime(2026, 2, 9, 12, 0, tzinfo=UTC)) != []
    clock_advance(to=datetime(2026, 2, 11, tzinfo=UTC))
    assert report(megan_at_a.organization, datetime(2026, 2, 11, tzinfo=UTC)) == []


def test_pc8_an_association_inside_30_days_is_refused_with_the_date(
    megan_at_a,
    megan_at_b,
    megan_msa,  # type: ignore[no-untyped-def]
    megan_profile,
) -> None:
    mcid_link(user=megan_at_a, msa=megan_msa, now=DAY0)
    with pytest.raises(Refusal) as refused:
        mcid_link(user=megan_at_b, msa=megan_msa, now=DAY0 + timedelta(days=29))
    assert refused.value.code == "association_cooloff"
    assert refused.value.message == (
        "You've attempted to associate with a partner organization. However, we require a period of 30 days between "
        "associations. Your next available date for a subsequent association is 11 February 2026."
    )


def test_pc8_the_fourth_association_in_a_year_is_refused_with_the_date(
    megan_at_a,
    megan_at_b,
    megan_msa,  # type: ignore[no-untyped-def]
    megan_profile,
) -> None:
    starts = [DAY0, DAY0 + timedelta(days=31), DAY0 + timedelta(days=62)]
    for n, start in enumerate(starts):
        user = megan_at_a if n % 2 == 0 else megan_at_b
        if n:
            mcid_unlink(user=megan_at_b if user is megan_at_a else megan_at_a, now=start - timedelta(hours=1))
        mcid_link(user=user, msa=megan_msa, now=start)
    with pytest.raises(Refusal) as refused:
        mcid_link(user=megan_at_b, msa=megan_msa, now=DAY0 + timedelta(days=100))
    assert refused.value.code == "association_yearly_limit"
    assert "Your next available date for a subsequent association is 12 January 2027." in refused.value.message
    assert refused.value.details["next_eligible_at"] == DAY0 + timedelta(days=365)
