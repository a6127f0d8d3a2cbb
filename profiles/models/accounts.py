"""Sign-in accounts and tenants (ID-1..ID-4)."""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from certlink import clock


class TenantManager(models.Manager["Tenant"]):
    def staff(self, *, domain: str | None = None) -> Tenant:
        """The simulator's own tenant, which holds operators' and agents' work accounts, verifying `domain`."""
        tenant, _created = self.get_or_create(name=settings.STAFF_TENANT_NAME, defaults={"is_staff_tenant": True})
        Domain.objects.get_or_create(name=(domain or settings.STAFF_DOMAIN).lower(), defaults={"tenant": tenant})
        return tenant


class Tenant(models.Model):
    """An organisation's directory (Microsoft Entra ID): its work accounts and its verified domains."""

    name = models.CharField(max_length=200, unique=True)
    is_staff_tenant = models.BooleanField(
        default=False, help_text="The simulator's own tenant: operators' and support agents' accounts."
    )

    objects = TenantManager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Domain(models.Model):
    """A verified domain of a tenant; a domain is verified by one tenant only."""

    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="domains")
    name = models.CharField(max_length=253)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(Lower("name"), name="domain_verified_by_one_tenant"),
        ]

    def __str__(self) -> str:
        return self.name


class AccountManager(BaseUserManager["Account"]):
    def create_user(self, email: str, password: str | None = None, **fields: Any) -> Account:
        account = self.model(email=email.strip().lower(), **fields)
        account.set_password(password)
        account.save(using=self._db)
        return account

    def create_superuser(self, email: str, password: str | None = None, **fields: Any) -> Account:
        """An operator: a work account of the simulator's staff tenant, which verifies the email's domain."""
        email = email.strip().lower()
        tenant = Tenant.objects.staff(domain=email.rsplit("@", 1)[-1])
        fields.update(
            kind=Account.Kind.WORK,
            tenant=tenant,
            is_staff=True,
            is_superuser=True,
            staff_role=Account.StaffRole.OPERATOR,
        )
        return self.create_user(email, password, **fields)


class Account(AbstractBaseUser, PermissionsMixin):
    """A sign-in account: a personal Microsoft account (MSA) or a work/school account of a tenant (ID-1).

    The same email may exist once as an MSA and once as a work account (ID-2); a deleted work account keeps
    its row for history (ID-4) but can no longer sign in, and frees its email for a new account.
    """

    class Kind(models.TextChoices):
        MSA = "msa", _("Personal account")
        WORK = "work", _("Work or school account")

    class StaffRole(models.TextChoices):
        NONE = "", "—"
        AGENT = "agent", _("Support agent")
        # Translators: a role in the simulator: the person who runs it (advances the clock, records exam results).
        OPERATOR = "operator", _("Operator")

    kind = models.CharField(max_length=4, choices=Kind.choices)
    email = models.EmailField(max_length=320)
    tenant = models.ForeignKey(Tenant, null=True, blank=True, on_delete=models.PROTECT, related_name="accounts")
    display_name = models.CharField(max_length=200, blank=True)
    # PR-1: the language the person chose (certlink.language); empty: their browser's. Their pages and the emails
    # sent to their address are in it.
    language = models.CharField(max_length=15, blank=True, default="", choices=settings.LANGUAGES)
    is_tenant_admin = models.BooleanField(default=False)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False)
    staff_role = models.CharField(max_length=8, choices=StaffRole.choices, blank=True, default="")
    must_change_password = models.BooleanField(default=False)
    created_at = models.DateTimeField()
    deleted_at = models.DateTimeField(null=True, blank=True)
    deleted_by = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    learn_profile = models.ForeignKey(
        "profiles.LearnProfile",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="accounts",
        help_text="The Learn profile this account signs in to (LP-1); an account belongs to at most one (LP-2).",
    )
    learn_added_at = models.DateTimeField(null=True, blank=True)

    objects = AccountManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    class Meta:
        ordering = ["email", "kind"]
        constraints = [
            models.UniqueConstraint(
                Lower("email"), "kind", condition=Q(deleted_at__isnull=True), name="one_live_account_per_email_and_kind"
            ),
            models.CheckConstraint(
                condition=(Q(kind="msa", tenant__isnull=True) | Q(kind="work", tenant__isnull=False)),
                name="work_accounts_have_a_tenant_msas_none",
            ),
            models.CheckConstraint(
                condition=Q(is_tenant_admin=False) | Q(kind="work"), name="only_work_accounts_administer_tenants"
            ),
            models.CheckConstraint(
                condition=Q(deleted_at__isnull=True) | Q(is_active=False), name="deleted_accounts_are_inactive"
            ),
            # LP-2: at most one personal account (MSA) on a Learn profile at a time.
            models.UniqueConstraint(
                fields=["learn_profile"], condition=Q(kind="msa"), name="one_msa_per_learn_profile"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.email} ({self.get_kind_display().lower()})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.created_at is None:
            self.created_at = clock.now()
        super().save(*args, **kwargs)

    @property
    def is_msa(self) -> bool:
        return self.kind == self.Kind.MSA

    @property
    def is_operator(self) -> bool:
        return self.is_active and (self.is_superuser or self.staff_role == self.StaffRole.OPERATOR)

    @property
    def is_agent(self) -> bool:
        return self.is_active and self.staff_role in {self.StaffRole.AGENT, self.StaffRole.OPERATOR}

    @property
    def name(self) -> str:
        return self.display_name or self.email.split("@", 1)[0]
