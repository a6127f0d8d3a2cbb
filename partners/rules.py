"""Pure rules of Partner Center: association limits (PC-8), when a leaver's credits
go (PC-10). Plain values and an explicit `now`; no database."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from certlink.errors import Refusal
from certlink.timefmt import when

# PC-8's refusals, each one sentence with named placeholders (str.format) so that a translation can put the date
# where its language does: the Japanese follows seed 003 (関連付けには 30 日の期間が必要です…).
COOLOFF_SENTENCE = gettext_lazy(
    # Translators: PC-8, Partner Center's own sentence; seed 003 in Japanese: 「パートナー組織に関連付けようと
    # しました。 関連付けには 30 日の期間が必要です。 次に関連付けできるのは、XXX 日です」. {days} is a number of
    # days (30), {date} a date written in the language's DATE_FORMAT.
    "You've attempted to associate with a partner organization. However, we require a period of {days} days "
    "between associations. Your next available date for a subsequent association is {date}."
)
YEARLY_SENTENCE = gettext_lazy(
    # Translators: PC-8, the yearly limit, worded like the cool-off's sentence (seed 003). {limit} is a number of
    # associations (3), {date} a date written in the language's DATE_FORMAT.
    "You've attempted to associate with a partner organization. However, an individual can start at most {limit} "
    "associations in any 365 days, and you have reached that limit. Your next available date for a subsequent "
    "association is {date}."
)


@dataclass(frozen=True)
class Limits:
    per_year: int = 3
    cooloff: timedelta = timedelta(days=30)
    year: timedelta = timedelta(days=365)


def day(instant: datetime) -> str:
    """The DATE of PC-8's sentence, written as every date in certlink is (DATE_FORMAT): '1 March 2026'."""
    return when(instant.date())


def next_association_at(starts: list[datetime], *, limits: Limits) -> datetime | None:
    """PC-8: the first moment a new association may start, given the starts of the previous ones (None: any time).
    Each must start at least `cooloff` after the previous start, and at most `per_year` may start in any 365 days."""
    if not starts:
        return None
    ordered = sorted(starts)
    moment = ordered[-1] + limits.cooloff
    if len(ordered) >= limits.per_year:
        moment = max(moment, ordered[-limits.per_year] + limits.year)
    return moment


def association_refusal(starts: list[datetime], *, now: datetime, limits: Limits) -> Refusal | None:
    """PC-8's refusal, in Partner Center's words, with the date the next association may start; None when an
    association may start at `now`. Pages show it before anyone signs in; the service raises it (check_association)."""
    ordered = sorted(starts)
    if ordered and now < ordered[-1] + limits.cooloff:
        allowed = next_association_at(ordered, limits=limits)
        assert allowed is not None  # inside the cool-off of the last start, a next date always exists
        return Refusal(
            "association_cooloff",
            COOLOFF_SENTENCE.format(days=limits.cooloff.days, date=day(allowed)),
            next_eligible_at=allowed,
        )
    recent = [start for start in ordered if start > now - limits.year]
    if len(recent) >= limits.per_year:
        allowed = recent[-limits.per_year] + limits.year
        return Refusal(
            "association_yearly_limit",
            YEARLY_SENTENCE.format(limit=limits.per_year, date=day(allowed)),
            next_eligible_at=allowed,
            limit=limits.per_year,
        )
    return None


def check_association(starts: list[datetime], *, now: datetime, limits: Limits) -> None:
    """PC-8: raise association_refusal's refusal, if any."""
    refusal = association_refusal(starts, now=now, limits=limits)
    if refusal is not None:
        raise refusal


def refresh_moment(year: int, month: int, *, day_of_month: int) -> datetime:
    """The data refresh of a month: its `day_of_month`-th day at 00:00 UTC (clamped to the month's length)."""
    return datetime(year, month, min(day_of_month, calendar.monthrange(year, month)[1]), tzinfo=UTC)


def leaves_at_refresh(ended_at: datetime, *, day_of_month: int) -> datetime:
    """PC-10: credits of a link that ended (or of a deleted work account) leave at the refresh of the following
    month: left in January → gone at the refresh on 10 February."""
    year, month = (ended_at.year + 1, 1) if ended_at.month == 12 else (ended_at.year, ended_at.month + 1)
    return refresh_moment(year, month, day_of_month=day_of_month)


def stopped_counting_at(
    *, link_ended_at: datetime | None, university_link_ended_at: datetime | None, account_deleted_at: datetime | None
) -> datetime | None:
    """PC-10: when a credit stopped counting for its organisation: the end of its MCID link or of its Partner
    University link, or the deletion of the work account (ID-4), whichever came first; None while it counts."""
    ends = (link_ended_at, university_link_ended_at, account_deleted_at)
    return min((end for end in ends if end is not None), default=None)


