"""Partner Center's copy of credits: propagation when due (PC-9), the monthly data refresh (PC-10), and credits
added by hand on a partner support request (PC-13). Set-based and idempotent: a few queries per batch, and running
twice changes nothing the second time."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import (
    DateTimeField,
    Exists,
    ExpressionWrapper,
    F,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce, Greatest

from certlink.bulk import pk_chunks
from partners import rules
from partners.models import McidLink, PartnerCredit, PartnerUniversityLink, RefreshRun, UniversityCompletion
from partners.services import pending_sql
from profiles.models import CertificationHeld
from profiles.selectors import certiport_cutoff

BATCH = 5000
CHUNK = 50_000  # certification held ids per statement on PostgreSQL


def _delay() -> timedelta:
    return timedelta(days=settings.CREDIT_PROPAGATION_DAYS)


def _cutoff() -> datetime:
    return datetime.combine(certiport_cutoff(), datetime.min.time(), tzinfo=UTC)


def pending_certifications() -> QuerySet[CertificationHeld]:
    """Certifications of linked MCIDs that Partner Center has not received in their current state (cycle), with
    the link, and `due` = the later of completion and link start, plus the propagation delay (PC-9).
    Certiport certifications after the cut-off never reach Partner Center (CP-6)."""
    live = McidLink.objects.filter(
        profile=OuterRef("profile"), ended_at__isnull=True, partner_user__account__deleted_at__isnull=True
    )
    received = PartnerCredit.objects.filter(link=OuterRef("link_id"), held=OuterRef("pk"), cycle=OuterRef("cycle"))
    completed = Coalesce(F("renewed_at"), F("earned_at"))
    return (
        CertificationHeld.objects.exclude(provider="certiport", earned_at__gte=_cutoff())
        .annotate(link_id=Subquery(live.values("pk")[:1]), linked_at=Subquery(live.values("started_at")[:1]))
        .filter(link_id__isnull=False)
        .annotate(
            due=ExpressionWrapper(Greatest(completed, F("linked_at")) + Value(_delay()), output_field=DateTimeField())
        )
        .exclude(Exists(received))
    )


def pending_assessments() -> QuerySet[UniversityCompletion]:
    live = PartnerUniversityLink.objects.filter(
        account=OuterRef("account"), ended_at__isnull=True, partner_user__account__deleted_at__isnull=True
    )
    received = PartnerCredit.objects.filter(university_link=OuterRef("link_id"), completion=OuterRef("pk"))
    return (
        UniversityCompletion.objects.annotate(
            link_id=Subquery(live.values("pk")[:1]), linked_at=Subquery(live.values("started_at")[:1])
        )
        .filter(link_id__isnull=False)
        .annotate(
            due=ExpressionWrapper(
                Greatest(F("completed_at"), F("linked_at")) + Value(_delay()), output_field=DateTimeField()
            )
        )
        .exclude(Exists(received))
    )


def propagation_next_due() -> datetime | None:
    moments = [
        pending_sql.next_due(delay=_delay(), cutoff=_cutoff())
        if pending_sql.available()
        else pending_certifications().aggregate(m=Min("due"))["m"],
        pending_assessments().aggregate(m=Min("due"))["m"],
    ]
    return min((m for m in moments if m is not None), default=None)


def propagation_moments(after: datetime, until: datetime) -> list[datetime]:
    """The moments in (after, until] at which a credit falls due, as the world stands (the clock engine's list)."""
    if pending_sql.available():
        moments = set(pending_sql.due_moments(after=after, until=until, delay=_delay(), cutoff=_cutoff()))
    else:
        moments = set(
            pending_certifications().filter(due__gt=after, due__lte=until).values_list("due", flat=True).distinct()
        )
    assessments = pending_assessments().filter(due__gt=after, due__lte=until).values_list("due", flat=True)
    return sorted(moments | set(assessments.distinct()))


def propagation_run(at: datetime, *, lo: int | None = None, hi: int | None = None) -> int:
    """PC-9: copy every credit due at or before `at` into Partner Center's table (a renewed certification's new
    expiry arrives the same way, as a new cycle). With `lo`/`hi`, only the certifications held whose ids are in
    [lo, hi), and no assessments (a chunk of a fanned-out sweep, partners.tasks)."""
    if lo is not None or hi is not None:
        return _propagate_certifications(at, lo=lo, hi=hi)
    return _propagate_certifications(at) + _propagate_assessments(at)


def propagation_run_after(since: datetime, at: datetime) -> int:
    """PC-9 at `at` when every credit due at or before `since` has arrived (the clock engine's shortcut): on
    PostgreSQL only the credits that fell due in (since, at] are looked for."""
    if not pending_sql.available():
        return propagation_run(at)
    arrived = pending_sql.propagate_after(since=since, at=at, delay=_delay(), cutoff=_cutoff())
    return arrived + _propagate_assessments(at)


def _propagate_certifications(at: datetime, *, lo: int | None = None, hi: int | None = None) -> int:
    if pending_sql.available():  # PostgreSQL: one INSERT ... SELECT per chunk of ids
        return sum(
            pending_sql.propagate(at=at, lo=start, hi=stop, delay=_delay(), cutoff=_cutoff())
            for start, stop in pk_chunks(CertificationHeld.objects.all(), size=CHUNK, lo=lo, hi=hi)
        )
    due = pending_certifications().filter(due__lte=at)
    if lo is not None:
        due = due.filter(pk__gte=lo)
    if hi is not None:
        due = due.filter(pk__lt=hi)
    return _propagate_rows(due, at)


def _propagate_rows(due: QuerySet[CertificationHeld], at: datetime) -> int:
    done, start = 0, 0
    while True:
        rows = list(
            due.filter(pk__gt=start)
            .order_by("pk")
            .values(
                "pk",
                "cycle",
                "link_id",
                "due",
                "expires_at",
                "earned_at",
                "renewed_at",
                "certification__slug",
                "certification__name",
                "certification__retirement_date",
                "profile__mcid",
                "profile__legal_name",
                "profile__contact_email",
            )[:BATCH]
        )
        if not rows:
            return done
        links = {
            link.pk: link
            for link in McidLink.objects.select_related("partner_user__account").filter(
                pk__in={row["link_id"] for row in rows}
            )
        }
        with transaction.atomic():
            # A renewal (a new cycle) replaces the copy of the cycle before it on the same link; a copy another
            # organisation holds on an ended link leaves at that organisation's refresh (PC-10).
            PartnerCredit.objects.filter(
                held_id__in=[r["pk"] for r in rows],
                link_id__in={r["link_id"] for r in rows},
                removed_at__isnull=True,
                manual=False,
                cycle__lt=F("held__cycle"),
            ).update(removed_at=at)
            PartnerCredit.objects.bulk_create(
                [_certification_credit(row, links[row["link_id"]], at) for row in rows], ignore_conflicts=True
            )
        done += len(rows)
        start = rows[-1]["pk"]


def _certification_credit(row: dict, link: McidLink, at: datetime) -> PartnerCredit:
    first, last = rules.first_and_last_name(row["profile__legal_name"])
    return PartnerCredit(
        organization_id=link.organization_id,
        partner_user_id=link.partner_user_id,
        link=link,
        held_id=row["pk"],
        kind=PartnerCredit.Kind.CERTIFICATION,
        activity_id=row["certification__slug"],
        title=row["certification__name"],
        first_name=first,
        last_name=last,
        personal_email=row["profile__contact_email"],
        work_email=link.partner_user.account.email,
        mcid=row["profile__mcid"],
        completed_at=row["renewed_at"] or row["earned_at"],
        expires_at=row["expires_at"],
        retirement_date=row["certification__retirement_date"],
        cycle=row["cycle"],
        due_at=row["due"],
        arrived_at=at,
    )


def propagation_assessments_run(at: datetime) -> int:
    """PC-9 for Partner University assessments only (a chunked sweep sends them as a task of their own)."""
    return _propagate_assessments(at)


def _propagate_assessments(at: datetime) -> int:
    rows = list(
        pending_assessments()
        .filter(due__lte=at)
        .values(
            "pk", "link_id", "due", "assessment", "title", "completed_at", "account__email", "account__display_name"
        )
    )
    if not rows:
        return 0
    links = {
        link.pk: link
        for link in PartnerUniversityLink.objects.select_related("partner_user__account").filter(
            pk__in={row["link_id"] for row in rows}
        )
    }
    credits = []
    for row in rows:
        link = links[row["link_id"]]
        first, last = rules.first_and_last_name(row["account__display_name"] or link.partner_user.account.name)
        credits.append(
            PartnerCredit(
                organization_id=link.partner_user.organization_id,
                partner_user_id=link.partner_user_id,
                university_link=link,
                completion_id=row["pk"],
                kind=PartnerCredit.Kind.ASSESSMENT,
                activity_id=row["assessment"],
                title=row["title"],
                first_name=first,
                last_name=last,
                personal_email=row["account__email"],
                work_email=link.partner_user.account.email,
                completed_at=row["completed_at"],
                due_at=row["due"],
                arrived_at=at,
            )
        )
    PartnerCredit.objects.bulk_create(credits, ignore_conflicts=True)
    return len(rows)


def leaving_credits(*, refresh_at: datetime) -> QuerySet[PartnerCredit]:
    """PC-10: credits whose link ended, or whose work account was deleted, before the month of this refresh."""
    before = rules.month_start(refresh_at)
    return PartnerCredit.objects.filter(removed_at__isnull=True).filter(
        Q(link__ended_at__lt=before)
        | Q(university_link__ended_at__lt=before)
        | Q(partner_user__account__deleted_at__lt=before)
    )


def refresh_next_due() -> datetime | None:
    """The refresh that will remove the earliest leaving credit (PC-10), or None when no credit is leaving."""
    ends = PartnerCredit.objects.filter(removed_at__isnull=True).aggregate(
        link=Min("link__ended_at"),
        university=Min("university_link__ended_at"),
        deleted=Min("partner_user__account__deleted_at"),
    )
    earliest = min((moment for moment in ends.values() if moment is not None), default=None)
    if earliest is None:
        return None
    return rules.leaves_at_refresh(earliest, day_of_month=settings.SKILLS_REFRESH_DAY)


def refresh_moments(after: datetime, until: datetime) -> list[datetime]:
    """The refreshes in (after, until] that remove a leaving credit (PC-10), as the world stands."""
    live = PartnerCredit.objects.filter(removed_at__isnull=True).order_by()
    ends = set()
    for path in ("link__ended_at", "university_link__ended_at", "partner_user__account__deleted_at"):
        ends.update(live.exclude(**{f"{path}__isnull": True}).values_list(path, flat=True).distinct())
    refreshes = {rules.leaves_at_refresh(end, day_of_month=settings.SKILLS_REFRESH_DAY) for end in ends}
    return sorted(moment for moment in refreshes if after < moment <= until)


def refresh_run(at: datetime) -> int:
    """PC-10, due work: each data refresh due at or before `at` removes the leavers' and unlinked MCIDs' credits."""
    removed = 0
    while (moment := refresh_next_due()) is not None and moment <= at:
        with transaction.atomic():
            count = leaving_credits(refresh_at=moment).update(removed_at=moment)
            RefreshRun.objects.update_or_create(ran_for=moment.date(), defaults={"ran_at": at, "removed": count})
        removed += count
    return removed
