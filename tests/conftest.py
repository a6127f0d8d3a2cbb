"""The shared cast of every test (healthchecks style): a learner, an organisation with its admin and an
employee, an admin of another organisation, a support agent and an operator."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from rest_framework.test import APIClient

from profiles.models import Account, Tenant
from tests.factories import PASSWORD, START, AccountFactory, TenantFactory, WorkAccountFactory

__all__ = ["START"]


@pytest.fixture(autouse=True)
def _outbox_backend(settings) -> None:  # type: ignore[no-untyped-def]
    """Django's test set-up swaps in its in-memory email backend; certlink's emails go to the outbox (SIM-2)."""
    settings.EMAIL_BACKEND = "certlink.mail.OutboxBackend"


@pytest.fixture
def contoso(db: None) -> Tenant:
    return TenantFactory(name="Contoso", domains=["contoso.example"])


@pytest.fixture
def fabrikam(db: None) -> Tenant:
    return TenantFactory(name="Fabrikam", domains=["fabrikam.example"])


@pytest.fixture
def learner(db: None) -> Account:
    """Lee: a learner with a personal Microsoft account."""
    return AccountFactory(email="lee@outlook.example", display_name="Lee Learner")


@pytest.fixture
def contoso_admin(contoso: Tenant) -> Account:
    return WorkAccountFactory(tenant=contoso, email="admin@contoso.example", is_tenant_admin=True)


@pytest.fixture
def employee(contoso: Tenant) -> Account:
    """Megan: an employee of Contoso, with a work account."""
    return WorkAccountFactory(tenant=contoso, email="megan@contoso.example", display_name="Megan Bowen")


@pytest.fixture
def fabrikam_admin(fabrikam: Tenant) -> Account:
    return WorkAccountFactory(tenant=fabrikam, email="admin@fabrikam.example", is_tenant_admin=True)


@pytest.fixture
def operator(db: None) -> Account:
    from profiles.services import staff_tenant

    return WorkAccountFactory(
        tenant=staff_tenant(),
        email="operator@certlink.example",
        is_staff=True,
        is_superuser=True,
        staff_role="operator",
    )


@pytest.fixture
def agent(db: None) -> Account:
    from profiles.services import staff_tenant

    return WorkAccountFactory(tenant=staff_tenant(), email="agent@certlink.example", is_staff=True, staff_role="agent")


@pytest.fixture
def page_as() -> Callable[[Account], Client]:
    """A browser-like test client signed in as an account (through the sign-in page)."""

    def make(account: Account) -> Client:
        client = Client()
        response = client.post(
            "/signin/", {"step": "password", "email": account.email, "kind": account.kind, "password": PASSWORD}
        )
        assert response.status_code == 302, response.content
        return client

    return make


@pytest.fixture
def api_as() -> Callable[[Account], APIClient]:
    """An API client authenticated with a token of an account."""

    def make(account: Account) -> APIClient:
        from rest_framework.authtoken.models import Token

        client = APIClient()
        token, _ = Token.objects.get_or_create(user=account)
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        return client

    return make
