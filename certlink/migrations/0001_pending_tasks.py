# certlink.queue: tasks recorded in the transaction that asks for them (a transactional outbox).

import django.core.serializers.json
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
    ]

    operations = [
        migrations.CreateModel(
            name='PendingTask',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('task', models.CharField(help_text="The Celery task's name.", max_length=200)),
                ('args', models.JSONField(blank=True, default=list, encoder=django.core.serializers.json.DjangoJSONEncoder)),
                ('kwargs', models.JSONField(blank=True, default=dict, encoder=django.core.serializers.json.DjangoJSONEncoder)),
                ('created_at', models.DateTimeField()),
                ('published_at', models.DateTimeField(blank=True, help_text='When the broker last took it; empty while the broker could not be reached.', null=True)),
                ('attempts', models.PositiveIntegerField(default=0, help_text='How many times it was handed to the broker.')),
            ],
            options={
                'ordering': ['id'],
                'indexes': [models.Index(fields=['published_at', 'id'], name='pending_task_to_relay')],
            },
        ),
    ]
