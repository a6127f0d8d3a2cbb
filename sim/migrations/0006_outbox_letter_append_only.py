"""A mail merge's letter is append-only, and its messages' reference to it is checked once per statement by a trigger
in place of the per-row FOREIGN KEY constraint (sim.models.OutboxMessage.letter)."""

import django.db.models.deletion
from django.db import migrations, models

from certlink.appendonly import references_append_only_trigger, refuse_changes_trigger


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
