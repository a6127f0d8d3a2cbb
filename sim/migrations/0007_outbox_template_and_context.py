"""The outbox keeps what was sent as data (issue 17): each message gains its context (the values its template is
rendered with), its language and a real, unique foreign key to the RN-8 reminder it is; the trigger that stood in for
the foreign key to a mail merge's letter goes (the letters go in 0009, once 0008 has turned them into messages)."""

import importlib

import django.core.serializers.json
import django.db.models.deletion
from django.db import migrations, models

from certlink.appendonly import RunSQLOnPostgreSQL

_letters = importlib.import_module("sim.migrations.0006_outbox_letter_append_only")
_trigger = _letters.references_append_only_trigger("sim_outboxmessage", "letter_id", "sim_outboxletter")


class Migration(migrations.Migration):
    dependencies = [
        ("renewals", "0003_lean_indexes"),
        ("sim", "0006_outbox_letter_append_only"),
    ]

    operations = [
        RunSQLOnPostgreSQL(sql=_trigger.reverse_sql, reverse_sql=_trigger.sql),
        migrations.AddField(
            model_name="outboxmessage",
            name="context",
            field=models.JSONField(
                blank=True, default=dict, encoder=django.core.serializers.json.DjangoJSONEncoder
            ),
        ),
        migrations.AddField(
            model_name="outboxmessage",
            name="language",
            field=models.CharField(
                blank=True, default="", help_text="Rendered in it; empty: LANGUAGE_CODE", max_length=15
            ),
        ),
        migrations.AddField(
            model_name="outboxmessage",
            name="reminder",
            field=models.OneToOneField(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="email",
                to="renewals.renewalreminder",
            ),
        ),
    ]
