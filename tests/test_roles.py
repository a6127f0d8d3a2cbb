"""Who may do what: every page and every API operation, as every role of the cast.

The tables below name, for every page route (from the URL resolver) and every API operation (from the OpenAPI
schema), the roles allowed to use it; a route missing from a table fails the suite, so a new one can't be
forgotten. As any other role, a page or an operation answers 403 or 404 (anonymous: a page sends to sign-in, the
API answers 401), a write refused changes nothing, and no response shows another person's data: the strings of
everyone the role must not see (their emails, MCIDs, legal names, organisations) are absent from every body.

The objects in the addresses belong to Lee (the learner) and to Quokka Quarries (Megan's organisation).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import pytest
import yaml
from django.apps import apps
from django.core.mail import send_mail
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from partners.models import PartnerSupportRequest
from partners.services.links import mcid_link
from partners.services.organizations import organization_create, partner_user_create
from profiles import services
from profiles.models import Account, Provider
from sim import jobs
from sim.scenarios import scenario_list
from sim.scenarios_reset import RESET_WORD
from tests.factories import START, AccountFactory, CertificationFactory, CertificationHeldFactory

BACKEND = "profiles.backends.AccountBackend"
ROLES = ["anonymous", "learner", "other_learner", "pc_user", "other_admin", "agent", "operator"]
SIGNED_IN = frozenset(ROLES) - {"anonymous"}
EVERYONE = frozenset(ROLES)
MSAS = frozenset({"learner", "other_learner"})
PARTNERS = frozenset({"pc_user", "other_admin"})
AGENTS = frozenset({"agent", "operator"})
OPERATOR = frozenset({"operator"})

# Whose data each role must never see. Agents see every certification support request (Lee's) and every partner
# support request (Quokka's); operators see everything.
MUST_NOT_SEE = {
    "anonymous": {"lee", "olive", "quokka", "wombat"},
    "learner": {"olive", "quokka", "wombat"},
    "other_learner": {"lee", "quokka", "wombat"},
    "pc_user": {"lee", "olive", "wombat"},
    "other_admin": {"lee", "olive", "quokka"},
    "agent": {"olive", "wombat"},
    "operator": set(),
}

# Append-only records of attempts (PC-7, the audit log) may grow on a refused request; so may axes' failed sign-ins
# (ID-3), which are not the product's rows and are not in the snapshot.
GROWS_ON_REFUSAL = {"profiles.AuditEntry", "partners.LinkEvent"}


# --- The world -------------------------------------------------------------------------------------------------


@dataclass
class World:
    accounts: dict[str, Account | None]
    ids: dict[str, Any]
    secrets: dict[str, list[str]] = field(default_factory=dict)

    def leaks(self, role: str, body: str) -> list[str]:
        """The strings of people `role` must not see that appear in `body`."""
        found = []
        for owner in sorted(MUST_NOT_SEE[role]):
            for secret in self.secrets[owner]:
                if re.search(rf"(?<![\w.@-]){re.escape(secret)}(?![\w@-])", body, flags=re.IGNORECASE):
                    found.append(f"{owner}:{secret}")
        return found


def _learner_with_profile(account: Account, legal_name: str) -> tuple[Any, Any]:
    profile = services.certification_profile_create(
        account=account, legal_name=legal_name, contact_email=account.email, now=START
    )
    services.learn_profile_for(account=account, now=START)
    services.certification_connect(signed_in=account, now=START)
    profile.refresh_from_db()
    return profile, services.learn_profile_for(account=account, now=START)


def _organization(name: str, partner_id: str, domain: str, admin_name: str) -> Any:
    organization, admin, _ = organization_create(
        name=name,
        partner_id=partner_id,
        domains=[domain],
        admin_email=f"admin@{domain}",
        admin_name=admin_name,
        now=START,
    )
    Account.objects.filter(pk=admin.account_id).update(must_change_password=False)
    return organization, admin


@pytest.fixture(name="world")
def the_world(learner: Account, agent: Account, operator: Account) -> World:
    """Lee (the learner) and Olive (another learner), each connected to a certification profile; Megan, a Partner
    Center user of Quokka Quarries with her MCID linked and a partner support request; Wombat Works' admin."""
    lee_cert, lee_learn = _learner_with_profile(learner, "Leonora Learnwell")
    administrator = CertificationFactory(slug="azure-administrator")
    lee_held = CertificationHeldFactory(profile=lee_cert, certification=administrator)
    share = services.transcript_share_create(profile=lee_learn, now=START)
    support = services.support_request_open(
        requester=learner,
        kind="change_msa",
        claimed_mcid=lee_cert.mcid,
        legal_name="Leonora Learnwell",
        contact_email=learner.email,
        details="Please change the MSA of my certification profile.",
        now=START,
    )
    send_mail(
        "Your certification profile",
        "Dear Leonora Learnwell",
        None,
        [learner.email],
        html_message="<p>Dear Leonora Learnwell</p>",
    )

    olive = AccountFactory(email="olive@outlook.example", display_name="Olive Other")
    olive_cert, _ = _learner_with_profile(olive, "Olwen Otterburn")
    CertificationHeldFactory(profile=olive_cert, certification=CertificationFactory(slug="azure-developer"))
    send_mail("Your certification profile", "Dear Olwen Otterburn", None, [olive.email])

    quokka, quokka_admin = _organization("Quokka Quarries", "7310001", "quokka.example", "Quentin Quokka")
    megan, _ = partner_user_create(
        by=quokka_admin, email="megan@quokka.example", display_name="Marguerite Pemberton", now=START
    )
    Account.objects.filter(pk=megan.account_id).update(must_change_password=False)  # she chose her own (ID-1)
    megan_msa = AccountFactory(email="marguerite.p@outlook.example", display_name="Marguerite Pemberton")
    megan_cert, _ = _learner_with_profile(megan_msa, "Marguerite Pemberton")
    mcid_link(user=megan, msa=megan_msa, now=START)
    certiport = CertificationHeldFactory(profile=megan_cert, provider=Provider.CERTIPORT)
    credit_request = PartnerSupportRequest.objects.create(
        organization=quokka, filed_by=megan, person=megan, held=certiport, evidence="A Certiport PDF", created_at=START
    )
    _, wombat_admin = _organization("Wombat Works", "8420002", "wombat.example", "Wilhelmina Wombat")

    return World(
        accounts={
            "anonymous": None,
            "learner": learner,
            "other_learner": olive,
            "pc_user": megan.account,
            "other_admin": wombat_admin.account,
            "agent": agent,
            "operator": operator,
        },
        ids={
            "lee": learner.pk,
            "lee_held": lee_held.pk,
            "lee_share": share.token,
            "lee_support": support.pk,
            "lee_mail": learner_mail(learner),
            "megan_account": megan.account_id,
            "megan_user": megan.pk,
            "quokka_admin_user": quokka_admin.pk,
            "quokka": quokka.pk,
            "credit_request": credit_request.pk,
            "certiport_held": certiport.pk,
            "scenario": scenario_list()[0].key,
            "advance": finished_advance(),
            "job": finished_job(operator),
        },
        secrets={
            "lee": [learner.email, "Leonora Learnwell", str(lee_cert.mcid)],
            "olive": [olive.email, "Olwen Otterburn", "Olive Other", str(olive_cert.mcid)],
            "quokka": [
                "Quokka Quarries",
                "7310001",
                "quokka.example",
                "Quentin Quokka",
                "Marguerite Pemberton",
                "marguerite.p@outlook.example",
                str(megan_cert.mcid),
            ],
            "wombat": ["Wombat Works", "8420002", "wombat.example", "Wilhelmina Wombat"],
        },
    )


