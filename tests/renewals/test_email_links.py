"""Emails link to the configured SITE_URL, not to the embedded server: the renewal notice (RN-8, through the mail
merge, in SQL on PostgreSQL) and a welcome email (ID-1) built with SITE_URL overridden."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest

from certlink.clock import clock_advance
from certlink.models import OutboxMessage
from profiles import services
from profiles.models import CertificationHeld
from tests.conftest import START

SITE = "https://certlink.contoso.example"


def links(message: OutboxMessage) -> list[str]:
    return re.findall(r"https?://[^\s\"<>]+", message.body + message.html)


@pytest.fixture(autouse=True)
def _site_url(settings) -> None:  # type: ignore[no-untyped-def]
    settings.SITE_URL = SITE


def test_the_renewal_notice_links_to_the_site_url(held: CertificationHeld) -> None:
    clock_advance(to=datetime(2025, 7, 15, tzinfo=UTC))
    notice = OutboxMessage.objects.get()
    assert links(notice) == [f"{SITE}/learn/credentials/renew/{held.pk}/"] * 2  # the text and the HTML


def test_a_welcome_email_links_to_the_site_url(db: None, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    with django_capture_on_commit_callbacks(execute=True):
        services.msa_sign_up(email="nina@outlook.example", password="Nina-pass-2026", display_name="Nina", now=START)
    welcome = OutboxMessage.objects.get(template="welcome_msa")
    assert links(welcome) == [f"{SITE}/signin/"] * 2
