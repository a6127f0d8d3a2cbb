"""SIM-1 with a real Celery worker on Redis: an advance's moment is shared out by primary-key range (a group of
range tasks the engine waits for before committing the moment), and everything is done once."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db.models import Count

from certlink import clock
from certlink.models import ClockAdvance, OutboxMessage
from partners.models import PartnerCredit
from partners.services.credits import pending_certifications
from renewals.catalog import catalog_load
from renewals.models import RenewalReminder
from renewals.reminders import _claimable
from sim.population import PopulationSpec, population_create
from tests.integration.conftest import requires_postgres, requires_redis

pytestmark = [pytest.mark.integration, requires_redis]


@pytest.mark.django_db(transaction=True)
def test_sim1_an_advances_moment_is_fanned_out_over_a_worker_and_done_once(
    results_in_redis, start_worker, settings
) -> None:  # type: ignore[no-untyped-def]
    requires_postgres()
    settings.REMINDER_SWEEP_CHUNK = 100  # several range tasks for this world
    settings.CLOCK_FAN_OUT_TIMEOUT = 120
    catalog_load()
    population_create(spec=PopulationSpec(learners=100, orgs=3, seed=23), now=clock.now())
    now = clock.now()
    reminders_due, credits_due = _claimable(now).count(), pending_certifications().filter(due__lte=now).count()
    assert reminders_due > 20 and credits_due > 20
    assert clock.workers_share()
    worker = start_worker("w1")

    advance = clock.clock_advance(to=now + timedelta(hours=1))

    assert advance.finished and clock.now() == now + timedelta(hours=1)
    first = [step for step in advance.steps if step["at"] == now.isoformat()]
    assert {step["work"]: step["handled"] for step in first}["renewal_reminders"] == reminders_due
    assert RenewalReminder.objects.filter(sent_at__isnull=False).count() == reminders_due
    assert OutboxMessage.objects.filter(template__startswith="renewal_").count() == reminders_due
    per_reminder = RenewalReminder.objects.values("held", "cycle", "number").annotate(n=Count("id"))
    assert {row["n"] for row in per_reminder} == {1}
    assert PartnerCredit.objects.values("link", "held", "cycle").distinct().count() >= credits_due
    assert ClockAdvance.objects.get().moments >= 1
    assert worker.poll() is None
