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


def email_context(template: str, n: int = 0) -> dict[str, object]:
    """A context each of certlink's email templates renders (what its sender stores in the outbox)."""
    renewal = {
        "name": "Lee Chen",
        "mcid": 20000001,
        "held": 1 + n,
        "certification": "Microsoft Certified: Azure Administrator Associate",
        "expires_at": "2026-06-30T09:00:00+00:00",
        "number": 0 if template == "renewal_notice" else 1 + n % 4,
        "reminders": 4,
    }
    support = {
        "request_id": 1 + n,
        "kind": "Merge my certification profiles",
        "mcid": 20000001,
        "msa": "",
        "name": "Lee",
    }
    return {
        "renewal_notice": renewal,
        "renewal_reminder": renewal,
        "support_processed": support,
        "support_rejected": {**support, "reason": "The legal name does not match."},
        "welcome_msa": {"name": "Lee", "email": "lee@outlook.example"},
        "plain": {"subject": f"Hello {n}", "body": "Body", "html": ""},
    }[template]
