"""Bulk writes for the population generator (SIM-4): one implementation on every database, an `executemany` of one
INSERT per table and batch, with each value prepared by its Django field (`get_db_prep_save`) as the ORM would.

Rows carry their primary keys, allocated up front from each table's largest id, so that related rows point at each
other without a round trip; the sequences are moved past them at the end. The generator runs on an idle world (an
operator's command), so nothing else allocates ids meanwhile.

Why not `bulk_create`: it builds a model instance per row (about two million for the benchmark's world, several times
slower than preparing the values directly), and on SQLite it splits a batch into statements of 999 parameters, so the
number of statements would grow with the batch. Why not PostgreSQL's COPY: it was a second path for one database."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.core.management.color import no_style
from django.db import DEFAULT_DB_ALIAS, connections, models
from django.db.models import Max

Row = dict[str, Any]


class BulkWriter:
    """Writes dict rows (by attname) of a fixed set of models, each with its columns' defaults filled in: one
    `executemany` (one statement, as Django counts them) per table and batch, however many rows."""

    def __init__(self, tables: Sequence[type[models.Model]], using: str = DEFAULT_DB_ALIAS) -> None:
        self.connection = connections[using]
        self.tables = list(tables)
        self.next_id = {
            m: (m._default_manager.using(using).aggregate(top=Max("pk"))["top"] or 0) + 1 for m in self.tables
        }
        self.sql: dict[type[models.Model], str] = {}
        self.columns: dict[type[models.Model], list[tuple[str, Any, Callable[..., Any]]]] = {}
        for model in self.tables:
            fields = model._meta.concrete_fields
            quote = self.connection.ops.quote_name
            names = ", ".join(quote(f.column or f.attname) for f in fields)  # concrete: a column each
            self.sql[model] = (
                f"INSERT INTO {quote(model._meta.db_table)} ({names}) VALUES ({', '.join(['%s'] * len(fields))})"
            )
            self.columns[model] = [(f.attname, f.get_default(), f.get_db_prep_save) for f in fields]

    def ids(self, model: type[models.Model], count: int) -> range:
        """`count` fresh primary keys of `model`."""
        start = self.next_id[model]
        self.next_id[model] = start + count
        return range(start, start + count)

    def write(self, model: type[models.Model], rows: Iterable[Row]) -> int:
        """Insert `rows` (each with its "id") in one statement."""
        connection, columns = self.connection, self.columns[model]
        values = [[prepare(row.get(name, default), connection) for name, default, prepare in columns] for row in rows]
        with connection.cursor() as cursor:
            cursor.executemany(self.sql[model], values)
        return len(values)

    def finish(self) -> None:
        """Move each table's id sequence past the ids written (where the database has sequences; SQLite follows the
        largest id by itself)."""
        statements = self.connection.ops.sequence_reset_sql(no_style(), self.tables)
        if statements:
            with self.connection.cursor() as cursor:
                for statement in statements:
                    cursor.execute(statement)
