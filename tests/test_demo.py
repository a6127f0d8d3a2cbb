"""The demo world of `make run`: loading it twice changes nothing, and its personas sign in."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client

from profiles.models import Account, CertificationProfile, Domain, LearnProfile, Tenant
from sim.demo import DEMO_PASSWORD, PERSONAS
from tests.profiles.journeys import Person


def counts() -> tuple[int, int, int]:
    return Account.objects.count(), Tenant.objects.count(), Domain.objects.count()


def test_load_demo_is_idempotent_and_prints_the_sign_ins(db: None) -> None:
    out = StringIO()
    call_command("load_demo", stdout=out)
    first = counts()
    call_command("load_demo", stdout=StringIO())
    assert counts() == first == (len(PERSONAS), 3, 3)
    assert CertificationProfile.objects.count() == 7 and LearnProfile.objects.count() == 8
    assert f"password for all: {DEMO_PASSWORD}" in out.getvalue()
    assert "operator@certlink.example" in out.getvalue()


@pytest.mark.parametrize(
    ("email", "kind", "check"),
    [
        ("learner@outlook.example", "msa", lambda a: a.is_msa),
        ("admin@contoso.example", "work", lambda a: a.is_tenant_admin),
        ("operator@certlink.example", "work", lambda a: a.is_operator),
        ("agent@certlink.example", "work", lambda a: a.is_agent and not a.is_operator),
    ],
)
def test_the_demo_learner_partner_admin_operator_and_agent_sign_in(db: None, email, kind, check) -> None:
    call_command("load_demo", stdout=StringIO())
    client = Client()
    response = client.post("/signin/", {"step": "password", "email": email, "kind": kind, "password": DEMO_PASSWORD})
    assert response.status_code == 302
    assert check(client.get("/").context["user"])


@pytest.mark.parametrize(
    ("email", "shows", "situation", "path"),
    [
        ("learner@outlook.example", "", "certification_profile_not_proven", "AL-5"),
        ("aligned@outlook.example", "", "aligned", ""),
        ("kenji@outlook.example", "kenji.cert@outlook.example", "msas_differ_with_work_account", "AL-2"),
        ("ayaka@outlook.example", "ayaka.cert@outlook.example", "msas_differ_without_work_account", "AL-3"),
        ("li@outlook.example", "", "two_certification_profiles", "CP-4"),
        ("li@outlook.example", "li.old@outlook.example", "two_certification_profiles", "CP-4"),
        ("maria@outlook.example", "maria.cert@outlook.example", "certification_msa_owns_another_learn_profile", "LP-6"),
        ("hiro@outlook.example", "hiro.cert@outlook.example", "msas_differ_without_work_account", "AL-3"),
    ],
)
def test_al5_the_demo_has_a_persona_for_each_path_of_the_doctor(
    db: None, email: str, shows: str, situation: str, path: str
) -> None:
    """Each README persona, once they show the doctor their certification profile (AL-5), is on its path."""
    call_command("load_demo", stdout=StringIO())
    person = Person()
    person.sign_in(email, "msa", DEMO_PASSWORD)
    if shows:
        assert person.prove(shows, DEMO_PASSWORD).status_code == 302
    assert person.doctor()[:2] == (situation, path)


def test_rn2_the_demo_has_a_learner_with_a_certification_in_its_renewal_window(db: None) -> None:
    call_command("load_demo", stdout=StringIO())
    client = Client()
    client.post(
        "/signin/", {"step": "password", "email": "aligned@outlook.example", "kind": "msa", "password": DEMO_PASSWORD}
    )
    page = client.get("/learn/credentials/").content.decode()
    assert 'data-status="in_window"' in page and ">Renew</a>" in page


def test_pc9_the_demo_partner_admin_sees_the_organisation_and_kenjis_credit_pending(db: None) -> None:
    call_command("load_demo", stdout=StringIO())
    admin, kenji = Client(), Client()
    admin.post(
        "/signin/", {"step": "password", "email": "admin@contoso.example", "kind": "work", "password": DEMO_PASSWORD}
    )
    assert admin.get("/partner/skills/").status_code == 200
    kenji.post(
        "/signin/", {"step": "password", "email": "kenji@contoso.example", "kind": "work", "password": DEMO_PASSWORD}
    )
    assert "Pending until 15 January 2026" in kenji.get("/partner/learn-profile/").content.decode()
