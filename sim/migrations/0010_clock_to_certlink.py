# Issue 17: Clock and ClockAdvance now belong to certlink (certlink 0003), in the migration state only: the tables
# sim_clock and sim_clockadvance stay, with their rows.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("sim", "0009_outbox_without_mail_merge"),
        ("certlink", "0003_clock_from_sim"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="ClockAdvance"),
                migrations.DeleteModel(name="Clock"),
            ],
            database_operations=[],
        ),
    ]
