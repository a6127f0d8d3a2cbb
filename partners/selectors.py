"""Reads of Partner Center: the skills report (PC-11), My Learn profile (PC-2, PC-8, PC-9), why a certification
is not counted (PC-14). Partner Center shows only its own copy of credits (PartnerCredit)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q, QuerySet

from partners.models import McidLink, PartnerCredit, PartnerOrganization, PartnerUniversityLink, PartnerUser

EMPTY_REPORT = (
    "No users found with skills data. Check to see whether users have associated their Learning or "
    "Partner University accounts with their profiles."
)


@dataclass(frozen=True)
class ReportFilters:
    certification: str = ""  # activity id (catalog slug or assessment id)
    person: str = ""  # part of a name or an email
    status: str = ""  # "active" or "expired"
    activity_ids: frozenset[str] | None = None  # a designation's eligible activities


def skills_report(
    *, organization: PartnerOrganization, at: datetime, filters: ReportFilters | None = None
) -> QuerySet[PartnerCredit]:
    """PC-11: the organisation's credits as Partner Center holds them (arrived, not removed)."""
    filters = filters or ReportFilters()
    credits = PartnerCredit.objects.filter(
        organization=organization, removed_at__isnull=True, arrived_at__lte=at
    ).select_related("organization")
    if filters.certification:
        credits = credits.filter(activity_id=filters.certification)
    if filters.activity_ids is not None:
        credits = credits.filter(activity_id__in=filters.activity_ids)
    if filters.person:
        term = filters.person.strip()
        credits = credits.filter(
            Q(first_name__icontains=term)
            | Q(last_name__icontains=term)
            | Q(work_email__icontains=term)
            | Q(personal_email__icontains=term)
        )
    if filters.status == "active":
        credits = credits.filter(Q(expires_at__isnull=True) | Q(expires_at__gt=at))
    elif filters.status == "expired":
        credits = credits.filter(expires_at__lte=at)
    return credits.order_by("last_name", "first_name", "title", "pk")


def credit_status(credit: PartnerCredit, *, at: datetime) -> str:
    return "expired" if credit.expires_at is not None and credit.expires_at <= at else "active"


def live_link(user: PartnerUser) -> McidLink | None:
    return McidLink.objects.filter(partner_user=user, ended_at__isnull=True).select_related("profile__msa").first()


def live_university_link(user: PartnerUser) -> PartnerUniversityLink | None:
    return (
        PartnerUniversityLink.objects.filter(partner_user=user, ended_at__isnull=True).select_related("account").first()
    )
