"""What scenarios are made of (SIM-3): the result an operator reads after loading one, and the steps that build a
world through the apps' services. Each load works on top of whatever world exists and names everything it creates
with a short suffix of its own (kenji.ab12@outlook.example, Contoso AB12, contoso-ab12.example), so loading a
scenario twice gives two independent copies."""

from __future__ import annotations

import secrets
import string
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from certlink.clock import OnMoment
from certlink.errors import Refusal, jsonable
from partners.models import PartnerOrganization, PartnerUser
from partners.services.organizations import organization_create, partner_user_create
from profiles.models import Account, CertificationHeld, CertificationProfile, Domain, Exam, Tenant
from profiles.services import (
    account_set_password,
    certification_profile_create,
    exam_result_record,
    msa_sign_up,
    staff_tenant,
    tenant_create,
    work_account_add,
)
from renewals.catalog import catalog_load
from sim.demo import DEMO_PASSWORD

PERSONAL_DOMAIN = "outlook.example"
_ALPHABET = string.ascii_lowercase + string.digits


@dataclass(frozen=True)
class SignIn:
    email: str
    kind: str  # "msa" (personal) or "work"
    who: str
    password: str = DEMO_PASSWORD  # "" when the account is not the scenario's and its password is its own


@dataclass(frozen=True)
class Step:
    text: str
    url: str = ""


@dataclass(frozen=True)
class Built:
    """What a scenario's build gives back: who to sign in as, what to try, and what should happen."""

    sign_ins: list[SignIn]
    steps: list[Step]
    expected: list[str]
    timelines: list[Step] = field(default_factory=list)
    facts: dict[str, Any] = field(default_factory=dict)  # ids and MCIDs, for tests and scripts


@dataclass(frozen=True)
class Scenario:
    key: str
    title: str | Promise  # lazily translated: the list is read in the reader's language
    rules: tuple[str, ...]
    description: str | Promise
    clock: str | Promise  # what loading does with the simulated clock, and why
    build: Callable[[Load], Built]


@dataclass(frozen=True)
class ScenarioResult:
    """A loaded scenario as an operator reads it (page, API, command)."""

    key: str
    title: str
    rules: tuple[str, ...]
    suffix: str
    now: datetime  # the simulated instant once loaded
    sign_ins: list[SignIn]
    steps: list[Step]
    expected: list[str]
    timelines: list[Step]
    facts: dict[str, Any]

    def as_dict(self) -> dict[str, Any]:
        return jsonable(asdict(self))


@dataclass
class Load:
    """One load of a scenario: the instant it is built at, who loads it, and the suffix of its names."""

    now: datetime
    by: Account | None
    suffix: str
    on_moment: OnMoment | None = None  # told of each moment when the scenario advances the clock (SIM-5's progress)

    @property
    def tag(self) -> str:
        return self.suffix.upper()

    def msa_email(self, local: str) -> str:
        return f"{local}.{self.suffix}@{PERSONAL_DOMAIN}"

    def domain(self, base: str) -> str:
        return f"{base}-{self.suffix}.example"

    def partner_id(self, prefix: int) -> str:
        return f"{prefix}{int(self.suffix, 36):07d}"


def new_load(*, now: datetime, by: Account | None, on_moment: OnMoment | None = None) -> Load:
    """A load with a suffix no earlier load used (checked against the names it would give)."""
    for _attempt in range(20):
        suffix = "".join(secrets.choice(_ALPHABET) for _letter in range(4))
        load = Load(now=now, by=by, suffix=suffix, on_moment=on_moment)
        taken = (
            Domain.objects.filter(name__endswith=f"-{suffix}.example").exists()
            or Account.objects.filter(email__contains=f".{suffix}@").exists()
            or PartnerOrganization.objects.filter(partner_id__in=[load.partner_id(7), load.partner_id(8)]).exists()
        )
        if not taken:
            return load
    raise RuntimeError("Could not find an unused scenario suffix")  # 20 collisions in 1.7 million: a bug


def ensure_catalog(*codes: str) -> None:
    """Scenarios earn certifications of the catalog (CE-1): load it if the exams they need are missing."""
    if Exam.objects.filter(code__in=codes).count() < len(set(codes)):
        catalog_load()


# --- people -------------------------------------------------------------------------------------------------


def personal_account(load: Load, local: str, name: str) -> Account:
    """A personal Microsoft account (ID-1), signed up as a person would (a welcome email goes to the outbox)."""
    return msa_sign_up(email=load.msa_email(local), password=DEMO_PASSWORD, display_name=name, now=load.now)


