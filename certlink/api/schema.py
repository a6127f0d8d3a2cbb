from __future__ import annotations

from typing import Any, Literal

from drf_spectacular.openapi import AutoSchema as BaseAutoSchema
from rest_framework import serializers


class ErrorSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="A stable code, e.g. association_cooloff")
    message = serializers.CharField(help_text="A sentence for a person: what happened and what to do")
    details = serializers.DictField(help_text="What the person needs to act on (dates, limits, fields)")


ERROR_CODES = {
    "400": "Refused, or the input is not valid",
    "401": "Not signed in",
    "403": "Not allowed for this account",
    "404": "No such object",
    "405": "Method not allowed",
    "406": "Not acceptable (JSON only)",
    "409": "Conflicts with the current state",
    "413": "The request body is larger than the API accepts (DATA_UPLOAD_MAX_MEMORY_SIZE)",
    "415": "Unsupported media type (send JSON)",
    "429": "Locked out or throttled; details say until when",
}


class AutoSchema(BaseAutoSchema):
    """Every operation documents the error shape for every 4xx it can answer."""

    def _get_response_bodies(self, direction: Literal["request", "response"] = "response") -> dict[str, Any]:
        responses = super()._get_response_bodies(direction)
        error = self._get_response_for_code(ErrorSerializer, "400", direction=direction)
        for code, description in ERROR_CODES.items():
            responses.setdefault(code, {**error, "description": description})
        return responses
