"""Pure rules of Learn profiles (LP-2, LP-4, LP-5, LP-6): no database."""

from __future__ import annotations

import pytest

from certlink.errors import Refusal
from profiles.rules.learn import Held, Limits, check_add, check_merge, check_remove

LIMITS = Limits(personal=1, work=5)


def refusal_code(action) -> str:  # type: ignore[no-untyped-def]
    try:
        action()
    except Refusal as refusal:
        return refusal.code
    return "ok"


@pytest.mark.parametrize(
    ("held", "kind", "code"),
    [
        (Held(personal=0, work=0), "msa", "ok"),
        (Held(personal=0, work=5), "msa", "ok"),
        (Held(personal=1, work=0, msa_email="lee@outlook.example"), "msa", "learn_msa_exists"),
        (Held(personal=1, work=2, msa_email="lee@outlook.example"), "msa", "learn_msa_exists"),
        (Held(personal=1, work=0, msa_email="lee@outlook.example"), "work", "ok"),
        (Held(personal=0, work=4), "work", "ok"),
        (Held(personal=1, work=5, msa_email="lee@outlook.example"), "work", "learn_work_limit"),
        (Held(personal=0, work=5), "work", "learn_work_limit"),
    ],
)
def test_lp2_lp4_check_add_table(held: Held, kind: str, code: str) -> None:
    assert refusal_code(lambda: check_add(held, kind=kind, limits=LIMITS)) == code


def test_lp4_a_second_msa_is_refused_naming_the_current_msa() -> None:
    with pytest.raises(Refusal) as refused:
        check_add(Held(personal=1, work=1, msa_email="lee@outlook.example"), kind="msa", limits=LIMITS)
    assert refused.value.code == "learn_msa_exists"
    assert "lee@outlook.example" in refused.value.message
    assert "Remove it first" in refused.value.message
    assert refused.value.details == {"current_msa": "lee@outlook.example", "limit": 1}


def test_lp2_the_sixth_work_account_is_refused_with_the_limit() -> None:
    with pytest.raises(Refusal) as refused:
        check_add(Held(personal=1, work=5), kind="work", limits=LIMITS)
    assert refused.value.code == "learn_work_limit"
    assert "5 work or school accounts" in refused.value.message
    assert refused.value.details == {"limit": 5}


def test_lp2_the_work_account_limit_is_a_parameter() -> None:
    assert refusal_code(lambda: check_add(Held(0, 2), kind="work", limits=Limits(work=2))) == "learn_work_limit"
    assert refusal_code(lambda: check_add(Held(0, 2), kind="work", limits=Limits(work=3))) == "ok"


@pytest.mark.parametrize(
    ("account_id", "signed_in_id", "live", "code"),
    [
        (1, 1, 2, "cannot_remove_signed_in_account"),
        (1, 1, 1, "cannot_remove_signed_in_account"),  # the signed-in reason comes first: it is the one to act on
        (1, 2, 1, "cannot_remove_last_account"),
        (1, 2, 2, "ok"),
        (3, 2, 6, "ok"),
    ],
)
def test_lp5_check_remove_table(account_id: int, signed_in_id: int, live: int, code: str) -> None:
    action = lambda: check_remove(account_id=account_id, signed_in_id=signed_in_id, live_accounts=live)  # noqa: E731
    assert refusal_code(action) == code


def test_lp5_the_signed_in_refusal_says_how_to_replace_the_msa() -> None:
    with pytest.raises(Refusal) as refused:
        check_remove(account_id=7, signed_in_id=7, live_accounts=2)
    assert "work or school account" in refused.value.message


@pytest.mark.parametrize(
    ("target", "source", "code"),
    [
        (Held(1, 1, "lee@outlook.example"), Held(0, 1), "ok"),
        (Held(0, 1), Held(1, 0, "lee2@outlook.example"), "ok"),
        (Held(0, 3), Held(0, 2), "ok"),
        (Held(1, 4, "a@outlook.example"), Held(0, 1), "ok"),
        (Held(1, 0, "a@outlook.example"), Held(1, 0, "b@outlook.example"), "merge_exceeds_personal_limit"),
        (Held(1, 2, "a@outlook.example"), Held(1, 2, "b@outlook.example"), "merge_exceeds_personal_limit"),
        (Held(0, 3), Held(0, 3), "merge_exceeds_work_limit"),
        (Held(1, 5, "a@outlook.example"), Held(0, 1), "merge_exceeds_work_limit"),
    ],
)
def test_lp6_check_merge_table(target: Held, source: Held, code: str) -> None:
    assert refusal_code(lambda: check_merge(target, source, limits=LIMITS)) == code


def test_lp6_a_merge_over_the_personal_limit_says_which_msa_to_remove_first() -> None:
    with pytest.raises(Refusal) as refused:
        check_merge(Held(1, 1, "lee@outlook.example"), Held(1, 0, "lee.cert@outlook.example"), limits=LIMITS)
    assert "lee@outlook.example" in refused.value.message
    assert refused.value.details == {"personal": 2, "limit": 1}


def test_lp6_a_merge_over_the_work_limit_says_how_many_to_remove() -> None:
    with pytest.raises(Refusal) as refused:
        check_merge(Held(0, 4), Held(0, 3), limits=LIMITS)
    assert "Remove 2 of them first" in refused.value.message
    assert refused.value.details == {"work": 7, "limit": 5}
