"""The skills report (PC-11) and the Solutions Partner designation scores (PC-12) as the selectors compute them
from Partner Center's own copy of credits, for an organisation whose users have linked and whose credits arrived."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import pytest

from certlink.clock import clock_advance
from partners.models import PartnerUser
from partners.selectors import (
    EMPTY_REPORT,
    ReportFilters,
    area_activities,
    area_by_key,
    designation_scores,
    score_history,
    skills_report,
)
from partners.services.links import mcid_link, mcid_unlink
from partners.services.scores import designation_input_set
from profiles.models import Certification, CertificationProfile
from tests.helpers import refusal_of
from tests.partners.cast import EARNED, employee_of, holds, msa_with_profile
from tests.partners.conftest import DAY0, admin_of

ARRIVED = DAY0 + timedelta(days=10)  # 22 January 2026
ENTERED = {"net-customer-adds": 30, "usage-growth": 20, "deployments": 10}


@dataclass
class Person:
    user: PartnerUser
    profile: CertificationProfile


def linked_person(organization, local: str, name: str, *slugs: str) -> Person:  # type: ignore[no-untyped-def]
    msa, profile = msa_with_profile(f"{local}.cert", name)
    for slug in slugs:
        holds(profile, slug)
    user = employee_of(organization, local, name)
    mcid_link(user=user, msa=msa, now=DAY0)
    return Person(user, profile)


@pytest.fixture
def infrastructure_team(company_a) -> dict[str, Person]:  # type: ignore[no-untyped-def]
    """Four people of Contoso whose certifications pass both Infrastructure gates (Enterprise: two Azure
    Administrators, two Solutions Architects) and count in both steps, arrived on 22 January."""
    team = {
        "ana": linked_person(company_a, "ana", "Ana Ortiz", "azure-administrator", "azure-network-engineer"),
        "ben": linked_person(
            company_a, "ben", "Ben Walters", "azure-administrator", "windows-server-hybrid-administrator"
        ),
        "cem": linked_person(company_a, "cem", "Cem Yilmaz", "azure-solutions-architect", "azure-virtual-desktop"),
        "dan": linked_person(company_a, "dan", "Dan Jump", "azure-solutions-architect"),
    }
    clock_advance(to=ARRIVED)
    return team


def infrastructure(organization, at: datetime):  # type: ignore[no-untyped-def]
    return next(area for area in designation_scores(organization=organization, at=at) if area.key == "infrastructure")


def enter(organization, values: dict[str, float], area: str = "infrastructure") -> None:  # type: ignore[no-untyped-def]
    for metric, points in values.items():
        designation_input_set(by=admin_of(organization), area=area, metric=metric, points=points, now=DAY0)


def metric(score, key: str):  # type: ignore[no-untyped-def]
    return next(m for m in score.metrics if m.key == key)


# --- PC-11: the skills report --------------------------------------------------------------------------------------


def test_pc11_each_credit_carries_the_report_columns(megan_at_a, megan_msa, megan_admin_cert) -> None:  # type: ignore[no-untyped-def]
    mcid_link(user=megan_at_a, msa=megan_msa, now=DAY0)
    clock_advance(to=ARRIVED)
    (credit,) = skills_report(organization=megan_at_a.organization, at=ARRIVED)
    assert (credit.activity_id, credit.title, credit.get_kind_display()) == (
        "azure-administrator",
        "Microsoft Certified: Azure Administrator Associate",
        "Certification",
    )
    assert (credit.first_name, credit.last_name, credit.personal_email, credit.work_email) == (
        "Megan",
        "Bowen",
        "megan.bowen@outlook.example",
        "megan@contoso.example",
    )
    assert (credit.completed_at, credit.mcid, credit.expires_at) == (
        EARNED,
        megan_admin_cert.profile.mcid,
        megan_admin_cert.expires_at,
    )
    assert (credit.organization.partner_id, credit.organization.name) == ("1000001", "Contoso")


def test_pc11_an_organisation_sees_only_its_own_credits(infrastructure_team, company_b) -> None:  # type: ignore[no-untyped-def]
    linked_person(company_b, "fay.staff", "Fay Staff", "azure-administrator")
    clock_advance(to=ARRIVED + timedelta(days=1))
    assert {c.work_email for c in skills_report(organization=company_b, at=ARRIVED + timedelta(days=1))} == {
        "fay.staff@fabrikam.example"
    }
    assert len(skills_report(organization=infrastructure_team["ana"].user.organization, at=ARRIVED)) == 7


def test_pc11_filters_by_designation_certification_person_and_status(infrastructure_team, company_a) -> None:  # type: ignore[no-untyped-def]
    linked_person(company_a, "eve", "Eve Modern", "teams-administrator")
    old = holds(infrastructure_team["dan"].profile, "azure-developer", earned_at=datetime(2024, 1, 2, tzinfo=UTC))
    clock_advance(to=DAY0 + timedelta(days=20))
    at = DAY0 + timedelta(days=20)

    def rows(**filters: object) -> set[tuple[str, str]]:
        found = skills_report(organization=company_a, at=at, filters=ReportFilters(**filters))  # type: ignore[arg-type]
        return {(c.work_email.split("@")[0], c.activity_id) for c in found}

    infrastructure_ids = area_activities(area_by_key("infrastructure"))
    assert ("eve", "teams-administrator") not in rows(activity_ids=infrastructure_ids)
    assert ("ana", "azure-network-engineer") in rows(activity_ids=infrastructure_ids)
    assert rows(activity_ids=area_activities(area_by_key("modern-work"))) == {("eve", "teams-administrator")}
    assert rows(certification="azure-solutions-architect") == {
        ("cem", "azure-solutions-architect"),
        ("dan", "azure-solutions-architect"),
    }
    assert (
        rows(person="walters")
        == rows(person="ben@contoso")
        == {
            ("ben", "azure-administrator"),
            ("ben", "windows-server-hybrid-administrator"),
        }
    )
    assert rows(status="expired") == {("dan", old.certification.slug)}
    assert ("dan", old.certification.slug) not in rows(status="active")


def test_pc11_an_organisation_without_skills_data_has_an_empty_report_and_the_sentence(company_a) -> None:  # type: ignore[no-untyped-def]
    assert list(skills_report(organization=company_a, at=DAY0)) == []
    assert EMPTY_REPORT == (
        "No users found with skills data. Check to see whether users have associated their Learning or "
        "Partner University accounts with their profiles."
    )


# --- PC-12: designation scores -------------------------------------------------------------------------------------


def test_pc12_with_both_gates_met_and_points_entered_infrastructure_is_qualified(
    infrastructure_team, company_a
) -> None:  # type: ignore[no-untyped-def]
    enter(company_a, ENTERED)
    score = infrastructure(company_a, ARRIVED)
    assert (score.points, score.status, score.qualified, score.track) == (72.0, "qualified", True, "enterprise")
    assert metric(score, "intermediate-certifications").points == 8.0
    assert metric(score, "advanced-certifications").points == 4.0
    counted = {(p.name, p.counts_for) for p in metric(score, "intermediate-certifications").people}
    assert ("Ana Ortiz", "step 2: azure-network-engineer") in counted
    assert ("Ben Walters", "gate: azure-administrator") in counted


def test_pc12_with_a_gate_not_met_the_counting_step_gives_nothing(company_a) -> None:  # type: ignore[no-untyped-def]
    linked_person(company_a, "ana", "Ana Ortiz", "azure-administrator", "azure-network-engineer")
    clock_advance(to=ARRIVED)
    enter(company_a, ENTERED)
    score = infrastructure(company_a, ARRIVED)
    assert metric(score, "intermediate-certifications").points == 0.0
    assert (score.points, score.status) == (60.0, "in_progress")
    assert (
        "Skilling: 1 more person with Azure Administrator Associate to pass the intermediate certifications gate"
        in score.missing
    )


def test_pc12_without_entered_points_no_area_qualifies(infrastructure_team, company_a) -> None:  # type: ignore[no-untyped-def]
    score = infrastructure(company_a, ARRIVED)
    assert (score.points, score.status) == (12.0, "in_progress")
    assert "Performance: Net customer adds is at 0 points; every metric must be above zero" in score.missing


def test_pc12_expired_certifications_stop_counting(company_a) -> None:  # type: ignore[no-untyped-def]
    linked_person(company_a, "ana", "Ana Ortiz", "azure-administrator", "azure-network-engineer")
    ben = linked_person(company_a, "ben", "Ben Walters", "azure-administrator")
    expiring = holds(ben.profile, "windows-server-hybrid-administrator", earned_at=datetime(2025, 3, 1, tzinfo=UTC))
    clock_advance(to=ARRIVED)
    assert metric(infrastructure(company_a, ARRIVED), "intermediate-certifications").points == 8.0
    clock_advance(to=expiring.expires_at)
    assert metric(infrastructure(company_a, expiring.expires_at), "intermediate-certifications").points == 4.0


def test_pc12_a_retired_certification_counts_for_a_year_after_retirement(megan_at_a, megan_msa, megan_profile) -> None:  # type: ignore[no-untyped-def]
    holds(megan_profile, "teams-administrator", expires_at=datetime(2027, 1, 1, tzinfo=UTC))
    Certification.objects.filter(slug="teams-administrator").update(retirement_date=date(2025, 6, 30))
    mcid_link(user=megan_at_a, msa=megan_msa, now=DAY0)
    clock_advance(to=ARRIVED)

    def modern_work(at: datetime) -> float:
        area = next(
            a for a in designation_scores(organization=megan_at_a.organization, at=at) if a.key == "modern-work"
        )
        return metric(area, "intermediate-certifications").points

    assert modern_work(ARRIVED) > 0
    assert modern_work(datetime(2026, 6, 30, tzinfo=UTC)) == 0


def test_pc12_pc10_a_leavers_credits_count_until_the_refresh_removes_them(infrastructure_team, company_a) -> None:  # type: ignore[no-untyped-def]
    mcid_unlink(user=infrastructure_team["ben"].user, now=ARRIVED)
    assert (
        metric(infrastructure(company_a, datetime(2026, 2, 9, tzinfo=UTC)), "intermediate-certifications").points == 8.0
    )
    clock_advance(to=datetime(2026, 2, 10, tzinfo=UTC))
    score = infrastructure(company_a, datetime(2026, 2, 10, tzinfo=UTC))
    assert metric(score, "intermediate-certifications").points == 0.0  # the gate lost its second administrator


def test_pc12_the_history_shows_the_end_of_each_of_the_last_six_months(infrastructure_team, company_a) -> None:  # type: ignore[no-untyped-def]
    enter(company_a, ENTERED)
    now = datetime(2026, 3, 15, tzinfo=UTC)
    clock_advance(to=now)
    history = score_history(organization=company_a, now=now)
    assert [month for month, _ in history] == [
        "March 2026",
        "February 2026",
        "January 2026",
        "December 2025",
        "November 2025",
        "October 2025",
    ]
    points = [next(a.points for a in areas if a.key == "infrastructure") for _, areas in history]
    assert points == [72.0, 72.0, 72.0, 60.0, 60.0, 60.0]  # credits arrived on 22 January; entered points count


def test_pc12_entered_points_are_checked_and_only_admins_enter_them(company_a) -> None:  # type: ignore[no-untyped-def]
    admin = admin_of(company_a)
    row = designation_input_set(by=admin, area="security", metric="usage-growth", points=12.5, now=DAY0)
    assert (row.area, row.metric, row.points) == ("security", "usage-growth", 12.5)
    again = designation_input_set(by=admin, area="security", metric="usage-growth", points=15, now=DAY0)
    assert again.pk == row.pk and again.points == 15
    assert (
        refusal_of(
            lambda: designation_input_set(
                by=admin, area="security", metric="intermediate-certifications", points=1, now=DAY0
            )
        ).code
        == "unknown_metric"
    )
    too_many = refusal_of(
        lambda: designation_input_set(by=admin, area="security", metric="usage-growth", points=21, now=DAY0)
    )
    assert (too_many.code, too_many.message) == ("points_out_of_range", "Usage growth takes 0 to 20 points.")
    viewer = employee_of(company_a, "rita", "Rita Viewer", is_report_viewer=True)
    refused = refusal_of(
        lambda: designation_input_set(by=viewer, area="security", metric="usage-growth", points=1, now=DAY0)
    )
    assert (refused.code, refused.status) == ("not_partner_admin", 403)
