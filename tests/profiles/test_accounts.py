"""Accounts and tenants in the database (ID-1, ID-2, ID-4)."""

import pytest
from django.db import IntegrityError, transaction

from certlink.errors import Refusal
from profiles import services
from profiles.models import Account, Domain, Tenant
from tests.conftest import START
from tests.factories import PASSWORD


def test_id1_a_work_account_belongs_to_a_tenant_in_the_database(contoso: Tenant) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        Account.objects.create(kind="work", email="x@contoso.example", created_at=START)


def test_id1_an_msa_belongs_to_no_tenant_in_the_database(contoso: Tenant) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        Account.objects.create(kind="msa", email="x@outlook.example", tenant=contoso, created_at=START)


def test_id1_a_work_account_off_the_tenants_verified_domains_is_refused(contoso_admin: Account) -> None:
    with pytest.raises(Refusal) as refused:
        services.work_account_create(by=contoso_admin, email="megan@gmail.example", display_name="", now=START)
    assert refused.value.code == "domain_not_verified"
    assert "contoso.example" in refused.value.message
    assert not Account.objects.filter(email="megan@gmail.example").exists()


def test_id1_a_domain_is_verified_by_one_tenant_only(contoso: Tenant, fabrikam: Tenant) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        Domain.objects.create(tenant=fabrikam, name="CONTOSO.example")


def test_id2_the_same_email_exists_once_as_msa_and_once_as_work_account(employee: Account) -> None:
    msa = services.msa_sign_up(email="Megan@Contoso.example", password=PASSWORD, display_name="", now=START)
    assert (msa.kind, msa.email, msa.tenant) == ("msa", "megan@contoso.example", None)
    assert Account.objects.filter(email="megan@contoso.example").count() == 2
    assert msa.pk != employee.pk


def test_id2_a_second_msa_with_the_same_email_is_refused(learner: Account) -> None:
    with pytest.raises(Refusal) as refused:
        services.msa_sign_up(email="LEE@outlook.example", password=PASSWORD, display_name="", now=START)
    assert refused.value.code == "msa_exists"
    assert Account.objects.filter(email="lee@outlook.example").count() == 1


def test_id2_the_database_holds_one_live_account_per_email_and_kind_whatever_the_case(learner: Account) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        Account.objects.create(kind="msa", email="LEE@outlook.example", created_at=START)


def test_id3_passwords_are_stored_hashed(learner: Account) -> None:
    learner.refresh_from_db()
    assert PASSWORD not in learner.password
    assert learner.password.count("$") >= 2
    assert learner.check_password(PASSWORD)


def test_id3_a_weak_password_is_refused_with_the_reason(db: None) -> None:
    with pytest.raises(Refusal) as refused:
        services.msa_sign_up(email="new@outlook.example", password="123", display_name="", now=START)
    assert refused.value.code == "weak_password"
    assert "too short" in refused.value.message
    assert not Account.objects.filter(email="new@outlook.example").exists()


def test_id4_a_tenant_admin_deletes_a_work_account_and_its_row_stays(contoso_admin: Account, employee: Account) -> None:
    services.work_account_delete(by=contoso_admin, account=employee, now=START)
    employee.refresh_from_db()
    assert employee.deleted_at == START and employee.deleted_by == contoso_admin and not employee.is_active


def test_id4_a_deleted_accounts_email_can_be_given_to_a_new_employee(contoso_admin: Account, employee: Account) -> None:
    services.work_account_delete(by=contoso_admin, account=employee, now=START)
    again, _ = services.work_account_create(by=contoso_admin, email=employee.email, display_name="", now=START)
    assert again.pk != employee.pk and again.deleted_at is None


def test_id4_an_admin_of_another_tenant_cannot_delete_the_account(fabrikam_admin: Account, employee: Account) -> None:
    with pytest.raises(Refusal) as refused:
        services.work_account_delete(by=fabrikam_admin, account=employee, now=START)
    assert refused.value.status == 404
    employee.refresh_from_db()
    assert employee.deleted_at is None


def test_id4_an_employee_who_is_no_tenant_admin_cannot_delete_accounts(
    employee: Account, contoso_admin: Account
) -> None:
    with pytest.raises(Refusal) as refused:
        services.work_account_delete(by=employee, account=contoso_admin, now=START)
    assert (refused.value.code, refused.value.status) == ("not_tenant_admin", 403)


def test_id4_an_admin_cannot_delete_their_own_account(contoso_admin: Account) -> None:
    with pytest.raises(Refusal) as refused:
        services.work_account_delete(by=contoso_admin, account=contoso_admin, now=START)
    assert refused.value.code == "cannot_delete_self"


def test_a_new_work_account_has_a_one_time_password_to_change(contoso_admin: Account) -> None:
    account, password = services.work_account_create(
        by=contoso_admin, email="new@contoso.example", display_name="New Hire", now=START
    )
    assert account.check_password(password) and account.must_change_password
    assert (account.kind, account.tenant.name) == ("work", "Contoso")


def test_operators_and_agents_are_staff_accounts(operator: Account, agent: Account, learner: Account) -> None:
    assert operator.is_staff and operator.is_operator and operator.is_agent
    assert agent.is_staff and agent.is_agent and not agent.is_operator
    assert not learner.is_staff and not learner.is_agent and not learner.is_operator


def test_createsuperuser_makes_an_operator_work_account(db: None) -> None:
    account = Account.objects.create_superuser("root@ops.example", PASSWORD)
    assert account.is_operator and account.kind == "work" and account.tenant.is_staff_tenant
