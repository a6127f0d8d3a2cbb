"""Settings shared by every environment; everything that differs comes from the environment (12-factor).

With no environment set, certlink runs embedded: SQLite, Celery eager, emails kept in the outbox only.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path
from typing import Any, overload

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent.parent


@overload
def env(name: str) -> str | None: ...
@overload
def env(name: str, default: str) -> str: ...
def env(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(name)
    return value if value not in (None, "") else default


def env_bool(name: str, default: bool) -> bool:
    value = env(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: list[str]) -> list[str]:
    value = env(name)
    return [item.strip() for item in value.split(",") if item.strip()] if value else default


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env("SECRET_KEY", "certlink-embedded-insecure-key-do-not-use-in-production")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
CSRF_FAILURE_VIEW = "certlink.views.csrf_failure"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.humanize",  # intcomma: figures people read, grouped as the active language groups them
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "axes",  # ID-3: sign-in lockout (profiles.services.lockout)
    "django_htmx",  # SIM-5: a job's page polls its progress in place (htmx, served from static/vendor/htmx)
    "django_celery_results",  # SIM-5: jobs' state and progress in the database when there is no Redis
    "django_tables2",  # the skills report's grid (partners.tables)
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "certlink",
    "profiles",
    "renewals",
    "partners",
    "sim",
]

MIDDLEWARE = [
    # The security headers first, above WhiteNoise, so that static files carry them too.
    "django.middleware.security.SecurityMiddleware",
    "certlink.middleware.SecurityHeadersMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Above the session and the signed-in user, which read and write the database: a lost database is a 503.
    "certlink.dbfaults.DatabaseUnavailableMiddleware",
    "certlink.middleware.ClockReadingMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # PR-1: the language of the request (the language cookie, else Accept-Language), then the signed-in person's own.
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "certlink.language.AccountLanguageMiddleware",
    # An account with a one-time password opens no page but the password change and sign-out (ID-1).
    "certlink.password_gate.PasswordChangeRequiredMiddleware",
    "certlink.middleware.RefusalMiddleware",
]

ROOT_URLCONF = "certlink.urls"
WSGI_APPLICATION = "certlink.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "certlink.context_processors.simulation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'certlink.sqlite3'}"),
        conn_max_age=int(env("CONN_MAX_AGE", "0") or 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several requests (and a worker) may write at once; wait for the lock rather than fail at once.
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and env("DATABASE_CLIENT_CHECK_MS") != "0":
    # PostgreSQL 14+ (0 turns it off): the server backend of a process that died (a worker killed mid-task) stops
    # within this many ms, rolling back and releasing its row locks, even in a long statement or a lock wait; without
    # it, it runs on until it next answers the dead client, and a redelivered task skips the rows it still locks.
    options = DATABASES["default"].setdefault("OPTIONS", {})
    check = f"-c client_connection_check_interval={env('DATABASE_CLIENT_CHECK_MS', '5000')}"
    options["options"] = f"{options.get('options', '')} {check}".strip()
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "profiles.Account"
# axes' backend first: whatever signs in through Django's authenticate() is refused while locked out (ID-3); certlink's
# own doors check the lockout themselves (profiles.services.lockout), with the same handler and the same counts.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "profiles.backends.AccountBackend"]
LOGIN_URL = "signin"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "signin"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
SILENCED_SYSTEM_CHECKS = [
    # The sign-in name is (email, kind), not email alone (ID-2): a unique constraint on the pair in
    # profiles.Account holds it, and profiles.backends.AccountBackend signs in by the pair.
    "auth.W004",
    # axes' middleware only swaps a flagged response for axes' own; certlink's doors answer a lockout themselves, with
    # the refusal signin_locked, the same on pages and in the API (profiles.services.lockout).
    "axes.W002",
]

LANGUAGE_CODE = "en-gb"
# PR-1: English, and the languages of Microsoft's pages the seeds come from. A person's language follows their choice
# (the switcher: their account, or their session before they sign in), else their browser's Accept-Language
# (certlink.language); the API follows Accept-Language. Each name is written in its own language.
LANGUAGES = [("en-gb", "English"), ("ja", "日本語"), ("zh-hant", "繁體中文")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True
# One way of writing dates per language on every page and in every email (certlink/formats/); ISO 8601 in the API.
FORMAT_MODULE_PATH = ["certlink.formats"]

STATIC_URL = "static/"
STATIC_ROOT: Path | str | None = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# --- Security headers on every response, in every environment (production adds HTTPS: HSTS, secure cookies).
# No page has an inline script, style or event handler (tests/certlink/test_security_headers.py scans templates/),
# so the policy allows none; /api/docs/ loads its init script from /api/docs/?script. In Django 6's SECURE_CSP
# shape; certlink.middleware.SecurityHeadersMiddleware sends it on 5.2.
SECURE_CSP = {
    "default-src": ["'self'"],  # frames too: the outbox shows an email in a sandboxed iframe of its own URL
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],  # Swagger UI's icons are data: URLs in its stylesheet
    "frame-ancestors": ["'none'"],
    "form-action": ["'self'"],
    "base-uri": ["'self'"],
    "object-src": ["'none'"],
}
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=()"
)
# The outbox's email body (sim.views.outbox_message_html), in a sandboxed iframe of the message page: emails are
# styled inline, as mail clients need; the document may run no script and only certlink's own pages may frame it.
SECURE_CSP_EMAIL = {
    "default-src": ["'none'"],
    "style-src": ["'unsafe-inline'"],
    "img-src": ["'self'", "data:"],
    "frame-ancestors": ["'self'"],
    "form-action": ["'none'"],
    "base-uri": ["'none'"],
    "sandbox": [],
}
# A chart (certlink.charts.svg_response): pygal's SVG, shown on its page with <img>, is styled by its own <style>
# element; it may run no script, fetch nothing and be framed by no page. Opened on its own, it is sandboxed.
SECURE_CSP_CHART = {
    "default-src": ["'none'"],
    "style-src": ["'unsafe-inline'"],
    "frame-ancestors": ["'none'"],
    "form-action": ["'none'"],
    "base-uri": ["'none'"],
    "sandbox": [],
}
SECURE_CROSS_ORIGIN_RESOURCE_POLICY = "same-origin"  # no other site may embed our scripts or pages (XSSI)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"  # Lax, not Strict: a link in an email still lands signed in
CSRF_COOKIE_HTTPONLY = True  # no script reads it: forms carry the token, and the API docs get it rendered
CSRF_COOKIE_SAMESITE = "Lax"

# --- Email: every message is kept in the outbox (SIM-2); EMAIL_RELAY_URL also relays it to SMTP.
EMAIL_BACKEND = "certlink.mail.OutboxBackend"
EMAIL_RELAY_URL = env("EMAIL_RELAY_URL")  # smtp://user:password@host:port (?tls=1 or ?ssl=1)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Microsoft Learn (certlink) <no-reply@certlink.example>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Celery: eager (in-process) unless a broker is configured.
REDIS_URL = env("REDIS_URL")
CELERY_BROKER_URL = env("CELERY_BROKER_URL") or REDIS_URL
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", CELERY_BROKER_URL is None)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_DEFAULT_QUEUE = env("CELERY_TASK_DEFAULT_QUEUE", "certlink")
CELERY_TASK_ACKS_LATE = True  # at-least-once: a task whose worker dies is delivered again
CELERY_TASK_REJECT_ON_WORKER_LOST = True  # a pool process killed mid-task: its message goes back to the queue
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_IGNORE_RESULT = True  # but for the clock's range tasks, whose group the engine waits for (below)
# With a real worker (a broker, not eager), an advance sends each moment's reminders and propagation to the workers as
# a group of tasks over id ranges and waits for its results before committing the moment (certlink.clock): results go
# to Redis too. A background job (SIM-5: a scenario load, the reset, a population; sim.jobs) is its Celery task, whose
# state and result the backend keeps: Redis in the full stack, the database (django-celery-results) without Redis, as
# in the embedded default, where jobs run eagerly and store their result all the same (store_eager_result).
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND") or REDIS_URL or "django-db"
CELERY_RESULT_EXPIRES = 3600  # a job's page and API answer for an hour after it ends (then 404, job_unknown)
# Eager tasks store their results too, as a worker's do; only tasks that keep results (ignore_result=False: the jobs,
# and the clock's range tasks, which never run eagerly) write any.
CELERY_TASK_STORE_EAGER_RESULT = True
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Redis has no acknowledgements of its own: a message a worker took and never acknowledged (the whole worker was
# killed) goes back to its queue once it has been out CELERY_VISIBILITY_TIMEOUT seconds (a worker restores it at
# start and then every 100 s). Longer than any task runs, since a task still running then is delivered again
# (harmless, every task is idempotent, but wasted work): the sweeps are chunked into tasks of seconds. Sockets time
# out instead of hanging when the broker disappears without closing them.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": int(env("CELERY_VISIBILITY_TIMEOUT", "1800") or 1800),
    "socket_connect_timeout": 2,
    "socket_timeout": 10,
}
# SIM-2: an email is an outbox row written in its sender's transaction; with EMAIL_RELAY_URL set, beat relays the
# unrelayed rows every EMAIL_RELAY_SECONDS (certlink.mail.outbox_relay), and retries those that failed.
EMAIL_RELAY_SECONDS = float(env("EMAIL_RELAY_SECONDS", "30") or 30)
CELERY_BEAT_SCHEDULE = {
    "clock-tick": {"task": "sim.tasks.clock_tick", "schedule": float(env("CLOCK_TICK_SECONDS", "60") or 60)},
    "outbox-relay": {
        "task": "certlink.tasks.outbox_relay",
        "schedule": EMAIL_RELAY_SECONDS,
        "options": {"expires": EMAIL_RELAY_SECONDS},  # with no worker for a while, relays do not pile up
    },
}

# --- REST API
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first: an unauthenticated request then gets 401 with WWW-Authenticate, not 403.
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    # PasswordChosen: an account with a one-time password is refused everything but changing it (ID-1).
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.IsAuthenticated",
        "certlink.password_gate.PasswordChosen",
    ],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    # JSON within a size (DATA_UPLOAD_MAX_MEMORY_SIZE: a 413) and a depth (API_JSON_MAX_DEPTH: a 400), issue 16.
    "DEFAULT_PARSER_CLASSES": ["certlink.api.parsers.LimitedJSONParser"],
    "DEFAULT_SCHEMA_CLASS": "certlink.api.schema.AutoSchema",
    "EXCEPTION_HANDLER": "certlink.api.errors.exception_handler",
    "DEFAULT_PAGINATION_CLASS": "certlink.api.pagination.StrictLimitOffsetPagination",
    "PAGE_SIZE": 50,
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
API_JSON_MAX_DEPTH = int(env("API_JSON_MAX_DEPTH", "32") or 32)  # arrays and objects nested in an API body
SPECTACULAR_SETTINGS = {
    "TITLE": "certlink API",
    "DESCRIPTION": "The simulator's REST API. Every refusal has the shape {code, message, details}.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    # Two choice sets are both called "kind": name their enums after their models.
    "ENUM_NAME_OVERRIDES": {
        "AccountKindEnum": "profiles.models.Account.Kind",
        "SupportRequestKindEnum": "profiles.models.SupportRequest.Kind",
        "JobStateEnum": "sim.jobs.JOB_STATES",
        "SupportRequestStateEnum": "profiles.models.SupportRequest.State",
    },
}

# --- Logging: to the console, one line an event.
LOGGING: dict[str, Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# --- The simulation (RULES.md parameters; every one can be set from the environment).
SIM_CLOCK_START = env("SIM_CLOCK_START", "2026-01-05T09:00:00+00:00")
CLOCK_MAX_ADVANCE = env("CLOCK_MAX_ADVANCE", "10y") or "10y"  # SIM-1: the most one advance moves the clock
# SIM-1/SIM-5, in real time (infrastructure, like lockout): an unfinished advance whose last committed moment is older
# than this is taken for stopped (its process died) and may be resumed; one that beat more recently is running.
CLOCK_ADVANCE_STALE_SECONDS = int(env("CLOCK_ADVANCE_STALE_SECONDS", "300") or 300)
# How long the engine waits for the workers sharing a moment's fan-out (certlink.clock) before the advance stops.
CLOCK_FAN_OUT_TIMEOUT = int(env("CLOCK_FAN_OUT_TIMEOUT", "1800") or 1800)
# How often a moment looks whether its ranges are done (Celery's `interval` of GroupResult.get). Celery's default,
# half a second, is slept out in full each moment when the Redis result consumer's pub/sub does not wake it (the
# engine waits inside a worker): a year's 366 moments then spent three minutes waiting. Each look is one read of the
# group's result keys.
CLOCK_FAN_OUT_POLL = float(env("CLOCK_FAN_OUT_POLL", "0.05") or 0.05)
# ID-3: sign-in lockout, by django-axes, in real (machine) time: it protects accounts and is not simulated, so
# advancing the clock never unlocks, and a lock always ends. An address locks after SIGNIN_MAX_FAILURES failures; a
# client (an IP address) after SIGNIN_CLIENT_MAX_FAILURES, more, because many people may share one address (a
# classroom, an office behind one NAT) while one password tried against many addresses must still be stopped.
SIGNIN_MAX_FAILURES = int(env("SIGNIN_MAX_FAILURES", "5") or 5)
SIGNIN_CLIENT_MAX_FAILURES = int(env("SIGNIN_CLIENT_MAX_FAILURES", "30") or 30)
SIGNIN_LOCKOUT = timedelta(minutes=float(env("SIGNIN_LOCKOUT_MINUTES", "15") or 15))  # real minutes
AXES_HANDLER = "profiles.services.lockout.SignInLockoutHandler"  # axes' database handler: shared by every worker
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]  # each on its own, never the pair: see SignInLockoutHandler
AXES_FAILURE_LIMIT = SIGNIN_MAX_FAILURES  # the address's; the client's limit is the handler's
AXES_COOLOFF_TIME = SIGNIN_LOCKOUT
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "profiles.services.lockout.lockout_username"  # the address, lower-cased
AXES_RESET_ON_SUCCESS = False  # a success clears its address's failures only, never its client's (lockout.py)
# Attempts refused while locked do not restart the cool-off: a lock ends SIGNIN_LOCKOUT after the failure that locked.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_DISABLE_ACCESS_LOG = True  # no row per sign-in: the audit log keeps what certlink needs
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "csrfmiddlewaretoken"]  # masked in axes' logs and rows
# The client is the peer, or behind this many proxies (e.g. 1 behind a TLS terminator) the one X-Forwarded-For names.
SIGNIN_TRUSTED_PROXIES = int(env("SIGNIN_TRUSTED_PROXIES", "0") or 0)
AXES_CLIENT_IP_CALLABLE = "profiles.services.lockout.client_ip"
STAFF_TENANT_NAME = "certlink staff"
STAFF_DOMAIN = env("STAFF_DOMAIN", "certlink.example")
# Where the links in emails point (the embedded server by default); no trailing slash, paths follow it.
SITE_URL = (env("SITE_URL", "http://127.0.0.1:8000") or "").rstrip("/")
LEARN_MAX_PERSONAL_ACCOUNTS = int(env("LEARN_MAX_PERSONAL_ACCOUNTS", "1") or 1)  # LP-2
LEARN_MAX_WORK_ACCOUNTS = int(env("LEARN_MAX_WORK_ACCOUNTS", "5") or 5)  # LP-2
CERTIPORT_CUTOFF = env("CERTIPORT_CUTOFF", "2023-06-01")  # CP-6
NAME_CHANGE_HOURS = int(env("NAME_CHANGE_HOURS", "48") or 48)  # CP-7
CERT_VALIDITY_MONTHS = int(env("CERT_VALIDITY_MONTHS", "12") or 12)  # CE-3: one year ...
CERT_LONG_VALIDITY_MONTHS = int(env("CERT_LONG_VALIDITY_MONTHS", "24") or 24)  # ... two years if earned before
CERT_LONG_VALIDITY_BEFORE = env("CERT_LONG_VALIDITY_BEFORE", "2021-06-01")
RENEWAL_WINDOW_DAYS = int(env("RENEWAL_WINDOW_DAYS", "180") or 180)  # RN-2
RENEWAL_ASSESSMENT_DELAY_DAYS = int(env("RENEWAL_ASSESSMENT_DELAY_DAYS", "182") or 182)  # RN-1
RENEWAL_FREE_RETAKES = int(env("RENEWAL_FREE_RETAKES", "1") or 1)  # RN-6
RENEWAL_RETAKE_WAIT = timedelta(hours=int(env("RENEWAL_RETAKE_WAIT_HOURS", "24") or 24))  # RN-6
RENEWAL_PASS_PERCENT = int(env("RENEWAL_PASS_PERCENT", "60") or 60)  # RN-7
RENEWAL_REMINDER_DAYS = [int(d) for d in env_list("RENEWAL_REMINDER_DAYS", ["90", "60", "30", "7"])]  # RN-8
REMINDER_SWEEP_CHUNK = int(env("REMINDER_SWEEP_CHUNK", "50000") or 50000)  # held ids per claim statement (RN-8)
REMINDER_SEND_BATCH = int(env("REMINDER_SEND_BATCH", "5000") or 5000)  # reminders whose emails one statement stores
CREDIT_PROPAGATION_DAYS = int(env("CREDIT_PROPAGATION_DAYS", "10") or 10)  # PC-9
ASSOCIATIONS_PER_YEAR = int(env("ASSOCIATIONS_PER_YEAR", "3") or 3)  # PC-8
ASSOCIATION_COOLOFF_DAYS = int(env("ASSOCIATION_COOLOFF_DAYS", "30") or 30)  # PC-8
SKILLS_REFRESH_DAY = int(env("SKILLS_REFRESH_DAY", "10") or 10)  # PC-10
