"""Learn profiles (LP-1..LP-8): reached through their accounts, with activity and a shareable transcript."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class LearnProfile(models.Model):
    display_name = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField()
    merged_into = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    merged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"Learn profile {self.pk}" + (f" ({self.display_name})" if self.display_name else "")


class LearnActivity(models.Model):
    """History and achievements on Learn (modules, paths, badges): what a profile merge moves (LP-6)."""

    class Kind(models.TextChoices):
        # Translators: a kind of Learn activity: a training module completed.
        MODULE = "module", _("Module")
        PATH = "path", _("Learning path")
        # Translators: a kind of Learn activity: an achievement badge earned.
        BADGE = "badge", _("Badge")

    profile = models.ForeignKey(LearnProfile, on_delete=models.CASCADE, related_name="activities")
    kind = models.CharField(max_length=6, choices=Kind.choices)
    title = models.CharField(max_length=200)
    completed_at = models.DateTimeField()

    class Meta:
        ordering = ["-completed_at"]
        verbose_name_plural = "learn activities"

    def __str__(self) -> str:
        return self.title


class TranscriptShare(models.Model):
    """A public link to a Learn profile's transcript (LP-8); a revoked link shows nothing."""

    profile = models.ForeignKey(LearnProfile, on_delete=models.CASCADE, related_name="shares")
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["profile"], condition=Q(revoked_at__isnull=True), name="one_live_share_per_profile"
            )
        ]

    def __str__(self) -> str:
        return f"Transcript share {self.token[:6]}…"