def finished_advance() -> int:
    """An advance of the clock that has finished, as its job page and the API read it (SIM-5)."""
    from certlink.models import ClockAdvance

    return ClockAdvance.objects.create(from_instant=START, to_instant=START, reached=START, finished=True).pk


def finished_job(operator: Account) -> str:
    """A background job that has finished (SIM-5): a scenario loaded by the operator."""
    return jobs.scenario_in_background(key="two-certification-profiles", by=operator)


def learner_mail(account: Account) -> int:
    from certlink.models import OutboxMessage

    return OutboxMessage.objects.filter(recipients__address=account.email).values_list("pk", flat=True).get()


def snapshot() -> dict[str, list[tuple]]:
    """Every row the product keeps, but the append-only records of attempts."""
    rows = {}
    for model in apps.get_models():
        label = model._meta.label
        if model._meta.app_label in {"profiles", "partners", "renewals", "sim"} and label not in GROWS_ON_REFUSAL:
            rows[label] = list(model.objects.order_by("pk").values_list())
    return rows


# --- The tables ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Route:
    allowed: frozenset[str]
    args: Callable[[World], Iterable[Any]] = lambda w: ()
    methods: str = "GP"  # G: GET shows something, P: POST does something
    data: Callable[[World], dict] = lambda w: {}


