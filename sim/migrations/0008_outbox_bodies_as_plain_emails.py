"""Messages stored before 0007 kept their rendered subject, text and HTML (or, for a mail merge's message, its letter
and its values): each becomes an email of the generic template (certlink.emails.PLAIN) whose context is that
subject, text and HTML, so it reads as it did. A mail merge's message also gets the recipient row it went without
(its `sole_recipient`), so that the outbox finds it by address as it finds every other message."""

from django.db import migrations
from django.db.models import F
from django.db.models.functions import JSONObject
from django.utils.html import escape

PLAIN = "plain"
CHUNK = 2000


def forwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    message = apps.get_model("sim", "OutboxMessage")
    recipient = apps.get_model("sim", "OutboxRecipient")
    letter = apps.get_model("sim", "OutboxLetter")
    # Stored whole: one statement.
    message.objects.filter(letter__isnull=True).update(
        template=PLAIN, context=JSONObject(subject=F("subject"), body=F("stored_body"), html=F("stored_html"))
    )
    # A mail merge's: its letter filled in with its values, escaped as they were when it was read.
    letters = {row.pk: (row.body, row.html) for row in letter.objects.all()}
    merged = message.objects.filter(letter__isnull=False).order_by("pk")
    last = 0
    while chunk := list(merged.filter(pk__gt=last).only("pk", "subject", "letter_id", "merge", "sole_recipient")[:CHUNK]):
        for row in chunk:
            body, html = letters[row.letter_id]
            for placeholder, value in (row.merge or {}).items():
                body = body.replace(placeholder, escape(str(value)))
                html = html.replace(placeholder, escape(str(value)))
            row.template, row.context = PLAIN, {"subject": row.subject, "body": body, "html": html}
        message.objects.bulk_update(chunk, ["template", "context"])
        recipient.objects.bulk_create(
            [recipient(message_id=row.pk, address=row.sole_recipient, field="to") for row in chunk if row.sole_recipient],
            ignore_conflicts=True,
        )
        last = chunk[-1].pk


class Migration(migrations.Migration):
    dependencies = [
        ("sim", "0007_outbox_template_and_context"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
