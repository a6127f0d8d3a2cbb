"""API of certification support (AL-1, CP-4, CP-5): a learner's request and its private session with agents, the
identity check, and processing or rejecting the request. Requests are found through what the caller may see, so a
request of someone else is a 404."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.generics import ListAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from certlink import clock
from certlink.api.inputs import valid
from profiles import selectors, services
from profiles.models import Account, SupportMessage, SupportRequest
from profiles.serializers_learn import (
    SupportMessageIn,
    SupportMessageOut,
    SupportQuery,
    SupportRejectIn,
    SupportRequestDetailOut,
    SupportRequestIn,
    SupportRequestOut,
)
from profiles.signed_in import SignedInApiRequest, account_of


def visible_request(*, account: Account, request_id: int) -> SupportRequest:
    """A support request the account may see (its own; any, for agents), or a 404."""
    return get_object_or_404(selectors.support_requests_visible_to(account), pk=request_id)


def detail_body(support_request: SupportRequest) -> dict:
    messages = SupportMessage.objects.filter(request=support_request).select_related("author")
    found = (
        SupportRequest.objects.filter(pk=support_request.pk)
        .select_related("requester", "agent")
        .prefetch_related(Prefetch("messages", queryset=messages))
        .get()
    )
    return SupportRequestDetailOut(found).data


class SupportRequestsApi(ListAPIView):
    serializer_class = SupportRequestOut

    @extend_schema(
        operation_id="support_requests_list",
        parameters=[OpenApiParameter("state", str, enum=SupportRequest.State.values, description="Only this state")],
        tags=["support"],
        summary="Support requests: your own, or every request for agents (AL-1)",
    )
    def get(self, request: Request, *args: object, **kwargs: object) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet[SupportRequest]:
        query = SupportQuery(data=self.request.query_params.dict())
        query.is_valid(raise_exception=True)
        requests = selectors.support_requests_visible_to(account_of(self.request))
        state = query.validated_data.get("state")
        return requests.filter(state=state) if state else requests

    @extend_schema(
        operation_id="support_request_open",
        request=SupportRequestIn,
        responses={201: SupportRequestDetailOut},
        tags=["support"],
        summary="Ask certification support to change your profile's MSA (AL-1) or merge your MCIDs (CP-4)",
    )
    def post(self, request: SignedInApiRequest) -> Response:
        data = valid(SupportRequestIn, request)
        opened = services.support_request_open(
            requester=request.user,
            kind=data["kind"],
            claimed_mcid=data["claimed_mcid"],
            legal_name=data["legal_name"],
            contact_email=data["contact_email"],
            other_mcid=data.get("other_mcid"),
            details=data["details"],
            now=clock.now(),
        )
        return Response(detail_body(opened), status=status.HTTP_201_CREATED)


class SupportRequestApi(APIView):
    @extend_schema(
        operation_id="support_request_read",
        responses={200: SupportRequestDetailOut},
        tags=["support"],
        summary="A support request and its private session: the requester and agents only (AL-1)",
    )
    def get(self, request: SignedInApiRequest, request_id: int) -> Response:
        return Response(detail_body(visible_request(account=request.user, request_id=request_id)))


class SupportMessagesApi(APIView):
    @extend_schema(
        operation_id="support_message_post",
        request=SupportMessageIn,
        responses={201: SupportMessageOut},
        tags=["support"],
        summary="Write in the private session of a request (AL-1)",
    )
    def post(self, request: SignedInApiRequest, request_id: int) -> Response:
        support_request = visible_request(account=request.user, request_id=request_id)
        data = valid(SupportMessageIn, request)
        message = services.support_message_post(
            request=support_request, author=request.user, body=data["body"], now=clock.now()
        )
        return Response(SupportMessageOut(message).data, status=status.HTTP_201_CREATED)


class SupportJoinApi(APIView):
    @extend_schema(
        operation_id="support_join",
        request=None,
        responses={200: SupportRequestDetailOut},
        tags=["support"],
        summary="Agents: join the private messaging session with the learner (AL-1)",
    )
    def post(self, request: SignedInApiRequest, request_id: int) -> Response:
        support_request = visible_request(account=request.user, request_id=request_id)
        joined = services.support_join(request=support_request, agent=request.user, now=clock.now())
        return Response(detail_body(joined))


class SupportIdentityCheckApi(APIView):
    @extend_schema(
        operation_id="support_identity_check",
        request=None,
        responses={200: SupportRequestDetailOut},
        tags=["support"],
        summary="Agents: check the MCID, legal name and contact email; a mismatch is recorded and refused (AL-1)",
    )
    def post(self, request: SignedInApiRequest, request_id: int) -> Response:
        support_request = visible_request(account=request.user, request_id=request_id)
        checked = services.support_identity_check(request=support_request, agent=request.user, now=clock.now())
        return Response(detail_body(checked))


class SupportProcessApi(APIView):
    @extend_schema(
        operation_id="support_process",
        request=None,
        responses={200: SupportRequestDetailOut},
        tags=["support"],
        summary="Agents: change the MSA (AL-1) or merge the MCIDs (CP-4; refused across providers, CP-5)",
    )
    def post(self, request: SignedInApiRequest, request_id: int) -> Response:
        support_request = visible_request(account=request.user, request_id=request_id)
        processed = services.support_process(request=support_request, agent=request.user, now=clock.now())
        return Response(detail_body(processed))


class SupportRejectApi(APIView):
    @extend_schema(
        operation_id="support_reject",
        request=SupportRejectIn,
        responses={200: SupportRequestDetailOut},
        tags=["support"],
        summary="Agents: reject a request, saying why; the learner is told by email (AL-1)",
    )
    def post(self, request: SignedInApiRequest, request_id: int) -> Response:
        support_request = visible_request(account=request.user, request_id=request_id)
        # Who may comes before what was sent: the service refuses anyone but an agent (403) whatever the body.
        data = valid(SupportRejectIn, request) if request.user.is_agent else {"reason": ""}
        rejected = services.support_reject(
            request=support_request, agent=request.user, reason=data["reason"], now=clock.now()
        )
        return Response(detail_body(rejected))
