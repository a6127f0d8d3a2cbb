"""Writes for accounts and tenants: sign-in (its lockout: profiles.services.lockout), MSA sign-up, work accounts
(ID-1..ID-4)."""

from __future__ import annotations

import secrets
from datetime import datetime

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from rest_framework.authtoken.models import Token

from certlink import emails
from certlink.errors import Refusal
from profiles import rules
from profiles.models import Account, Domain, Tenant
from profiles.selectors import tenant_administered_by
from profiles.services import lockout
from profiles.services.audit import Action, audit_record

# Marked here, translated where the refusal is built (the English sentence is also what the tests compare).
SIGNIN_FAILED = gettext_noop("That email address or password isn't right. Check both and try again.")


def tenant_for_domain(email: str) -> Tenant | None:
    domain = Domain.objects.select_related("tenant").filter(name__iexact=rules.email_domain(email)).first()
    return domain.tenant if domain else None


def sign_in_kind_choice_needed(email: str) -> bool:
    """ID-2: an address on a tenant's verified domain may be a work account and an MSA, so sign-in asks which.

    The question depends on the domain only, never on which accounts exist, so it reveals nothing (ID-3)."""
    return Domain.objects.filter(name__iexact=rules.email_domain(email)).exists()


def account_sign_in(
    *, email: str, password: str, kind: str, now: datetime, request: lockout.ClientRequest | None
) -> Account:
    """Check a sign-in (ID-2, ID-3) from the client of `request`. Every failure, whether or not the account exists,
    counts towards a lockout of the address and of the client (profiles.services.lockout) and says the same sentence.
    `request` is None only for in-process callers (tests, the simulator)."""
    email = rules.normalize_email(email)
    kind = sign_in_kind(email=email, kind=kind)
    return lockout.password_door(
        request=request,
        email=email,
        kind=kind,
        now=now,
        check=lambda: account_password_check(email=email, password=password, kind=kind),
        failed=Refusal("signin_failed", _(SIGNIN_FAILED)),
    )


def sign_in_kind(*, email: str, kind: str) -> str:
    """The kind of account a sign-in means (ID-2): the one asked for, an MSA where the address can be nothing else;
    refused, with the choices, where it can be either."""
    if kind in Account.Kind.values:
        return kind
    if sign_in_kind_choice_needed(email):
        raise Refusal(
            "signin_kind_required",
            _("This address can be a work or school account or a personal account. Choose which one to use."),
            choices=Account.Kind.values,
        )
    return Account.Kind.MSA


def account_password_check(*, email: str, password: str, kind: str) -> Account | None:
    """The live account of (email, kind) if `password` is its password, else None; the same work, one password hash,
    whether or not the account exists (ID-3). No lockout here: callers go through a door that counts."""
    account = Account.objects.filter(email__iexact=email, kind=kind, deleted_at__isnull=True).first()
    if account is None:
        Account().set_password(password)  # spend the same time as a real check (ID-3)
        return None
    return account if account.check_password(password) and account.is_active else None


def _validate_password(password: str, account: Account) -> None:
    try:
        validate_password(password, account)
    except ValidationError as error:
        raise Refusal("weak_password", " ".join(error.messages), problems=error.messages) from None


def _current_language() -> str:
    """The request's language as one of LANGUAGES' codes (the default, English, when none is active)."""
    current = translation.get_language() or settings.LANGUAGE_CODE
    return current if current in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def msa_sign_up(*, email: str, password: str, display_name: str, now: datetime) -> Account:
    """Create a personal Microsoft account (ID-1). Any address may become an MSA, a work address too (ID-2)."""
    email = rules.normalize_email(email)
    # PR-1: the language the person signed up in is theirs (their emails follow it) until they choose another.
    account = Account(
        kind=Account.Kind.MSA,
        email=email,
        display_name=display_name.strip(),
        created_at=now,
        language=_current_language(),
    )
    _validate_password(password, account)
    account.set_password(password)
    try:
        with transaction.atomic():
            account.save()
            audit_record(Action.ACCOUNT_CREATED, account=account, actor=account, at=now, kind=account.kind)
            # SIM-2: the welcome email is an outbox row committed with the account, or not at all.
            emails.send(template="welcome_msa", to=[email], context={"name": account.name, "email": email}, at=now)
    except IntegrityError:
        raise Refusal(
            "msa_exists",
            _("There's already a personal account for %(email)s. Sign in with it, or use another address.")
            % {"email": email},
            email=email,
        ) from None
    return account


def work_account_create(
    *, by: Account, email: str, display_name: str, now: datetime, is_tenant_admin: bool = False
) -> tuple[Account, str]:
    """A tenant admin creates a work account (ID-1) and gets a one-time password to hand to the employee."""
    tenant = tenant_administered_by(by)
    return work_account_add(
        tenant=tenant, email=email, display_name=display_name, now=now, is_tenant_admin=is_tenant_admin, by=by
    )


