"""Partner Center through its pages: the person links their own MCID (PC-2), sees it pending then credited (PC-9),
is refused in Partner Center's words (PC-8); admins see the skills report and designations (PC-11, PC-12), never a
control to link for someone else; support adds a Certiport credit by hand (PC-13)."""

from __future__ import annotations

import csv
import io
import re
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from django.test import Client

from certlink.clock import clock_advance
from partners.models import McidLink, PartnerCredit
from partners.services.links import mcid_link
from partners.services.organizations import partner_user_create
from partners.templatetags.points import points
from tests.factories import PASSWORD, CertificationFactory, CertificationHeldFactory
from tests.helpers import page_text
from tests.partners.conftest import DAY0, admin_of, chose_own_password


def signed_in(user, password: str = PASSWORD) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    user.account.set_password(password)
    user.account.save(update_fields=["password"])
    response = client.post(
        "/signin/", {"step": "password", "email": user.account.email, "kind": "work", "password": password}
    )
    assert response.status_code == 302
    return client


def associate(client: Client, email: str, password: str = PASSWORD):  # type: ignore[no-untyped-def]
    client.post("/partner/learn-profile/associate/", {"step": "email", "email": email})
    return client.post(
        "/partner/learn-profile/associate/",
        {"step": "password", "email": email, "kind": "msa", "password": password},
        follow=True,
    )


def test_pc2_pc9_the_person_associates_their_mcid_and_sees_the_credit_pending_then_arrived(
    megan_at_a,
    megan_msa,
    megan_admin_cert,  # type: ignore[no-untyped-def]
) -> None:
    megan = signed_in(megan_at_a)
    assert "Associate Microsoft Learning account" in page_text(megan.get("/partner/learn-profile/"))
    linked = page_text(associate(megan, megan_msa.email))
    assert f"MCID {megan_admin_cert.profile.mcid} is now associated with Contoso" in linked
    assert "Pending until 22 January 2026" in linked
    clock_advance(to=DAY0 + timedelta(days=10))
    arrived = page_text(megan.get("/partner/learn-profile/"))
    assert "Pending until" not in arrived and "Microsoft Certified: Azure Administrator Associate" in arrived


def test_pc2_associating_needs_the_msas_password(megan_at_a, megan_msa, megan_profile) -> None:  # type: ignore[no-untyped-def]
    refused = page_text(associate(signed_in(megan_at_a), megan_msa.email, password="wrong-one"))
    assert 'data-code="signin_failed"' in refused
    assert not McidLink.objects.exists()


def test_pc8_a_refused_association_says_partner_centers_sentence_with_the_date(
    megan_at_a,
    megan_at_b,
    megan_msa,
    megan_profile,  # type: ignore[no-untyped-def]
) -> None:
    mcid_link(user=megan_at_a, msa=megan_msa, now=DAY0)
    clock_advance(to=DAY0 + timedelta(days=3))
    text = page_text(associate(signed_in(megan_at_b), megan_msa.email))
    assert (
        "However, we require a period of 30 days between associations. Your next available date for a "
        "subsequent association is 11 February 2026."
    ) in text
    assert "The next association may start on <strong>11 February 2026</strong>" in page_text(
        signed_in(megan_at_b).get("/partner/learn-profile/")
    )


def test_pc6_remove_access_on_my_learn_profile(megan_at_a, megan_msa, megan_profile) -> None:  # type: ignore[no-untyped-def]
    mcid_link(user=megan_at_a, msa=megan_msa, now=DAY0)
    megan = signed_in(megan_at_a)
    removed = page_text(megan.post("/partner/learn-profile/remove/", {"what": "mcid", "confirm": "on"}, follow=True))
    assert "Access removed." in removed and 'data-linked="false"' in removed


def test_pc2_an_admin_never_sees_a_link_or_unlink_control_for_another_person(megan_at_a) -> None:  # type: ignore[no-untyped-def]
    admin = signed_in(admin_of(megan_at_a.organization))
    for page in ("/partner/users/", f"/partner/users/{megan_at_a.pk}/"):
        text = page_text(admin.get(page))
        assert "megan@contoso.example" in text
        assert "Associate Microsoft Learning account" not in text and "Remove access" not in text
        assert "/partner/learn-profile/associate/" not in text and "/partner/learn-profile/remove/" not in text


