"""Reads of profiles: tenants, Learn and certification profiles, the alignment doctor, support requests."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from django.conf import settings
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from certlink.errors import Refusal
from profiles.models import (
    Account,
    Alignment,
    CertificationHeld,
    CertificationProfile,
    LearnProfile,
    SupportRequest,
    Tenant,
    TranscriptShare,
)
from profiles.rules import alignment
from profiles.rules.alignment import Diagnosis, IdentityMap
from profiles.rules.certification import on_certiport_transcript


def tenant_administered_by(by: Account) -> Tenant:
    """The tenant whose work accounts `by` may manage, or a refusal if `by` is no tenant admin."""
    tenant = by.tenant if by.is_active and by.is_tenant_admin else None
    if tenant is None:
        raise Refusal(
            "not_tenant_admin",
            _("Only an admin of your organisation's directory can manage its work accounts. Ask one of them."),
            status=403,
        )
    return tenant


def tenant_accounts(*, by: Account) -> QuerySet[Account]:
    """The work accounts of `by`'s tenant, live ones first (tenant admins only)."""
    tenant = tenant_administered_by(by)
    return Account.objects.filter(tenant=tenant).select_related("tenant").order_by("deleted_at", "email")


def other_certification_profiles(profile: CertificationProfile) -> list[CertificationProfile]:
    """CP-4: the same person's other live certification profiles (same contact email), which must be merged."""
    return list(
        CertificationProfile.objects.filter(contact_email__iexact=profile.contact_email, merged_into__isnull=True)
        .exclude(pk=profile.pk)
        .order_by("mcid")
    )


def learn_accounts(learn: LearnProfile) -> list[Account]:
    return list(learn.accounts.filter(deleted_at__isnull=True).select_related("tenant").order_by("kind", "email"))


def proven_certification_profiles(*, learn: LearnProfile, alignment: Alignment | None) -> list[CertificationProfile]:
    """AL-5: the certification profiles this learner has proven to be theirs: connected to the Learn profile,
    reached by one of its accounts (added by signing in with it, LP-3), or named by the alignment in progress
    (signed in with its MSA). A proven profile since merged counts as the one it was merged into. Never found by
    an address: certlink shows no profile, MCID or address a person has not proven."""
    named = Q(learn_profile=learn) | Q(msa__learn_profile=learn)
    if alignment and alignment.certification_profile_id:
        named |= Q(pk=alignment.certification_profile_id) | Q(aliases=alignment.certification_profile_id)
    live = CertificationProfile.objects.filter(merged_into__isnull=True).select_related("msa")
    return list(live.filter(named).distinct().order_by("mcid"))


def unproven_sharing_contact(profiles: list[CertificationProfile]) -> int:
    """CP-4: how many other live profiles share a proven profile's contact email (a count; nothing of them)."""
    proven = {p.pk for p in profiles}
    return len({other.pk for p in profiles for other in other_certification_profiles(p)} - proven)


@dataclass(frozen=True)
class IdentityPicture:
    """The alignment doctor's page (AL-5): the map of accounts and profiles, and the diagnosis."""

    learn: LearnProfile
    accounts: list[Account]
    certification_profiles: list[CertificationProfile]
    alignment: Alignment | None
    map: IdentityMap
    diagnosis: Diagnosis


def identity_picture(*, signed_in: Account, learn: LearnProfile) -> IdentityPicture:
    accounts = learn_accounts(learn)
    kept = Alignment.objects.filter(learn_profile=learn, ended_at__isnull=True).select_related("support_request")
    in_progress = kept.first()
    profiles = proven_certification_profiles(learn=learn, alignment=in_progress)
    requests = {
        r.kind: r.state
        for r in SupportRequest.objects.filter(requester__learn_profile=learn).order_by("created_at", "id")
    }
    request = in_progress.support_request if in_progress else None
    identity = alignment.IdentityMap(
        signed_in_kind=signed_in.kind,
        learn_msa_email=next((a.email for a in accounts if a.kind == "msa"), ""),
        work_accounts=sum(1 for a in accounts if a.kind == "work"),
        certs=tuple(_cert_view(p, learn, signed_in) for p in profiles),
        request_state=request.state if request else requests.get("change_msa", ""),
        merge_request_state=requests.get("merge", ""),
        progress=alignment.Progress(
            path=in_progress.path if in_progress else "", claimed_mcid=request.claimed_mcid if request else None
        ),
        unproven_sharing_contact=unproven_sharing_contact(profiles),
    )
    return IdentityPicture(learn, accounts, profiles, in_progress, identity, alignment.diagnose(identity))


