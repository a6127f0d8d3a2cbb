"""The database lost during a request: a 503 "try again" answer with a stable code, never a hang or a broken page.

What the request had written is gone with its transaction (the services write in one `transaction.atomic()` each, so
no half-done change stays). Pages get a page that needs no database; the API gets its one error shape,
`{"code": "database_unavailable", ...}`. Both say Retry-After. OperationalError covers a lost connection, a server
that refuses connections, and a transaction the server aborted to break a deadlock: all answered by trying again.

The view's exception is answered by `process_exception`; one raised in a middleware below this one (saving the
session, reading the signed-in user) reaches Django's 500 handler instead, and is turned into the same 503 here."""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from typing import Any

from django.core.signals import got_request_exception
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy

log = logging.getLogger(__name__)

CODE = "database_unavailable"
MESSAGE = gettext_lazy("certlink can't reach its database just now. Try again in a moment.")
RETRY_AFTER_SECONDS = 5
_FLAG = "_certlink_database_unavailable"


def database_unavailable(request: HttpRequest) -> HttpResponse:
    """The answer, rendered without the database (no context processors: they read the clock and the user)."""
    message = str(MESSAGE)
    if request.path.startswith("/api/"):
        response: HttpResponse = JsonResponse({"code": CODE, "message": message, "details": {}}, status=503)
    else:
        response = HttpResponse(render_to_string("503.html", {"message": message, "code": CODE}), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        got_request_exception.connect(_flag_request, dispatch_uid="certlink.dbfaults")

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if getattr(request, _FLAG, False) and response.status_code == 500:
            return database_unavailable(request)
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        log.error("Database unavailable during %s %s: %s", request.method, request.path, exception)
        return database_unavailable(request)


def _flag_request(sender: Any, request: HttpRequest | None = None, **kwargs: Any) -> None:
    """Django is about to answer an unhandled exception with its 500 handler: mark a database failure for the
    middleware above, which answers 503 instead."""
    if request is not None and isinstance(sys.exc_info()[1], OperationalError | InterfaceError):
        setattr(request, _FLAG, True)
