"""Reads of Partner Center: the skills report (PC-11), designation scores, a person's links, when a credit stops
counting (PC-10). Partner Center shows only its own copy of credits (PartnerCredit). My Learn profile and "why not
counted", which also read pending credits (partners.services.credits), are partners.selectors_learn's."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy

from partners import designations, rules
from partners.models import (
    DesignationInput,
    McidLink,
    PartnerCredit,
    PartnerOrganization,
    PartnerUniversityLink,
    PartnerUser,
)
from profiles.models import Certification

EMPTY_REPORT = gettext_lazy(
    "No users found with skills data. Check to see whether users have associated their Learning or "
    "Partner University accounts with their profiles."
)


@dataclass(frozen=True)
class ReportFilters:
    """What the skills report is narrowed to (PC-11), as partners.filters.SkillsReportFilter checked it."""

    certification: str = ""  # part of a certification's name or a credit's title, or an activity id
    person: str = ""  # part of a name or an email
    status: str = ""  # "active" or "expired"
    activity_ids: frozenset[str] | None = None  # a designation's eligible activities
    completed_from: date | None = None  # first day, included
    completed_to: date | None = None  # last day, included
    expires_from: date | None = None
    expires_to: date | None = None


REPORT_PAGE_SIZE = 50


def skills_report(
    *, organization: PartnerOrganization, at: datetime, filters: ReportFilters | None = None
) -> QuerySet[PartnerCredit]:
    """PC-11: the organisation's credits as Partner Center holds them (arrived, not removed), narrowed by `filters`,
    in the report's order (last name, first name, title, id: the index credit_report_order)."""
    credits = PartnerCredit.objects.filter(
        organization=organization, removed_at__isnull=True, arrived_at__lte=at
    ).select_related("organization")
    return filter_report(credits, filters or ReportFilters(), at=at).order_by("last_name", "first_name", "title", "pk")


def filter_report(credits: QuerySet[PartnerCredit], filters: ReportFilters, *, at: datetime) -> QuerySet[PartnerCredit]:
    """The one implementation of the report's filters: the page, its CSV and the API narrow the report here."""
    if filters.certification:
        term = filters.certification.strip()
        named = Certification.objects.filter(name__icontains=term).values("slug")
        credits = credits.filter(Q(activity_id__iexact=term) | Q(title__icontains=term) | Q(activity_id__in=named))
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
    credits = credits.filter(_days("completed_at", filters.completed_from, filters.completed_to))
    return credits.filter(_days("expires_at", filters.expires_from, filters.expires_to))


def _days(field: str, first: date | None, last: date | None) -> Q:
    """`field` from the start of day `first` to the end of day `last` (UTC, the simulated clock's), as a range on the
    column itself rather than on its date, which no index holds."""
    within = Q()
    if first is not None:
        within &= Q(**{f"{field}__gte": datetime.combine(first, time.min, tzinfo=UTC)})
    if last is not None and last < date.max:
        within &= Q(**{f"{field}__lt": datetime.combine(last + timedelta(days=1), time.min, tzinfo=UTC)})
    return within


def certification_names(*, organization: PartnerOrganization, at: datetime) -> list[str]:
    """What the report's certification filter suggests: the catalog's names and the titles of the credits the
    organisation holds (Partner University assessments are in no catalog), in one query."""
    titles = PartnerCredit.objects.filter(
        organization=organization, removed_at__isnull=True, arrived_at__lte=at
    ).values_list("title")
    names = Certification.objects.values_list("name").order_by().union(titles.order_by())
    return sorted({name for (name,) in names}, key=str.casefold)


def live_link(user: PartnerUser) -> McidLink | None:
    return McidLink.objects.filter(partner_user=user, ended_at__isnull=True).select_related("profile__msa").first()


def live_university_link(user: PartnerUser) -> PartnerUniversityLink | None:
    return (
        PartnerUniversityLink.objects.filter(partner_user=user, ended_at__isnull=True).select_related("account").first()
    )


# --- Designations (PC-12) -------------------------------------------------------------------------------------


def _areas() -> list[designations.Area]:
    global _AREAS
    if _AREAS is None:
        _AREAS = designations.load()
    return _AREAS


_AREAS: list[designations.Area] | None = None


def area_activities(area: designations.Area) -> frozenset[str]:
    """Every certification and assessment that counts for an area (gates and counting steps)."""
    found: set[str] = set()
    for metric in area.metrics:
        for gate in metric.gates:
            found.update(gate.certifications)
        if metric.counting is not None:
            found.update(metric.counting.credentials)
    return frozenset(found)


def designations_of(activity_id: str) -> tuple[str, ...]:
    return tuple(area.name for area in _areas() if activity_id in area_activities(area))


def designation_scores(*, organization: PartnerOrganization, at: datetime) -> list[designations.AreaScore]:
    """PC-12 as of `at`: skilling from the credits Partner Center held then (expired ones stop counting, retired
    ones count a year), performance and customer success as the partner admin entered them."""
    return _scores_at(organization, [at])[0]


