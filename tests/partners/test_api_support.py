"""API of partner support (PC-13): a request for a Certiport certification (CP-6), an agent's acceptance that puts
the credit in the skills report at once, marked manual, and a rejection that must say why."""

from __future__ import annotations

import pytest

from partners.services.links import mcid_link
from profiles.models import Provider
from tests.partners.cast import employee_of, holds
from tests.partners.conftest import DAY0, admin_of

REQUESTS = "/api/v1/partner/support-requests/"
EVIDENCE = "Certiport transcript: Microsoft 365 Fundamentals, 3 March 2025, certificate W123-4567"


@pytest.fixture
def certiport(megan_at_a, megan_msa, megan_profile):  # type: ignore[no-untyped-def]
    """Megan has linked her MCID, which holds a Certiport certification earned after the cut-off (CP-6)."""
    mcid_link(user=megan_at_a, msa=megan_msa, now=DAY0)
    return holds(megan_profile, "microsoft-365-fundamentals", provider=Provider.CERTIPORT, level="fundamentals")


@pytest.fixture
def megan(api_as, megan_at_a):  # type: ignore[no-untyped-def]
    return api_as(megan_at_a.account)


def file_request(client, person, held, evidence: str = EVIDENCE):  # type: ignore[no-untyped-def]
    return client.post(REQUESTS, {"person": person.pk, "held": held.pk, "evidence": evidence}, format="json")


def test_pc13_a_request_accepted_by_an_agent_puts_the_credit_in_the_skills_report_at_once_marked_manual(
    api_as, megan, megan_at_a, certiport, agent, company_a
) -> None:  # type: ignore[no-untyped-def]
    opened = file_request(megan, megan_at_a, certiport)
    assert opened.status_code == 201, opened.json()
    body = opened.json()
    assert (body["state"], body["person"]["email"], body["filed_by"], body["held"]["certification"]) == (
        "open",
        "megan@contoso.example",
        "megan@contoso.example",
        "microsoft-365-fundamentals",
    )
    accepted = api_as(agent).post(f"{REQUESTS}{body['id']}/accept/")
    assert accepted.status_code == 200
    assert (accepted.json()["request"]["state"], accepted.json()["request"]["agent"]) == (
        "accepted",
        "agent@certlink.example",
    )
    assert (accepted.json()["credit"]["activity_id"], accepted.json()["credit"]["manual"]) == (
        "microsoft-365-fundamentals",
        True,
    )
    report = api_as(admin_of(company_a).account).get("/api/v1/partner/skills-report/").json()
    assert [(row["activity_id"], row["manual"]) for row in report["results"]] == [("microsoft-365-fundamentals", True)]


def test_pc13_a_rejection_needs_a_reason(api_as, megan, megan_at_a, certiport, agent) -> None:  # type: ignore[no-untyped-def]
    request_id = file_request(megan, megan_at_a, certiport).json()["id"]
    agent_client = api_as(agent)
    blank = agent_client.post(f"{REQUESTS}{request_id}/reject/", {"reason": " "}, format="json")
    assert (blank.status_code, blank.json()["code"]) == (400, "reason_required")
    rejected = agent_client.post(f"{REQUESTS}{request_id}/reject/", {"reason": "No such certificate."}, format="json")
    assert (rejected.json()["state"], rejected.json()["decision"]) == ("rejected", "No such certificate.")
    assert megan.get(REQUESTS).json()["results"][0]["decision"] == "No such certificate."
    closed = agent_client.post(f"{REQUESTS}{request_id}/accept/")
    assert (closed.status_code, closed.json()["code"]) == (400, "credit_request_closed")


def test_pc13_only_agents_decide(api_as, megan, megan_at_a, certiport, company_a) -> None:  # type: ignore[no-untyped-def]
    request_id = file_request(megan, megan_at_a, certiport).json()["id"]
    for client in (megan, api_as(admin_of(company_a).account)):
        response = client.post(f"{REQUESTS}{request_id}/accept/")
        assert (response.status_code, response.json()["code"]) == (403, "agents_only")


def test_pc13_an_organisation_sees_its_own_requests_and_agents_see_all(
    api_as, megan, megan_at_a, certiport, company_b, agent
) -> None:  # type: ignore[no-untyped-def]
    request_id = file_request(megan, megan_at_a, certiport).json()["id"]
    assert megan.get(REQUESTS).json()["count"] == 1
    assert api_as(agent).get(REQUESTS).json()["count"] == 1
    outsider = api_as(admin_of(company_b).account)
    assert outsider.get(REQUESTS).json()["count"] == 0
    assert outsider.post(f"{REQUESTS}{request_id}/accept/").status_code == 404


def test_pc13_a_certification_that_reaches_partner_center_by_itself_needs_no_request(
    megan, megan_at_a, certiport, megan_admin_cert
) -> None:  # type: ignore[no-untyped-def]
    response = file_request(megan, megan_at_a, megan_admin_cert)
    assert (response.status_code, response.json()["code"]) == (400, "reaches_partner_center")


def test_pc13_the_request_is_checked(api_as, megan, megan_at_a, certiport, company_a, megan_at_b, learner) -> None:  # type: ignore[no-untyped-def]
    assert file_request(megan, megan_at_a, certiport, evidence="").json()["code"] == "evidence_required"
    colleague = employee_of(company_a, "kenji", "Kenji Sato")
    assert file_request(api_as(colleague.account), megan_at_a, certiport).json()["code"] == "not_partner_admin"
    assert file_request(megan, megan_at_b, certiport).status_code == 404
    unknown_held = megan.post(REQUESTS, {"person": megan_at_a.pk, "held": 999999, "evidence": "x"}, format="json")
    assert unknown_held.status_code == 404
    assert api_as(learner).get(REQUESTS).json()["code"] == "not_partner_center_user"
