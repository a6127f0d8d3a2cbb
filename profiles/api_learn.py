"""API of Learn: the signed-in account's Learn profile and its accounts (LP-1..LP-6), the connection to the
certification profile (CP-3), the alignment doctor (AL-5) and transcript links (LP-8). Its certifications with
their renewal status (LP-7) are renewals.api.LearnCertificationsApi's."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from certlink import clock
from certlink.api.inputs import valid
from certlink.errors import Refusal
from profiles import selectors, services
from profiles.models import Account, LearnProfile
from profiles.serializers_learn import (
    ConnectionOut,
    DoctorOut,
    DoctorPathIn,
    DoctorProveIn,
    LearnAccountAddIn,
    LearnProfileOut,
    SharedTranscriptOut,
    TranscriptShareOut,
)
from profiles.signed_in import SignedInApiRequest


def learn_profile_body(*, learn: LearnProfile, signed_in: Account) -> dict:
    connected = selectors.connected_certification_profile(learn)
    return LearnProfileOut(
        {
            "id": learn.pk,
            "display_name": learn.display_name,
            "accounts": selectors.learn_accounts(learn),
            "certification_profile": connected.mcid if connected else None,
            "signed_in": signed_in.pk,
        }
    ).data


def share_url(token: str) -> str:
    return reverse("transcript_shared", args=[token])


class LearnProfileApi(APIView):
    @extend_schema(
        operation_id="learn_profile_read",
        responses={200: LearnProfileOut},
        tags=["learn"],
        summary="Your Learn profile: created on first sign-in to Learn (LP-1)",
    )
    def get(self, request: SignedInApiRequest) -> Response:
        learn = services.learn_profile_for(account=request.user, now=clock.now())
        return Response(learn_profile_body(learn=learn, signed_in=request.user))


class LearnAccountsApi(APIView):
    @extend_schema(
        operation_id="learn_account_add",
        request=LearnAccountAddIn,
        responses={200: LearnProfileOut},
        tags=["learn"],
        summary="Add an account, proved by its password (LP-3, LP-4); 409 offers a profile merge (LP-6)",
    )
    def post(self, request: SignedInApiRequest) -> Response:
        data = valid(LearnAccountAddIn, request)
        now = clock.now()
        learn = services.learn_profile_for(account=request.user, now=now)
        proved = services.account_sign_in(
            email=data["email"], password=data["password"], kind=data.get("kind", ""), now=now, request=request
        )
        learn = services.learn_account_add(profile=learn, account=proved, now=now, merge=data["merge"])
        return Response(learn_profile_body(learn=learn, signed_in=request.user))


class LearnAccountApi(APIView):
    @extend_schema(
        operation_id="learn_account_remove",
        request=None,
        responses={204: None},
        tags=["learn"],
        summary="Remove an account: never the one you're signed in with, nor the last one (LP-5)",
    )
    def delete(self, request: SignedInApiRequest, account_id: int) -> Response:
        now = clock.now()
        learn = services.learn_profile_for(account=request.user, now=now)
        # Only the profile's own accounts are found: another profile's account is as unknown as a wrong id.
        account = get_object_or_404(Account, pk=account_id, learn_profile=learn)
        services.learn_account_remove(profile=learn, account=account, signed_in=request.user, now=now)
        return Response(status=status.HTTP_204_NO_CONTENT)


class CertificationConnectionApi(APIView):
    @extend_schema(
        operation_id="learn_certification_connect",
        request=None,
        responses={200: ConnectionOut},
        tags=["learn"],
        summary="Complete the profile connection, signed in with the certification profile's MSA (CP-3, CP-4)",
    )
    def post(self, request: SignedInApiRequest) -> Response:
        profile = services.certification_connect(signed_in=request.user, now=clock.now())
        return Response(ConnectionOut(profile).data)


def doctor_body(*, signed_in: Account) -> dict:
    """AL-5: what the page shows, with the path and steps done recorded as the page records them."""
    learn = services.learn_profile_for(account=signed_in, now=clock.now())
    return DoctorOut(services.doctor_visit(signed_in=signed_in, learn=learn, now=clock.now())).data


class DoctorApi(APIView):
    @extend_schema(
        operation_id="learn_doctor",
        responses={200: DoctorOut},
        tags=["learn"],
        summary="The alignment doctor: your accounts, the profiles you proved, and the path to take (AL-5)",
    )
    def get(self, request: SignedInApiRequest) -> Response:
        return Response(doctor_body(signed_in=request.user))

    @extend_schema(
        operation_id="learn_doctor_abandon",
        request=None,
        responses={204: None},
        tags=["learn"],
        summary="Abandon the alignment in progress: forget the profile proven and the path (AL-5)",
    )
    def delete(self, request: SignedInApiRequest) -> Response:
        learn = services.learn_profile_for(account=request.user, now=clock.now())
        services.alignment_abandon(learn=learn, now=clock.now())
        return Response(status=status.HTTP_204_NO_CONTENT)


class DoctorProveApi(APIView):
    @extend_schema(
        operation_id="learn_doctor_prove",
        request=DoctorProveIn,
        responses={200: DoctorOut},
        tags=["learn"],
        summary="Show which certification profile is yours by signing in with its personal account (AL-5)",
    )
    def post(self, request: SignedInApiRequest) -> Response:
        data = valid(DoctorProveIn, request)
        msa = services.account_sign_in(
            email=data["email"], password=data["password"], kind="msa", now=clock.now(), request=request
        )
        learn = services.learn_profile_for(account=request.user, now=clock.now())
        services.alignment_prove(learn=learn, msa=msa, now=clock.now())
        return Response(doctor_body(signed_in=request.user))


class DoctorPathApi(APIView):
    @extend_schema(
        operation_id="learn_doctor_path",
        request=DoctorPathIn,
        responses={200: DoctorOut},
        tags=["learn"],
        summary="Follow another of the paths the doctor shows (AL-5)",
    )
    def post(self, request: SignedInApiRequest) -> Response:
        data = valid(DoctorPathIn, request)
        learn = services.learn_profile_for(account=request.user, now=clock.now())
        picture = selectors.identity_picture(signed_in=request.user, learn=learn)
        services.alignment_path_choose(learn=learn, path=data["path"], diagnosis=picture.diagnosis, now=clock.now())
        return Response(doctor_body(signed_in=request.user))


class TranscriptShareApi(APIView):
    @extend_schema(
        operation_id="transcript_share_create",
        request=None,
        responses={200: TranscriptShareOut},
        tags=["learn"],
        summary="Your public transcript link: the live one, or a new one (LP-8)",
    )
    def post(self, request: SignedInApiRequest) -> Response:
        now = clock.now()
        learn = services.learn_profile_for(account=request.user, now=now)
        share = services.transcript_share_create(profile=learn, now=now)
        return Response(TranscriptShareOut({"token": share.token, "url": share_url(share.token)}).data)

    @extend_schema(
        operation_id="transcript_share_revoke",
        request=None,
        responses={204: None},
        tags=["learn"],
        summary="Revoke your transcript link: it then shows nothing (LP-8)",
    )
    def delete(self, request: SignedInApiRequest) -> Response:
        now = clock.now()
        learn = services.learn_profile_for(account=request.user, now=now)
        services.transcript_share_revoke(profile=learn, now=now)
        return Response(status=status.HTTP_204_NO_CONTENT)


class SharedTranscriptApi(APIView):
    permission_classes = [AllowAny]
    authentication_classes: list = []

    @extend_schema(
        operation_id="transcript_shared_read",
        responses={200: SharedTranscriptOut},
        tags=["learn"],
        summary="A shared transcript, without sign-in; a revoked or unknown link is a 404 (LP-8)",
    )
    def get(self, request: Request, token: str) -> Response:
        shared = selectors.shared_transcript(token)
        if shared is None:
            raise Refusal(
                "transcript_not_shared",
                _("This transcript isn't shared: the link was revoked, or never existed."),
                status=404,
            )
        learn, certifications = shared
        return Response(
            SharedTranscriptOut({"display_name": learn.display_name, "certifications": certifications}).data
        )
