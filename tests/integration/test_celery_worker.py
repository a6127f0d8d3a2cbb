"""A real Celery worker process on Redis runs what the app sends through the broker (SIM-2's relay of the outbox)."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from certlink.models import OutboxMessage
from certlink.tasks import outbox_relay
from tests.integration.conftest import requires_postgres, requires_redis, wait_for
from tests.smtp_sink import smtp_sink

pytestmark = [pytest.mark.integration, requires_redis]


@pytest.mark.django_db(transaction=True)
def test_sim2_a_welcome_email_is_in_the_outbox_when_the_api_answers_and_a_worker_relays_it(
    start_worker, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    requires_postgres()
    response = APIClient().post(
        "/api/v1/accounts/", {"email": "nia@outlook.example", "password": "Fresh-pass-42"}, format="json"
    )
    assert response.status_code == 201
    message = OutboxMessage.objects.get()  # written in the sign-up's transaction: no worker was needed
    assert message.subject == "Welcome to your Microsoft account" and not message.relayed
    assert message.sent_at.isoformat() == "2026-01-05T09:00:00+00:00"
    with smtp_sink() as (port, received):
        monkeypatch.setenv("CERTLINK_TEST_EMAIL_RELAY_URL", f"smtp://127.0.0.1:{port}")
        worker = start_worker()
        outbox_relay.delay()  # what beat sends every EMAIL_RELAY_SECONDS
        wait_for(lambda: len(received) == 1, what="the worker to relay the welcome email")
    message.refresh_from_db()
    assert message.relayed and "To: nia@outlook.example" in received[0]
    assert worker.poll() is None