def test_pc11_the_skills_report_is_for_partner_and_global_admins_only(megan_at_a, company_a, day0) -> None:  # type: ignore[no-untyped-def]
    viewer, _ = partner_user_create(
        by=admin_of(company_a),
        email="rita@contoso.example",
        display_name="Rita",
        roles={"is_report_viewer": True},
        now=day0,
    )
    chose_own_password(company_a)
    assert signed_in(megan_at_a).get("/partner/skills/").status_code == 403
    assert signed_in(viewer).get("/partner/skills/?format=csv").status_code == 403
    empty = page_text(signed_in(admin_of(company_a)).get("/partner/skills/"))
    assert (
        "No users found with skills data. Check to see whether users have associated their Learning or Partner "
        "University accounts with their profiles."
    ) in empty


def test_pc11_the_csv_has_the_columns_of_the_report(megan_at_a, megan_msa, megan_admin_cert) -> None:  # type: ignore[no-untyped-def]
    mcid_link(user=megan_at_a, msa=megan_msa, now=DAY0)
    clock_advance(to=DAY0 + timedelta(days=10))
    response = signed_in(admin_of(megan_at_a.organization)).get("/partner/skills/?format=csv")
    assert response["Content-Type"] == "text/csv"
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0] == [
        "Activity id",
        "Title",
        "Type",
        "First name",
        "Last name",
        "Personal email",
        "Work email",
        "Completion date",
        "MCID",
        "PartnerID",
        "Partner name",
        "Expiry date",
        "Status",
    ]
    assert rows[1] == [
        "azure-administrator",
        "Microsoft Certified: Azure Administrator Associate",
        "Certification",
        "Megan",
        "Bowen",
        "megan.bowen@outlook.example",
        "megan@contoso.example",
        "2025-11-03",
        str(megan_admin_cert.profile.mcid),
        "1000001",
        "Contoso",
        "2026-11-03",
        "active",
    ]


def test_pc11_the_report_filters_by_person_and_status(megan_at_a, megan_msa, megan_admin_cert) -> None:  # type: ignore[no-untyped-def]
    mcid_link(user=megan_at_a, msa=megan_msa, now=DAY0)
    clock_advance(to=DAY0 + timedelta(days=10))
    admin = signed_in(admin_of(megan_at_a.organization))
    assert "megan@contoso.example" in page_text(admin.get("/partner/skills/?person=bowen&status=active"))
    assert "megan@contoso.example" not in page_text(admin.get("/partner/skills/?status=expired"))
    assert "megan@contoso.example" in page_text(admin.get("/partner/skills/?designation=infrastructure"))
    assert "megan@contoso.example" not in page_text(admin.get("/partner/skills/?designation=modern-work"))


def test_pc12_the_designations_page_scores_and_takes_entered_points(megan_at_a, megan_msa, megan_admin_cert) -> None:  # type: ignore[no-untyped-def]
    mcid_link(user=megan_at_a, msa=megan_msa, now=DAY0)
    clock_advance(to=DAY0 + timedelta(days=10))
    admin = signed_in(admin_of(megan_at_a.organization))
    page = page_text(admin.get("/partner/designations/"))
    assert 'data-area="infrastructure" data-status="in_progress"' in page and "Megan Bowen" in page
    admin.post("/partner/designations/", {"area": "infrastructure", "metric": "net-customer-adds", "points": "30"})
    saved = page_text(admin.get("/partner/designations/"))
    assert 'id="p-infrastructure-net-customer-adds" type="number" name="points" min="0" step="any" value="30"' in saved
    assert re.search(r"<td>Net customer adds <small>\(Performance\)</small></td><td>30 / \d+</td>", saved)
    assert "(Customer success)" in saved and "customer_success)" not in saved  # groups as people read them
    assert page.count("<tr><td>") >= 6  # six months of history


def test_pc12_points_are_written_as_people_write_them() -> None:
    """Scores are kept to two decimals as floats; the page shows 72, 72.5 and 12.25, never 72.0 or 72.50."""
    assert [points(value) for value in (72.0, 100.0, 72.5, 12.25, 0.0, 7, Decimal("3.10"))] == [
        "72",
        "100",
        "72.5",
        "12.25",
        "0",
        "7",
        "3.1",
    ]
    assert (points(None), points("n/a"), points(float("nan"))) == ("", "n/a", "nan")


