"""Certification support (AL-1, CP-4, CP-5): a learner's request, an agent in a private session, an identity
check (MCID, legal name, contact email), then the change of MSA or the merge of MCIDs, or a rejection."""

from __future__ import annotations

from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from certlink import emails
from certlink.errors import Refusal
from profiles.models import Account, CertificationHeld, CertificationProfile, ExamResult, SupportMessage, SupportRequest
from profiles.rules import certification as rules
from profiles.rules import normalize_email
from profiles.services.alignment import alignment_support_requested
from profiles.services.audit import Action, audit_record

State = SupportRequest.State


def support_request_open(
    *,
    requester: Account,
    kind: str,
    claimed_mcid: int,
    legal_name: str,
    contact_email: str,
    other_mcid: int | None = None,
    details: str = "",
    now: datetime,
) -> SupportRequest:
    if kind == SupportRequest.Kind.MERGE and (other_mcid is None or other_mcid == claimed_mcid):
        raise Refusal("merge_needs_two_mcids", _("Give the two different MCIDs you want merged."))
    if kind == SupportRequest.Kind.CHANGE_MSA and requester.kind != "msa":
        raise Refusal(
            "change_msa_needs_msa",
            _(
                "Open this request signed in with the personal account (MSA) your certification profile should use "
                "from now on: the one your Learn profile uses."
            ),
        )
    try:
        with transaction.atomic():
            request = SupportRequest.objects.create(
                requester=requester,
                kind=kind,
                claimed_mcid=claimed_mcid,
                claimed_legal_name=legal_name.strip(),
                claimed_contact_email=normalize_email(contact_email),
                other_mcid=other_mcid,
                details=details,
                created_at=now,
            )
    except IntegrityError:
        raise Refusal(
            "support_request_open",
            _("You already have an open request of this kind. Follow it up in its messaging session."),
        ) from None
    alignment_support_requested(request=request, now=now)
    return request


def _refuse_unless_party(request: SupportRequest, account: Account) -> None:
    if account.pk != request.requester_id and not account.is_agent:
        raise Refusal("support_request_not_found", _("There's no such support request."), status=404)


def _refuse_unless_agent(account: Account) -> None:
    if not account.is_agent:
        raise Refusal("agents_only", _("Only certification support agents can do this."), status=403)


def _refuse_if_closed(request: SupportRequest) -> None:
    if not request.is_open:
        raise Refusal(
            "support_request_closed",
            _("This request is closed (%(state)s). Open a new one if needed.")
            % {"state": request.get_state_display().lower()},
        )


def support_message_post(*, request: SupportRequest, author: Account, body: str, now: datetime) -> SupportMessage:
    """A message in the private session: only the requester and agents take part."""
    _refuse_unless_party(request, author)
    _refuse_if_closed(request)
    if not body.strip():
        raise Refusal("empty_message", _("Write a message first."))
    return SupportMessage.objects.create(request=request, author=author, body=body.strip(), created_at=now)


def support_join(*, request: SupportRequest, agent: Account, now: datetime) -> SupportRequest:
    """AL-1: an agent joins a private messaging session with the learner."""
    _refuse_unless_agent(agent)
    _refuse_if_closed(request)
    updated = SupportRequest.objects.filter(pk=request.pk, state=State.OPEN).update(agent=agent, state=State.IN_SESSION)
    request.refresh_from_db()
    if updated:
        SupportMessage.objects.create(
            request=request,
            author=agent,
            created_at=now,
            # Stored as the session's first message, so written in the language of the agent who joins.
            body=_("%(agent)s from certification support has joined the session.") % {"agent": agent.name},
        )
    return request


def _profile(mcid: int | None) -> CertificationProfile | None:
    if mcid is None:
        return None
    return CertificationProfile.objects.filter(mcid=mcid, merged_into__isnull=True).select_related("msa").first()


def identity_check(request: SupportRequest) -> dict[str, bool]:
    """What the learner claimed against the certification profile(s): MCID, legal name, contact email."""
    profile = _profile(request.claimed_mcid)
    check = {
        "mcid": profile is not None,
        "legal_name": profile is not None and profile.legal_name.casefold() == request.claimed_legal_name.casefold(),
        "contact_email": profile is not None and profile.contact_email == request.claimed_contact_email,
    }
    if request.kind == SupportRequest.Kind.MERGE:
        other = _profile(request.other_mcid)
        check["other_mcid"] = other is not None
        check["other_legal_name"] = (
            other is not None and other.legal_name.casefold() == request.claimed_legal_name.casefold()
        )
    return check


