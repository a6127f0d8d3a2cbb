# Issue 17: the clock lives in one place. Clock and ClockAdvance move from sim to certlink in the migration state
# only: their tables keep their names (db_table), so the data of a database migrated before stays where it is.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("certlink", "0002_delete_pending_task"),
        ("sim", "0006_outbox_letter_append_only"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Clock",
                    fields=[
                        ("id", models.PositiveSmallIntegerField(default=1, primary_key=True, serialize=False)),
                        ("instant", models.DateTimeField()),
                    ],
                    options={
                        "db_table": "sim_clock",
                        "constraints": [
                            models.CheckConstraint(condition=models.Q(("id", 1)), name="clock_is_a_singleton")
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="ClockAdvance",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID"),
                        ),
                        ("from_instant", models.DateTimeField()),
                        ("to_instant", models.DateTimeField()),
                        ("steps", models.JSONField(blank=True, default=list)),
                        (
                            "requested_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "db_table": "sim_clockadvance",
                        "ordering": ["-id"],
                        "constraints": [
                            models.CheckConstraint(
                                condition=models.Q(("to_instant__gte", models.F("from_instant"))),
                                name="clock_moves_forward",
                            )
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
