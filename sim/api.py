"""API of the simulation: the clock (SIM-1) and the outbox (SIM-2)."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.generics import ListAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from certlink import clock
from certlink.api.inputs import valid
from certlink.api.permissions import IsOperator
from sim import rules, selectors, services
from sim.serializers import (
    ClockAdvanceIn,
    ClockAdvanceOut,
    ClockOut,
    OutboxMessageOut,
    OutboxQuery,
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
        return Response(
            ClockOut(
                {"now": now, "next_event_at": services.next_due_after(now), "scheduled": selectors.scheduled_work()}
            ).data
        )


class ClockAdvanceApi(APIView):
    permission_classes = [IsOperator]

    @extend_schema(
        operation_id="clock_advance",
        request=ClockAdvanceIn,
        responses={200: ClockAdvanceOut},
        tags=["simulation"],
        summary="Advance the clock by a duration, to a date, or to the next event",
    )
    def post(self, request: Request) -> Response:
        data = valid(ClockAdvanceIn, request)
        if data.get("next"):
            result = services.clock_advance_to_next(by=request.user)
        elif data.get("by"):
            result = services.clock_advance_by(duration=data["by"], by=request.user)
        else:
            result = services.clock_advance(to=rules.parse_target(data["to"]), by=request.user)
        return Response(ClockAdvanceOut(result).data)


class OutboxListApi(ListAPIView):
    serializer_class = OutboxMessageOut

    @extend_schema(
        operation_id="outbox_list",
        tags=["simulation"],
        parameters=[OpenApiParameter("to", str, description="Operators: only mail to this address")],
        summary="Emails sent: all (operators) or those to your addresses",
    )
    def get(self, request: Request, *args: object, **kwargs: object) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self):  # type: ignore[no-untyped-def]
        query = OutboxQuery(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        return selectors.outbox_for(account=self.request.user, address=query.validated_data["to"]).prefetch_related(
            "recipients"
        )


class OutboxMessageApi(APIView):
    @extend_schema(
        operation_id="outbox_read",
        responses={200: OutboxMessageOut},
        tags=["simulation"],
        summary="One email of the outbox",
    )
    def get(self, request: Request, message_id: int) -> Response:
        message = get_object_or_404(selectors.outbox_for(account=request.user), pk=message_id)
        return Response(OutboxMessageOut(message).data)
