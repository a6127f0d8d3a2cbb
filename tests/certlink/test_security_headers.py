"""Security headers: a Content-Security-Policy with no inline script or style on every response (pages, API, docs,
static files), the other browser protections beside it, and HTTPS-only cookies and HSTS in production."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from rest_framework.authtoken.models import Token

from certlink import clock
from certlink.emails import send
from certlink.models import OutboxMessage
from partners.services.organizations import organization_create
from profiles.models import Account
from tests.certlink.test_production_settings import DOCUMENTED, manage
from tests.factories import PASSWORD

ROOT = Path(__file__).resolve().parents[2]
POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; frame-ancestors 'none'; "
    "form-action 'self'; base-uri 'self'; object-src 'none'"
)
HEADERS = {
    "Content-Security-Policy": POLICY,
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
}
LEARNER_PAGES = [
    "/",
    "/account/",
    "/account/password/",
    "/learn/",
    "/learn/settings/",
    "/learn/credentials/",
    "/learn/transcript/",
    "/learn/doctor/",
    "/certification/",
    "/certification/support/",
    "/outbox/",
    "/nowhere/",
]
OPERATOR_PAGES = ["/sim/", "/sim/scenarios/", "/sim/exams/", "/sim/partners/", "/outbox/", "/admin/"]
PARTNER_PAGES = [
    "/partner/",
    "/partner/learn-profile/",
    "/partner/users/",
    "/partner/skills/",
    "/partner/designations/",
    "/partner/why/",
    "/partner/support/",
    "/account/organization/",
]
ANONYMOUS = ["/", "/signin/", "/signup/", "/api/schema/", "/api/docs/", "/api/docs/?script", "/static/certlink.css"]


def assert_protected(client: Client, path: str) -> None:
    response = client.get(path)
    assert response.status_code in (200, 404), (path, response.status_code)
    for name, value in HEADERS.items():
        assert response.headers.get(name) == value, (path, name, response.headers.get(name))
    assert "camera=()" in response.headers["Permissions-Policy"], path


def signed_in(account: Account) -> Client:
    client = Client()
    client.force_login(account)
    return client


@pytest.fixture
def partner_admin(db: None) -> Account:
    _, admin, _ = organization_create(
        name="Contoso",
        partner_id="1000001",
        domains=["contoso.example"],
        admin_email="admin@contoso.example",
        admin_name="Adele Admin",
        now=clock.now(),
    )
    Account.objects.filter(pk=admin.account_id).update(must_change_password=False)  # chose her own (ID-1)
    admin.account.refresh_from_db()
    return admin.account


@pytest.fixture
def email_to(learner: Account) -> Callable[[str], OutboxMessage]:
    def make(address: str) -> OutboxMessage:
        send(template="welcome_msa", to=[address], context={"name": "Lee", "email": address}, at=clock.now())
        return OutboxMessage.objects.latest("pk")

    return make


def test_the_policy_allows_no_inline_script_or_style_and_no_eval() -> None:
    assert "unsafe" not in json.dumps(settings.SECURE_CSP)
    assert settings.SECURE_CSP["script-src"] == ["'self'"] and settings.SECURE_CSP["style-src"] == ["'self'"]


def test_anonymous_pages_the_api_docs_and_static_files_carry_the_headers(client: Client, db: None) -> None:
    for path in ANONYMOUS:
        assert_protected(client, path)


def test_every_learner_page_carries_the_headers(page_as, learner) -> None:
    client = page_as(learner)
    for path in LEARNER_PAGES:
        assert_protected(client, path)


def test_every_operator_page_carries_the_headers(operator) -> None:
    client = signed_in(operator)
    for path in OPERATOR_PAGES:
        assert_protected(client, path)


def test_every_partner_center_page_carries_the_headers(partner_admin) -> None:
    client = signed_in(partner_admin)
    for path in PARTNER_PAGES:
        assert_protected(client, path)


def test_the_api_carries_the_headers_on_answers_and_refusals(client: Client, learner) -> None:
    token, _ = Token.objects.get_or_create(user=learner)
    client.defaults["HTTP_AUTHORIZATION"] = f"Token {token.key}"
    for path in ["/api/v1/me/", "/api/v1/nowhere/"]:
        assert_protected(client, path)


def test_the_api_docs_load_their_init_script_from_a_url_not_inline(client: Client, db: None) -> None:
    page = client.get("/api/docs/").content.decode()
    scripts = re.findall(r"<script\b[^>]*>", page)
    assert scripts and all(" src=" in tag for tag in scripts), scripts
    assert "<style" not in page and "/static/api-docs.css" in page
    script = client.get("/api/docs/?script")
    assert script.headers["Content-Type"].startswith("application/javascript")
    assert "SwaggerUIBundle(" in script.content.decode()


def test_the_outbox_frames_an_email_from_a_url_with_a_policy_of_its_own(page_as, learner, email_to) -> None:
    message = email_to(learner.email)
    client = page_as(learner)
    page = client.get(f"/outbox/{message.pk}/").content.decode()
    assert f'sandbox src="/outbox/{message.pk}/html/"' in page and "srcdoc" not in page
    email = client.get(f"/outbox/{message.pk}/html/")
    assert email.status_code == 200 and 'style="' in email.content.decode()  # emails are styled inline
    policy = email.headers["Content-Security-Policy"]
    assert "default-src 'none'" in policy and "sandbox" in policy and "frame-ancestors 'self'" in policy
    assert "script-src" not in policy and email.headers["X-Frame-Options"] == "SAMEORIGIN"


def test_nobody_reads_the_html_of_an_email_to_someone_else(page_as, learner, employee, email_to) -> None:
    message = email_to(employee.email)
    assert page_as(learner).get(f"/outbox/{message.pk}/html/").status_code == 404


INLINE = {
    "inline script": re.compile(r"<script\b(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE),
    "style element": re.compile(r"<style\b", re.IGNORECASE),
    "style attribute": re.compile(r"\sstyle\s*=", re.IGNORECASE),
    "event handler": re.compile(r"\son[a-z]+\s*=", re.IGNORECASE),
    "javascript: URL": re.compile(r"javascript:", re.IGNORECASE),
}


def test_no_page_template_has_an_inline_script_style_or_event_handler() -> None:
    """Emails (templates/emails/) are styled inline, as mail clients need; the outbox frames them under a policy of
    their own (sim.views.outbox_message_html)."""
    found = []
    for template in sorted((ROOT / "templates").rglob("*.html")):
        if "emails" in template.relative_to(ROOT / "templates").parts:
            continue
        text = template.read_text()
        found += [f"{template.relative_to(ROOT)}: {what}" for what, pattern in INLINE.items() if pattern.search(text)]
    assert found == []


def production_settings(*names: str) -> dict[str, object]:
    """The values of `names` in certlink.settings.production, with the documented environment."""
    read = f"{{name: getattr(settings, name) for name in {names}}}"
    code = f"import json; from django.conf import settings; print(json.dumps({read}))"
    result = manage("shell", "-c", code, **DOCUMENTED)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.splitlines()[-1])  # after the shell's own line about imports


COOKIES = ["SESSION_COOKIE_SECURE", "SESSION_COOKIE_HTTPONLY", "SESSION_COOKIE_SAMESITE", "CSRF_COOKIE_SECURE"]
HTTPS = ["SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_HSTS_PRELOAD", "SECURE_SSL_REDIRECT"]


def test_production_gives_hsts_and_secure_http_only_same_site_cookies(settings, learner) -> None:  # type: ignore[no-untyped-def]
    production = production_settings(*COOKIES, *HTTPS, "CSRF_COOKIE_HTTPONLY", "CSRF_COOKIE_SAMESITE")
    assert production["SECURE_HSTS_SECONDS"] >= 31536000 and production["SECURE_SSL_REDIRECT"] is True
    for name, value in production.items():
        setattr(settings, name, value)
    client = Client()
    form = client.get("/signin/", secure=True)
    assert form.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    signin = {"step": "password", "email": learner.email, "kind": learner.kind, "password": PASSWORD}
    session = client.post("/signin/", signin, secure=True).cookies[settings.SESSION_COOKIE_NAME]
    csrf = form.cookies[settings.CSRF_COOKIE_NAME]
    for cookie in (session, csrf):
        assert cookie["secure"] and cookie["httponly"] and cookie["samesite"] == "Lax", cookie.output()
