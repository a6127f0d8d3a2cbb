"""One error shape for the whole API: {"code", "message", "details"} with a 4xx status (never a 500 for bad input)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig
from django.http import Http404, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import set_rollback

from certlink.api import parsers
from certlink.errors import Refusal

_BY_TYPE: list[tuple[type[exceptions.APIException], str, str]] = [
    (exceptions.ParseError, "malformed_request", "The request body isn't valid JSON. Send a JSON object."),
    (
        exceptions.NotAuthenticated,
        "not_signed_in",
        "Sign in first: send a session cookie or an 'Authorization: Token …' header.",
    ),
    (exceptions.AuthenticationFailed, "bad_credentials", "That token or session isn't valid. Sign in again."),
    (exceptions.PermissionDenied, "forbidden", "Your account isn't allowed to do this."),
    (exceptions.NotFound, "not_found", "There's nothing here with that id."),
    (exceptions.MethodNotAllowed, "method_not_allowed", "This address doesn't accept that method."),
    (exceptions.NotAcceptable, "not_acceptable", "This API answers in JSON only."),
    (exceptions.UnsupportedMediaType, "unsupported_media_type", "Send the body as application/json."),
    (exceptions.Throttled, "throttled", "Too many requests. Wait a moment and try again."),
]


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, RequestDataTooBig):  # Django read the body first (request.body) and found it too large
        exc = parsers.body_too_large(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
    if isinstance(exc, Refusal):
        set_rollback()
        return Response(exc.as_dict(), status=exc.status)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    if not isinstance(exc, exceptions.APIException):
        return None  # a bug: let it be a 500 and be reported
    set_rollback()
    headers = {}
    wait = getattr(exc, "wait", None)  # Throttled's; DRF's stubs don't declare it
    if wait:
        headers["Retry-After"] = str(int(wait))
    if isinstance(exc, exceptions.ValidationError):
        body = validation_error(exc.detail)
    else:
        code, message = _code_and_message(exc)
        body = {"code": code, "message": message, "details": {}}
    return Response(body, status=exc.status_code, headers=headers)


def _code_and_message(exc: exceptions.APIException) -> tuple[str, str]:
    for kind, code, message in _BY_TYPE:
        if isinstance(exc, kind):
            if kind is exceptions.PermissionDenied and str(exc.detail) != str(kind.default_detail):
                message = str(exc.detail)
            return code, message
    return str(getattr(exc, "default_code", "error")), str(exc.detail)


def validation_error(detail: Any) -> dict[str, Any]:
    fields = _flatten(detail)
    summary = "; ".join(
        f"{name}: {' '.join(problems)}" if name != "non_field_errors" else " ".join(problems)
        for name, problems in fields.items()
    )
    return {
        "code": "invalid",
        "message": f"Some of what was sent isn't valid. {summary}".strip(),
        "details": {"fields": fields},
    }


def _flatten(detail: Any, prefix: str = "") -> dict[str, list[str]]:
    if isinstance(detail, dict):
        out: dict[str, list[str]] = {}
        for key, value in detail.items():
            out.update(_flatten(value, f"{prefix}.{key}" if prefix else str(key)))
        return out
    if isinstance(detail, list) and detail and all(not isinstance(item, dict | list) for item in detail):
        return {prefix or "non_field_errors": [str(item) for item in detail]}
    if isinstance(detail, list):
        out = {}
        for index, item in enumerate(detail):
            out.update(_flatten(item, f"{prefix}[{index}]"))
        return out
    return {prefix or "non_field_errors": [str(detail)]}


@csrf_exempt  # answers 404 whatever the method; it changes nothing
def api_not_found(request: Any, exception: Exception | None = None) -> JsonResponse:
    return JsonResponse(
        {
            "code": "not_found",
            "message": "There's no API operation at this address.",
            "details": {"path": request.path},
        },
        status=404,
    )
