"""Reads of renewals: a certification held as Learn shows it (status, window, days left), and what its renewal
page needs (the assessment, the attempts, whether an attempt may start now and why not)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.utils.translation import gettext as _

from certlink.errors import Refusal
from profiles.models import Account, CertificationHeld, CertificationProfile
from profiles.rules.certification import on_certiport_transcript
from profiles.selectors import certiport_cutoff
from renewals import rules
from renewals.models import RenewalAssessment, RenewalAttempt
from renewals.policy import policy


@dataclass(frozen=True)
class HeldView:
    held: CertificationHeld
    status: str
    status_label: str
    expires_at: datetime | None
    days_left: int | None
    window_opens_at: datetime | None
    can_renew: bool


def held_view(held: CertificationHeld, *, now: datetime) -> HeldView:
    p = policy()
    certification = held.certification
    state = rules.status(
        level=certification.level,
        expires_at=held.expires_at,
        retirement_date=certification.retirement_date,
        now=now,
        policy=p,
    )
    opens = rules.window_opens_at(held.expires_at, policy=p) if held.expires_at and certification.renewable else None
    days = (held.expires_at - now).days if held.expires_at and held.expires_at > now else None
    return HeldView(held, state, str(rules.STATUS_LABELS[state]), held.expires_at, days, opens, state == "in_window")


def held_views(helds: list[CertificationHeld], *, now: datetime) -> list[HeldView]:
    return [held_view(h, now=now) for h in helds]


def renewable_held(*, account: Account, held_id: int) -> CertificationHeld:
    """A certification held that this person may look at on Learn: of the certification profile connected to their
    Learn profile, or of the one their personal account reaches (to say it isn't connected). Anyone else's: 404."""
    mine = CertificationProfile.objects.filter(merged_into__isnull=True).filter(
        **({"learn_profile_id": account.learn_profile_id} if account.learn_profile_id else {"pk": -1})
    ) | CertificationProfile.objects.filter(msa=account)
    held = (
        CertificationHeld.objects.filter(pk=held_id, profile__in=mine)
        .select_related("certification", "profile")
        .first()
    )
    if held is None:
        raise Refusal("certification_not_found", _("There's no such certification on your profile."), status=404)
    return held


@dataclass(frozen=True)
class RenewalPage:
    held: CertificationHeld
    view: HeldView
    assessment: RenewalAssessment | None
    attempts: list[RenewalAttempt]
    refusal: Refusal | None
    next_attempt_at: datetime | None


def renewal_page(*, account: Account, held: CertificationHeld, now: datetime) -> RenewalPage:
    assessment = RenewalAssessment.objects.filter(certification=held.certification).first()
    attempts = list(RenewalAttempt.objects.filter(held=held).order_by("-cycle", "-number"))
    this_cycle = tuple(a.submitted_at for a in attempts if a.cycle == held.cycle)
    refusal = None
    try:
        rules.check_can_renew(renewable_item(held, account=account, attempts=this_cycle), now=now, policy=policy())
    except Refusal as refused:
        refusal = refused
    return RenewalPage(
        held,
        held_view(held, now=now),
        assessment,
        attempts,
        refusal,
        rules.next_attempt_at(list(this_cycle), policy=policy()),
    )


def renewable_item(held: CertificationHeld, *, account: Account, attempts: tuple[datetime, ...]) -> rules.Renewable:
    certification = held.certification
    has_assessment = RenewalAssessment.objects.filter(certification=certification).exists()
    return rules.Renewable(
        name=certification.name,
        level=certification.level,
        expires_at=held.expires_at,
        retirement_date=certification.retirement_date,
        assessment_from=rules.assessment_available_from(certification.release_date, policy=policy()),
        has_assessment=has_assessment,
        connected=bool(account.learn_profile_id) and held.profile.learn_profile_id == account.learn_profile_id,
        attempts=attempts,
        on_learn=not on_certiport_transcript(
            provider=held.provider, earned_at=held.earned_at, cutoff=certiport_cutoff()
        ),
        exams=tuple(sorted(certification.exams.values_list("code", flat=True))),
    )
