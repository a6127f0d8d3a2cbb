"""RN-8 with two real Celery workers on Redis sweeping the same instant at once: each email goes out once
(PostgreSQL: the unique claim and SKIP LOCKED are what keep them apart)."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

import pytest
from django.db.models import Count

from certlink.models import OutboxMessage, OutboxRecipient
from profiles.models import Certification
from renewals.models import RenewalReminder
from renewals.tasks import reminders_fan_out
from tests.factories import CertificationHeldFactory
from tests.integration.conftest import requires_postgres, requires_redis, wait_for

pytestmark = [pytest.mark.integration, requires_redis]

EXPIRES = datetime(2026, 6, 30, 9, 0, tzinfo=UTC)
NOTICE = EXPIRES - timedelta(days=180)
COUNT = 400


@pytest.mark.django_db(transaction=True)
def test_rn8_two_workers_sweeping_the_same_instant_send_each_email_once(start_worker) -> None:
    requires_postgres()
    certification = Certification.objects.create(
        slug="azure-administrator", name="Azure Administrator", level="associate"
    )
    CertificationHeldFactory.create_batch(
        COUNT, certification=certification, expires_at=EXPIRES, earned_at=EXPIRES - timedelta(days=365)
    )
    for _ in range(4):  # four sweeps of the same instant, queued before any worker runs
        reminders_fan_out(None, NOTICE, batch=25).apply_async()
    workers = [start_worker("w1"), start_worker("w2")]
    wait_for(
        lambda: (
            not RenewalReminder.objects.filter(sent_at__isnull=True).exists()
            and RenewalReminder.objects.count() == COUNT
        ),
        seconds=90,
        what="the workers to send every notice",
    )
    time.sleep(2)  # let any late duplicate land before counting
    assert OutboxMessage.objects.count() == COUNT
    per_address = OutboxRecipient.objects.values("address").annotate(n=Count("id"))
    assert {row["n"] for row in per_address} == {1} and len(per_address) == COUNT
    assert all(worker.poll() is None for worker in workers)
