"""Sentences state the settings in force (RULES.md, Parameters): the Certiport cut-off (CP-6), the association limits
(PC-8) and the propagation delay (PC-9), in the one date format, never a number or date written into the text."""

from __future__ import annotations

from datetime import UTC, datetime

from django.template.loader import render_to_string

from certlink.clock import clock_advance
from partners.selectors_learn import why_not_counted
from partners.services.links import mcid_link
from profiles.models import Provider
from tests.helpers import page_text
from tests.partners.cast import holds
from tests.partners.conftest import DAY0
from tests.partners.test_pages import associate, signed_in


def text(template: str) -> str:
    return " ".join(render_to_string(template, {}).split())


def test_cp6_why_not_counted_names_the_certiport_cutoff_in_force(
    settings, megan_at_a, megan_msa, megan_profile
) -> None:  # type: ignore[no-untyped-def]
    settings.CERTIPORT_CUTOFF = "2024-03-15"
    certiport = holds(
        megan_profile,
        "microsoft-365-fundamentals",
        provider=Provider.CERTIPORT,
        level="fundamentals",
        earned_at=datetime(2024, 3, 15, tzinfo=UTC),
    )
    mcid_link(user=megan_at_a, msa=megan_msa, now=DAY0)
    clock_advance(to=datetime(2026, 2, 1, tzinfo=UTC))
    explanation = why_not_counted(
        organization=megan_at_a.organization,
        person=megan_at_a,
        certification=certiport.certification,
        now=datetime(2026, 2, 1, tzinfo=UTC),
    )
    assert explanation.code == "certiport"
    assert "was earned through Certiport on or after 15 March 2024, so it stays" in explanation.message


def test_cp6_pc13_the_partner_support_page_names_the_certiport_cutoff_in_force(settings) -> None:  # type: ignore[no-untyped-def]
    assert "earned through Certiport on or after 1 June 2023 stays" in text("partners/support.html")
    settings.CERTIPORT_CUTOFF = "2024-03-15"
    assert "earned through Certiport on or after 15 March 2024 stays" in text("partners/support.html")


def test_pc8_my_learn_profile_states_the_association_limits_in_force(settings) -> None:  # type: ignore[no-untyped-def]
    assert "(At most 3 associations in any 365 days, 30 days apart.)" in text("partners/learn_profile.html")
    settings.ASSOCIATIONS_PER_YEAR = 5
    settings.ASSOCIATION_COOLOFF_DAYS = 14
    assert "(At most 5 associations in any 365 days, 14 days apart.)" in text("partners/learn_profile.html")


def test_pc9_partner_university_states_the_propagation_delay_in_force(settings) -> None:  # type: ignore[no-untyped-def]
    assert "reach Partner Center about 10 days after you complete them" in text("partners/university.html")
    settings.CREDIT_PROPAGATION_DAYS = 1
    assert "reach Partner Center about 1 day after you complete them" in text("partners/university.html")


def test_pc9_associating_says_when_certifications_arrive_with_the_propagation_delay_in_force(
    settings, megan_at_a, megan_msa, megan_admin_cert
) -> None:  # type: ignore[no-untyped-def]
    settings.CREDIT_PROPAGATION_DAYS = 3
    linked = page_text(associate(signed_in(megan_at_a), megan_msa.email))
    assert "Its certifications reach Partner Center in about 3 days." in linked
