# Issue 17: the home-made queue is gone. An email a request sends is an outbox row written in the request's
# transaction (SIM-2), and beat's task relays the unrelayed rows; Celery is the only queue.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("certlink", "0001_pending_tasks"),
    ]

    operations = [
        migrations.DeleteModel(name="PendingTask"),
    ]
