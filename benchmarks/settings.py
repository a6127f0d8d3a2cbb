"""The bench server's settings: certlink's own, plus the bare view's urls (benchmarks.urls), with persistent
database connections as in production. Used only by the benchmark runner and the gunicorn it starts."""

from certlink.settings.base import *  # noqa: F403
from certlink.settings.base import DATABASES, LOGGING, env_bool

ROOT_URLCONF = "benchmarks.urls"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
DATABASES["default"]["CONN_MAX_AGE"] = 60
# Eager in the runner; the Celery workers the clock advance starts (benchmarks.advance) say 0.
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", True)
EMAIL_RELAY_URL = None
LOGGING["root"]["level"] = "WARNING"
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
