"""A person changes their own password through the API, proving the current one (ID-1, ID-3)."""

from __future__ import annotations

from datetime import datetime

from django.utils.translation import gettext as _

from certlink.errors import Refusal
from profiles.models import Account
from profiles.services.accounts import account_set_password


def account_password_change(*, account: Account, current_password: str, password: str, now: datetime) -> None:
    """The owner's new password, once the current one (the one-time password too) is right. Its tokens and its
    other sessions end with the old password (account_set_password)."""
    if not account.check_password(current_password):
        raise Refusal(
            "current_password_wrong", _("That isn't your current password. Check it and try again."), status=403
        )
    account_set_password(account=account, password=password, now=now)
