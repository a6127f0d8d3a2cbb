"""The catalog (CE-1): certifications, the exams that earn them, prerequisites."""

from __future__ import annotations

from django.db import models


class Certification(models.Model):
    class Level(models.TextChoices):
        FUNDAMENTALS = "fundamentals", "Fundamentals"
        ASSOCIATE = "associate", "Associate"
        EXPERT = "expert", "Expert"
        SPECIALTY = "specialty", "Specialty"

    slug = models.SlugField(max_length=100, unique=True)
    name = models.CharField(max_length=200)
    level = models.CharField(max_length=12, choices=Level.choices)
    release_date = models.DateField(null=True, blank=True)
    retirement_date = models.DateField(null=True, blank=True)
    prerequisites = models.ManyToManyField("self", symmetrical=False, blank=True, related_name="required_by")
    languages = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Exam(models.Model):
    code = models.CharField(max_length=20, unique=True)  # AZ-104
    name = models.CharField(max_length=200)
    certification = models.ForeignKey(Certification, on_delete=models.PROTECT, related_name="exams")

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code}: {self.name}"
