"""PC-14: anyone can ask why a certification is not counted, and gets the reason as a code and a sentence: not
linked, on another MCID, linked to another organisation, pending until DATE, Certiport, expired, not eligible,
leaving at the refresh on DATE; or that it counts."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from certlink.clock import clock_advance
from partners.selectors_learn import why_not_counted
from partners.services.links import mcid_link, mcid_unlink
from partners.services.organizations import partner_user_delete
from partners.services.support import credit_request_accept, credit_request_open
from profiles.models import Provider
from tests.partners.cast import holds, msa_with_profile
from tests.partners.conftest import DAY0, admin_of

ARRIVED = DAY0 + timedelta(days=10)


def why(person, held, now: datetime) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    explanation = why_not_counted(
        organization=person.organization, person=person, certification=held.certification, now=now
    )
    return explanation.code, explanation.message


def test_pc14_not_linked(megan_at_a, megan_admin_cert) -> None:  # type: ignore[no-untyped-def]
    assert why(megan_at_a, megan_admin_cert, DAY0) == (
        "not_linked",
        "Megan Bowen has not associated a Microsoft Learning account with Partner Center, so none of their "
        "certifications reach it. Only they can do it, on My Learn profile.",
    )


def test_pc14_not_on_the_linked_mcid(megan_at_a, megan_msa, megan_profile) -> None:  # type: ignore[no-untyped-def]
    _, second_profile = msa_with_profile("megan.old", "Megan Bowen")
    elsewhere = holds(second_profile, "azure-security-engineer")
    mcid_link(user=megan_at_a, msa=megan_msa, now=DAY0)
    code, message = why(megan_at_a, elsewhere, DAY0)
    assert code == "not_on_linked_mcid"
    assert message.startswith("The MCID linked to Megan Bowen doesn't hold Azure Security Engineer.")


def test_pc14_certiport(megan_at_a, megan_msa, megan_profile) -> None:  # type: ignore[no-untyped-def]
    certiport = holds(megan_profile, "microsoft-365-fundamentals", provider=Provider.CERTIPORT, level="fundamentals")
    mcid_link(user=megan_at_a, msa=megan_msa, now=DAY0)
    clock_advance(to=ARRIVED)
    code, message = why(megan_at_a, certiport, ARRIVED)
    assert code == "certiport"
    assert "stays on the Certiport transcript" in message and "support request" in message


def test_pc14_pending_until_the_date_it_arrives(megan_at_a, megan_msa, megan_admin_cert) -> None:  # type: ignore[no-untyped-def]
    mcid_link(user=megan_at_a, msa=megan_msa, now=DAY0)
    assert why(megan_at_a, megan_admin_cert, DAY0 + timedelta(days=9)) == (
        "pending",
        "Microsoft Certified: Azure Administrator Associate is on its way: it reaches Partner Center on "
        "22 January 2026 (PC-9).",
    )


def test_pc14_counted_names_the_designations(megan_at_a, megan_msa, megan_admin_cert) -> None:  # type: ignore[no-untyped-def]
    mcid_link(user=megan_at_a, msa=megan_msa, now=DAY0)
    clock_advance(to=ARRIVED)
    code, message = why(megan_at_a, megan_admin_cert, ARRIVED)
    assert code == "counted"
    assert message == (
        "Microsoft Certified: Azure Administrator Associate counts towards Data & AI (Azure), "
        "Infrastructure (Azure), Digital & App Innovation (Azure)."
    )


def test_pc14_not_eligible_for_any_designation(megan_at_a, megan_msa, megan_profile) -> None:  # type: ignore[no-untyped-def]
    unlisted = holds(megan_profile, "certification-counted-nowhere")
    mcid_link(user=megan_at_a, msa=megan_msa, now=DAY0)
    clock_advance(to=ARRIVED)
    assert why(megan_at_a, unlisted, ARRIVED)[0] == "not_eligible"


def test_pc14_expired(megan_at_a, megan_msa, megan_profile) -> None:  # type: ignore[no-untyped-def]
    old = holds(megan_profile, "azure-network-engineer", earned_at=datetime(2024, 3, 1, tzinfo=UTC))
    mcid_link(user=megan_at_a, msa=megan_msa, now=DAY0)
    clock_advance(to=ARRIVED)
    assert why(megan_at_a, old, ARRIVED) == (
        "expired",
        "Azure Network Engineer has expired, so it no longer counts towards any designation.",
    )


def test_pc14_leaving_at_the_refresh_after_remove_access(megan_at_a, megan_msa, megan_admin_cert) -> None:  # type: ignore[no-untyped-def]
    mcid_link(user=megan_at_a, msa=megan_msa, now=DAY0)
    clock_advance(to=ARRIVED)
    mcid_unlink(user=megan_at_a, now=ARRIVED)
    assert why(megan_at_a, megan_admin_cert, ARRIVED) == (
        "leaving",
        "Microsoft Certified: Azure Administrator Associate leaves the skills report at the data refresh on "
        "10 February 2026, because Megan Bowen's link ended or their work account was deleted.",
    )


def test_pc14_leaving_at_the_refresh_after_the_work_account_is_deleted(megan_at_a, megan_msa, megan_admin_cert) -> None:  # type: ignore[no-untyped-def]
    mcid_link(user=megan_at_a, msa=megan_msa, now=DAY0)
    clock_advance(to=datetime(2026, 2, 12, tzinfo=UTC))
    partner_user_delete(by=admin_of(megan_at_a.organization), user=megan_at_a, now=datetime(2026, 2, 12, tzinfo=UTC))
    code, message = why(megan_at_a, megan_admin_cert, datetime(2026, 2, 12, tzinfo=UTC))
    assert code == "leaving" and "10 March 2026" in message


def test_pc14_linked_to_another_organization_once_the_moved_credit_has_left(
    megan_at_a, megan_at_b, megan_msa, megan_admin_cert
) -> None:  # type: ignore[no-untyped-def]
    mcid_link(user=megan_at_a, msa=megan_msa, now=DAY0)
    clock_advance(to=ARRIVED)
    mcid_link(user=megan_at_b, msa=megan_msa, now=datetime(2026, 2, 20, tzinfo=UTC))
    assert why(megan_at_a, megan_admin_cert, datetime(2026, 2, 20, tzinfo=UTC))[0] == "leaving"
    clock_advance(to=datetime(2026, 3, 10, tzinfo=UTC))
    assert why(megan_at_a, megan_admin_cert, datetime(2026, 3, 10, tzinfo=UTC)) == (
        "linked_to_another_organization",
        "Megan Bowen's MCID is linked to Fabrikam, so Microsoft Certified: Azure Administrator Associate counts "
        "there, not here.",
    )
    assert why(megan_at_b, megan_admin_cert, datetime(2026, 3, 10, tzinfo=UTC))[0] == "counted"


def test_pc14_pc13_a_certiport_certification_added_by_hand_counts(megan_at_a, megan_msa, megan_profile, agent) -> None:  # type: ignore[no-untyped-def]
    certiport = holds(megan_profile, "microsoft-365-fundamentals", provider=Provider.CERTIPORT, level="fundamentals")
    mcid_link(user=megan_at_a, msa=megan_msa, now=DAY0)
    request = credit_request_open(by=megan_at_a, person=megan_at_a, held=certiport, evidence="Transcript", now=DAY0)
    credit_request_accept(request=request, agent=agent, now=DAY0 + timedelta(days=1))
    code, message = why(megan_at_a, certiport, DAY0 + timedelta(days=1))
    assert code == "counted" and "Modern Work" in message
