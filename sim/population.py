"""SIM-4: the population generator. A large, realistic world for demos and measurement: learners with their MSA,
Learn profile and certification profile, about ten certifications each from the catalog (earned over the last two
years, expiring a year later, fundamentals never; some through Certiport) with their exam results, partner
organisations whose employees have work accounts and Partner Center users, most of whom have linked their MCID.

The same seed draws the same world. Rows go in by one `executemany` per table and batch, the same on every database
(`sim.population_writer`), a batch of learners per transaction, a few statements per table and batch whatever its
size. Partner Center's copy of credits and the renewal reminders are not generated: they are due work, which the
clock's next tick or advance does (SIM-1)."""

from __future__ import annotations

import random
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils.translation import gettext

from certlink.errors import Refusal
from partners.models import LinkEvent, McidLink, PartnerOrganization, PartnerUser
from profiles.models import (
    Account,
    Certification,
    CertificationHeld,
    CertificationProfile,
    Domain,
    ExamResult,
    LearnProfile,
    Tenant,
)
from renewals import rules as renewal_rules
from renewals.policy import policy
from sim import population_world as world
from sim.population_writer import BulkWriter, Row

POPULATION_PASSWORD = "Population-pass-2026"
FIRST_PARTNER_ID = 7_000_001
BATCH = 5000
TABLES = [
    Tenant,
    Domain,
    PartnerOrganization,
    LearnProfile,
    Account,
    CertificationProfile,
    CertificationHeld,
    ExamResult,
    PartnerUser,
    McidLink,
    LinkEvent,
]

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class PopulationSpec:
    learners: int
    orgs: int
    seed: int
    largest_org: int | None = None  # people in organisation 0 (the big partner the benchmarks measure)
    employed_share: float = 0.6  # learners with a work account at a partner organisation
    linked_share: float = 0.85  # of those, the ones whose MCID is associated (PC-2)
    connected_share: float = 0.9  # certification profiles connected to their Learn profile (CP-2)


@dataclass
class PopulationReport:
    counts: Counter[str] = field(default_factory=Counter)
    seconds: float = 0.0


def population_create(*, spec: PopulationSpec, now: datetime, progress: Progress | None = None) -> PopulationReport:
    """Generate the world of `spec` as of `now`. Refused when the world already holds this population."""
    started = time.monotonic()
    catalog = _catalog()
    if not catalog:
        raise Refusal("catalog_missing", gettext("The catalog is empty: load it first (manage.py load_catalog)."))
    writer = BulkWriter(TABLES)
    report = PopulationReport()
    rng, employer = _draw(spec)
    _refuse_if_populated(_first_email(rng))
    organizations = _organizations(spec, writer, now, report)
    batch = _Batch(spec, rng, writer, catalog, organizations, now)
    for start in range(0, spec.learners, BATCH):
        indexes = range(start, min(start + BATCH, spec.learners))
        with transaction.atomic():
            report.counts.update(batch.write([(i, employer[i]) for i in indexes]))
        if progress:
            progress(indexes.stop, spec.learners)
    writer.finish()
    report.seconds = time.monotonic() - started
    return report


def population_check(spec: PopulationSpec) -> None:
    """The population's refusal (already generated in this world), before any work: the request that starts it as a
    job (SIM-5) checks it too, so that it is answered at once."""
    rng, _ = _draw(spec)
    _refuse_if_populated(_first_email(rng))


def _draw(spec: PopulationSpec) -> tuple[random.Random, list[int]]:
    """The seed's generator and its first draw, each learner's employer; the people are drawn next."""
    rng = random.Random(spec.seed)
    employer = world.employers(
        rng, learners=spec.learners, orgs=spec.orgs, share=spec.employed_share, largest=spec.largest_org
    )
    return rng, employer


def _catalog() -> list[world.CatalogEntry]:
    certifications = Certification.objects.prefetch_related("exams", "prerequisites").order_by("pk")
    return [
        world.CatalogEntry(
            id=c.pk,
            slug=c.slug,
            level=c.level,
            release=c.release_date,
            retirement=c.retirement_date,
            exam_ids=tuple(sorted(e.pk for e in c.exams.all())),
            prerequisites=tuple(sorted(p.pk for p in c.prerequisites.all())),
        )
        for c in certifications
    ]


def _first_email(rng: random.Random) -> str:
    """The first learner's address, drawn without moving `rng` on (the same draw as _Batch._person's)."""
    state = rng.getstate()
    first, last = world.person_name(rng)
    email = world.personal_email(first, last, 1, rng)
    rng.setstate(state)
    return email


def _refuse_if_populated(email: str) -> None:
    if Account.objects.filter(email=email, kind=Account.Kind.MSA).exists():
        raise Refusal(
            "population_exists",
            gettext("This world already holds a generated population (%(email)s exists). Start from a fresh database.")
            % {"email": email},
        )