# The fields of the identity check as agents read them, in lower case: inside the mismatch sentence and in the
# identity-check table. Translated where shown; a refusal's details keep them in English, as stable values.
FIELD_NAMES = {
    "mcid": "MCID",
    # Translators: a field of the identity check, in lower case (it is used inside a sentence).
    "legal_name": gettext_noop("legal name"),
    # Translators: a field of the identity check, in lower case (it is used inside a sentence).
    "contact_email": gettext_noop("contact email"),
    # Translators: a field of the identity check, in lower case (it is used inside a sentence).
    "other_mcid": gettext_noop("second MCID"),
    # Translators: a field of the identity check, in lower case (it is used inside a sentence).
    "other_legal_name": gettext_noop("legal name on the second profile"),
}


def field_name(name: str) -> str:
    """A field of the identity check, in the reader's language."""
    return _(FIELD_NAMES[name])


def support_identity_check(*, request: SupportRequest, agent: Account, now: datetime) -> SupportRequest:
    """AL-1: the agent records the identity check; it verifies the request only if everything matches."""
    _refuse_unless_agent(agent)
    _refuse_if_closed(request)
    if request.agent_id is None:
        raise Refusal("join_first", _("Join the messaging session before you verify the learner's identity."))
    check = identity_check(request)
    request.identity_check = check
    failed = [FIELD_NAMES[name] for name, ok in check.items() if not ok]
    if not failed:
        request.state, request.verified_at = State.VERIFIED, now
    else:  # a failed re-check takes an earlier verification back: what is on record no longer matches
        request.state, request.verified_at = State.IN_SESSION, None
    request.save(update_fields=["identity_check", "state", "verified_at"])
    if failed:
        raise Refusal(
            "identity_mismatch",
            _(
                "The identity check failed: the %(fields)s given do not match the certification profile. Ask the "
                "learner in the session, or reject the request."
            )
            % {"fields": ", ".join(field_name(name) for name, ok in check.items() if not ok)},
            mismatched=failed,
        )
    return request


def support_process(*, request: SupportRequest, agent: Account, now: datetime) -> SupportRequest:
    """Carry out a verified request: change the profile's MSA (AL-1) or merge the MCIDs (CP-4, refused across
    delivery providers, CP-5). The learner is told by email."""
    _refuse_unless_agent(agent)
    _refuse_if_closed(request)
    if request.state != State.VERIFIED:
        raise Refusal("verify_first", _("Verify the learner's identity before you process the request."))
    with transaction.atomic():
        if request.kind == SupportRequest.Kind.CHANGE_MSA:
            profile = _change_msa(request, agent=agent, now=now)
        else:
            profile = _merge(request, agent=agent, now=now)
        SupportRequest.objects.filter(pk=request.pk).update(state=State.PROCESSED, closed_at=now)
        request.refresh_from_db()
        emails.send(  # SIM-2: an outbox row in the same transaction as the change it reports
            template="support_processed",
            to=[profile.contact_email],
            context=_email_context(request, profile),
            at=now,
            language=_language(request, profile),
        )
    return request


def _live_for_update(*mcids: int) -> list[CertificationProfile]:
    """The profiles of these MCIDs, locked (in MCID order), refused if one was merged away since the identity
    check: an alias takes no MSA and no exams (CP-4)."""
    locked = {p.mcid: p for p in CertificationProfile.objects.select_for_update().filter(mcid__in=mcids)}
    for mcid in mcids:
        profile = locked.get(mcid)
        if profile is None or profile.merged_into_id is not None:
            raise Refusal(
                "certification_profile_merged",
                _(
                    "MCID %(mcid)s has been merged into another certification profile since the identity check. "
                    "Reject this request and ask the learner to open a new one with the surviving MCID."
                )
                % {"mcid": mcid},
                mcid=mcid,
            )
    return [locked[mcid] for mcid in mcids]


