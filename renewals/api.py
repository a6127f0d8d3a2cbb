"""API of Learn's certifications with their renewal status (LP-7), of renewals (RN-2..RN-7) and of exam results
(CE-2), the same services as the pages."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from certlink import clock
from certlink.api.inputs import valid
from certlink.api.permissions import IsOperator
from profiles import selectors as profile_selectors
from profiles import services as profile_services
from profiles.signed_in import SignedInApiRequest
from renewals import selectors, services
from renewals.models import AssessmentQuestion
from renewals.serializers import (
    AttemptIn,
    AttemptResultOut,
    ExamOutcomeOut,
    ExamResultIn,
    LearnCertificationsOut,
    RenewalOut,
)


class LearnCertificationsApi(APIView):
    @extend_schema(
        operation_id="learn_certifications_list",
        responses={200: LearnCertificationsOut},
        tags=["learn"],
        summary="The certifications Learn shows: the connected profile's, without Certiport ones (LP-7, CP-6)",
    )
    def get(self, request: SignedInApiRequest) -> Response:
        now = clock.now()
        learn = profile_services.learn_profile_for(account=request.user, now=now)
        connected = profile_selectors.connected_certification_profile(learn)
        body = {
            "connected": connected is not None,
            "mcid": connected.mcid if connected else None,
            "certifications": selectors.held_views(profile_selectors.certifications_on_learn(connected), now=now),
        }
        return Response(LearnCertificationsOut(body).data)


class RenewalApi(APIView):
    @extend_schema(
        operation_id="renewal_read",
        responses={200: RenewalOut},
        tags=["renewals"],
        summary="A certification's renewal: modules, questions, attempts, and why not now (RN-2..RN-6)",
    )
    def get(self, request: SignedInApiRequest, held_id: int) -> Response:
        now = clock.now()
        profile_services.learn_profile_for(account=request.user, now=now)
        held = selectors.renewable_held(account=request.user, held_id=held_id)
        page = selectors.renewal_page(account=request.user, held=held, now=now)
        questions = (
            [] if page.refusal else AssessmentQuestion.objects.filter(assessment__certification=held.certification)
        )
        return Response(
            RenewalOut(
                {
                    "view": page.view,
                    "modules": page.assessment.modules if page.assessment else [],
                    "learning_modules": page.assessment.learning_modules if page.assessment else [],
                    "questions": [] if page.refusal else questions,
                    "attempts": page.attempts,
                    "blocked": page.refusal.as_dict() if page.refusal else None,
                    "next_attempt_at": page.next_attempt_at,
                }
            ).data
        )


class RenewalAttemptApi(APIView):
    @extend_schema(
        operation_id="renewal_attempt_submit",
        request=AttemptIn,
        responses={201: AttemptResultOut},
        tags=["renewals"],
        summary="Submit answers: scored by skill area; a pass renews (RN-4, RN-7)",
    )
    def post(self, request: SignedInApiRequest, held_id: int) -> Response:
        now = clock.now()
        profile_services.learn_profile_for(account=request.user, now=now)
        held = selectors.renewable_held(account=request.user, held_id=held_id)
        data = valid(AttemptIn, request)
        attempt = services.renewal_attempt_submit(account=request.user, held=held, answers=data["answers"], now=now)
        held.refresh_from_db()
        body = AttemptResultOut({"attempt": attempt, "certification": selectors.held_view(held, now=now)}).data
        return Response(body, status=status.HTTP_201_CREATED)


class ExamResultsApi(APIView):
    permission_classes = [IsOperator]

    @extend_schema(
        operation_id="exam_result_record",
        request=ExamResultIn,
        responses={201: ExamOutcomeOut},
        tags=["simulation"],
        summary="Record an exam result as a delivery provider sends it (CE-2, CE-4)",
    )
    def post(self, request: Request) -> Response:
        data = valid(ExamResultIn, request)
        outcome = profile_services.exam_result_record(
            mcid=data.get("mcid"),
            candidate_email=data.get("candidate_email", ""),
            exam_code=data["exam_code"],
            taken_at=data["taken_at"],
            score=data["score"],
            provider=data["provider"],
            now=clock.now(),
        )
        return Response(ExamOutcomeOut(outcome).data, status=status.HTTP_201_CREATED)
