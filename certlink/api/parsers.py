"""The API's JSON parser, within a size and a depth (issue 16).

A body larger than Django's DATA_UPLOAD_MAX_MEMORY_SIZE is a 413, and one nested deeper than API_JSON_MAX_DEPTH a
400, both in the API's error shape. The depth is counted before parsing, by a loop over the body's brackets outside
strings (no recursion), so that neither json.loads nor anything that walks the result recurses out of the stack."""

from __future__ import annotations

import io
import re
from typing import IO, Any

from django.conf import settings
from django.utils.translation import gettext as _
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

from certlink.errors import Refusal

# The characters that matter to nesting: brackets, and the quotes and backslashes that say what is inside a string.
_SIGNIFICANT = re.compile(r'[\[\]{}"\\]')
_OPENERS = frozenset("[{")


def body_too_large(limit: int) -> Refusal:
    return Refusal(
        "request_too_large",
        _("The request body is larger than %(limit)s bytes, the most the API accepts. Send a smaller body.")
        % {"limit": f"{limit:,}"},
        status=413,
        max_bytes=limit,
    )


def json_too_deep(limit: int) -> Refusal:
    return Refusal(
        "json_too_deep",
        _("The JSON body is nested more than %(limit)d levels deep, the most the API accepts. Send a flatter body.")
        % {"limit": limit},
        max_depth=limit,
    )


def json_depth(text: str, *, stop_above: int) -> int:
    """How deep arrays and objects nest in `text` (0 for a bare value), counting stopped at `stop_above` + 1.
    Brackets inside strings don't count. Text that is no JSON gets some number; json.loads judges it after."""
    depth = deepest = 0
    in_string = False
    escaped = -1  # the position of the character a backslash escapes
    for match in _SIGNIFICANT.finditer(text):
        at, char = match.start(), match.group()
        if at == escaped:
            continue
        if char == '"':
            in_string = not in_string
        elif char == "\\":
            escaped = at + 1
        elif in_string:
            continue
        elif char in _OPENERS:
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > stop_above:
                    break
        else:
            depth -= 1
    return deepest


class LimitedJSONParser(JSONParser):
    """DRF's JSONParser, refusing a body over the size limit or nested beyond the depth limit."""

    def parse(self, stream: IO[bytes] | None, media_type: str | None = None, parser_context: Any = None) -> Any:
        raw = read_within_limit(stream)
        encoding = (parser_context or {}).get("encoding", settings.DEFAULT_CHARSET)
        limit = settings.API_JSON_MAX_DEPTH
        try:
            text = raw.decode(encoding)
        except (UnicodeDecodeError, LookupError) as exc:
            raise ParseError(f"JSON parse error - {exc}") from None
        if json_depth(text, stop_above=limit) > limit:
            raise json_too_deep(limit)
        try:
            return super().parse(io.BytesIO(raw), media_type, parser_context)
        except RecursionError:  # only if the limit is set higher than the interpreter can nest
            raise json_too_deep(limit) from None


def read_within_limit(stream: IO[bytes] | None) -> bytes:
    if stream is None:
        return b""
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    if limit is None:
        return stream.read()
    raw = stream.read(limit + 1)
    if len(raw) > limit:
        raise body_too_large(limit)
    return raw
