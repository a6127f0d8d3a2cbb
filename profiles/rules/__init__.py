"""Pure rules of profiles: plain values and an explicit `now` in, values or refusals out. No database."""

from profiles.rules.accounts import (
    domain_is_verified,
    email_domain,
    lock_ends_at,
    normalize_email,
)

__all__ = [
    "domain_is_verified",
    "email_domain",
    "lock_ends_at",
    "normalize_email",
]
