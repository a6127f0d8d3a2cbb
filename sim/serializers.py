from __future__ import annotations

from typing import Any

from rest_framework import serializers

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
            raise serializers.ValidationError("Give exactly one of: by (a duration), to (a date), next (true).")
        return attrs


class AdvanceStepOut(serializers.Serializer):
    at = serializers.DateTimeField()
    work = serializers.CharField()
    handled = serializers.IntegerField()


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

    def get_summary(self, result: Any) -> str:
        return selectors.advance_summary(result.steps)


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
