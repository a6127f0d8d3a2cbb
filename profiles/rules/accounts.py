"""Pure rules of accounts and sign-in (ID-1..ID-4). Plain values and an explicit `now`; no database."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta


def normalize_email(email: str) -> str:
    return (email or "").strip().lower()


def email_domain(email: str) -> str:
    return normalize_email(email).rpartition("@")[2]


def domain_is_verified(email: str, verified_domains: set[str]) -> bool:
    """ID-1: a work account's email domain is one of its tenant's verified domains."""
    return email_domain(email) in {domain.lower() for domain in verified_domains}


@dataclass(frozen=True)
class Throttle:
    failures: int
    first_failure_at: datetime
    locked_until: datetime | None = None


def locked_until(throttle: Throttle | None, *, now: datetime) -> datetime | None:
    """ID-3: the moment sign-in opens again for this address, or None if it is open."""
    if throttle and throttle.locked_until and throttle.locked_until > now:
        return throttle.locked_until
    return None


def throttle_after_failure(
    throttle: Throttle | None, *, now: datetime, max_failures: int, lockout: timedelta
) -> Throttle:
    """ID-3: count a failed sign-in. Failures count within `lockout` of the first; the `max_failures`-th
    locks the address for `lockout`. A new count starts once a lock or the counting window has passed."""
    fresh = (
        throttle is None
        or throttle.first_failure_at + lockout <= now
        or (throttle.locked_until is not None and throttle.locked_until <= now)
    )
    failures = 1 if fresh else throttle.failures + 1
    first = now if fresh else throttle.first_failure_at
    return Throttle(
        failures=failures, first_failure_at=first, locked_until=now + lockout if failures >= max_failures else None
    )
