"""An account with a one-time password (set when an admin creates a work account, ID-1) does nothing else, on a page
or through the API, until its owner chooses their own: one refusal, said by a middleware for pages and by a DRF
permission for the API. Signing out, and changing the password, stay open."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from rest_framework.permissions import BasePermission

from certlink.errors import Refusal

# The pages a person with a one-time password may still open (by URL name).
OPEN_PAGES = frozenset({"password_change", "signout", "set_language", "logout"})
# Pages under /api/ (the schema and its docs); the rest of /api/ is the API's, which refuses in its own shape.
API_PAGES = frozenset({"api_schema", "api_docs"})


def password_change_required() -> Refusal:
    return Refusal(
        "password_change_required",
        _(
            "You signed in with a one-time password. Choose your own password before you go on: "
            "until then your account can only change its password or sign out."
        ),
        status=403,
        password_change_page=reverse("password_change"),
        password_change_api=reverse("api_password_change"),
    )


def must_change_password(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "must_change_password", False))


class PasswordChangeRequiredMiddleware:
    """Pages: every page but OPEN_PAGES sends an account with a one-time password to choose its own, and back to the
    page afterwards. The API (under /api/v1/) answers for itself with PasswordChosen, in its error shape."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view: Callable, args: Any, kwargs: Any) -> HttpResponse | None:
        name = request.resolver_match.url_name if request.resolver_match else None
        if name in OPEN_PAGES or (request.path_info.startswith("/api/") and name not in API_PAGES):
            return None
        return self._to_password_change(request) if must_change_password(request.user) else None

    def _to_password_change(self, request: HttpRequest) -> HttpResponse:
        target = request.get_full_path() if request.method == "GET" else reverse("home")
        url = f"{reverse('password_change')}?{urlencode({'next': target})}"
        if request.headers.get("HX-Request"):  # htmx swaps a fragment; send the whole window instead
            response = HttpResponse(status=204)
            response["HX-Redirect"] = url
            return response
        return redirect(url)


class PasswordChosen(BasePermission):
    """API: refuses every operation to an account with a one-time password (403 `password_change_required`). In
    DEFAULT_PERMISSION_CLASSES; a view that names its own permissions lists it too (certlink.api.permissions), and
    the operations that stay open (change the password, revoke the token) leave it out on purpose."""

    def has_permission(self, request: Any, view: Any) -> bool:
        if must_change_password(request.user):
            raise password_change_required()
        return True
