"""API of PR-2: the signed-in person's notifications, and marking them read (all, or some by id). The same service as
the notifications page (sim.notifications)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from certlink import clock
from certlink.api.inputs import valid
from profiles.signed_in import account_of
from sim import notifications
from sim.notifications import TITLES, Inbox


class NotificationOut(serializers.Serializer):
    id = serializers.CharField(source="key", help_text="Stable: the kind and its source record, e.g. credited:12")
    kind = serializers.ChoiceField(choices=list(TITLES))
    title = serializers.CharField()
    at = serializers.DateTimeField(help_text="When it happened (simulated)")
    sentence = serializers.CharField()
    unread = serializers.BooleanField()
    url = serializers.CharField(allow_null=True, help_text="The page it is about, or null")


class InboxOut(serializers.Serializer):
    unread = serializers.IntegerField(help_text="How many are unread")
    # A field named "label": DRF's metaclass moves it into the declared fields; the stubs see Field.label (a string).
    label = serializers.CharField(help_text="The bell's name: 'Notifications, 3 unread'")  # type: ignore[assignment]
    count = serializers.IntegerField(help_text="How many notifications there are")
    results = NotificationOut(many=True, help_text="Newest first")


class NotificationsReadIn(serializers.Serializer):
    all = serializers.BooleanField(required=False, default=False, help_text="Mark every notification read")
    ids = serializers.ListField(
        child=serializers.CharField(max_length=60), required=False, max_length=500, help_text="Mark these read"
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if bool(attrs.get("all")) == ("ids" in attrs):
            raise serializers.ValidationError(_("Give exactly one of: all (true), ids (a list)."))
        return attrs


def _out(inbox: Inbox) -> dict[str, Any]:
    data = {
        "unread": inbox.unread,
        "label": notifications.bell_label(inbox.unread),
        "count": len(inbox.items),
        "results": inbox.items,
    }
    return dict(InboxOut(data).data)


class NotificationsApi(APIView):
    @extend_schema(
        operation_id="notifications_list",
        responses={200: InboxOut},
        tags=["notifications"],
        summary="What happened to you: credits, reminders, support answers, associations refused or allowed (PR-2)",
    )
    def get(self, request: Request) -> Response:
        return Response(_out(notifications.inbox_for(account=account_of(request), now=clock.now())))


class NotificationsReadApi(APIView):
    @extend_schema(
        operation_id="notifications_read",
        request=NotificationsReadIn,
        responses={200: InboxOut},
        tags=["notifications"],
        summary="Mark all your notifications read, or those of the ids given (PR-2)",
    )
    def post(self, request: Request) -> Response:
        data = valid(NotificationsReadIn, request)
        keys = None if data["all"] else data["ids"]
        inbox = notifications.notifications_read(account=account_of(request), now=clock.now(), keys=keys)
        return Response(_out(inbox))
