"""PC-11's CSV download, streamed with memory flat in the number of rows.

On PostgreSQL the database writes the rows itself (`COPY (report query) TO STDOUT WITH CSV`), in the report's order,
byte for byte as `csv.writer` writes them: CRLF line ends, empty fields unquoted (an empty string becomes NULL,
which COPY writes as nothing), dates as YYYY-MM-DD in UTC. Elsewhere, model rows from a server-side cursor through
`csv.writer`. A large organisation's report is hundreds of thousands of rows, and building a model per row was
nine tenths of the download's time.

`stream` is the one writer of the page (`/partner/skills/?format=csv`) and of the API
(`/api/v1/partner/skills-report.csv`); both of its paths neutralise formula cells (certlink.csvsafe)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import datetime

from django.db import connection
from django.db.models import Case, CharField, F, Func, QuerySet, Value, When
from django.db.models.functions import Cast, NullIf

from certlink.csvsafe import Echo, safe_cell_sql, safe_row
from partners.models import PartnerCredit
from partners.serializers_skills import REPORT_COLUMNS, csv_row

BLOCK = 256 * 1024  # bytes handed to the server at a time


def copy_available() -> bool:
    return connection.vendor == "postgresql"


def stream(credits: QuerySet[PartnerCredit], *, at: datetime) -> Iterator[str | bytes]:
    """PC-11's CSV: the header row, then one row per credit, every cell neutralised (certlink.csvsafe)."""
    yield header([title for title, _ in REPORT_COLUMNS])
    if copy_available():
        yield from copy_rows(credits, at=at)
    else:
        yield from python_rows(credits, at=at)


def python_rows(credits: QuerySet[PartnerCredit], *, at: datetime) -> Iterator[str]:
    """The rows through csv.writer, from a server-side cursor (every database)."""
    writer = csv.writer(Echo())
    for credit in credits.iterator(chunk_size=2000):
        yield writer.writerow(safe_row(csv_row(credit, at=at)))


def header(columns: list[str]) -> str:
    out = io.StringIO()
    csv.writer(out).writerow(safe_row(columns))
    return out.getvalue()


def copy_rows(credits: QuerySet[PartnerCredit], *, at: datetime) -> Iterator[bytes]:
    """The report's rows as CSV written by PostgreSQL, in blocks of about BLOCK bytes."""
    sql, params = _columns(credits, at=at).query.sql_with_params()
    with connection.cursor() as cursor, cursor.cursor.copy(f"COPY ({sql}) TO STDOUT WITH (FORMAT csv)", params) as copy:
        block: list[bytes] = []
        size = 0
        for data in copy:  # one row per message: its line end becomes CRLF, as csv.writer ends lines
            row = bytes(data)
            block.append(row[:-1] + b"\r\n" if row.endswith(b"\n") else row)
            size += len(row) + 1
            if size >= BLOCK:
                yield b"".join(block)
                block, size = [], 0
        if block:
            yield b"".join(block)


def _text(field: str) -> NullIf:
    return NullIf(safe_cell_sql(F(field)), Value(""))


def _day(field: str) -> Func:
    day = "to_char(%(expressions)s AT TIME ZONE 'UTC', 'YYYY-MM-DD')"
    return Func(F(field), template=day, output_field=CharField())


def _columns(credits: QuerySet[PartnerCredit], *, at: datetime) -> QuerySet:
    """The columns of serializers_skills.REPORT_COLUMNS, as python_rows writes them."""
    labels = PartnerCredit.Kind.choices
    kind = Case(*[When(kind=value, then=Value(label)) for value, label in labels], default=F("kind"))
    status = Case(When(expires_at__lte=at, then=Value("expired")), default=Value("active"))  # selectors.credit_status
    return credits.annotate(
        c_activity=_text("activity_id"),
        c_title=_text("title"),
        c_kind=NullIf(safe_cell_sql(kind), Value("")),
        c_first=_text("first_name"),
        c_last=_text("last_name"),
        c_personal=_text("personal_email"),
        c_work=_text("work_email"),
        c_completed=_day("completed_at"),
        c_mcid=NullIf(Cast("mcid", CharField()), Value("0")),
        c_partner_id=_text("organization__partner_id"),
        c_partner=_text("organization__name"),
        c_expires=_day("expires_at"),
        c_status=status,
    ).values_list(
        "c_activity",
        "c_title",
        "c_kind",
        "c_first",
        "c_last",
        "c_personal",
        "c_work",
        "c_completed",
        "c_mcid",
        "c_partner_id",
        "c_partner",
        "c_expires",
        "c_status",
    )
