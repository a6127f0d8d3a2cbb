"""PC-13: a partner files a support request, with evidence, for a certification that cannot reach Partner Center
(a Certiport certification, CP-6); an agent who accepts it adds the credit by hand, recorded as such."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from certlink.errors import Refusal
from partners import rules
from partners.models import LinkEvent, PartnerCredit, PartnerSupportRequest, PartnerUser
from partners.selectors import live_link
from profiles.models import Account, CertificationHeld
from profiles.rules.certification import on_certiport_transcript
from profiles.selectors import certiport_cutoff


def credit_request_open(
    *, by: PartnerUser, person: PartnerUser, held: CertificationHeld, evidence: str, now: datetime
) -> PartnerSupportRequest:
    if by.organization_id != person.organization_id:
        raise Refusal("partner_user_not_found", _("There's no such user in your organisation."), status=404)
    if by.pk != person.pk and not by.sees_skills:
        raise Refusal(
            "not_partner_admin",
            _("Only the person or a partner admin or global admin can ask for a credit."),
            status=403,
        )
    link = live_link(person)
    if link is None or held.profile_id != link.profile_id:
        raise Refusal(
            "certification_not_on_linked_mcid",
            _("That certification isn't on the MCID linked to this person. Link the MCID first."),
        )
    if not on_certiport_transcript(provider=held.provider, earned_at=held.earned_at, cutoff=certiport_cutoff()):
        raise Refusal(
            "reaches_partner_center",
            ngettext(
                "%(certification)s reaches Partner Center by itself, %(days)s day after its completion or the link "
                "(PC-9): only a Certiport certification needs a support request.",
                "%(certification)s reaches Partner Center by itself, %(days)s days after its completion or the link "
                "(PC-9): only a Certiport certification needs a support request.",
                settings.CREDIT_PROPAGATION_DAYS,
            )
            % {"certification": held.certification.name, "days": settings.CREDIT_PROPAGATION_DAYS},
        )
    if PartnerCredit.objects.filter(organization=by.organization, held=held, removed_at__isnull=True).exists():
        raise Refusal(
            "already_counted",
            _("%(certification)s is already in your skills report.") % {"certification": held.certification.name},
        )
    if not evidence.strip():
        raise Refusal(
            "evidence_required",
            _("Describe the evidence: the certification number, the date, the provider's transcript."),
        )
    try:
        with transaction.atomic():
            return PartnerSupportRequest.objects.create(
                organization=by.organization,
                filed_by=by,
                person=person,
                held=held,
                evidence=evidence.strip(),
                created_at=now,
            )
    except IntegrityError:
        raise Refusal("credit_request_open", _("A request for this certification is already open.")) from None


def credit_request_accept(*, request: PartnerSupportRequest, agent: Account, now: datetime) -> PartnerCredit:
    """The agent adds the credit by hand (manual=True); it reaches the skills report at once."""
    _refuse_unless_open(request, agent)
    held, person = request.held, request.person
    first, last = rules.first_and_last_name(held.profile.legal_name)
    with transaction.atomic():
        # Two agents deciding at once: the second finds the request decided (no duplicate credit, no 500).
        _refuse_unless_open(PartnerSupportRequest.objects.select_for_update().get(pk=request.pk), agent)
        credit = PartnerCredit.objects.create(
            organization=request.organization,
            partner_user=person,
            link=live_link(person),
            held=held,
            kind=PartnerCredit.Kind.CERTIFICATION,
            activity_id=held.certification.slug,
            title=held.certification.name,
            first_name=first,
            last_name=last,
            personal_email=held.profile.contact_email,
            work_email=person.account.email,
            mcid=held.profile.mcid,
            completed_at=held.renewed_at or held.earned_at,
            expires_at=held.expires_at,
            retirement_date=held.certification.retirement_date,
            cycle=held.cycle,
            due_at=now,
            arrived_at=now,
            manual=True,
        )
        PartnerSupportRequest.objects.filter(pk=request.pk).update(
            state="accepted",
            agent=agent,
            decided_at=now,
            # Translators: the decision on an accepted partner support request, shown to the partner.
            decision=_("Credit added by hand."),
        )
        LinkEvent.objects.create(
            kind=LinkEvent.Kind.MANUAL_CREDIT,
            at=now,
            actor=agent,
            partner_user=person,
            organization=request.organization,
            mcid=held.profile.mcid,
            details={"request": request.pk, "certification": held.certification.slug},
        )
    return credit


def credit_request_reject(
    *, request: PartnerSupportRequest, agent: Account, reason: str, now: datetime
) -> PartnerSupportRequest:
    _refuse_unless_open(request, agent)
    if not reason.strip():
        raise Refusal("reason_required", _("Say why the request is rejected: the partner reads it."))
    with transaction.atomic():
        _refuse_unless_open(PartnerSupportRequest.objects.select_for_update().get(pk=request.pk), agent)
        PartnerSupportRequest.objects.filter(pk=request.pk).update(
            state="rejected", agent=agent, decided_at=now, decision=reason.strip()
        )
    request.refresh_from_db()
    return request


def _refuse_unless_open(request: PartnerSupportRequest, agent: Account) -> None:
    if not agent.is_agent:
        raise Refusal("agents_only", _("Only support agents can decide a partner support request."), status=403)
    if request.state != PartnerSupportRequest.State.OPEN:
        raise Refusal("credit_request_closed", _closed(request.state))


def _closed(state: str) -> str:
    """A decided request's refusal: one whole sentence per state (a translated state name can't be lowercased)."""
    if state == PartnerSupportRequest.State.ACCEPTED:
        return _("This request is already accepted: credit added.")
    return _("This request is already rejected.")
