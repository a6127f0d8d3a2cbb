"""PR-1: every metric and counting label of partners/data/designations.json is in partners.designation_words, so
the catalogs hold it and the designations page reads it in the reader's language."""

from __future__ import annotations

import json
from pathlib import Path

from django.utils import translation

from partners import designation_words

DATA = Path(__file__).resolve().parents[2] / "partners" / "data" / "designations.json"


def labels(node: object, under: str = "") -> set[tuple[str, str]]:
    found: set[tuple[str, str]] = set()
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "label" and isinstance(value, str):
                found.add((under, value))
            found |= labels(value, f"{under}/{key}")
    elif isinstance(node, list):
        for value in node:
            found |= labels(value, under)
    return found


def test_pr1_every_metric_and_counting_label_of_the_data_is_listed_for_translation() -> None:
    shown = labels(json.loads(DATA.read_text()))
    metrics = {label for under, label in shown if under == "/areas/metrics"}
    counting = {label for under, label in shown if under == "/areas/metrics/counting"}
    assert metrics == set(designation_words.METRICS) and counting == set(designation_words.COUNTING)


def test_pr1_the_metrics_read_in_japanese_and_traditional_chinese() -> None:
    for language in ("ja", "zh-hant"):
        with translation.override(language):
            assert all(translation.gettext(label) != label for label in designation_words.METRICS), language
