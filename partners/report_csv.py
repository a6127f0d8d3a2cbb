"""PC-11's CSV download, streamed with memory flat in the number of rows: the header, then one row per credit from
a server-side cursor through `csv.writer`, every cell neutralised (certlink.csvsafe). One writer on every database,
for the page (`/partner/skills/?format=csv`) and the API (`/api/v1/partner/skills-report.csv`)."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from datetime import datetime

from django.db.models import QuerySet

from certlink.csvsafe import Echo, safe_row
from partners.models import PartnerCredit
from partners.serializers_skills import REPORT_COLUMNS, csv_row


def stream(credits: QuerySet[PartnerCredit], *, at: datetime) -> Iterator[str]:
    """PC-11's CSV: the header row, then one row per credit."""
    writer = csv.writer(Echo())
    yield writer.writerow(safe_row([title for title, _ in REPORT_COLUMNS]))
    for credit in credits.iterator(chunk_size=2000):
        yield writer.writerow(safe_row(csv_row(credit, at=at)))
