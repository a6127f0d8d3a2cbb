"""PR-2: a person is told what happened to them (credits arrived or leaving, reminders, support answers, associations
refused or allowed again) in a notification list, read or unread: the page with its bell, and the API. Notifications
are the person's timeline events of those kinds (sim.timeline), never another person's."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from certlink import clock
from certlink.clock import clock_advance
from certlink.errors import Refusal
from partners.models import PartnerOrganization, PartnerUser
from partners.services.links import mcid_link, mcid_unlink
from partners.services.organizations import organization_create, partner_user_create
from partners.services.support import credit_request_accept, credit_request_open, credit_request_reject
from profiles.models import Account, CertificationProfile, Provider
from profiles.services import account_set_password, support_reject, support_request_open
from sim.models import NotificationRead, NotificationsRead
from sim.notifications import Inbox, inbox_for, notifications_read
from sim.timeline import learner_timeline
from tests.conftest import START
from tests.factories import PASSWORD, AccountFactory, CertificationHeldFactory, CertificationProfileFactory
from tests.helpers import page_text
from tests.partners.cast import holds

EARNED = START - timedelta(days=100)
EXPIRES = START + timedelta(days=265)  # the renewal window opens 85 days from now (RN-2)
NOTICE = EXPIRES - timedelta(days=180)
TEN_DAYS = timedelta(days=10)


def organization(name: str, partner_id: str, domain: str) -> PartnerOrganization:
    made, _admin, _ = organization_create(
        name=name,
        partner_id=partner_id,
        domains=[domain],
        admin_email=f"admin@{domain}",
        admin_name=f"{name} Admin",
        now=START - timedelta(days=60),
    )
    return made


def employee(org: PartnerOrganization, email: str) -> PartnerUser:
    admin = org.users.get(is_global_admin=True)
    user, _ = partner_user_create(by=admin, email=email, display_name="Megan Bowen", now=START - timedelta(days=60))
    account_set_password(account=user.account, password=PASSWORD)  # chosen instead of the one-time password (ID-1)
    return user


@pytest.fixture
def megan_msa(db: None) -> Account:
    """Megan's personal account, whose certification profile holds a certification earned 100 days ago."""
    msa = AccountFactory(email="megan.bowen@outlook.example", display_name="Megan Bowen")
    profile = CertificationProfileFactory(msa=msa, legal_name="Megan Bowen", contact_email=msa.email, mcid=31_000_002)
    CertificationHeldFactory(profile=profile, earned_at=EARNED, expires_at=EXPIRES, certification__name="Azure Thing")
    return msa


@pytest.fixture
def megan(megan_msa: Account) -> PartnerUser:
    """Megan at Contoso, who links her MCID today: its certification reaches the skills report in ten days (PC-9)."""
    user = employee(organization("Contoso", "1000001", "contoso.example"), "megan@contoso.example")
    mcid_link(user=user, msa=megan_msa, now=START)
    return user


def kinds(inbox: Inbox) -> list[tuple[str, bool]]:
    return [(item.kind, item.unread) for item in inbox.items]


def bell(client: Client) -> dict[str, object]:
    response = client.get("/notifications/count/")
    assert response.status_code == 200
    return response.json()


# --- what happened: credits, reminders, support answers, associations -------------------------------------------


def test_pr2_a_credit_arriving_is_an_unread_notification_counted_on_the_bell(page_as, megan, megan_msa) -> None:  # type: ignore[no-untyped-def]
    """Pending is not yet news; the credit's arrival is, for her work account and for her MSA alike (one person)."""
    client = page_as(megan.account)
    assert inbox_for(account=megan.account, now=START).items == []
    assert bell(client) == {"unread": 0, "label": "Notifications, 0 unread"}

    clock_advance(to=START + TEN_DAYS)
    inbox = inbox_for(account=megan.account, now=clock.now())
    assert kinds(inbox) == [("credited", True)]
    assert inbox.items[0].at == START + TEN_DAYS and inbox.items[0].title == "A credit arrived"
    assert "Azure Thing of Megan Bowen reached Contoso's skills report (PC-9)." == inbox.items[0].sentence
    assert bell(client) == {"unread": 1, "label": "Notifications, 1 unread"}
    assert kinds(inbox_for(account=megan_msa, now=clock.now())) == [("credited", True)]
    swapped = page_text(client.get("/notifications/count/", headers={"HX-Request": "true"}))
    assert swapped.startswith('<a class="bell" href="/notifications/"') and "<html" not in swapped
    assert '"visually-hidden bell-label">Notifications, 1 unread<' in swapped and 'aria-hidden="true">1<' in swapped
    page = page_text(client.get("/notifications/"))
    assert "Notifications, 1 unread" in page and 'data-kind="credited" data-unread="true"' in page


