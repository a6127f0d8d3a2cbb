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
from partners.serializers_skills import REPORT_COLUMNS, csv_row, report_rows

CHUNK = 2000  # rows per fetch from the server-side cursor, and per piece of the response


def stream(credits: QuerySet[PartnerCredit], *, at: datetime) -> Iterator[str]:
    """PC-11's CSV: the header row, then one row per credit, handed on CHUNK rows at a time (a response piece per
    row cost more than writing the row)."""
    writer = csv.writer(Echo())
    yield writer.writerow(safe_row([title for title, _ in REPORT_COLUMNS]))
    piece: list[str] = []
    for row in report_rows(credits, at=at, chunk=CHUNK):
        piece.append(writer.writerow(safe_row(csv_row(row))))
        if len(piece) == CHUNK:
            yield "".join(piece)
            piece.clear()
    if piece:
        yield "".join(piece)
