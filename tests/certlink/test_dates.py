"""One way of writing dates per language (certlink/formats/): templates, sentences and refusals all use Django's
DATE_FORMAT and DATETIME_FORMAT, never a format of their own; the API writes ISO 8601."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from django.utils import translation
from django.utils.formats import date_format

from certlink.timefmt import when
from partners import rules as partner_rules
from tests.helpers import refusal_of

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
INSTANT = datetime(2026, 2, 4, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("language", "day", "instant"),
    [
        ("en-gb", "4 February 2026", "4 February 2026 09:00 UTC"),
        ("en", "4 February 2026", "4 February 2026 09:00 UTC"),
        ("ja", "2026年2月4日", "2026年2月4日 09:00 UTC"),
        ("zh-hant", "2026年2月4日", "2026年2月4日 09:00 UTC"),
    ],
)
def test_each_language_writes_a_date_one_way(language: str, day: str, instant: str) -> None:
    with translation.override(language):
        assert date_format(INSTANT.date()) == day
        assert date_format(INSTANT, "SHORT_DATE_FORMAT") == day  # tables write dates as sentences do
        assert date_format(INSTANT, "DATETIME_FORMAT") == instant
        assert when(INSTANT) == instant and when(INSTANT.date()) == day


def test_no_template_writes_a_date_in_a_format_of_its_own() -> None:
    """Every `|date` names DATE_FORMAT or DATETIME_FORMAT; 'c' (ISO 8601, for <time datetime>) and 'l' (the clock
    face's weekday) are the only literal formats."""
    allowed = {"DATE_FORMAT", "DATETIME_FORMAT", "c", "l"}
    found = {
        (str(path.relative_to(TEMPLATES)), fmt)
        for path in TEMPLATES.rglob("*")
        if path.is_file() and path.suffix in {".html", ".txt"}
        for fmt in re.findall(r"\|date:[\"']([^\"']*)[\"']", path.read_text())
        if fmt not in allowed
    }
    assert found == set()


def test_a_refusal_writes_its_date_as_pages_do() -> None:
    """PC-8's sentence names the date the next association may start, in DATE_FORMAT."""
    start = datetime(2026, 1, 12, 9, 0, tzinfo=UTC)
    refused = refusal_of(
        lambda: partner_rules.check_association([start], now=start + timedelta(days=1), limits=partner_rules.Limits())
    )
    assert refused.code == "association_cooloff"
    assert refused.message.endswith("Your next available date for a subsequent association is 11 February 2026.")
    assert refused.message.endswith(f"{date_format(date(2026, 2, 11), 'DATE_FORMAT')}.")


def test_a_refusal_in_japanese_writes_the_japanese_date() -> None:
    start = datetime(2026, 1, 12, 9, 0, tzinfo=UTC)
    with translation.override("ja"):
        refused = refusal_of(
            lambda: partner_rules.check_association(
                [start], now=start + timedelta(days=1), limits=partner_rules.Limits()
            )
        )
    # PC-8 in Japanese follows seed 003's sentence (locale/glossary.csv), with the date written the Japanese way.
    assert refused.message == (
        "パートナー組織に関連付けようとしました。 関連付けには 30 日の期間が必要です。 "
        "次に関連付けできるのは、2026年2月11日 です。"
    )
