from __future__ import annotations

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.functional import cached_property

from certlink.emails import Email


class OutboxMessage(models.Model):
    """An email certlink sent (SIM-2), kept as what it was made of: its template, its context (the plain values and ids
    it was built from, as they were when it was sent), its addresses, its language and the simulated instant it was
    sent at. Its subject, text and HTML are rendered from the template whenever they are read (`email`, one rendering
    for the outbox's pages, the API and the SMTP relay), so that nothing but values is stored and an email does not
    change when the data it was built from does."""

    sent_at = models.DateTimeField(db_index=True)
    from_email = models.CharField(max_length=320)
    to = models.TextField(help_text="Comma-separated, as addressed")
    cc = models.TextField(blank=True)
    template = models.CharField(max_length=100, help_text="templates/emails/<template>/")
    context = models.JSONField(default=dict, blank=True, encoder=DjangoJSONEncoder)
    language = models.CharField(max_length=15, blank=True, default="", help_text="Rendered in it; empty: LANGUAGE_CODE")
    # RN-8's notice or reminder this email is (none for other emails): a real foreign key, unique, so a reminder's
    # email is stored once whoever sends it and however often (renewals.reminders). The email outlives its reminder.
    reminder = models.OneToOneField(
        "renewals.RenewalReminder", null=True, blank=True, on_delete=models.SET_NULL, related_name="email"
    )
    relayed = models.BooleanField(default=False)
    relay_error = models.TextField(blank=True)

    class Meta:
        ordering = ["-sent_at", "-id"]
        # The SMTP relay takes unrelayed messages in id order (certlink.mail.outbox_relay): once relayed, a message
        # leaves this index, which holds only what waits.
        indexes = [models.Index(fields=["id"], condition=models.Q(relayed=False), name="outbox_unrelayed")]

    def __str__(self) -> str:
        return f"{self.template} → {self.to}"

    @cached_property
    def email(self) -> Email:
        return Email(template=self.template, context=self.context, at=self.sent_at, language=self.language)

    @property
    def subject(self) -> str:
        return self.email.subject

    @property
    def body(self) -> str:
        return self.email.text

    @property
    def html(self) -> str:
        return self.email.html


class OutboxRecipient(models.Model):
    """One address a message went to; the outbox is searched by address through this table (sim.selectors.sent_to)."""

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
