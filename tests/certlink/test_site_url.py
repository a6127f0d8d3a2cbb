"""SITE_URL in production: emails link to the site people reach, by default https:// and the first allowed host."""

from __future__ import annotations

from tests.certlink.test_production_settings import DOCUMENTED, manage

PRINT = "from django.conf import settings; print(settings.SITE_URL)"


def test_production_links_emails_to_the_first_allowed_host_over_https() -> None:
    result = manage("shell", "--no-imports", "-c", PRINT, **DOCUMENTED)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "https://certlink.example"


def test_production_takes_site_url_from_the_environment_without_a_trailing_slash() -> None:
    result = manage(
        "shell", "--no-imports", "-c", PRINT, **{**DOCUMENTED, "SITE_URL": "https://learn.contoso.example/"}
    )
    assert result.stdout.strip() == "https://learn.contoso.example"


def test_production_needs_site_url_when_the_first_allowed_host_is_a_pattern() -> None:
    result = manage("check", **{**DOCUMENTED, "ALLOWED_HOSTS": ".contoso.example"})
    assert result.returncode != 0 and "needs SITE_URL" in result.stderr
