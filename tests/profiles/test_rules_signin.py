"""Pure rules of sign-in (ID-1, ID-3): no database."""

from datetime import UTC, datetime, timedelta

import pytest

from profiles import rules

NOW = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
LOCKOUT = timedelta(minutes=15)


def fail(times: int, start: datetime = NOW, step: timedelta = timedelta(seconds=10)) -> rules.Throttle:
    throttle = None
    for i in range(times):
        throttle = rules.throttle_after_failure(throttle, now=start + i * step, max_failures=5, lockout=LOCKOUT)
    assert throttle is not None
    return throttle


def test_id3_four_failures_do_not_lock() -> None:
    assert rules.locked_until(fail(4), now=NOW + timedelta(minutes=1)) is None


def test_id3_the_fifth_failure_locks_for_the_lockout() -> None:
    throttle = fail(5)
    fifth = NOW + 4 * timedelta(seconds=10)
    assert throttle.locked_until == fifth + LOCKOUT
    assert rules.locked_until(throttle, now=fifth + LOCKOUT - timedelta(seconds=1)) == fifth + LOCKOUT


def test_id3_the_lock_ends_after_the_lockout() -> None:
    throttle = fail(5)
    assert rules.locked_until(throttle, now=throttle.locked_until) is None


def test_id3_failures_spread_beyond_the_window_never_lock() -> None:
    throttle = fail(12, step=timedelta(minutes=4))
    assert throttle.locked_until is None
    assert throttle.failures < 5


def test_id3_a_failure_after_a_lock_starts_a_new_count() -> None:
    locked = fail(5)
    after = rules.throttle_after_failure(locked, now=locked.locked_until, max_failures=5, lockout=LOCKOUT)
    assert (after.failures, after.locked_until) == (1, None)


@pytest.mark.parametrize(
    ("email", "domains", "verified"),
    [
        ("megan@contoso.example", {"contoso.example"}, True),
        ("Megan@CONTOSO.example", {"contoso.example"}, True),
        ("megan@sub.contoso.example", {"contoso.example"}, False),
        ("megan@outlook.example", {"contoso.example"}, False),
        ("not-an-email", {"contoso.example"}, False),
    ],
)
def test_id1_a_work_email_must_be_on_a_verified_domain(email: str, domains: set[str], verified: bool) -> None:
    assert rules.domain_is_verified(email, domains) is verified
