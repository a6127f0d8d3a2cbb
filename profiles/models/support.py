"""Certification support requests (AL-1, CP-4, CP-5): a private thread between a learner and agents."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class SupportRequest(models.Model):
    class Kind(models.TextChoices):
        CHANGE_MSA = "change_msa", _("Change the personal account of my certification profile")
        MERGE = "merge", _("Merge my certification profiles")

    class State(models.TextChoices):
        # Translators: the states of a certification support request, shown beside it.
        OPEN = "open", _("Waiting for an agent")
        IN_SESSION = "in_session", _("An agent has joined")
        VERIFIED = "verified", _("Identity verified")
        # Translators: a support request's state: the agent processed it.
        PROCESSED = "processed", _("Done")
        REJECTED = "rejected", _("Rejected")

    OPEN_STATES = (State.OPEN, State.IN_SESSION, State.VERIFIED)

    requester = models.ForeignKey("profiles.Account", on_delete=models.PROTECT, related_name="support_requests")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    state = models.CharField(max_length=10, choices=State.choices, default=State.OPEN)
    claimed_mcid = models.BigIntegerField()
    claimed_legal_name = models.CharField(max_length=200)
    claimed_contact_email = models.EmailField(max_length=320)
    other_mcid = models.BigIntegerField(null=True, blank=True, help_text="Merge: the MCID to merge into the first")
    details = models.TextField(blank=True)
    agent = models.ForeignKey("profiles.Account", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    identity_check = models.JSONField(default=dict, blank=True)  # {"mcid": true, "legal_name": true, ...}
    verified_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    rejection_reason = models.TextField(blank=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["requester", "kind"],
                condition=Q(state__in=["open", "in_session", "verified"]),
                name="one_open_support_request_per_kind",
            ),
            models.CheckConstraint(
                condition=~Q(kind="merge") | Q(other_mcid__isnull=False), name="a_merge_names_two_mcids"
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.get_kind_display()} ({self.get_state_display()})"

    @property
    def is_open(self) -> bool:
        return self.state in self.OPEN_STATES


class SupportMessage(models.Model):
    """A message of the private session: only the requester and agents can read it."""

    request = models.ForeignKey(SupportRequest, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey("profiles.Account", on_delete=models.PROTECT, related_name="+")
    body = models.TextField()
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.body[:50]
