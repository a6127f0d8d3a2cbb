"""PC-11, issue 18: the skills report as the grid a partner admin expects, in Chromium. Adele filters it by typing
part of a certification name (the page suggests the catalog's names), sorts it by a column, goes to page 2; at
1280 px and at 390 px the document never scrolls sideways and axe-core finds nothing serious or critical.
Screenshots: artifacts/skills-grid-1280.png and artifacts/skills-grid-390.png."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest

from certlink.clock import clock_advance, clock_set
from partners.models import PartnerCredit, PartnerOrganization
from partners.services.links import mcid_link
from tests.e2e.conftest import ARTIFACTS, Web
from tests.e2e.steps import Page, expect, sign_in
from tests.e2e.world import contoso_at, global_admin_of, partner_user
from tests.factories import CertificationFactory
from tests.partners.cast import holds, msa_with_profile

axe_playwright = pytest.importorskip("axe_playwright_python.sync_playwright", reason="needs axe-playwright-python")

DAY0 = datetime(2026, 1, 12, 9, 0, tzinfo=UTC)
CATALOG = {
    "azure-administrator": "Microsoft Certified: Azure Administrator Associate",
    "teams-administrator": "Microsoft 365 Certified: Teams Administrator Associate",
    "windows-server-hybrid-administrator": "Microsoft Certified: Windows Server Hybrid Administrator Associate",
    "azure-solutions-architect": "Microsoft Certified: Azure Solutions Architect Expert",
    "azure-developer": "Microsoft Certified: Azure Developer Associate",
    "power-bi-data-analyst": "Microsoft Certified: Power BI Data Analyst Associate",  # in the catalog, held by none
}
HELD = [
    "azure-administrator",
    "teams-administrator",
    "windows-server-hybrid-administrator",
    "azure-solutions-architect",
]
PEOPLE = [
    "Ana Ortiz", "Ben Walters", "Cem Yilmaz", "Dan Jump", "Eve Modern", "Fay Staff", "Gus Lind", "Hana Mori",
    "Ivo Petrov", "Jun Sato", "Kai Berg", "Lea Roux", "Max Weber", "Nia Obi", "Oli Park", "Pia Lund",
    "Quin Hale", "Rui Costa", "Sam Reed", "Tia Kahn", "Uma Rao", "Vic Hart", "Wes Long", "Xia Chen",
    "Yan Novak", "Zoe Adams", "Ada Brook", "Bo Chase", "Cy Dunn", "Di Evans",
]  # fmt: skip
SERIOUS = {"serious", "critical"}
SHOTS = ARTIFACTS.parent  # artifacts/


@pytest.fixture
def contoso_of_thirty(db: None) -> PartnerOrganization:
    """Contoso with thirty linked engineers, three certifications each (two of them administrators): 90 credits,
    60 of them "… Administrator …", arrived ten days after they linked."""
    clock_set(to=DAY0)
    organization = contoso_at(DAY0)
    for slug, name in CATALOG.items():
        CertificationFactory(slug=slug, name=name)
    for n, name in enumerate(PEOPLE):
        msa, profile = msa_with_profile(f"person{n}.cert", name)
        for slug in (HELD[n % 3], HELD[(n + 1) % 3], "azure-solutions-architect"):
            holds(profile, slug, earned_at=datetime(2025, 1 + n % 12, 1 + n, 9, tzinfo=UTC))
        mcid_link(user=partner_user(organization, f"person{n}", name, DAY0), msa=msa, now=DAY0)
    clock_advance(to=DAY0 + timedelta(days=10))
    assert PartnerCredit.objects.filter(organization=organization).count() == 90
    return organization


def no_sideways_scroll(page: Page, width: int) -> None:
    scroll = page.evaluate("document.documentElement.scrollWidth")
    assert scroll <= width, f"the document is {scroll} px wide at {width} px"


def no_serious_violation(page: Page, where: str) -> None:
    violations = axe_playwright.Axe().run(page).response["violations"]
    serious = [f"{v['id']} ({v['impact']}): {v['help']}" for v in violations if v["impact"] in SERIOUS]
    assert not serious, f"{where}: {serious}"


def test_pc11_a_partner_admin_filters_by_part_of_a_certification_name_sorts_and_pages_at_1280_and_390_px(
    web: Web, contoso_of_thirty: PartnerOrganization
) -> None:
    adele = web.person()
    adele.goto("/partner/skills/")
    sign_in(adele, global_admin_of(contoso_of_thirty).account)
    expect(adele).to_have_url(re.compile(r"/partner/skills/$"))
    grid = adele.get_by_role("table", name="Credits")
    expect(adele.locator(".total")).to_have_text(re.compile(r"^90 credits"))
    expect(grid.get_by_role("row")).to_have_count(1 + 50)
    expect(adele.get_by_role("navigation", name="Pages of the report")).to_contain_text("Page 1 of 2")

    # Autocomplete: the field suggests the catalog's names (held or not); part of one is enough to filter.
    certification = adele.get_by_label("Certification")
    certification.fill("administrator")
    suggested = certification.evaluate(
        "input => [...input.list.options].map(o => o.value).filter(v => v.toLowerCase().includes(input.value))"
    )
    assert CATALOG["azure-administrator"] in suggested and CATALOG["power-bi-data-analyst"] not in suggested
    assert CATALOG["power-bi-data-analyst"] in certification.evaluate("i => [...i.list.options].map(o => o.value)")
    certification.press("Enter")
    expect(adele.locator(".total")).to_have_text(re.compile(r"^60 credits"))
    expect(grid).not_to_contain_text("Solutions Architect")

    # Sort by completion date, newest first: a click on the header's link, twice.
    completed = grid.get_by_role("columnheader", name=re.compile("^Completed"))
    completed.get_by_role("link").click()
    expect(completed).to_have_attribute("aria-sort", "ascending")
    completed.get_by_role("link").click()
    expect(completed).to_have_attribute("aria-sort", "descending")
    expect(grid.get_by_role("columnheader", name=re.compile("^Person"))).not_to_have_attribute(
        "aria-sort", re.compile(".")
    )
    dates = grid.locator("td.col-completed").all_inner_texts()
    parsed = [datetime.strptime(d.strip(), "%d %B %Y") for d in dates]
    assert parsed == sorted(parsed, reverse=True) and len(parsed) == 50

    # Page 2 keeps the filter and the sort.
    adele.get_by_role("navigation", name="Pages of the report").get_by_role("link", name="Page 2").click()
    expect(adele).to_have_url(re.compile(r"certification=administrator.*sort=-completed.*page=2|page=2"))
    assert "certification=administrator" in adele.url and "sort=-completed" in adele.url
    expect(grid.get_by_role("row")).to_have_count(1 + 10)
    expect(adele.get_by_role("link", name="Page 2")).to_have_attribute("aria-current", "page")
    expect(certification).to_have_value("administrator")

    # At a laptop's width the grid fits its column; at a phone's it becomes cards; the document never scrolls.
    for width in (1280, 390):
        adele.set_viewport_size({"width": width, "height": 900})
        expect(grid).to_be_visible()
        no_sideways_scroll(adele, width)
        box = grid.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width, (width, box)
        expect(grid.get_by_role("row")).to_have_count(1 + 10)  # still a table to assistive technology
        adele.screenshot(path=str(SHOTS / f"skills-grid-{width}.png"), full_page=True)
        adele.locator(".total").scroll_into_view_if_needed()
        adele.screenshot(path=str(web.artifacts / f"skills-grid-{width}-window.png"))  # what one sees at a time
        no_serious_violation(adele, f"the skills grid at {width} px")
