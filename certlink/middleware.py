from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from certlink import clock
from certlink.errors import Refusal


def csp_header(policy: Mapping[str, Sequence[str]]) -> str:
    """`{"default-src": ["'self'"], "sandbox": []}` as a header value: `default-src 'self'; sandbox`."""
    return "; ".join(" ".join([directive, *values]) for directive, values in policy.items())


class SecurityHeadersMiddleware:
    """The headers Django 5.2's SecurityMiddleware does not set: Content-Security-Policy (SECURE_CSP, in Django 6's
    shape so its own middleware can take over), Permissions-Policy and Cross-Origin-Resource-Policy. A response that
    carries its own policy keeps it (the outbox's email body, sim.views.outbox_message_html).

    Placed above WhiteNoise, so static files carry them too."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.headers = {
            "Content-Security-Policy": csp_header(settings.SECURE_CSP),
            "Permissions-Policy": settings.PERMISSIONS_POLICY,
            "Cross-Origin-Resource-Policy": settings.SECURE_CROSS_ORIGIN_RESOURCE_POLICY,
        }

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        for name, value in self.headers.items():
            if name == "Content-Security-Policy" and _debug_page(response):
                continue
            response.headers.setdefault(name, value)
        return response


def _debug_page(response: HttpResponse) -> bool:
    """Django's technical 404 and 500 pages (DEBUG only) are styled and scripted inline; a policy would blank them."""
    return settings.DEBUG and response.status_code in (404, 500)


class ClockReadingMiddleware:
    """SIM-1: one request, one "now": the simulated clock is read once per request, whoever asks (the view, the
    services it calls, the page's top bar), and read again only if the request itself moves it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with clock.one_reading():
            return self.get_response(request)


class RefusalMiddleware:
    """A refusal no page view caught becomes a page with its sentence and status (never a 500)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, Refusal):
            return None
        return render(request, "refusal.html", {"refusal": exception}, status=exception.status)
