"""Reads of My Learn profile (PC-2, PC-3, PC-8, PC-9): the page itself with its pending credits, and before an action
that starts a wait (PC-8) when the next association may start, the refusal an association would get now, and when
the one after it could start if one started now; and "why not counted" (PC-14) with the certifications a person asks
about first. Above partners.selectors and partners.services, which both import nothing from here."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext as _

from certlink.errors import Refusal
from partners import rules
from partners.models import (
    LinkEvent,
    McidLink,
    PartnerCredit,
    PartnerOrganization,
    PartnerUniversityAccount,
    PartnerUniversityLink,
    PartnerUser,
)
from partners.selectors import credit_leaves_at, designations_of, live_link, live_university_link
from partners.services.credits import pending_assessments, pending_certifications
from partners.services.links import limits, not_linked
from profiles.models import Certification, CertificationHeld, CertificationProfile
from profiles.rules.certification import on_certiport_transcript
from profiles.selectors import certiport_cutoff


@dataclass(frozen=True)
class AssociationOutlook:
    limits: rules.Limits
    next_at: datetime | None  # the first moment a new association may start (None: any time)
    refused: Refusal | None  # PC-8's refusal an association would get now, in the service's words
    next_if_now: datetime  # the first moment the one after may start, if an association starts now

    def waits(self, now: datetime) -> bool:
        """An association may not start at `now`: a cool-off or the yearly limit runs."""
        return self.next_at is not None and self.next_at > now


def association_outlook(*, profile: CertificationProfile | None, now: datetime) -> AssociationOutlook:
    """PC-8 for the MCID a person links (or last linked): one rule, next_association_at, gives every date."""
    starts = list(McidLink.objects.filter(profile=profile).values_list("started_at", flat=True)) if profile else []
    in_force = limits()
    return AssociationOutlook(
        limits=in_force,
        next_at=rules.next_association_at(starts, limits=in_force),
        refused=rules.association_refusal(starts, now=now, limits=in_force),
        next_if_now=rules.next_association_at([*starts, now], limits=in_force) or now + in_force.cooloff,
    )


def association_outlook_for(*, user: PartnerUser, now: datetime) -> AssociationOutlook:
    link = live_link(user)
    return association_outlook(profile=link.profile if link else last_profile(user), now=now)


@dataclass(frozen=True)
class RemovalPreview:
    """What "Remove access" will do, said before it does it (PC-6, PC-8, PC-10)."""

    what: str  # "mcid" or "university"
    link: McidLink | PartnerUniversityLink
    credits_leave_at: datetime  # the data refresh that removes its credits from the skills report (PC-10)
    association: AssociationOutlook | None  # PC-8's dates, for an MCID: removing it doesn't reset them
    waits_until: datetime | None  # PC-8: no association may start before it (None: one may start now)


def removal_preview(*, user: PartnerUser, what: str, now: datetime) -> RemovalPreview:
    """PC-6: the access `what` of `user` as it would be removed at `now`; refused as the service would refuse it
    when there is nothing to remove."""
    link = live_university_link(user) if what == "university" else live_link(user)
    if link is None:
        raise not_linked(what)
    outlook = association_outlook(profile=link.profile, now=now) if isinstance(link, McidLink) else None
    leaves = rules.leaves_at_refresh(now, day_of_month=settings.SKILLS_REFRESH_DAY)
    waits = outlook.next_at if outlook is not None and outlook.waits(now) else None
    return RemovalPreview(what=what, link=link, credits_leave_at=leaves, association=outlook, waits_until=waits)


Choices = list[tuple[str, str]] | list[tuple[str, list[tuple[str, str]]]]


def why_certification_choices(*, user: PartnerUser) -> Choices:
    """PC-14: the catalog, led by the certifications held by the MCIDs `user` has linked, now or before (each
    proved theirs by signing in with its MSA, PC-2: after "Remove access" the question is the same), grouped when
    there are any. One query."""
    yours = CertificationHeld.objects.filter(certification=OuterRef("pk"), profile__mcid_links__partner_user=user)
    catalog = list(
        Certification.objects.annotate(yours=Exists(yours)).order_by("name").values_list("slug", "name", "yours")
    )
    every = [(slug, name) for slug, name, _yours in catalog]
    own = [(slug, name) for slug, name, held in catalog if held]
    if not own:
        return every
    return [(_("Your certifications"), own), (_("All certifications"), every)]


# --- My Learn profile (PC-2, PC-3, PC-8, PC-9) and why not counted (PC-14) ------------------------------------


@dataclass(frozen=True)
class Pending:
    title: str
    due_at: datetime


@dataclass(frozen=True)
class MyLearnProfile:
    user: PartnerUser
    link: McidLink | None
    university: PartnerUniversityLink | None
    next_association_at: datetime | None
    history: list[LinkEvent]
    pending: list[Pending]
    credits: list[PartnerCredit]
    learn_one_step: str  # "use email@address": the linked Partner University email is an MSA with an MCID
    university_one_step: str  # the linked MCID's MSA email has a Partner University account
    association: AssociationOutlook  # PC-8: the dates, and the refusal an association would get now


def my_learn_profile(*, user: PartnerUser, now: datetime) -> MyLearnProfile:
    link = live_link(user)
    university = live_university_link(user)
    association = association_outlook(profile=link.profile if link else last_profile(user), now=now)
    # Narrowed to this person's own profile (and Partner University account) first: filtering only on the annotated
    # link would make the database work out the live link of every certification held in the world (PC-9).
    pending = (
        [
            Pending(h.certification.name, h.due)
            for h in pending_certifications()
            .filter(profile_id=link.profile_id, link_id=link.pk)
            .select_related("certification")
        ]
        if link
        else []
    )
    if university:  # Partner University assessments are on their way too (PC-9)
        assessments = pending_assessments().filter(account_id=university.account_id, link_id=university.pk)
        pending += [Pending(c.title, c.due) for c in assessments]
    return MyLearnProfile(
        user=user,
        link=link,
        university=university,
        next_association_at=association.next_at,
        history=list(LinkEvent.objects.filter(partner_user=user).order_by("-at", "-id")[:20]),
        pending=sorted(pending, key=lambda p: p.due_at),
        credits=list(PartnerCredit.objects.filter(partner_user=user, removed_at__isnull=True, arrived_at__lte=now)),
        learn_one_step=_learn_one_step(link, university),
        university_one_step=_university_one_step(link, university),
        association=association,
    )


def last_profile(user: PartnerUser) -> CertificationProfile | None:
    """The MCID this person last linked, or last tried to (a refused attempt records it, PC-7)."""
    last = McidLink.objects.filter(partner_user=user).select_related("profile").order_by("-started_at").first()
    if last:
        return last.profile
    mcid = (
        LinkEvent.objects.filter(partner_user=user, mcid__isnull=False)
        .order_by("-at", "-id")
        .values_list("mcid", flat=True)
        .first()
    )
    return CertificationProfile.objects.filter(mcid=mcid).first() if mcid else None


def _learn_one_step(link: McidLink | None, university: PartnerUniversityLink | None) -> str:
    if link is not None or university is None:
        return ""
    email = university.account.email
    has_mcid = CertificationProfile.objects.filter(msa__email=email, merged_into__isnull=True).exists()
    return email if has_mcid else ""


def _university_one_step(link: McidLink | None, university: PartnerUniversityLink | None) -> str:
    if link is None or university is not None or link.profile.msa is None:
        return ""
    email = link.profile.msa.email
    return email if PartnerUniversityAccount.objects.filter(email=email).exists() else ""


@dataclass(frozen=True)
class Explanation:
    person: PartnerUser
    certification: Certification
    code: str
    message: str


def why_not_counted(
    *, organization: PartnerOrganization, person: PartnerUser, certification: Certification, now: datetime
) -> Explanation:
    """PC-14: why a person's certification is, or is not, counted for the organisation."""
    link = live_link(person)
    held = (
        CertificationHeld.objects.filter(profile=link.profile, certification=certification).first() if (link) else None
    )
    credit = (
        PartnerCredit.objects.filter(
            organization=organization,
            partner_user=person,
            activity_id=certification.slug,
            removed_at__isnull=True,
            arrived_at__lte=now,
        )
        .select_related("link", "university_link", "partner_user__account")
        .first()
    )
    pending = pending_certifications().filter(pk=held.pk).values_list("due", flat=True).first() if held else None
    facts = rules.CreditFacts(
        linked=link is not None,
        linked_elsewhere=_linked_elsewhere(person, organization),
        held=held is not None,
        certiport=held is not None
        and on_certiport_transcript(provider=held.provider, earned_at=held.earned_at, cutoff=certiport_cutoff()),
        due_at=pending,
        arrived=credit is not None,
        expired=bool(credit and credit.expires_at and credit.expires_at <= now),
        eligible=designations_of(certification.slug),
        leaves_at=credit_leaves_at(credit),
        manual=bool(credit and credit.manual),
    )
    code, message = rules.why_not_counted(
        facts, name=person.account.name, certification=certification.name, certiport_cutoff=certiport_cutoff()
    )
    return Explanation(person, certification, code, message)


def _linked_elsewhere(person: PartnerUser, organization: PartnerOrganization) -> str:
    """The other organisation that holds the MCID this person last linked here, if it moved there."""
    if person.organization_id != organization.pk or live_link(person) is not None:
        return ""
    last = last_profile(person)
    other = (
        McidLink.objects.filter(profile=last, ended_at__isnull=True)
        .exclude(organization=organization)
        .select_related("organization")
        .first()
        if last
        else None
    )
    return other.organization.name if other else ""