@dataclass(frozen=True)
class _Org:
    id: int
    tenant_id: int
    domain: str


def _organizations(spec: PopulationSpec, writer: BulkWriter, now: datetime, report: PopulationReport) -> list[_Org]:
    drawn = world.organizations(spec.orgs, first_partner_id=FIRST_PARTNER_ID)
    tenant_ids, org_ids = writer.ids(Tenant, len(drawn)), writer.ids(PartnerOrganization, len(drawn))
    domain_ids = writer.ids(Domain, len(drawn))
    created = now - timedelta(days=1500)
    with transaction.atomic():
        writer.write(Tenant, [{"id": t, "name": o.name} for t, o in zip(tenant_ids, drawn, strict=True)])
        domains = zip(domain_ids, tenant_ids, drawn, strict=True)
        writer.write(Domain, [{"id": d, "tenant_id": t, "name": o.domain} for d, t, o in domains])
        writer.write(
            PartnerOrganization,
            [
                {"id": g, "name": o.name, "partner_id": o.partner_id, "tenant_id": t, "track": o.track}
                | {"created_at": created}
                for g, t, o in zip(org_ids, tenant_ids, drawn, strict=True)
            ],
        )
    report.counts.update({"tenants": len(drawn), "partner organisations": len(drawn)})
    return [_Org(g, t, o.domain) for g, t, o in zip(org_ids, tenant_ids, drawn, strict=True)]


def _in_earned_order(held: list[Row]) -> None:
    """Put a batch's certifications held in the order they were earned, ids and all, as a real table grows: those
    that expire on the same day then share pages, which a reminder's sweep reads together, instead of lying one to a
    page across the batch. Nothing else in a batch refers to a certification held by its id."""
    ids = sorted(row["id"] for row in held)
    held.sort(key=lambda row: row["earned_at"])  # stable: the same seed, the same order
    for row, pk in zip(held, ids, strict=True):
        row["id"] = pk


