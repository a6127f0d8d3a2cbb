"""Production, and every server of the full stack (`make web`, `worker`, `beat`, `stack`, docker compose): every
secret from the environment, none defaulted; DEBUG off unless DEBUG is set; HTTPS behind a proxy that terminates TLS.

Required: SECRET_KEY, DATABASE_URL, ALLOWED_HOSTS, REDIS_URL. Optional: EMAIL_RELAY_URL, CSRF_TRUSTED_ORIGINS,
SITE_URL (where emails' links point; by default https:// and the first of ALLOWED_HOSTS), CERTLINK_TLS=0 (plain
http on your own machine: no HTTPS redirect, no HSTS, cookies without the Secure flag; DEBUG stays off).
"""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env, env_bool, env_list


def required(name: str) -> str:
    value = env(name)
    if not value:
        raise ImproperlyConfigured(f"certlink.settings.production needs {name} in the environment.")
    return value


DEBUG = env_bool("DEBUG", False)
# Off only for the full stack on one's own machine over http://127.0.0.1 (README): a browser sends no Secure cookie
# over http, so nobody could sign in. `check --deploy` says so when it is off.
TLS = env_bool("CERTLINK_TLS", True)
SECRET_KEY = required("SECRET_KEY")
if "insecure" in SECRET_KEY or len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("SECRET_KEY must be a random value of at least 50 characters.")
required("DATABASE_URL")
REDIS_URL = required("REDIS_URL")
CELERY_BROKER_URL = env("CELERY_BROKER_URL", REDIS_URL)
CELERY_TASK_ALWAYS_EAGER = False
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [])
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("certlink.settings.production needs ALLOWED_HOSTS in the environment.")
# Emails link to the site people reach, never to the embedded default: SITE_URL, or the first allowed host over
# HTTPS (http with CERTLINK_TLS=0) when it names one host (not ".example.com" or "*").
_HOST = ALLOWED_HOSTS[0]
_SCHEME = "https" if TLS else "http"
SITE_URL = (env("SITE_URL") or ("" if _HOST.startswith(".") or "*" in _HOST else f"{_SCHEME}://{_HOST}")).rstrip("/")
if not SITE_URL:
    raise ImproperlyConfigured("certlink.settings.production needs SITE_URL when ALLOWED_HOSTS starts with a pattern.")
DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ.get("CONN_MAX_AGE", "60"))  # noqa: F405

# HTTPS only, behind a proxy that terminates TLS; the other security headers and cookie flags are in base.
if TLS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", TLS)
SESSION_COOKIE_SECURE = TLS
CSRF_COOKIE_SECURE = TLS
SECURE_HSTS_SECONDS = int(env("SECURE_HSTS_SECONDS", "31536000") or 31536000) if TLS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = TLS
SECURE_HSTS_PRELOAD = TLS
# With DEBUG off, WhiteNoise serves what `collectstatic` gathered here (`make web` and `stack` run it; so does the
# image's build).
STATIC_ROOT = env("STATIC_ROOT", str(BASE_DIR / "staticfiles"))  # noqa: F405
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
