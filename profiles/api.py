"""API for accounts: tokens, MSA sign-up, the signed-in account, a tenant admin's work accounts."""

from __future__ import annotations

from django.contrib.auth import update_session_auth_hash
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.authentication import SessionAuthentication
from rest_framework.authtoken.models import Token
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from certlink import clock
from certlink.api.inputs import valid
from profiles import selectors, services
from profiles.models import Account
from profiles.serializers import (
    AccountOut,
    MsaSignUpIn,
    PasswordChangeIn,
    SignInIn,
    TokenOut,
    WorkAccountCreatedOut,
    WorkAccountIn,
)
from profiles.services import passwords as password_services
from profiles.signed_in import SignedInApiRequest


class TokenApi(APIView):
    permission_classes = [AllowAny]
    authentication_classes: list = []

    @extend_schema(
        operation_id="token_create",
        request=SignInIn,
        responses={200: TokenOut},
        tags=["accounts"],
        summary="Sign in and get an API token (ID-2, ID-3)",
    )
    def post(self, request: Request) -> Response:
        data = valid(SignInIn, request)
        account = services.account_sign_in(
            email=data["email"], password=data["password"], kind=data.get("kind", ""), now=clock.now(), request=request
        )
        token, _ = Token.objects.get_or_create(user=account)
        return Response(TokenOut({"token": token.key, "account": account}).data)


class TokenRevokeApi(APIView):
    permission_classes = [IsAuthenticated]  # open to an account with a one-time password: it may sign out

    @extend_schema(
        operation_id="token_revoke",
        request=None,
        responses={204: None},
        tags=["accounts"],
        summary="Revoke the API token of the signed-in account",
    )
    def post(self, request: SignedInApiRequest) -> Response:
        Token.objects.filter(user=request.user).delete()
        return Response(status=status.HTTP_204_NO_CONTENT)


class PasswordChangeApi(APIView):
    """Open to an account with a one-time password (it leaves out PasswordChosen): this is how it chooses its own."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="password_change",
        request=PasswordChangeIn,
        responses={200: TokenOut},
        tags=["accounts"],
        summary="Change your password; every API token and other session of the account ends, a new token is returned",
    )
    def post(self, request: SignedInApiRequest) -> Response:
        data = valid(PasswordChangeIn, request)
        account = request.user
        password_services.account_password_change(
            account=account, current_password=data["current_password"], password=data["new_password"], now=clock.now()
        )
        if isinstance(request.successful_authenticator, SessionAuthentication):
            update_session_auth_hash(request._request, account)  # this session stays signed in
        token = Token.objects.create(user=account)
        return Response(TokenOut({"token": token.key, "account": account}).data)


class MsaSignUpApi(APIView):
    permission_classes = [AllowAny]
    authentication_classes: list = []

    @extend_schema(
        operation_id="msa_create",
        request=MsaSignUpIn,
        responses={201: AccountOut},
        tags=["accounts"],
        summary="Create a personal Microsoft account (MSA)",
    )
    def post(self, request: Request) -> Response:
        data = valid(MsaSignUpIn, request)
        account = services.msa_sign_up(
            email=data["email"], password=data["password"], display_name=data["display_name"], now=clock.now()
        )
        return Response(AccountOut(account).data, status=status.HTTP_201_CREATED)


class MeApi(APIView):
    @extend_schema(operation_id="me", responses={200: AccountOut}, tags=["accounts"], summary="The signed-in account")
    def get(self, request: Request) -> Response:
        return Response(AccountOut(request.user).data)


class TenantAccountsApi(APIView):
    @extend_schema(
        operation_id="tenant_accounts_list",
        responses={200: AccountOut(many=True)},
        tags=["accounts"],
        summary="Work accounts of your tenant (tenant admins)",
    )
    def get(self, request: SignedInApiRequest) -> Response:
        accounts = selectors.tenant_accounts(by=request.user)
        return Response(AccountOut(accounts, many=True).data)

    @extend_schema(
        operation_id="tenant_accounts_create",
        request=WorkAccountIn,
        responses={201: WorkAccountCreatedOut},
        tags=["accounts"],
        summary="Create a work account with a one-time password (tenant admins, ID-1)",
    )
    def post(self, request: SignedInApiRequest) -> Response:
        selectors.tenant_administered_by(request.user)  # who may, before what was sent (403, not 400)
        data = valid(WorkAccountIn, request)
        account, password = services.work_account_create(
            by=request.user,
            email=data["email"],
            display_name=data["display_name"],
            is_tenant_admin=data["is_tenant_admin"],
            now=clock.now(),
        )
        body = WorkAccountCreatedOut({"account": account, "one_time_password": password}).data
        return Response(body, status=status.HTTP_201_CREATED)


class TenantAccountApi(APIView):
    @extend_schema(
        operation_id="tenant_accounts_delete",
        responses={200: AccountOut},
        tags=["accounts"],
        summary="Delete a work account: it can no longer sign in, its history stays (ID-4)",
    )
    def delete(self, request: SignedInApiRequest, account_id: int) -> Response:
        account = get_object_or_404(Account, pk=account_id, tenant_id=request.user.tenant_id or -1)
        account = services.work_account_delete(by=request.user, account=account, now=clock.now())
        return Response(AccountOut(account).data)