class _Batch:
    """The rows of a batch of learners, drawn in learner order (so the same seed draws the same rows)."""

    def __init__(
        self,
        spec: PopulationSpec,
        rng: random.Random,
        writer: BulkWriter,
        catalog: list[world.CatalogEntry],
        organizations: list[_Org],
        now: datetime,
    ) -> None:
        self.spec, self.rng, self.writer, self.now, self.orgs = spec, rng, writer, now, organizations
        self.draw = world.CertificationDraw(catalog, today=now.date())
        self.password = make_password(POPULATION_PASSWORD)  # one hash for everyone: hashing 100,000 is too slow
        taken_mcids = set(CertificationProfile.objects.values_list("mcid", flat=True))
        taken_numbers = {world.number_code(n) for n in CertificationHeld.objects.values_list("number", flat=True)}
        self.mcids = world.Unique(rng, 10_000_000, 1_000_000_000, taken_mcids)
        self.numbers = world.Unique(rng, 0, world.NUMBER_CODES, taken_numbers)
        self.admins: set[int] = set()  # organisations whose first employee (their global admin) is written
        self.validity = policy()

    def write(self, people: list[tuple[int, int]]) -> Counter[str]:
        rows: dict[type, list[Row]] = {model: [] for model in TABLES}
        for index, employer in people:
            self._person(index, employer, rows)
        _in_earned_order(rows[CertificationHeld])
        for model, items in rows.items():
            if items:
                self.writer.write(model, items)
        return Counter(
            {
                "learners": len(people),
                "accounts": len(rows[Account]),
                "certification profiles": len(rows[CertificationProfile]),
                "certifications held": len(rows[CertificationHeld]),
                "exam results": len(rows[ExamResult]),
                "partner users": len(rows[PartnerUser]),
                "live MCID links": len(rows[McidLink]),
            }
        )

    def _person(self, index: int, employer: int, rows: dict[type, list[Row]]) -> None:
        rng, w = self.rng, self.writer
        first, last = world.person_name(rng)
        email = world.personal_email(first, last, index + 1, rng)
        name = f"{first} {last}"
        joined = world.midnight(self.now.date() - timedelta(days=rng.randint(760, 2500)))
        learn_id, msa_id = w.ids(LearnProfile, 1)[0], w.ids(Account, 1)[0]
        profile_id = w.ids(CertificationProfile, 1)[0]
        rows[LearnProfile].append({"id": learn_id, "display_name": name, "created_at": joined})
        rows[Account].append(self._account(msa_id, "msa", email, name, joined, learn_id))
        connected = rng.random() < self.spec.connected_share
        contact = email if rng.random() < 0.9 else f"{first}{last}{index + 1}@gmail.example".lower()
        rows[CertificationProfile].append(
            {
                "id": profile_id,
                "mcid": self.mcids.draw(),
                "msa_id": msa_id,
                "legal_name": name,
                "contact_email": contact,
                "created_at": joined,
                "learn_profile_id": learn_id if connected else None,
                "connected_at": joined if connected else None,
            }
        )
        for earned in self.draw.draw(rng, rng.randint(1, 20)):
            self._held(profile_id, earned, rows)
        if employer >= 0:
            self._employee(index, employer, first, last, learn_id, profile_id, rows)

    def _account(self, pk: int, kind: str, email: str, name: str, at: datetime, learn_id: int | None) -> Row:
        return {
            "id": pk,
            "kind": kind,
            "email": email,
            "password": self.password,
            "display_name": name,
            "created_at": at,
            "learn_profile_id": learn_id,
            "learn_added_at": at if learn_id else None,
        }

    def _held(self, profile_id: int, earned: world.Earned, rows: dict[type, list[Row]]) -> None:
        entry, at, rng = earned.certification, earned.earned_at, self.rng
        held_id = self.writer.ids(CertificationHeld, 1)[0]
        rows[CertificationHeld].append(
            {
                "id": held_id,
                "profile_id": profile_id,
                "certification_id": entry.id,
                "number": world.certification_number(self.numbers.draw()),
                "provider": earned.provider,
                "earned_at": at,
                "expires_at": renewal_rules.expiry_for(level=entry.level, earned_at=at, policy=self.validity),
            }
        )
        result = {"profile_id": profile_id, "provider": earned.provider, "passed": True}
        if rng.random() < 0.1:  # a failed first attempt some weeks before
            failed = at - timedelta(days=rng.randint(14, 60))
            exam = entry.exam_ids[0] if entry.exam_ids else None
            if exam is not None:
                rows[ExamResult].append(
                    result
                    | {"id": self._result_id(), "exam_id": exam, "taken_at": failed}
                    | {"score": rng.randint(400, 699), "passed": False}
                )
        for exam in entry.exam_ids:  # CE-2: every required exam passed; the last one on the day it was earned
            rows[ExamResult].append(
                result | {"id": self._result_id(), "exam_id": exam, "taken_at": at, "score": rng.randint(700, 1000)}
            )

    def _result_id(self) -> int:
        return self.writer.ids(ExamResult, 1)[0]

    def _employee(
        self, index: int, employer: int, first: str, last: str, learn_id: int, profile_id: int, rows: dict
    ) -> None:
        rng, org = self.rng, self.orgs[employer]
        joined = world.midnight(self.now.date() - timedelta(days=rng.randint(60, 1500)))
        work_id, user_id = self.writer.ids(Account, 1)[0], self.writer.ids(PartnerUser, 1)[0]
        admin = org.id not in self.admins
        self.admins.add(org.id)
        on_learn = learn_id if rng.random() < 0.4 else None  # LP-2: a work account added to the Learn profile
        account = self._account(work_id, "work", f"{first}.{last}.{index + 1}@{org.domain}".lower(), "", joined, None)
        account |= {"display_name": f"{first} {last}", "tenant_id": org.tenant_id, "is_tenant_admin": admin}
        account |= {"learn_profile_id": on_learn, "learn_added_at": joined if on_learn else None}
        rows[Account].append(account)
        partner_admin = admin or rng.random() < 0.01
        rows[PartnerUser].append(
            {
                "id": user_id,
                "organization_id": org.id,
                "account_id": work_id,
                "is_global_admin": admin,
                "is_partner_admin": partner_admin,
                "is_report_viewer": rng.random() < 0.02,
                "created_at": joined,
            }
        )
        if rng.random() < self.spec.linked_share:
            self._link(user_id, work_id, org, profile_id, joined, rows)

    def _link(self, user_id: int, work_id: int, org: _Org, profile_id: int, joined: datetime, rows: dict) -> None:
        # Associated after joining, mostly long ago; a few within the last ten days, whose credits are pending (PC-9).
        days = min(self.rng.randint(0, 400), (self.now - joined).days)
        started = world.midnight(self.now.date() - timedelta(days=days))
        mcid = rows[CertificationProfile][-1]["mcid"]
        link_id = self.writer.ids(McidLink, 1)[0]
        rows[McidLink].append(
            {"id": link_id, "partner_user_id": user_id, "organization_id": org.id, "profile_id": profile_id}
            | {"method": McidLink.Method.LEARN, "started_at": started}
        )
        rows[LinkEvent].append(
            {
                "id": self.writer.ids(LinkEvent, 1)[0],
                "kind": LinkEvent.Kind.LINKED,
                "at": started,
                "actor_id": work_id,
                "partner_user_id": user_id,
                "organization_id": org.id,
                "mcid": mcid,
                "code": "linked",
                "message": gettext("MCID %(mcid)s was associated (generated population).") % {"mcid": mcid},
                "details": {"method": McidLink.Method.LEARN, "generated": True},
            }
        )
