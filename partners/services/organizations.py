"""Partner organisations and their Partner Center users (PC-1, ID-4)."""

from __future__ import annotations

from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from certlink.errors import Refusal
from partners.models import PartnerOrganization, PartnerUser
from partners.services.links import links_end_for_leaver
from profiles.models import Account, Domain
from profiles.services import tenant_create, work_account_add, work_account_retire
from profiles.services.audit import Action, audit_record


def organization_create(
    *,
    name: str,
    partner_id: str,
    domains: list[str],
    admin_email: str,
    admin_name: str,
    now: datetime,
    track: str = PartnerOrganization.Track.ENTERPRISE,
) -> tuple[PartnerOrganization, PartnerUser, str]:
    """An operator creates an organisation: its tenant with verified domains and a first global admin, who gets
    a one-time password."""
    domains = sorted({d.strip().lower() for d in domains if d.strip()})
    if not domains:
        raise Refusal("domains_required", _("Give at least one verified domain for the organisation's tenant."))
    taken = list(Domain.objects.filter(name__in=domains).values_list("name", flat=True))
    if taken:
        raise Refusal(
            "domain_taken",
            # Translators: %(domains)s is one domain, or several separated by commas.
            _("%(domains)s is already verified by another tenant.") % {"domains": ", ".join(taken)},
            domains=taken,
        )
    try:
        with transaction.atomic():
            organization = PartnerOrganization.objects.create(
                name=name.strip(),
                partner_id=partner_id.strip(),
                track=track,
                created_at=now,
                tenant=tenant_create(name=name.strip(), domains=domains),
            )
            account, password = work_account_add(
                tenant=organization.tenant, email=admin_email, display_name=admin_name, now=now, is_tenant_admin=True
            )
            admin = PartnerUser.objects.create(
                organization=organization, account=account, is_global_admin=True, is_partner_admin=True, created_at=now
            )
    except IntegrityError:
        raise Refusal(
            "organization_exists",
            _("There's already an organisation named %(name)s or with PartnerID %(partner_id)s.")
            % {"name": name, "partner_id": partner_id},
        ) from None
    return organization, admin, password


def refuse_unless_user_admin(by: PartnerUser) -> None:
    if not by.manages_users or by.account.deleted_at is not None:
        raise Refusal(
            "not_user_admin",
            _("Only a global admin or an account admin of your organisation can manage Partner Center users."),
            status=403,
        )


ROLES = ("is_global_admin", "is_account_admin", "is_partner_admin", "is_report_viewer")


def partner_user_create(
    *, by: PartnerUser, email: str, display_name: str, now: datetime, roles: dict[str, bool] | None = None
) -> tuple[PartnerUser, str]:
    """PC-1: a global or account admin creates a user: a work account of the tenant, with a one-time password
    to give the employee. Linking an MCID needs no role."""
    refuse_unless_user_admin(by)
    with transaction.atomic():
        account, password = work_account_add(
            tenant=by.organization.tenant, email=email, display_name=display_name, now=now, by=by.account
        )
        user = PartnerUser.objects.create(
            organization=by.organization,
            account=account,
            created_at=now,
            **{role: bool((roles or {}).get(role)) for role in ROLES},
        )
    return user, password


def partner_user_roles_set(
    *, by: PartnerUser, user: PartnerUser, roles: dict[str, bool], now: datetime | None = None
) -> PartnerUser:
    refuse_unless_user_admin(by)
    _refuse_unless_same_org(by, user)
    if user.pk == by.pk and by.is_global_admin and not roles.get("is_global_admin", True):
        raise Refusal(
            "cannot_demote_self", _("You can't take away your own global admin role. Ask another global admin.")
        )
    before = {role: getattr(user, role) for role in ROLES}
    for role in ROLES:
        if role in roles:
            setattr(user, role, bool(roles[role]))
    changed = {role: getattr(user, role) for role in ROLES if getattr(user, role) != before[role]}
    with transaction.atomic():
        user.save(update_fields=list(ROLES))
        if changed:
            audit_record(
                Action.PARTNER_ROLES_CHANGED,
                account=user.account,
                actor=by.account,
                at=now,
                organization=user.organization.partner_id,
                changed=changed,
            )
    return user


def _refuse_unless_same_org(by: PartnerUser, user: PartnerUser) -> None:
    if user.organization_id != by.organization_id or user.account.deleted_at is not None:
        raise Refusal("partner_user_not_found", _("There's no such user in your organisation."), status=404)


def partner_user_delete(*, by: PartnerUser, user: PartnerUser, now: datetime) -> PartnerUser:
    """ID-4, PC-10: an employee leaves. The work account is deleted and can no longer sign in; the MCID link ends,
    and its credits leave the skills report at the data refresh of the following month."""
    refuse_unless_user_admin(by)
    _refuse_unless_same_org(by, user)
    if user.pk == by.pk:
        raise Refusal(
            "cannot_delete_self", _("You can't delete your own user. Ask another admin of your organisation.")
        )
    with transaction.atomic():
        work_account_retire(account=user.account, by=by.account, now=now)
        links_end_for_leaver(user=user, by=by, now=now)
    user.refresh_from_db()
    return user


def partner_user_of(account: Account) -> PartnerUser | None:
    """The Partner Center user of a live work account, if it has one."""
    if account.kind != "work" or account.deleted_at is not None:
        return None
    try:
        # The signed-in account comes with it (profiles.backends.AccountBackend.get_user); another is asked once.
        return account.partner_user
    except PartnerUser.DoesNotExist:
        return None
