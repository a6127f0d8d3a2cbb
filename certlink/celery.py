"""The one Celery app. Broker from CELERY_BROKER_URL / REDIS_URL; eager when none is set."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "certlink.settings.local")

app = Celery("certlink")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
