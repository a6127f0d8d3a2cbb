"""RN-8, the notice and reminders: a set-based sweep claims what is due (one row per certification held, cycle
and number, held by a unique constraint), then a sender stores the claimed reminders' emails in the outbox and marks
them sent in the same transaction, so no email goes out twice, whichever worker runs it and however often.

Both are written once, as querysets, for every database. The claim is one `INSERT ... SELECT ... ON CONFLICT DO
NOTHING` per chunk of primary keys, so that workers can share a sweep by pk range (renewals.tasks) and a million
certifications cost a few hundred statements. The sender stores a batch of emails with one `INSERT ... SELECT` of
outbox messages (each its template and its context: the values the email is built from, as they are now) and one of
their recipient rows; each message names its reminder through a unique foreign key, so a reminder's email can be
stored only once. The outbox renders the emails from the templates when they are read (certlink.emails): the dates
and the days left (renewals.templatetags.renewal_emails) are worked out there, as of each email's own date."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING, TypedDict

from django.conf import settings
from django.db import transaction
from django.db.models import (
    BooleanField,
    Case,
    CharField,
    DateTimeField,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    FilteredRelation,
    IntegerField,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, JSONObject, Lower

from certlink.bulk import insert_from_select, pk_chunks
from certlink.models import OutboxMessage, OutboxRecipient
from profiles.models import CertificationHeld, CertificationProfile
from profiles.selectors import on_certiport_transcript_q
from renewals import rules
from renewals.models import RenewalReminder
from renewals.policy import policy

if TYPE_CHECKING:  # django-stubs' name for a model with annotations; a development dependency, so for mypy only
    from django_stubs_ext import WithAnnotations


class Due(TypedDict):
    """What _current() annotates: the email's number (0, the notice), the moment it is due and its address."""

    reminder: int
    due: datetime
    to_email: str


def _eligible(at: datetime) -> QuerySet[CertificationHeld]:
    """Certifications held that get reminders at all: renewable, not retired, on Learn (CP-6), of a live profile."""
    # Merged profiles (CP-4 aliases) are few: excluding their ids costs a small hashed subplan, where a join with
    # every profile cost a hash of the whole table in each chunk.
    aliases = CertificationProfile.objects.filter(merged_into__isnull=False).values("pk")
    return (
        CertificationHeld.objects.exclude(profile_id__in=aliases)
        .exclude(certification__level="fundamentals")
        .exclude(certification__retirement_date__lte=at.date())
        .exclude(on_certiport_transcript_q())  # CP-6: not on Learn, not renewed there
    )


def _claimable(at: datetime) -> QuerySet[WithAnnotations[CertificationHeld, Due]]:
    """Certifications held whose email due at `at` (rules.email_due) is not yet claimed in this cycle, annotated with
    its `reminder` number and `due` moment."""
    claimed = RenewalReminder.objects.filter(held=OuterRef("pk"), cycle=OuterRef("cycle"), number=OuterRef("reminder"))
    return _current(at).exclude(Exists(claimed))


def _current(at: datetime, *, since: datetime | None = None) -> QuerySet[WithAnnotations[CertificationHeld, Due]]:
    """Certifications held with an email due at `at` (rules.email_due), claimed or not, annotated with its `reminder`
    number, its `due` moment (`at`: the engine runs each moment at its own instant, and one found late goes now,
    saying what is true now) and the address it goes `to_email`. For a claim whose ON CONFLICT DO NOTHING skips what
    was claimed already (one probe of the unique index it inserts into anyway, where _claimable's anti-join probes it
    first). With `since`, the engine's shortcut: everything due at or before it is done (_number).

    Dates are compared as `expires_at` against constants (`at` + offsets), and as a duration to the notice, so the
    query is plain and indexable on every database."""
    offsets = rules.reminder_offsets(policy())
    contact = CertificationProfile.objects.filter(pk=OuterRef("profile_id")).order_by()  # for the claimed rows only
    rows = _eligible(at).filter(expires_at__gt=at, expires_at__lte=at + offsets[0][1])
    if since is None:  # this cycle's notice, if it went: one probe of the claims' unique index per certification
        notice = FilteredRelation("reminders", condition=Q(reminders__number=0, reminders__cycle=F("cycle")))
        rows = rows.alias(notice=notice).alias(
            notice_at=F("notice__due_at"),
            notice_lead=ExpressionWrapper(F("expires_at") - F("notice__due_at"), DurationField()),
        )
    return (
        rows.annotate(reminder=_number(at, since=since))
        .filter(reminder__isnull=False)
        .annotate(due=Value(at, DateTimeField()), to_email=Subquery(contact.values("contact_email")[:1]))
    )


