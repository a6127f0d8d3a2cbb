# Issue 17: the outbox now belongs to certlink (certlink 0005), in the migration state only: the tables stay.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('sim', '0010_clock_to_certlink'),
        ('certlink', '0005_outbox_from_sim'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name='outboxrecipient',
                    name='message',
                ),
                migrations.DeleteModel(
                    name='OutboxMessage',
                ),
                migrations.DeleteModel(
                    name='OutboxRecipient',
                ),
            ],
            database_operations=[],
        ),
    ]
