"""The demo world `make run` loads: a few personas to sign in as. Loading it twice changes nothing."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db import transaction

from certlink import clock
from profiles.models import Account, Domain, Tenant
from profiles.services import staff_tenant, work_account_add

DEMO_PASSWORD = "Demo-pass-2026"


@dataclass(frozen=True)
class Persona:
    role: str
    email: str
    kind: str
    tenant: str = ""
    tenant_admin: bool = False
    staff_role: str = ""
    name: str = ""


TENANTS = {"Contoso": ["contoso.example"], "Fabrikam": ["fabrikam.example"]}

PERSONAS = [
    Persona(
        "operator",
        f"operator@{settings.STAFF_DOMAIN}",
        "work",
        settings.STAFF_TENANT_NAME,
        staff_role="operator",
        name="Olivia Operator",
    ),
    Persona(
        "support agent",
        f"agent@{settings.STAFF_DOMAIN}",
        "work",
        settings.STAFF_TENANT_NAME,
        staff_role="agent",
        name="Sam Support",
    ),
    Persona("learner", "learner@outlook.example", "msa", name="Lee Learner"),
    Persona(
        "partner admin (Contoso)", "admin@contoso.example", "work", "Contoso", tenant_admin=True, name="Adele Admin"
    ),
    Persona("employee (Contoso), work account", "megan@contoso.example", "work", "Contoso", name="Megan Bowen"),
    Persona(
        "employee (Contoso), personal account on the same address", "megan@contoso.example", "msa", name="Megan Bowen"
    ),
]


@transaction.atomic
def load_demo() -> list[Persona]:
    now = clock.now()
    staff = staff_tenant()
    tenants = {settings.STAFF_TENANT_NAME: staff}
    for name, domains in TENANTS.items():
        tenant, _ = Tenant.objects.get_or_create(name=name)
        for domain in domains:
            Domain.objects.get_or_create(name=domain, defaults={"tenant": tenant})
        tenants[name] = tenant
    for persona in PERSONAS:
        if Account.objects.filter(email=persona.email, kind=persona.kind, deleted_at__isnull=True).exists():
            continue
        if persona.kind == "msa":
            account = Account.objects.create_user(
                persona.email, DEMO_PASSWORD, kind="msa", display_name=persona.name, created_at=now
            )
        else:
            account, _ = work_account_add(
                tenant=tenants[persona.tenant],
                email=persona.email,
                display_name=persona.name,
                now=now,
                is_tenant_admin=persona.tenant_admin,
                password=DEMO_PASSWORD,
            )
        if persona.staff_role:
            account.staff_role = persona.staff_role
            account.is_staff = True
            account.is_superuser = persona.staff_role == "operator"
            account.save(update_fields=["staff_role", "is_staff", "is_superuser"])
    return PERSONAS
