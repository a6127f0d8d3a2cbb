"""Bulk writes for the population generator (SIM-4): COPY on PostgreSQL, `bulk_create` elsewhere.

Rows carry their primary keys, allocated up front from each table's largest id, so that related rows point at each
other without a round trip; the sequences are moved past them at the end. The generator runs on an idle world (an
operator's command), so nothing else allocates ids meanwhile."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.core.management.color import no_style
from django.db import connection, models
from django.db.models import Max
from psycopg.types.json import Jsonb

Row = dict[str, Any]


class BulkWriter:
    """Writes dict rows (by attname) of a fixed set of models, each with its columns' defaults filled in: one COPY or
    one `executemany` per table and batch, however many rows."""

    def __init__(self, tables: Sequence[type[models.Model]]) -> None:
        self.tables = list(tables)
        self.fields = {m: [f for f in m._meta.concrete_fields] for m in self.tables}
        self.defaults = {m: {f.attname: f.get_default() for f in self.fields[m]} for m in self.tables}
        self.next_id = {m: (m.objects.aggregate(top=Max("pk"))["top"] or 0) + 1 for m in self.tables}
        self.copy = connection.vendor == "postgresql"

    def ids(self, model: type[models.Model], count: int) -> range:
        """`count` fresh primary keys of `model`."""
        start = self.next_id[model]
        self.next_id[model] = start + count
        return range(start, start + count)

    def write(self, model: type[models.Model], rows: Iterable[Row]) -> int:
        """Insert `rows` (each with its "id") in one statement."""
        defaults, fields = self.defaults[model], self.fields[model]
        quoted = ", ".join(connection.ops.quote_name(f.column) for f in fields)
        if not self.copy:  # one executemany: one statement for the whole batch, as Django counts them
            table = connection.ops.quote_name(model._meta.db_table)
            sql = f"INSERT INTO {table} ({quoted}) VALUES ({', '.join(['%s'] * len(fields))})"
            values = [[f.get_db_prep_save({**defaults, **row}[f.attname], connection) for f in fields] for row in rows]
            with connection.cursor() as cursor:
                cursor.executemany(sql, values)
            return len(values)
        columns = [f.attname for f in fields]
        json = {f.attname for f in fields if isinstance(f, models.JSONField)}
        sql = f"COPY {connection.ops.quote_name(model._meta.db_table)} ({quoted}) FROM STDIN"
        written = 0
        with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
            for row in rows:
                full = {**defaults, **row}
                copy.write_row([Jsonb(full[c]) if c in json else full[c] for c in columns])
                written += 1
        return written

    def finish(self) -> None:
        """Move each table's id sequence past the ids written (PostgreSQL; SQLite follows the largest id)."""
        statements = connection.ops.sequence_reset_sql(no_style(), self.tables)
        if statements:
            with connection.cursor() as cursor:
                for statement in statements:
                    cursor.execute(statement)
