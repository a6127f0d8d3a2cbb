from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest

from certlink.errors import Refusal
from profiles import rules
from profiles.models import Account
from profiles.services.accounts import account_password_check, sign_in_kind


class AccountBackend(ModelBackend):
    """Signs in by (email, kind) (ID-2); deleted and disabled accounts never sign in (ID-4).

    Pages and the API sign in through profiles.services.account_sign_in, which counts failures under the lockout
    (ID-3); this backend serves Django's own needs (sessions, authenticate()), where axes' backend in front of it
    (settings.AUTHENTICATION_BACKENDS) and Django's user_login_failed signal do the same with the same handler."""

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        kind: str | None = None,
        **kwargs: Any,
    ) -> Account | None:
        email = rules.normalize_email(username or "")
        try:
            kind = sign_in_kind(email=email, kind=kind or "")
        except Refusal:
            return None
        return account_password_check(email=email, password=password or "", kind=kind)

    def get_user(self, user_id: Any) -> Account | None:
        """The signed-in account of each request, with what nearly every page asks of it in the same query: its
        Learn profile (LP-1) and, for Partner Center's users, their organisation (the top bar's link)."""
        try:
            user = Account._default_manager.select_related("learn_profile", "partner_user__organization").get(
                pk=user_id
            )
        except Account.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None

    def user_can_authenticate(self, user: Any) -> bool:
        return bool(user.is_active and user.deleted_at is None)
