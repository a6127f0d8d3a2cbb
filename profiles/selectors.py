"""Reads for accounts and tenants."""

from __future__ import annotations

from django.db.models import QuerySet

from certlink.errors import Refusal
from profiles.models import Account, Tenant


def tenant_administered_by(by: Account) -> Tenant:
    """The tenant whose work accounts `by` may manage, or a refusal if `by` is no tenant admin."""
    if not (by.is_active and by.is_tenant_admin and by.tenant_id):
        raise Refusal(
            "not_tenant_admin",
            "Only an admin of your organisation's directory can manage its work accounts. Ask one of them.",
            status=403,
        )
    return by.tenant  # type: ignore[return-value]


def tenant_accounts(*, by: Account) -> QuerySet[Account]:
    """The work accounts of `by`'s tenant, live ones first (tenant admins only)."""
    tenant = tenant_administered_by(by)
    return Account.objects.filter(tenant=tenant).select_related("tenant").order_by("deleted_at", "email")
