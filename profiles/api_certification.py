"""API of the certification dashboard: the signed-in MSA's certification profile (CP-1, CP-6), its contact details
and legal-name changes (CP-7)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from certlink import clock
from certlink.api.inputs import valid
from certlink.errors import Refusal
from profiles import selectors, services
from profiles.models import Account, CertificationProfile
from profiles.serializers_learn import (
    CertificationProfileIn,
    CertificationProfileOut,
    ContactIn,
    LegalNameChangeOut,
    LegalNameIn,
)
from profiles.signed_in import SignedInApiRequest


def own_certification_profile(account: Account) -> CertificationProfile:
    """CP-1: the certification profile reached through this MSA; a work account reaches none (403), an MSA
    without one is a 404 that says how to create it."""
    services.refuse_unless_msa(account)
    profile = selectors.certification_profile_of(account)
    if profile is None:
        raise Refusal(
            "no_certification_profile",
            _(
                "%(email)s has no certification profile yet. Create one with your legal name and contact email to "
                "get an MCID."
            )
            % {"email": account.email},
            status=404,
        )
    return profile


def certification_profile_body(profile: CertificationProfile) -> dict:
    body = {
        "mcid": profile.mcid,
        "legal_name": profile.legal_name,
        "contact_email": profile.contact_email,
        "pending_legal_name": profile.pending_legal_name,
        "legal_name_effective_at": profile.legal_name_effective_at,
        "learn_profile_id": profile.learn_profile_id,
        "connected_at": profile.connected_at,
        "aliases": list(profile.aliases.values_list("mcid", flat=True)),
        "exam_results": profile.exam_results.select_related("exam"),
        "certifications": selectors.certifications_on_learn(profile),
        "certiport_transcript": selectors.certiport_transcript(profile),
    }
    return CertificationProfileOut(body).data


class CertificationProfileApi(APIView):
    @extend_schema(
        operation_id="certification_profile_read",
        responses={200: CertificationProfileOut},
        tags=["certification"],
        summary="Your certification profile: MCID, exams, certifications and the Certiport transcript (CP-1, CP-6)",
    )
    def get(self, request: SignedInApiRequest) -> Response:
        return Response(certification_profile_body(own_certification_profile(request.user)))

    @extend_schema(
        operation_id="certification_profile_create",
        request=CertificationProfileIn,
        responses={201: CertificationProfileOut},
        tags=["certification"],
        summary="Create your certification profile with your MSA: you get an MCID (CP-1)",
    )
    def post(self, request: SignedInApiRequest) -> Response:
        services.refuse_unless_msa(request.user)  # who may, before what was sent (403, not 400)
        data = valid(CertificationProfileIn, request)
        profile = services.certification_profile_create(
            account=request.user, legal_name=data["legal_name"], contact_email=data["contact_email"], now=clock.now()
        )
        return Response(certification_profile_body(profile), status=status.HTTP_201_CREATED)


class CertificationContactApi(APIView):
    @extend_schema(
        operation_id="certification_contact_update",
        request=ContactIn,
        responses={200: CertificationProfileOut},
        tags=["certification"],
        summary="Change your contact email: it takes effect at once (CP-7)",
    )
    def patch(self, request: SignedInApiRequest) -> Response:
        profile = own_certification_profile(request.user)
        data = valid(ContactIn, request)
        profile = services.certification_contact_update(profile=profile, contact_email=data["contact_email"])
        return Response(certification_profile_body(profile))


class LegalNameChangeApi(APIView):
    @extend_schema(
        operation_id="certification_legal_name_change",
        request=LegalNameIn,
        responses={200: LegalNameChangeOut},
        tags=["certification"],
        summary="Ask for a legal-name change: it takes effect 48 simulated hours later (CP-7)",
    )
    def post(self, request: SignedInApiRequest) -> Response:
        profile = own_certification_profile(request.user)
        data = valid(LegalNameIn, request)
        effective_at = services.legal_name_change_request(
            profile=profile, legal_name=data["legal_name"], now=clock.now()
        )
        profile.refresh_from_db(fields=["pending_legal_name"])
        body = {"pending_legal_name": profile.pending_legal_name, "effective_at": effective_at}
        return Response(LegalNameChangeOut(body).data)
