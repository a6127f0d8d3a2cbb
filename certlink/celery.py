"""The one Celery app. Broker from CELERY_BROKER_URL / REDIS_URL; eager when none is set.

A worker or beat started on its own runs the production settings unless DJANGO_SETTINGS_MODULE says otherwise; the
embedded simulator (`make run`) runs its tasks eagerly inside manage.py, which chose certlink.settings.local."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "certlink.settings.production")

app = Celery("certlink")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
