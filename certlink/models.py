"""The simulated clock's state (SIM-1): the clock itself, each advance, and how far each piece of due work has run.

The engine that moves them is certlink.clock. Clock and ClockAdvance were sim's models; their tables keep sim's names
(db_table) so that a database migrated before the move keeps its data."""

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
