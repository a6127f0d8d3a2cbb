"""Sign-in lockout (ID-3), kept by django-axes, in real (machine) time.

Every door that checks a password goes through `password_door`: the sign-in pages and the API token (and with them
the sign-ins that prove an account: LP-3's Add account, the alignment doctor's proof, PC-2's Associate), and Partner
University's sign-in and sign-up (PC-3). Whatever signs in through Django's own authenticate() meets axes' backend
(settings.AUTHENTICATION_BACKENDS), which asks the same handler. One mechanism, one count, one refusal.

Lockout protects accounts; it is not part of the simulation. It reads the machine's clock (axes stamps each
failure with timezone.now()), never certlink.clock: advancing the simulated clock unlocks nothing, and every lock
ends a real cool-off (settings.SIGNIN_LOCKOUT) after the failure that started it, the operator's too."""

from __future__ import annotations

import ipaddress
import math
from collections.abc import Callable
from datetime import datetime
from typing import Any, TypeVar, cast

from axes.handlers.database import AxesDatabaseHandler
from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_cool_off, get_lockout_parameters
from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import ngettext
from rest_framework.request import Request

from certlink.errors import Refusal
from profiles import rules
from profiles.models import Account
from profiles.services.audit import Action, audit_record

T = TypeVar("T")
# The request a door is answering: axes reads the client (its IP address) from it. A page's or the API's.
ClientRequest = HttpRequest | Request

# What each of axes' lockout parameters (settings.AXES_LOCKOUT_PARAMETERS) counts, in the words of the audit log.
SCOPES = {"username": "address", "ip_address": "client"}


def lockout_username(request: ClientRequest | None, credentials: dict[str, Any] | None) -> str | None:
    """axes' username (AXES_USERNAME_CALLABLE): the address as the doors compare it (Lee@… is lee@…), cut to the
    length of axes' column, so that any address a form lets through can be counted."""
    raw = (credentials or {}).get("username")
    if raw is None and request is not None:
        raw = request.POST.get("username")
    return rules.normalize_email(str(raw))[:255] if raw else None


def client_ip(request: ClientRequest) -> str | None:
    """axes' client (AXES_CLIENT_IP_CALLABLE): the peer's address; behind SIGNIN_TRUSTED_PROXIES proxies (a TLS
    terminator), the address the outermost of them saw, read from the right of X-Forwarded-For so that a client
    cannot choose it by sending the header itself. Without that setting behind a proxy, every client would be one."""
    peer = request.META.get("REMOTE_ADDR")
    proxies = settings.SIGNIN_TRUSTED_PROXIES
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    if proxies and len(hops) >= proxies:
        try:
            return str(ipaddress.ip_address(hops[-proxies]))
        except ValueError:
            return peer
    return peer


class SignInLockoutHandler(AxesDatabaseHandler):
    """axes' database handler (a lock lives in the database, so every gunicorn worker sees it), with a limit for
    each lockout parameter rather than one for all: an address locks after SIGNIN_MAX_FAILURES failures, a client
    after SIGNIN_CLIENT_MAX_FAILURES (the settings say why a client may fail more). Each parameter counts on its own:
    the pair (address and client) would let one client try one password against every address.

    axes itself compares the larger count with AXES_FAILURE_LIMIT to flag a request for AxesMiddleware, which certlink
    does not install (the doors answer with their own refusal): the decision is `locks`, here."""

    def locks(self, request: Any, credentials: dict[str, Any] | None = None) -> dict[str, datetime]:
        """The scopes ("address", "client") locked for this request, each with the instant its lock ends."""
        limits = {"username": settings.SIGNIN_MAX_FAILURES, "ip_address": settings.SIGNIN_CLIENT_MAX_FAILURES}
        parameters = get_lockout_parameters(request, credentials)
        found = {}
        for parameter, attempts in zip(parameters, self.filter_user_attempts(request, credentials), strict=True):
            ends = rules.lock_ends_at(
                attempts.values_list("attempt_time", "failures_since_start"),
                limit=limits[parameter],
                cooloff=get_cool_off(request),
                now=request.axes_attempt_time,
            )
            if ends is not None:
                found[SCOPES[parameter]] = ends
        return found

    def is_locked(self, request: Any, credentials: dict[str, Any] | None = None) -> bool:
        return bool(self.locks(request, credentials))


def _handler() -> SignInLockoutHandler:
    return cast(SignInLockoutHandler, AxesProxyHandler.get_implementation())


def _locks(request: ClientRequest, credentials: dict[str, Any]) -> dict[str, datetime]:
    AxesProxyHandler.update_request(request)  # stamps the request with the client and the machine's now
    if not getattr(settings, "AXES_ENABLED", True) or _handler().is_whitelisted(request, credentials):
        return {}
    return _handler().locks(request, credentials)


def signin_locked(until: datetime) -> Refusal:
    """The one answer of a locked door, whoever is asking and whether or not the account exists (ID-3)."""
    minutes = max(1, math.ceil((until - timezone.now()).total_seconds() / 60))
    return Refusal(
        "signin_locked",
        ngettext(
            "Too many failed sign-ins. Wait %(minutes)d minute, then try again.",
            "Too many failed sign-ins. Wait %(minutes)d minutes, then try again.",
            minutes,
        )
        % {"minutes": minutes},
        status=429,
        retry_after=until,
    )


def password_door(
    *,
    request: ClientRequest | None,
    email: str,
    kind: str,
    now: datetime,
    check: Callable[[], T | None],
    failed: Refusal,
) -> T:
    """Run one door's password `check` (what the password opens, or None) under the lockout (ID-3).

    A locked address or client is refused before any password is checked: the same answer and no hashing, whether or
    not the account exists. A failure counts for the address and for the client, and the failure that locks says so
    at once. A success clears its address's failures but not its client's, so that signing in to an account of one's
    own does not wipe what a client tried against others. `request` is None only for an in-process caller (a test,
    the simulator), which has no client to lock. `kind` and `now` (simulated) go to the audit log."""
    if request is None:
        found = check()
        if found is None:
            raise failed
        return found
    credentials = {"username": email}
    if locks := _locks(request, credentials):
        raise signin_locked(max(locks.values()))
    found = check()
    if found is not None:
        AxesProxyHandler.reset_attempts(username=lockout_username(request, credentials))
        return found
    user_login_failed.send(sender=__name__, credentials=credentials, request=request)
    if locks := _locks(request, credentials):
        _audit_lock(email=email, kind=kind, now=now, locks=locks, client=getattr(request, "axes_ip_address", None))
        raise signin_locked(max(locks.values()))
    raise failed


def _audit_lock(*, email: str, kind: str, now: datetime, locks: dict[str, datetime], client: str | None) -> None:
    """A lock starts: the audit log keeps who was locked out, by what, until when (real time), at `now` (simulated)."""
    account = Account.objects.filter(email__iexact=email, kind=kind, deleted_at__isnull=True).first()
    audit_record(
        Action.SIGNIN_LOCKED,
        account=account,
        actor=None,
        at=now,
        email=email,
        kind=kind,
        scopes=sorted(locks),
        client=client,
        locked_until=max(locks.values()),
    )
