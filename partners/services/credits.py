"""Partner Center's copy of credits: propagation when due (PC-9), the monthly data refresh (PC-10), and credits
added by hand on a partner support request (PC-13). Set-based and idempotent: a few queries per batch, and running
twice changes nothing the second time."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING, TypedDict

from django.conf import settings
from django.db import transaction
from django.db.models import (
    CharField,
    DateTimeField,
    Exists,
    ExpressionWrapper,
    F,
    FilteredRelation,
    Func,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce, Greatest, Left, Length, Replace, Reverse, StrIndex, Substr, Trim

from certlink.bulk import insert_from_select, pk_chunks
from partners import rules
from partners.models import (
    McidLink,
    PartnerCredit,
    PartnerUniversityLink,
    PartnerUser,
    RefreshRun,
    UniversityCompletion,
)
from profiles.models import CertificationHeld
from profiles.selectors import on_certiport_transcript_q

if TYPE_CHECKING:  # django-stubs' name for a model with annotations; a development dependency, so for mypy only
    from django_stubs_ext import WithAnnotations


class Pending(TypedDict):
    """What pending_certifications() and pending_assessments() annotate: the live link and when the credit is due."""

    link_id: int
    linked_at: datetime
    due: datetime


CHUNK = 50_000  # certification held ids per statement

# Besides " ", the whitespace str.split() splits a legal name on (partners.rules.first_and_last_name) that a name
# may hold: ASCII's, the no-break space and the ideographic space of Japanese and Chinese names. (Every one of
# Python's would nest too deep for SQLite's parser.)
WHITESPACE = "\t\n\x0b\x0c\r\xa0\u3000"
# A run of spaces collapses to one by marking each space with this pair and dropping the seams between pairs (names
# hold no control characters).
_MARK, _SEAM = "\x01\x02", "\x02\x01"

_CREDIT_COLUMNS = [
    "organization_id",
    "partner_user_id",
    "link_id",
    "held_id",
    "kind",
    "activity_id",
    "title",
    "first_name",
    "last_name",
    "personal_email",
    "work_email",
    "mcid",
    "completed_at",
    "expires_at",
    "retirement_date",
    "cycle",
    "due_at",
    "arrived_at",
    "manual",
]


def _delay() -> timedelta:
    return timedelta(days=settings.CREDIT_PROPAGATION_DAYS)


def _completed() -> Coalesce:
    return Coalesce(F("renewed_at"), F("earned_at"))  # the expression of the held_completed index


def pending_certifications() -> QuerySet[WithAnnotations[CertificationHeld, Pending]]:
    """Certifications of linked MCIDs that Partner Center has not received in their current state (cycle), with
    the link (`link_id`, `linked_at`), and `due` = the later of completion and link start, plus the propagation
    delay (PC-9). Certiport certifications after the cut-off never reach Partner Center (CP-6). The live link (one
    per MCID, PC-4) is a join, and "not received" an anti-join on the credits' unique index."""
    live = FilteredRelation("profile__mcid_links", condition=Q(profile__mcid_links__ended_at__isnull=True))
    received = PartnerCredit.objects.filter(link=OuterRef("link_id"), held=OuterRef("pk"), cycle=OuterRef("cycle"))
    return (
        CertificationHeld.objects.exclude(on_certiport_transcript_q())
        .alias(live=live)
        .annotate(link_id=F("live__id"), linked_at=F("live__started_at"), completed=_completed())
        .filter(link_id__isnull=False, live__partner_user__account__deleted_at__isnull=True)
        .annotate(
            due=ExpressionWrapper(
                Greatest(F("completed"), F("linked_at")) + Value(_delay()), output_field=DateTimeField()
            )
        )
        .exclude(Exists(received))
    )


def pending_assessments() -> QuerySet[WithAnnotations[UniversityCompletion, Pending]]:
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


