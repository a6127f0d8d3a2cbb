"""A real Celery worker process on Redis runs what the app sends through the broker (SIM-2's emails)."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from sim.models import OutboxMessage
from tests.integration.conftest import requires_postgres, requires_redis, wait_for

pytestmark = [pytest.mark.integration, requires_redis]


@pytest.mark.django_db(transaction=True)
def test_sim2_a_welcome_email_sent_through_the_broker_lands_in_the_outbox(start_worker) -> None:
    requires_postgres()
    response = APIClient().post(
        "/api/v1/accounts/", {"email": "nia@outlook.example", "password": "Fresh-pass-42"}, format="json"
    )
    assert response.status_code == 201
    assert not OutboxMessage.objects.exists()  # not eager: the task waits on the broker for a worker
    worker = start_worker()
    wait_for(
        lambda: OutboxMessage.objects.filter(recipients__address="nia@outlook.example").exists(),
        what="the worker to send the welcome email",
    )
    message = OutboxMessage.objects.get()
    assert message.subject == "Welcome to your Microsoft account"
    assert message.sent_at.isoformat() == "2026-01-05T09:00:00+00:00"
    assert worker.poll() is None