POINTS = {"area": "data-ai", "metric": "net-customer-adds", "points": 5}

PAGES: dict[str, Route] = {
    "home": Route(EVERYONE, methods="G"),
    "signin": Route(EVERYONE),
    "signout": Route(EVERYONE),
    "signup": Route(EVERYONE),
    "language_choose": Route(EVERYONE, methods="P", data=lambda w: {"language": "ja", "back": "/"}),  # PR-1
    "api_schema": Route(EVERYONE, methods="G"),
    "api_docs": Route(EVERYONE, methods="G"),
    "account": Route(SIGNED_IN, methods="G"),
    "password_change": Route(SIGNED_IN),
    # ID-4: the directory admins of a tenant manage its work accounts; Wombat's admin sees only Wombat's.
    "tenant_accounts": Route(frozenset({"other_admin"}), data=lambda w: {"email": "new@quokka.example"}),
    "tenant_account_delete": Route(frozenset(), args=lambda w: [w.ids["megan_account"]]),
    # LP-1: Learn is anyone's who signs in; each person reaches their own profile only.
    "learn_profile": Route(SIGNED_IN, methods="G"),
    "learn_settings": Route(SIGNED_IN, methods="G"),
    "learn_account_add": Route(SIGNED_IN),
    "learn_account_remove": Route(frozenset({"learner"}), args=lambda w: [w.ids["lee"]], methods="P"),
    "learn_merge": Route(SIGNED_IN),
    "learn_certifications": Route(SIGNED_IN, methods="G"),
    "learn_certifications_chart": Route(SIGNED_IN, methods="G"),  # the page's timeline: one's own certifications
    "learn_connect": Route(SIGNED_IN, methods="P"),
    "learn_transcript": Route(SIGNED_IN),
    "transcript_shared": Route(EVERYONE, args=lambda w: [w.ids["lee_share"]], methods="G"),  # LP-8: public
    "learn_doctor": Route(SIGNED_IN, methods="G"),
    # AL-5: each person proves, chooses and abandons their own alignment only.
    "learn_doctor_prove": Route(SIGNED_IN),
    "learn_doctor_path": Route(SIGNED_IN, methods="P", data=lambda w: {"path": "AL-1"}),
    "learn_doctor_abandon": Route(SIGNED_IN, methods="P"),
    "learn_renew": Route(frozenset({"learner"}), args=lambda w: [w.ids["lee_held"]]),
    # CP-1: a certification profile is reached with an MSA; work accounts are refused.
    "certification_dashboard": Route(MSAS, data=lambda w: {"action": "contact", "contact_email": "x@outlook.example"}),
    # AL-1: a request's private session is the requester's and the agents'.
    "support_list": Route(SIGNED_IN),
    "support_queue": Route(AGENTS, methods="G"),
    "support_detail": Route(
        frozenset({"learner"}) | AGENTS, args=lambda w: [w.ids["lee_support"]], data=lambda w: {"body": "hello"}
    ),
    "support_action": Route(AGENTS, args=lambda w: [w.ids["lee_support"], "join"], methods="P"),
    # SIM-2: everyone reads the mail sent to them; operators read all of it.
    "outbox": Route(SIGNED_IN, methods="G"),
    # PR-2: everyone signed in has notifications, each their own (the bell's count too).
    "notifications": Route(SIGNED_IN, data=lambda w: {"action": "read-all"}),
    "notifications_count": Route(SIGNED_IN, methods="G"),
    "outbox_message": Route(frozenset({"learner"}) | OPERATOR, args=lambda w: [w.ids["lee_mail"]], methods="G"),
    "outbox_message_html": Route(frozenset({"learner"}) | OPERATOR, args=lambda w: [w.ids["lee_mail"]], methods="G"),
    # SIM-1, SIM-3, CE-2: operators only.
    "sim_clock": Route(OPERATOR, data=lambda w: {"action": "by", "by": "1d"}),
    "sim_advance": Route(OPERATOR, args=lambda w: [w.ids["advance"]], methods="G"),
    "sim_scenarios": Route(OPERATOR, data=lambda w: {"key": w.ids["scenario"]}),
    "sim_reset": Route(OPERATOR, data=lambda w: {"understood": "on", "confirm": RESET_WORD}),
    "sim_populate": Route(OPERATOR, data=lambda w: {"learners": 3, "orgs": 0, "seed": 99}),
    "sim_job": Route(OPERATOR, args=lambda w: [w.ids["job"]], methods="G"),
    "sim_timeline_learner": Route(OPERATOR, args=lambda w: [w.ids["lee"]], data=lambda w: {"action": "next"}),
    "sim_timeline_organization": Route(OPERATOR, args=lambda w: [w.ids["quokka"]], data=lambda w: {"action": "next"}),
    "sim_timeline_organization_chart": Route(OPERATOR, args=lambda w: [w.ids["quokka"]], methods="G"),
    "sim_exam_results": Route(
        OPERATOR,
        data=lambda w: {
            "mcid": w.secrets["lee"][2],
            "exam_code": "AZ-104",
            "taken_on": "2026-01-05T09:00",
            "score": "800",
            "provider": "pearson_vue",
        },
    ),
    "sim_partners": Route(
        OPERATOR,
        data=lambda w: {
            "action": "organization",
            "name": "Numbat",
            "partner_id": "5550005",
            "domains": "numbat.example",
            "admin_email": "admin@numbat.example",
            "admin_name": "Nia",
            "track": "enterprise",
        },
    ),
    # PC-1: Partner Center is for users of a partner organisation; each sees their own organisation only.
    "partner_home": Route(PARTNERS, methods="G"),
    "partner_learn_profile": Route(PARTNERS, methods="G"),
    "partner_associate": Route(PARTNERS),
    "partner_associate_one_step": Route(PARTNERS, methods="P"),
    "partner_remove_access": Route(PARTNERS, methods="P"),
    "partner_university": Route(PARTNERS),
    "partner_users": Route(frozenset({"other_admin"}), data=lambda w: {"email": "x@quokka.example"}),
    "partner_user": Route(frozenset(), args=lambda w: [w.ids["megan_user"]], data=lambda w: {"action": "delete"}),
    "partner_skills": Route(frozenset({"other_admin"}), methods="G"),  # PC-11
    "partner_designations": Route(frozenset({"other_admin"}), data=lambda w: POINTS),
    "partner_designations_chart": Route(frozenset({"other_admin"}), args=lambda w: ["history"], methods="G"),
    "partner_why": Route(PARTNERS, methods="G"),  # PC-14
    "partner_support": Route(PARTNERS),  # PC-13
    "partner_support_queue": Route(AGENTS, data=lambda w: {"request": w.ids["credit_request"], "action": "accept"}),
}

