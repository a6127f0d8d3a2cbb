"""The cast of the Partner Center tests: Contoso (company A) and Fabrikam (company B), each with a global admin,
and Megan, who works at Contoso, holds Azure Administrator Associate on her certification profile, and later
moves to Fabrikam."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from certlink.clock import clock_set
from partners.models import PartnerOrganization, PartnerUser
from partners.services.organizations import organization_create, partner_user_create
from profiles.models import Account, CertificationHeld, CertificationProfile
from tests.factories import AccountFactory, CertificationFactory, CertificationHeldFactory, CertificationProfileFactory

DAY0 = datetime(2026, 1, 12, 9, 0, tzinfo=UTC)


@pytest.fixture
def day0(db: None) -> datetime:
    clock_set(to=DAY0)
    return DAY0


@pytest.fixture
def company_a(day0: datetime) -> PartnerOrganization:
    organization, _, _ = organization_create(
        name="Contoso",
        partner_id="1000001",
        domains=["contoso.example"],
        admin_email="admin@contoso.example",
        admin_name="Adele Admin",
        now=day0,
    )
    return chose_own_password(organization)


@pytest.fixture
def company_b(day0: datetime) -> PartnerOrganization:
    organization, _, _ = organization_create(
        name="Fabrikam",
        partner_id="2000002",
        domains=["fabrikam.example"],
        admin_email="admin@fabrikam.example",
        admin_name="Fay Admin",
        now=day0,
    )
    return chose_own_password(organization)


def admin_of(organization: PartnerOrganization) -> PartnerUser:
    return organization.users.get(is_global_admin=True)


def chose_own_password(organization: PartnerOrganization) -> PartnerOrganization:
    """Its people have replaced the one-time passwords they were given (ID-1), so they may use Partner Center."""
    Account.objects.filter(partner_user__organization=organization).update(must_change_password=False)
    return organization


@pytest.fixture
def megan_at_a(company_a: PartnerOrganization, day0: datetime) -> PartnerUser:
    user, _ = partner_user_create(
        by=admin_of(company_a), email="megan@contoso.example", display_name="Megan Bowen", now=day0
    )
    chose_own_password(company_a)
    return user


@pytest.fixture
def megan_at_b(company_b: PartnerOrganization, day0: datetime) -> PartnerUser:
    user, _ = partner_user_create(
        by=admin_of(company_b), email="megan@fabrikam.example", display_name="Megan Bowen", now=day0
    )
    chose_own_password(company_b)
    return user


@pytest.fixture
def megan_msa(db: None) -> Account:
    return AccountFactory(email="megan.bowen@outlook.example", display_name="Megan Bowen")


@pytest.fixture
def megan_profile(megan_msa: Account) -> CertificationProfile:
    return CertificationProfileFactory(
        msa=megan_msa, legal_name="Megan Bowen", contact_email="megan.bowen@outlook.example"
    )


@pytest.fixture
def megan_admin_cert(megan_profile: CertificationProfile) -> CertificationHeld:
    """Azure Administrator Associate, earned long before she links (so the link date drives PC-9)."""
    administrator = CertificationFactory(
        slug="azure-administrator", level="associate", name="Microsoft Certified: Azure Administrator Associate"
    )
    earned = datetime(2025, 11, 3, 9, 0, tzinfo=UTC)
    return CertificationHeldFactory(
        profile=megan_profile, certification=administrator, earned_at=earned, expires_at=earned.replace(year=2026)
    )
