"""certlink's core state: the simulated clock (SIM-1: the clock itself, each advance, and how far each piece of due
work has run) and the outbox (SIM-2: every email certlink sent, kept as data).

The engine that moves the clock is certlink.clock; the outbox is written by certlink.outbox (and the email backend,
certlink.mail) and read by sim's pages. These were sim's models; their tables keep sim's names (db_table) so that a
database migrated before the move keeps its data. The outbox names the RN-8 reminder an email was sent for by a lazy
reference ("renewals.RenewalReminder"), a real foreign key in the database and no import of the app."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, models, transaction
from django.utils.functional import cached_property

from certlink.emails import Email


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
        db_table = "sim_clock"
        constraints = [models.CheckConstraint(condition=models.Q(id=1), name="clock_is_a_singleton")]

    def __str__(self) -> str:
        return f"Simulated clock at {self.instant:%Y-%m-%d %H:%M} UTC"


class ClockAdvance(models.Model):
    """One advance of the clock: who moved it, from where to where, how far it has got (`reached`, the last whole
    moment, committed with the clock at it) and the due work it ran on the way.

    An advance is unfinished until it reaches `to_instant`; at most one is (one_unfinished_advance). Whether an
    unfinished advance is still running or died (a killed process, an error) is told by `heartbeat_at`, in real time
    like lockout (infrastructure, not the simulation): each moment it commits beats, and one that has not beaten for
    CLOCK_ADVANCE_STALE_SECONDS is stopped and may be resumed (certlink.clock.clock_advance_resume)."""

    from_instant = models.DateTimeField()
    to_instant = models.DateTimeField()
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    steps = models.JSONField(default=list, blank=True)  # [{"at": iso, "work": name, "handled": n}]
    reached = models.DateTimeField(null=True, blank=True)  # the last whole moment (None: none yet)
    moments = models.PositiveIntegerField(default=0)  # whole moments committed
    finished = models.BooleanField(default=False)
    # Real time (infrastructure): when it started, last committed a moment or was taken over, and finished.
    started_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    runner = models.CharField(max_length=32, blank=True)  # the process that runs it now (a resume takes it over)
    error = models.TextField(blank=True)  # why it stopped, when it did

    class Meta:
        db_table = "sim_clockadvance"
        ordering = ["-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(to_instant__gte=models.F("from_instant")), name="clock_moves_forward"
            ),
            # SIM-5: one advance at a time.
            models.UniqueConstraint(
                fields=["finished"], condition=models.Q(finished=False), name="one_unfinished_advance"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.from_instant:%Y-%m-%d %H:%M} → {self.to_instant:%Y-%m-%d %H:%M}"

    @property
    def handled(self) -> int:
        return sum(step["handled"] for step in self.steps)


class DueWorkProgress(models.Model):
    """How far a piece of due work has run (certlink.clock.DueWork): everything due at or before `ran_to` is done.
    Written in the transaction of the moment that ran it, so a rerun does nothing and a crash resumes."""

    name = models.CharField(max_length=64, unique=True)
    ran_to = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.name} ran to {self.ran_to:%Y-%m-%d %H:%M}"


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
        db_table = "sim_outboxmessage"  # sim's model before issue 17; the table keeps its name
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
        db_table = "sim_outboxrecipient"
        constraints = [models.UniqueConstraint(fields=["message", "address", "field"], name="outbox_recipient_once")]
        indexes = [models.Index(fields=["address"], name="outbox_recipient_address")]

    def __str__(self) -> str:
        return f"{self.field}: {self.address}"
