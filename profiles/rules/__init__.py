"""Pure rules of profiles: plain values and an explicit `now` in, values or refusals out. No database."""

from profiles.rules.accounts import (
    Throttle,
    domain_is_verified,
    email_domain,
    locked_until,
    normalize_email,
    throttle_after_failure,
)

__all__ = [
    "Throttle",
    "domain_is_verified",
    "email_domain",
    "locked_until",
    "normalize_email",
    "throttle_after_failure",
]
