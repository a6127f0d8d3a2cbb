"""Writes of certification profiles: creating one (CP-1), connecting it to Learn (CP-2..CP-4), contact details and
legal-name changes (CP-7)."""

from __future__ import annotations

import secrets
from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from certlink.errors import Refusal
from profiles.models import Account, AuditEntry, CertificationProfile, LearnProfile
from profiles.rules import certification as rules
from profiles.rules import normalize_email
from profiles.selectors import other_certification_profiles
from profiles.services.alignment import alignments_end_connected
from profiles.services.audit import Action, audit_record, audit_record_many
from profiles.services.learn import learn_profile_for

# A sentence that ends several refusals: marked here, translated where each refusal is built.
DOCTOR_HINT = gettext_noop("The alignment doctor on Learn shows how to align your accounts.")


def refuse_unless_msa(account: Account) -> None:
    """CP-1: a certification profile is reached through a personal account."""
    if account.kind != "msa":
        raise Refusal(
            "certification_needs_msa",
            _(
                "A certification profile is reached with a personal Microsoft account (MSA), not a work or school "
                "account. Sign in with your personal account."
            ),
            status=403,
        )


def _legal_name(value: str) -> str:
    name = (value or "").strip()
    if not name:  # CP-1: a profile has a legal name; a blank pending name would also break a check constraint
        raise Refusal("legal_name_required", _("Give your legal name, as it appears on your government ID."))
    return name


def _contact_email(value: str) -> str:
    email = normalize_email(value)
    try:
        validate_email(email)
    except ValidationError:  # CP-4 finds a person's profiles by contact email: a blank one would match strangers
        raise Refusal(
            "contact_email_invalid", _("Give a contact email address you read, such as name@example.com.")
        ) from None
    return email


def certification_profile_create(
    *, account: Account, legal_name: str, contact_email: str, now: datetime
) -> CertificationProfile:
    """CP-1: a new certification profile for this MSA, with an MCID that is never reused."""
    refuse_unless_msa(account)
    name, email = _legal_name(legal_name), _contact_email(contact_email)
    for _attempt in range(5):
        try:
            with transaction.atomic():
                return CertificationProfile.objects.create(
                    mcid=_new_mcid(), msa=account, legal_name=name, contact_email=email, created_at=now
                )
        except IntegrityError:
            if CertificationProfile.objects.filter(msa=account).exists():
                raise Refusal(
                    "certification_profile_exists",
                    _("%(email)s already has a certification profile. Open the certification dashboard.")
                    % {"email": account.email},
                ) from None
    raise RuntimeError("Could not allocate an unused MCID")  # five random collisions: a bug, not a refusal


def _new_mcid() -> int:
    # Random, so MCIDs reveal nothing; unique in the database, and profiles are never deleted (merged ones stay
    # as aliases), so an MCID is never given twice.
    return 10_000_000 + secrets.randbelow(990_000_000)


def certification_connect(*, signed_in: Account, now: datetime) -> CertificationProfile:
    """CP-3: connect ("complete the profile connection") with the MSA the certification profile uses; CP-2 one to
    one; CP-4 a person with two profiles must have them merged first."""
    learn = learn_profile_for(account=signed_in, now=now)
    if signed_in.kind != "msa":
        raise Refusal(
            "connect_needs_msa",
            _(
                "To connect your certification profile, sign in to Learn with the personal account (MSA) your "
                "certification profile uses. You're signed in with a work or school account. %(hint)s"
            )
            % {"hint": _(DOCTOR_HINT)},
        )
    profile = CertificationProfile.objects.filter(msa=signed_in).first()
    if profile is None:
        raise Refusal(
            "no_certification_profile_for_msa",
            _(
                "%(email)s is not the personal account of any certification profile. Sign in to Learn with the "
                "personal account your certification profile uses, or align the two. %(hint)s"
            )
            % {"email": signed_in.email, "hint": _(DOCTOR_HINT)},
        )
    if profile.learn_profile_id == learn.pk:
        return profile
    others = other_certification_profiles(profile)
    if others:
        # The others are named by a contact email, which proves nothing (AL-5): say how many, never which.
        raise Refusal(
            "merge_certification_profiles_first",
            _(
                "Another certification profile has the same contact email as yours (MCID %(mcid)s). If it is yours "
                "too, ask certification support to merge the two, then connect the surviving one. %(hint)s"
            )
            % {"mcid": profile.mcid, "hint": _(DOCTOR_HINT)},
            mcid=profile.mcid,
            others=len(others),
        )
    return _connect(profile, learn, now)


