"""The project's own infrastructure tables (the apps hold the domain)."""

from __future__ import annotations

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models


class PendingTask(models.Model):
    """A Celery task asked for inside a transaction, recorded in that transaction (a transactional outbox,
    certlink.queue): published when it commits, published again by the relay while the broker was unreachable, and
    deleted by the worker that runs it, in the transaction of its work, so that it runs once.

    Times here are the machine's, not the simulation's: they pace retries against a real broker."""

    task = models.CharField(max_length=200, help_text="The Celery task's name.")
    args = models.JSONField(default=list, blank=True, encoder=DjangoJSONEncoder)
    kwargs = models.JSONField(default=dict, blank=True, encoder=DjangoJSONEncoder)
    created_at = models.DateTimeField()
    published_at = models.DateTimeField(
        null=True, blank=True, help_text="When the broker last took it; empty while the broker could not be reached."
    )
    attempts = models.PositiveIntegerField(default=0, help_text="How many times it was handed to the broker.")

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["published_at", "id"], name="pending_task_to_relay")]

    def __str__(self) -> str:
        return f"{self.task} #{self.pk}"
