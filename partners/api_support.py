"""API of partner support (PC-13): a partner asks for a credit that cannot reach Partner Center (a Certiport
certification, CP-6); an agent accepts it, adding the credit by hand, or rejects it with a reason. Requests are
found through what the caller may see (their organisation's; every one for agents), so others are a 404."""

from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.generics import ListAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from certlink import clock
from certlink.api.inputs import valid
from partners.api import colleague, partner_user
from partners.models import PartnerSupportRequest
from partners.serializers import CreditAcceptedOut, CreditRequestIn, CreditRequestOut, CreditRequestRejectIn
from partners.serializers_skills import report_row
from partners.services import support
from profiles.models import CertificationHeld
from profiles.signed_in import SignedInApiRequest, account_of


def visible_requests(request: Request) -> QuerySet[PartnerSupportRequest]:
    requests = PartnerSupportRequest.objects.select_related(
        "organization", "person__account", "filed_by__account", "held__certification", "agent"
    ).order_by("-created_at", "-id")
    if account_of(request).is_agent:
        return requests
    return requests.filter(organization=partner_user(request).organization_id)


class CreditRequestsApi(ListAPIView):
    serializer_class = CreditRequestOut

    @extend_schema(
        operation_id="partner_support_requests_list",
        tags=["partner"],
        summary="Partner support requests: your organisation's, or every one for agents (PC-13)",
    )
    def get(self, request: Request, *args: object, **kwargs: object) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet[PartnerSupportRequest]:
        return visible_requests(self.request)

    @extend_schema(
        operation_id="partner_support_request_open",
        request=CreditRequestIn,
        responses={201: CreditRequestOut},
        tags=["partner"],
        summary="Ask for a credit that cannot reach Partner Center (Certiport, CP-6), with evidence (PC-13)",
    )
    def post(self, request: Request) -> Response:
        me = partner_user(request)
        data = valid(CreditRequestIn, request)
        opened = support.credit_request_open(
            by=me,
            person=colleague(me, data["person"]),
            held=get_object_or_404(CertificationHeld.objects.select_related("certification"), pk=data["held"]),
            evidence=data["evidence"],
            now=clock.now(),
        )
        return Response(CreditRequestOut(opened).data, status=status.HTTP_201_CREATED)


class CreditRequestAcceptApi(APIView):
    @extend_schema(
        operation_id="partner_support_request_accept",
        request=None,
        responses={200: CreditAcceptedOut},
        tags=["partner"],
        summary="Agents: accept, adding the credit by hand; it is in the skills report at once, marked manual (PC-13)",
    )
    def post(self, request: SignedInApiRequest, request_id: int) -> Response:
        item = get_object_or_404(visible_requests(request), pk=request_id)
        now = clock.now()
        credit = support.credit_request_accept(request=item, agent=request.user, now=now)
        item.refresh_from_db()
        body = {"request": item, "credit": report_row(credit, at=now)}
        return Response(CreditAcceptedOut(body).data)


class CreditRequestRejectApi(APIView):
    @extend_schema(
        operation_id="partner_support_request_reject",
        request=CreditRequestRejectIn,
        responses={200: CreditRequestOut},
        tags=["partner"],
        summary="Agents: reject a request, saying why: the partner reads it (PC-13)",
    )
    def post(self, request: SignedInApiRequest, request_id: int) -> Response:
        data = valid(CreditRequestRejectIn, request)
        item = get_object_or_404(visible_requests(request), pk=request_id)
        rejected = support.credit_request_reject(
            request=item, agent=request.user, reason=data["reason"], now=clock.now()
        )
        return Response(CreditRequestOut(rejected).data)
