# Issue 17 (SIM-1): an advance commits moment by moment and records how far it got; one advance at a time; each piece
# of due work records the instant it has run to. Advances recorded before this finished in one transaction: they are
# marked finished, having reached their target.

from django.db import migrations, models


def finish_earlier_advances(apps, schema_editor):  # type: ignore[no-untyped-def]
    ClockAdvance = apps.get_model("certlink", "ClockAdvance")
    ClockAdvance.objects.update(reached=models.F("to_instant"), finished=True)


class Migration(migrations.Migration):
    dependencies = [
        ("certlink", "0003_clock_from_sim"),
        ("sim", "0010_clock_to_certlink"),
    ]

    operations = [
        migrations.AddField("clockadvance", "reached", models.DateTimeField(blank=True, null=True)),
        migrations.AddField("clockadvance", "moments", models.PositiveIntegerField(default=0)),
        migrations.AddField("clockadvance", "finished", models.BooleanField(default=True)),
        migrations.AddField("clockadvance", "started_at", models.DateTimeField(blank=True, null=True)),
        migrations.AddField("clockadvance", "heartbeat_at", models.DateTimeField(blank=True, null=True)),
        migrations.AddField("clockadvance", "finished_at", models.DateTimeField(blank=True, null=True)),
        migrations.AddField("clockadvance", "runner", models.CharField(blank=True, max_length=32)),
        migrations.AddField("clockadvance", "error", models.TextField(blank=True)),
        migrations.RunPython(finish_earlier_advances, migrations.RunPython.noop),
        migrations.AlterField("clockadvance", "finished", models.BooleanField(default=False)),
        migrations.AddConstraint(
            "clockadvance",
            models.UniqueConstraint(
                condition=models.Q(("finished", False)), fields=("finished",), name="one_unfinished_advance"
            ),
        ),
        migrations.CreateModel(
            name="DueWorkProgress",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("name", models.CharField(max_length=64, unique=True)),
                ("ran_to", models.DateTimeField()),
            ],
        ),
    ]