def _cert_view(profile: CertificationProfile, learn: LearnProfile, signed_in: Account) -> alignment.CertView:
    msa = profile.msa
    on = (
        "" if msa is None or msa.learn_profile_id is None else ("this" if msa.learn_profile_id == learn.pk else "other")
    )
    return alignment.CertView(
        mcid=profile.mcid,
        msa_email=msa.email if msa else "",
        msa_on=on,
        connected_here=profile.learn_profile_id == learn.pk,
        signed_in_with_msa=msa is not None and msa.pk == signed_in.pk,
    )


def certiport_cutoff() -> date:
    return date.fromisoformat(settings.CERTIPORT_CUTOFF)


def on_certiport_transcript_q() -> Q:
    """CP-6's on_certiport_transcript as a filter on certifications held: through Certiport, on or after the cut-off."""
    return Q(provider="certiport", earned_at__gte=datetime.combine(certiport_cutoff(), time.min, tzinfo=UTC))


def certifications_on_learn(profile: CertificationProfile | None) -> list[CertificationHeld]:
    """LP-7, CP-6: the connected profile's certifications as Learn shows them: not those on the Certiport
    transcript."""
    if profile is None:
        return []
    held = CertificationHeld.objects.filter(profile=profile).select_related("certification")
    return [
        h
        for h in held
        if not on_certiport_transcript(provider=h.provider, earned_at=h.earned_at, cutoff=certiport_cutoff())
    ]


def certiport_transcript(profile: CertificationProfile) -> list[CertificationHeld]:
    """CP-6: the certifications that stay on the Certiport transcript."""
    held = CertificationHeld.objects.filter(profile=profile).select_related("certification")
    return [
        h
        for h in held
        if on_certiport_transcript(provider=h.provider, earned_at=h.earned_at, cutoff=certiport_cutoff())
    ]


def shared_transcript(token: str) -> tuple[LearnProfile, list[CertificationHeld]] | None:
    """LP-8: a live share link's transcript; a revoked or unknown link shows nothing."""
    share = TranscriptShare.objects.filter(token=token, revoked_at__isnull=True).select_related("profile").first()
    if share is None:
        return None
    connected = CertificationProfile.objects.filter(learn_profile=share.profile).first()
    return share.profile, certifications_on_learn(connected)


def support_requests_visible_to(account: Account) -> QuerySet[SupportRequest]:
    """The requester sees their own requests; agents see every request (a private session: nobody else)."""
    requests = SupportRequest.objects.select_related("requester", "agent")
    return requests if account.is_agent else requests.filter(requester=account)


def connected_certification_profile(learn: LearnProfile) -> CertificationProfile | None:
    """LP-7: the certification profile connected to this Learn profile, if any."""
    return CertificationProfile.objects.filter(learn_profile=learn).first()


def connected_with_count_on_learn(learn: LearnProfile) -> CertificationProfile | None:
    """LP-7, CP-6: the connected certification profile, if any, with `on_learn`, how many of its certifications
    Learn shows (len(certifications_on_learn(profile)), counted by the database in the same query)."""
    on_learn = (
        CertificationHeld.objects.filter(profile=OuterRef("pk"))
        .exclude(on_certiport_transcript_q())
        .order_by()
        .values("profile")
        .annotate(n=Count("pk"))
        .values("n")
    )
    profiles = CertificationProfile.objects.filter(learn_profile=learn)
    return profiles.annotate(on_learn=Coalesce(Subquery(on_learn), 0)).first()


def certification_profile_of(account: Account) -> CertificationProfile | None:
    """CP-1: the certification profile reached through this MSA."""
    return CertificationProfile.objects.filter(msa=account).first()


def certification_profile_by_mcid(mcid: int | None) -> CertificationProfile | None:
    """A live profile, or, for an alias, None (agents look at what the learner claims)."""
    if mcid is None:
        return None
    return CertificationProfile.objects.filter(mcid=mcid, merged_into__isnull=True).select_related("msa").first()
