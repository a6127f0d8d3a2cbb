"""API of organisations (operators) and of Partner Center users (PC-1): only global and account admins manage
users; roles are set exactly; a deleted user's links end and their credits leave at the next refresh (ID-4,
PC-10)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from partners.models import LinkEvent, McidLink, PartnerUser, UniversityCompletion
from partners.services.links import mcid_link, university_sign_up
from partners.services.organizations import partner_user_delete
from tests.partners.cast import employee_of
from tests.partners.conftest import DAY0, admin_of, chose_own_password

ORGANIZATIONS = "/api/v1/partner/organizations/"
COMPLETIONS = "/api/v1/partner/university-completions/"
USERS = "/api/v1/partner/users/"

NEW_ORGANIZATION = {
    "name": "Northwind",
    "partner_id": "3000003",
    "domains": ["northwind.example"],
    "admin_email": "admin@northwind.example",
    "admin_name": "Nora Admin",
    "track": "smb",
}


# --- Operators -----------------------------------------------------------------------------------------------------


def test_pc1_an_operator_creates_an_organisation_whose_global_admin_signs_in_with_the_one_time_password(
    api_as, operator, client
) -> None:  # type: ignore[no-untyped-def]
    response = api_as(operator).post(ORGANIZATIONS, NEW_ORGANIZATION, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert {k: body["organization"][k] for k in ("name", "partner_id", "track", "domains")} == {
        "name": "Northwind",
        "partner_id": "3000003",
        "track": "smb",
        "domains": ["northwind.example"],
    }
    assert (body["admin"]["email"], body["admin"]["roles"]) == (
        "admin@northwind.example",
        ["global admin", "partner admin"],
    )
    token = client.post(
        "/api/v1/auth/token/",
        {"email": "admin@northwind.example", "password": body["one_time_password"], "kind": "work"},
        content_type="application/json",
    )
    assert token.status_code == 200


def test_pc1_only_operators_create_organisations(api_as, company_a) -> None:  # type: ignore[no-untyped-def]
    response = api_as(admin_of(company_a).account).post(ORGANIZATIONS, NEW_ORGANIZATION, format="json")
    assert (response.status_code, response.json()["code"]) == (403, "forbidden")
    assert response.json()["message"] == "Only operators of the simulator can do this."


def test_pc1_a_domain_another_tenant_verified_is_refused(api_as, operator, company_a) -> None:  # type: ignore[no-untyped-def]
    response = api_as(operator).post(ORGANIZATIONS, {**NEW_ORGANIZATION, "domains": ["contoso.example"]}, format="json")
    assert (response.status_code, response.json()["code"]) == (400, "domain_taken")
    empty = api_as(operator).post(ORGANIZATIONS, {**NEW_ORGANIZATION, "domains": []}, format="json")
    assert (empty.status_code, empty.json()["code"]) == (400, "invalid")


def test_pc9_an_operator_records_a_partner_university_completion(api_as, operator, db) -> None:  # type: ignore[no-untyped-def]
    university_sign_up(email="megan.pu@outlook.example", password="Pu-pass-123", display_name="", now=DAY0)
    body = {
        "email": "megan.pu@outlook.example",
        "assessment": "pu-teams-meetings-rooms-technical-assessment",
        "title": "Teams Meetings and Rooms technical assessment",
        "completed_at": "2026-01-10T12:00:00Z",
    }
    response = api_as(operator).post(COMPLETIONS, body, format="json")
    assert response.status_code == 201
    assert response.json()["assessment"] == "pu-teams-meetings-rooms-technical-assessment"
    assert UniversityCompletion.objects.get().account.email == "megan.pu@outlook.example"
    unknown = api_as(operator).post(COMPLETIONS, {**body, "email": "nobody@outlook.example"}, format="json")
    assert (unknown.status_code, unknown.json()["code"]) == (404, "unknown_university_account")


def test_pc9_only_operators_record_completions(api_as, learner) -> None:  # type: ignore[no-untyped-def]
    assert api_as(learner).post(COMPLETIONS, {}, format="json").status_code == 403


# --- PC-1: users ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("admin_role", ["is_global_admin", "is_account_admin"])
def test_pc1_global_and_account_admins_list_and_create_users(api_as, company_a, megan_at_a, admin_role) -> None:  # type: ignore[no-untyped-def]
    admin = employee_of(company_a, "useradmin", "User Admin", **{admin_role: True})
    client = api_as(admin.account)
    listed = client.get(USERS)
    assert listed.status_code == 200
    assert {row["email"] for row in listed.json()} == {
        "admin@contoso.example",
        "megan@contoso.example",
        "useradmin@contoso.example",
    }
    created = client.post(
        USERS, {"email": "nestor@contoso.example", "display_name": "Nestor", "roles": ["report viewer"]}, format="json"
    )
    assert created.status_code == 201
    assert created.json()["user"]["roles"] == ["report viewer"] and created.json()["one_time_password"]


@pytest.mark.parametrize("role", [{}, {"is_partner_admin": True}, {"is_report_viewer": True}])
def test_pc1_other_users_cannot_manage_users(api_as, company_a, megan_at_a, role) -> None:  # type: ignore[no-untyped-def]
    client = api_as(employee_of(company_a, "someone", "Someone", **role).account)
    for response in (
        client.get(USERS),
        client.post(USERS, {"email": "x@contoso.example"}, format="json"),
        client.patch(f"{USERS}{megan_at_a.pk}/", {"roles": ["global admin"]}, format="json"),
        client.delete(f"{USERS}{megan_at_a.pk}/"),
    ):
        assert (response.status_code, response.json()["code"]) == (403, "not_user_admin")
    assert megan_at_a.roles == ["default user"]


def test_pc1_a_new_default_user_links_their_mcid_without_any_role(api_as, company_a, megan_msa, megan_profile) -> None:  # type: ignore[no-untyped-def]
    created = api_as(admin_of(company_a).account).post(
        USERS, {"email": "megan@contoso.example", "display_name": "Megan Bowen"}, format="json"
    )
    assert created.json()["user"]["roles"] == ["default user"]
    megan = PartnerUser.objects.get(account__email="megan@contoso.example")
    chose_own_password(company_a)
    response = api_as(megan.account).post(
        "/api/v1/partner/learn-profile/associate/",
        {"email": megan_msa.email, "password": "Correct-horse-9"},
        format="json",
    )
    assert response.status_code == 201


def test_pc1_roles_are_set_exactly(api_as, company_a, megan_at_a) -> None:  # type: ignore[no-untyped-def]
    client = api_as(admin_of(company_a).account)
    url = f"{USERS}{megan_at_a.pk}/"
    assert client.patch(url, {"roles": ["partner admin", "report viewer"]}, format="json").json()["roles"] == [
        "partner admin",
        "report viewer",
    ]
    assert client.patch(url, {"roles": []}, format="json").json()["roles"] == ["default user"]
    unknown = client.patch(url, {"roles": ["owner"]}, format="json")
    assert (unknown.status_code, unknown.json()["code"]) == (400, "invalid")


def test_pc1_a_global_admin_cannot_drop_their_own_global_admin_role(api_as, company_a) -> None:  # type: ignore[no-untyped-def]
    admin = admin_of(company_a)
    response = api_as(admin.account).patch(f"{USERS}{admin.pk}/", {"roles": ["partner admin"]}, format="json")
    assert (response.status_code, response.json()["code"]) == (400, "cannot_demote_self")


def test_pc1_users_of_another_organisation_are_not_found(api_as, company_a, megan_at_b) -> None:  # type: ignore[no-untyped-def]
    client = api_as(admin_of(company_a).account)
    assert client.patch(f"{USERS}{megan_at_b.pk}/", {"roles": []}, format="json").status_code == 404
    assert client.delete(f"{USERS}{megan_at_b.pk}/").status_code == 404
    assert megan_at_b.organization.users.count() == 2


def test_id4_pc10_deleting_a_user_ends_their_link_recorded_with_the_admin_as_actor(
    api_as, company_a, megan_at_a, megan_msa, megan_profile
) -> None:  # type: ignore[no-untyped-def]
    mcid_link(user=megan_at_a, msa=megan_msa, now=DAY0)
    response = api_as(admin_of(company_a).account).delete(f"{USERS}{megan_at_a.pk}/")
    assert response.status_code == 200 and response.json()["deleted_at"] == "2026-01-12T09:00:00Z"
    assert McidLink.objects.get().ended_reason == "left"
    event = LinkEvent.objects.get(code="left")
    assert (event.actor.email, event.partner_user) == ("admin@contoso.example", megan_at_a)
    again = api_as(admin_of(company_a).account).delete(f"{USERS}{megan_at_a.pk}/")
    assert (again.status_code, again.json()["code"]) == (404, "partner_user_not_found")


def test_id4_an_admin_cannot_delete_themselves(api_as, company_a) -> None:  # type: ignore[no-untyped-def]
    admin = admin_of(company_a)
    response = api_as(admin.account).delete(f"{USERS}{admin.pk}/")
    assert (response.status_code, response.json()["code"]) == (400, "cannot_delete_self")


def test_pc1_the_list_shows_deleted_users_last_with_their_deletion_time(api_as, company_a, megan_at_a) -> None:  # type: ignore[no-untyped-def]
    partner_user_delete(by=admin_of(company_a), user=megan_at_a, now=DAY0 + timedelta(hours=1))
    rows = api_as(admin_of(company_a).account).get(USERS).json()
    assert [(r["email"], r["deleted_at"]) for r in rows] == [
        ("admin@contoso.example", None),
        ("megan@contoso.example", "2026-01-12T10:00:00Z"),
    ]