def _change_msa(request: SupportRequest, *, agent: Account, now: datetime) -> CertificationProfile:
    (profile,) = _live_for_update(request.claimed_mcid)
    before = profile.msa
    requester = request.requester
    if CertificationProfile.objects.filter(msa=requester).exclude(pk=profile.pk).exists():
        raise Refusal(
            "msa_has_certification_profile",
            _(
                "%(email)s already has a certification profile of its own. Ask for a merge of the two profiles "
                "instead of a change of account."
            )
            % {"email": requester.email},
        )
    profile.msa = requester
    profile.learn_profile, profile.connected_at = None, None  # the learner connects anew with this MSA (CP-3)
    profile.save(update_fields=["msa", "learn_profile", "connected_at"])
    audit_record(
        Action.CERTIFICATION_MSA_CHANGED,
        account=requester,
        actor=agent,
        at=now,
        mcid=profile.mcid,
        old_msa=before.email if before else None,
        new_msa=requester.email,
        support_request=request.pk,
    )
    return profile


def _merge(request: SupportRequest, *, agent: Account, now: datetime) -> CertificationProfile:
    assert request.other_mcid is not None  # a merge names two MCIDs (constraint a_merge_names_two_mcids)
    survivor, other = _live_for_update(request.claimed_mcid, request.other_mcid)
    providers = [
        set(ExamResult.objects.filter(profile=p).values_list("provider", flat=True))
        | set(CertificationHeld.objects.filter(profile=p).values_list("provider", flat=True))
        for p in (survivor, other)
    ]
    rules.check_merge_providers(*providers)
    held_here = set(CertificationHeld.objects.filter(profile=survivor).values_list("certification_id", flat=True))
    exams = ExamResult.objects.filter(profile=other).update(profile=survivor)
    moving = CertificationHeld.objects.filter(profile=other).exclude(certification_id__in=held_here)
    held = moving.update(profile=survivor)
    if other.learn_profile_id and not survivor.learn_profile_id:
        learn = other.learn_profile_id
        CertificationProfile.objects.filter(pk=other.pk).update(learn_profile=None)
        CertificationProfile.objects.filter(pk=survivor.pk).update(learn_profile_id=learn, connected_at=now)
    CertificationProfile.objects.filter(pk=other.pk).update(
        merged_into=survivor, merged_at=now, msa=None, learn_profile=None
    )
    audit_record(
        Action.CERTIFICATION_PROFILES_MERGED,
        account=request.requester,
        actor=agent,
        at=now,
        survivor_mcid=survivor.mcid,
        alias_mcid=other.mcid,
        alias_msa=other.msa.email if other.msa else None,
        exams_moved=exams,
        certifications_moved=held,
        support_request=request.pk,
    )
    survivor.refresh_from_db()
    return survivor


def support_reject(*, request: SupportRequest, agent: Account, reason: str, now: datetime) -> SupportRequest:
    _refuse_unless_agent(agent)
    _refuse_if_closed(request)
    if not reason.strip():
        raise Refusal("reason_required", _("Say why the request is rejected: the learner reads it."))
    with transaction.atomic():  # SIM-2: the rejection and its email commit together
        SupportRequest.objects.filter(pk=request.pk).update(
            state=State.REJECTED, rejection_reason=reason.strip(), closed_at=now, agent=request.agent or agent
        )
        request.refresh_from_db()
        profile = _profile(request.claimed_mcid)
        to = [profile.contact_email] if profile else [request.requester.email]
        emails.send(
            template="support_rejected",
            to=to,
            context=_email_context(request, profile),
            at=now,
            language=_language(request, profile),
        )
    return request


def _language(request: SupportRequest, profile: CertificationProfile | None) -> str:
    """PR-1: the email goes out in its recipient's language: the contact email follows its certification profile's
    (its MSA's), else the requester's."""
    owner = profile.msa if profile and profile.msa else request.requester
    return owner.language


def _email_context(request: SupportRequest, profile: CertificationProfile | None) -> dict:
    # The kind in English, as the catalog's msgid: the email's templates translate it into the email's language.
    with translation.override(None):
        kind = request.get_kind_display()
    return {
        "request_id": request.pk,
        "kind": kind,
        "mcid": profile.mcid if profile else request.claimed_mcid,
        "msa": profile.msa.email if profile and profile.msa else "",
        "reason": request.rejection_reason,
        "name": profile.legal_name if profile else request.requester.name,
    }
