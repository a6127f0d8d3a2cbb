"""Reads only: a learner's or an organisation's events in simulated time (SIM-1), past and scheduled, each with its
date, its kind and a sentence. Past events come from the records (earned, renewed, reminders sent, link events,
credits arrived and removed, emails); scheduled ones from the rules that will make them happen (the reminder
schedule of RN-8, the credits pending under PC-9, the refresh that removes a leaver's credits under PC-10).

The queries take at most `limit` events of each kind around now (the latest past ones, the soonest scheduled ones),
so that an organisation of a large population stays one page; sorting and trimming are pure functions."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet

from certlink.models import OutboxMessage
from certlink.timefmt import when
from partners.models import LinkEvent, McidLink, PartnerCredit, PartnerOrganization, PartnerUser
from partners.selectors import credit_leaves_at, credit_stopped_at
from partners.services.credits import Pending, pending_certifications
from profiles.models import Account, CertificationHeld, CertificationProfile
from profiles.rules.certification import on_certiport_transcript
from profiles.selectors import certiport_cutoff
from renewals.models import RenewalReminder
from renewals.policy import policy
from renewals.rules import reminder_schedule
from sim.selectors import sent_to

if TYPE_CHECKING:  # django-stubs' name for a model with annotations; a development dependency, so for mypy only
    from django_stubs_ext import WithAnnotations

LIMIT = 200
# Ties (one instant) read in the order things happen: a credit arrives before the link it came by ends.
KINDS = (
    "earned",
    "renewed",
    "credited",
    "linked",
    "moved",
    "refused",
    "unlinked",
    "removed",
    "reminded",
    "email",
    "expires",
)
_LINK_KINDS: dict[str, str] = {
    LinkEvent.Kind.LINKED: "linked",
    LinkEvent.Kind.UNIVERSITY_LINKED: "linked",
    LinkEvent.Kind.UNLINKED: "unlinked",
    LinkEvent.Kind.UNIVERSITY_UNLINKED: "unlinked",
    LinkEvent.Kind.MOVED: "moved",
    LinkEvent.Kind.REFUSED: "refused",
}  # manual_credit is left out: the credit it added is an event of its own
_REMINDER_TEMPLATES = ("renewal_notice", "renewal_reminder")  # shown as "reminded", not again as emails


@dataclass(frozen=True)
class Event:
    at: datetime
    kind: str
    sentence: str
    scheduled: bool = False


@dataclass(frozen=True)
class Timeline:
    subject: str
    now: datetime
    past: list[Event]
    scheduled: list[Event]

    @property
    def next_at(self) -> datetime | None:
        """The first scheduled moment after now (one due at or before now waits for the next advance)."""
        return next((e.at for e in self.scheduled if e.at > self.now), None)


def arrange(events: Iterable[Event], *, subject: str, now: datetime, limit: int = LIMIT) -> Timeline:
    """Pure: past events (the latest `limit`) and scheduled ones (the soonest `limit`), each in time order."""
    ordered = sorted(events, key=lambda e: (e.at, KINDS.index(e.kind), e.sentence))
    past = [e for e in ordered if not e.scheduled]
    scheduled = [e for e in ordered if e.scheduled]
    return Timeline(subject=subject, now=now, past=past[-limit:] if limit else [], scheduled=scheduled[:limit])


# --- a learner --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Person:
    """Everything of one person: the account asked about, the other accounts of its Learn profile, the certification
    profiles they reach or linked, and the Partner Center users of those accounts or MCIDs."""

    accounts: list[Account]
    profiles: list[CertificationProfile]
    partner_users: list[PartnerUser]

    @property
    def addresses(self) -> set[str]:
        return {a.email.lower() for a in self.accounts} | {p.contact_email.lower() for p in self.profiles}


def person_of(account: Account) -> Person:
    accounts = [account]
    if account.learn_profile is not None:
        accounts += list(account.learn_profile.accounts.exclude(pk=account.pk).filter(deleted_at__isnull=True))
    users = list(PartnerUser.objects.filter(account__in=accounts))
    linked = McidLink.objects.filter(partner_user__in=users).values("profile")
    profiles = list(
        CertificationProfile.objects.filter(merged_into__isnull=True).filter(
            Q(msa__in=accounts) | Q(pk__in=linked) | Q(learn_profile_id=account.learn_profile_id or -1)
        )
    )
    users += list(PartnerUser.objects.filter(mcid_links__profile__in=profiles).exclude(pk__in=[u.pk for u in users]))
    return Person(accounts, profiles, list({u.pk: u for u in users}.values()))


def learner_timeline(*, account: Account, now: datetime, limit: int = LIMIT) -> Timeline:
    person = person_of(account)
    held = list(
        CertificationHeld.objects.filter(profile__in=person.profiles).select_related("certification", "profile")
    )
    credits = PartnerCredit.objects.filter(Q(held__in=held) | Q(partner_user__in=person.partner_users))
    links = LinkEvent.objects.filter(
        Q(partner_user__in=person.partner_users) | Q(mcid__in=[p.mcid for p in person.profiles])
    )
    events = [
        *_certifications(held, now=now),
        *_reminders(held, now=now, limit=limit),
        *_link_events(links, limit=limit),
        *_credits(credits, limit=limit),
        *_pending(pending_certifications().filter(pk__in=[h.pk for h in held]), limit=limit),
        *_emails(person.addresses, limit=limit),
    ]
    subject = f"{account.name} ({account.email}, {account.get_kind_display().lower()})"
    return arrange(events, subject=subject, now=now, limit=limit)


def _certifications(held: list[CertificationHeld], *, now: datetime) -> Iterable[Event]:
    for h in held:
        name = h.certification.name
        stays = " It stays on the Certiport transcript: not on Learn, not in Partner Center (CP-6)."
        stays = stays if _on_certiport(h) else ""
        yield Event(
            h.earned_at,
            "earned",
            f"Earned {name} ({h.number}, {h.get_provider_display()}) on MCID {h.profile.mcid}.{stays}",
        )
        if h.renewed_at and h.expires_at:  # a renewed certification always expires (RN-4)
            yield Event(h.renewed_at, "renewed", f"Renewed {name}: it now expires on {when(h.expires_at)} (RN-4).")
        if h.expires_at:
            future = h.expires_at > now
            verb = "expires" if future else "expired"
            yield Event(h.expires_at, "expires", f"{name} {verb} (CE-3).", scheduled=future)


def _on_certiport(held: CertificationHeld) -> bool:
    return on_certiport_transcript(provider=held.provider, earned_at=held.earned_at, cutoff=certiport_cutoff())


def _reminders(held: list[CertificationHeld], *, now: datetime, limit: int) -> Iterable[Event]:
    """RN-8: the notice and reminders sent, and those still to come in the current cycle of each active, renewable
    certification (not retired, not on the Certiport transcript)."""
    sent = RenewalReminder.objects.filter(held__in=held, sent_at__isnull=False).select_related("held__certification")
    done = set()
    for r in sent.order_by("-sent_at")[:limit]:
        done.add((r.held_id, r.cycle, r.number))
        assert r.sent_at is not None  # the filter
        yield Event(r.sent_at, "reminded", _reminder_sentence(r.number, r.held.certification.name, r.to, sent=True))
    terms = policy()
    for h in held:
        retired = h.certification.retirement_date and h.certification.retirement_date <= now.date()
        if not h.certification.renewable or h.expires_at is None or h.expires_at <= now or retired or _on_certiport(h):
            continue
        for number, at in reminder_schedule(h.expires_at, policy=terms):
            if at > now and (h.pk, h.cycle, number) not in done:
                sentence = _reminder_sentence(number, h.certification.name, h.profile.contact_email, sent=False)
                yield Event(at, "reminded", sentence, scheduled=True)


def _reminder_sentence(number: int, name: str, to: str, *, sent: bool) -> str:
    verb = "sent to" if sent else "goes to"
    if number == 0:
        return f"Renewal notice for {name} {verb} {to}: the renewal window is open (RN-2, RN-8)."
    return f"Renewal reminder {number} for {name} {verb} {to} (RN-8)."


def _emails(addresses: set[str], *, limit: int) -> Iterable[Event]:
    """SIM-2: the emails sent to the person's addresses (renewal emails are already there as "reminded")."""
    messages = (
        OutboxMessage.objects.filter(sent_to(addresses))
        .exclude(template__in=_REMINDER_TEMPLATES)
        .order_by("-sent_at", "-id")[:limit]
    )
    for m in messages:
        yield Event(m.sent_at, "email", f"Email “{m.subject}” to {m.to}.")


