# PC-7: the record of links, unlinks and refusals is append-only in the database too (PostgreSQL; a no-op elsewhere).

from django.db import migrations

from certlink.appendonly import refuse_changes_trigger


class Migration(migrations.Migration):

    dependencies = [
        ('partners', '0003_credit_report_order'),
    ]

    operations = [
        refuse_changes_trigger("partners_linkevent"),
    ]
