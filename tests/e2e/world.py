"""The world of the browser journeys, set up through certlink's services and the factories (never through the
pages under test): a partner organisation and its people, who chose tests.factories.PASSWORD."""

from __future__ import annotations

from datetime import datetime

from partners.models import PartnerOrganization, PartnerUser
from partners.services.organizations import organization_create, partner_user_create
from profiles.services import account_set_password
from tests.factories import PASSWORD


def contoso_at(now: datetime) -> PartnerOrganization:
    """Contoso, an Enterprise-track partner (PartnerID 1000001, contoso.example), with Adele its global admin."""
    organization, admin, _ = organization_create(
        name="Contoso",
        partner_id="1000001",
        domains=["contoso.example"],
        admin_email="admin@contoso.example",
        admin_name="Adele Admin",
        now=now,
    )
    account_set_password(account=admin.account, password=PASSWORD)
    return organization


def global_admin_of(organization: PartnerOrganization) -> PartnerUser:
    return organization.users.select_related("account").get(is_global_admin=True)


def partner_user(organization: PartnerOrganization, local: str, name: str, now: datetime) -> PartnerUser:
    """An employee the global admin created (PC-1), who then chose PASSWORD instead of the one-time password."""
    domain = organization.tenant.domains.get().name
    user, _ = partner_user_create(
        by=global_admin_of(organization), email=f"{local}@{domain}", display_name=name, now=now
    )
    account_set_password(account=user.account, password=PASSWORD)
    return user
