"""An organisation's credits over time (issue 18) on its timeline page: per month, credits arrived and pending (PC-9)
above the line, left and leaving at the data refresh (PC-10) below, as an SVG of its own URL for operators only,
with its numbers in a table."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.conf import settings

from certlink import clock
from certlink.clock import clock_advance
from certlink.middleware import csp_header
from partners.models import PartnerOrganization
from partners.services.links import mcid_link
from partners.services.organizations import organization_create, partner_user_create
from sim.charts import count_axis, credit_months, months_around, per_month
from sim.scenarios import scenario_load
from tests.conftest import START
from tests.factories import AccountFactory, CertificationHeldFactory, CertificationProfileFactory
from tests.helpers import page_text


@pytest.fixture
def contoso_org(db: None) -> PartnerOrganization:
    """Contoso, where Megan links her MCID today: its certification reaches Partner Center in ten days (PC-9)."""
    organization, admin, _ = organization_create(
        name="Contoso",
        partner_id="1000001",
        domains=["contoso.example"],
        admin_email="admin@contoso.example",
        admin_name="Adele Admin",
        now=START,
    )
    megan, _ = partner_user_create(by=admin, email="megan@contoso.example", display_name="Megan Bowen", now=START)
    msa = AccountFactory(email="megan.bowen@outlook.example")
    profile = CertificationProfileFactory(msa=msa, legal_name="Megan Bowen", mcid=31_000_002)
    CertificationHeldFactory(profile=profile, earned_at=START - timedelta(days=100), certification__name="Azure Thing")
    mcid_link(user=megan, msa=msa, now=START)
    return organization


def test_the_chart_covers_five_months_before_this_one_and_two_after() -> None:
    months = months_around(datetime(2026, 1, 31, 23, tzinfo=UTC))
    assert months[0] == datetime(2025, 8, 1, tzinfo=UTC) and months[-1] == datetime(2026, 3, 1, tzinfo=UTC)
    assert len(months) == 8


def test_counts_fall_in_the_month_of_their_moment_and_outside_months_are_dropped() -> None:
    months = [datetime(2026, 1, 1, tzinfo=UTC), datetime(2026, 2, 1, tzinfo=UTC)]
    counts = [(datetime(2026, 1, 31, 23, 59, tzinfo=UTC), 2), (datetime(2026, 2, 1, tzinfo=UTC), 1)]
    assert per_month(
        [*counts, (datetime(2026, 3, 1, tzinfo=UTC), 5), (datetime(2026, 1, 2, tzinfo=UTC), 1)], months
    ) == [
        3,
        1,
    ]


def test_the_count_axis_has_whole_numbers_both_ways_with_0_among_them() -> None:
    assert count_axis(0, 0) == [0, 1]
    assert count_axis(3, 2) == [-2, -1, 0, 1, 2, 3]
    marks = count_axis(40, 7)
    assert 0 in marks and marks[0] <= -7 and marks[-1] >= 40 and len(marks) <= 8
    assert all(isinstance(m, int) for m in marks)


def test_pc9_a_credit_is_pending_in_the_month_it_is_due_then_arrived(contoso_org) -> None:  # type: ignore[no-untyped-def]
    due = START + timedelta(days=10)
    before = credit_months(organization=contoso_org, now=START)
    at = before.months.index(datetime(due.year, due.month, 1, tzinfo=UTC))
    assert before.pending[at] == 1 and sum(before.arrived) == 0
    clock_advance(to=due)
    after = credit_months(organization=contoso_org, now=clock.now())
    assert after.arrived[after.months.index(before.months[at])] == 1 and sum(after.pending) == 0


def test_pc10_a_leavers_credit_is_leaving_in_the_month_of_the_refresh_then_left(db: None) -> None:
    result = scenario_load(key="leaver-in-january", now=clock.now())
    organization = PartnerOrganization.objects.get(pk=result.facts["organization"])
    refresh = datetime(2026, 2, 10, tzinfo=UTC)
    before = credit_months(organization=organization, now=clock.now())
    assert before.leaving[before.months.index(datetime(2026, 2, 1, tzinfo=UTC))] == 1
    clock_advance(to=refresh)
    after = credit_months(organization=organization, now=clock.now())
    assert sum(after.leaving) == 0 and after.removed[after.months.index(datetime(2026, 2, 1, tzinfo=UTC))] == 1


def test_sim1_the_credits_chart_is_an_svg_for_operators_only(page_as, operator, learner, contoso_org) -> None:  # type: ignore[no-untyped-def]
    url = f"/sim/timeline/organization/{contoso_org.pk}/credits.svg"
    response = page_as(operator).get(url)
    assert response.status_code == 200 and response["Content-Type"] == "image/svg+xml; charset=utf-8"
    assert response["Content-Security-Policy"] == csp_header(settings.SECURE_CSP_CHART)
    svg = response.content.decode()
    assert "<script" not in svg and "Pending (due that month)" in svg and "Leaving at the data refresh" in svg
    assert page_as(learner).get(url).status_code in (403, 404)
    assert page_as(operator).get("/sim/timeline/organization/999999/credits.svg").status_code == 404


def test_sim1_the_timeline_page_shows_the_chart_and_its_numbers(page_as, operator, contoso_org) -> None:  # type: ignore[no-untyped-def]
    page = page_text(page_as(operator).get(f"/sim/timeline/organization/{contoso_org.pk}/"))
    assert f'<img src="/sim/timeline/organization/{contoso_org.pk}/credits.svg" alt="Credits by month from' in page
    assert "0 arrived, 1 pending, 0 left the skills report, 0 leaving at a data refresh." in page
    assert '<details class="chart-data">' in page and "(now)</th>" in page


def test_the_credits_chart_takes_a_few_queries(page_as, operator, contoso_org, django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    client = page_as(operator)
    with django_assert_max_num_queries(12):
        assert client.get(f"/sim/timeline/organization/{contoso_org.pk}/credits.svg").status_code == 200