def test_pr2_a_credit_leaving_is_told_when_its_link_ends_and_again_when_it_has_left(megan) -> None:  # type: ignore[no-untyped-def]
    """PC-10: Remove access on 20 January: leaving at once (at the end of the link), left at the refresh on 10
    February."""
    clock_advance(to=START + TEN_DAYS)
    ended = START + timedelta(days=15)
    clock_advance(to=ended)
    mcid_unlink(user=megan, now=ended)
    inbox = inbox_for(account=megan.account, now=ended)
    assert [(i.kind, i.at) for i in inbox.items] == [("leaving", ended), ("credited", START + TEN_DAYS)]
    assert "leaves Contoso's skills report at the data refresh (PC-10)" in inbox.items[0].sentence

    refresh = learner_timeline(account=megan.account, now=ended).scheduled[0].at
    clock_advance(to=refresh)
    assert [i.kind for i in inbox_for(account=megan.account, now=refresh).items] == ["removed", "credited"]


def test_pr2_a_renewal_notice_sent_is_a_notification(megan_msa) -> None:  # type: ignore[no-untyped-def]
    """RN-8: scheduled reminders are not news; the notice the clock passes is."""
    assert inbox_for(account=megan_msa, now=START).items == []
    clock_advance(to=NOTICE + timedelta(days=1))
    inbox = inbox_for(account=megan_msa, now=clock.now())
    assert kinds(inbox) == [("reminded", True)] and inbox.items[0].at == NOTICE
    assert inbox.items[0].sentence.startswith("Renewal notice for Azure Thing sent to megan.bowen@outlook.example")
    assert inbox.items[0].url == "/learn/credentials/"


def test_pr2_a_support_request_answered_is_a_notification_and_on_the_timeline(megan_msa, agent) -> None:  # type: ignore[no-untyped-def]
    profile = CertificationProfile.objects.get(msa=megan_msa)
    request = support_request_open(
        requester=megan_msa,
        kind="change_msa",
        claimed_mcid=profile.mcid,
        legal_name="Megan Bowen",
        contact_email=megan_msa.email,
        now=START,
    )
    assert inbox_for(account=megan_msa, now=START).items == []
    support_reject(request=request, agent=agent, reason="The legal name doesn't match.", now=START)
    inbox = inbox_for(account=megan_msa, now=START)
    assert kinds(inbox) == [("answered", True)] and inbox.items[0].key == f"answered:support:{request.pk}"
    assert inbox.items[0].sentence.endswith("rejected. The legal name doesn't match.")
    assert inbox.items[0].url == "/certification/support/"
    assert "answered" in [e.kind for e in learner_timeline(account=megan_msa, now=START).past]


@pytest.mark.parametrize("decision", ["accepted", "rejected"])
def test_pr2_a_partner_credit_request_answered_is_a_notification(megan, agent, decision) -> None:  # type: ignore[no-untyped-def]
    """PC-13: a Certiport certification asked for by hand; accepted, the credit arrives with the answer."""
    held = holds(CertificationProfile.objects.get(mcid=31_000_002), "m365", provider=Provider.CERTIPORT)
    request = credit_request_open(by=megan, person=megan, held=held, evidence="Certificate W123", now=START)
    if decision == "accepted":
        credit_request_accept(request=request, agent=agent, now=START)
    else:
        credit_request_reject(request=request, agent=agent, reason="The certificate number is unknown.", now=START)
    inbox = inbox_for(account=megan.account, now=START)
    answered = next(i for i in inbox.items if i.kind == "answered")
    assert answered.key == f"answered:credit:{request.pk}" and answered.url == "/partner/support/"
    if decision == "accepted":
        assert "added" in answered.sentence and ("credited", True) in kinds(inbox)
    else:
        assert answered.sentence.endswith("The certificate number is unknown.")