# --- Partner Center, for a learner and for an organisation ------------------------------------------------------


def _link_events(events: QuerySet[LinkEvent], *, limit: int) -> Iterable[Event]:
    """PC-7: links, unlinks, moves and refusals as recorded, with who and why."""
    rows = (
        events.filter(kind__in=list(_LINK_KINDS))
        .select_related("partner_user__account", "organization")
        .order_by("-at", "-id")[:limit]
    )
    for e in rows:
        sentence = e.message
        if e.kind == LinkEvent.Kind.REFUSED:
            who = e.partner_user.account.email if e.partner_user else "Someone"
            where = f" at {e.organization.name}" if e.organization else ""
            sentence = f"{who}{where} was refused: {e.message}"
        yield Event(e.at, _LINK_KINDS[e.kind], sentence)


def _credits(credits: QuerySet[PartnerCredit], *, limit: int) -> Iterable[Event]:
    """PC-9, PC-10, PC-13: credits that arrived, credits removed, and the refresh that will remove leaving ones."""
    credits = credits.select_related("organization", "link", "university_link", "partner_user__account")
    for c in credits.order_by("-arrived_at", "-id")[:limit]:
        how = ", added by hand by a support agent (PC-13)" if c.manual else " (PC-9)"
        yield Event(c.arrived_at, "credited", f"{_credit(c)} reached {c.organization.name}'s skills report{how}.")
    for c in credits.filter(removed_at__isnull=False).order_by("-removed_at", "-id")[:limit]:
        removed = c.removed_at
        assert removed is not None  # the filter
        ended = credit_stopped_at(c)
        why = "at the data refresh (PC-10)" if ended and ended < removed else "replaced by its renewed copy (PC-9)"
        yield Event(removed, "removed", f"{_credit(c)} left {c.organization.name}'s skills report, {why}.")
    leaving = credits.filter(removed_at__isnull=True).filter(
        Q(link__ended_at__isnull=False)
        | Q(university_link__ended_at__isnull=False)
        | Q(partner_user__account__deleted_at__isnull=False)
    )
    for c in leaving.order_by("pk")[:limit]:
        at = credit_leaves_at(c)
        assert at is not None  # the filter: a link ended or the account was deleted
        sentence = f"{_credit(c)} leaves {c.organization.name}'s skills report at the data refresh (PC-10)."
        yield Event(at, "removed", sentence, scheduled=True)


