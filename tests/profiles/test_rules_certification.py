"""Pure rules of certification profiles (CP-5, CP-6, CP-7): no database."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from certlink.errors import Refusal
from profiles.rules.certification import (
    check_merge_providers,
    legal_name_effective_at,
    name_change_sentence,
    on_certiport_transcript,
)

CUTOFF = date(2023, 6, 1)
NOW = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("survivor", "other"),
    [
        ({"pearson_vue"}, {"pearson_vue"}),
        ({"certiport"}, {"certiport"}),
        ({"pearson_vue"}, set()),
        (set(), {"certiport"}),
        (set(), set()),
    ],
)
def test_cp5_profiles_of_one_provider_may_be_merged(survivor: set[str], other: set[str]) -> None:
    check_merge_providers(survivor, other)


@pytest.mark.parametrize(
    ("survivor", "other"),
    [
        ({"pearson_vue"}, {"certiport"}),
        ({"certiport"}, {"pearson_vue"}),
        ({"pearson_vue", "certiport"}, {"pearson_vue"}),
    ],
)
def test_cp5_profiles_across_providers_are_refused_with_that_reason(survivor: set[str], other: set[str]) -> None:
    with pytest.raises(Refusal) as refused:
        check_merge_providers(survivor, other)
    assert refused.value.code == "merge_different_providers"
    assert "different exam delivery providers (Certiport and Pearson VUE)" in refused.value.message
    assert refused.value.details == {"providers": ["certiport", "pearson_vue"]}


@pytest.mark.parametrize(
    ("provider", "earned_at", "on_certiport"),
    [
        ("certiport", datetime(2023, 5, 31, 23, 59, 59, tzinfo=UTC), False),
        ("certiport", datetime(2023, 6, 1, 0, 0, tzinfo=UTC), True),
        ("certiport", datetime(2023, 6, 1, 18, 0, tzinfo=UTC), True),
        ("certiport", datetime(2025, 2, 10, 9, 0, tzinfo=UTC), True),
        ("certiport", datetime(2021, 1, 1, tzinfo=UTC), False),
        ("pearson_vue", datetime(2021, 1, 1, tzinfo=UTC), False),
        ("pearson_vue", datetime(2023, 6, 1, 0, 0, tzinfo=UTC), False),
        ("pearson_vue", datetime(2025, 2, 10, 9, 0, tzinfo=UTC), False),
    ],
)
def test_cp6_certiport_on_or_after_the_cutoff_stays_on_the_certiport_transcript(
    provider: str, earned_at: datetime, on_certiport: bool
) -> None:
    assert on_certiport_transcript(provider=provider, earned_at=earned_at, cutoff=CUTOFF) is on_certiport


def test_cp6_the_cutoff_is_a_parameter() -> None:
    earned = datetime(2024, 3, 1, tzinfo=UTC)
    assert on_certiport_transcript(provider="certiport", earned_at=earned, cutoff=date(2024, 3, 1))
    assert not on_certiport_transcript(provider="certiport", earned_at=earned, cutoff=date(2024, 3, 2))


def test_cp7_a_legal_name_change_takes_effect_48_hours_later() -> None:
    assert legal_name_effective_at(now=NOW, hours=48) == NOW + timedelta(hours=48)


def test_cp7_the_delay_is_a_parameter() -> None:
    assert legal_name_effective_at(now=NOW, hours=1) == NOW + timedelta(hours=1)


def test_cp7_the_sentence_names_the_new_name_and_the_moment() -> None:
    sentence = name_change_sentence("Ayaka Sato", NOW + timedelta(hours=48))
    assert sentence == "Your legal name will change to “Ayaka Sato” on 7 January 2026 09:00 UTC."
