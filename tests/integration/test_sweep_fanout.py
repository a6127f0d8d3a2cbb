"""RN-8 and PC-9 fanned out: a sweep split into Celery tasks by primary-key range, queued twice, shared by two real
workers on Redis over PostgreSQL. Each email goes out once and each credit arrives once: the unique claims, SKIP LOCKED
and ON CONFLICT keep the workers apart, not the hope that a task runs once."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from django.db.models import Count

from certlink import clock
from certlink.models import OutboxMessage
from partners import rules
from partners.models import PartnerCredit
from partners.services.credits import pending_certifications
from partners.tasks import propagation_fan_out
from profiles.models import CertificationHeld, CertificationProfile
from renewals.catalog import catalog_load
from renewals.models import RenewalReminder
from renewals.reminders import _claimable
from renewals.tasks import reminders_fan_out
from sim.population import PopulationSpec, population_create
from tests.integration.conftest import requires_postgres, requires_redis, wait_for

pytestmark = [pytest.mark.integration, requires_redis]

CHUNK = 150  # held ids per task: about ten tasks for this world


@pytest.fixture
def world(db: None) -> None:
    requires_postgres()
    catalog_load()
    population_create(spec=PopulationSpec(learners=120, orgs=3, seed=11), now=clock.now())
    # Names the credit must split as partners.rules.first_and_last_name does, written by SQL on PostgreSQL.
    names = ["Mary  Ann Smith", "Cher", " Li Wei ", "Jean-Luc\tPicard"]
    linked = CertificationProfile.objects.filter(mcid_links__ended_at__isnull=True).order_by("pk")[: len(names)]
    for profile, name in zip(linked, names, strict=True):
        CertificationProfile.objects.filter(pk=profile.pk).update(legal_name=name)


@pytest.mark.django_db(transaction=True)
def test_rn8_pc9_two_workers_share_a_fanned_out_sweep_and_do_everything_once(world, start_worker) -> None:  # type: ignore[no-untyped-def]
    now = clock.now()
    reminders_due = _claimable(now).count()
    credits_due = pending_certifications().filter(due__lte=now).count()
    assert reminders_due > 50 and credits_due > 50  # the world has work to share
    for _ in range(2):  # the same sweep fanned out twice, queued before any worker runs
        assert reminders_fan_out(None, now, chunk=CHUNK, batch=20).apply_async() is not None
        assert propagation_fan_out(None, now, chunk=CHUNK).apply_async() is not None
    workers = [start_worker("w1"), start_worker("w2")]
    wait_for(
        lambda: (
            RenewalReminder.objects.filter(sent_at__isnull=False).count() == reminders_due
            and PartnerCredit.objects.count() == credits_due
        ),
        seconds=120,
        what="the workers to send every reminder and propagate every credit",
    )
    time.sleep(2)  # let any late duplicate land before counting
    assert OutboxMessage.objects.count() == reminders_due
    emails = OutboxMessage.objects.values("to", "template", "context").annotate(n=Count("id"))
    assert {row["n"] for row in emails} == {1}
    assert PartnerCredit.objects.count() == credits_due
    assert PartnerCredit.objects.values("link", "held").distinct().count() == credits_due
    assert all(worker.poll() is None for worker in workers)


@pytest.mark.django_db(transaction=True)
def test_pc9_a_fanned_out_credit_splits_the_legal_name_as_the_rule_does(world, start_worker) -> None:  # type: ignore[no-untyped-def]
    at = clock.now() + timedelta(days=11)  # links made today arrive too
    expected = pending_certifications().filter(due__lte=at).count()
    propagation_fan_out(None, at, chunk=CHUNK).apply_async()
    start_worker("w1")
    wait_for(lambda: PartnerCredit.objects.count() == expected, seconds=90, what="every credit")
    profiles = {p.mcid: p.legal_name for p in CertificationProfile.objects.all()}
    renamed = PartnerCredit.objects.filter(last_name__in=["Smith", "", "Wei", "Picard"]).count()
    assert renamed >= 4
    for credit in PartnerCredit.objects.all():
        assert (credit.first_name, credit.last_name) == rules.first_and_last_name(profiles[credit.mcid])
    held = set(PartnerCredit.objects.values_list("held", flat=True))
    assert len(held) == expected == CertificationHeld.objects.filter(pk__in=held).count()