LEE_SUPPORT = "/api/v1/certification/support-requests/{request_id}/"
PARTNER_REQUEST = "/api/v1/partner/support-requests/{request_id}/"


@dataclass(frozen=True)
class Operation:
    allowed: frozenset[str]
    params: Callable[[World], dict] = lambda w: {}
    body: Callable[[World], dict | None] = lambda w: None
    query: Callable[[World], dict] = lambda w: {}


OPERATIONS: dict[tuple[str, str], Operation] = {
    ("POST", "/api/v1/auth/token/"): Operation(EVERYONE),
    ("POST", "/api/v1/auth/token/revoke/"): Operation(SIGNED_IN),
    ("POST", "/api/v1/auth/password/"): Operation(
        SIGNED_IN, body=lambda w: {"current_password": "not-the-password", "new_password": "Brand-new-pass-1"}
    ),
    ("POST", "/api/v1/accounts/"): Operation(EVERYONE),
    ("GET", "/api/v1/me/"): Operation(SIGNED_IN),
    ("GET", "/api/v1/tenant/accounts/"): Operation(frozenset({"other_admin"})),
    ("POST", "/api/v1/tenant/accounts/"): Operation(
        frozenset({"other_admin"}), body=lambda w: {"email": "new@quokka.example"}
    ),
    ("DELETE", "/api/v1/tenant/accounts/{account_id}/"): Operation(
        frozenset(), params=lambda w: {"account_id": w.ids["megan_account"]}
    ),
    ("GET", "/api/v1/clock/"): Operation(SIGNED_IN),
    ("POST", "/api/v1/clock/advance/"): Operation(OPERATOR, body=lambda w: {"by": "1d"}),
    ("POST", "/api/v1/clock/advance/resume/"): Operation(OPERATOR),
    ("GET", "/api/v1/clock/advances/{advance_id}/"): Operation(
        OPERATOR, params=lambda w: {"advance_id": w.ids["advance"]}
    ),
    ("GET", "/api/v1/outbox/"): Operation(SIGNED_IN),
    ("GET", "/api/v1/notifications/"): Operation(SIGNED_IN),
    ("POST", "/api/v1/notifications/read/"): Operation(SIGNED_IN, body=lambda w: {"all": True}),
    ("GET", "/api/v1/outbox/{message_id}/"): Operation(
        frozenset({"learner"}) | OPERATOR, params=lambda w: {"message_id": w.ids["lee_mail"]}
    ),
    ("GET", "/api/v1/sim/scenarios/"): Operation(OPERATOR),
    ("POST", "/api/v1/sim/scenarios/{key}/load/"): Operation(OPERATOR, params=lambda w: {"key": w.ids["scenario"]}),
    ("POST", "/api/v1/sim/reset/"): Operation(OPERATOR, body=lambda w: {"confirm": RESET_WORD}),
    ("POST", "/api/v1/sim/populate/"): Operation(OPERATOR, body=lambda w: {"learners": 3, "orgs": 0, "seed": 99}),
    ("GET", "/api/v1/sim/jobs/{job_id}/"): Operation(OPERATOR, params=lambda w: {"job_id": w.ids["job"]}),
    ("GET", "/api/v1/sim/timeline/learner/{account_id}/"): Operation(
        OPERATOR, params=lambda w: {"account_id": w.ids["lee"]}
    ),
    ("GET", "/api/v1/sim/timeline/organization/{organization_id}/"): Operation(
        OPERATOR, params=lambda w: {"organization_id": w.ids["quokka"]}
    ),
    ("GET", "/api/v1/learn/profile/"): Operation(SIGNED_IN),
    ("POST", "/api/v1/learn/accounts/"): Operation(SIGNED_IN),
    ("DELETE", "/api/v1/learn/accounts/{account_id}/"): Operation(
        frozenset({"learner"}), params=lambda w: {"account_id": w.ids["lee"]}
    ),
    ("GET", "/api/v1/learn/certifications/"): Operation(SIGNED_IN),
    ("POST", "/api/v1/learn/certification-connection/"): Operation(SIGNED_IN),
    ("GET", "/api/v1/learn/doctor/"): Operation(SIGNED_IN),
    ("DELETE", "/api/v1/learn/doctor/"): Operation(SIGNED_IN),
    ("POST", "/api/v1/learn/doctor/prove/"): Operation(
        SIGNED_IN, body=lambda w: {"email": "nobody@outlook.example", "password": "not-a-password"}
    ),
    ("POST", "/api/v1/learn/doctor/path/"): Operation(SIGNED_IN, body=lambda w: {"path": "AL-1"}),
    ("POST", "/api/v1/learn/transcript/share/"): Operation(SIGNED_IN),
    ("DELETE", "/api/v1/learn/transcript/share/"): Operation(SIGNED_IN),
    ("GET", "/api/v1/transcripts/{token}/"): Operation(EVERYONE, params=lambda w: {"token": w.ids["lee_share"]}),
    ("GET", "/api/v1/certification/profile/"): Operation(MSAS),
    ("POST", "/api/v1/certification/profile/"): Operation(
        MSAS, body=lambda w: {"legal_name": "Someone Else", "contact_email": "else@outlook.example"}
    ),
    ("PATCH", "/api/v1/certification/profile/contact/"): Operation(
        MSAS, body=lambda w: {"contact_email": "else@outlook.example"}
    ),
    ("POST", "/api/v1/certification/profile/legal-name/"): Operation(
        MSAS, body=lambda w: {"legal_name": "Someone Else"}
    ),
    ("GET", "/api/v1/certification/support-requests/"): Operation(SIGNED_IN),
    ("POST", "/api/v1/certification/support-requests/"): Operation(SIGNED_IN),
    ("GET", LEE_SUPPORT): Operation(
        frozenset({"learner"}) | AGENTS, params=lambda w: {"request_id": w.ids["lee_support"]}
    ),
    ("POST", LEE_SUPPORT + "messages/"): Operation(
        frozenset({"learner"}) | AGENTS,
        params=lambda w: {"request_id": w.ids["lee_support"]},
        body=lambda w: {"body": "hello"},
    ),
    ("POST", LEE_SUPPORT + "join/"): Operation(AGENTS, params=lambda w: {"request_id": w.ids["lee_support"]}),
    ("POST", LEE_SUPPORT + "identity-check/"): Operation(AGENTS, params=lambda w: {"request_id": w.ids["lee_support"]}),
    ("POST", LEE_SUPPORT + "process/"): Operation(AGENTS, params=lambda w: {"request_id": w.ids["lee_support"]}),
    ("POST", LEE_SUPPORT + "reject/"): Operation(
        AGENTS, params=lambda w: {"request_id": w.ids["lee_support"]}, body=lambda w: {"reason": "No."}
    ),
    ("GET", "/api/v1/learn/renewals/{held_id}/"): Operation(
        frozenset({"learner"}), params=lambda w: {"held_id": w.ids["lee_held"]}
    ),
    ("POST", "/api/v1/learn/renewals/{held_id}/attempts/"): Operation(
        frozenset({"learner"}), params=lambda w: {"held_id": w.ids["lee_held"]}, body=lambda w: {"answers": {}}
    ),
    ("POST", "/api/v1/exam-results/"): Operation(
        OPERATOR,
        body=lambda w: {
            "mcid": int(w.secrets["lee"][2]),
            "exam_code": "AZ-104",
            "taken_at": "2026-01-05T09:00:00Z",
            "score": 800,
            "provider": "pearson_vue",
        },
    ),
    ("POST", "/api/v1/partner/organizations/"): Operation(
        OPERATOR,
        body=lambda w: {
            "name": "Numbat",
            "partner_id": "5550005",
            "domains": ["numbat.example"],
            "admin_email": "admin@numbat.example",
        },
    ),
    ("POST", "/api/v1/partner/university-completions/"): Operation(
        OPERATOR,
        body=lambda w: {
            "email": "uni@outlook.example",
            "assessment": "az-900",
            "title": "Azure",
            "completed_at": "2026-01-05T09:00:00Z",
        },
    ),
    ("GET", "/api/v1/partner/me/"): Operation(PARTNERS),
    ("GET", "/api/v1/partner/users/"): Operation(frozenset({"other_admin"})),
    ("POST", "/api/v1/partner/users/"): Operation(
        frozenset({"other_admin"}), body=lambda w: {"email": "x@quokka.example"}
    ),
    ("PATCH", "/api/v1/partner/users/{user_id}/"): Operation(
        frozenset(), params=lambda w: {"user_id": w.ids["megan_user"]}, body=lambda w: {"roles": ["global admin"]}
    ),
    ("DELETE", "/api/v1/partner/users/{user_id}/"): Operation(
        frozenset(), params=lambda w: {"user_id": w.ids["megan_user"]}
    ),
    ("GET", "/api/v1/partner/learn-profile/"): Operation(PARTNERS),
    ("POST", "/api/v1/partner/learn-profile/associate/"): Operation(
        PARTNERS, body=lambda w: {"email": "marguerite.p@outlook.example", "password": "Correct-horse-9"}
    ),
    ("POST", "/api/v1/partner/learn-profile/associate/university-email/"): Operation(
        PARTNERS, body=lambda w: {"password": "Correct-horse-9"}
    ),
    ("DELETE", "/api/v1/partner/learn-profile/association/"): Operation(PARTNERS),
    ("POST", "/api/v1/partner/learn-profile/university/"): Operation(
        PARTNERS, body=lambda w: {"email": "uni@outlook.example", "password": "Correct-horse-9", "sign_up": True}
    ),
    ("DELETE", "/api/v1/partner/learn-profile/university/"): Operation(PARTNERS),
    ("GET", "/api/v1/partner/skills-report/"): Operation(frozenset({"other_admin"})),
    ("GET", "/api/v1/partner/skills-report.csv"): Operation(frozenset({"other_admin"})),
    ("GET", "/api/v1/partner/designations/"): Operation(frozenset({"other_admin"})),
    ("GET", "/api/v1/partner/designations/history/"): Operation(frozenset({"other_admin"})),
    ("PUT", "/api/v1/partner/designations/inputs/"): Operation(frozenset({"other_admin"}), body=lambda w: POINTS),
    ("GET", "/api/v1/partner/why-not-counted/"): Operation(
        PARTNERS, query=lambda w: {"certification": "azure-administrator"}
    ),
    ("GET", "/api/v1/partner/support-requests/"): Operation(PARTNERS | AGENTS),
    ("POST", "/api/v1/partner/support-requests/"): Operation(
        PARTNERS,
        body=lambda w: {"person": w.ids["megan_user"], "held": w.ids["certiport_held"], "evidence": "A PDF"},
    ),
    ("POST", PARTNER_REQUEST + "accept/"): Operation(AGENTS, params=lambda w: {"request_id": w.ids["credit_request"]}),
    ("POST", PARTNER_REQUEST + "reject/"): Operation(
        AGENTS, params=lambda w: {"request_id": w.ids["credit_request"]}, body=lambda w: {"reason": "No."}
    ),
}

