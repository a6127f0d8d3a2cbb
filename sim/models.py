from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.db import IntegrityError, models, transaction


class ClockManager(models.Manager["Clock"]):
    def instant(self) -> datetime:
        row = self.filter(pk=Clock.SINGLETON).values_list("instant", flat=True).first()
        return row if row is not None else self.singleton().instant

    def singleton(self) -> Clock:
        try:
            with transaction.atomic():
                clock, _ = self.get_or_create(
                    pk=Clock.SINGLETON, defaults={"instant": datetime.fromisoformat(settings.SIM_CLOCK_START)}
                )
        except IntegrityError:  # another request created it first
            clock = self.get(pk=Clock.SINGLETON)
        return clock


class Clock(models.Model):
    """The simulated clock: one row, the frozen instant (SIM-1)."""

    SINGLETON = 1
    id = models.PositiveSmallIntegerField(primary_key=True, default=SINGLETON)
    instant = models.DateTimeField()

    objects = ClockManager()

    class Meta:
        constraints = [models.CheckConstraint(condition=models.Q(id=1), name="clock_is_a_singleton")]

    def __str__(self) -> str:
        return f"Simulated clock at {self.instant:%Y-%m-%d %H:%M} UTC"


class ClockAdvance(models.Model):
    """One advance of the clock: who moved it, from where to where, and the due work it ran on the way."""

    from_instant = models.DateTimeField()
    to_instant = models.DateTimeField()
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    steps = models.JSONField(default=list, blank=True)  # [{"at": iso, "work": name, "handled": n}]

    class Meta:
        ordering = ["-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(to_instant__gte=models.F("from_instant")), name="clock_moves_forward"
            )
        ]

    def __str__(self) -> str:
        return f"{self.from_instant:%Y-%m-%d %H:%M} → {self.to_instant:%Y-%m-%d %H:%M}"


class OutboxMessage(models.Model):
    """An email certlink sent (SIM-2), stamped with the simulated instant it was sent at."""

    sent_at = models.DateTimeField(db_index=True)
    from_email = models.CharField(max_length=320)
    to = models.TextField(help_text="Comma-separated, as addressed")
    cc = models.TextField(blank=True)
    subject = models.CharField(max_length=998)
    body = models.TextField()
    html = models.TextField(blank=True)
    template = models.CharField(max_length=100, blank=True)
    relayed = models.BooleanField(default=False)
    relay_error = models.TextField(blank=True)

    class Meta:
        ordering = ["-sent_at", "-id"]

    def __str__(self) -> str:
        return f"{self.subject} → {self.to}"


class OutboxRecipient(models.Model):
    """One address a message went to; the outbox is searched by address through this table."""

    class Field(models.TextChoices):
        TO = "to"
        CC = "cc"
        BCC = "bcc"

    # The unique (message, address, field) serves lookups by message; addresses are matched whole, lower-cased.
    message = models.ForeignKey(OutboxMessage, on_delete=models.CASCADE, related_name="recipients", db_index=False)
    address = models.EmailField(max_length=320)
    field = models.CharField(max_length=3, choices=Field.choices, default=Field.TO)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["message", "address", "field"], name="outbox_recipient_once")]
        indexes = [models.Index(fields=["address"], name="outbox_recipient_address")]

    def __str__(self) -> str:
        return f"{self.field}: {self.address}"
