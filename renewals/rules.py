"""Pure rules of renewals (RN-1, RN-2, RN-4, RN-6, RN-7, RN-8): plain values and an explicit `now`; no database.
A certification's validity (CE-3) is profiles.rules.certification's; a renewal policy extends it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from certlink.dates import add_months
from certlink.errors import Refusal
from certlink.timefmt import when
from profiles.rules.certification import Validity

# CE-3 lives in profiles; re-exported because sim.population (owned by another branch) still imports it from here.
from profiles.rules.certification import expiry_for as expiry_for


@dataclass(frozen=True)
class Policy(Validity):
    """The parameters of RULES.md in force (settings): a certification's validity (CE-3) and its renewal."""

    window_days: int = 180
    assessment_delay_days: int = 182
    free_retakes: int = 1
    retake_wait: timedelta = timedelta(hours=24)
    pass_percent: int = 60
    reminder_days: tuple[int, ...] = (90, 60, 30, 7)


def renewed_expiry(expires_at: datetime) -> datetime:
    """RN-4: one year from the current expiry date, not from the day of passing."""
    return add_months(expires_at, 12)


def window_opens_at(expires_at: datetime, *, policy: Policy) -> datetime:
    """RN-2: the renewal window opens RENEWAL_WINDOW_DAYS before expiry."""
    return expires_at - timedelta(days=policy.window_days)


def assessment_available_from(release_date: date | None, *, policy: Policy) -> date | None:
    """RN-1: a certification's renewal assessment exists from about six months after its release."""
    return release_date + timedelta(days=policy.assessment_delay_days) if release_date else None


def status(
    *, level: str, expires_at: datetime | None, retirement_date: date | None, now: datetime, policy: Policy
) -> str:
    """One of: active, in_window, expired, retired."""
    if expires_at is not None and expires_at <= now:
        return "expired"
    if retirement_date is not None and retirement_date <= now.date():
        return "retired"
    if level != "fundamentals" and expires_at is not None and window_opens_at(expires_at, policy=policy) <= now:
        return "in_window"
    return "active"


STATUS_LABELS = {
    # Translators: the status of a certification held (Credentials → Certifications).
    "active": gettext_lazy("Active"),
    "in_window": gettext_lazy("Renewal window open"),
    "expired": gettext_lazy("Expired"),
    "retired": gettext_lazy("Retired"),
}


def reminder_offsets(policy: Policy) -> list[tuple[int, timedelta]]:
    """RN-8: number 0 is the notice when the window opens; 1..4 the reminders, days before expiry."""
    # "When the window opens, a notice goes ...; then at most four reminders": a day on or before the opening, or
    # at expiry, is no reminder (one dated before the notice would never be sent: email_due).
    reminders = sorted({d for d in policy.reminder_days if 0 < d < policy.window_days}, reverse=True)[:4]
    days = [policy.window_days, *reminders]
    return [(number, timedelta(days=d)) for number, d in enumerate(days)]


def reminder_schedule(expires_at: datetime, *, policy: Policy) -> list[tuple[int, datetime]]:
    return [(number, expires_at - offset) for number, offset in reminder_offsets(policy)]


def emails_for(expires_at: datetime, *, recorded_at: datetime, policy: Policy) -> list[tuple[int, datetime]]:
    """RN-8, with its catch-up: the notice and reminders of a renewal cycle whose certification was recorded at
    `recorded_at` (its world begins then), each with the moment it goes. A window already open when it is recorded
    is announced at once; the reminders dated before it was recorded are not sent. Nothing once it has expired."""
    if recorded_at >= expires_at:
        return []
    (_, opens), *reminders = reminder_schedule(expires_at, policy=policy)
    notice = max(opens, recorded_at)
    return [(0, notice), *[(number, at) for number, at in reminders if at > notice]]


def email_due(expires_at: datetime, *, now: datetime, notice_at: datetime | None, policy: Policy) -> int | None:
    """RN-8: the one email due at `now` in a cycle whose notice went at `notice_at` (None: not yet). The sweep's
    queries (renewals.reminders) say the same in SQL; what was sent already, they skip by the claim.

    No notice yet, window open: the notice, at once (a certification recorded in its window is announced when it
    is recorded: emails_for). Then the latest reminder whose date has come, if dated after the notice: a reminder
    dated before it predates the certification's world and is never sent; one whose moment was missed is
    superseded by the next (a late email says what is true on its own date, no burst of stale ones)."""
    if not window_opens_at(expires_at, policy=policy) <= now < expires_at:
        return None
    if notice_at is None:
        return 0
    due = [number for number, at in reminder_schedule(expires_at, policy=policy) if notice_at < at <= now]
    return max(due) if due else None


