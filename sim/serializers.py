from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from certlink import clock
from certlink.models import OutboxMessage
from sim import selectors


class ScheduledWorkOut(serializers.Serializer):
    name = serializers.CharField()
    # A field named "label": DRF's metaclass moves it into the declared fields; the stubs see Field.label (a string).
    label = serializers.CharField()  # type: ignore[assignment]
    next_due = serializers.DateTimeField(allow_null=True)


class UnfinishedAdvanceOut(serializers.Serializer):
    id = serializers.IntegerField()
    to_instant = serializers.DateTimeField()
    reached = serializers.DateTimeField(allow_null=True)
    running = serializers.BooleanField(help_text="Running (wait) or stopped (resume it)")
    message = serializers.CharField(help_text="What to do, as the clock page says it")


class ClockOut(serializers.Serializer):
    now = serializers.DateTimeField()
    next_event_at = serializers.DateTimeField(allow_null=True)
    scheduled = ScheduledWorkOut(many=True)
    unfinished_advance = UnfinishedAdvanceOut(allow_null=True)


class ClockAdvanceIn(serializers.Serializer):
    by = serializers.CharField(required=False, max_length=50, help_text="A duration: 30d, 2w, 12h, 90m, 6mo, 1y")
    to = serializers.CharField(required=False, max_length=40, help_text="A date (YYYY-MM-DD) or an ISO instant")
    next = serializers.BooleanField(required=False, default=False, help_text="To the next scheduled event")

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        chosen = [name for name in ("by", "to") if attrs.get(name)] + (["next"] if attrs.get("next") else [])
        if len(chosen) != 1:
            raise serializers.ValidationError(_("Give exactly one of: by (a duration), to (a date), next (true)."))
        return attrs


class AdvanceStepOut(serializers.Serializer):
    at = serializers.DateTimeField()
    work = serializers.CharField()
    handled = serializers.IntegerField()


class AdvanceProgressOut(serializers.Serializer):
    done = serializers.FloatField(help_text="Share of the simulated span covered, 0 to 1")
    percent = serializers.IntegerField()
    moments = serializers.IntegerField(help_text="Whole moments committed")
    items = serializers.IntegerField(help_text="Items handled (emails, credits, refreshes)")
    elapsed_seconds = serializers.FloatField(help_text="Real time since it started")
    remaining_seconds = serializers.FloatField(allow_null=True, help_text="Estimated real time left (null: unknown)")


class ClockAdvanceOut(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    from_instant = serializers.DateTimeField()
    to_instant = serializers.DateTimeField()
    reached = serializers.DateTimeField(allow_null=True, help_text="The last whole moment committed")
    moments = serializers.IntegerField(help_text="Whole moments committed")
    finished = serializers.BooleanField()
    error = serializers.CharField(help_text="Why it stopped, if it did")
    steps = AdvanceStepOut(many=True)
    summary = serializers.SerializerMethodField(help_text="What the advance did, as the clock page says it")
    url = serializers.SerializerMethodField(help_text="This advance as a job: poll it until `finished` (SIM-5)")
    progress = serializers.SerializerMethodField(help_text="How far it got (SIM-5), as its page shows it")
    running = serializers.SerializerMethodField(help_text="Still running (false once finished, or when it stopped)")
    message = serializers.SerializerMethodField(help_text="The page's sentence: what it did, or what to do about it")

    def get_summary(self, result: Any) -> str:
        return selectors.advance_summary(result.steps)

    def get_url(self, result: Any) -> str:
        return str(self.context.get("url", ""))

    @extend_schema_field(AdvanceProgressOut)
    def get_progress(self, result: Any) -> dict[str, Any]:
        progress = clock.progress_of(result)
        return {
            "done": round(progress.done, 4),
            "percent": progress.percent,
            "moments": progress.moments,
            "items": progress.items,
            "elapsed_seconds": round(progress.elapsed.total_seconds(), 1),
            "remaining_seconds": (None if progress.remaining is None else round(progress.remaining.total_seconds(), 1)),
        }

    def get_running(self, result: Any) -> bool:
        return clock.is_running(result)

    def get_message(self, result: Any) -> str:
        return selectors.advance_sentence(result) if result.finished else clock.unfinished_sentence(result)


class OutboxMessageOut(serializers.ModelSerializer):
    """A message as the outbox keeps it (template, context, addresses, date) and as it renders (subject, text, HTML:
    the same rendering as the page's and the SMTP relay's)."""

    recipients = serializers.SerializerMethodField()
    subject = serializers.CharField(read_only=True)
    body = serializers.CharField(read_only=True)
    html = serializers.CharField(read_only=True)
    # A field named "context": DRF's metaclass moves it into the declared fields; the stubs see Serializer.context.
    context = serializers.JSONField(read_only=True, help_text="The values the email was built from, as sent")  # type: ignore[assignment]

    class Meta:
        model = OutboxMessage
        fields = [
            "id",
            "sent_at",
            "from_email",
            "to",
            "cc",
            "recipients",
            "subject",
            "body",
            "html",
            "template",
            "context",
            "relayed",
            "relay_error",
        ]
        read_only_fields = fields

    def get_recipients(self, message: OutboxMessage) -> list[str]:
        return sorted({r.address for r in message.recipients.all()})