def _credit(credit: PartnerCredit) -> str:
    return f"{credit.title} of {' '.join(filter(None, [credit.first_name, credit.last_name])) or credit.work_email}"


def _pending(pending: QuerySet[WithAnnotations[CertificationHeld, Pending]], *, limit: int) -> Iterable[Event]:
    """PC-9: certifications of linked MCIDs on their way, due `CREDIT_PROPAGATION_DAYS` after completion or link."""
    rows = list(pending.order_by("due", "pk").values("due", "link_id", "certification__name", "profile__mcid")[:limit])
    organizations = dict(
        McidLink.objects.filter(pk__in={r["link_id"] for r in rows}).values_list("pk", "organization__name")
    )
    for r in rows:
        sentence = (
            f"{r['certification__name']} of MCID {r['profile__mcid']} reaches {organizations[r['link_id']]}'s "
            "skills report (PC-9)."
        )
        yield Event(r["due"], "credited", sentence, scheduled=True)


def organization_timeline(*, organization: PartnerOrganization, now: datetime, limit: int = LIMIT) -> Timeline:
    live_links = McidLink.objects.filter(organization=organization, ended_at__isnull=True)
    live = live_links.values("pk")
    # Narrowed to the organisation's people first, so the live-link subquery runs over their certifications only.
    pending = pending_certifications().filter(profile_id__in=live_links.values("profile_id"), link_id__in=live)
    events = [
        *_link_events(LinkEvent.objects.filter(organization=organization), limit=limit),
        *_credits(PartnerCredit.objects.filter(organization=organization), limit=limit),
        *_pending(pending, limit=limit),
    ]
    subject = f"{organization.name} (PartnerID {organization.partner_id})"
    return arrange(events, subject=subject, now=now, limit=limit)
