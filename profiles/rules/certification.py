"""Pure rules of certification profiles (CP-5, CP-6, CP-7)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta

from certlink.errors import Refusal
from certlink.timefmt import when

PROVIDER_NAMES = {"pearson_vue": "Pearson VUE", "certiport": "Certiport"}


def on_certiport_transcript(*, provider: str, earned_at: datetime, cutoff: date) -> bool:
    """CP-6: a certification earned through Certiport on or after the cut-off stays on the Certiport transcript."""
    return provider == "certiport" and earned_at.date() >= cutoff


def check_merge_providers(survivor: Iterable[str], other: Iterable[str]) -> None:
    """CP-5: profiles whose exams come from different delivery providers cannot be merged."""
    providers = set(survivor) | set(other)
    if len(providers) > 1:
        names = " and ".join(sorted(PROVIDER_NAMES.get(p, p) for p in providers))
        raise Refusal(
            "merge_different_providers",
            f"These certification profiles can't be merged: their exams come from different exam delivery "
            f"providers ({names}). Each stays a profile of its own.",
            providers=sorted(providers),
        )


def legal_name_effective_at(*, now: datetime, hours: int) -> datetime:
    """CP-7: a legal-name change takes effect `hours` after it is asked for."""
    return now + timedelta(hours=hours)


def name_change_sentence(new_name: str, effective_at: datetime) -> str:
    return f"Your legal name will change to “{new_name}” on {when(effective_at)}."