def leaves_at(
    *,
    link_ended_at: datetime | None,
    university_link_ended_at: datetime | None,
    account_deleted_at: datetime | None,
    day_of_month: int,
) -> datetime | None:
    """PC-10: the data refresh that removes a credit from the skills report; None while it counts. Its bulk form is
    `partners.services.credits.leaving_credits` (tests/partners/test_pc10_leaves_at.py holds the two equal)."""
    ended = stopped_counting_at(
        link_ended_at=link_ended_at,
        university_link_ended_at=university_link_ended_at,
        account_deleted_at=account_deleted_at,
    )
    return None if ended is None else leaves_at_refresh(ended, day_of_month=day_of_month)


def credit_status(expires_at: datetime | None, *, at: datetime) -> str:
    """PC-11's status column: a credit is expired from its certification's expiry on, active before (or with none)."""
    return "expired" if expires_at is not None and expires_at <= at else "active"


def month_start(instant: datetime) -> datetime:
    return datetime(instant.year, instant.month, 1, tzinfo=UTC)


def first_and_last_name(legal_name: str) -> tuple[str, str]:
    parts = legal_name.strip().split()
    if not parts:
        return "", ""
    return " ".join(parts[:-1]) or parts[0], parts[-1] if len(parts) > 1 else ""


@dataclass(frozen=True)
class CreditFacts:
    """What is known about one certification of one person, for PC-14."""

    linked: bool  # the person has a live MCID link
    linked_elsewhere: str  # the organisation the person's MCID is linked to instead, or ""
    held: bool  # the linked MCID holds the certification
    certiport: bool  # earned through Certiport after the cut-off (CP-6)
    due_at: datetime | None  # when it reaches Partner Center, if it has not yet
    arrived: bool  # Partner Center has it
    expired: bool
    eligible: tuple[str, ...]  # the designations it counts for
    leaves_at: datetime | None  # the refresh that removes it (link ended, account deleted)
    manual: bool = False


def why_not_counted(facts: CreditFacts, *, name: str, certification: str, certiport_cutoff: date) -> tuple[str, str]:
    """PC-14: the reason a certification does not count (or that it does), as a code and a sentence. A credit
    still in the report whose link ended is "leaving" first: it counts until that refresh (PC-10)."""
    if facts.arrived and facts.leaves_at is not None:
        return "leaving", _(
            "%(certification)s leaves the skills report at the data refresh on %(date)s, because %(name)s's link "
            "ended or their work account was deleted."
        ) % {"certification": certification, "date": day(facts.leaves_at), "name": name}
    if facts.linked_elsewhere:
        return "linked_to_another_organization", _(
            "%(name)s's MCID is linked to %(organization)s, so %(certification)s counts there, not here."
        ) % {"name": name, "organization": facts.linked_elsewhere, "certification": certification}
    if not facts.linked and not facts.manual:
        return "not_linked", _(
            # Translators: "My Learn profile" is the page's name: use its translation (seed 003: My Learn プロファイル).
            "%(name)s has not associated a Microsoft Learning account with Partner Center, so none of their "
            "certifications reach it. Only they can do it, on My Learn profile."
        ) % {"name": name}
    if not facts.held and not facts.manual:
        return "not_on_linked_mcid", _(
            "The MCID linked to %(name)s doesn't hold %(certification)s. If it is on another certification profile, "
            "that MCID is a different one: merge the profiles through certification support, or link that MCID."
        ) % {"name": name, "certification": certification}
    if facts.certiport and not facts.arrived:
        return "certiport", _(
            "%(certification)s was earned through Certiport on or after %(cutoff)s, so it stays on the Certiport "
            "transcript and can't reach Partner Center. File a Partner Center support request with the evidence."
        ) % {"certification": certification, "cutoff": when(certiport_cutoff)}
    if not facts.arrived and facts.due_at is not None:
        return "pending", _("%(certification)s is on its way: it reaches Partner Center on %(date)s (PC-9).") % {
            "certification": certification,
            "date": day(facts.due_at),
        }
    if facts.expired:
        return "expired", _("%(certification)s has expired, so it no longer counts towards any designation.") % {
            "certification": certification
        }
    if not facts.eligible:
        return "not_eligible", _("%(certification)s is in the skills report but counts towards no designation.") % {
            "certification": certification
        }
    # Translators: %(designations)s is a list of solution areas' names, separated by commas.
    return "counted", _("%(certification)s counts towards %(designations)s.") % {
        "certification": certification,
        "designations": ", ".join(facts.eligible),
    }
