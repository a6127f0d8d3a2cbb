from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db.models import QuerySet
from rest_framework import serializers
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.request import Request
from rest_framework.views import APIView


class _Page(serializers.Serializer):
    limit = serializers.IntegerField(min_value=1, max_value=500, required=False)
    offset = serializers.IntegerField(min_value=0, required=False)


class StrictLimitOffsetPagination(LimitOffsetPagination):
    """limit/offset that are not whole numbers in range are a 400, not silently ignored."""

    max_limit = 500

    def paginate_queryset(
        self, queryset: QuerySet[Any] | Sequence[Any], request: Request, view: APIView | None = None
    ) -> list[Any] | None:
        _Page(data={k: v for k, v in request.query_params.items() if k in {"limit", "offset"}}).is_valid(
            raise_exception=True
        )
        return super().paginate_queryset(queryset, request, view)
