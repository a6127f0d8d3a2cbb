"""The demo world `make run` loads: people to sign in as, one per situation of the alignment doctor (AL-5).
Loading it twice changes nothing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from django.conf import settings
from django.db import transaction

from certlink import clock
from partners.models import McidLink, PartnerOrganization, PartnerUser
from partners.services.links import mcid_link
from profiles.models import (
    Account,
    Certification,
    CertificationHeld,
    CertificationProfile,
    Domain,
    Exam,
    ExamResult,
    Tenant,
)
from profiles.rules.certification import expiry_for
from profiles.services import learn_profile_for, staff_tenant, work_account_add
from renewals.catalog import catalog_load
from renewals.policy import policy

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
    learn_with: tuple[str, ...] = ()  # other accounts (email, kind "work"/"msa" as "kind:email") on its Learn profile
    try_this: str = ""


TENANTS = {"Contoso": ["contoso.example"], "Fabrikam": ["fabrikam.example"]}

PERSONAS = [
    Persona(
        "operator",
        f"operator@{settings.STAFF_DOMAIN}",
        "work",
        settings.STAFF_TENANT_NAME,
        staff_role="operator",
        name="Olivia Operator",
        try_this="/sim/ to advance the clock; /outbox/",
    ),
    Persona(
        "support agent",
        f"agent@{settings.STAFF_DOMAIN}",
        "work",
        settings.STAFF_TENANT_NAME,
        staff_role="agent",
        name="Sam Support",
        try_this="/certification/support/queue/",
    ),
    Persona(
        "partner admin and global admin of Contoso in Partner Center",
        "admin@contoso.example",
        "work",
        "Contoso",
        tenant_admin=True,
        name="Adele Admin",
        try_this="/partner/ (skills report, designations, users)",
    ),
    Persona("employee (Contoso), work account", "megan@contoso.example", "work", "Contoso", name="Megan Bowen"),
    Persona("Megan's personal account on the same address (ID-2)", "megan@contoso.example", "msa", name="Megan Bowen"),
    Persona(
        "learner, no certification profile yet",
        "learner@outlook.example",
        "msa",
        name="Lee Learner",
        try_this="/learn/doctor/: no certification profile yet (CP-1), then /certification/",
    ),
    Persona(
        "learner, aligned and connected, a certification in its renewal window",
        "aligned@outlook.example",
        "msa",
        name="Alex Aligned",
        try_this="/learn/credentials/ then Renew",
    ),
    Persona(
        "learner, MSAs differ, work account on the profile (AL-2)",
        "kenji@outlook.example",
        "msa",
        name="Kenji Tanaka",
        learn_with=("work:kenji@contoso.example",),
        try_this="/learn/doctor/: show kenji.cert@…, follow AL-2",
    ),
    Persona("  Kenji's work account", "kenji@contoso.example", "work", "Contoso", name="Kenji Tanaka"),
    Persona("  Kenji's certification profile's MSA", "kenji.cert@outlook.example", "msa", name="Kenji Tanaka"),
    Persona(
        "learner, MSAs differ, no work account on the profile (AL-3, AL-1)",
        "ayaka@outlook.example",
        "msa",
        name="Ayaka Sato",
        try_this="/learn/doctor/: show ayaka.cert@… (AL-3), or ask support (AL-1)",
    ),
    Persona(
        "  Ayaka's work account, not on her profile yet", "ayaka@contoso.example", "work", "Contoso", name="Ayaka Sato"
    ),
    Persona("  Ayaka's certification profile's MSA", "ayaka.cert@outlook.example", "msa", name="Ayaka Sato"),
    Persona(
        "learner with two certification profiles (CP-4)",
        "li@outlook.example",
        "msa",
        name="Li Wei",
        try_this="/learn/doctor/: show li.old@…, ask support to merge (CP-4)",
    ),
    Persona("  Li's older certification profile's MSA", "li.old@outlook.example", "msa", name="Li Wei"),
    Persona(
        "learner whose certification MSA has its own Learn profile (LP-6)",
        "maria@outlook.example",
        "msa",
        name="Maria Garcia",
        try_this="/learn/doctor/: show maria.cert@…, then the LP-6 merge",
    ),
    Persona(
        "  Maria's work account, not on her profile yet (LP-6 needs it to remove her MSA)",
        "maria@fabrikam.example",
        "work",
        "Fabrikam",
        name="Maria Garcia",
    ),
    Persona("  Maria's certification profile's MSA", "maria.cert@outlook.example", "msa", name="Maria Garcia"),
    Persona(
        "learner, MSAs differ, no work or school account at all (AL-4)",
        "hiro@outlook.example",
        "msa",
        name="Hiro Yamada",
        try_this="/learn/doctor/: show hiro.cert@…, follow AL-4",
    ),
    Persona("  Hiro's certification profile's MSA", "hiro.cert@outlook.example", "msa", name="Hiro Yamada"),
]

# Certification profiles of the world: (MSA, legal name, contact email, connected to the MSA's Learn profile).
CERTIFICATION_PROFILES = [
    ("aligned@outlook.example", "Alex Aligned", "aligned@outlook.example", True),
    ("kenji.cert@outlook.example", "Kenji Tanaka", "kenji@outlook.example", False),
    ("ayaka.cert@outlook.example", "Ayaka Sato", "ayaka@outlook.example", False),
    ("li@outlook.example", "Li Wei", "li@outlook.example", False),
    ("li.old@outlook.example", "Li Wei", "li@outlook.example", False),
    ("maria.cert@outlook.example", "Maria Garcia", "maria@outlook.example", False),
    ("hiro.cert@outlook.example", "Hiro Yamada", "hiro@outlook.example", False),
]
# What each demo certification profile holds: (certification slug, exam, earned) — from the catalog data file.
HOLDINGS = {
    "aligned@outlook.example": [
        ("azure-administrator", "AZ-104", datetime(2025, 9, 15, 10, 0, tzinfo=UTC)),
        ("azure-developer", "AZ-204", datetime(2025, 2, 20, 10, 0, tzinfo=UTC)),  # in its renewal window
        ("azure-fundamentals", "AZ-900", datetime(2024, 11, 2, 10, 0, tzinfo=UTC)),
    ],
}
DEFAULT_HOLDING = [("azure-administrator", "AZ-104", datetime(2025, 9, 15, 10, 0, tzinfo=UTC))]


@transaction.atomic
def load_demo() -> list[Persona]:
    now = clock.now()
    tenants = _tenants()
    accounts = {(p.email, p.kind): _account(p, tenants, now) for p in PERSONAS}
    for persona in PERSONAS:
        if persona.kind == "msa" and not persona.role.startswith("  ") and "Megan" not in persona.role:
            learn = learn_profile_for(account=accounts[(persona.email, "msa")], now=now)
            for other in persona.learn_with:
                kind, email = other.split(":", 1)
                Account.objects.filter(email=email, kind=kind, learn_profile__isnull=True).update(
                    learn_profile=learn, learn_added_at=now
                )
    learn_profile_for(account=accounts[("maria.cert@outlook.example", "msa")], now=now)
    catalog_load()
    for number, (msa, legal_name, contact, connected) in enumerate(CERTIFICATION_PROFILES):
        _certification_profile(accounts[(msa, "msa")], legal_name, contact, connected, number, now)
    _partners(tenants, accounts, now)
    return PERSONAS


# Partner Center: (tenant, PartnerID, track), then (work email, roles) of its users.
ORGANIZATIONS = {"Contoso": ("4100001", "enterprise"), "Fabrikam": ("4200002", "smb")}
PARTNER_USERS = [
    ("admin@contoso.example", {"is_global_admin": True, "is_partner_admin": True}),
    ("megan@contoso.example", {}),
    ("kenji@contoso.example", {}),
    ("ayaka@contoso.example", {}),
]


def _partners(tenants: dict[str, Tenant], accounts: dict[tuple[str, str], Account], now: datetime) -> None:
    """Contoso and Fabrikam as partner organisations; Kenji has associated his MCID (its credit is pending ten
    days); Megan and Ayaka have not."""
    organizations = {}
    for name, (partner_id, track) in ORGANIZATIONS.items():
        organizations[name], _ = PartnerOrganization.objects.get_or_create(
            tenant=tenants[name], defaults={"name": name, "partner_id": partner_id, "track": track, "created_at": now}
        )
    for email, roles in PARTNER_USERS:
        PartnerUser.objects.get_or_create(
            account=accounts[(email, "work")],
            defaults={"organization": organizations["Contoso"], "created_at": now, **roles},
        )
    kenji = PartnerUser.objects.get(account=accounts[("kenji@contoso.example", "work")])
    if not McidLink.objects.filter(partner_user=kenji).exists():
        mcid_link(user=kenji, msa=accounts[("kenji.cert@outlook.example", "msa")], now=now)


def _tenants() -> dict[str, Tenant]:
    tenants = {settings.STAFF_TENANT_NAME: staff_tenant()}
    for name, domains in TENANTS.items():
        tenant, _ = Tenant.objects.get_or_create(name=name)
        for domain in domains:
            Domain.objects.get_or_create(name=domain, defaults={"tenant": tenant})
        tenants[name] = tenant
    return tenants


def _account(persona: Persona, tenants: dict[str, Tenant], now: datetime) -> Account:
    existing = Account.objects.filter(email=persona.email, kind=persona.kind, deleted_at__isnull=True).first()
    if existing:
        return existing
    if persona.kind == "msa":
        return Account.objects.create_user(
            persona.email, DEMO_PASSWORD, kind="msa", display_name=persona.name, created_at=now
        )
    account, _ = work_account_add(
        tenant=tenants[persona.tenant],
        email=persona.email,
        display_name=persona.name,
        now=now,
        is_tenant_admin=persona.tenant_admin,
        password=DEMO_PASSWORD,
    )
    if persona.staff_role:
        Account.objects.filter(pk=account.pk).update(
            staff_role=persona.staff_role, is_staff=True, is_superuser=persona.staff_role == "operator"
        )
    return account


def _certification_profile(
    msa: Account, legal_name: str, contact: str, connected: bool, number: int, now: datetime
) -> None:
    profile, created = CertificationProfile.objects.get_or_create(
        msa=msa,
        defaults={"mcid": 990_100_000 + number, "legal_name": legal_name, "contact_email": contact, "created_at": now},
    )
    if not created:
        return
    if connected:
        CertificationProfile.objects.filter(pk=profile.pk).update(learn_profile=msa.learn_profile, connected_at=now)
    for index, (slug, code, earned) in enumerate(HOLDINGS.get(msa.email, DEFAULT_HOLDING)):
        certification = Certification.objects.get(slug=slug)
        ExamResult.objects.create(
            profile=profile,
            exam=Exam.objects.get(code=code),
            provider="pearson_vue",
            taken_at=earned,
            score=812,
            passed=True,
        )
        CertificationHeld.objects.create(
            profile=profile,
            certification=certification,
            provider="pearson_vue",
            number=f"D{number:03d}-{4200 + 10 * number + index:04d}",
            earned_at=earned,
            expires_at=expiry_for(level=certification.level, earned_at=earned, policy=policy()),
        )
