"""Pure rules of sign-in (ID-1, ID-3): no database. The lockout itself is tested in test_lockout.py."""

from datetime import UTC, datetime, timedelta

import pytest

from profiles import rules

NOW = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
LOCKOUT = timedelta(minutes=15)


def at(minutes: float) -> datetime:
    return NOW + timedelta(minutes=minutes)


@pytest.mark.parametrize(
    ("failures", "asked_at", "expected"),
    [
        ([(0, 4)], 1, None),  # four failures do not lock
        ([(0, 5)], 1, at(15)),  # the fifth locks for the cool-off after it
        ([(0, 5)], 14.9, at(15)),
        ([(0, 5)], 15, None),  # and the lock ends then
        ([(0, 3), (10, 2)], 11, at(15)),  # ends when the older rows that reach the limit stop counting
        ([(0, 3), (10, 2)], 15, None),  # then two failures count: open
        ([(0, 2), (10, 3), (12, 2)], 13, at(25)),  # the newest rows reach the limit: the oldest does not matter
        ([(0, 4), (20, 1)], 21, None),  # a failure beyond the cool-off of the others starts a new count
    ],
)
def test_id3_a_lock_lasts_while_the_limit_of_failures_counts_in_the_cooloff(
    failures: list[tuple[int, int]], asked_at: float, expected: datetime | None
) -> None:
    rows = [(at(minute), many) for minute, many in failures]
    assert rules.lock_ends_at(rows, limit=5, cooloff=LOCKOUT, now=at(asked_at)) == expected


def test_id3_a_client_may_be_allowed_more_failures_than_an_address() -> None:
    rows = [(at(minute), 1) for minute in range(10)]  # one failure against each of ten addresses
    assert rules.lock_ends_at(rows, limit=30, cooloff=LOCKOUT, now=at(10)) is None
    assert rules.lock_ends_at(rows, limit=10, cooloff=LOCKOUT, now=at(10)) == at(15)


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