def days_left(expires_at: datetime, *, on: datetime, zone: tzinfo) -> int:
    """RN-8: the days an email dated `on` says are left: from its date to the expiry date, as both read in `zone`
    (the date the email shows as "expires on")."""
    return (expires_at.astimezone(zone).date() - on.astimezone(zone).date()).days


def next_attempt_at(previous: list[datetime], *, policy: Policy) -> datetime | None:
    """RN-6: the 2nd attempt may follow the 1st at once; each later one waits RENEWAL_RETAKE_WAIT after the
    previous. None: no wait. `previous` are this cycle's attempts."""
    if len(previous) <= policy.free_retakes:
        return None
    return max(previous) + policy.retake_wait


@dataclass(frozen=True)
class Renewable:
    """What renewing needs to know about a certification held, as plain values."""

    name: str
    level: str
    expires_at: datetime | None
    retirement_date: date | None
    assessment_from: date | None
    has_assessment: bool
    connected: bool
    attempts: tuple[datetime, ...]
    exams: tuple[str, ...] = ()
    on_learn: bool = True  # CP-6: False for a Certiport certification that stays on the Certiport transcript


def check_can_renew(item: Renewable, *, now: datetime, policy: Policy) -> None:
    """RN-1, RN-2, RN-3, RN-6 (and CE-3, CE-4): the first reason a renewal attempt cannot start now."""
    if item.level == "fundamentals" or item.expires_at is None:
        raise Refusal(
            "not_renewable", _("%(name)s doesn't expire, so there is nothing to renew.") % {"name": item.name}
        )
    if item.expires_at <= now:
        # Translators: stands for the exam codes in "earn it again by passing %(exams)s" when none are known.
        exams = ", ".join(item.exams) or _("its exams")
        raise Refusal(
            "certification_expired",
            _(
                "%(name)s expired on %(expired)s. An expired certification can't be renewed: earn it again by "
                "passing %(exams)s."
            )
            % {"name": item.name, "expired": when(item.expires_at), "exams": exams},
            expired_at=item.expires_at,
            exams=list(item.exams),
        )
    if item.retirement_date and item.retirement_date <= now.date():
        raise Refusal(
            "certification_retired",
            _("%(name)s was retired on %(retired)s, so it can no longer be renewed.")
            % {"name": item.name, "retired": when(item.retirement_date)},
            retired_on=item.retirement_date,
        )
    if not item.on_learn:
        raise Refusal(
            "certiport_transcript",
            _(
                "%(name)s was earned through Certiport and stays on your Certiport transcript, so it doesn't appear "
                "on Learn and can't be renewed there."
            )
            % {"name": item.name},
        )
    if not item.connected:
        raise Refusal(
            "not_connected",
            _(
                "Renewal is taken on Learn, so your certification profile must be connected to this Learn profile. "
                "The alignment doctor shows how to connect it."
            ),
            doctor="/learn/doctor/",
        )
    opens = window_opens_at(item.expires_at, policy=policy)
    if now < opens:
        raise Refusal(
            "renewal_window_not_open",
            ngettext(
                "You can renew %(name)s from %(opens)s, %(days)d day before it expires on %(expires)s. We'll email "
                "you when the window opens.",
                "You can renew %(name)s from %(opens)s, %(days)d days before it expires on %(expires)s. We'll email "
                "you when the window opens.",
                policy.window_days,
            )
            % {"name": item.name, "opens": when(opens), "days": policy.window_days, "expires": when(item.expires_at)},
            opens_at=opens,
            expires_at=item.expires_at,
        )
    if not item.has_assessment or (item.assessment_from and now.date() < item.assessment_from):
        # "from DATE" only while that date is ahead: with no assessment it may have passed
        if item.assessment_from and now.date() < item.assessment_from:
            sentence = _("The renewal assessment for %(name)s isn't available from %(date)s.") % {
                "name": item.name,
                "date": when(item.assessment_from),
            }
        else:
            sentence = _("The renewal assessment for %(name)s isn't available yet.") % {"name": item.name}
        raise Refusal(
            "renewal_assessment_unavailable",
            sentence,
            available_from=item.assessment_from,
        )
    wait_until = next_attempt_at(list(item.attempts), policy=policy)
    if wait_until and now < wait_until:
        raise Refusal(
            "renewal_retake_wait",
            _retake_wait_sentence(len(item.attempts), wait_until=wait_until, policy=policy),
            status=429,
            next_attempt_at=wait_until,
            attempts=len(item.attempts),
        )