# A question about another person (PC-14) is a GET that must be refused too, with the person's id in the query.
ASIDES: list[tuple[str, Operation]] = [
    (
        "/api/v1/partner/why-not-counted/",
        Operation(
            frozenset(), query=lambda w: {"certification": "azure-administrator", "person": w.ids["quokka_admin_user"]}
        ),
    ),
]


# --- Completeness --------------------------------------------------------------------------------------------------


def page_routes() -> dict[str, str]:
    """Every named page route of the resolver (not the Django admin's, nor the API's): name → pattern."""

    def walk(patterns: list, prefix: str) -> Iterable[tuple[str, str | None]]:
        for entry in patterns:
            if isinstance(entry, URLResolver):
                yield from walk(entry.url_patterns, prefix + str(entry.pattern))
            elif isinstance(entry, URLPattern):
                yield prefix + str(entry.pattern), entry.name

    routes = {}
    for pattern, name in walk(get_resolver().url_patterns, ""):
        if pattern.startswith(("admin/", "api/v1/", "^api/")):
            continue
        assert name, f"the page route {pattern} has no name: name it and add it to PAGES"
        routes[name] = pattern
    return routes


def api_operations(client: Client) -> set[tuple[str, str]]:
    document = yaml.safe_load(client.get("/api/schema/").content)
    return {(method.upper(), path) for path, methods in document["paths"].items() for method in methods}


