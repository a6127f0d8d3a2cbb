"""Timelines (SIM-1, SIM-3): a learner's and an organisation's events in simulated time, past and scheduled, on a
page with "Advance to next event", and through the API."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from certlink import clock
from certlink.clock import clock_advance
from partners.models import PartnerOrganization
from partners.services.links import mcid_link
from partners.services.organizations import organization_create, partner_user_create
from profiles.models import Account
from sim.scenarios import scenario_load
from sim.timeline import Event, arrange, learner_timeline, organization_timeline
from tests.conftest import START
from tests.factories import AccountFactory, CertificationHeldFactory, CertificationProfileFactory
from tests.helpers import page_text

EARNED = START - timedelta(days=100)
EXPIRES = START + timedelta(days=265)  # the window opens 85 days from now (RN-2)


@pytest.fixture
def alex(db: None) -> Account:
    """A learner holding an associate certification earned 100 days ago."""
    msa = AccountFactory(email="alex@outlook.example", display_name="Alex Aligned")
    profile = CertificationProfileFactory(msa=msa, legal_name="Alex Aligned", mcid=31_000_001)
    CertificationHeldFactory(profile=profile, earned_at=EARNED, expires_at=EXPIRES, certification__name="Azure Thing")
    return msa


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
    CertificationHeldFactory(profile=profile, earned_at=EARNED, expires_at=EXPIRES, certification__name="Azure Thing")
    mcid_link(user=megan, msa=msa, now=START)
    return organization


def kinds(events: list[Event]) -> list[str]:
    return [e.kind for e in events]


def test_sim1_a_learner_shows_earned_in_the_past_and_the_notice_and_reminders_scheduled(alex) -> None:  # type: ignore[no-untyped-def]
    """RN-8's schedule as the timeline of an earned certification: a notice, four reminders, the expiry."""
    timeline = learner_timeline(account=alex, now=START)
    assert kinds(timeline.past) == ["earned"] and timeline.past[0].at == EARNED
    assert kinds(timeline.scheduled) == ["reminded"] * 5 + ["expires"]
    notice = timeline.scheduled[0]
    assert notice.at == EXPIRES - timedelta(days=180) == timeline.next_at
    assert notice.sentence.startswith("Renewal notice for Azure Thing goes to alex@outlook.example")
    assert [e.at for e in timeline.scheduled[1:5]] == [EXPIRES - timedelta(days=d) for d in (90, 60, 30, 7)]


def test_sim1_once_the_clock_passes_the_notice_it_is_in_the_past_with_its_email(alex) -> None:  # type: ignore[no-untyped-def]
    clock_advance(to=EXPIRES - timedelta(days=100))
    timeline = learner_timeline(account=alex, now=clock.now())
    assert kinds(timeline.past) == ["earned", "reminded"]
    assert timeline.past[1].at == EXPIRES - timedelta(days=180)
    assert timeline.past[1].sentence.startswith("Renewal notice for Azure Thing sent to alex@outlook.example")
    assert kinds(timeline.scheduled) == ["reminded"] * 4 + ["expires"]


def test_sim1_an_organisation_shows_linked_then_the_credit_scheduled_then_arrived(contoso_org) -> None:  # type: ignore[no-untyped-def]
    """PC-7 and PC-9 on the organisation's timeline."""
    before = organization_timeline(organization=contoso_org, now=START)
    assert kinds(before.past) == ["linked"] and kinds(before.scheduled) == ["credited"]
    assert before.scheduled[0].at == START + timedelta(days=10)
    assert "Azure Thing of MCID 31000002 reaches Contoso's skills report" in before.scheduled[0].sentence
    clock_advance(to=START + timedelta(days=10))
    after = organization_timeline(organization=contoso_org, now=clock.now())
    assert kinds(after.past) == ["linked", "credited"] and after.scheduled == []
    assert after.past[1].at == START + timedelta(days=10)


def test_sim1_a_leavers_timeline_shows_the_refresh_that_removes_the_credit(db: None) -> None:
    """PC-10 scheduled, then past: the credit leaves at the refresh of the following month."""
    result = scenario_load(key="leaver-in-january", now=clock.now())
    organization = PartnerOrganization.objects.get(pk=result.facts["organization"])
    refresh = datetime(2026, 2, 10, tzinfo=UTC)
    timeline = organization_timeline(organization=organization, now=clock.now())
    assert kinds(timeline.past) == ["linked", "credited", "unlinked"]
    assert [(e.kind, e.at) for e in timeline.scheduled] == [("removed", refresh)]
    clock_advance(to=refresh)
    assert kinds(organization_timeline(organization=organization, now=refresh).past)[-1] == "removed"


