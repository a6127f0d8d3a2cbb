"""API of SIM-3 and the timelines (operators only): list and load scenarios, reset the world, read a learner's or an
organisation's timeline. The same services as the pages and the `scenario` command."""

from __future__ import annotations

from uuid import UUID

from django.shortcuts import get_object_or_404
from django.urls import reverse
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from certlink import clock
from certlink.api.inputs import valid
from certlink.api.permissions import IsOperator
from partners.models import PartnerOrganization
from profiles.models import Account
from profiles.signed_in import SignedInApiRequest
from sim import job_run, jobs, timeline
from sim.population import PopulationSpec
from sim.scenarios import scenario_list
from sim.scenarios_reset import RESET_WORD


class ScenarioOut(serializers.Serializer):
    key = serializers.CharField()
    title = serializers.CharField()
    rules = serializers.ListField(child=serializers.CharField())
    description = serializers.CharField()
    clock = serializers.CharField(help_text="What loading does with the simulated clock")


class WorldResetIn(serializers.Serializer):
    confirm = serializers.CharField(
        required=False, default="", allow_blank=True, max_length=20, help_text=f"Must be {RESET_WORD}"
    )


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


class JobProgressOut(serializers.Serializer):
    done = serializers.FloatField(help_text="Share done, 0 to 1")
    percent = serializers.IntegerField()
    steps = serializers.IntegerField(help_text="Steps done: learners generated, tables emptied, thousandths of a span")
    total = serializers.IntegerField(help_text="Steps in all")
    items = serializers.IntegerField(help_text="Items handled: learners, records deleted, moments of the clock")
    elapsed_seconds = serializers.FloatField(help_text="Real time since it started")
    remaining_seconds = serializers.FloatField(allow_null=True, help_text="Estimated real time left (null: unknown)")


class JobRefusalOut(serializers.Serializer):
    code = serializers.CharField()
    message = serializers.CharField()
    details = serializers.DictField()


class JobOut(serializers.Serializer):
    id = serializers.CharField()
    kind = serializers.ChoiceField(choices=job_run.KINDS)
    title = serializers.CharField(source="label", help_text="What the job is")
    state = serializers.ChoiceField(choices=jobs.JOB_STATES)
    finished = serializers.BooleanField()
    by = serializers.CharField(help_text="Who started it")
    url = serializers.SerializerMethodField(help_text="This job: poll it until `finished` (SIM-5)")
    progress = serializers.SerializerMethodField()
    message = serializers.SerializerMethodField(help_text="The page's sentence: what the job did, or why it did not")
    params = serializers.DictField()
    result = serializers.DictField(
        allow_null=True,
        help_text="Once done: the scenario's result (who to sign in as, what to try), the reset's rows deleted, or "
        "the population's counts",
    )
    refusal = JobRefusalOut(allow_null=True, help_text="When refused: the refusal met while it ran")
    error = serializers.CharField(help_text="When it failed: the error")

    @extend_schema_field(JobProgressOut)
    def get_progress(self, job: jobs.Job) -> dict[str, object]:
        p = job.progress
        return JobProgressOut(
            {
                "done": p.done,
                "percent": p.percent,
                "steps": p.steps,
                "total": p.total,
                "items": p.items,
                "elapsed_seconds": p.elapsed.total_seconds(),
                "remaining_seconds": None if p.remaining is None else p.remaining.total_seconds(),
            }
        ).data

    def get_url(self, job: jobs.Job) -> str:
        return str(self.context["url"])

    def get_message(self, job: jobs.Job) -> str:
        return jobs.job_sentence(job)


def accepted(request: Request, job_id: str) -> Response:
    """SIM-5: 202, the job's URL (Location and `url`), and the job as it stands (eagerly: already done)."""
    url = request.build_absolute_uri(reverse("api_sim_job", args=[job_id]))
    return Response(JobOut(jobs.job_read(job_id), context={"url": url}).data, status=202, headers={"Location": url})


class ScenarioLoadApi(APIView):
    permission_classes = [IsOperator]

    @extend_schema(
        operation_id="sim_scenario_load",
        request=None,
        responses={202: JobOut},
        tags=["simulation"],
        summary="Load a scenario on top of the world, in the background (SIM-5): the job's `result` says who to sign "
        "in as, what to try, what should happen",
    )
    def post(self, request: SignedInApiRequest, key: str) -> Response:
        return accepted(request, jobs.scenario_in_background(key=key, by=request.user))


class ResetApi(APIView):
    permission_classes = [IsOperator]

    @extend_schema(
        operation_id="sim_reset",
        request=WorldResetIn,
        responses={202: JobOut},
        tags=["simulation"],
        summary=f'Reset the world in the background: everything but the catalog and the staff; {{"confirm": '
        f'"{RESET_WORD}"}}',
    )
    def post(self, request: SignedInApiRequest) -> Response:
        data = valid(WorldResetIn, request)
        return accepted(request, jobs.reset_in_background(confirm=data["confirm"], by=request.user))


class PopulateIn(serializers.Serializer):
    learners = serializers.IntegerField(min_value=1, max_value=jobs.MAX_LEARNERS)
    orgs = serializers.IntegerField(min_value=0, max_value=jobs.MAX_ORGS, default=20)
    seed = serializers.IntegerField(min_value=0, default=1)
    largest_org = serializers.IntegerField(
        min_value=1, required=False, allow_null=True, default=None, help_text="Employees of the first organisation"
    )


class PopulateApi(APIView):
    permission_classes = [IsOperator]

    @extend_schema(
        operation_id="sim_populate",
        request=PopulateIn,
        responses={202: JobOut},
        tags=["simulation"],
        summary="Generate a population (SIM-4) in the background (SIM-5)",
    )
    def post(self, request: SignedInApiRequest) -> Response:
        data = valid(PopulateIn, request)
        return accepted(request, jobs.population_in_background(spec=PopulationSpec(**data), by=request.user))


class JobApi(APIView):
    permission_classes = [IsOperator]

    @extend_schema(
        operation_id="sim_job_read",
        responses={200: JobOut},
        tags=["simulation"],
        summary="A background job (scenario load, reset, population): how far it got and how it ended (SIM-5)",
    )
    def get(self, request: Request, job_id: UUID) -> Response:
        return Response(JobOut(jobs.job_read(str(job_id)), context={"url": request.build_absolute_uri()}).data)


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
