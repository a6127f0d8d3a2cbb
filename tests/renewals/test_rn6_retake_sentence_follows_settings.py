"""RN-6: the retake refusal states RENEWAL_FREE_RETAKES and RENEWAL_RETAKE_WAIT in force, never "the third attempt"
written into the sentence."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from certlink.errors import Refusal
from renewals.policy import policy
from renewals.rules import check_can_renew
from tests.renewals.test_rules import IN_WINDOW, RENEWABLE


def refusal_after(attempts: int, *, since_last: timedelta) -> Refusal:
    item = replace(RENEWABLE, attempts=tuple(IN_WINDOW + timedelta(minutes=n) for n in range(attempts)))
    with pytest.raises(Refusal) as refused:
        check_can_renew(item, now=max(item.attempts) + since_last, policy=policy())
    return refused.value


def test_rn6_with_the_defaults_the_refusal_says_two_attempts_then_24_hours(settings) -> None:  # type: ignore[no-untyped-def]
    message = refusal_after(2, since_last=timedelta(hours=1)).message
    assert message.startswith("You've taken this assessment 2 times in this renewal cycle. After your first 2 attempts")
    assert "each attempt must wait 24 hours after the previous one" in message


def test_rn6_the_refusal_follows_renewal_free_retakes_and_renewal_retake_wait(settings) -> None:  # type: ignore[no-untyped-def]
    settings.RENEWAL_FREE_RETAKES = 2
    settings.RENEWAL_RETAKE_WAIT = timedelta(hours=6)
    refused = refusal_after(3, since_last=timedelta(hours=1))
    assert refused.code == "renewal_retake_wait"
    assert "After your first 3 attempts, each attempt must wait 6 hours after the previous one" in refused.message


def test_rn6_with_no_free_retake_the_refusal_speaks_of_one_attempt_and_one_hour(settings) -> None:  # type: ignore[no-untyped-def]
    settings.RENEWAL_FREE_RETAKES = 0
    settings.RENEWAL_RETAKE_WAIT = timedelta(hours=1)
    message = refusal_after(1, since_last=timedelta(minutes=5)).message
    assert message.startswith("You've taken this assessment once in this renewal cycle. After your first attempt, ")
    assert "must wait 1 hour after the previous one" in message
