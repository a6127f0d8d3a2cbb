"""The world of the accessibility and layout tests: a page of every area has something to show (the `cast` fixture,
made available to the folder by conftest.py), and who opens which of the main pages."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest

from certlink.clock import clock_advance, clock_set
from certlink.models import ClockAdvance
from partners.models import PartnerUser
from partners.services.links import mcid_link
from profiles import services
from profiles.models import Account
from sim import jobs
from tests.e2e.world import contoso_at, global_admin_of, partner_user
from tests.factories import PASSWORD, CertificationProfileFactory
from tests.partners.cast import holds, msa_with_profile

DAY0 = datetime(2026, 1, 12, 9, 0, tzinfo=UTC)


@dataclass
class Cast:
    learner: Account
    agent: Account
    operator: Account
    employee: PartnerUser
    partner_admin: PartnerUser
    job: str  # a background job the operator ran (SIM-5): a scenario loaded


@pytest.fixture
def cast(agent: Account, operator: Account) -> Cast:
    """A world in which every page has something to show: Lee, a learner whose certification profile is connected
    and who asked support to merge an older one (in the agent's queue; his welcome email in the outbox); Contoso, whose
    employee Megan linked her MCID and whose credit arrived."""
    clock_set(to=DAY0)
    lee = services.msa_sign_up(email="lee@outlook.example", password=PASSWORD, display_name="Lee Learner", now=DAY0)
    profile = CertificationProfileFactory(msa=lee, legal_name="Lee Learner", contact_email=lee.email)
    holds(profile, "azure-administrator", earned_at=DAY0 - timedelta(days=60))
    services.certification_connect(signed_in=lee, now=DAY0)
    older = CertificationProfileFactory(legal_name="Lee Learner")  # made long ago with another MSA (CP-4)
    services.support_request_open(
        requester=lee,
        kind="merge",
        claimed_mcid=profile.mcid,
        other_mcid=older.mcid,
        legal_name="Lee Learner",
        contact_email=lee.email,
        now=DAY0,
    )
    contoso = contoso_at(DAY0)
    megan = partner_user(contoso, "megan", "Megan Bowen", DAY0)
    megan_msa, megan_profile = msa_with_profile("megan.bowen", "Megan Bowen")
    holds(megan_profile, "azure-administrator")
    mcid_link(user=megan, msa=megan_msa, now=DAY0)
    clock_advance(to=DAY0 + timedelta(days=10))
    job = jobs.scenario_in_background(key="two-certification-profiles", by=operator)
    return Cast(lee, agent, operator, megan, global_admin_of(contoso), job)


def pages_of(cast: Cast) -> list[tuple[Account | None, list[str]]]:
    """Who opens which pages (None: nobody signed in)."""
    return [
        (None, ["/signin/"]),
        (
            cast.learner,
            [
                "/learn/",
                "/learn/settings/",
                "/learn/credentials/",
                "/learn/doctor/",
                "/certification/",
                "/outbox/",
                "/notifications/",
            ],
        ),
        (cast.agent, ["/certification/support/queue/"]),
        (cast.employee.account, ["/partner/learn-profile/"]),
        (
            cast.partner_admin.account,
            ["/partner/users/", "/partner/skills/", "/partner/designations/", "/partner/why/"],
        ),
        (
            cast.operator,
            [
                "/sim/",
                f"/sim/advances/{ClockAdvance.objects.latest('pk').pk}/",
                "/sim/scenarios/",
                "/sim/populate/",
                f"/sim/jobs/{cast.job}/",
                "/outbox/",
            ],
        ),
    ]
