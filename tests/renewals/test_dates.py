"""Hana's AZ-104 certification (earned 10 January 2025, expiring 10 January 2026) as every surface writes its
dates: pages and emails in one format ('10 January 2026', '14 July 2025 09:00 UTC'), refusals in the same words,
and the API in ISO 8601."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from certlink.clock import clock_advance
from certlink.models import OutboxMessage
from tests.helpers import page_text

MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
OTHER_FORMATS = [
    re.compile(r"\b\d{1,2} (Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4}"),  # '10 Jan 2026'
    re.compile(rf"\b({MONTHS}) \d{{1,2}}, \d{{4}}"),  # 'January 10, 2026'
    re.compile(rf"\b\d{{1,2}} ({MONTHS}) \d{{4}}, \d\d:\d\d"),  # '10 January 2026, 09:00'
]


def other_formats(text: str) -> list[str]:
    return [found.group() for pattern in OTHER_FORMATS for found in pattern.finditer(text)]


def test_the_credentials_page_writes_dates_in_the_one_format(page_as, hana, held, assessment) -> None:  # type: ignore[no-untyped-def]
    text = page_text(page_as(hana).get("/learn/credentials/"))
    assert "10 January 2026" in text and "Renewable from 14 July 2025" in text
    assert "10 January 2025 09:00 UTC" in text  # the top bar's simulated time
    assert other_formats(text) == []


def test_the_renewal_page_and_its_refusal_write_dates_in_the_one_format(page_as, hana, held, assessment) -> None:  # type: ignore[no-untyped-def]
    text = page_text(page_as(hana).get(f"/learn/credentials/renew/{held.pk}/"))
    assert "<dd>10 January 2026 09:00 UTC" in text  # Expires
    assert "from 14 July 2025 until expiry" in text  # Renewal window
    assert "You can renew Microsoft Certified: Azure Administrator Associate from 14 July 2025 09:00 UTC" in text
    assert other_formats(text) == []


def test_the_renewal_notice_writes_dates_in_the_one_format(held) -> None:  # type: ignore[no-untyped-def]
    clock_advance(to=datetime(2025, 7, 15, tzinfo=UTC))
    notice = OutboxMessage.objects.get()
    for text in (notice.body, notice.html):
        assert "expires on 10 January 2026" in text or "expires on\n  <strong>10 January 2026</strong>" in text
        assert "14 July 2025 09:00 UTC" in text  # sent
        assert other_formats(text) == []


def test_the_api_writes_iso_8601(api_as, hana, held, assessment) -> None:  # type: ignore[no-untyped-def]
    body = api_as(hana).get(f"/api/v1/learn/renewals/{held.pk}/").json()
    assert body["certification"]["expires_at"] == "2026-01-10T09:00:00Z"
    assert body["blocked"]["code"] == "renewal_window_not_open"
    assert body["blocked"]["details"]["opens_at"] == "2025-07-14T09:00:00+00:00"
    assert "from 14 July 2025 09:00 UTC" in body["blocked"]["message"]
