"""Append-only tables: records of what happened (PC-7's link events, the audit log) are written once and never
changed or deleted.

Held twice: in Django (the model refuses `save()` of an existing row and `delete()`, its querysets refuse `update()`
and `delete()`), and on PostgreSQL by a trigger that refuses any UPDATE or DELETE statement on the table, so raw SQL,
a forgotten code path or a hand at the psql prompt cannot rewrite history either. The one way to empty such a table
is `erase_all`, an operator's action (the world reset, SIM-3): TRUNCATE, which row and statement triggers on UPDATE
and DELETE do not see."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import connection, migrations, models
from django.http import HttpRequest


class AppendOnlyError(RuntimeError):
    """A change or deletion of an append-only record: always a bug in the caller (on PostgreSQL, the trigger raises
    django.db.ProgrammingError for the same reason)."""


def _refuse(model: type[models.Model], what: str) -> AppendOnlyError:
    return AppendOnlyError(f"{model._meta.label} is append-only: {what} is refused.")


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs: Any) -> int:
        raise _refuse(self.model, "update()")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise _refuse(self.model, "delete()")


class AppendOnlyModel(models.Model):
    """A row is inserted once (`save()` of a new instance, `objects.create()`, `bulk_create()`), then only read."""

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding or kwargs.get("update_fields") is not None or kwargs.get("force_update"):
            raise _refuse(type(self), "save() of an existing row")
        # An instance given the pk of an existing row must not turn into an UPDATE of that row.
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise _refuse(type(self), "delete()")


class AppendOnlyAdmin(admin.ModelAdmin):
    """The admin shows an append-only record and nothing more: no add, change or delete (nor bulk delete)."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


def erase_all(model: type[models.Model]) -> int:
    """Empty an append-only table and return how many rows it held: the world reset only (SIM-3), an operator's
    action. TRUNCATE on PostgreSQL (the trigger refuses DELETE); elsewhere one DELETE statement."""
    count = model._default_manager.count()
    # Needs PostgreSQL itself, not a second path for a rule: only PostgreSQL has the append-only trigger
    # (refuse_changes_trigger), which refuses DELETE, so there the rows go by TRUNCATE, which it does not see.
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # TRUNCATE refuses a table with foreign-key checks still pending in this transaction (Django defers
            # them to the commit): run them now, truncate, and defer again as Django does.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(f"TRUNCATE {connection.ops.quote_name(model._meta.db_table)}")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    else:
        rows = model._default_manager.all()
        rows._raw_delete(rows.db)
    return count


def is_append_only(model: type[models.Model]) -> bool:
    return issubclass(model, AppendOnlyModel)


class RunSQLOnPostgreSQL(migrations.RunSQL):
    """RunSQL that does nothing on other databases (SQLite has no PL/pgSQL)."""

    def database_forwards(self, app_label: str, schema_editor: Any, from_state: Any, to_state: Any) -> None:
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label: str, schema_editor: Any, from_state: Any, to_state: Any) -> None:
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


def refuse_changes_trigger(table: str) -> RunSQLOnPostgreSQL:
    """The migration operation that makes `table` append-only on PostgreSQL: a statement trigger that raises on any
    UPDATE or DELETE (even one that matches no row), with its reverse."""
    function = f"{table}_append_only"
    return RunSQLOnPostgreSQL(
        sql=[
            f"""
            CREATE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP
                    USING HINT = 'Records of what happened are never changed or deleted.';
            END
            $$;
            """,
            f"CREATE TRIGGER {function} BEFORE UPDATE OR DELETE ON {table} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {function}();",
        ],
        reverse_sql=[f"DROP TRIGGER IF EXISTS {function} ON {table};", f"DROP FUNCTION IF EXISTS {function}();"],
    )
