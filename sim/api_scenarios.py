"""API of SIM-3 and the timelines (operators only): list and load scenarios, reset the world, read a learner's or an
organisation's timeline. The same services as the pages and the `scenario` command."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from certlink import clock
from certlink.api.inputs import valid
from certlink.api.permissions import IsOperator
from partners.models import PartnerOrganization
from profiles.models import Account
from profiles.signed_in import SignedInApiRequest
from sim import timeline
from sim.scenarios import scenario_list, scenario_load
from sim.scenarios_reset import RESET_WORD, world_reset


class ScenarioOut(serializers.Serializer):
    key = serializers.CharField()
    title = serializers.CharField()
    rules = serializers.ListField(child=serializers.CharField())
    description = serializers.CharField()
    clock = serializers.CharField(help_text="What loading does with the simulated clock")


class ScenarioSignInOut(serializers.Serializer):
    email = serializers.EmailField()
    kind = serializers.ChoiceField(choices=Account.Kind.choices)
    who = serializers.CharField()
    password = serializers.CharField(help_text="Empty when the account keeps a password of its own")


class ScenarioStepOut(serializers.Serializer):
    text = serializers.CharField()
    url = serializers.CharField(allow_blank=True)


class ScenarioResultOut(serializers.Serializer):
    key = serializers.CharField()
    title = serializers.CharField()
    rules = serializers.ListField(child=serializers.CharField())
    suffix = serializers.CharField(help_text="Ends the names of everything this load created")
    now = serializers.DateTimeField(help_text="The simulated instant once loaded")
    sign_ins = ScenarioSignInOut(many=True)
    steps = ScenarioStepOut(many=True)
    expected = serializers.ListField(child=serializers.CharField())
    timelines = ScenarioStepOut(many=True)
    facts = serializers.DictField(help_text="Ids and MCIDs of what was created")


class WorldResetIn(serializers.Serializer):
    confirm = serializers.CharField(
        required=False, default="", allow_blank=True, max_length=20, help_text=f"Must be {RESET_WORD}"
    )


class WorldResetOut(serializers.Serializer):
    deleted = serializers.DictField(child=serializers.IntegerField(), help_text="Rows deleted, by model")
    clock = serializers.DateTimeField(help_text="The simulated clock, back at its start")


class TimelineEventOut(serializers.Serializer):
    at = serializers.DateTimeField()
    kind = serializers.CharField()
    sentence = serializers.CharField()
    scheduled = serializers.BooleanField()


class TimelineOut(serializers.Serializer):
    subject = serializers.CharField()
    now = serializers.DateTimeField()
    next_at = serializers.DateTimeField(allow_null=True, help_text="This timeline's next scheduled moment")
    past = TimelineEventOut(many=True)
    scheduled = TimelineEventOut(many=True)


class ScenarioListApi(APIView):
    permission_classes = [IsOperator]

    @extend_schema(
        operation_id="sim_scenario_list",
        responses={200: ScenarioOut(many=True)},
        tags=["simulation"],
        summary="The named scenarios (SIM-3)",
    )
    def get(self, request: Request) -> Response:
        return Response(ScenarioOut(scenario_list(), many=True).data)


class ScenarioLoadApi(APIView):
    permission_classes = [IsOperator]

    @extend_schema(
        operation_id="sim_scenario_load",
        request=None,
        responses={201: ScenarioResultOut},
        tags=["simulation"],
        summary="Load a scenario on top of the world: who to sign in as, what to try, what should happen",
    )
    def post(self, request: SignedInApiRequest, key: str) -> Response:
        result = scenario_load(key=key, now=clock.now(), by=request.user)
        return Response(ScenarioResultOut(result).data, status=status.HTTP_201_CREATED)


class ResetApi(APIView):
    permission_classes = [IsOperator]

    @extend_schema(
        operation_id="sim_reset",
        request=WorldResetIn,
        responses={200: WorldResetOut},
        tags=["simulation"],
        summary=f'Reset the world: everything but the catalog and the staff; {{"confirm": "{RESET_WORD}"}}',
    )
    def post(self, request: SignedInApiRequest) -> Response:
        data = valid(WorldResetIn, request)
        return Response(WorldResetOut(world_reset(confirm=data["confirm"], by=request.user)).data)


class LearnerTimelineApi(APIView):
    permission_classes = [IsOperator]

    @extend_schema(
        operation_id="sim_timeline_learner",
        responses={200: TimelineOut},
        tags=["simulation"],
        summary="A learner's events in simulated time, past and scheduled",
    )
    def get(self, request: Request, account_id: int) -> Response:
        account = get_object_or_404(Account, pk=account_id)
        return Response(TimelineOut(timeline.learner_timeline(account=account, now=clock.now())).data)


class OrganizationTimelineApi(APIView):
    permission_classes = [IsOperator]

    @extend_schema(
        operation_id="sim_timeline_organization",
        responses={200: TimelineOut},
        tags=["simulation"],
        summary="A partner organisation's events in simulated time, past and scheduled",
    )
    def get(self, request: Request, organization_id: int) -> Response:
        organization = get_object_or_404(PartnerOrganization, pk=organization_id)
        return Response(TimelineOut(timeline.organization_timeline(organization=organization, now=clock.now())).data)
