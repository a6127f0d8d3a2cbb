from __future__ import annotations

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views import defaults

from certlink.api.errors import api_not_found
from certlink.api.parsers import body_too_large


def home(request: HttpRequest) -> HttpResponse:
    """The start page: who you are signed in as, and the areas your account can open."""
    return render(request, "home.html")


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    message = str(exception) if exception and str(exception) else _("Your account isn't allowed to open this page.")
    return render(request, "403.html", {"message": message}, status=403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if request.path.startswith("/api/"):
        return api_not_found(request, exception)
    return render(request, "404.html", status=404)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """Django's own 400s (a body over DATA_UPLOAD_MAX_MEMORY_SIZE read before the API saw it, too many fields, a bad
    host): under /api/ in the API's error shape, a 413 for a body too large (issue 16); a page elsewhere."""
    if not request.path.startswith("/api/"):
        return defaults.bad_request(request, exception)
    if isinstance(exception, RequestDataTooBig):
        return JsonResponse(body_too_large(settings.DATA_UPLOAD_MAX_MEMORY_SIZE).as_dict(), status=413)
    message = _("The request couldn't be read. Check its headers and body, and send it again.")
    return JsonResponse({"code": "bad_request", "message": message, "details": {}}, status=400)


def server_error(request: HttpRequest) -> HttpResponse:
    if request.path.startswith("/api/"):
        return JsonResponse(
            {
                "code": "server_error",
                "message": _("Something went wrong on our side. It has been logged; try again later."),
                "details": {},
            },
            status=500,
        )
    return render(request, "500.html", status=500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A missing or wrong CSRF token: the API's error shape under /api/, a page elsewhere (both 403)."""
    message = _("This form or request has no valid CSRF token. Reload the page and try again.")
    if request.path.startswith("/api/"):
        return JsonResponse({"code": "csrf_failed", "message": message, "details": {"reason": reason}}, status=403)
    return render(request, "403.html", {"message": message}, status=403)
