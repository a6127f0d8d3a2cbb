"""SIM-4: the population generator draws the same world for the same seed, builds the relationships the rest of
certlink expects, and writes in a number of statements that does not grow with the number of learners."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.db.models import Count, Q
from django.test.utils import CaptureQueriesContext

from certlink import clock
from certlink.errors import Refusal
from partners.models import McidLink, PartnerOrganization, PartnerUser
from profiles.models import Account, CertificationHeld, CertificationProfile, ExamResult
from profiles.services import account_sign_in
from renewals.catalog import catalog_load
from sim import population
from sim.population import POPULATION_PASSWORD, PopulationReport, PopulationSpec, population_create

SPEC = PopulationSpec(learners=200, orgs=4, seed=42)


@pytest.fixture
def catalog(db: None) -> None:
    catalog_load()


@pytest.fixture
def world(catalog: None) -> PopulationReport:
    return population_create(spec=SPEC, now=clock.now())


def sample() -> dict[str, object]:
    """What a world is, by its values rather than its ids (a second run gets new ids)."""
    return {
        "counts": (Account.objects.count(), CertificationHeld.objects.count(), ExamResult.objects.count()),
        "learners": list(Account.objects.filter(kind="msa").order_by("pk").values_list("email", "display_name")[:25]),
        "held": list(
            CertificationHeld.objects.order_by("pk").values_list(
                "profile__mcid", "certification__slug", "number", "provider", "earned_at", "expires_at"
            )[:50]
        ),
        "links": list(
            McidLink.objects.order_by("pk").values_list("profile__mcid", "organization__name", "started_at")[:25]
        ),
    }


def drawn_then_undone(spec: PopulationSpec) -> tuple[PopulationReport, dict[str, object]]:
    with transaction.atomic():
        report = population_create(spec=spec, now=clock.now())
        found = sample()
        transaction.set_rollback(True)
    return report, found


def test_sim4_the_same_seed_draws_the_same_world_twice(catalog: None) -> None:
    first_report, first = drawn_then_undone(SPEC)
    assert Account.objects.filter(kind="msa").count() == 0  # undone
    second_report, second = drawn_then_undone(SPEC)
    assert first_report.counts == second_report.counts
    assert first == second
    _, other = drawn_then_undone(PopulationSpec(learners=200, orgs=4, seed=43))
    assert other["held"] != first["held"]


def every_row() -> dict[str, list[tuple]]:
    """Every row the generator writes, each column's value (the password hash aside: its salt is random by design)."""
    return {
        model._meta.label: list(
            model.objects.order_by("pk").values_list(
                *[f.attname for f in model._meta.concrete_fields if f.attname != "password"]
            )
        )
        for model in population.TABLES
    }


def test_sim4_the_same_seed_writes_every_row_the_same(catalog: None) -> None:
    """Not a sample: every column of every table the generator writes, the same for the same seed (whatever the
    database: the writer is one implementation everywhere)."""
    worlds = []
    for _ in range(2):
        with transaction.atomic():
            population_create(spec=PopulationSpec(learners=120, orgs=3, seed=7), now=clock.now())
            worlds.append(every_row())
            transaction.set_rollback(True)
    assert worlds[0] == worlds[1]
    assert len(worlds[0]["profiles.CertificationHeld"]) > 500


def test_sim4_learners_hold_about_ten_certifications_from_the_catalog(world: PopulationReport) -> None:
    held = world.counts["certifications held"]
    assert world.counts["learners"] == 200 and 7 * 200 <= held <= 13 * 200
    assert CertificationHeld.objects.count() == held
    now = clock.now()
    assert not CertificationHeld.objects.filter(earned_at__gt=now).exists()
    fundamentals = CertificationHeld.objects.filter(certification__level="fundamentals")
    assert fundamentals.exists() and not fundamentals.filter(expires_at__isnull=False).exists()  # CE-3
    assert CertificationHeld.objects.filter(provider="certiport").exists()


