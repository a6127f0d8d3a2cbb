from __future__ import annotations

from typing import Any

from rest_framework.exceptions import ParseError
from rest_framework.request import Request


def valid(serializer_class: type, request: Request) -> dict[str, Any]:
    """The request body validated by `serializer_class`; a body that is not a JSON object is a 400."""
    if not isinstance(request.data, dict):
        raise ParseError()
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data