def test_pr2_an_association_refused_then_allowed_again_after_the_cooloff(megan_msa) -> None:  # type: ignore[no-untyped-def]
    """PC-8: linked at Contoso ten days ago, refused at Fabrikam today; on the day the cool-off ends, allowed again
    (scheduled on the timeline until then)."""
    at_a = employee(organization("Contoso", "1000001", "contoso.example"), "megan@contoso.example")
    at_b = employee(organization("Fabrikam", "2000002", "fabrikam.example"), "megan@fabrikam.example")
    mcid_link(user=at_a, msa=megan_msa, now=START - TEN_DAYS)
    with pytest.raises(Refusal) as refused:
        mcid_link(user=at_b, msa=megan_msa, now=START)
    assert refused.value.code == "association_cooloff"
    allowed = START - TEN_DAYS + timedelta(days=30)

    inbox = inbox_for(account=at_b.account, now=START)
    assert ("refused", True) in kinds(inbox) and "allowed" not in [i.kind for i in inbox.items]
    assert (
        "megan@fabrikam.example at Fabrikam was refused: You've attempted"
        in next(i for i in inbox.items if i.kind == "refused").sentence
    )
    scheduled = [(e.kind, e.at) for e in learner_timeline(account=megan_msa, now=START).scheduled]
    assert ("allowed", allowed) in scheduled

    clock_advance(to=allowed)
    inbox = inbox_for(account=at_b.account, now=allowed)
    assert inbox.items[0].kind == "allowed" and inbox.items[0].at == allowed and inbox.items[0].unread
    assert inbox.items[0].title == "An association is allowed again"
    assert "MCID 31000002 may be associated with a partner organization again" in inbox.items[0].sentence
    mcid_link(user=at_b, msa=megan_msa, now=allowed)  # and so it is


# --- read or unread ----------------------------------------------------------------------------------------------


def test_pr2_mark_all_as_read_reads_everything_so_far_and_not_what_happens_next_at_the_same_instant(  # type: ignore[no-untyped-def]
    page_as, megan, agent
) -> None:
    """The simulated clock stands still between advances: an answer that comes after the click, at the same simulated
    instant, is still news."""
    clock_advance(to=START + TEN_DAYS)
    now = clock.now()
    client = page_as(megan.account)
    response = client.post("/notifications/", {"action": "read-all"})
    assert response.status_code == 302 and response["Location"] == "/notifications/"
    assert bell(client)["unread"] == 0
    assert 'data-unread="false"' in page_text(client.get("/notifications/"))
    assert NotificationsRead.objects.get(account=megan.account).before == now

    request = support_request_open(
        requester=megan.account,
        kind="merge",
        claimed_mcid=31_000_002,
        other_mcid=31_000_099,
        legal_name="Megan Bowen",
        contact_email="megan@contoso.example",
        now=now,
    )
    support_reject(request=request, agent=agent, reason="No such second profile.", now=now)
    assert kinds(inbox_for(account=megan.account, now=now)) == [("answered", True), ("credited", False)]
    assert bell(client)["label"] == "Notifications, 1 unread"


def test_pr2_a_later_mark_all_leaves_no_row_it_covers(megan) -> None:  # type: ignore[no-untyped-def]
    clock_advance(to=START + TEN_DAYS)
    key = inbox_for(account=megan.account, now=clock.now()).items[0].key
    notifications_read(account=megan.account, now=clock.now(), keys=[key])
    assert NotificationRead.objects.filter(account=megan.account).count() == 1
    clock_advance(to=START + timedelta(days=11))
    notifications_read(account=megan.account, now=clock.now())
    assert NotificationRead.objects.filter(account=megan.account).count() == 0
    assert not inbox_for(account=megan.account, now=clock.now()).items[0].unread


def test_pr2_opening_a_notification_reads_it_and_goes_where_it_is_about(page_as, megan) -> None:  # type: ignore[no-untyped-def]
    clock_advance(to=START + TEN_DAYS)
    client = page_as(megan.account)
    key = inbox_for(account=megan.account, now=clock.now()).items[0].key
    response = client.post("/notifications/", {"action": "open", "key": key})
    assert response.status_code == 302 and response["Location"] == "/partner/learn-profile/"
    assert inbox_for(account=megan.account, now=clock.now()).unread == 0


def test_pr2_marking_one_read_keeps_the_others_unread(page_as, megan) -> None:  # type: ignore[no-untyped-def]
    clock_advance(to=START + TEN_DAYS)
    mcid_unlink(user=megan, now=clock.now())
    client = page_as(megan.account)
    first, second = inbox_for(account=megan.account, now=clock.now()).items
    client.post("/notifications/", {"action": "read", "key": second.key})
    assert [i.unread for i in inbox_for(account=megan.account, now=clock.now()).items] == [True, False]
    assert bell(client)["unread"] == 1


# --- privacy -----------------------------------------------------------------------------------------------------


