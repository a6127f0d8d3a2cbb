"""Pure rules of Learn profiles (LP-2, LP-4, LP-5, LP-6)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

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
            _(
                "Your Learn profile already has a personal account (%(email)s), and it can have only one. Remove it "
                "first under Settings → Account management, signed in with a work or school account, then add the "
                "new one."
            )
            % {"email": held.msa_email},
            current_msa=held.msa_email,
            limit=limits.personal,
        )
    if kind == "work" and held.work >= limits.work:
        raise Refusal(
            "learn_work_limit",
            ngettext(
                "Your Learn profile already has %(count)d work or school account, the most it can have. Remove it "
                "before you add another.",
                "Your Learn profile already has %(count)d work or school accounts, the most it can have. Remove one "
                "before you add another.",
                held.work,
            )
            % {"count": held.work},
            limit=limits.work,
        )


def check_remove(*, account_id: int, signed_in_id: int, live_accounts: int) -> None:
    """LP-5: not the account you are signed in with, nor the last account of the profile."""
    if account_id == signed_in_id:
        raise Refusal(
            "cannot_remove_signed_in_account",
            _(
                "You can't remove the account you're signed in with. Sign in with another account of this profile "
                "(to replace your personal account, a work or school account), then remove it."
            ),
        )
    if live_accounts <= 1:
        raise Refusal(
            "cannot_remove_last_account",
            _("This is the last account of your Learn profile, so it can't be removed. Add another account first."),
        )


def check_merge(target: Held, source: Held, *, limits: Limits) -> None:
    """LP-6: a merge whose result would exceed LP-2's limits is refused, and nothing changes."""
    personal, work = target.personal + source.personal, target.work + source.work
    if personal > limits.personal:
        raise Refusal(
            "merge_exceeds_personal_limit",
            _(
                "Merging would put %(count)d personal accounts on one Learn profile, and a profile can have only "
                "%(limit)d. Remove the personal account %(email)s from this profile first (signed in with a work or "
                "school account), then add the account again."
            )
            % {"count": personal, "limit": limits.personal, "email": target.msa_email},
            personal=personal,
            limit=limits.personal,
        )
    if work > limits.work:
        raise Refusal(
            "merge_exceeds_work_limit",
            _(
                "Merging would put %(count)d work or school accounts on one Learn profile, and a profile can have at "
                "most %(limit)d. Remove %(excess)d of them first."
            )
            % {"count": work, "limit": limits.work, "excess": work - limits.work},
            work=work,
            limit=limits.work,
        )