def propagation_next_due(now: datetime, since: datetime | None = None) -> datetime | None:
    """PC-9, due work: the earliest moment a credit is due to arrive (at or before `now`: overdue). With `since`
    (every credit due at or before it has arrived), only credits due after it: those of links that started, or of
    certifications completed, less than the delay before `since` (_fell_due_after), over indexes."""
    certifications, assessments = pending_certifications(), pending_assessments()
    if since is None:
        pending = [certifications, assessments]
    else:  # due is the later of completion and link start, plus the delay: one of them after `since` less the delay
        start = since - _delay()
        completed = CertificationHeld.objects.alias(completed=_completed()).filter(completed__gt=start)
        pending = [
            certifications.filter(linked_at__gt=start),  # the links' start index: links are few
            certifications.filter(pk__in=completed.values("pk")),  # held_completed
            assessments.filter(due__gt=since),
        ]
    moments = [rows.aggregate(m=Min("due"))["m"] for rows in pending]
    return min((m for m in moments if m is not None), default=None)


def propagation_run(at: datetime, *, lo: int | None = None, hi: int | None = None) -> int:
    """PC-9: copy every credit due at or before `at` into Partner Center's table (a renewed certification's new
    expiry arrives the same way, as a new cycle). With `lo`/`hi`, only the certifications held whose ids are in
    [lo, hi), and no assessments (a chunk of a fanned-out sweep, partners.tasks)."""
    if lo is not None or hi is not None:
        return _propagate_certifications(at, lo=lo, hi=hi)
    return _propagate_certifications(at) + _propagate_assessments(at)


def propagation_due(since: datetime | None, until: datetime) -> int:
    """PC-9 as the clock's due work (certlink.clock.DueWork): every credit that fell due in (since, until] arrives at
    `until`, and with `since` None any found overdue too (a link made after its certification); idempotent (ON
    CONFLICT DO NOTHING)."""
    return propagation_run(until) if since is None else propagation_run_after(since, until)


def propagation_run_after(since: datetime, at: datetime, *, lo: int | None = None, hi: int | None = None) -> int:
    """PC-9 at `at` when every credit due at or before `since` has arrived: only the credits that fell due in
    (since, at], found as two ranges over indexes (links that started in the window, certifications completed in
    it), with the assessments. With `lo`/`hi`, only the certifications held with ids in [lo, hi), and no assessments
    (one range of a fanned-out moment, partners.tasks)."""
    start, stop = since - _delay(), at - _delay()
    completed = CertificationHeld.objects.alias(completed=_completed()).filter(completed__gt=start, completed__lte=stop)
    ids = (Q(pk__gte=lo) if lo is not None else Q()) & (Q(pk__lt=hi) if hi is not None else Q())
    scope = (Q(held_id__gte=lo) if lo is not None else Q()) & (Q(held_id__lt=hi) if hi is not None else Q())
    due = pending_certifications().filter(ids, due__lte=at)
    linked = _propagate(
        due.filter(linked_at__gt=start, linked_at__lte=stop),
        at,
        scope & Q(link__started_at__gt=start, link__started_at__lte=stop),
    )
    renewed = _propagate(due.filter(pk__in=completed.values("pk")), at, scope & Q(held__in=completed.values("pk")))
    ranged = lo is not None or hi is not None
    return linked + renewed + (0 if ranged else _propagate_assessments(at))


def _propagate_certifications(at: datetime, *, lo: int | None = None, hi: int | None = None) -> int:
    """One INSERT ... SELECT per chunk of `CHUNK` certification held ids, whatever the number of credits."""
    due = pending_certifications().filter(due__lte=at)
    return sum(
        _propagate(due.filter(pk__gte=start, pk__lt=stop), at, Q(held_id__gte=start, held_id__lt=stop))
        for start, stop in pk_chunks(CertificationHeld.objects.all(), size=CHUNK, lo=lo, hi=hi)
    )


def _propagate(due: QuerySet[CertificationHeld], at: datetime, scope: Q) -> int:
    """Copy the credits `due` selects, arriving at `at`; a credit that arrived already is skipped (the unique
    constraint, ON CONFLICT DO NOTHING), so running twice copies nothing more. `scope` holds the credits they may
    replace."""
    with transaction.atomic():
        arrived = insert_from_select(PartnerCredit, _CREDIT_COLUMNS, _credit_rows(due, at))
        if arrived:
            _replace_earlier_cycles(at, scope)
    return arrived


