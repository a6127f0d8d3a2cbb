"""Partner Center in Chromium: an employee links her MCID and watches the credit arrive ten simulated days later as
an operator advances the clock in another browser (PC-2, PC-9); a partner admin filters and downloads the skills
report and reads a designation's score (PC-11, PC-12)."""

from __future__ import annotations

import csv
import re
from datetime import UTC, datetime, timedelta

import pytest

from certlink.clock import clock_advance, clock_set
from partners.models import PartnerOrganization
from partners.services.links import mcid_link
from partners.services.scores import designation_input_set
from profiles.models import Account, CertificationHeld
from tests.e2e.conftest import Web
from tests.e2e.steps import advance_clock, expect, prove, sign_in
from tests.e2e.world import contoso_at, global_admin_of, partner_user
from tests.factories import (
    START,
    AccountFactory,
    CertificationFactory,
    CertificationHeldFactory,
    CertificationProfileFactory,
)
from tests.partners.cast import holds, msa_with_profile

EARNED = datetime(2025, 11, 3, 9, 0, tzinfo=UTC)  # long before the link: the link date drives PC-9


@pytest.fixture
def megan_msa(db: None) -> Account:
    return AccountFactory(email="megan.bowen@outlook.example", display_name="Megan Bowen")


@pytest.fixture
def megan_admin_cert(megan_msa: Account) -> CertificationHeld:
    """Azure Administrator Associate on Megan's certification profile, earned long before she links."""
    profile = CertificationProfileFactory(msa=megan_msa, legal_name="Megan Bowen", contact_email=megan_msa.email)
    administrator = CertificationFactory(
        slug="azure-administrator", level="associate", name="Microsoft Certified: Azure Administrator Associate"
    )
    return CertificationHeldFactory(
        profile=profile, certification=administrator, earned_at=EARNED, expires_at=EARNED.replace(year=2026)
    )


def test_pc9_an_employee_links_her_mcid_sees_the_credit_pending_and_it_shows_once_the_operator_advances_ten_days(
    web: Web, megan_msa: Account, megan_admin_cert: CertificationHeld, operator: Account
) -> None:
    megan_at_contoso = partner_user(contoso_at(START), "megan", "Megan Bowen", START)
    megan, operator_page = web.person(), web.person()
    # PC-2: on My Learn profile she associates her MCID by signing in with her certification profile's MSA.
    megan.goto("/partner/")
    sign_in(megan, megan_at_contoso.account)
    megan.get_by_role("link", name="My Learn profile", exact=True).click()
    expect(megan.locator("[data-linked]")).to_have_text(
        "No Microsoft Learning account is associated with your Partner Center account."
    )
    megan.get_by_role("link", name="Associate Microsoft Learning account").click()
    expect(megan.get_by_role("heading", name="Sign in to your certification profile")).to_be_visible()
    prove(megan, megan_msa)
    mcid = megan_admin_cert.profile.mcid
    expect(megan.get_by_role("status")).to_contain_text(f"MCID {mcid} is now associated with Contoso.")
    pending = megan.get_by_role("table", name="Pending credits")
    expect(pending).to_contain_text("Microsoft Certified: Azure Administrator Associate")
    expect(pending).to_contain_text("Pending until 15 January 2026")
    web.shot(megan, "01-linked-credit-pending")
    # PC-9: nine simulated days later it is still pending; on the tenth it is in Partner Center.
    operator_page.goto("/sim/")
    sign_in(operator_page, operator)
    advance_clock(operator_page, by="9d")
    megan.reload()
    expect(megan.get_by_role("table", name="Pending credits")).to_contain_text("Pending until 15 January 2026")
    advance_clock(operator_page, by="1d")
    web.shot(operator_page, "02-operator-advanced-the-clock")
    megan.reload()
    expect(megan.get_by_role("table", name="Pending credits")).to_have_count(0)
    credits = megan.get_by_role("table", name="Credits in Partner Center")
    expect(credits).to_contain_text("Microsoft Certified: Azure Administrator Associate")
    expect(credits.get_by_role("row").nth(1)).to_contain_text("15 January 2026")
    web.shot(megan, "03-credit-in-partner-center")