def test_pr2_another_persons_events_never_appear_and_their_keys_are_refused(page_as, api_as, megan, learner) -> None:  # type: ignore[no-untyped-def]
    clock_advance(to=START + TEN_DAYS)
    key = inbox_for(account=megan.account, now=clock.now()).items[0].key
    assert inbox_for(account=learner, now=clock.now()).items == []
    assert "Azure Thing" not in page_text(page_as(learner).get("/notifications/"))
    response = api_as(learner).post("/api/v1/notifications/read/", {"ids": [key]}, format="json")
    assert response.status_code == 404
    assert response.json()["code"] == "notification_not_found" and response.json()["details"] == {"ids": [key]}
    page = page_as(learner).post("/notifications/", {"action": "read", "key": key})
    assert page.status_code == 404 and not NotificationRead.objects.exists()
    assert inbox_for(account=megan.account, now=clock.now()).unread == 1


def test_pr2_notifications_need_a_sign_in(client, api_client_anonymous) -> None:  # type: ignore[no-untyped-def]
    assert client.get("/notifications/")["Location"].startswith("/signin/")
    assert client.get("/notifications/count/").status_code == 302
    response = api_client_anonymous.get("/api/v1/notifications/")
    assert response.status_code in (401, 403) and response.json()["code"] == "not_signed_in"


@pytest.fixture
def api_client_anonymous():  # type: ignore[no-untyped-def]
    from rest_framework.test import APIClient

    return APIClient()


# --- the bell's cost -----------------------------------------------------------------------------------------------


def queries(client: Client, url: str) -> tuple[int, list[str]]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), [q["sql"] for q in captured.captured_queries]


def test_pr2_an_ordinary_page_reads_nothing_for_the_bell_and_its_count_takes_as_many_queries_however_much_happened(  # type: ignore[no-untyped-def]
    page_as, megan, megan_msa, agent
) -> None:
    """The page itself carries the bell without its figure (no query); the figure's own request reads the person's
    events in a fixed number of queries, one of each kind's source, however many events there are."""
    client = page_as(megan_msa)
    page_before, sql = queries(client, "/account/")
    assert not [q for q in sql if "sim_notification" in q or "partners_partnercredit" in q]
    assert 'hx-get="/notifications/count/" hx-trigger="load"' in page_text(client.get("/account/"))
    count_before, _ = queries(client, "/notifications/count/")

    clock_advance(to=START + TEN_DAYS)  # a credit arrives
    for n in range(3):  # three support answers
        request = support_request_open(
            requester=megan_msa,
            kind="merge",
            claimed_mcid=31_000_002,
            other_mcid=31_000_100 + n,
            legal_name="Megan Bowen",
            contact_email=megan_msa.email,
            now=clock.now(),
        )
        support_reject(request=request, agent=agent, reason="No.", now=clock.now())
    notifications_read(account=megan_msa, now=clock.now(), keys=[f"answered:support:{request.pk}"])
    clock_advance(to=NOTICE)  # a reminder is sent

    assert queries(client, "/account/")[0] == page_before
    count_after, _ = queries(client, "/notifications/count/")
    assert bell(client)["unread"] == 4
    assert count_after == count_before <= 18  # the session, the account, the clock; then 14 reads of the events


# --- the API ---------------------------------------------------------------------------------------------------------


def test_pr2_the_api_lists_notifications_with_unread_flags_and_marks_them_read(api_as, megan) -> None:  # type: ignore[no-untyped-def]
    clock_advance(to=START + TEN_DAYS)
    mcid_unlink(user=megan, now=clock.now())
    api = api_as(megan.account)
    listed = api.get("/api/v1/notifications/").json()
    assert listed["unread"] == 2 and listed["count"] == 2 and listed["label"] == "Notifications, 2 unread"
    assert [(n["kind"], n["unread"]) for n in listed["results"]] == [("leaving", True), ("credited", True)]
    first = listed["results"][0]
    assert first["id"].startswith("leaving:") and first["title"] == "A credit is leaving"
    assert first["url"] == "/partner/learn-profile/" and first["at"].endswith("Z")

    one = api.post("/api/v1/notifications/read/", {"ids": [first["id"]]}, format="json").json()
    assert one["unread"] == 1 and [n["unread"] for n in one["results"]] == [False, True]
    every = api.post("/api/v1/notifications/read/", {"all": True}, format="json").json()
    assert every["unread"] == 0
    assert api.get("/api/v1/notifications/").json()["unread"] == 0


@pytest.mark.parametrize("body", [{}, {"all": True, "ids": ["credited:1"]}, {"ids": "credited:1"}, {"all": "yes"}])
def test_pr2_the_api_refuses_a_read_that_says_neither_or_both_in_its_error_shape(api_as, learner, body) -> None:  # type: ignore[no-untyped-def]
    response = api_as(learner).post("/api/v1/notifications/read/", body, format="json")
    assert response.status_code == 400
    assert response.json()["code"] == "invalid" and set(response.json()) == {"code", "message", "details"}
