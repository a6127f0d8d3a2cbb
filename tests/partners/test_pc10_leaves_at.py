"""PC-10: when a credit stops counting, and the refresh that removes it, is one rule (`partners.rules.leaves_at`):
the end of its MCID link or of its Partner University link, or the deletion of its work account, whichever came
first. Why-not-counted and the timeline read it per credit; the refresh job's queryset is its bulk form, held equal
here."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from certlink.clock import clock_advance
from partners import rules
from partners.models import PartnerCredit
from partners.selectors import credit_leaves_at
from partners.services.credits import leaving_credits
from partners.services.links import (
    mcid_link,
    mcid_unlink,
    university_completion_record,
    university_link,
    university_sign_up,
    university_unlink,
)
from partners.services.organizations import partner_user_delete
from sim.timeline import organization_timeline
from tests.partners.cast import employee_of, holds, msa_with_profile
from tests.partners.conftest import DAY0, admin_of

ARRIVED = DAY0 + timedelta(days=10)


def jan(day: int) -> datetime:
    return datetime(2026, 1, day, tzinfo=UTC)


def leaves(*, link: datetime | None = None, university: datetime | None = None, deleted: datetime | None = None):  # type: ignore[no-untyped-def]
    return rules.leaves_at(
        link_ended_at=link, university_link_ended_at=university, account_deleted_at=deleted, day_of_month=10
    )


def test_pc10_a_credit_whose_source_still_counts_leaves_at_no_refresh() -> None:
    assert leaves() is None


@pytest.mark.parametrize("end", ["link", "university", "deleted"])
def test_pc10_an_mcid_link_a_partner_university_link_or_a_work_account_ended_in_january_leaves_on_10_february(
    end: str,
) -> None:
    assert leaves(**{end: jan(20)}) == datetime(2026, 2, 10, tzinfo=UTC)


def test_pc10_the_first_end_decides_which_refresh_removes_the_credit() -> None:
    assert leaves(link=datetime(2026, 3, 2, tzinfo=UTC), university=jan(31)) == datetime(2026, 2, 10, tzinfo=UTC)
    assert rules.stopped_counting_at(
        link_ended_at=datetime(2026, 3, 2, tzinfo=UTC), university_link_ended_at=None, account_deleted_at=jan(31)
    ) == jan(31)


def test_pc10_ended_in_december_leaves_at_the_january_refresh_of_the_next_year() -> None:
    assert leaves(link=datetime(2026, 12, 31, 23, 59, tzinfo=UTC)) == datetime(2027, 1, 10, tzinfo=UTC)


def pu_assessment(user, local: str) -> None:  # type: ignore[no-untyped-def]
    account = university_sign_up(email=f"{local}.pu@outlook.example", password="Pu-pass-123", display_name="", now=DAY0)
    university_link(user=user, account=account, now=DAY0)
    university_completion_record(
        email=account.email, assessment=f"pu-{local}", title="Security assessment", completed_at=DAY0
    )


def test_pc10_pc3_a_removed_partner_university_link_says_its_assessment_leaves_at_the_next_refresh(megan_at_a) -> None:  # type: ignore[no-untyped-def]
    pu_assessment(megan_at_a, "megan")
    clock_advance(to=ARRIVED)
    university_unlink(user=megan_at_a, now=ARRIVED)
    credit = PartnerCredit.objects.select_related("link", "university_link", "partner_user__account").get()
    refresh = datetime(2026, 2, 10, tzinfo=UTC)
    assert credit_leaves_at(credit) == refresh
    scheduled = organization_timeline(organization=megan_at_a.organization, now=ARRIVED).scheduled
    assert [(e.kind, e.at) for e in scheduled] == [("removed", refresh)]
    assert "Security assessment" in scheduled[0].sentence and "at the data refresh (PC-10)" in scheduled[0].sentence


def test_pc10_the_refresh_jobs_queryset_removes_exactly_the_credits_the_rule_says_leave(megan_at_a) -> None:  # type: ignore[no-untyped-def]
    """Three people, three ways to stop counting, in two months; and one whose credit still counts."""
    organization = megan_at_a.organization
    megan_msa, megan_profile = msa_with_profile("megan.b", "Megan Bowen")
    holds(megan_profile, "azure-administrator")
    mcid_link(user=megan_at_a, msa=megan_msa, now=DAY0)
    adele = employee_of(organization, "adele", "Adele Vance")
    pu_assessment(adele, "adele")
    leo = employee_of(organization, "leo", "Leo Leaver")
    pu_assessment(leo, "leo")
    stays = employee_of(organization, "stays", "Stay Put")
    pu_assessment(stays, "stays")
    clock_advance(to=ARRIVED)
    assert PartnerCredit.objects.count() == 4
    # The ends lie ahead of the clock: no refresh has run, so every credit is still in the report.
    mcid_unlink(user=megan_at_a, now=datetime(2026, 2, 3, tzinfo=UTC))
    university_unlink(user=adele, now=jan(25))
    partner_user_delete(by=admin_of(organization), user=leo, now=datetime(2026, 2, 20, tzinfo=UTC))
    credits = list(PartnerCredit.objects.select_related("link", "university_link", "partner_user__account"))
    assert sorted(str(credit_leaves_at(c)) for c in credits) == [
        "2026-02-10 00:00:00+00:00",
        "2026-03-10 00:00:00+00:00",
        "2026-03-10 00:00:00+00:00",
        "None",
    ]
    for refresh in [datetime(2026, month, 10, tzinfo=UTC) for month in (2, 3, 4)]:
        by_rule = {c.pk for c in credits if (at := credit_leaves_at(c)) is not None and at <= refresh}
        assert set(leaving_credits(refresh_at=refresh).values_list("pk", flat=True)) == by_rule