def _number(at: datetime, *, since: datetime | None) -> Case:
    """rules.email_due in SQL, for certifications in their window at `at`: the notice if this cycle has none
    (`notice_at` is NULL), else the latest reminder whose date has come and is after the notice (the notice goes
    `notice_lead` before expiry), else NULL.

    The engine's shortcut (`since`) needs no look at the notice: a window open by `since` had its notice by then, so
    every reminder dated in (since, at] comes after it; a window that opened in (since, at] has had no notice."""
    offsets = rules.reminder_offsets(policy())
    (_, window), latest_first = offsets[0], offsets[:0:-1]  # expiry within 7 days: reminder 4; within 30: 3; ...
    if since is None:
        first = When(notice_at__isnull=True, then=Value(0))
        after_notice = [Q(notice_lead__gt=offset) for _, offset in latest_first]
    else:
        first = When(expires_at__gt=since + window, then=Value(0))
        after_notice = [Q() for _ in latest_first]
    reminders = [
        When(Q(expires_at__lte=at + offset) & later, then=Value(n))
        for (n, offset), later in zip(latest_first, after_notice, strict=True)
    ]
    return Case(first, *reminders, default=None, output_field=IntegerField())


def reminders_claim(
    *, at: datetime, lo: int | None = None, hi: int | None = None, since: datetime | None = None
) -> int:
    """Claim every reminder due at `at` (optionally for held ids in [lo, hi)) and return how many were claimed:
    one statement per chunk of `REMINDER_SWEEP_CHUNK` ids, whatever the number of rows; claiming twice claims
    nothing more. With `since` (everything due at or before it is claimed already), only the certifications
    whose reminder date fell in (since, at]: one statement over the expiry index."""
    if since is not None:
        newly = _newly_due(since, at).order_by()
        if lo is not None or hi is not None:  # one range of a fanned-out moment (renewals.tasks)
            newly = newly.filter(
                **({"pk__gte": lo} if lo is not None else {}), **({"pk__lt": hi} if hi is not None else {})
            )
        return insert_from_select(
            RenewalReminder,
            ["held_id", "cycle", "number", "due_at", "to"],
            newly.values_list("pk", "cycle", "reminder", "due", "to_email"),
        )
    claimed, claimable = 0, _claimable(at)
    for start, stop in pk_chunks(CertificationHeld.objects.all(), size=settings.REMINDER_SWEEP_CHUNK, lo=lo, hi=hi):
        chunk = claimable.filter(pk__gte=start, pk__lt=stop).order_by()
        rows = chunk.values_list("pk", "cycle", "reminder", "due", "to_email")
        claimed += insert_from_select(RenewalReminder, ["held_id", "cycle", "number", "due_at", "to"], rows)
    return claimed


def reminders_send(*, at: datetime, since: datetime | None = None, batch: int | None = None) -> int:
    """Send the claimed, unsent reminders due at or before `at`, a batch per transaction: their emails stored in the
    outbox, dated `at`, and the reminders marked sent. Rows are locked with SKIP LOCKED, so workers sending at once
    share the rows and never send one twice (and the message's unique reference to its reminder refuses a second
    email whatever happens).

    With `since` (the clock engine's shortcut: everything due at or before it is sent), only reminders due after it:
    the index range starts there, past the entries of reminders sent earlier in the same advance, which stay in the
    unsent index until the advance commits and a vacuum passes."""
    batch = batch or settings.REMINDER_SEND_BATCH
    sent = 0
    while True:
        with transaction.atomic():
            # Row locks (PostgreSQL; SQLite has a single writer and ignores FOR UPDATE): see above.
            due = list(
                RenewalReminder.objects.select_for_update(skip_locked=True, of=("self",))
                .filter(sent_at__isnull=True, due_at__lte=at, **({"due_at__gt": since} if since else {}))
                .order_by("due_at", "id")
                .values_list("pk", flat=True)[:batch]
            )
            if not due:
                return sent
            reminders = RenewalReminder.objects.filter(pk__in=due)
            _store_emails(reminders, at)
            reminders.update(sent_at=at)
            sent += len(due)


def _store_emails(reminders: QuerySet[RenewalReminder], at: datetime) -> int:
    """Store the emails of `reminders`, dated `at`, with their recipient rows: two statements, whatever their number.
    A reminder that has its email already is skipped (the message's unique `reminder`)."""
    stored = insert_from_select(OutboxMessage, _MESSAGE_COLUMNS, _emails(reminders, at))
    recipients = (
        reminders.filter(email__isnull=False)
        .exclude(to="")
        .order_by()
        .annotate(address=Lower("to"), kind=Value(OutboxRecipient.Field.TO))
        .values_list("email__pk", "address", "kind")
    )
    insert_from_select(OutboxRecipient, ["message_id", "address", "field"], recipients)
    return stored


_MESSAGE_COLUMNS = [
    "sent_at",
    "from_email",
    "to",
    "cc",
    "template",
    "context",
    "language",
    "reminder_id",
    "relayed",
    "relay_error",
]


