"""sim's own models: what a person has read of their notifications (PR-2). The clock and the outbox that sim shows are
certlink's core (certlink.models).

Notifications themselves are not stored: they are the person's events (sim.timeline) of the kinds PR-2 names, derived
when asked for. Only reading is stored, and as little of it as serves: a mark per account ("everything that happened
before this simulated instant is read", moved by *Mark all as read*) and a row for each notification read on its own
(opened or marked) that the mark does not cover yet."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class NotificationsRead(models.Model):
    """PR-2: how far an account has read: every notification of an instant before `before` is read."""

    account = models.OneToOneField(  # one mark per account: the OneToOne is the database's unique constraint
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    before = models.DateTimeField(help_text="Simulated instant: notifications of an earlier instant are read")

    class Meta:
        verbose_name = "notifications read mark"

    def __str__(self) -> str:
        return f"{self.account_id} read before {self.before:%Y-%m-%d %H:%M}"


class NotificationRead(models.Model):
    """PR-2: one notification read by itself, by its stable key (its kind and its source record, "credited:12").
    `at` is the notification's instant: once an account's mark passes it, the row says nothing more and goes."""

    account = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=60)
    at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["account", "key"], name="one_read_per_notification")]

    def __str__(self) -> str:
        return f"{self.account_id} read {self.key}"
