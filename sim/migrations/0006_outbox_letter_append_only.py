"""A mail merge's letter is append-only, and its messages' reference to it is checked once per statement by a trigger
in place of the per-row FOREIGN KEY constraint (sim.models.OutboxMessage.letter)."""

import django.db.models.deletion
from django.db import migrations, models

from certlink.appendonly import RunSQLOnPostgreSQL, refuse_changes_trigger


# Kept here, where it is used: migration 0009 removes the letters, this trigger and the code that wrote them.
def references_append_only_trigger(table: str, column: str, target: str) -> RunSQLOnPostgreSQL:
    """The migration operation that holds `table`.`column` to the ids of `target`, an append-only table, on
    PostgreSQL: a foreign key checked once per statement, over the rows the statement wrote (a transition table),
    where a FOREIGN KEY constraint checks each row. A row of `target` is never deleted or changed (its own trigger
    refuses it; only the world reset's TRUNCATE empties it, with the referring rows), so the inserts and updates of
    `table` are all there is to check. Raises foreign_key_violation, as the constraint would (IntegrityError)."""
    function = f"{table}_{column}_exists"
    check = f"""
        CREATE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $$
        DECLARE missing bigint;
        BEGIN
            SELECT w.{column} INTO missing FROM written w
            WHERE w.{column} IS NOT NULL AND NOT EXISTS (SELECT FROM {target} t WHERE t.id = w.{column})
            LIMIT 1;
            IF FOUND THEN
                RAISE EXCEPTION 'insert or update on table "%" violates foreign key: {column} % is not in {target}',
                    TG_TABLE_NAME, missing USING ERRCODE = 'foreign_key_violation';
            END IF;
            RETURN NULL;
        END
        $$;
        """
    events = ("insert", "update")
    triggers = [
        f"CREATE TRIGGER {function}_on_{event} AFTER {event.upper()} ON {table} REFERENCING NEW TABLE AS written "
        f"FOR EACH STATEMENT EXECUTE FUNCTION {function}();"
        for event in events
    ]
    return RunSQLOnPostgreSQL(
        sql=[check, *triggers],
        reverse_sql=[
            *(f"DROP TRIGGER IF EXISTS {function}_on_{event} ON {table};" for event in events),
            f"DROP FUNCTION IF EXISTS {function}();",
        ],
    )




class Migration(migrations.Migration):
    dependencies = [
        ("sim", "0005_outbox_sole_recipient"),
    ]

    operations = [
        refuse_changes_trigger("sim_outboxletter"),
        references_append_only_trigger("sim_outboxmessage", "letter_id", "sim_outboxletter"),
        migrations.AlterField(
            model_name="outboxmessage",
            name="letter",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="sim.outboxletter",
            ),
        ),
    ]
