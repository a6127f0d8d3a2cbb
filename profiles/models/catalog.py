"""The catalog (CE-1): certifications, the exams that earn them, prerequisites."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Certification(models.Model):
    class Level(models.TextChoices):
        # Translators: the four levels of Microsoft certifications, as Microsoft Learn names them in your language.
        FUNDAMENTALS = "fundamentals", _("Fundamentals")
        ASSOCIATE = "associate", _("Associate")
        EXPERT = "expert", _("Expert")
        SPECIALTY = "specialty", _("Specialty")

    slug = models.SlugField(max_length=100, unique=True)
    name = models.CharField(max_length=200)
    level = models.CharField(max_length=12, choices=Level.choices)
    release_date = models.DateField(null=True, blank=True)
    retirement_date = models.DateField(null=True, blank=True)
    prerequisites = models.ManyToManyField("self", symmetrical=False, blank=True, related_name="required_by")
    languages = models.JSONField(default=list, blank=True)
    sources = models.JSONField(default=list, blank=True, help_text="Where the catalog entry comes from")

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def renewable(self) -> bool:
        """CE-3: fundamentals never expire and have nothing to renew."""
        return self.level != self.Level.FUNDAMENTALS


class Exam(models.Model):
    """An exam; passing every exam a certification requires earns it (CE-2). One exam may count towards several
    certifications (the Dynamics 365 core exam MB-300 did)."""

    code = models.CharField(max_length=20, unique=True)  # AZ-104
    name = models.CharField(max_length=200)
    certifications = models.ManyToManyField(Certification, related_name="exams", blank=True)
    retirement_date = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code}: {self.name}"
