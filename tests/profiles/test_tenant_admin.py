"""A tenant admin manages the tenant's work accounts, in pages and the API (ID-1, ID-4)."""

from __future__ import annotations

from profiles.models import Account
from tests.helpers import page_text


def test_id4_a_tenant_admin_deletes_a_work_account_from_the_page(page_as, contoso_admin, employee) -> None:
    client = page_as(contoso_admin)
    assert "megan@contoso.example" in page_text(client.get("/account/organization/"))
    confirm = client.get(f"/account/organization/{employee.pk}/delete/")
    assert "Delete megan@contoso.example?" in page_text(confirm)
    response = client.post(f"/account/organization/{employee.pk}/delete/", follow=True)
    assert "megan@contoso.example was deleted. It can no longer sign in." in page_text(response)
    employee.refresh_from_db()
    assert employee.deleted_at is not None


def test_id4_a_tenant_admin_deletes_a_work_account_through_the_api(api_as, contoso_admin, employee) -> None:
    response = api_as(contoso_admin).delete(f"/api/v1/tenant/accounts/{employee.pk}/")
    assert response.status_code == 200 and response.json()["deleted_at"] == "2026-01-05T09:00:00Z"


def test_id4_another_tenants_account_is_not_found_for_an_admin(page_as, api_as, fabrikam_admin, employee) -> None:
    assert page_as(fabrikam_admin).post(f"/account/organization/{employee.pk}/delete/").status_code == 404
    response = api_as(fabrikam_admin).delete(f"/api/v1/tenant/accounts/{employee.pk}/")
    assert response.status_code == 404 and response.json()["code"] == "not_found"
    employee.refresh_from_db()
    assert employee.deleted_at is None


def test_id4_an_employee_is_refused_the_organisation_page_with_a_sentence(
    page_as, api_as, employee, contoso_admin
) -> None:
    page = page_as(employee).get("/account/organization/")
    assert page.status_code == 403 and 'data-code="not_tenant_admin"' in page_text(page)
    api = api_as(employee).delete(f"/api/v1/tenant/accounts/{contoso_admin.pk}/")
    assert api.status_code == 403 and api.json()["code"] == "not_tenant_admin"
    assert api.json()["message"] in page_text(page)


def test_id1_a_tenant_admin_creates_a_work_account_and_sees_its_one_time_password(
    page_as, contoso_admin, client
) -> None:
    response = page_as(contoso_admin).post(
        "/account/organization/", {"email": "new@contoso.example", "display_name": "New Hire"}
    )
    assert response.status_code == 200
    password = response.context["created"]["password"]
    assert password in page_text(response)
    signed_in = client.post(
        "/signin/", {"step": "password", "email": "new@contoso.example", "kind": "work", "password": password}
    )
    assert signed_in.status_code == 302


def test_id1_the_page_refuses_an_address_off_the_verified_domains_and_keeps_the_input(page_as, contoso_admin) -> None:
    response = page_as(contoso_admin).post(
        "/account/organization/", {"email": "new@gmail.example", "display_name": "Kept Name"}
    )
    assert response.status_code == 400
    text = page_text(response)
    assert 'data-code="domain_not_verified"' in text and 'value="Kept Name"' in text
    assert not Account.objects.filter(email="new@gmail.example").exists()


def test_id1_the_api_creates_a_work_account_and_refuses_a_duplicate(api_as, contoso_admin, employee) -> None:
    api = api_as(contoso_admin)
    created = api.post("/api/v1/tenant/accounts/", {"email": "sam@contoso.example"}, format="json")
    assert created.status_code == 201 and created.json()["account"]["kind"] == "work"
    again = api.post("/api/v1/tenant/accounts/", {"email": "MEGAN@contoso.example"}, format="json")
    assert again.status_code == 400 and again.json()["code"] == "work_account_exists"


def test_the_tenant_admin_lists_live_and_deleted_accounts(api_as, contoso_admin, employee) -> None:
    api = api_as(contoso_admin)
    api.delete(f"/api/v1/tenant/accounts/{employee.pk}/")
    listed = {a["email"]: a["deleted_at"] is not None for a in api.get("/api/v1/tenant/accounts/").json()}
    assert listed == {"admin@contoso.example": False, "megan@contoso.example": True}
