"""Pure rules of accounts and sign-in (ID-1..ID-4). Plain values and an explicit `now`; no database."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta


def normalize_email(email: str) -> str:
    return (email or "").strip().lower()


def email_domain(email: str) -> str:
    return normalize_email(email).rpartition("@")[2]


def domain_is_verified(email: str, verified_domains: set[str]) -> bool:
    """ID-1: a work account's email domain is one of its tenant's verified domains."""
    return email_domain(email) in {domain.lower() for domain in verified_domains}


def lock_ends_at(
    failures: Iterable[tuple[datetime, int]], *, limit: int, cooloff: timedelta, now: datetime
) -> datetime | None:
    """ID-3: when the lock on one address or one client ends, or None if it is open at `now`.

    `failures` are (when, how many): the failures django-axes keeps for it, each row with the time of its latest
    failure. A failure counts for `cooloff` after that time, in real (machine) time; the lock lasts while at least
    `limit` failures count, so it ends when the newest rows that still reach `limit` stop counting."""
    counted = 0
    for at, many in sorted(failures, reverse=True):
        if at + cooloff <= now:
            break
        counted += many
        if counted >= limit:
            return at + cooloff
    return None
