"""SIM-3: the world can be reset, to empty but for the catalog and the simulator's staff, and only when confirmed."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
from django.apps import apps
from django.contrib.sessions.models import Session
from django.core.management import CommandError, call_command
from rest_framework.authtoken.models import Token

from certlink import clock
from certlink.clock import clock_advance
from certlink.models import ClockAdvance
from profiles.models import Account, Certification, CertificationProfile, Exam, LearnProfile, Tenant
from profiles.services import learn_profile_for
from renewals.catalog import catalog_load
from renewals.models import AssessmentQuestion, RenewalAssessment
from sim.demo import load_demo
from sim.scenarios import scenario_load
from sim.scenarios_reset import KEPT, PARTLY_KEPT, WIPED, world_reset
from tests.conftest import START
from tests.factories import CertificationProfileFactory, LearnProfileFactory
from tests.helpers import page_text, refusal_of

PROJECT_APPS = ("profiles", "renewals", "partners", "sim", "authtoken", "sessions", "admin", "axes")


def catalog() -> tuple[int, int, int, int]:
    return (
        Certification.objects.count(),
        Exam.objects.count(),
        RenewalAssessment.objects.count(),
        AssessmentQuestion.objects.count(),
    )


def world() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in (*WIPED, Account, Tenant)}


@pytest.fixture
def busy_world(operator: Account) -> None:
    """The demo, every kind of scenario, a merge chain of aliases, a staff Learn profile, and the clock moved on."""
    load_demo()
    for key in ("two-certification-profiles", "employee-moving-company", "association-refused-by-cooloff"):
        scenario_load(key=key, now=clock.now())
    scenario_load(key="leaver-in-january", now=clock.now(), by=operator)
    oldest = CertificationProfileFactory()
    middle = CertificationProfileFactory(msa=None, merged_into=oldest, contact_email="x@outlook.example")
    CertificationProfileFactory(msa=None, merged_into=middle, contact_email="x@outlook.example")  # CP-4 twice
    LearnProfileFactory(merged_into=LearnProfileFactory())
    learn_profile_for(account=operator, now=clock.now())
    clock_advance(to=clock.now() + timedelta(days=40))


def test_sim3_reset_deletes_the_world_but_the_catalog_and_the_staff(busy_world, operator) -> None:  # type: ignore[no-untyped-def]
    """SIM-3: learners, tenants, profiles, links, credits, emails, requests... all gone; the clock at its start."""
    kept = catalog()
    assert all(world()[label] for label in ("partners.PartnerCredit", "certlink.OutboxMessage", "partners.LinkEvent"))
    result = world_reset(confirm="RESET", by=operator)
    assert catalog() == kept and kept[0] > 0
    assert {label: n for label, n in world().items() if n} == {"profiles.Account": 2, "profiles.Tenant": 1}
    assert set(Account.objects.values_list("email", flat=True)) == {
        "operator@certlink.example",
        "agent@certlink.example",
    }
    assert Tenant.objects.get().is_staff_tenant and Account.objects.get(pk=operator.pk).learn_profile is None
    assert clock.now() == START == result.clock
    assert result.deleted["profiles.CertificationProfile"] >= 3 and result.total > 50


def test_sim3_the_operator_who_resets_stays_signed_in_and_a_learner_is_signed_out(page_as, operator, learner) -> None:  # type: ignore[no-untyped-def]
    catalog_load()
    learner_page, operator_page = page_as(learner), page_as(operator)
    response = operator_page.post("/sim/reset/", {"understood": "on", "confirm": "RESET"}, follow=True)
    assert response.status_code == 200 and "The world was reset" in page_text(response)
    assert operator_page.get("/sim/").status_code == 200
    assert learner_page.get("/learn/").status_code == 302  # to the sign-in page
    assert Session.objects.count() == 1


def test_sim3_the_api_resets_with_the_word_and_keeps_the_operators_token(api_as, operator, learner) -> None:  # type: ignore[no-untyped-def]
    scenario_load(key="certiport-after-cutoff", now=clock.now())
    api, learner_api = api_as(operator), api_as(learner)
    response = api.post("/api/v1/sim/reset/", {"confirm": "RESET"}, format="json")
    assert response.status_code == 202
    job = api.get(response["Location"]).json()
    assert job["kind"] == "reset" and job["state"] == "done" and job["message"].startswith("The world was reset")
    body = job["result"]
    assert body["clock"] == "2026-01-05T09:00:00+00:00" and body["deleted"]["partners.PartnerOrganization"] == 1
    assert api.get("/api/v1/clock/").status_code == 200
    assert learner_api.get("/api/v1/me/").status_code == 401
    assert list(Token.objects.values_list("user_id", flat=True)) == [operator.pk]


@pytest.mark.parametrize("body", [{}, {"confirm": ""}, {"confirm": "reset please"}, {"confirm": "yes"}])
def test_sim3_the_api_refuses_a_reset_without_the_word_and_changes_nothing(api_as, busy_world, operator, body) -> None:  # type: ignore[no-untyped-def]
    before, now = world(), clock.now()
    response = api_as(operator).post("/api/v1/sim/reset/", body, format="json")
    assert response.status_code == 400
    assert response.json()["code"] == "reset_not_confirmed" and response.json()["details"]["confirm_with"] == "RESET"
    assert world() == before and clock.now() == now


@pytest.mark.parametrize(
    ("form", "refused"),
    [({"confirm": "RESET"}, ""), ({"understood": "on", "confirm": "RESTE"}, 'data-code="reset_not_confirmed"')],
)
def test_sim3_the_page_refuses_a_reset_without_both_confirmations(page_as, busy_world, operator, form, refused) -> None:  # type: ignore[no-untyped-def]
    before = world()
    response = page_as(operator).post("/sim/reset/", form)
    assert response.status_code == 400 and refused in page_text(response)
    assert world() == before


def test_sim3_only_operators_reset(page_as, api_as, learner, agent, busy_world) -> None:  # type: ignore[no-untyped-def]
    before = world()
    assert page_as(agent).post("/sim/reset/", {"understood": "on", "confirm": "RESET"}).status_code == 403
    assert page_as(learner).get("/sim/reset/").status_code == 403
    assert api_as(learner).post("/api/v1/sim/reset/", {"confirm": "RESET"}, format="json").status_code == 403
    assert world() == before


def test_sim3_an_operator_outside_the_staff_tenant_cannot_reset(contoso) -> None:  # type: ignore[no-untyped-def]
    """Their own account would go with the world."""
    outsider = Account.objects.create_user(
        "ops@contoso.example", "x", kind="work", tenant=contoso, is_superuser=True, staff_role="operator"
    )
    assert refusal_of(lambda: world_reset(confirm="RESET", by=outsider)).code == "reset_needs_staff_account"
    assert Account.objects.filter(pk=outsider.pk).exists()


def test_sim3_the_command_resets_only_with_yes(busy_world) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(CommandError, match="--yes"):
        call_command("scenario", "reset")
    assert LearnProfile.objects.exists()
    out = StringIO()
    call_command("scenario", "reset", "--yes", stdout=out)
    assert "The world was reset" in out.getvalue() and "profiles.LearnProfile" in out.getvalue()
    assert not LearnProfile.objects.exists() and not CertificationProfile.objects.exists()
    assert not ClockAdvance.objects.exists() and clock.now() == START


def test_sim3_the_reset_decides_about_every_model_of_the_project() -> None:
    """A new model must be kept, partly kept (staff rows) or wiped by the reset: none is forgotten."""
    models = {m for m in apps.get_models() if m._meta.app_label in PROJECT_APPS and not m._meta.proxy}
    decided = set(KEPT) | set(PARTLY_KEPT) | set(WIPED)
    assert models - decided == set()
