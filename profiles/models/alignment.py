"""An alignment in progress (AL-5): the certification profile a learner proved to be theirs, the path they follow
and the steps done, kept on their Learn profile until the profiles are connected or the learner abandons it."""

from __future__ import annotations

from django.db import models
from django.db.models import Q


class Alignment(models.Model):
    class Proof(models.TextChoices):
        MSA_SIGN_IN = "msa_sign_in", "Signed in with the certification profile's MSA"
        SUPPORT_REQUEST = "support_request", "Opened a request with certification support (AL-1)"
        NONE = "", "Not proven yet"

    class End(models.TextChoices):
        CONNECTED = "connected", "Connected"
        ABANDONED = "abandoned", "Abandoned"

    learn_profile = models.ForeignKey("profiles.LearnProfile", on_delete=models.CASCADE, related_name="alignments")
    certification_profile = models.ForeignKey(
        "profiles.CertificationProfile", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    support_request = models.ForeignKey(
        "profiles.SupportRequest", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    proven_by = models.CharField(max_length=16, choices=Proof.choices, blank=True)
    path = models.CharField(max_length=5, blank=True)
    steps_done = models.JSONField(default=list, blank=True)  # the step numbers of `path` done when last seen
    started_at = models.DateTimeField()
    updated_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)
    end = models.CharField(max_length=10, choices=End.choices, blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["learn_profile"], condition=Q(ended_at__isnull=True), name="one_alignment_in_progress"
            ),
            models.CheckConstraint(
                condition=Q(ended_at__isnull=True, end="") | Q(ended_at__isnull=False) & ~Q(end=""),
                name="an_ended_alignment_says_how",
            ),
        ]

    def __str__(self) -> str:
        return f"Alignment of {self.learn_profile} ({self.path or 'no path yet'})"
