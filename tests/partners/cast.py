"""Helpers for the Partner Center tests, on top of the cast of tests/partners/conftest.py: more employees with
their own MSA and certification profile, certifications held, and reading the skills report."""

from __future__ import annotations

from datetime import UTC, datetime

from partners.models import PartnerOrganization, PartnerUser
from partners.selectors import skills_report
from partners.services.organizations import partner_user_create
from profiles.models import Account, CertificationHeld, CertificationProfile, Provider
from tests.factories import AccountFactory, CertificationFactory, CertificationHeldFactory, CertificationProfileFactory
from tests.partners.conftest import DAY0, admin_of, chose_own_password

EARNED = datetime(2025, 11, 3, 9, 0, tzinfo=UTC)  # long before DAY0: the link date drives PC-9


def employee_of(organization: PartnerOrganization, local: str, name: str, **roles: bool) -> PartnerUser:
    """A Partner Center user of `organization` (work account local@domain), created by its global admin."""
    domain = organization.tenant.domains.first().name
    user, _ = partner_user_create(
        by=admin_of(organization), email=f"{local}@{domain}", display_name=name, now=DAY0, roles=roles
    )
    chose_own_password(organization)
    return user


def msa_with_profile(local: str, legal_name: str) -> tuple[Account, CertificationProfile]:
    """A personal account (MSA) and the certification profile it reaches (CP-1)."""
    msa = AccountFactory(email=f"{local}@outlook.example", display_name=legal_name)
    return msa, CertificationProfileFactory(msa=msa, legal_name=legal_name, contact_email=msa.email)


def holds(
    profile: CertificationProfile,
    slug: str,
    *,
    earned_at: datetime = EARNED,
    provider: str = Provider.PEARSON_VUE,
    level: str = "associate",
    expires_at: datetime | None = None,
) -> CertificationHeld:
    """`profile` holds the catalog certification `slug` (created if the test catalog lacks it)."""
    certification = CertificationFactory(slug=slug, level=level)
    return CertificationHeldFactory(
        profile=profile,
        certification=certification,
        earned_at=earned_at,
        provider=provider,
        expires_at=expires_at or earned_at.replace(year=earned_at.year + 1),
    )


def report(organization: PartnerOrganization, at: datetime) -> list[tuple[str, str]]:
    """The skills report as (work email, activity id) pairs."""
    return [(c.work_email, c.activity_id) for c in skills_report(organization=organization, at=at)]
