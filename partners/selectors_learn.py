"""Reads of My Learn profile before an action that starts a wait (PC-8): when the next association may start, the
refusal an association would get now, and when the one after it could start if one started now; and the
certifications a person asks about first on "why not counted" (PC-14)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext as _

from certlink.errors import Refusal
from partners import rules
from partners.models import McidLink, PartnerUniversityLink, PartnerUser
from profiles.models import Certification, CertificationHeld, CertificationProfile


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
    from partners.services.links import limits

    starts = list(McidLink.objects.filter(profile=profile).values_list("started_at", flat=True)) if profile else []
    in_force = limits()
    return AssociationOutlook(
        limits=in_force,
        next_at=rules.next_association_at(starts, limits=in_force),
        refused=rules.association_refusal(starts, now=now, limits=in_force),
        next_if_now=rules.next_association_at([*starts, now], limits=in_force) or now + in_force.cooloff,
    )


def association_outlook_for(*, user: PartnerUser, now: datetime) -> AssociationOutlook:
    from partners.selectors import last_profile, live_link

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
    from partners.selectors import live_link, live_university_link
    from partners.services.links import not_linked

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
