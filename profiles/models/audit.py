"""The audit log: account changes (ID-1..ID-4, LP, CP-7) and profile merges (LP-6, CP-4, AL-1), each written by the
service that makes the change, in the same transaction, at the simulated time. Append-only (certlink.appendonly);
links, unlinks and refusals have their own record, partners.LinkEvent (PC-7)."""

from __future__ import annotations

from django.db import models

from certlink.appendonly import AppendOnlyModel


class AuditEntry(AppendOnlyModel):
    class Action(models.TextChoices):
        ACCOUNT_CREATED = "account_created", "Account created"
        ACCOUNT_DELETED = "account_deleted", "Account deleted"
        PASSWORD_CHANGED = "password_changed", "Password changed"
        SIGNIN_LOCKED = "signin_locked", "Sign-in locked out"
        PARTNER_ROLES_CHANGED = "partner_roles_changed", "Partner Center roles changed"
        LEARN_ACCOUNT_ADDED = "learn_account_added", "Account added to a Learn profile"
        LEARN_ACCOUNT_REMOVED = "learn_account_removed", "Account removed from a Learn profile"
        LEARN_PROFILES_MERGED = "learn_profiles_merged", "Learn profiles merged"
        CONTACT_EMAIL_CHANGED = "contact_email_changed", "Contact email changed"
        LEGAL_NAME_CHANGE_REQUESTED = "legal_name_change_requested", "Legal-name change requested"
        LEGAL_NAME_CHANGED = "legal_name_changed", "Legal name changed"
        CERTIFICATION_MSA_CHANGED = "certification_msa_changed", "Certification profile's MSA changed"
        CERTIFICATION_PROFILES_MERGED = "certification_profiles_merged", "Certification profiles merged"

    at = models.DateTimeField(help_text="Simulated time of the change.")
    action = models.CharField(max_length=40, choices=Action.choices)
    actor = models.ForeignKey(
        "profiles.Account",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Who made the change; empty for the simulator itself (due work) or an anonymous sign-in.",
    )
    account = models.ForeignKey(
        "profiles.Account",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="audit_entries",
        help_text="The account the change is about; empty for a locked-out address that has no account (ID-3).",
    )
    details = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name_plural = "audit entries"
        indexes = [models.Index(fields=["account", "at"], name="audit_by_account")]

    def __str__(self) -> str:
        return f"{self.get_action_display()} at {self.at:%Y-%m-%d %H:%M}"
