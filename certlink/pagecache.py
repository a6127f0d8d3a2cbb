"""Pages kept for the person who asked, for as long as the database has not changed: a snapshot-checked page cache.

A signed-in person's page is a function of the database (their session, their account, the simulated clock, the
world), of the request (its path and query string) and of their cookies (the session and the CSRF secret that the
page's forms carry). On PostgreSQL, a statement run outside a transaction reads the state `pg_current_snapshot()`
names: the same text until a transaction that wrote something begins or ends (a session saved, the clock moved, a
worker's sweep, an edit anywhere). So a page rendered after reading snapshot S shows S or a later state, and is kept
with S; the same session, with the same cookies, asking for the same address, is given it again only while the
snapshot it reads is still S and its session is still live (one query, which also reads the clock for the page, so
a miss costs no query more). Any committed write anywhere renders every page again: the cache is never stale, and
is worth most where people read far more than the world changes.

Kept only: a GET answered 200 with HTML, that set no cookie, changed no session, showed no message; outside a
transaction (a request inside one could read its own writes, which no snapshot names), on PostgreSQL (elsewhere the
page is rendered every time). `Cache-Control: no-cache` from the browser (a hard reload) renders it again. Pages are
kept in each server process's memory (the "pages" cache; a bounded number, the oldest dropped first), under a hash
of the address and the cookies. The answer says which it was: `X-Page-Cache: hit`, `miss` or `bypass`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.contrib.sessions.models import Session
from django.core.cache import caches
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.cache import patch_vary_headers

from certlink import clock

HEADER = "X-Page-Cache"
_SESSION_ENGINE = "django.contrib.sessions.backends.db"


@dataclass(frozen=True)
class Kept:
    snapshot: str
    status: int
    headers: tuple[tuple[str, str], ...]
    content: bytes


def page_cache(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Keep `view`'s GET pages as the module says. Goes above `login_required`: a page kept is one this session was
    shown, and nothing has changed since."""

    @wraps(view)
    def cached(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        session_key = request.COOKIES.get(settings.SESSION_COOKIE_NAME)
        if not _cacheable(request, session_key):
            return _marked(view(request, *args, **kwargs), "bypass")
        key = _key(request, session_key or "")
        snapshot, live = _reading(session_key or "")
        kept: Kept | None = caches["pages"].get(key)
        if kept is not None and live and kept.snapshot == snapshot and not _reload(request):
            response = HttpResponse(kept.content, status=kept.status, headers=dict(kept.headers))
            patch_vary_headers(response, ("Cookie",))
            return _marked(response, "hit")
        response = view(request, *args, **kwargs)
        if live and _keepable(request, response):
            headers = tuple((name, value) for name, value in response.items() if name.lower() != HEADER.lower())
            caches["pages"].set(key, Kept(snapshot, response.status_code, headers, response.content))
        return _marked(response, "miss")

    # A kept page is given again without loading the account: profiles.password_gate checks it on a miss only.
    cached.page_cached = True  # type: ignore[attr-defined]
    return cached


def _cacheable(request: HttpRequest, session_key: str | None) -> bool:
    return (
        settings.PAGE_CACHE
        and request.method == "GET"
        and bool(session_key)
        and not request.COOKIES.get(CookieStorage.cookie_name)  # a message to show once (messages kept in a session
        # change the session, and so the snapshot)
        and connection.vendor == "postgresql"
        and settings.SESSION_ENGINE == _SESSION_ENGINE
        and connection.get_autocommit()
        and not connection.in_atomic_block
    )


def _key(request: HttpRequest, session_key: str) -> str:
    csrf = request.COOKIES.get(settings.CSRF_COOKIE_NAME, "")
    address = request.get_full_path()
    return "page:" + hashlib.sha256(f"{address}\n{session_key}\n{csrf}".encode()).hexdigest()


def _reading(session_key: str) -> tuple[str, bool]:
    """The snapshot and whether the session is live (as the session store decides: present and not expired), read
    with the simulated clock in one query (certlink.clock.read_with keeps the instant for the request)."""
    columns = (
        "pg_current_snapshot()::text, "
        f"EXISTS (SELECT 1 FROM {connection.ops.quote_name(Session._meta.db_table)} "
        "WHERE session_key = %s AND expire_date > %s)"
    )
    snapshot, live = clock.read_with(columns, [session_key, timezone.now()])
    return snapshot, bool(live)


def _reload(request: HttpRequest) -> bool:
    """A hard reload (Cache-Control: no-cache, or Pragma: no-cache) asks for the page rendered again."""
    control = request.headers.get("Cache-Control", "").lower()
    return "no-cache" in control or "max-age=0" in control or "no-cache" in request.headers.get("Pragma", "").lower()


def _keepable(request: HttpRequest, response: HttpResponse) -> bool:
    session = getattr(request, "session", None)
    messages = getattr(request, "_messages", None)
    return (
        response.status_code == 200
        and not response.streaming
        and response.get("Content-Type", "").startswith("text/html")
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not (session is not None and session.modified)
        and not (messages is not None and len(messages))
        and "no-store" not in response.get("Cache-Control", "")
    )


def _marked(response: HttpResponse, state: str) -> HttpResponse:
    response[HEADER] = state
    return response
