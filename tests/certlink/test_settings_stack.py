"""The full stack runs the production settings (issue 16, finding 3): `make web`, `worker`, `beat` and `stack`, and
docker compose, with DEBUG off, so a 404 lists no URL pattern and a 500 shows no setting. Only `make run` (the
embedded simulator) is development.

Each check reads the command `make -n` would run and starts what it names in a subprocess, with the environment the
README tells a newcomer to export for the full stack on local services."""

from __future__ import annotations

import json
import os
import re
import secrets
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = "certlink.settings.production"

# README, "The full stack", without Docker (a database of the test's own stands in for PostgreSQL).
README_EXPORTS = {
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/certlink",
    "REDIS_URL": "redis://127.0.0.1:6379/15",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "127.0.0.1,localhost",
    "CERTLINK_TLS": "0",
}
# Only the variables a fresh shell has: none of the test run's own settings.
SHELL = {k: v for k, v in os.environ.items() if k in {"PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "USER"}}

# What gunicorn (and Celery) load; then, as a browser on 127.0.0.1 would, a page that does not exist and the
# stylesheet every page links to.
PROBE = """
import json, sys
from django.conf import settings
from django.templatetags.static import static
from django.test import Client
if sys.argv[1] == "wsgi":
    import certlink.wsgi
else:
    from certlink.celery import app
    import django
    django.setup()
client = Client(headers={"host": "127.0.0.1:8000"})
response = client.get("/no-such-page/")
print(json.dumps({
    "module": settings.SETTINGS_MODULE,
    "debug": settings.DEBUG,
    "status": response.status_code,
    "body": response.content.decode(),
    "stylesheet": client.get(static("certlink.css")).status_code,
}))
"""


@pytest.fixture(scope="module", name="exported")
def the_readme_exports_with_the_static_files_collected(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """As `make stack` does first: collect the static files (into STATIC_ROOT, a directory of the test's own) and
    migrate the database (a SQLite file of the test's own)."""
    here = tmp_path_factory.mktemp("stack")
    exported = {
        **SHELL,
        **README_EXPORTS,
        "STATIC_ROOT": str(here / "static"),
        "DATABASE_URL": f"sqlite:///{here / 'certlink.sqlite3'}",
    }
    run_line(command_of("stack", "collectstatic"), exported)
    run_line(command_of("stack", "migrate"), exported)
    return exported


def run_line(line: str, env: dict[str, str]) -> str:
    result = subprocess.run(["sh", "-c", line], cwd=ROOT, capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


def make_dry_run(target: str) -> list[str]:
    result = subprocess.run(
        ["make", "-n", target], cwd=ROOT, capture_output=True, text=True, env={**SHELL, **README_EXPORTS}, timeout=60
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()


def command_of(target: str, program: str) -> str:
    """The line of `make -n target` that starts `program` (gunicorn, celery, runserver)."""
    lines = [line.strip(" \\&") for line in make_dry_run(target) if program in line]
    assert lines, f"make {target} runs no {program}"
    return lines[-1]


def started_as(target: str, program: str, kind: str, env: dict[str, str]) -> dict:
    """What `make target`'s `program` line loads, probed in a subprocess with that line's own assignments."""
    assignments = command_of(target, program).split(".venv/bin/", 1)[0]
    output = run_line(f"{assignments} {shlex.quote(sys.executable)} -c {shlex.quote(PROBE)} {kind}", env)
    return json.loads(output.strip().splitlines()[-1])


@pytest.mark.parametrize("target", ["web", "stack"])
def test_make_web_and_stack_serve_the_production_settings_with_debug_off(target: str, exported: dict) -> None:
    started = started_as(target, "gunicorn", "wsgi", exported)
    assert started["module"] == PRODUCTION
    assert started["debug"] is False


def test_make_webs_404_page_lists_no_url_pattern(exported: dict) -> None:
    started = started_as("web", "gunicorn", "wsgi", exported)
    assert started["status"] == 404
    body = started["body"]
    # Django's debug 404 says "Using the URLconf defined in certlink.urls" and lists each pattern with its name.
    assert "URLconf" not in body
    assert "[name=" not in body and "auth/token/" not in body


def test_make_webs_static_files_are_served_with_debug_off(exported: dict) -> None:
    assert started_as("web", "gunicorn", "wsgi", exported)["stylesheet"] == 200


@pytest.mark.parametrize("target", ["worker", "beat"])
def test_make_worker_and_beat_run_the_production_settings(target: str, exported: dict) -> None:
    started = started_as(target, "celery", "celery", exported)
    assert started["module"] == PRODUCTION and started["debug"] is False


def test_only_make_run_uses_the_development_settings() -> None:
    assert "DJANGO_SETTINGS_MODULE=certlink.settings.local" in command_of("run", "runserver")
    for target, program in [("web", "gunicorn"), ("worker", "celery"), ("beat", "celery"), ("stack", "gunicorn")]:
        assert f"DJANGO_SETTINGS_MODULE={PRODUCTION}" in command_of(target, program), target


def test_make_web_collects_the_static_files_that_whitenoise_serves_with_debug_off() -> None:
    lines = make_dry_run("web")
    collect = [n for n, line in enumerate(lines) if "collectstatic" in line and PRODUCTION in line]
    serve = [n for n, line in enumerate(lines) if "gunicorn" in line]
    assert collect and serve and collect[0] < serve[0]


def test_compose_runs_every_certlink_role_with_the_production_settings() -> None:
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    for role in ("web", "worker", "beat"):
        environment = compose["services"][role]["environment"]
        assert environment["DJANGO_SETTINGS_MODULE"] == PRODUCTION, role
        assert str(environment.get("DEBUG", "0")) in {"0", "false", "False"}, role
        assert not re.search(r"\$\{SECRET_KEY:-", environment["SECRET_KEY"]), "no default secret key"
        for name in ("DATABASE_URL", "REDIS_URL", "ALLOWED_HOSTS"):
            assert environment[name], (role, name)


def test_the_image_defaults_to_the_production_settings() -> None:
    assert f"DJANGO_SETTINGS_MODULE={PRODUCTION}" in (ROOT / "Dockerfile").read_text()


def production_settings(**env: str) -> dict:
    names = ["DEBUG", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS"]
    code = (
        "import json, django; from django.conf import settings; django.setup(); "
        f"print(json.dumps({{n: getattr(settings, n) for n in {[*names, 'SITE_URL']!r}}}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**SHELL, "DJANGO_SETTINGS_MODULE": PRODUCTION, **env},
        timeout=60,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_over_plain_http_cookies_are_not_secure_and_debug_stays_off() -> None:
    local = production_settings(**README_EXPORTS)
    assert local == {
        "DEBUG": False,
        "SESSION_COOKIE_SECURE": False,
        "CSRF_COOKIE_SECURE": False,
        "SECURE_SSL_REDIRECT": False,
        "SECURE_HSTS_SECONDS": 0,
        "SITE_URL": "http://127.0.0.1",
    }


def test_behind_tls_by_default_cookies_are_secure_and_hsts_is_on() -> None:
    deployed = production_settings(**{k: v for k, v in README_EXPORTS.items() if k != "CERTLINK_TLS"})
    assert deployed["DEBUG"] is False and deployed["SESSION_COOKIE_SECURE"] and deployed["CSRF_COOKIE_SECURE"]
    assert deployed["SECURE_SSL_REDIRECT"] and deployed["SECURE_HSTS_SECONDS"] >= 31536000
