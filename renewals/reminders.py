"""RN-8, the notice and reminders: a set-based sweep claims what is due (one row per certification held, cycle
and number, held by a unique constraint), then a sender stores each email in the outbox and marks its row sent in
the same transaction, so no email goes out twice, whichever worker runs it and however often."""

from __future__ import annotations

from datetime import UTC, datetime

from django.conf import settings
from django.core.mail import get_connection
from django.db import transaction
from django.db.models import Exists, Min, OuterRef, Q, QuerySet
from django.urls import reverse

from certlink.emails import build
from profiles.models import CertificationHeld
from profiles.selectors import certiport_cutoff
from renewals import rules
from renewals.models import RenewalReminder
from renewals.policy import policy


def _reminder_candidates(number: int, *, at: datetime) -> QuerySet[CertificationHeld]:
    """Certifications held whose reminder `number` is the current one at `at` and not yet claimed in this cycle.

    Dates are compared as `expires_at` against constants (`at` + offsets), so the query is plain and indexable
    on every database, with no date arithmetic in SQL."""
    offsets = dict(rules.reminder_offsets(policy()))
    later = offsets.get(number + 1)  # the next reminder; none after the last one: expiry itself ends the cycle
    claimed = RenewalReminder.objects.filter(held=OuterRef("pk"), cycle=OuterRef("cycle"), number=number)
    return (
        CertificationHeld.objects.filter(
            expires_at__lte=at + offsets[number],
            expires_at__gt=at + later if later is not None else at,
            profile__merged_into__isnull=True,
        )
        .exclude(certification__level="fundamentals")
        .exclude(certification__retirement_date__lte=at.date())
        .exclude(provider="certiport", earned_at__gte=_cutoff_instant())  # CP-6: not on Learn, not renewed there
        .exclude(Exists(claimed))
    )


def _cutoff_instant() -> datetime:
    return datetime.combine(certiport_cutoff(), datetime.min.time(), tzinfo=UTC)


def reminders_claim(*, at: datetime, lo: int | None = None, hi: int | None = None) -> int:
    """Claim every reminder due at `at` (optionally for held ids in [lo, hi)): a few queries per chunk, whatever
    the number of rows; claiming twice claims nothing more."""
    claimed = 0
    offsets = dict(rules.reminder_offsets(policy()))
    for number, offset in offsets.items():
        candidates = _reminder_candidates(number, at=at)
        if lo is not None:
            candidates = candidates.filter(pk__gte=lo)
        if hi is not None:
            candidates = candidates.filter(pk__lt=hi)
        start = 0
        while True:
            rows = list(
                candidates.filter(pk__gt=start)
                .order_by("pk")
                .values_list("pk", "cycle", "expires_at", "profile__contact_email")[: settings.REMINDER_SWEEP_CHUNK]
            )
            if not rows:
                break
            RenewalReminder.objects.bulk_create(
                [
                    RenewalReminder(held_id=pk, cycle=cycle, number=number, due_at=expires - offset, to=to)
                    for pk, cycle, expires, to in rows
                ],
                ignore_conflicts=True,
            )
            claimed += len(rows)
            start = rows[-1][0]
    return claimed


def reminders_send(*, at: datetime, batch: int = 500) -> int:
    """Send the claimed, unsent reminders due at or before `at`, a batch per transaction. Rows are locked with
    SKIP LOCKED, so workers sending at once share the rows and never send one twice."""
    sent = 0
    while True:
        with transaction.atomic():
            due = list(
                RenewalReminder.objects.select_for_update(skip_locked=True, of=("self",))
                .filter(sent_at__isnull=True, due_at__lte=at)
                .order_by("due_at", "id")
                .select_related("held__certification", "held__profile")[:batch]
            )
            if not due:
                return sent
            get_connection().send_messages([_email(reminder, at) for reminder in due])
            RenewalReminder.objects.filter(pk__in=[r.pk for r in due]).update(sent_at=at)
            sent += len(due)


def reminders_run(at: datetime, *, batch: int = 500) -> int:
    """The due work of RN-8 at `at`: claim, then send."""
    reminders_claim(at=at)
    return reminders_send(at=at, batch=batch)


def reminders_next_due() -> datetime | None:
    """The earliest moment with a reminder to claim or to send (for the clock's engine)."""
    from certlink import clock

    now = clock.now()
    moments = [RenewalReminder.objects.filter(sent_at__isnull=True).aggregate(m=Min("due_at"))["m"]]
    offsets = dict(rules.reminder_offsets(policy()))
    for number, offset in offsets.items():
        later = offsets.get(number + 1)
        pending = _pending(number, now=now, later=later)
        earliest = pending.aggregate(m=Min("expires_at"))["m"]
        moments.append(earliest - offset if earliest else None)
    return min((m for m in moments if m is not None), default=None)


def _pending(number: int, *, now: datetime, later) -> QuerySet[CertificationHeld]:  # type: ignore[no-untyped-def]
    """Reminder `number` not yet claimed and not superseded as of `now` (its successor not yet due)."""
    claimed = RenewalReminder.objects.filter(held=OuterRef("pk"), cycle=OuterRef("cycle"), number=number)
    return (
        CertificationHeld.objects.filter(
            Q(expires_at__gt=now + later) if later is not None else Q(expires_at__gt=now),
            profile__merged_into__isnull=True,
        )
        .exclude(certification__level="fundamentals")
        .exclude(certification__retirement_date__lte=now.date())
        .exclude(provider="certiport", earned_at__gte=_cutoff_instant())
        .exclude(Exists(claimed))
    )


def _email(reminder: RenewalReminder, at: datetime):  # type: ignore[no-untyped-def]
    held = reminder.held
    window_end = held.expires_at
    template = "renewal_notice" if reminder.number == 0 else "renewal_reminder"
    # Sent at `at`: the engine steps to each due moment, so that is the date it was due (SIM-1); a reminder
    # claimed late (a certification recorded after its date) carries the moment it really went out.
    return build(
        template=template,
        to=[reminder.to],
        at=at,
        context={
            "name": held.profile.legal_name,
            "certification": held.certification.name,
            "expires_at": window_end,
            "days_left": (window_end - reminder.due_at).days,
            "number": reminder.number,
            "mcid": held.profile.mcid,
            "reminders": len(rules.reminder_offsets(policy())) - 1,
            "renew_path": reverse("learn_renew", args=[held.pk]),
        },
    )