def test_every_page_route_is_in_the_table(db: None) -> None:
    routes = set(page_routes())
    assert routes - set(PAGES) == set(), "page routes without a row in PAGES: say who may use them"
    assert set(PAGES) - routes == set(), "rows of PAGES for routes that no longer exist"


def test_every_api_operation_is_in_the_table(client: Client, db: None) -> None:
    operations = api_operations(client)
    assert operations - set(OPERATIONS) == set(), "API operations without a row in OPERATIONS: say who may call them"
    assert set(OPERATIONS) - operations == set(), "rows of OPERATIONS for operations that no longer exist"


# --- Who may do what -----------------------------------------------------------------------------------------------


def body_of(response: Any) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode(errors="replace")
    return response.content.decode(errors="replace")


def page_client(account: Account | None) -> Client:
    client = Client()
    if account is not None:
        client.force_login(account, backend=BACKEND)
    return client


def api_client(account: Account | None) -> APIClient:
    client = APIClient()
    if account is not None:
        client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=account)[0].key}")
    return client


def page_denied(role: str, response: Any) -> bool:
    if role == "anonymous":
        return response.status_code == 302 and response["Location"].startswith(reverse("signin"))
    return response.status_code in (403, 404)


def page_allowed(response: Any) -> bool:
    return response.status_code < 400 and not (
        response.status_code == 302 and response["Location"].startswith(reverse("signin"))
    )


