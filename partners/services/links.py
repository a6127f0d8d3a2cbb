"""Linking an MCID (PC-2, PC-4..PC-8) and a Partner University account (PC-3) to a Partner Center user; every
link, unlink and refusal is recorded (PC-7)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from functools import wraps
from typing import Any, TypeVar

from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from certlink.errors import Refusal
from partners import rules
from partners.models import (
    LinkEvent,
    McidLink,
    PartnerUniversityAccount,
    PartnerUniversityLink,
    PartnerUser,
    UniversityCompletion,
)
from profiles.models import Account, CertificationProfile
from profiles.rules import normalize_email
from profiles.services.lockout import ClientRequest, password_door

T = TypeVar("T")


def limits() -> rules.Limits:
    return rules.Limits(
        per_year=settings.ASSOCIATIONS_PER_YEAR, cooloff=timedelta(days=settings.ASSOCIATION_COOLOFF_DAYS)
    )


def not_linked(what: str) -> Refusal:
    """PC-6: "Remove access" with nothing to remove (`what`: "mcid" or "university")."""
    if what == "university":
        return Refusal(
            "university_not_linked", _("Your Partner Center account has no Partner University access to remove.")
        )
    return Refusal("not_linked", _("Your Partner Center account has no associated MCID to remove."))


def _event(
    kind: str,
    *,
    user: PartnerUser,
    at: datetime,
    mcid: int | None = None,
    refusal: Refusal | None = None,
    code: str = "",
    message: str = "",
    actor: Account | None = None,
    **details: Any,
) -> None:
    """PC-7: who (`actor`, the person by default), when, and why: a refusal's code and sentence, or those of the
    change."""
    LinkEvent.objects.create(
        kind=kind,
        at=at,
        actor=actor or user.account,
        partner_user=user,
        organization_id=user.organization_id,
        mcid=mcid,
        code=refusal.code if refusal else code,
        message=refusal.message if refusal else message,
        details=details,
    )


def recorded(action: Callable[..., T]) -> Callable[..., T]:
    """PC-7: a refusal is recorded too, outside the refused transaction so that it stays."""

    @wraps(action)
    def run(*, user: PartnerUser, now: datetime, **kwargs: Any) -> T:
        try:
            return action(user=user, now=now, **kwargs)
        except Refusal as refusal:
            _event(
                LinkEvent.Kind.REFUSED,
                user=user,
                at=now,
                mcid=refusal.details.get("mcid"),
                refusal=refusal,
                action=action.__name__,
            )
            raise

    return run


def _refuse_if_left(user: PartnerUser) -> None:
    if user.account.deleted_at is not None:
        raise Refusal("partner_user_deleted", _("This user was deleted from the organisation."), status=403)


@recorded
def mcid_link(*, user: PartnerUser, msa: Account, now: datetime, method: str = McidLink.Method.LEARN) -> McidLink:
    """PC-2: the person, signed in to Partner Center with their work account, proves the MSA of their certification
    profile; the MCID is linked to their organisation (PC-4), moved from another one if need be (PC-5), within the
    association limits (PC-8)."""
    _refuse_if_left(user)
    profile = CertificationProfile.objects.filter(msa=msa, merged_into__isnull=True).first()
    if profile is None:
        raise Refusal(
            "no_certification_profile",
            _(
                "%(email)s has no certification profile, so there is no MCID to associate. Sign in with the "
                "personal account your certification profile uses, or create one on the certification dashboard."
            )
            % {"email": msa.email},
            email=msa.email,
        )
    with transaction.atomic():
        CertificationProfile.objects.select_for_update().get(pk=profile.pk)  # one association of an MCID at a time
        live = McidLink.objects.filter(partner_user=user, ended_at__isnull=True).select_related("profile").first()
        if live and live.profile_id == profile.pk:
            raise Refusal(
                "already_linked",
                _("MCID %(mcid)s is already associated with your Partner Center account.") % {"mcid": profile.mcid},
                mcid=profile.mcid,
            )
        if live:
            raise Refusal(
                "linked_to_another_mcid",
                _(
                    # Translators: "Remove access" is the button of that name (アクセス権の削除, 移除存取權).
                    "Your Partner Center account is already associated with MCID %(mcid)s. A user links one MCID "
                    "only: choose Remove access first."
                )
                % {"mcid": live.profile.mcid},
                mcid=profile.mcid,
                linked_mcid=live.profile.mcid,
            )
        starts = list(McidLink.objects.filter(profile=profile).values_list("started_at", flat=True))
        try:
            rules.check_association(starts, now=now, limits=limits())
        except Refusal as refusal:
            refusal.details["mcid"] = profile.mcid
            raise
        _end_elsewhere(profile, user, now)
        try:
            with transaction.atomic():
                link = McidLink.objects.create(
                    partner_user=user, organization=user.organization, profile=profile, method=method, started_at=now
                )
        except IntegrityError:  # PC-4 held by the database
            raise Refusal(
                "linked_to_another_mcid",
                _("Your Partner Center account was just associated with an MCID."),
                mcid=profile.mcid,
            ) from None
        _event(
            LinkEvent.Kind.LINKED,
            user=user,
            at=now,
            mcid=profile.mcid,
            method=method,
            code="linked",
            # Translators: a line of the association history; %(method)s is how ("Microsoft Learn account").
            message=_("%(email)s associated MCID %(mcid)s with %(organization)s (%(method)s).")
            % {
                "email": user.account.email,
                "mcid": profile.mcid,
                "organization": user.organization.name,
                "method": link.get_method_display(),
            },
        )
    return link


def _end_elsewhere(profile: CertificationProfile, user: PartnerUser, now: datetime) -> None:
    """PC-5: linking to company B unlinks from company A."""
    for other in _live_links(profile=profile):
        moved = other.organization_id != user.organization_id
        other.ended_at, other.ended_reason = now, (McidLink.Ended.MOVED if moved else McidLink.Ended.REPLACED)
        other.save(update_fields=["ended_at", "ended_reason"])
        _event(
            LinkEvent.Kind.MOVED,
            user=other.partner_user,
            actor=user.account,  # the person, signed in at the other organisation (or as another user)
            at=now,
            mcid=profile.mcid,
            to_organization=user.organization_id,
            why=other.get_ended_reason_display(),
            code=other.ended_reason,
            message=_(
                "MCID %(mcid)s was associated with %(organization)s by %(email)s, so it is no longer associated "
                "with %(previous)s (PC-5)."
            )
            % {
                "mcid": profile.mcid,
                "organization": user.organization.name,
                "email": user.account.email,
                "previous": other.partner_user.account.email,
            },
        )


@recorded
def mcid_unlink(*, user: PartnerUser, now: datetime) -> McidLink:
    """PC-6: "Remove access" on My Learn profile, by the person only."""
    with transaction.atomic():
        # Locked: a move to another organisation ending this link at the same moment makes this a "not linked".
        link = _live_links(partner_user=user).first()
        if link is None:
            raise not_linked("mcid")
        link.ended_at, link.ended_reason = now, McidLink.Ended.REMOVED
        link.save(update_fields=["ended_at", "ended_reason"])
        _event(
            LinkEvent.Kind.UNLINKED,
            user=user,
            at=now,
            mcid=link.profile.mcid,
            code=McidLink.Ended.REMOVED,
            message=_(
                "%(email)s removed access: MCID %(mcid)s is no longer associated with %(organization)s. Its credits "
                "leave the skills report at the next monthly data refresh."
            )
            % {"email": user.account.email, "mcid": link.profile.mcid, "organization": user.organization.name},
        )
    return link


def _live_links(**where: Any) -> QuerySet[McidLink]:
    """Live links, locked until the end of the transaction, so that only one action ends each."""
    return (
        McidLink.objects.select_for_update(of=("self",))
        .filter(ended_at__isnull=True, **where)
        .select_related("profile", "partner_user__account")
    )


def links_end_for_leaver(*, user: PartnerUser, by: PartnerUser, now: datetime) -> None:
    """ID-4, PC-10: the work account was deleted by an admin; its MCID and Partner University links end, each
    recorded with the admin as actor (PC-7)."""
    for link in _live_links(partner_user=user):
        link.ended_at, link.ended_reason = now, McidLink.Ended.LEFT
        link.save(update_fields=["ended_at", "ended_reason"])
        _event(
            LinkEvent.Kind.UNLINKED,
            user=user,
            actor=by.account,
            at=now,
            mcid=link.profile.mcid,
            code=McidLink.Ended.LEFT,
            message=_(
                "%(admin)s deleted the work account %(email)s: MCID %(mcid)s is no longer associated, and its "
                "credits leave the skills report at the next monthly data refresh."
            )
            % {"admin": by.account.email, "email": user.account.email, "mcid": link.profile.mcid},
        )
    for university in PartnerUniversityLink.objects.filter(partner_user=user, ended_at__isnull=True):
        university.ended_at = now
        university.save(update_fields=["ended_at"])
        _event(
            LinkEvent.Kind.UNIVERSITY_UNLINKED,
            user=user,
            actor=by.account,
            at=now,
            code=McidLink.Ended.LEFT,
            message=_("%(admin)s deleted the work account %(email)s: its Partner University access ended.")
            % {"admin": by.account.email, "email": user.account.email},
        )


UNIVERSITY_KIND = "partner_university"  # what the audit log calls a Partner University door (ID-3)


def university_sign_up(
    *, email: str, password: str, display_name: str, now: datetime, request: ClientRequest | None = None
) -> PartnerUniversityAccount:
    """PC-3: a new Partner University account, from the client of `request` (None for in-process callers).

    ID-3: a sign-up never says that an address already has an account. For such an address it is a sign-in with
    the password given, under the same lockout: the right password gets that account (what the person wanted: access
    with those credentials), a wrong one hears a failed sign-in's sentence and counts as a failure. Either way, one
    password hash."""
    if len(password) < 8:
        raise Refusal("weak_password", _("Choose a password of at least 8 characters."))
    email = normalize_email(email)
    return password_door(
        request=request,
        email=email,
        kind=UNIVERSITY_KIND,
        now=now,
        check=lambda: _university_join(email=email, password=password, display_name=display_name, now=now),
        failed=_university_signin_failed(),
    )


def _university_join(*, email: str, password: str, display_name: str, now: datetime) -> PartnerUniversityAccount | None:
    existing = PartnerUniversityAccount.objects.filter(email=email).first()
    if existing is not None:
        return _university_password_check(account=existing, email=email, password=password)
    try:
        with transaction.atomic():
            return PartnerUniversityAccount.objects.create(
                email=email, password=make_password(password), display_name=display_name.strip(), created_at=now
            )
    except IntegrityError:  # another sign-up made it meanwhile: as if it had been there
        return _university_password_check(account=None, email=email, password=password)


def university_sign_in(
    *, email: str, password: str, now: datetime, request: ClientRequest | None
) -> PartnerUniversityAccount:
    """PC-3: sign in to Partner University from the client of `request`, under the lockout (ID-3): the same
    sentence and the same work (one password hash) whether or not the account exists."""
    email = normalize_email(email)
    return password_door(
        request=request,
        email=email,
        kind=UNIVERSITY_KIND,
        now=now,
        check=lambda: _university_password_check(account=None, email=email, password=password),
        failed=_university_signin_failed(),
    )


def _university_password_check(
    *, account: PartnerUniversityAccount | None, email: str, password: str
) -> PartnerUniversityAccount | None:
    account = account or PartnerUniversityAccount.objects.filter(email=email).first()
    if account is None:
        make_password(password)  # spend the same time as a real check (ID-3)
        return None
    return account if check_password(password, account.password) else None


def _university_signin_failed() -> Refusal:
    return Refusal("university_signin_failed", _("That Partner University email or password isn't right."))


@recorded
def university_link(*, user: PartnerUser, account: PartnerUniversityAccount, now: datetime) -> PartnerUniversityLink:
    """PC-3: "Get Partner University access": the work account is linked to a personal Partner University account."""
    _refuse_if_left(user)
    with transaction.atomic():
        if PartnerUniversityLink.objects.filter(partner_user=user, ended_at__isnull=True).exists():
            raise Refusal(
                "university_already_linked",
                _(
                    "Your Partner Center account already has Partner University access. Remove it first to use "
                    "another Partner University account."
                ),
            )
        try:
            with transaction.atomic():
                link = PartnerUniversityLink.objects.create(partner_user=user, account=account, started_at=now)
        except IntegrityError:
            raise Refusal(
                "university_account_taken",
                _("The Partner University account %(email)s is linked to another Partner Center user.")
                % {"email": account.email},
            ) from None
        _event(
            LinkEvent.Kind.UNIVERSITY_LINKED,
            user=user,
            at=now,
            university_account=account.email,
            code="university_linked",
            message=_("%(email)s got Partner University access with %(university)s (PC-3).")
            % {"email": user.account.email, "university": account.email},
        )
    return link


@recorded
def university_unlink(*, user: PartnerUser, now: datetime) -> PartnerUniversityLink:
    link = PartnerUniversityLink.objects.filter(partner_user=user, ended_at__isnull=True).first()
    if link is None:
        raise not_linked("university")
    link.ended_at = now
    link.save(update_fields=["ended_at"])
    _event(
        LinkEvent.Kind.UNIVERSITY_UNLINKED,
        user=user,
        at=now,
        code="university_removed",
        message=_("%(email)s removed Partner University access (%(university)s).")
        % {"email": user.account.email, "university": link.account.email},
    )
    return link


def university_completion_record(
    *, email: str, assessment: str, title: str, completed_at: datetime
) -> UniversityCompletion:
    """An operator records a Partner University assessment completion (a credit source, PC-9)."""
    account = PartnerUniversityAccount.objects.filter(email=normalize_email(email)).first()
    if account is None:
        raise Refusal(
            "unknown_university_account",
            _("There's no Partner University account %(email)s.") % {"email": email},
            status=404,
        )
    row, _created = UniversityCompletion.objects.get_or_create(
        account=account, assessment=assessment, defaults={"title": title, "completed_at": completed_at}
    )
    return row