def score_history(
    *, organization: PartnerOrganization, now: datetime, months: int = 6
) -> list[tuple[str, list[designations.AreaScore]]]:
    """The scores at the end of each of the last `months` simulated months (the current one: now), each labelled with
    its month as the active language writes it (YEAR_MONTH_FORMAT: "March 2026", "2026年3月")."""
    moments = [now]
    cursor = rules.month_start(now)
    for _ in range(months - 1):
        moments.append(cursor - timedelta(microseconds=1))
        cursor = rules.month_start(cursor - timedelta(days=1))
    scored = zip(moments, _scores_at(organization, moments), strict=True)
    return [(date_format(m, "YEAR_MONTH_FORMAT"), scores) for m, scores in scored]


# A credit as the scorer needs it: partner user id, activity id, arrived, removed, expires, retirement date.
_Held = tuple[int, str, datetime, datetime | None, datetime | None, date | None]
_HELD_FIELDS = ("partner_user_id", "activity_id", "arrived_at", "removed_at", "expires_at", "retirement_date")


def _scores_at(organization: PartnerOrganization, moments: list[datetime]) -> list[list[designations.AreaScore]]:
    """The scores at each moment, from one read of the few values of the credits that may count at any of them
    (plain rows, never a model instance per credit), and the names of only the people the scores show: a constant
    number of queries however many credits the organisation holds."""
    first, last = min(moments), max(moments)
    credits = (
        PartnerCredit.objects.filter(organization=organization, arrived_at__lte=last, activity_id__in=_activities())
        .filter(Q(removed_at__isnull=True) | Q(removed_at__gt=first))
        .filter(Q(expires_at__isnull=True) | Q(expires_at__gt=first))  # expired before them all: counts at none
        .order_by()
    )
    rows: list[_Held] = list(credits.values_list(*_HELD_FIELDS))
    entered: dict[str, dict[str, float]] = {}
    for area, metric, points in DesignationInput.objects.filter(organization=organization).values_list(
        "area", "metric", "points"
    ):
        entered.setdefault(area, {})[metric] = points
    tracks = {a.key: organization.track for a in _areas()}
    scored = [
        designations.score_all(_areas(), people=_people_at(rows, at), tracks=tracks, entered=entered) for at in moments
    ]
    shown = {p.person_id for scores in scored for area in scores for metric in area.metrics for p in metric.people}
    names = {user.pk: user.account.name for user in PartnerUser.objects.filter(pk__in=shown).select_related("account")}
    return [[_named(area, names) for area in scores] for scores in scored]


def _people_at(rows: list[_Held], at: datetime) -> list[designations.Person]:
    """The holders of credits Partner Center held at `at` (arrived, not yet removed) that count then (PC-12), named
    later (`_named`): only the few the scores show."""
    counted: dict[int, set[str]] = {}
    for user_id, activity_id, arrived_at, removed_at, expires_at, retirement_date in rows:
        if arrived_at <= at and (removed_at is None or removed_at > at):
            if designations.counts_at(expires_at=expires_at, retirement_date=retirement_date, at=at):
                counted.setdefault(user_id, set()).add(activity_id)
    return [designations.Person(id=pk, name="", credits=frozenset(c)) for pk, c in sorted(counted.items())]


def _named(area: designations.AreaScore, names: dict[int, str]) -> designations.AreaScore:
    metrics = [
        replace(metric, people=[p._replace(name=names[p.person_id]) for p in metric.people]) for metric in area.metrics
    ]
    return replace(area, metrics=metrics)


def _activities() -> frozenset[str]:
    """Every activity that counts for some area: a credit of any other one changes no score."""
    return frozenset().union(*(area_activities(area) for area in _areas()))


def area_by_key(key: str) -> designations.Area | None:
    return next((area for area in _areas() if area.key == key), None)


def areas() -> list[designations.Area]:
    return _areas()


def _ends(credit: PartnerCredit) -> dict[str, datetime | None]:
    """What can end a credit's counting (PC-10), read from its links and work account (select them with it)."""
    return {
        "link_ended_at": credit.link.ended_at if credit.link else None,
        "university_link_ended_at": credit.university_link.ended_at if credit.university_link else None,
        "account_deleted_at": credit.partner_user.account.deleted_at,
    }


def credits_leaving(credits: QuerySet[PartnerCredit]) -> QuerySet[PartnerCredit]:
    """PC-10: the credits of `credits` still in the report that stopped counting (a link ended, the work account was
    deleted): the next data refresh removes each (credit_leaves_at). With what _ends reads selected."""
    return (
        credits.filter(removed_at__isnull=True)
        .filter(
            Q(link__ended_at__isnull=False)
            | Q(university_link__ended_at__isnull=False)
            | Q(partner_user__account__deleted_at__isnull=False)
        )
        .select_related("link", "university_link", "partner_user__account")
    )


def credit_stopped_at(credit: PartnerCredit) -> datetime | None:
    """PC-10: when this credit stopped counting for its organisation (rules.stopped_counting_at)."""
    return rules.stopped_counting_at(**_ends(credit))


def credit_leaves_at(credit: PartnerCredit | None) -> datetime | None:
    """PC-10: the data refresh that removes this credit from the skills report (rules.leaves_at)."""
    if credit is None:
        return None
    return rules.leaves_at(**_ends(credit), day_of_month=settings.SKILLS_REFRESH_DAY)
