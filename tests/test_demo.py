"""The demo world of `make run`: loading it twice changes nothing, and its personas sign in."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client

from profiles.models import Account, CertificationProfile, Domain, LearnProfile, Tenant
from sim.demo import DEMO_PASSWORD, PERSONAS


def counts() -> tuple[int, int, int]:
    return Account.objects.count(), Tenant.objects.count(), Domain.objects.count()


def test_load_demo_is_idempotent_and_prints_the_sign_ins(db: None) -> None:
    out = StringIO()
    call_command("load_demo", stdout=out)
    first = counts()
    call_command("load_demo", stdout=StringIO())
    assert counts() == first == (len(PERSONAS), 3, 3)
    assert CertificationProfile.objects.count() == 6 and LearnProfile.objects.count() == 7
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
    ("email", "situation"),
    [
        ("learner@outlook.example", "no_certification_profile"),
        ("aligned@outlook.example", "aligned"),
        ("kenji@outlook.example", "msas_differ_with_work_account"),
        ("ayaka@outlook.example", "msas_differ_without_work_account"),
        ("li@outlook.example", "two_certification_profiles"),
        ("maria@outlook.example", "certification_msa_owns_another_learn_profile"),
    ],
)
def test_al5_the_demo_has_one_persona_per_doctor_situation(db: None, email: str, situation: str) -> None:
    call_command("load_demo", stdout=StringIO())
    client = Client()
    client.post("/signin/", {"step": "password", "email": email, "kind": "msa", "password": DEMO_PASSWORD})
    assert f'data-situation="{situation}"' in client.get("/learn/doctor/").content.decode()


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
