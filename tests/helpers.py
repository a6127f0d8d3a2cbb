from __future__ import annotations

import html
from collections.abc import Callable

import pytest
from django.http import HttpResponse

from certlink.errors import Refusal


def page_text(response: HttpResponse) -> str:
    """The page's markup with HTML entities decoded, so tests compare the sentences people read."""
    return html.unescape(response.content.decode())


def refusal_of(call: Callable[[], object]) -> Refusal:
    """The refusal a call raises (the test fails if it raises none)."""
    with pytest.raises(Refusal) as caught:
        call()
    return caught.value
