"""The one exception type for domain refusals.

A refusal is for a person: a stable `code`, a `message` they can act on, and the `details` they need
(a date, a limit). Pages show the message; the API returns {"code", "message", "details"} with `status`.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.utils.functional import Promise


class Refusal(Exception):
    def __init__(self, code: str, message: str, *, status: int = 400, **details: Any) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.status = status
        self.details = details

    def as_dict(self) -> dict[str, Any]:
        return {"code": self.code, "message": self.message, "details": jsonable(self.details)}

    def __repr__(self) -> str:
        return f"Refusal({self.code!r}, {self.message!r})"


def jsonable(value: Any) -> Any:
    if isinstance(value, Promise):  # a lazily translated sentence: in the language active now
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [jsonable(v) for v in value]
    return value
