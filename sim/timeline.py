"""Reads only: a learner's or an organisation's events in simulated time (SIM-1), past and scheduled, each with its
date, its kind and a sentence. Past events come from the records (earned, renewed, reminders sent, link events,
credits arrived and removed, support requests answered, emails); scheduled ones from the rules that will make them
happen (the reminder schedule of RN-8, the credits pending under PC-9, the refresh that removes a leaver's credits
under PC-10, the day an association is allowed again after a refusal under PC-8). A person's notifications (PR-2,
sim.notifications) are the events of some of these kinds: `person_events` gives both.

The queries take at most `limit` events of each kind around now (the latest past ones, the soonest scheduled ones),
so that an organisation of a large population stays one page; sorting and trimming are pure functions."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from certlink.models import OutboxMessage
from certlink.timefmt import when
from partners.models import (
    LinkEvent,
    McidLink,
    PartnerCredit,
    PartnerOrganization,
    PartnerSupportRequest,
    PartnerUser,
)
from partners.rules import next_association_at
from partners.selectors import credit_leaves_at, credit_stopped_at, credits_leaving
from partners.services.credits import Pending, pending_certifications
from partners.services.links import limits
from profiles.models import Account, CertificationHeld, CertificationProfile, SupportRequest
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
    "allowed",
    "unlinked",
    "removed",
    "reminded",
    "answered",
    "email",
    "expires",
)
# What the timeline's tag calls each kind (the kind itself stays the page's data-kind and the API's value).
KIND_LABELS = {
    "earned": pgettext_lazy("timeline event", "earned"),
    "renewed": pgettext_lazy("timeline event", "renewed"),
    "credited": pgettext_lazy("timeline event", "credited"),
    "linked": pgettext_lazy("timeline event", "linked"),
    "moved": pgettext_lazy("timeline event", "moved"),
    "refused": pgettext_lazy("timeline event", "refused"),
    "allowed": pgettext_lazy("timeline event", "allowed"),
    "unlinked": pgettext_lazy("timeline event", "unlinked"),
    "removed": pgettext_lazy("timeline event", "removed"),
    "reminded": pgettext_lazy("timeline event", "reminded"),
    "answered": pgettext_lazy("timeline event", "answered"),
    "email": pgettext_lazy("timeline event", "email"),
    "expires": pgettext_lazy("timeline event", "expires"),
}
_LINK_KINDS: dict[str, str] = {
    LinkEvent.Kind.LINKED: "linked",
    LinkEvent.Kind.UNIVERSITY_LINKED: "linked",
    LinkEvent.Kind.UNLINKED: "unlinked",
    LinkEvent.Kind.UNIVERSITY_UNLINKED: "unlinked",
    LinkEvent.Kind.MOVED: "moved",
    LinkEvent.Kind.REFUSED: "refused",
}  # manual_credit is left out: the credit it added is an event of its own
_REMINDER_TEMPLATES = ("renewal_notice", "renewal_reminder")  # shown as "reminded", not again as emails
# PC-8's refusals, after which an association is allowed again on a date the rule gives
_LIMIT_CODES = ("association_cooloff", "association_yearly_limit")


@dataclass(frozen=True)
class Event:
    at: datetime
    kind: str
    sentence: str
    scheduled: bool = False
    # The record it comes from, stable for as long as the record is there ("credited:12"): what a person marks read
    # (PR-2). Empty for events no one is notified of.
    key: str = ""
    # A scheduled event already certain before it happens (a credit leaving at the refresh, PC-10): when it became so.
    announced_at: datetime | None = None

    @property
    def kind_label(self) -> str:
        return str(KIND_LABELS.get(self.kind, self.kind))


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
    if account.learn_profile_id is not None:
        others = Account.objects.filter(learn_profile_id=account.learn_profile_id, deleted_at__isnull=True)
        accounts += list(others.exclude(pk=account.pk))
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
    events = person_events(person_of(account), now=now, limit=limit)
    # Translators: a timeline's subject, e.g. "Kenji Tanaka (kenji@outlook.example, personal account)".
    subject = _("%(name)s (%(email)s, %(kind)s)") % {
        "name": account.name,
        "email": account.email,
        "kind": account.get_kind_display().lower(),
    }
    return arrange(events, subject=subject, now=now, limit=limit)


def person_events(
    person: Person, *, now: datetime, limit: int = LIMIT, kinds: Collection[str] = KINDS, pending: bool = True
) -> list[Event]:
    """The person's events of `kinds`, past and scheduled, unsorted: each source is read only when one of its kinds
    is asked for (a learner's timeline asks for all of them, the notifications of PR-2 for a few). `pending=False`
    leaves out PC-9's credits on their way, a source of nothing but scheduled events."""
    wanted = set(kinds).intersection
    held: list[CertificationHeld] = []
    if wanted({"earned", "renewed", "expires", "reminded", "credited"}):
        held = list(
            CertificationHeld.objects.filter(profile__in=person.profiles).select_related("certification", "profile")
        )
    links = LinkEvent.objects.filter(
        Q(partner_user__in=person.partner_users) | Q(mcid__in=[p.mcid for p in person.profiles])
    )
    credits = PartnerCredit.objects.filter(Q(held__in=held) | Q(partner_user__in=person.partner_users))
    sources = [
        ({"earned", "renewed", "expires"}, lambda: _certifications(held, now=now)),
        ({"reminded"}, lambda: _reminders(held, now=now, limit=limit)),
        ({"linked", "moved", "refused", "unlinked"}, lambda: _link_events(links, limit=limit)),
        ({"allowed"}, lambda: _allowed(links, now=now, limit=limit)),
        ({"credited", "removed"}, lambda: _credits(credits, limit=limit)),
        (
            {"credited"} if pending else set(),
            lambda: _pending(pending_certifications().filter(pk__in=[h.pk for h in held]), limit=limit),
        ),
        ({"answered"}, lambda: _answered(person, limit=limit)),
        ({"email"}, lambda: _emails(person.addresses, limit=limit)),
    ]
    return [e for source_kinds, read in sources if wanted(source_kinds) for e in read() if e.kind in kinds]


def _certifications(held: list[CertificationHeld], *, now: datetime) -> Iterable[Event]:
    for h in held:
        name = h.certification.name
        values = {"name": name, "number": h.number, "provider": h.get_provider_display(), "mcid": h.profile.mcid}
        earned = _("Earned %(name)s (%(number)s, %(provider)s) on MCID %(mcid)s.") % values
        if _on_certiport(h):
            earned += " " + _("It stays on the Certiport transcript: not on Learn, not in Partner Center (CP-6).")
        yield Event(h.earned_at, "earned", earned)
        if h.renewed_at and h.expires_at:  # a renewed certification always expires (RN-4)
            renewed = _("Renewed %(name)s: it now expires on %(expires)s (RN-4).")
            yield Event(h.renewed_at, "renewed", renewed % {"name": name, "expires": when(h.expires_at)})
        if h.expires_at:
            future = h.expires_at > now
            sentence = _("%(name)s expires (CE-3).") if future else _("%(name)s expired (CE-3).")
            yield Event(h.expires_at, "expires", sentence % {"name": name}, scheduled=future)


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
        sentence = _reminder_sentence(r.number, r.held.certification.name, r.to, sent=True)
        yield Event(r.sent_at, "reminded", sentence, key=f"reminded:{r.pk}")
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
    values = {"number": number, "name": name, "to": to}
    if number == 0 and sent:
        return _("Renewal notice for %(name)s sent to %(to)s: the renewal window is open (RN-2, RN-8).") % values
    if number == 0:
        return _("Renewal notice for %(name)s goes to %(to)s: the renewal window is open (RN-2, RN-8).") % values
    if sent:
        return _("Renewal reminder %(number)s for %(name)s sent to %(to)s (RN-8).") % values
    return _("Renewal reminder %(number)s for %(name)s goes to %(to)s (RN-8).") % values


def _emails(addresses: set[str], *, limit: int) -> Iterable[Event]:
    """SIM-2: the emails sent to the person's addresses (renewal emails are already there as "reminded")."""
    messages = (
        OutboxMessage.objects.filter(sent_to(addresses))
        .exclude(template__in=_REMINDER_TEMPLATES)
        .order_by("-sent_at", "-id")[:limit]
    )
    for m in messages:
        sentence = _("Email “%(subject)s” to %(to)s.") % {"subject": m.subject, "to": m.to}
        yield Event(m.sent_at, "email", sentence, key=f"email:{m.pk}")


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
            who = e.partner_user.account.email if e.partner_user else _("Someone")
            values = {"who": who, "organization": e.organization.name if e.organization else "", "why": e.message}
            sentence = (
                _("%(who)s at %(organization)s was refused: %(why)s")
                if e.organization
                else _("%(who)s was refused: %(why)s")
            ) % values
        kind = _LINK_KINDS[e.kind]
        yield Event(e.at, kind, sentence, key=f"{kind}:{e.pk}")


def _allowed(events: QuerySet[LinkEvent], *, now: datetime, limit: int) -> Iterable[Event]:
    """PC-8: after an association refused by the cool-off or the yearly limit, the day one may start again, from the
    same rule as the refusal (next_association_at over the MCID's associations that had started by then). Refusals
    that wait for the same day make one event, named after the first of them."""
    rows = (
        events.filter(kind=LinkEvent.Kind.REFUSED, code__in=_LIMIT_CODES, mcid__isnull=False)
        .order_by("-at", "-id")
        .values_list("pk", "at", "mcid")[:limit]
    )
    refusals = sorted((pk, at, mcid) for pk, at, mcid in rows if mcid is not None)  # the first (lowest id) first
    starts: dict[int, list[datetime]] = defaultdict(list)
    if refusals:
        linked = McidLink.objects.filter(profile__mcid__in={mcid for _pk, _at, mcid in refusals})
        for linked_mcid, started in linked.values_list("profile__mcid", "started_at"):
            starts[linked_mcid].append(started)
    first: dict[tuple[int, datetime], int] = {}
    for pk, at, mcid in refusals:
        allowed = next_association_at([s for s in starts[mcid] if s <= at], limits=limits())
        if allowed is not None:
            first.setdefault((mcid, allowed), pk)
    for (mcid, allowed), pk in first.items():
        if allowed > now:
            sentence = _("MCID %(mcid)s may be associated with a partner organization again (PC-8).")
        else:
            sentence = _("MCID %(mcid)s may be associated with a partner organization again: the wait is over (PC-8).")
        yield Event(allowed, "allowed", sentence % {"mcid": mcid}, scheduled=allowed > now, key=f"allowed:{pk}")


def _credits(credits: QuerySet[PartnerCredit], *, limit: int) -> Iterable[Event]:
    """PC-9, PC-10, PC-13: credits that arrived, credits removed, and the refresh that will remove leaving ones."""
    credits = credits.select_related("organization", "link", "university_link", "partner_user__account")
    for c in credits.order_by("-arrived_at", "-id")[:limit]:
        values = {"credit": _credit(c), "organization": c.organization.name}
        if c.manual:
            sentence = _(
                "%(credit)s reached %(organization)s's skills report, added by hand by a support agent (PC-13)."
            )
        else:
            sentence = _("%(credit)s reached %(organization)s's skills report (PC-9).")
        yield Event(c.arrived_at, "credited", sentence % values, key=f"credited:{c.pk}")
    for c in credits.filter(removed_at__isnull=False).order_by("-removed_at", "-id")[:limit]:
        removed = c.removed_at
        assert removed is not None  # the filter
        ended = credit_stopped_at(c)
        values = {"credit": _credit(c), "organization": c.organization.name}
        if ended and ended < removed:
            sentence = _("%(credit)s left %(organization)s's skills report, at the data refresh (PC-10).")
        else:
            sentence = _("%(credit)s left %(organization)s's skills report, replaced by its renewed copy (PC-9).")
        yield Event(removed, "removed", sentence % values, key=f"removed:{c.pk}")
    for c in credits_leaving(credits).order_by("pk")[:limit]:
        at = credit_leaves_at(c)
        assert at is not None  # the filter: a link ended or the account was deleted
        values = {"credit": _credit(c), "organization": c.organization.name}
        sentence = _("%(credit)s leaves %(organization)s's skills report at the data refresh (PC-10).") % values
        yield Event(at, "removed", sentence, scheduled=True, key=f"leaving:{c.pk}", announced_at=credit_stopped_at(c))


def _credit(credit: PartnerCredit) -> str:
    person = " ".join(filter(None, [credit.first_name, credit.last_name])) or credit.work_email
    # Translators: a credit in a sentence: "Azure Administrator Associate of Megan Bowen".
    return _("%(title)s of %(person)s") % {"title": credit.title, "person": person}


def _pending(pending: QuerySet[WithAnnotations[CertificationHeld, Pending]], *, limit: int) -> Iterable[Event]:
    """PC-9: certifications of linked MCIDs on their way, due `CREDIT_PROPAGATION_DAYS` after completion or link."""
    rows = list(pending.order_by("due", "pk").values("due", "link_id", "certification__name", "profile__mcid")[:limit])
    organizations = dict(
        McidLink.objects.filter(pk__in={r["link_id"] for r in rows}).values_list("pk", "organization__name")
    )
    for r in rows:
        sentence = _("%(certification)s of MCID %(mcid)s reaches %(organization)s's skills report (PC-9).") % {
            "certification": r["certification__name"],
            "mcid": r["profile__mcid"],
            "organization": organizations[r["link_id"]],
        }
        yield Event(r["due"], "credited", sentence, scheduled=True)


def _answered(person: Person, *, limit: int) -> Iterable[Event]:
    """Support answered: the person's certification support requests processed or rejected (AL-1, CP-4), and the
    Partner Center credit requests they filed or that name them, accepted or rejected (PC-13)."""
    requests = SupportRequest.objects.filter(
        requester__in=person.accounts,
        state__in=[SupportRequest.State.PROCESSED, SupportRequest.State.REJECTED],
        closed_at__isnull=False,
    )
    for r in requests.order_by("-closed_at", "-id")[:limit]:
        values = {"number": r.pk, "kind": r.get_kind_display(), "reason": r.rejection_reason}
        if r.state == SupportRequest.State.PROCESSED:
            sentence = _("Certification support answered your request #%(number)s (%(kind)s): it is done.")
        else:
            sentence = _("Certification support answered your request #%(number)s (%(kind)s): rejected. %(reason)s")
        assert r.closed_at is not None  # the filter
        yield Event(r.closed_at, "answered", sentence % values, key=f"answered:support:{r.pk}")
    users = [u.pk for u in person.partner_users]
    decided = (
        PartnerSupportRequest.objects.filter(Q(filed_by__in=users) | Q(person__in=users), decided_at__isnull=False)
        .exclude(state=PartnerSupportRequest.State.OPEN)
        .select_related("held__certification", "person__account")
    )
    for c in decided.order_by("-decided_at", "-id")[:limit]:
        values = {"certification": c.held.certification.name, "person": c.person.account.email, "reason": c.decision}
        if c.state == PartnerSupportRequest.State.ACCEPTED:
            sentence = _("Partner support added %(certification)s of %(person)s to the skills report by hand (PC-13).")
        else:
            sentence = _("Partner support rejected the request for %(certification)s of %(person)s: %(reason)s")
        assert c.decided_at is not None  # the filter
        yield Event(c.decided_at, "answered", sentence % values, key=f"answered:credit:{c.pk}")


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
    subject = _("%(name)s (PartnerID %(partner_id)s)") % {
        "name": organization.name,
        "partner_id": organization.partner_id,
    }
    return arrange(events, subject=subject, now=now, limit=limit)
