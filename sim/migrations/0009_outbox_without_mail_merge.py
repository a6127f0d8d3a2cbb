"""The mail merge goes (issue 17): the letters, the values and the one address kept on a merged message, and the
rendered subject, text and HTML kept on every message (0008 moved them into the context). A partial index holds the
messages the SMTP relay still has to send."""

from django.db import migrations, models

from certlink.appendonly import RunSQLOnPostgreSQL


class Migration(migrations.Migration):
    dependencies = [
        ("sim", "0008_outbox_bodies_as_plain_emails"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="outboxmessage", name="outbox_merge_has_its_letter"),
        migrations.RemoveIndex(model_name="outboxmessage", name="outbox_sole_recipient"),
        migrations.RemoveField(model_name="outboxmessage", name="letter"),
        migrations.RemoveField(model_name="outboxmessage", name="merge"),
        migrations.RemoveField(model_name="outboxmessage", name="sole_recipient"),
        migrations.RemoveField(model_name="outboxmessage", name="subject"),
        migrations.RemoveField(model_name="outboxmessage", name="stored_body"),
        migrations.RemoveField(model_name="outboxmessage", name="stored_html"),
        migrations.DeleteModel(name="OutboxLetter"),
        # The letters' append-only trigger went with their table; its function stays behind unless dropped.
        RunSQLOnPostgreSQL(sql=["DROP FUNCTION IF EXISTS sim_outboxletter_append_only();"], reverse_sql=[]),
        migrations.AlterField(
            model_name="outboxmessage",
            name="template",
            field=models.CharField(help_text="templates/emails/<template>/", max_length=100),
        ),
        migrations.AddIndex(
            model_name="outboxmessage",
            index=models.Index(condition=models.Q(("relayed", False)), fields=["id"], name="outbox_unrelayed"),
        ),
    ]
