# Issue 17: the outbox (OutboxMessage, OutboxRecipient) moves from sim to certlink's core, in the migration state only:
# renewals' RN-8 sweep and certlink's email backend write it, and neither may import sim. The tables keep sim's names
# (db_table), with their rows, indexes and constraints.

import django.core.serializers.json
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('certlink', '0004_advance_progress'),
        ('renewals', '0003_lean_indexes'),
        ('sim', '0010_clock_to_certlink'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='OutboxMessage',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('sent_at', models.DateTimeField(db_index=True)),
                        ('from_email', models.CharField(max_length=320)),
                        ('to', models.TextField(help_text='Comma-separated, as addressed')),
                        ('cc', models.TextField(blank=True)),
                        ('template', models.CharField(help_text='templates/emails/<template>/', max_length=100)),
                        ('context', models.JSONField(blank=True, default=dict, encoder=django.core.serializers.json.DjangoJSONEncoder)),
                        ('language', models.CharField(blank=True, default='', help_text='Rendered in it; empty: LANGUAGE_CODE', max_length=15)),
                        ('relayed', models.BooleanField(default=False)),
                        ('relay_error', models.TextField(blank=True)),
                        ('reminder', models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='email', to='renewals.renewalreminder')),
                    ],
                    options={
                        'db_table': 'sim_outboxmessage',
                        'ordering': ['-sent_at', '-id'],
                    },
                ),
                migrations.CreateModel(
                    name='OutboxRecipient',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('address', models.EmailField(max_length=320)),
                        ('field', models.CharField(choices=[('to', 'To'), ('cc', 'Cc'), ('bcc', 'Bcc')], default='to', max_length=3)),
                        ('message', models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='recipients', to='certlink.outboxmessage')),
                    ],
                    options={
                        'db_table': 'sim_outboxrecipient',
                    },
                ),
                migrations.AddIndex(
                    model_name='outboxmessage',
                    index=models.Index(condition=models.Q(('relayed', False)), fields=['id'], name='outbox_unrelayed'),
                ),
                migrations.AddIndex(
                    model_name='outboxrecipient',
                    index=models.Index(fields=['address'], name='outbox_recipient_address'),
                ),
                migrations.AddConstraint(
                    model_name='outboxrecipient',
                    constraint=models.UniqueConstraint(fields=('message', 'address', 'field'), name='outbox_recipient_once'),
                ),
            ],
            database_operations=[],
        ),
    ]
