from __future__ import annotations

from typing import Any

from rest_framework.permissions import BasePermission


class IsOperator(BasePermission):
    message = "Only operators of the simulator can do this."

    def has_permission(self, request: Any, view: Any) -> bool:
        return bool(request.user and request.user.is_authenticated and request.user.is_operator)
