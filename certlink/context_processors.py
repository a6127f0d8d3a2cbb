from __future__ import annotations

from datetime import datetime
from functools import cache
from typing import Any

from django.http import HttpRequest

from certlink import clock


def simulation(request: HttpRequest) -> dict[str, Any]:
    """`sim_now` in every template: the simulated instant, read once per page and only if the page shows it."""

    @cache
    def sim_now() -> datetime:
        return clock.now()

    return {"sim_now": sim_now}