def test_pc12_the_designations_page_shows_no_trailing_zeros(megan_at_a, megan_msa, megan_admin_cert) -> None:  # type: ignore[no-untyped-def]
    mcid_link(user=megan_at_a, msa=megan_msa, now=DAY0)
    clock_advance(to=DAY0 + timedelta(days=10))
    admin = signed_in(admin_of(megan_at_a.organization))
    admin.post("/partner/designations/", {"area": "infrastructure", "metric": "net-customer-adds", "points": "12.5"})
    page = page_text(admin.get("/partner/designations/"))
    assert re.search(r"<strong>[\d.]+</strong> of 100 points", page)
    assert not re.search(r"\b\d+\.0\b|\b\d+\.\d0\b", page.split("<main", 1)[1])
    assert re.search(r"<td>12\.5 / \d+</td>", page)


def test_pc14_why_not_counted_tells_a_person_not_linked(megan_at_a, megan_admin_cert) -> None:  # type: ignore[no-untyped-def]
    admin = signed_in(admin_of(megan_at_a.organization))
    text = page_text(admin.get("/partner/why/", {"person": megan_at_a.pk, "certification": "azure-administrator"}))
    assert 'data-reason="not_linked"' in text and "Only they can do it, on My Learn profile." in text


def test_pc14_a_user_asks_about_themselves_only(megan_at_a, company_a, day0, megan_admin_cert) -> None:  # type: ignore[no-untyped-def]
    other, _ = partner_user_create(by=admin_of(company_a), email="sam@contoso.example", display_name="Sam", now=day0)
    megan = signed_in(megan_at_a)
    about_other = page_text(megan.get("/partner/why/", {"person": other.pk, "certification": "azure-administrator"}))
    assert "data-reason" not in about_other and "sam@contoso.example" not in about_other
    about_self = page_text(
        megan.get("/partner/why/", {"person": megan_at_a.pk, "certification": "azure-administrator"})
    )
    assert 'data-reason="not_linked"' in about_self


def test_pc13_support_adds_a_certiport_credit_by_hand(megan_at_a, megan_msa, megan_profile, agent) -> None:  # type: ignore[no-untyped-def]
    certiport = CertificationHeldFactory(
        profile=megan_profile,
        provider="certiport",
        earned_at=datetime(2025, 6, 2, tzinfo=UTC),
        certification=CertificationFactory(slug="azure-network-engineer", name="Azure Network Engineer Associate"),
    )
    mcid_link(user=megan_at_a, msa=megan_msa, now=DAY0)
    clock_advance(to=DAY0 + timedelta(days=12))
    assert not PartnerCredit.objects.exists()  # CP-6: it never arrives by itself
    megan = signed_in(megan_at_a)
    megan.post("/partner/support/", {"held": certiport.pk, "evidence": "Certiport transcript, number A123-4567"})
    agent_client = Client()
    agent_client.force_login(agent, backend="profiles.backends.AccountBackend")
    request_id = megan_at_a.credit_requests.get().pk
    agent_client.post("/partner/support/queue/", {"request": request_id, "action": "accept"})
    credit = PartnerCredit.objects.get()
    assert credit.manual and credit.activity_id == "azure-network-engineer"
    report = page_text(signed_in(admin_of(megan_at_a.organization)).get("/partner/skills/"))
    assert "Azure Network Engineer Associate" in report and ">manual<" in report


def test_pc3_get_partner_university_access(megan_at_a) -> None:  # type: ignore[no-untyped-def]
    megan = signed_in(megan_at_a)
    linked = page_text(
        megan.post(
            "/partner/learn-profile/university/",
            {
                "email": "megan.pu@outlook.example",
                "password": "Pu-pass-123",
                "display_name": "Megan Bowen",
                "sign_up": "on",
            },
            follow=True,
        )
    )
    assert "Partner University access: megan.pu@outlook.example" in linked


def test_pc1_only_partner_center_users_open_partner_center(page_as, learner) -> None:  # type: ignore[no-untyped-def]
    response = page_as(learner).get("/partner/")
    assert response.status_code == 403 and "Partner Center is for users of a partner organisation" in page_text(
        response
    )
