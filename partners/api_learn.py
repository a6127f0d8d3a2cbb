"""API of My Learn profile in Partner Center: the person associates their own MCID by signing in with its MSA
(PC-2), or gets Partner University access (PC-3); "Remove access" unlinks (PC-6). Every operation acts on the
signed-in user only: there is no user id anywhere in these addresses (PC-2)."""

from __future__ import annotations

from datetime import datetime

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from certlink import clock
from certlink.api.inputs import valid
from certlink.errors import Refusal
from partners import selectors_learn
from partners.api import partner_user
from partners.models import McidLink, PartnerUser
from partners.serializers import (
    AssociateIn,
    MyLearnProfileOut,
    PasswordIn,
    UniversityAccessIn,
    my_learn_profile_body,
)
from partners.services import links
from profiles.services import account_sign_in


def learn_profile_response(user: PartnerUser, now: datetime, *, created: bool = False) -> Response:
    body = my_learn_profile_body(selectors_learn.my_learn_profile(user=user, now=now), now=now)
    return Response(body, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)


class MyLearnProfileApi(APIView):
    @extend_schema(
        operation_id="partner_learn_profile_read",
        responses={200: MyLearnProfileOut},
        tags=["partner"],
        summary="My Learn profile: the MCID, the next date an association may start (PC-8), pending credits (PC-9)",
    )
    def get(self, request: Request) -> Response:
        return learn_profile_response(partner_user(request), clock.now())


class AssociateApi(APIView):
    @extend_schema(
        operation_id="partner_mcid_associate",
        request=AssociateIn,
        responses={201: MyLearnProfileOut},
        tags=["partner"],
        summary="Associate Microsoft Learning account: sign in with your certification profile's MSA (PC-2, PC-8)",
    )
    def post(self, request: Request) -> Response:
        user, now = partner_user(request), clock.now()
        data = valid(AssociateIn, request)
        msa = account_sign_in(
            email=data["email"], password=data["password"], kind=data.get("kind", ""), now=now, request=request
        )
        links.mcid_link(user=user, msa=msa, now=now)
        return learn_profile_response(user, now, created=True)


class AssociateOneStepApi(APIView):
    @extend_schema(
        operation_id="partner_mcid_associate_university_email",
        request=PasswordIn,
        responses={201: MyLearnProfileOut},
        tags=["partner"],
        summary='"Use email@address": associate the MSA whose email is your Partner University one (PC-3)',
    )
    def post(self, request: Request) -> Response:
        user, now = partner_user(request), clock.now()
        data = valid(PasswordIn, request)
        offer = selectors_learn.my_learn_profile(user=user, now=now).learn_one_step
        if not offer:
            raise Refusal(
                "no_one_step",
                # Translators: "Associate Microsoft Learning account" is the button of that name (seeds 003, 004).
                _("There's no one-step association to offer: use Associate Microsoft Learning account instead."),
            )
        msa = account_sign_in(email=offer, password=data["password"], kind="msa", now=now, request=request)
        links.mcid_link(user=user, msa=msa, now=now, method=McidLink.Method.PARTNER_UNIVERSITY)
        return learn_profile_response(user, now, created=True)


class AssociationApi(APIView):
    @extend_schema(
        operation_id="partner_mcid_remove_access",
        request=None,
        responses={200: MyLearnProfileOut},
        tags=["partner"],
        summary="Remove access: unlink your MCID; its credits leave at the next refresh (PC-6, PC-10)",
    )
    def delete(self, request: Request) -> Response:
        user, now = partner_user(request), clock.now()
        links.mcid_unlink(user=user, now=now)
        return learn_profile_response(user, now)


class UniversityAccessApi(APIView):
    @extend_schema(
        operation_id="partner_university_access_get",
        request=UniversityAccessIn,
        responses={201: MyLearnProfileOut},
        tags=["partner"],
        summary="Get Partner University access: sign in, or sign up, with personal credentials (PC-3)",
    )
    def post(self, request: Request) -> Response:
        user, now = partner_user(request), clock.now()
        data = valid(UniversityAccessIn, request)
        if data["sign_up"]:
            account = links.university_sign_up(
                email=data["email"],
                password=data["password"],
                display_name=data["display_name"],
                now=now,
                request=request,
            )
        else:
            account = links.university_sign_in(email=data["email"], password=data["password"], now=now, request=request)
        links.university_link(user=user, account=account, now=now)
        return learn_profile_response(user, now, created=True)

    @extend_schema(
        operation_id="partner_university_access_remove",
        request=None,
        responses={200: MyLearnProfileOut},
        tags=["partner"],
        summary="Remove Partner University access; its assessments leave at the next refresh (PC-3, PC-10)",
    )
    def delete(self, request: Request) -> Response:
        user, now = partner_user(request), clock.now()
        links.university_unlink(user=user, now=now)
        return learn_profile_response(user, now)