def work_account_add(
    *,
    tenant: Tenant,
    email: str,
    display_name: str,
    now: datetime,
    is_tenant_admin: bool = False,
    password: str | None = None,
    by: Account | None = None,
) -> tuple[Account, str]:
    """A work account of `tenant` (ID-1), created by `by` (an admin of the tenant; none for the simulator)."""
    email = rules.normalize_email(email)
    verified = set(tenant.domains.values_list("name", flat=True))
    if not rules.domain_is_verified(email, verified):
        raise Refusal(
            "domain_not_verified",
            _("%(domain)s isn't a verified domain of %(organization)s. Use an address on %(domains)s.")
            % {
                "domain": rules.email_domain(email) or email,
                "organization": tenant.name,
                "domains": ", ".join(sorted(verified)) or _("a verified domain"),
            },
            domain=rules.email_domain(email),
            verified_domains=sorted(verified),
        )
    one_time = password or _one_time_password()
    account = Account(
        kind=Account.Kind.WORK,
        email=email,
        tenant=tenant,
        display_name=display_name.strip(),
        is_tenant_admin=is_tenant_admin,
        must_change_password=password is None,
        created_at=now,
    )
    account.set_password(one_time)
    try:
        with transaction.atomic():
            account.save()
            audit_record(
                Action.ACCOUNT_CREATED,
                account=account,
                actor=by,
                at=now,
                kind=account.kind,
                tenant=tenant.name,
                is_tenant_admin=is_tenant_admin,
            )
    except IntegrityError:
        raise Refusal(
            "work_account_exists",
            _("%(organization)s already has a work account %(email)s. Choose another address.")
            % {"organization": tenant.name, "email": email},
            email=email,
        ) from None
    return account, one_time


def _one_time_password() -> str:
    return "Tmp-" + secrets.token_urlsafe(9)


def work_account_delete(*, by: Account, account: Account, now: datetime) -> Account:
    """ID-4: a tenant admin deletes a work account of the tenant. It can no longer sign in; its row and
    what hangs off it stay for history."""
    tenant = tenant_administered_by(by)
    if account.tenant_id != tenant.pk or account.deleted_at is not None:
        raise Refusal("account_not_found", _("There's no such work account in your organisation."), status=404)
    if account.pk == by.pk:
        raise Refusal(
            "cannot_delete_self",
            _("You can't delete the account you're signed in with. Ask another admin of your organisation."),
        )
    return work_account_retire(account=account, by=by, now=now)


def work_account_retire(*, account: Account, by: Account, now: datetime) -> Account:
    """ID-4 without the permission check (the caller made it): the account can no longer sign in (its tokens go,
    its sessions stop) and leaves its Learn profile; its row and what hangs off it stay for history."""
    with transaction.atomic():
        retired = Account.objects.filter(pk=account.pk, deleted_at__isnull=True).update(
            deleted_at=now, deleted_by=by, is_active=False, learn_profile=None
        )
        Token.objects.filter(user=account).delete()
        if retired:
            audit_record(
                Action.ACCOUNT_DELETED, account=account, actor=by, at=now, learn_profile=account.learn_profile_id
            )
    account.refresh_from_db()
    return account


def account_set_password(
    *, account: Account, password: str, by: Account | None = None, now: datetime | None = None
) -> None:
    """A new password for `account`, set by its owner unless `by` says who (ID-3: stored hashed; the audit log keeps
    that it changed, never the password). What the old password opened closes: its API tokens are revoked, and its
    sessions end, since each carries a hash of the password (Django's session auth hash); the caller keeps the one
    it is answering with update_session_auth_hash."""
    _validate_password(password, account)
    if account.must_change_password and account.check_password(password):
        raise Refusal("password_unchanged", _("Choose a new password, not the one-time password you were given."))
    account.set_password(password)
    account.must_change_password = False
    with transaction.atomic():
        account.save(update_fields=["password", "must_change_password"])
        Token.objects.filter(user=account).delete()
        audit_record(Action.PASSWORD_CHANGED, account=account, actor=by or account, at=now)


def staff_tenant(*, domain: str | None = None) -> Tenant:
    """The simulator's own tenant, which holds operators' and agents' work accounts."""
    return Tenant.objects.staff(domain=domain)


def tenant_create(*, name: str, domains: list[str]) -> Tenant:
    tenant = Tenant.objects.create(name=name)
    Domain.objects.bulk_create([Domain(tenant=tenant, name=d.strip().lower()) for d in domains])
    return tenant