def api_denied(role: str, response: Any) -> bool:
    return response.status_code == (401 if role == "anonymous" else 403) or (
        role != "anonymous" and response.status_code == 404
    )


@pytest.mark.parametrize("role", ROLES)
def test_each_role_reaches_what_it_may_and_nothing_else(world: World, role: str) -> None:
    """ID-4, LP-1, CP-1, AL-1, SIM-2, PC-1, PC-2, PC-11, PC-13, PC-14: every page and operation as this role."""
    account = world.accounts[role]
    pages, api = page_client(account), api_client(account)
    problems: list[str] = []

    def check(what: str, response: Any, *, allowed: bool, denied: Callable[[Any], bool]) -> None:
        if response.status_code >= 500:
            problems.append(f"{what}: {response.status_code}")
        elif allowed and not (page_allowed(response) if what.startswith("page") else response.status_code < 300):
            problems.append(f"{what}: {response.status_code}, but {role} may")
        elif not allowed and not denied(response):
            problems.append(f"{what}: {response.status_code}, but {role} may not")
        if leaks := world.leaks(role, body_of(response)):
            problems.append(f"{what}: shows {leaks}")

    # Reads first: they change nothing.
    for name, route in PAGES.items():
        if "G" in route.methods:
            url = reverse(name, args=list(route.args(world)))
            response = pages.get(url)
            check(f"page GET {url}", response, allowed=role in route.allowed, denied=lambda r: page_denied(role, r))
    for (method, path), operation in [*OPERATIONS.items(), *((("GET", p), o) for p, o in ASIDES)]:
        if method == "GET":
            url = path.format(**operation.params(world))
            response = api.get(url, operation.query(world))
            check(f"API GET {url}", response, allowed=role in operation.allowed, denied=lambda r: api_denied(role, r))

    # Writes of a role that may not: refused, and nothing changes.
    for name, route in PAGES.items():
        if "P" in route.methods and role not in route.allowed:
            url = reverse(name, args=list(route.args(world)))
            before = snapshot()
            response = pages.post(url, route.data(world))
            check(f"page POST {url}", response, allowed=False, denied=lambda r: page_denied(role, r))
            if snapshot() != before:
                problems.append(f"page POST {url}: changed the world")
    for (method, path), operation in OPERATIONS.items():
        if method != "GET" and role not in operation.allowed:
            url = path.format(**operation.params(world))
            # A valid body, then an empty one: who may not is told so before anything is said of the input.
            for body in (operation.body(world), {}):
                before = snapshot()
                response = api.generic(method, url, json.dumps(body or {}), content_type="application/json")
                check(f"API {method} {url} {body}", response, allowed=False, denied=lambda r: api_denied(role, r))
                if snapshot() != before:
                    problems.append(f"API {method} {url}: changed the world")

    assert problems == [], "\n".join(problems)


