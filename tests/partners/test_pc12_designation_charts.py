"""PC-12 in pictures (issue 18): each area's points by group of metrics against the 70 and 100 marks, and six months
of scores, as SVG charts of their own URL (certlink.charts), for those who see the designations page only; the page
shows them with words (alt text, the numbers in tables) and folds each area's details away."""

from __future__ import annotations

import re
from datetime import timedelta
from html import escape

from django.conf import settings

from certlink.clock import clock_advance
from certlink.middleware import csp_header
from partners.designations import load, points_by_kind, score_area
from partners.services.links import mcid_link
from tests.helpers import page_text
from tests.partners.conftest import DAY0, admin_of
from tests.partners.test_pages import signed_in

AREAS = {area.key: area for area in load()}


def test_pc12_an_areas_three_groups_of_metrics_add_up_to_its_points() -> None:
    entered = {"net-customer-adds": 12.5, "usage-growth": 3, "deployments": 4.25}
    score = score_area(AREAS["infrastructure"], people=[], track="enterprise", entered=entered)
    groups = points_by_kind(score)
    assert [kind for kind, _points in groups] == ["performance", "skilling", "customer_success"]
    assert dict(groups) == {"performance": 12.5, "skilling": 0.0, "customer_success": 7.25}
    assert sum(p for _kind, p in groups) == score.points


def linked_admin(megan_at_a, megan_msa):  # type: ignore[no-untyped-def]
    mcid_link(user=megan_at_a, msa=megan_msa, now=DAY0)
    clock_advance(to=DAY0 + timedelta(days=10))
    return signed_in(admin_of(megan_at_a.organization))


def test_pc12_the_scores_chart_shows_each_areas_points_against_70_and_100(
    megan_at_a, megan_msa, megan_admin_cert
) -> None:  # type: ignore[no-untyped-def]
    admin = linked_admin(megan_at_a, megan_msa)
    admin.post("/partner/designations/", {"area": "infrastructure", "metric": "net-customer-adds", "points": "12.5"})
    response = admin.get("/partner/designations/scores.svg")
    assert response.status_code == 200 and response["Content-Type"] == "image/svg+xml; charset=utf-8"
    assert response["Content-Security-Policy"] == csp_header(settings.SECURE_CSP_CHART)
    svg = response.content.decode()
    assert svg.startswith("<svg") and "<script" not in svg and "kozea.github.io" not in svg
    assert "70: qualifies" in svg and "100: maximum" in svg
    assert re.search(r"Infrastructure \(Azure\): [\d.]+<", svg) and ">12.5<" in svg
    assert all(label in svg for label in ("Performance", "Skilling", "Customer success"))
    assert "customer_success" not in svg  # groups as people read them


def test_pc12_the_history_chart_draws_a_line_per_area_over_six_months(megan_at_a, megan_msa, megan_admin_cert) -> None:  # type: ignore[no-untyped-def]
    admin = linked_admin(megan_at_a, megan_msa)
    svg = admin.get("/partner/designations/history.svg").content.decode()
    assert all(escape(area.name) in svg for area in AREAS.values()) and "January 2026" in svg
    narrow = admin.get("/partner/designations/history.svg?size=narrow").content.decode()
    assert 'width="420"' in narrow and "Jan 2026" in narrow


def test_pc12_the_charts_are_for_admins_who_see_the_designations_only(megan_at_a, megan_msa, megan_admin_cert) -> None:  # type: ignore[no-untyped-def]
    admin = linked_admin(megan_at_a, megan_msa)
    assert admin.get("/partner/designations/nothing.svg").status_code == 404
    megan = signed_in(megan_at_a)  # a default user: no skills report, no designations (PC-11)
    assert megan.get("/partner/designations/scores.svg").status_code == 403
    assert megan.get("/partner/designations/history.svg").status_code == 403


def test_pc12_a_chart_takes_as_few_queries_as_the_scores_it_draws(  # type: ignore[no-untyped-def]
    megan_at_a, megan_msa, megan_admin_cert, django_assert_max_num_queries
) -> None:
    admin = linked_admin(megan_at_a, megan_msa)
    with django_assert_max_num_queries(12):
        assert admin.get("/partner/designations/history.svg").status_code == 200


def test_pc12_the_page_shows_the_charts_with_words_and_folds_the_details(
    megan_at_a, megan_msa, megan_admin_cert
) -> None:  # type: ignore[no-untyped-def]
    admin = linked_admin(megan_at_a, megan_msa)
    page = page_text(admin.get("/partner/designations/"))
    assert (
        '<img src="/partner/designations/scores.svg" alt="Points of each solution area out of 100; 70 qualifies.'
        in page
    )
    assert 'srcset="/partner/designations/history.svg?size=narrow"' in page
    assert 'alt="Scores from ' in page
    assert page.count('<details class="area-detail">') == len(AREAS)  # each area's tables folded away
    assert page.count('<details class="chart-data">') == 2  # the numbers of both charts
    assert "What it would take" in page and '<ul class="missing">' in page
    assert "customer_success" not in page.split("<main", 1)[1].replace('value="customer_success"', "")


def test_pc12_a_refused_entry_shows_its_area_open_with_what_was_typed(megan_at_a, megan_msa, megan_admin_cert) -> None:  # type: ignore[no-untyped-def]
    admin = linked_admin(megan_at_a, megan_msa)
    response = admin.post("/partner/designations/", {"area": "security", "metric": "usage-growth", "points": "-3"})
    page = page_text(response)
    assert response.status_code >= 400 and "Enter a number of points of zero or more." in page
    assert '<details class="area-detail" open>' in page and page.count('<details class="area-detail" open>') == 1
    assert (
        'id="p-security-usage-growth" type="number" name="points" min="0" step="any" value="-3" aria-invalid="true"'
        in page
    )
