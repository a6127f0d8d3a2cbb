"""Renewal assessments (RN-1, RN-7), attempts (RN-6) and reminders (RN-8)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.text import slugify

LEARN_MODULES_URL = "https://learn.microsoft.com/training/modules/"


@dataclass(frozen=True)
class LearningModule:
    title: str
    url: str


def learn_module_url(title: str) -> str:
    """A learning module's page on Microsoft Learn, from its title (the catalog names modules by title only)."""
    return f"{LEARN_MODULES_URL}{slugify(title)}/"


class RenewalAssessment(models.Model):
    """The renewal assessment of a renewable certification: its learning modules and its question bank."""

    certification = models.OneToOneField(
        "profiles.Certification", on_delete=models.CASCADE, related_name="renewal_assessment"
    )
    title = models.CharField(max_length=250)
    modules = models.JSONField(default=list, blank=True, help_text="Learning modules to prepare: [title, ...]")

    def __str__(self) -> str:
        return self.title

    @property
    def learning_modules(self) -> list[LearningModule]:
        """The modules to prepare with, each with its link on Microsoft Learn."""
        return [LearningModule(title=title, url=learn_module_url(title)) for title in self.modules]


class AssessmentQuestion(models.Model):
    assessment = models.ForeignKey(RenewalAssessment, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField()
    skill_area = models.CharField(max_length=200)
    text = models.TextField()
    choices = models.JSONField()  # ["...", "...", ...]
    answer = models.PositiveSmallIntegerField(help_text="Index of the correct choice")

    class Meta:
        ordering = ["assessment", "position"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "position"], name="one_question_per_position"),
        ]

    def __str__(self) -> str:
        return self.text[:60]


class RenewalAttempt(models.Model):
    """One submitted attempt at a renewal assessment, in a renewal cycle of a certification held (RN-6)."""

    held = models.ForeignKey("profiles.CertificationHeld", on_delete=models.CASCADE, related_name="renewal_attempts")
    cycle = models.PositiveIntegerField()
    number = models.PositiveSmallIntegerField(help_text="1 for the first attempt of the cycle")
    submitted_at = models.DateTimeField()
    answers = models.JSONField(default=dict)
    score = models.PositiveSmallIntegerField(help_text="Percent of questions answered right")
    by_skill = models.JSONField(default=dict)  # {"skill area": {"right": n, "of": m}}
    passed = models.BooleanField()

    class Meta:
        ordering = ["held", "cycle", "number"]
        constraints = [
            models.UniqueConstraint(fields=["held", "cycle", "number"], name="one_attempt_per_number"),
            models.UniqueConstraint(
                fields=["held", "cycle"], condition=models.Q(passed=True), name="one_pass_per_cycle"
            ),
        ]

    def __str__(self) -> str:
        return f"Attempt {self.number} of cycle {self.cycle}: {self.score}%"


class RenewalReminder(models.Model):
    """A notice (number 0) or a reminder (1..4) of a renewal cycle (RN-8): claimed once by the unique constraint,
    sent once (sent_at is set in the same transaction that stores the email in the outbox)."""

    # No index of its own: the unique (held, cycle, number) leads with it.
    held = models.ForeignKey(
        "profiles.CertificationHeld", on_delete=models.CASCADE, related_name="reminders", db_index=False
    )
    cycle = models.PositiveIntegerField()
    number = models.PositiveSmallIntegerField()
    due_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)
    to = models.EmailField(max_length=320, blank=True)

    class Meta:
        ordering = ["due_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["held", "cycle", "number"], name="one_reminder_per_cycle_and_number"),
        ]
        # The sender takes unsent reminders in (due_at, id) order: the index hands them over without a sort.
        indexes = [
            models.Index(fields=["due_at", "id"], condition=models.Q(sent_at__isnull=True), name="reminder_unsent_due")
        ]

    def __str__(self) -> str:
        return f"{'Notice' if self.number == 0 else f'Reminder {self.number}'} for {self.held_id} (cycle {self.cycle})"