def directory(load: Load, name: str, base: str) -> Tenant:
    """An organisation's directory with one verified domain, not a partner organisation (AL-2, AL-3)."""
    return tenant_create(name=f"{name} {load.tag}", domains=[load.domain(base)])


def work_account(load: Load, tenant: Tenant, local: str, name: str) -> Account:
    domain = tenant.domains.values_list("name", flat=True).first()
    account, _created = work_account_add(
        tenant=tenant, email=f"{local}@{domain}", display_name=name, now=load.now, password=DEMO_PASSWORD
    )
    return account


def partner_organization(load: Load, name: str, base: str, prefix: int) -> PartnerOrganization:
    """A partner organisation (PC-1) whose first global admin, admin@<domain>, signs in with the demo password."""
    organization, admin, _password = organization_create(
        name=f"{name} {load.tag}",
        partner_id=load.partner_id(prefix),
        domains=[load.domain(base)],
        admin_email=f"admin@{load.domain(base)}",
        admin_name=f"{name} Admin",
        now=load.now,
    )
    account_set_password(account=admin.account, password=DEMO_PASSWORD)
    return organization


def admin_of(organization: PartnerOrganization) -> PartnerUser:
    return organization.users.select_related("account").filter(is_global_admin=True).order_by("pk")[:1].get()


def employee(load: Load, organization: PartnerOrganization, local: str, name: str) -> PartnerUser:
    """A Partner Center user created by the global admin (PC-1), with the demo password instead of a one-time one."""
    domain = organization.tenant.domains.values_list("name", flat=True).first()
    user, _password = partner_user_create(
        by=admin_of(organization), email=f"{local}@{domain}", display_name=name, now=load.now
    )
    account_set_password(account=user.account, password=DEMO_PASSWORD)
    return user


def certification_profile(load: Load, msa: Account, contact: Account | None = None) -> CertificationProfile:
    """CP-1: the profile of an MSA, with the contact email of `contact` (the person's everyday address)."""
    return certification_profile_create(
        account=msa, legal_name=msa.display_name, contact_email=(contact or msa).email, now=load.now
    )


def earn(
    load: Load, profile: CertificationProfile, exam: str, taken_at: datetime, provider: str = "pearson_vue"
) -> CertificationHeld:
    """CE-2: a passed exam as the delivery provider sends it (a past date is allowed, never a future one)."""
    outcome = exam_result_record(
        exam_code=exam, taken_at=taken_at, score=812, provider=provider, now=load.now, mcid=profile.mcid
    )
    if not outcome.earned:
        raise RuntimeError(f"{exam} earned nothing: {'; '.join(outcome.notes)}")  # the scenario's data is wrong
    return outcome.earned[0]


def support_agent(load: Load) -> SignIn:
    """The demo's support agent, created in the staff tenant if the world has none (AL-1, CP-4, PC-13 need one).
    An existing agent keeps its own password; the result says so."""
    email = f"agent@{settings.STAFF_DOMAIN}"
    agent = Account.objects.filter(email=email, kind="work", deleted_at__isnull=True).first()
    if agent is None:
        agent, _created = work_account_add(
            tenant=staff_tenant(), email=email, display_name="Sam Support", now=load.now, password=DEMO_PASSWORD
        )
        Account.objects.filter(pk=agent.pk).update(staff_role=Account.StaffRole.AGENT, is_staff=True)
        agent.refresh_from_db()
    if not agent.is_agent:
        raise Refusal(
            "no_support_agent",
            _("%(email)s exists but is not a support agent. Give it the agent role in /admin/, then load again.")
            % {"email": email},
        )
    password = DEMO_PASSWORD if agent.check_password(DEMO_PASSWORD) else ""
    return SignIn(email, "work", _("a certification and Partner Center support agent"), password)


def sign_in(account: Account, who: str) -> SignIn:
    return SignIn(account.email, account.kind, who)


# --- links in results ---------------------------------------------------------------------------------------


def learner_timeline(account: Account, who: str) -> Step:
    return Step(_("Timeline of %(who)s") % {"who": who}, reverse("sim_timeline_learner", args=[account.pk]))


def organization_timeline(organization: PartnerOrganization) -> Step:
    return Step(
        _("Timeline of %(who)s") % {"who": organization.name},
        reverse("sim_timeline_organization", args=[organization.pk]),
    )