def test_sim4_a_batchs_certifications_held_are_written_in_the_order_they_were_earned(
    catalog: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As a real table grows: within a batch of learners, the certifications held take the batch's ids in the order
    they were earned, so that those expiring on the same day share pages (the reminders' sweeps read them)."""
    monkeypatch.setattr(population, "BATCH", 120)
    population_create(spec=SPEC, now=clock.now())  # 200 learners: a batch of 120, then one of 80
    first = set(CertificationProfile.objects.order_by("pk").values_list("pk", flat=True)[:120])
    rows = list(CertificationHeld.objects.order_by("pk").values_list("profile_id", "earned_at"))
    in_first = [profile in first for profile, _ in rows]
    assert in_first == sorted(in_first, reverse=True)  # the first batch's ids all come before the second's
    for batch in (True, False):
        earned = [at for (_, at), mine in zip(rows, in_first, strict=True) if mine is batch]
        assert earned == sorted(earned) and len(set(earned)) > 50


def test_sim4_every_certification_held_belongs_to_a_profile_whose_msa_exists(world: PopulationReport) -> None:
    orphans = Q(profile__msa__isnull=True) | ~Q(profile__msa__kind="msa") | Q(profile__msa__deleted_at__isnull=False)
    assert not CertificationHeld.objects.filter(orphans).exists()
    assert CertificationProfile.objects.filter(msa__isnull=False).count() == 200
    assert CertificationProfile.objects.values("mcid").distinct().count() == 200
    for profile in CertificationProfile.objects.exclude(learn_profile=None)[:20]:
        assert profile.msa.learn_profile_id == profile.learn_profile_id  # CP-2: connected to the MSA's own profile


def test_sim4_links_are_live_and_unique_per_mcid_and_per_partner_user(world: PopulationReport) -> None:
    links = McidLink.objects.all()
    assert links.count() == world.counts["live MCID links"] > 0
    assert not links.filter(ended_at__isnull=False).exists()
    assert not links.values("profile").annotate(n=Count("id")).filter(n__gt=1).exists()  # PC-4
    assert not links.values("partner_user").annotate(n=Count("id")).filter(n__gt=1).exists()
    for link in links.select_related("partner_user__account", "organization", "profile__msa")[:30]:
        assert link.partner_user.account.tenant_id == link.organization.tenant_id  # a work account of its tenant
        assert link.partner_user.organization_id == link.organization_id
        assert link.partner_user.account.display_name == link.profile.legal_name  # the person's own MCID
        assert link.started_at <= clock.now()


def test_sim4_each_organisation_has_a_global_admin_who_sees_the_skills_report(world: PopulationReport) -> None:
    for organization in PartnerOrganization.objects.annotate(n=Count("users")).filter(n__gt=0):
        admins = PartnerUser.objects.filter(organization=organization, is_global_admin=True)
        assert admins.count() == 1 and admins.get().sees_skills


def test_sim4_a_generated_learner_signs_in_with_the_population_password(world: PopulationReport) -> None:
    learner = Account.objects.filter(kind="msa").order_by("pk").first()
    assert (
        account_sign_in(email=learner.email, password=POPULATION_PASSWORD, kind="msa", now=clock.now(), request=None)
        == learner
    )


def test_sim4_populating_the_same_world_twice_is_refused(world: PopulationReport) -> None:
    with pytest.raises(Refusal) as refused:
        population_create(spec=SPEC, now=clock.now())
    assert refused.value.code == "population_exists"


def queries_to_populate(learners: int) -> int:
    with CaptureQueriesContext(connection) as queries:
        drawn_then_undone(PopulationSpec(learners=learners, orgs=3, seed=5))
    return len(queries)


def test_sim4_the_number_of_statements_does_not_grow_with_the_learners_of_a_batch(catalog: None) -> None:
    few, many = queries_to_populate(100), queries_to_populate(400)
    assert few == many <= 60


def test_sim5_populate_shows_a_progress_bar_of_learners_generated(db, capsys) -> None:
    out = StringIO()
    call_command("populate", "--learners", "30", "--orgs", "2", "--seed", "3", stdout=out)
    bar = capsys.readouterr().err
    assert "learners: 100%" in bar and "30/30" in bar
    assert "Population (seed 3) generated in" in out.getvalue()
