"""Set-based writes the ORM has no word for: `INSERT INTO ... SELECT ... ON CONFLICT DO NOTHING`, with the SELECT
written as a queryset (so its filters stay the ORM's, on PostgreSQL and SQLite alike), and primary-key chunks."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from django.db import connection, models
from django.db.models import Max, Min, QuerySet


def insert_from_select(model: type[models.Model], columns: Sequence[str], rows: QuerySet) -> int:
    """Insert the rows `rows` selects (a `values_list` in the order of `columns`, which are `model`'s attnames) and
    return how many were inserted: one statement, conflicts with a unique constraint skipped."""
    fields = {f.attname: f.column for f in model._meta.concrete_fields if f.column}
    sql, params = rows.query.sql_with_params()
    target = ", ".join(connection.ops.quote_name(fields[c]) for c in columns)
    # SQLite reads "SELECT ... ON CONFLICT" as a join's ON unless the SELECT has a WHERE: every caller filters.
    statement = f"INSERT INTO {connection.ops.quote_name(model._meta.db_table)} ({target}) {sql} ON CONFLICT DO NOTHING"
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        return max(cursor.rowcount, 0)


def pk_chunks(rows: QuerySet, *, size: int, lo: int | None = None, hi: int | None = None) -> Iterator[tuple[int, int]]:
    """[start, stop) ranges of `size` primary keys covering the rows of `rows` whose pk is in [lo, hi)."""
    if lo is not None:
        rows = rows.filter(pk__gte=lo)
    if hi is not None:
        rows = rows.filter(pk__lt=hi)
    bounds = rows.aggregate(first=Min("pk"), last=Max("pk"))
    if bounds["first"] is None:
        return
    for start in range(bounds["first"], bounds["last"] + 1, size):
        yield start, min(start + size, bounds["last"] + 1)