def _connect(profile: CertificationProfile, learn: LearnProfile, now: datetime) -> CertificationProfile:
    try:
        with transaction.atomic():
            locked = CertificationProfile.objects.select_for_update().get(pk=profile.pk)
            if locked.learn_profile_id not in (None, learn.pk):
                raise Refusal(
                    "certification_profile_connected_elsewhere",
                    _("Certification profile %(mcid)s is already connected to another Learn profile.")
                    % {"mcid": profile.mcid},
                )
            locked.learn_profile, locked.connected_at = learn, now
            locked.save(update_fields=["learn_profile", "connected_at"])
            alignments_end_connected(profile=locked, learn=learn, now=now)
    except IntegrityError:  # CP-2 held by the database: this Learn profile has another certification profile
        raise Refusal(
            "learn_profile_already_connected",
            _(
                "This Learn profile is already connected to another certification profile. A Learn profile connects "
                "to one certification profile only."
            ),
        ) from None
    return locked


def certification_contact_update(
    *, profile: CertificationProfile, contact_email: str, by: Account | None = None, now: datetime | None = None
) -> CertificationProfile:
    """CP-7: contact details change at once (by the profile's MSA unless `by` says who)."""
    before, profile.contact_email = profile.contact_email, _contact_email(contact_email)
    with transaction.atomic():
        profile.save(update_fields=["contact_email"])
        if profile.contact_email != before:
            audit_record(
                Action.CONTACT_EMAIL_CHANGED,
                account=profile.msa,
                actor=by or profile.msa,
                at=now,
                mcid=profile.mcid,
                old=before,
                new=profile.contact_email,
            )
    return profile


def legal_name_change_request(*, profile: CertificationProfile, legal_name: str, now: datetime) -> datetime:
    """CP-7: a legal-name change takes effect NAME_CHANGE_HOURS later (a later request replaces a pending one)."""
    effective = rules.legal_name_effective_at(now=now, hours=settings.NAME_CHANGE_HOURS)
    name = _legal_name(legal_name)
    with transaction.atomic():
        CertificationProfile.objects.filter(pk=profile.pk).update(
            pending_legal_name=name, legal_name_effective_at=effective
        )
        audit_record(
            Action.LEGAL_NAME_CHANGE_REQUESTED,
            account=profile.msa,
            actor=profile.msa,
            at=now,
            mcid=profile.mcid,
            requested=name,
            effective_at=effective,
        )
    return effective


def legal_name_changes_next_due(now: datetime, since: datetime | None = None) -> datetime | None:
    """CP-7, due work: the earliest moment a pending legal-name change takes effect (at or before `now`: overdue;
    `since` changes nothing: pending changes are few, read along their index)."""
    return (
        CertificationProfile.objects.exclude(pending_legal_name="")
        .order_by("legal_name_effective_at")
        .values_list("legal_name_effective_at", flat=True)
        .first()
    )


def legal_name_changes_run(since: datetime | None, until: datetime) -> int:
    """CP-7 as the clock's due work: what took effect in (since, until], and any change found overdue."""
    return legal_name_changes_apply(until)


def legal_name_changes_apply(at: datetime) -> int:
    """CP-7, due work: every legal-name change due at or before `at` takes effect; set-based, safe to rerun."""
    due = CertificationProfile.objects.exclude(pending_legal_name="").filter(legal_name_effective_at__lte=at)
    with transaction.atomic():
        changes = due.select_for_update().values_list("msa_id", "mcid", "legal_name", "pending_legal_name")
        audit_record_many(
            [
                AuditEntry(
                    action=Action.LEGAL_NAME_CHANGED,
                    account_id=msa,
                    at=at,
                    details={"mcid": mcid, "old": old, "new": new},
                )
                for msa, mcid, old, new in changes
            ]
        )
        return due.update(legal_name=F("pending_legal_name"), pending_legal_name="", legal_name_effective_at=None)