def _credit_rows(due: QuerySet[CertificationHeld], at: datetime) -> QuerySet:
    """The rows of `due` as credits, in the order of `_CREDIT_COLUMNS`; the legal name split as
    rules.first_and_last_name splits it (all words but the last, and the last; one word is a first name)."""
    name = _normalised("profile__legal_name")
    last_space = Length(name) - StrIndex(Reverse(name), Value(" "))  # 1-based; the length when there is none
    return (
        due.order_by()
        .annotate(
            first=Left(name, last_space),
            last=Substr(name, last_space + 2),
            kind=Value(PartnerCredit.Kind.CERTIFICATION, CharField()),
            arrived=Value(at, DateTimeField()),
            manual=Value(False),
        )
        .values_list(
            "live__organization_id",
            "live__partner_user_id",
            "link_id",
            "pk",
            "kind",
            "certification__slug",
            "certification__name",
            "first",
            "last",
            "profile__contact_email",
            "live__partner_user__account__email",
            "profile__mcid",
            "completed",
            "expires_at",
            "certification__retirement_date",
            "cycle",
            "due",
            "arrived",
            "manual",
        )
    )


def _normalised(field: str) -> Func:
    """`" ".join(value.split())` in SQL, on every database."""
    value: Func | F = F(field)
    for char in WHITESPACE:
        value = Replace(value, Value(char), Value(" "))
    value = Replace(
        Replace(Replace(value, Value(" "), Value(_MARK)), Value(_SEAM), Value("")), Value(_MARK), Value(" ")
    )
    return Trim(value)


def _replace_earlier_cycles(at: datetime, scope: Q) -> None:
    """A renewal (a new cycle) replaces the copy of the cycle before it on the same link once the new one arrives
    (PC-9); a copy another organisation holds on an ended link leaves at that organisation's refresh (PC-10)."""
    newer = PartnerCredit.objects.filter(
        held=OuterRef("held"), link=OuterRef("link"), cycle__gt=OuterRef("cycle"), arrived_at=at, manual=False
    )
    earlier = PartnerCredit.objects.filter(scope, removed_at__isnull=True, manual=False, cycle__lt=F("held__cycle"))
    earlier.filter(Exists(newer)).update(removed_at=at)


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


def refresh_next_due(now: datetime, since: datetime | None = None) -> datetime | None:
    """The refresh that will remove the earliest leaving credit (PC-10), or None when no credit is leaving. Asked
    from the side of what ended (links, Partner University links, deleted accounts: few), each with a probe of the
    credits still counted; `since` changes nothing."""
    counted = PartnerCredit.objects.filter(removed_at__isnull=True)
    ends = [
        McidLink.objects.filter(ended_at__isnull=False)
        .filter(Exists(counted.filter(link=OuterRef("pk"))))
        .aggregate(m=Min("ended_at")),
        PartnerUniversityLink.objects.filter(ended_at__isnull=False)
        .filter(Exists(counted.filter(university_link=OuterRef("pk"))))
        .aggregate(m=Min("ended_at")),
        PartnerUser.objects.filter(account__deleted_at__isnull=False)
        .filter(Exists(counted.filter(partner_user=OuterRef("pk"))))
        .aggregate(m=Min("account__deleted_at")),
    ]
    earliest = min((end["m"] for end in ends if end["m"] is not None), default=None)
    if earliest is None:
        return None
    return rules.leaves_at_refresh(earliest, day_of_month=settings.SKILLS_REFRESH_DAY)


def refresh_run(at: datetime) -> int:
    """PC-10, due work: each data refresh due at or before `at` removes the leavers' and unlinked MCIDs' credits."""
    removed = 0
    while (moment := refresh_next_due(at)) is not None and moment <= at:
        with transaction.atomic():
            count = leaving_credits(refresh_at=moment).update(removed_at=moment)
            RefreshRun.objects.update_or_create(ran_for=moment.date(), defaults={"ran_at": at, "removed": count})
        removed += count
    return removed


def refresh_due(since: datetime | None, until: datetime) -> int:
    """PC-10 as the clock's due work: each refresh in (since, until], and any found overdue, removes its leavers."""
    return refresh_run(until)
