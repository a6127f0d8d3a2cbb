"""API of Partner Center: who may call what (PC-1, PC-11), the operators' organisations and Partner University
completions, the signed-in Partner Center user, and the users a global or account admin manages. My Learn profile
is in api_learn, the skills report, designations and why-not-counted in api_skills, partner support in
api_support. No operation links or unlinks an MCID for someone else: only the person can (PC-2)."""

from __future__ import annotations

from django.db.models import F
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from certlink import clock
from certlink.api.inputs import valid
from certlink.api.permissions import IsOperator
from certlink.errors import Refusal
from partners.models import PartnerUser
from partners.serializers import (
    CompletionIn,
    CompletionOut,
    MeOut,
    OrganizationCreatedOut,
    OrganizationIn,
    PartnerUserCreatedOut,
    PartnerUserIn,
    PartnerUserOut,
    RolesIn,
    role_flags,
)
from partners.services import links, organizations
from profiles.signed_in import account_of


def partner_user(request: Request) -> PartnerUser:
    """The signed-in Partner Center user: a live work account of a partner organisation's tenant (PC-1)."""
    user = organizations.partner_user_of(account_of(request))
    if user is None:
        raise Refusal(
            "not_partner_center_user",
            _(
                "Partner Center is for users of a partner organisation: sign in with the work account your "
                "organisation's admin created for you."
            ),
            status=403,
        )
    return user


def partner_admin(request: Request) -> PartnerUser:
    """PC-11: partner admins and global admins see the skills report and the designations."""
    user = partner_user(request)
    if not user.sees_skills:
        raise Refusal(
            "not_partner_admin",
            _("Only partner admins and global admins can see the skills report and designations."),
            status=403,
        )
    return user


def user_admin(request: Request) -> PartnerUser:
    """PC-1: global admins and account admins manage users."""
    user = partner_user(request)
    organizations.refuse_unless_user_admin(user)
    return user


def colleague(me: PartnerUser, user_id: int) -> PartnerUser:
    """A user of the caller's organisation, or a 404."""
    users = PartnerUser.objects.select_related("account", "organization")
    return get_object_or_404(users, pk=user_id, organization=me.organization_id)


class OrganizationsApi(APIView):
    permission_classes = [IsOperator]

    @extend_schema(
        operation_id="partner_organization_create",
        request=OrganizationIn,
        responses={201: OrganizationCreatedOut},
        tags=["partner"],
        summary="Operators: create a partner organisation, its tenant and a first global admin (PC-1)",
    )
    def post(self, request: Request) -> Response:
        data = valid(OrganizationIn, request)
        organization, admin, password = organizations.organization_create(now=clock.now(), **data)
        body = {"organization": organization, "admin": admin, "one_time_password": password}
        return Response(OrganizationCreatedOut(body).data, status=status.HTTP_201_CREATED)


class UniversityCompletionsApi(APIView):
    permission_classes = [IsOperator]

    @extend_schema(
        operation_id="partner_university_completion_record",
        request=CompletionIn,
        responses={201: CompletionOut},
        tags=["partner"],
        summary="Operators: record a Partner University assessment completion, a credit source (PC-9)",
    )
    def post(self, request: Request) -> Response:
        completion = links.university_completion_record(**valid(CompletionIn, request))
        return Response(CompletionOut(completion).data, status=status.HTTP_201_CREATED)


class PartnerMeApi(APIView):
    @extend_schema(
        operation_id="partner_me",
        responses={200: MeOut},
        tags=["partner"],
        summary="The signed-in Partner Center user: organisation and roles (PC-1)",
    )
    def get(self, request: Request) -> Response:
        return Response(MeOut(partner_user(request)).data)


class PartnerUsersApi(APIView):
    @extend_schema(
        operation_id="partner_users_list",
        responses={200: PartnerUserOut(many=True)},
        tags=["partner"],
        summary="Your organisation's Partner Center users, deleted ones last (global and account admins, PC-1)",
    )
    def get(self, request: Request) -> Response:
        me = user_admin(request)
        deleted_last = F("account__deleted_at").asc(nulls_first=True)  # PostgreSQL would put NULLs (live) last
        users = me.organization.users.select_related("account").order_by(deleted_last, "account__email")
        return Response(PartnerUserOut(users, many=True).data)

    @extend_schema(
        operation_id="partner_user_create",
        request=PartnerUserIn,
        responses={201: PartnerUserCreatedOut},
        tags=["partner"],
        summary="Create a user with roles and a one-time password; linking needs no role (PC-1)",
    )
    def post(self, request: Request) -> Response:
        me = user_admin(request)  # who may, before what was sent (403, not 400)
        data = valid(PartnerUserIn, request)
        user, password = organizations.partner_user_create(
            by=me,
            email=data["email"],
            display_name=data["display_name"],
            roles=role_flags(data["roles"]),
            now=clock.now(),
        )
        body = PartnerUserCreatedOut({"user": user, "one_time_password": password}).data
        return Response(body, status=status.HTTP_201_CREATED)


class PartnerUserApi(APIView):
    """Roles and deletion only: there is no way here to link or unlink someone's MCID (PC-2)."""

    @extend_schema(
        operation_id="partner_user_roles_set",
        request=RolesIn,
        responses={200: PartnerUserOut},
        tags=["partner"],
        summary="Set exactly the roles a user holds (global and account admins, PC-1)",
    )
    def patch(self, request: Request, user_id: int) -> Response:
        me = user_admin(request)
        user = colleague(me, user_id)
        data = valid(RolesIn, request)
        user = organizations.partner_user_roles_set(by=me, user=user, roles=role_flags(data["roles"]))
        return Response(PartnerUserOut(user).data)

    @extend_schema(
        operation_id="partner_user_delete",
        request=None,
        responses={200: PartnerUserOut},
        tags=["partner"],
        summary="Delete a user (an employee leaves): links end, credits leave at the next refresh (ID-4, PC-10)",
    )
    def delete(self, request: Request, user_id: int) -> Response:
        me = partner_user(request)
        user = organizations.partner_user_delete(by=me, user=colleague(me, user_id), now=clock.now())
        return Response(PartnerUserOut(user).data)
