from __future__ import annotations

from typing import Any

from certlink.password_gate import PasswordChosen


class IsOperator(PasswordChosen):
    """Replaces the default permissions, so it keeps PasswordChosen's refusal of one-time passwords (ID-1)."""

    message = "Only operators of the simulator can do this."

    def has_permission(self, request: Any, view: Any) -> bool:
        return super().has_permission(request, view) and bool(
            request.user and request.user.is_authenticated and request.user.is_operator
        )
