from __future__ import annotations

from django.db import models
from django.utils.html import escape

from certlink.appendonly import AppendOnlyModel


class OutboxLetter(AppendOnlyModel):
    """What the messages of one mail merge share (SIM-2): the text and HTML of an email with a placeholder where each
    recipient's own values go. A bulk sender (RN-8's reminders) stores this once per batch and, on each message, only
    the values; the message's body and HTML are the letter filled in (`OutboxMessage.body`, `.html`). Append-only
    (certlink.appendonly): an email that went out is not rewritten, and its messages' reference to it is checked per
    statement rather than per row (see `OutboxMessage.letter`)."""

    body = models.TextField()
    html = models.TextField(blank=True)

    def __str__(self) -> str:
        return f"Letter {self.pk}"


class OutboxMessage(models.Model):
    """An email certlink sent (SIM-2), stamped with the simulated instant it was sent at. Its body and HTML are stored
    on the row, or, for a message of a mail merge, are its letter filled in with its `merge` values (each escaped for
    HTML, as the templates escape a value)."""

    sent_at = models.DateTimeField(db_index=True)
    from_email = models.CharField(max_length=320)
    to = models.TextField(help_text="Comma-separated, as addressed")
    cc = models.TextField(blank=True)
    subject = models.CharField(max_length=998)
    stored_body = models.TextField(db_column="body", blank=True)
    stored_html = models.TextField(db_column="html", blank=True)
    # No index: nothing looks messages up by letter (a letter goes only with the world, after its messages), and a
    # year's advance writes a million and a half of them. No FOREIGN KEY constraint either, whose check runs once per
    # row (about 6 µs, a sixth of what the email costs): on PostgreSQL a trigger checks each statement's rows at once
    # (migration 0006, certlink.appendonly.references_append_only_trigger), which holds because a letter is never
    # deleted or changed.
    letter = models.ForeignKey(
        OutboxLetter,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    merge = models.JSONField(null=True, blank=True, help_text="placeholder → value, for a message of a mail merge")
    # A mail merge's message went to one address, kept here (lower-cased) instead of in an OutboxRecipient row: a
    # year's advance sends a million and a half of them, and a row, its three index entries and its foreign-key check
    # cost more than the email. Every other message has its OutboxRecipient rows and this empty.
    sole_recipient = models.EmailField(max_length=320, blank=True, default="")
    template = models.CharField(max_length=100, blank=True)
    relayed = models.BooleanField(default=False)
    relay_error = models.TextField(blank=True)

    class Meta:
        ordering = ["-sent_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(letter__isnull=True, merge__isnull=True)
                | models.Q(letter__isnull=False, merge__isnull=False),
                name="outbox_merge_has_its_letter",
            )
        ]
        indexes = [
            models.Index(
                fields=["sole_recipient"], name="outbox_sole_recipient", condition=~models.Q(sole_recipient="")
            )
        ]

    def __str__(self) -> str:
        return f"{self.subject} → {self.to}"

    @property
    def body(self) -> str:
        return self._filled(self.letter.body) if self.letter_id else self.stored_body

    @property
    def html(self) -> str:
        return self._filled(self.letter.html) if self.letter_id else self.stored_html

    def _filled(self, text: str) -> str:
        for placeholder, value in (self.merge or {}).items():
            text = text.replace(placeholder, escape(str(value)))
        return text


class OutboxRecipient(models.Model):
    """One address a message went to; the outbox is searched by address through this table and, for a mail merge's
    messages, their `sole_recipient` (sim.selectors.sent_to)."""

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
