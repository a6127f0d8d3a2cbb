"""Pure rules of Learn profiles (LP-2, LP-4, LP-5, LP-6)."""

from __future__ import annotations

from dataclasses import dataclass

from certlink.errors import Refusal


@dataclass(frozen=True)
class Limits:
    personal: int = 1
    work: int = 5


@dataclass(frozen=True)
class Held:
    """How many accounts of each kind a profile has; `msa_email` is its personal account, if any."""

    personal: int
    work: int
    msa_email: str = ""


def check_add(held: Held, *, kind: str, limits: Limits) -> None:
    """LP-2, LP-4: a second MSA is refused (remove the current one first); work accounts up to the limit."""
    if kind == "msa" and held.personal >= limits.personal:
        raise Refusal(
            "learn_msa_exists",
            f"Your Learn profile already has a personal account ({held.msa_email}), and it can have only one. "
            "Remove it first under Settings → Account management, signed in with a work or school account, "
            "then add the new one.",
            current_msa=held.msa_email,
            limit=limits.personal,
        )
    if kind == "work" and held.work >= limits.work:
        raise Refusal(
            "learn_work_limit",
            f"Your Learn profile already has {held.work} work or school accounts, the most it can have. "
            "Remove one before you add another.",
            limit=limits.work,
        )


def check_remove(*, account_id: int, signed_in_id: int, live_accounts: int) -> None:
    """LP-5: not the account you are signed in with, nor the last account of the profile."""
    if account_id == signed_in_id:
        raise Refusal(
            "cannot_remove_signed_in_account",
            "You can't remove the account you're signed in with. Sign in with another account of this profile "
            "(to replace your personal account, a work or school account), then remove it.",
        )
    if live_accounts <= 1:
        raise Refusal(
            "cannot_remove_last_account",
            "This is the last account of your Learn profile, so it can't be removed. Add another account first.",
        )


def check_merge(target: Held, source: Held, *, limits: Limits) -> None:
    """LP-6: a merge whose result would exceed LP-2's limits is refused, and nothing changes."""
    personal, work = target.personal + source.personal, target.work + source.work
    if personal > limits.personal:
        raise Refusal(
            "merge_exceeds_personal_limit",
            f"Merging would put {personal} personal accounts on one Learn profile, and a profile can have only "
            f"{limits.personal}. Remove the personal account {target.msa_email} from this profile first (signed "
            "in with a work or school account), then add the account again.",
            personal=personal,
            limit=limits.personal,
        )
    if work > limits.work:
        raise Refusal(
            "merge_exceeds_work_limit",
            f"Merging would put {work} work or school accounts on one Learn profile, and a profile can have at "
            f"most {limits.work}. Remove {work - limits.work} of them first.",
            work=work,
            limit=limits.work,
        )