# --- An account with a one-time password (ID-1; issue 16, finding 6) ---------------------------------------------

# What it may still do: sign out, change its password, and what anyone may do without signing in (the API's
# unauthenticated operations answer it as they answer anyone).
ONE_TIME_PAGES = frozenset({"password_change", "signout"})
ONE_TIME_OPERATIONS = frozenset(
    {
        ("POST", "/api/v1/auth/token/"),
        ("POST", "/api/v1/auth/token/revoke/"),
        ("POST", "/api/v1/auth/password/"),
        ("POST", "/api/v1/accounts/"),
        ("GET", "/api/v1/transcripts/{token}/"),
    }
)


def test_an_account_with_a_one_time_password_reaches_nothing_but_its_password_change(world: World) -> None:
    """Nina, whom Quokka's admin just created, has not chosen her own password: every other page sends her to
    choose it, every other API operation answers 403 password_change_required, and nothing changes."""
    quokka_admin = world.accounts["pc_user"].partner_user.organization.users.get(is_global_admin=True)
    nina, _ = partner_user_create(by=quokka_admin, email="nina@quokka.example", display_name="Nina New", now=START)
    pages, api = page_client(nina.account), api_client(nina.account)
    change = reverse("password_change")
    problems: list[str] = []
    before = snapshot()

    for name, route in PAGES.items():
        if name in ONE_TIME_PAGES:
            continue
        url = reverse(name, args=list(route.args(world)))
        for method in ("get", "post"):
            response = getattr(pages, method)(url, route.data(world) if method == "post" else {})
            if not (response.status_code == 302 and response["Location"].startswith(change)):
                problems.append(f"page {method.upper()} {url}: {response.status_code}")
    for (method, path), operation in OPERATIONS.items():
        if (method, path) in ONE_TIME_OPERATIONS:
            continue
        url = path.format(**operation.params(world))
        body = json.dumps(operation.body(world) or {}) if method != "GET" else None
        response = api.generic(method, url, body or "", content_type="application/json")
        if response.status_code != 403 or response.json().get("code") != "password_change_required":
            problems.append(f"API {method} {url}: {response.status_code} {body_of(response)[:80]}")

    assert problems == [], "\n".join(problems)
    assert snapshot() == before
    assert pages.get(change).status_code == 200