def _emails(reminders: QuerySet[RenewalReminder], at: datetime) -> QuerySet:
    """The outbox messages of `reminders`, dated `at`, in the order of _MESSAGE_COLUMNS: the notice or the reminder's
    template, and its context, the values it is built from as they are now (the legal name and the certification's
    name at sending, the expiry, the MCID, the certification held for the renewal link), as a JSON object."""
    count = len(rules.reminder_offsets(policy())) - 1
    text = {"output_field": CharField()}
    return (
        reminders.order_by()
        .annotate(
            m_sent_at=Value(at, DateTimeField()),
            m_from=Value(settings.DEFAULT_FROM_EMAIL, **text),
            m_cc=Value("", **text),
            m_template=Case(When(number=0, then=Value(_template(0))), default=Value(_template(1)), **text),
            m_context=JSONObject(
                name=F("held__profile__legal_name"),
                mcid=F("held__profile__mcid"),
                held=F("held_id"),
                certification=F("held__certification__name"),
                expires_at=F("held__expires_at"),
                number=F("number"),
                reminders=Value(count, IntegerField()),
            ),
            # PR-1: in the recipient's language: the contact email follows its certification profile's (its MSA's).
            m_language=Coalesce(F("held__profile__msa__language"), Value("", **text), **text),
            m_relayed=Value(False, BooleanField()),
            m_error=Value("", **text),
        )
        .values_list(
            "m_sent_at",
            "m_from",
            "to",
            "m_cc",
            "m_template",
            "m_context",
            "m_language",
            "pk",
            "m_relayed",
            "m_error",
        )
    )


def reminders_run(at: datetime, *, batch: int | None = None) -> int:
    """The due work of RN-8 at `at`: claim, then send (with what an earlier claim left unsent)."""
    reminders_claim(at=at)
    return reminders_send(at=at, batch=batch)


def reminders_run_after(since: datetime, at: datetime, *, batch: int | None = None) -> int:
    """The due work of RN-8 at `at` when everything due at or before `since` is done (the clock engine's shortcut):
    the certifications whose reminder date fell in (since, at] are claimed, then sent."""
    reminders_claim(at=at, since=since)
    return reminders_send(at=at, since=since, batch=batch)


def _newly_due(since: datetime, at: datetime) -> QuerySet[WithAnnotations[CertificationHeld, Due]]:
    """The certifications whose reminder date fell in (since, at], with their current reminder (_current). Newly
    due, so claimed by nobody but a worker racing this one: the claim's ON CONFLICT DO NOTHING settles that, and no
    anti-join looks for an earlier claim first."""
    return _current(at, since=since).filter(_fell_due(since, at))


def _fell_due(since: datetime, at: datetime) -> Q:
    """Certifications with a reminder whose date is in (since, at]: expiry in (since + offset, at + offset]."""
    windows = Q()
    for _, offset in rules.reminder_offsets(policy()):
        windows |= Q(expires_at__gt=since + offset, expires_at__lte=at + offset)
    return windows


def reminders_next_due(now: datetime, since: datetime | None = None) -> datetime | None:
    """The earliest moment with a reminder to claim or to send (for the clock's engine and the /sim/ page), never
    before `now`: what is due already (a certification recorded in its window, a claim left unsent) is due now.
    With `since` (everything due at or before it is claimed and sent), no search for what is overdue: only the
    upcoming reminder dates, walked along the expiry index."""
    moments = [
        RenewalReminder.objects.filter(sent_at__isnull=True).aggregate(m=Min("due_at"))["m"],
        now if since is None and _claimable(now).exists() else None,
    ]
    for number, offset in rules.reminder_offsets(policy()):
        # Not yet due: the first expiry past `now` + offset, walked in the order of the expiry index.
        first = _upcoming(number, offset, now=now).order_by("expires_at").values_list("expires_at", flat=True)[:1]
        moments += [expires - offset for expires in first if expires is not None]
    earliest = min((m for m in moments if m is not None), default=None)
    return None if earliest is None else max(earliest, now)


def _upcoming(number: int, offset: timedelta, *, now: datetime) -> QuerySet[CertificationHeld]:
    """Certifications whose reminder `number` is still to come after `now` (not claimed in their cycle)."""
    claimed = RenewalReminder.objects.filter(held=OuterRef("pk"), cycle=OuterRef("cycle"), number=number)
    return _eligible(now).filter(expires_at__gt=now + offset).exclude(Exists(claimed))


def _template(number: int) -> str:
    return "renewal_notice" if number == 0 else "renewal_reminder"


def reminders_due(since: datetime | None, until: datetime) -> int:
    """RN-8 as the clock's due work (certlink.clock.DueWork): every reminder that fell due in (since, until] and any
    found overdue (a certification recorded inside its window, a claim left unsent) is claimed and sent, dated
    `until`; idempotent, since a claim is unique per certification held, cycle and number. Returns how many went.
    With `since`, only the certifications whose reminder date fell in (since, until] are looked at."""
    return reminders_run(until) if since is None else reminders_run_after(since, until)


def reminders_range(*, since: datetime | None, until: datetime, lo: int, hi: int, batch: int | None = None) -> int:
    """RN-8 for the certifications held with ids in [lo, hi) (one task of the clock's fan-out, renewals.tasks): claim
    their reminders due at `until` (with `since`, those whose date fell in (since, until]), then send claimed
    reminders, which workers share with SKIP LOCKED."""
    reminders_claim(at=until, lo=lo, hi=hi, since=since)
    return reminders_send(at=until, since=since, batch=batch)