def test_sim1_a_movers_timeline_follows_her_mcid_across_both_organisations(db: None) -> None:
    """PC-5 seen from the person: linked at A, the credit at A, linked at B and moved, B's credit pending, A's
    leaving at the refresh; and her MSA's welcome email (SIM-2), written when the scenario made her account."""
    result = scenario_load(key="employee-moving-company", now=clock.now())
    megan = Account.objects.get(email=f"megan.{result.suffix}@outlook.example")
    timeline = learner_timeline(account=megan, now=clock.now())
    assert kinds(timeline.past) == ["earned", "linked", "credited", "linked", "moved", "email"]
    assert kinds(timeline.scheduled)[:2] == ["credited", "removed"]


def test_sim1_arrange_sorts_each_side_in_time_and_keeps_the_latest_past_and_the_soonest_scheduled() -> None:
    at = START
    events = [
        Event(at + timedelta(days=2), "reminded", "later", scheduled=True),
        Event(at - timedelta(days=1), "email", "old"),
        Event(at, "unlinked", "gone"),
        Event(at, "credited", "came first"),
        Event(at + timedelta(days=1), "credited", "sooner", scheduled=True),
    ]
    timeline = arrange(events, subject="x", now=at, limit=2)
    assert [e.sentence for e in timeline.past] == ["came first", "gone"]
    assert [e.sentence for e in timeline.scheduled] == ["sooner", "later"]
    assert timeline.next_at == at + timedelta(days=1)


def test_sim1_the_timeline_page_advances_to_the_next_event_and_comes_back(page_as, operator, alex) -> None:  # type: ignore[no-untyped-def]
    client = page_as(operator)
    url = f"/sim/timeline/learner/{alex.pk}/"
    page = page_text(client.get(url))
    assert 'data-kind="earned" data-when="past"' in page and 'data-kind="reminded" data-when="scheduled"' in page
    assert "Advance to next event" in page
    response = client.post(url, {"action": "next"})
    assert response.status_code == 302 and response["Location"] == url
    assert clock.now() == EXPIRES - timedelta(days=180)
    assert 'data-kind="reminded" data-when="past"' in page_text(client.get(url))


def test_sim1_the_timeline_page_advances_to_its_own_next_event(page_as, operator, alex, contoso_org) -> None:  # type: ignore[no-untyped-def]
    """The world's next event is Megan's credit (day 10); Alex's timeline goes straight to Alex's notice."""
    client = page_as(operator)
    client.post(f"/sim/timeline/learner/{alex.pk}/", {"action": "subject"})
    assert clock.now() == EXPIRES - timedelta(days=180)


def test_sim1_the_timeline_page_says_when_nothing_is_scheduled(page_as, operator) -> None:  # type: ignore[no-untyped-def]
    url = f"/sim/timeline/learner/{operator.pk}/"
    response = page_as(operator).post(url, {"action": "next"}, follow=True)
    assert "Nothing is scheduled after" in page_text(response) and clock.now() == START


def test_sim1_only_operators_read_timelines(page_as, api_as, learner, alex, contoso_org) -> None:  # type: ignore[no-untyped-def]
    assert page_as(learner).get(f"/sim/timeline/learner/{learner.pk}/").status_code == 403
    assert page_as(learner).get(f"/sim/timeline/organization/{contoso_org.pk}/").status_code == 403
    assert api_as(learner).get(f"/api/v1/sim/timeline/learner/{alex.pk}/").status_code == 403


def test_sim1_the_api_gives_both_timelines_and_404_for_nobody(api_as, operator, alex, contoso_org) -> None:  # type: ignore[no-untyped-def]
    api = api_as(operator)
    learner = api.get(f"/api/v1/sim/timeline/learner/{alex.pk}/").json()
    assert learner["subject"].startswith("Alex Aligned (alex@outlook.example")
    assert learner["past"][0]["kind"] == "earned" and learner["scheduled"][0]["scheduled"] is True
    assert learner["next_at"] == (EXPIRES - timedelta(days=180)).isoformat().replace("+00:00", "Z")
    organization = api.get(f"/api/v1/sim/timeline/organization/{contoso_org.pk}/").json()
    assert [e["kind"] for e in organization["past"]] == ["linked"]
    missing = api.get("/api/v1/sim/timeline/organization/999999/")
    assert missing.status_code == 404 and missing.json()["code"] == "not_found"
    assert api.get("/api/v1/sim/timeline/learner/999999/").status_code == 404


def test_sim1_an_organisations_timeline_takes_the_same_queries_however_many_people(contoso_org) -> None:  # type: ignore[no-untyped-def]
    """A population's organisation stays one page: a fixed number of queries, at most LIMIT events a side."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            organization_timeline(organization=contoso_org, now=clock.now())
        return len(captured)

    one = queries()
    admin = contoso_org.users.get(is_global_admin=True)
    for n in range(3):
        person, _ = partner_user_create(by=admin, email=f"p{n}@contoso.example", display_name=f"P {n}", now=START)
        profile = CertificationProfileFactory(legal_name=f"P {n}")
        CertificationHeldFactory(profile=profile, earned_at=EARNED, expires_at=EXPIRES)
        mcid_link(user=person, msa=profile.msa, now=START)
    assert queries() == one
    assert len(organization_timeline(organization=contoso_org, now=clock.now(), limit=2).scheduled) == 2
