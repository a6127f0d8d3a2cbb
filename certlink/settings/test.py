"""Tests: the database from DATABASE_URL (PostgreSQL in CI) or SQLite; Celery eager unless a test starts a worker."""

from .base import *  # noqa: F403
from .base import env, env_bool

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast; still a hash (ID-3)
# Eager in the test process; a worker that an integration test starts sets CELERY_TASK_ALWAYS_EAGER=0, so that what it
# sends (a sweep's chunks) goes through the broker too.
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", True)
# No relay from a developer's environment; an integration test gives its own worker one (tests/integration).
EMAIL_RELAY_URL = env("CERTLINK_TEST_EMAIL_RELAY_URL")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
LOGGING["root"]["level"] = "WARNING"  # noqa: F405
SIM_CLOCK_START = "2026-01-05T09:00:00+00:00"  # tests.conftest.START

# Static files straight from the apps and static/ (no collectstatic needed outside production).
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