def _retake_wait_sentence(attempts: int, *, wait_until: datetime, policy: Policy) -> str:
    """RN-6's refusal, with RENEWAL_FREE_RETAKES and RENEWAL_RETAKE_WAIT in force."""
    taken = ngettext(
        "You've taken this assessment once in this renewal cycle.",
        "You've taken this assessment %(count)d times in this renewal cycle.",
        attempts,
    ) % {"count": attempts}
    free = policy.free_retakes + 1  # attempts that need no wait: the first and its free retakes
    wait = ngettext(
        "After your first attempt, each attempt must wait %(wait)s after the previous one: your next attempt is "
        "possible from %(date)s.",
        "After your first %(free)d attempts, each attempt must wait %(wait)s after the previous one: your next "
        "attempt is possible from %(date)s.",
        free,
    ) % {"free": free, "wait": _hours(policy.retake_wait), "date": when(wait_until)}
    # Translators: two sentences of RN-6's refusal, one after the other.
    return _("%(taken)s %(wait)s") % {"taken": taken, "wait": wait}


def _hours(delta: timedelta) -> str:
    hours = int(delta.total_seconds() // 3600)
    return ngettext("%(hours)d hour", "%(hours)d hours", hours) % {"hours": hours}


@dataclass(frozen=True)
class Question:
    id: int
    skill_area: str
    answer: int


@dataclass(frozen=True)
class Score:
    percent: int
    by_skill: dict[str, dict[str, int]]
    passed: bool


def score(questions: list[Question], answers: dict[int, int], *, policy: Policy) -> Score:
    """RN-7: the share of questions answered right, by skill area; at least RENEWAL_PASS_PERCENT passes."""
    by_skill: dict[str, dict[str, int]] = {}
    right = 0
    for question in questions:
        area = by_skill.setdefault(question.skill_area, {"right": 0, "of": 0})
        area["of"] += 1
        if answers.get(question.id) == question.answer:
            area["right"] += 1
            right += 1
    # Decided on the exact share, not the rounded percent: 119 of 200 (59.5%) is not "at least 60"; and a fail
    # never reads as the pass mark.
    passed = bool(questions) and 100 * right >= policy.pass_percent * len(questions)
    percent = round(100 * right / len(questions)) if questions else 0
    if not passed:
        percent = max(0, min(percent, policy.pass_percent - 1))
    return Score(percent=percent, by_skill=by_skill, passed=passed)


@dataclass(frozen=True)
class Milestones:
    """A certification on a timeline (issue 18): earned, renewed, the renewal window (RN-2), its notice and
    reminders (RN-8) and its expiry (CE-3, RN-4). No window and no reminders for one that cannot be renewed (never
    expires, retired, or already expired)."""

    earned_at: datetime
    renewed_at: datetime | None
    expires_at: datetime | None
    window_opens_at: datetime | None
    reminders: tuple[tuple[int, datetime], ...]  # (number, when): 1..4, the reminders after the notice


def milestones(
    *, earned_at: datetime, renewed_at: datetime | None, expires_at: datetime | None, renewable: bool, policy: Policy
) -> Milestones:
    """RN-2, RN-8: the window opens `window_days` before expiry, when its notice goes (reminder_schedule's number 0);
    the reminders follow at `reminder_days` before expiry. Dates of the current cycle, from the same rules that send
    them (window_opens_at, reminder_schedule)."""
    if expires_at is None or not renewable:
        return Milestones(earned_at, renewed_at, expires_at, None, ())
    (_, opens), *reminders = reminder_schedule(expires_at, policy=policy)
    return Milestones(earned_at, renewed_at, expires_at, opens, tuple(reminders))


def timeline_span(
    items: list[Milestones], *, now: datetime, margin: timedelta = timedelta(days=30)
) -> tuple[datetime, datetime]:
    """The dates a timeline of `items` covers: from the first earned (or now) to the last expiry (or now), with
    `margin` on each side, so that "now" is always in it."""
    starts = [now, *(m.earned_at for m in items)]
    ends = [now, *(m.expires_at for m in items if m.expires_at is not None)]
    return min(starts) - margin, max(ends) + margin
