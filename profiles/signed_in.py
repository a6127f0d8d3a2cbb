"""The request of a signed-in person, for type checking: behind `login_required` (pages) or DRF's IsAuthenticated (the
API's default permission), `request.user` is an Account, never AnonymousUser. Annotating a view's request with one of
these says so to mypy; at run time they are Django's and DRF's own request classes. Code that is handed a request
without that promise (a helper, a DRF `get_queryset`) asks `account_of(request)`."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.translation import gettext as _
from rest_framework.request import Request

from profiles.models import Account


class SignedInRequest(HttpRequest):
    user: Account


class SignedInApiRequest(Request):
    user: Account


def account_of(request: HttpRequest | Request) -> Account:
    """The signed-in account of a request its view's authentication already let through (403 otherwise)."""
    user = request.user
    if not isinstance(user, Account):
        raise PermissionDenied(_("Sign in first."))
    return user
