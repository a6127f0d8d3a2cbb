from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def home(request: HttpRequest) -> HttpResponse:
    """The start page: who you are signed in as, and the areas your account can open."""
    return render(request, "home.html")


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    message = str(exception) if exception and str(exception) else "Your account isn't allowed to open this page."
    return render(request, "403.html", {"message": message}, status=403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if request.path.startswith("/api/"):
        from certlink.api.errors import api_not_found

        return api_not_found(request, exception)
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    if request.path.startswith("/api/"):
        from django.http import JsonResponse

        return JsonResponse(
            {
                "code": "server_error",
                "message": "Something went wrong on our side. It has been logged; try again later.",
                "details": {},
            },
            status=500,
        )
    return render(request, "500.html", status=500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A missing or wrong CSRF token: the API's error shape under /api/, a page elsewhere (both 403)."""
    message = "This form or request has no valid CSRF token. Reload the page and try again."
    if request.path.startswith("/api/"):
        from django.http import JsonResponse

        return JsonResponse({"code": "csrf_failed", "message": message, "details": {"reason": reason}}, status=403)
    return render(request, "403.html", {"message": message}, status=403)
