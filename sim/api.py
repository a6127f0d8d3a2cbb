"""API of the simulation: the clock (SIM-1) and the outbox (SIM-2)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema
from rest_framework.generics import ListAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from certlink import clock, rules
from certlink.api.inputs import valid
from certlink.api.permissions import IsOperator
from certlink.models import ClockAdvance, OutboxMessage
from profiles.signed_in import account_of
from sim import jobs, selectors
from sim.filters import OutboxFilter
from sim.serializers import (
    ClockAdvanceIn,
    ClockAdvanceOut,
    ClockOut,
    OutboxMessageOut,
)


class ClockApi(APIView):
    @extend_schema(
        operation_id="clock_read",
        responses={200: ClockOut},
        tags=["simulation"],
        summary="The simulated instant and the work scheduled after it",
    )
    def get(self, request: Request) -> Response:
        now = clock.now()
        scheduled = selectors.scheduled_work(now=now)  # each work asked once: the list and the next event
        advance = clock.unfinished_advance()
        unfinished = None
        if advance is not None:
            unfinished = {
                "id": advance.pk,
                "to_instant": advance.to_instant,
                "reached": advance.reached,
                "running": clock.is_running(advance),
                "message": clock.unfinished_sentence(advance),
            }
        return Response(
            ClockOut(
                {
                    "now": now,
                    "next_event_at": clock.next_due_after(now, known=[work.next_due for work in scheduled]),
                    "scheduled": scheduled,
                    "unfinished_advance": unfinished,
                }
            ).data
        )


class ClockAdvanceApi(APIView):
    permission_classes = [IsOperator]

    @extend_schema(
        operation_id="clock_advance",
        request=ClockAdvanceIn,
        responses={202: ClockAdvanceOut},
        tags=["simulation"],
        summary="Advance the clock by a duration, to a date, or to the next event, in the background (SIM-5)",
    )
    def post(self, request: Request) -> Response:
        data = valid(ClockAdvanceIn, request)
        if data.get("next"):
            target = clock.target_next()
        elif data.get("by"):
            target = clock.target_by(data["by"])
        else:
            target = rules.parse_target(data["to"])
        return _accepted(request, jobs.advance_in_background(to=target, by=request.user))


def _accepted(request: Request, advance: ClockAdvance) -> Response:
    """SIM-5: 202, the job's URL (Location and `url`), and the advance as it stands (eagerly: already done)."""
    url = request.build_absolute_uri(reverse("api_clock_advance_read", args=[advance.pk]))
    return Response(ClockAdvanceOut(advance, context={"url": url}).data, status=202, headers={"Location": url})


class ClockAdvanceReadApi(APIView):
    permission_classes = [IsOperator]

    @extend_schema(
        operation_id="clock_advance_read",
        responses={200: ClockAdvanceOut},
        tags=["simulation"],
        summary="One advance as a job: how far it got (done, moments, items, elapsed, remaining) and what it did",
    )
    def get(self, request: Request, advance_id: int) -> Response:
        advance = get_object_or_404(ClockAdvance, pk=advance_id)
        return Response(ClockAdvanceOut(advance, context={"url": request.build_absolute_uri()}).data)


class ClockAdvanceResumeApi(APIView):
    permission_classes = [IsOperator]

    @extend_schema(
        operation_id="clock_advance_resume",
        request=None,
        responses={202: ClockAdvanceOut},
        tags=["simulation"],
        summary="Resume the advance that stopped, from its last whole moment, in the background",
    )
    def post(self, request: Request) -> Response:
        return _accepted(request, jobs.resume_in_background())


class OutboxListApi(ListAPIView):
    """SIM-2: the outbox page's filters (one FilterSet) and a page with the filtered total (`count`)."""

    serializer_class = OutboxMessageOut
    filter_backends = [DjangoFilterBackend]
    filterset_class = OutboxFilter

    @extend_schema(
        operation_id="outbox_list",
        tags=["simulation"],
        summary="Emails sent: all (operators) or those to your addresses, filtered, a page at a time",
    )
    def get(self, request: Request, *args: object, **kwargs: object) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet[OutboxMessage]:
        if getattr(self, "swagger_fake_view", False):  # the schema's generator: no one is signed in
            return OutboxMessage.objects.none()
        return selectors.outbox_for(account=account_of(self.request)).prefetch_related("recipients")


class OutboxMessageApi(APIView):
    @extend_schema(
        operation_id="outbox_read",
        responses={200: OutboxMessageOut},
        tags=["simulation"],
        summary="One email of the outbox",
    )
    def get(self, request: Request, message_id: int) -> Response:
        message = get_object_or_404(selectors.outbox_for(account=account_of(request)), pk=message_id)
        return Response(OutboxMessageOut(message).data)
