"""Certification profiles (CP-1..CP-7), their exam results and the certifications they hold."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce


class Provider(models.TextChoices):
    PEARSON_VUE = "pearson_vue", "Pearson VUE"
    CERTIPORT = "certiport", "Certiport"


class CertificationProfile(models.Model):
    """A certification profile: an MCID (never reused), reached through exactly one MSA (CP-1), connected to at
    most one Learn profile (CP-2). A merged profile stays as an alias of the one it was merged into (CP-4)."""

    mcid = models.BigIntegerField(unique=True)
    msa = models.OneToOneField(
        "profiles.Account", null=True, blank=True, on_delete=models.PROTECT, related_name="certification_profile"
    )
    legal_name = models.CharField(max_length=200)
    contact_email = models.EmailField(max_length=320)
    created_at = models.DateTimeField()
    learn_profile = models.OneToOneField(
        "profiles.LearnProfile",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="certification_profile",
    )
    connected_at = models.DateTimeField(null=True, blank=True)
    pending_legal_name = models.CharField(max_length=200, blank=True)
    legal_name_effective_at = models.DateTimeField(null=True, blank=True)
    merged_into = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="aliases")
    merged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["mcid"]
        constraints = [
            models.CheckConstraint(
                condition=Q(merged_into__isnull=True, msa__isnull=False)
                | Q(merged_into__isnull=False, msa__isnull=True, learn_profile__isnull=True),
                name="live_profiles_have_an_msa_aliases_none",
            ),
            models.CheckConstraint(
                condition=Q(pending_legal_name="", legal_name_effective_at__isnull=True)
                | (~Q(pending_legal_name="") & Q(legal_name_effective_at__isnull=False)),
                name="a_pending_legal_name_has_its_moment",
            ),
        ]
        indexes = [
            models.Index(
                fields=["legal_name_effective_at"], condition=~Q(pending_legal_name=""), name="pending_legal_name_due"
            )
        ]

    def __str__(self) -> str:
        return f"MCID {self.mcid} ({self.legal_name})"

    @property
    def is_alias(self) -> bool:
        return self.merged_into_id is not None


class ExamResult(models.Model):
    """An exam result as the delivery provider sends it (CE-2)."""

    profile = models.ForeignKey(CertificationProfile, on_delete=models.PROTECT, related_name="exam_results")
    exam = models.ForeignKey("profiles.Exam", on_delete=models.PROTECT, related_name="results")
    provider = models.CharField(max_length=12, choices=Provider.choices)
    taken_at = models.DateTimeField()
    score = models.PositiveSmallIntegerField()
    passed = models.BooleanField()

    class Meta:
        ordering = ["-taken_at"]

    def __str__(self) -> str:
        return f"{self.exam.code} {self.score} ({'pass' if self.passed else 'fail'})"


class CertificationHeld(models.Model):
    """A certification earned by a profile, with its own number (CE-6) and expiry (CE-3)."""

    profile = models.ForeignKey(CertificationProfile, on_delete=models.PROTECT, related_name="certifications")
    certification = models.ForeignKey("profiles.Certification", on_delete=models.PROTECT, related_name="held")
    number = models.CharField(max_length=9, unique=True)  # CE-6: letter, three digits, dash, four digits
    provider = models.CharField(max_length=12, choices=Provider.choices)
    earned_at = models.DateTimeField()
    expires_at = models.DateTimeField(null=True, blank=True)  # fundamentals never expire (CE-3)
    cycle = models.PositiveIntegerField(
        default=1, help_text="Renewal cycle: +1 at each renewal or re-earning; reminders are counted per cycle (RN-8)"
    )
    renewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-earned_at"]
        verbose_name_plural = "certifications held"
        constraints = [
            models.UniqueConstraint(fields=["profile", "certification"], name="a_certification_held_once"),
            models.CheckConstraint(
                condition=Q(number__regex=r"^[A-Z][0-9]{3}-[0-9]{4}$"), name="certification_number_format"
            ),
        ]
        # RN-8: the reminder sweep and the clock's engine look for expiries in a window, and for the next one.
        # PC-9: the clock's engine looks for certifications completed (earned or renewed) in a window.
        indexes = [
            models.Index(fields=["expires_at"], name="held_expiry"),
            models.Index(Coalesce("renewed_at", "earned_at"), name="held_completed"),
        ]

    def __str__(self) -> str:
        return f"{self.certification} ({self.number})"
