from __future__ import annotations

import html

from django.http import HttpResponse


def page_text(response: HttpResponse) -> str:
    """The page's markup with HTML entities decoded, so tests compare the sentences people read."""
    return html.unescape(response.content.decode())