DAY0 = datetime(2026, 1, 12, 9, 0, tzinfo=UTC)
INFRASTRUCTURE_TEAM = {  # both Infrastructure gates of the Enterprise track (two of each), and the counting step
    "ana": ("Ana Ortiz", ["azure-administrator", "azure-network-engineer"]),
    "ben": ("Ben Walters", ["azure-administrator", "windows-server-hybrid-administrator"]),
    "cem": ("Cem Yilmaz", ["azure-solutions-architect", "azure-virtual-desktop"]),
    "dan": ("Dan Jump", ["azure-solutions-architect"]),
}


@pytest.fixture
def contoso_with_credits(db: None) -> PartnerOrganization:
    """Contoso whose four engineers linked on DAY0; their credits arrived ten days later; Adele entered the
    performance points of Infrastructure."""
    clock_set(to=DAY0)
    organization = contoso_at(DAY0)
    for local, (name, slugs) in INFRASTRUCTURE_TEAM.items():
        msa, profile = msa_with_profile(f"{local}.cert", name)
        for slug in slugs:
            holds(profile, slug)
        mcid_link(user=partner_user(organization, local, name, DAY0), msa=msa, now=DAY0)
    clock_advance(to=DAY0 + timedelta(days=10))
    admin = global_admin_of(organization)
    for metric, points in {"net-customer-adds": 30, "usage-growth": 20, "deployments": 10}.items():
        designation_input_set(by=admin, area="infrastructure", metric=metric, points=points, now=DAY0)
    return organization


def test_pc11_pc12_a_partner_admin_filters_and_downloads_the_skills_report_and_reads_a_designations_score(
    web: Web, contoso_with_credits: PartnerOrganization
) -> None:
    adele = web.person()
    adele.goto("/partner/")
    sign_in(adele, global_admin_of(contoso_with_credits).account)
    adele.get_by_role("navigation", name="Partner Center").get_by_role("link", name="Skills report").click()
    report = adele.get_by_role("table", name="Credits")
    expect(report.get_by_role("row")).to_have_count(1 + 7)  # the header and seven credits
    web.shot(adele, "01-skills-report")
    # PC-11: filter by designation and person.
    adele.get_by_label("Designation").select_option(label="Infrastructure (Azure)")
    adele.get_by_label("Person").fill("walters")
    adele.get_by_role("button", name="Filter").click()
    expect(report.get_by_role("row")).to_have_count(1 + 2)
    expect(report).to_contain_text("ben@contoso.example")
    web.shot(adele, "02-skills-report-filtered")
    # The CSV download holds the same rows.
    with adele.expect_download() as download_info:
        adele.get_by_role("link", name="Download CSV").click()
    download = download_info.value
    assert download.suggested_filename == "skills-1000001.csv"
    saved = web.artifacts / "skills-1000001.csv"
    download.save_as(saved)
    rows = list(csv.DictReader(saved.read_text(encoding="utf-8").splitlines()))
    assert {(row["Work email"], row["Activity id"], row["Status"]) for row in rows} == {
        ("ben@contoso.example", "azure-administrator", "active"),
        ("ben@contoso.example", "windows-server-hybrid-administrator", "active"),
    }
    # PC-12: Infrastructure is qualified with 72 of 100 points.
    adele.get_by_role("navigation", name="Partner Center").get_by_role("link", name="Designations").click()
    infrastructure = adele.locator("[data-area=infrastructure]")
    expect(infrastructure).to_have_attribute("data-status", "qualified")
    expect(infrastructure.get_by_role("heading", level=2)).to_have_text("Infrastructure (Azure) Qualified")
    expect(infrastructure).to_contain_text(re.compile(r"\b72(\.0)? of 100(\.0)? points"))
    web.shot(adele, "03-designations")
