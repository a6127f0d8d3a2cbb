"""API of what Partner Center makes of credits: the skills report and its CSV (PC-11), Solutions Partner
designation scores, their history and the entered points (PC-12), and why a certification is not counted (PC-14).
All of it reads Partner Center's own copy of credits (PC-9)."""

from __future__ import annotations

from datetime import datetime

from django.db.models import QuerySet
from django.http import StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django_filters.utils import translate_validation
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework.renderers import BaseRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from certlink import clock
from certlink.api.inputs import valid
from certlink.api.pagination import StrictLimitOffsetPagination
from certlink.errors import Refusal
from partners import filters as report_filters
from partners import report_csv, selectors, selectors_learn
from partners.api import partner_admin, partner_user
from partners.models import PartnerCredit, PartnerOrganization, PartnerUser
from partners.serializers_skills import (
    DesignationInputIn,
    DesignationInputOut,
    DesignationsOut,
    MonthScoresOut,
    SkillsReportOut,
    WhyOut,
    WhyQuery,
    report_rows,
)
from partners.services import scores
from profiles.models import Certification


def filtered_report(request: Request, organization: PartnerOrganization, at: datetime) -> QuerySet[PartnerCredit]:
    """The report narrowed by the query's filters, checked by the page's own FilterSet (partners.filters); a value it
    refuses is a 400 in the API's error shape, naming the field."""
    filters = report_filters.skills_report(request.query_params, organization=organization, at=at, request=request)
    if not filters.is_valid():
        raise translate_validation(filters.errors)
    return filters.qs


class SkillsReportApi(APIView):
    @extend_schema(
        operation_id="partner_skills_report",
        parameters=report_filters.openapi_parameters(),
        responses={200: SkillsReportOut},
        tags=["partner"],
        summary="The skills report: PC-11's columns, filtered; an empty report says so (partner and global admins)",
    )
    def get(self, request: Request) -> Response:
        me, now = partner_admin(request), clock.now()
        credits = filtered_report(request, me.organization, now)
        paginator = StrictLimitOffsetPagination()
        page = paginator.paginate_queryset(credits.values_list("pk", flat=True), request, view=self)
        body = {
            "count": paginator.count,
            "next": paginator.get_next_link(),
            "previous": paginator.get_previous_link(),
            "results": list(report_rows(credits.filter(pk__in=page or []), at=now)),
            "message": "" if paginator.count else selectors.EMPTY_REPORT,
        }
        return Response(SkillsReportOut(body).data)


class SkillsReportCsvApi(APIView):
    @extend_schema(
        operation_id="partner_skills_report_csv",
        parameters=report_filters.openapi_parameters(),
        responses={(200, "text/csv"): OpenApiTypes.STR},
        tags=["partner"],
        summary="Download the skills report as CSV, streamed, with PC-11's header row (partner and global admins)",
    )
    def get(self, request: Request) -> StreamingHttpResponse:
        me, now = partner_admin(request), clock.now()
        credits = filtered_report(request, me.organization, now)
        response = StreamingHttpResponse(report_csv.stream(credits, at=now), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="skills-report-{me.organization.partner_id}.csv"'
        return response

    def perform_content_negotiation(self, request: Request, force: bool = False) -> tuple[BaseRenderer, str]:
        # A client that asks for text/csv gets the CSV; refusals still answer in the JSON error shape.
        return super().perform_content_negotiation(request, force=True)


class DesignationsApi(APIView):
    @extend_schema(
        operation_id="partner_designations",
        responses={200: DesignationsOut},
        tags=["partner"],
        summary="Solutions Partner designation scores now: points per metric, who counts, what is missing (PC-12)",
    )
    def get(self, request: Request) -> Response:
        me, now = partner_admin(request), clock.now()
        areas = selectors.designation_scores(organization=me.organization, at=now)
        return Response(DesignationsOut({"at": now, "areas": areas}).data)


class DesignationHistoryApi(APIView):
    @extend_schema(
        operation_id="partner_designations_history",
        responses={200: MonthScoresOut(many=True)},
        tags=["partner"],
        summary="Designation scores at the end of each of the last six months, latest first (PC-12)",
    )
    def get(self, request: Request) -> Response:
        me, now = partner_admin(request), clock.now()
        history = selectors.score_history(organization=me.organization, now=now)
        return Response(MonthScoresOut([{"month": m, "areas": a} for m, a in history], many=True).data)


class DesignationInputApi(APIView):
    @extend_schema(
        operation_id="partner_designation_input_set",
        request=DesignationInputIn,
        responses={200: DesignationInputOut},
        tags=["partner"],
        summary="Enter performance or customer-success points of an area (partner and global admins, PC-12)",
    )
    def put(self, request: Request) -> Response:
        me = partner_admin(request)  # who may, before what was sent (403, not 400)
        data = valid(DesignationInputIn, request)
        row = scores.designation_input_set(by=me, now=clock.now(), **data)
        return Response(DesignationInputOut(row).data)


class WhyNotCountedApi(APIView):
    @extend_schema(
        operation_id="partner_why_not_counted",
        parameters=[WhyQuery],
        responses={200: WhyOut},
        tags=["partner"],
        summary="Why a certification is not counted: admins ask about anyone of theirs, users about themselves (PC-14)",
    )
    def get(self, request: Request) -> Response:
        query = WhyQuery(data=request.query_params.dict())
        query.is_valid(raise_exception=True)
        me, now = partner_user(request), clock.now()
        person = _person(me, query.validated_data.get("person"))
        slug = query.validated_data["certification"]
        certification = Certification.objects.filter(slug=slug).first()
        if certification is None:
            raise Refusal(
                "unknown_certification",
                _("There's no certification %(slug)s in the catalog.") % {"slug": slug},
                status=404,
            )
        explanation = selectors_learn.why_not_counted(
            organization=me.organization, person=person, certification=certification, now=now
        )
        return Response(WhyOut(explanation).data)


def _person(me: PartnerUser, person_id: int | None) -> PartnerUser:
    """Admins may ask about anyone of their organisation; anyone else about themselves only (others: 404)."""
    if person_id is None:
        return me
    people = PartnerUser.objects.filter(organization=me.organization_id).select_related("account")
    if not me.sees_skills:
        people = people.filter(pk=me.pk)
    return get_object_or_404(people, pk=person_id)
