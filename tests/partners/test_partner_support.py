"""PC-13: a partner files a support request, with evidence, for a certification that cannot reach Partner Center
(a Certiport certification, CP-6); an agent who accepts it adds the credit by hand, recorded as such; a rejection
says why."""

from __future__ import annotations

from datetime import timedelta

import pytest

from partners.models import LinkEvent, PartnerSupportRequest
from partners.selectors import skills_report
from partners.services.links import mcid_link
from partners.services.support import credit_request_accept, credit_request_open, credit_request_reject
from profiles.models import Provider
from tests.helpers import refusal_of
from tests.partners.cast import employee_of, holds
from tests.partners.conftest import DAY0, admin_of

LATER = DAY0 + timedelta(days=2)


@pytest.fixture
def certiport(megan_profile):  # type: ignore[no-untyped-def]
    """Megan's Microsoft 365 Fundamentals, earned through Certiport after the cut-off (CP-6)."""
    return holds(megan_profile, "microsoft-365-fundamentals", provider=Provider.CERTIPORT, level="fundamentals")


@pytest.fixture
def linked(megan_at_a, megan_msa, megan_profile):  # type: ignore[no-untyped-def]
    return mcid_link(user=megan_at_a, msa=megan_msa, now=DAY0)


def open_for_megan(megan_at_a, held, evidence: str = "Certiport transcript, certificate number W123-4567"):  # type: ignore[no-untyped-def]
    return credit_request_open(by=megan_at_a, person=megan_at_a, held=held, evidence=evidence, now=DAY0)


def test_pc13_an_accepted_request_puts_the_credit_in_the_skills_report_at_once_marked_manual(
    megan_at_a, linked, certiport, agent
) -> None:  # type: ignore[no-untyped-def]
    request = open_for_megan(megan_at_a, certiport)
    assert list(skills_report(organization=megan_at_a.organization, at=LATER)) == []
    credit = credit_request_accept(request=request, agent=agent, now=LATER)
    assert [
        (c.activity_id, c.manual, c.arrived_at) for c in skills_report(organization=megan_at_a.organization, at=LATER)
    ] == [("microsoft-365-fundamentals", True, LATER)]
    assert (credit.mcid, credit.work_email, credit.held) == (certiport.profile.mcid, "megan@contoso.example", certiport)
    request.refresh_from_db()
    assert (request.state, request.agent, request.decided_at) == ("accepted", agent, LATER)
    event = LinkEvent.objects.get(kind="manual_credit")
    assert (event.actor, event.partner_user, event.details["certification"]) == (
        agent,
        megan_at_a,
        "microsoft-365-fundamentals",
    )


def test_pc13_a_rejection_needs_a_reason_which_the_partner_reads(megan_at_a, linked, certiport, agent) -> None:  # type: ignore[no-untyped-def]
    request = open_for_megan(megan_at_a, certiport)
    refused = refusal_of(lambda: credit_request_reject(request=request, agent=agent, reason="  ", now=LATER))
    assert (refused.code, refused.message) == (
        "reason_required",
        "Say why the request is rejected: the partner reads it.",
    )
    rejected = credit_request_reject(
        request=request, agent=agent, reason="The number isn't on the transcript.", now=LATER
    )
    assert (rejected.state, rejected.decision) == ("rejected", "The number isn't on the transcript.")
    assert list(skills_report(organization=megan_at_a.organization, at=LATER)) == []


def test_pc13_only_agents_decide(megan_at_a, linked, certiport) -> None:  # type: ignore[no-untyped-def]
    request = open_for_megan(megan_at_a, certiport)
    admin = admin_of(megan_at_a.organization).account
    refused = refusal_of(lambda: credit_request_accept(request=request, agent=admin, now=LATER))
    assert (refused.code, refused.status) == ("agents_only", 403)


def test_pc13_a_decided_request_cannot_be_decided_again(megan_at_a, linked, certiport, agent) -> None:  # type: ignore[no-untyped-def]
    request = open_for_megan(megan_at_a, certiport)
    credit_request_accept(request=request, agent=agent, now=LATER)
    assert refusal_of(lambda: credit_request_accept(request=request, agent=agent, now=LATER)).code == (
        "credit_request_closed"
    )
    stale = PartnerSupportRequest.objects.get(pk=request.pk)
    stale.state = "open"  # a second agent's page, loaded before the first decided
    assert refusal_of(lambda: credit_request_reject(request=stale, agent=agent, reason="No", now=LATER)).code == (
        "credit_request_closed"
    )


def test_pc13_one_open_request_per_certification_and_none_once_it_is_counted(
    megan_at_a, linked, certiport, agent
) -> None:  # type: ignore[no-untyped-def]
    request = open_for_megan(megan_at_a, certiport)
    assert refusal_of(lambda: open_for_megan(megan_at_a, certiport)).code == "credit_request_open"
    credit_request_accept(request=request, agent=agent, now=LATER)
    assert refusal_of(lambda: open_for_megan(megan_at_a, certiport)).code == "already_counted"


def test_pc13_a_certification_that_reaches_partner_center_by_itself_needs_no_request(
    megan_at_a, linked, megan_admin_cert
) -> None:  # type: ignore[no-untyped-def]
    refused = refusal_of(lambda: open_for_megan(megan_at_a, megan_admin_cert))
    assert refused.code == "reaches_partner_center"
    assert "only a Certiport certification needs a support request" in refused.message


def test_pc13_the_certification_must_be_on_the_linked_mcid(megan_at_a, certiport) -> None:  # type: ignore[no-untyped-def]
    refused = refusal_of(lambda: open_for_megan(megan_at_a, certiport))
    assert refused.code == "certification_not_on_linked_mcid"


def test_pc13_the_request_needs_evidence(megan_at_a, linked, certiport) -> None:  # type: ignore[no-untyped-def]
    assert refusal_of(lambda: open_for_megan(megan_at_a, certiport, evidence=" ")).code == "evidence_required"


def test_pc13_a_partner_admin_may_file_for_a_colleague_a_default_user_only_for_themselves(
    megan_at_a, linked, certiport, company_a, megan_at_b
) -> None:  # type: ignore[no-untyped-def]
    colleague = employee_of(company_a, "kenji", "Kenji Sato")
    refused = refusal_of(
        lambda: credit_request_open(by=colleague, person=megan_at_a, held=certiport, evidence="x", now=DAY0)
    )
    assert (refused.code, refused.status) == ("not_partner_admin", 403)
    outsider = refusal_of(
        lambda: credit_request_open(
            by=admin_of(megan_at_b.organization), person=megan_at_a, held=certiport, evidence="x", now=DAY0
        )
    )
    assert (outsider.code, outsider.status) == ("partner_user_not_found", 404)
    filed = credit_request_open(by=admin_of(company_a), person=megan_at_a, held=certiport, evidence="x", now=DAY0)
    assert (filed.filed_by, filed.person) == (admin_of(company_a), megan_at_a)
