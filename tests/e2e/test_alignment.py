"""The alignment paths of seed 000 in Chromium, every step through the pages: AL-3 (add a work account, swap the
personal account, connect) as the alignment doctor leads it (AL-5), and AL-1 (certification support changes the
certification profile's personal account) with the agent in a second browser. The client-level tests of the same
paths are in tests/profiles/test_pages_alignment.py."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote

import pytest

from profiles import services
from profiles.models import Account, CertificationProfile, LearnProfile, Tenant
from tests.e2e.conftest import Web
from tests.e2e.steps import Locator, Page, expect, prove, sign_in, sign_out
from tests.factories import START, AccountFactory, CertificationProfileFactory, WorkAccountFactory


@dataclass
class Ayaka:
    """Ayaka's Learn profile uses one personal account, her certification profile another."""

    learn_msa: Account
    cert_msa: Account
    work: Account
    learn: LearnProfile
    certification: CertificationProfile


@pytest.fixture
def ayaka(contoso: Tenant) -> Ayaka:
    learn_msa = AccountFactory(email="ayaka.learn@outlook.example", display_name="Ayaka Sato")
    cert_msa = AccountFactory(email="ayaka.cert@outlook.example", display_name="Ayaka Sato")
    certification = CertificationProfileFactory(
        msa=cert_msa, legal_name="Ayaka Sato", contact_email="ayaka.learn@outlook.example"
    )
    learn = services.learn_profile_for(account=learn_msa, now=START)
    work = WorkAccountFactory(tenant=contoso, email="ayaka@contoso.example", display_name="Ayaka Sato")
    return Ayaka(learn_msa, cert_msa, work, learn, certification)


# The doctor as the learner keeps it open: AL-3 asked for by name, since once a work account is on the profile the
# doctor otherwise goes on with the same remaining steps numbered as AL-2's (profiles.rules.alignment.diagnose).
DOCTOR_AL3 = f"/learn/doctor/?cert_email={quote('ayaka.cert@outlook.example')}&path=AL-3"


def path_of(page: Page, rule: str) -> Locator:
    """The doctor's panel of a path (AL-1, AL-3, CP-3, …)."""
    return page.get_by_role("region", name=re.compile(rf"^{re.escape(rule)} "))


def on_step(page: Page, rule: str, step: int, of: int) -> None:
    expect(path_of(page, rule)).to_contain_text(f"You are on step {step} of {of}.")


def do_this_step(page: Page, rule: str) -> None:
    path_of(page, rule).get_by_role("link", name="Do this step").click()


def situation(page: Page, name: str) -> None:
    expect(page.locator(".diagnosis")).to_have_attribute("data-situation", name)


def test_al3_without_a_work_account_the_learner_follows_the_doctor_through_twelve_steps_and_ends_connected(
    web: Web, ayaka: Ayaka
) -> None:
    page = web.person()
    # 1. Sign in to Learn with the current personal account; the doctor finds the certification profile by its MSA.
    page.goto("/learn/doctor/")
    sign_in(page, ayaka.learn_msa)
    page.get_by_text("My certification profile isn't found, or I have no work account").click()
    page.get_by_label("The personal account (MSA) your certification profile uses, if you know it").fill(
        ayaka.cert_msa.email
    )
    page.get_by_role("button", name="Check again").click()
    situation(page, "msas_differ_without_work_account")
    on_step(page, "AL-3", 2, 12)
    web.shot(page, "01-doctor-al3-step-2")
    # 2. Go to the Settings page.  3. Select Add account.  4. Sign in with the work or school account to add it.
    do_this_step(page, "AL-3")
    expect(page.get_by_role("heading", name="Account management")).to_be_visible()
    web.shot(page, "02-settings")
    page.get_by_role("link", name="Add account").click()
    expect(page.get_by_role("heading", name="Add an account")).to_be_visible()
    prove(page, ayaka.work)
    expect(page.get_by_role("status")).to_contain_text("ayaka@contoso.example was added to your Learn profile.")
    web.shot(page, "03-work-account-added")
    # 5. Sign out.  6. Sign in again with the work or school account.
    page.goto(DOCTOR_AL3)
    on_step(page, "AL-3", 5, 12)
    do_this_step(page, "AL-3")
    sign_out(page)
    page.goto(DOCTOR_AL3)
    sign_in(page, ayaka.work)
    on_step(page, "AL-3", 7, 12)
    # 7. Back in Account management, remove the personal account.
    do_this_step(page, "AL-3")
    page.get_by_role("button", name=f"Remove {ayaka.learn_msa.email}").click()
    expect(page.get_by_role("status")).to_contain_text(f"{ayaka.learn_msa.email} was removed from your Learn profile.")
    web.shot(page, "04-personal-account-removed")
    # 8. Add account: sign in with the personal account the certification profile uses.
    page.goto(DOCTOR_AL3)
    on_step(page, "AL-3", 8, 12)
    do_this_step(page, "AL-3")
    prove(page, ayaka.cert_msa)
    expect(page.get_by_role("status")).to_contain_text(f"{ayaka.cert_msa.email} was added to your Learn profile.")
    # 9. Sign out.  10. Sign in with the newly added personal account.
    page.goto(DOCTOR_AL3)
    on_step(page, "AL-3", 9, 12)
    do_this_step(page, "AL-3")
    sign_out(page)
    page.goto(DOCTOR_AL3)
    sign_in(page, ayaka.cert_msa)
    situation(page, "ready_to_connect")
    web.shot(page, "05-doctor-ready-to-connect")
    # 11. Complete the certification profile connection.
    do_this_step(page, "CP-3")
    page.get_by_role("button", name="Connect certification profile").click()
    expect(page.get_by_role("status")).to_contain_text(
        f"Your certification profile (MCID {ayaka.certification.mcid}) is connected."
    )
    web.shot(page, "06-connected")
    # 12. (Optional) remove the work or school account.
    page.get_by_role("navigation", name="Learn profile").get_by_role("link", name="Settings").click()
    page.get_by_role("button", name=f"Remove {ayaka.work.email}").click()
    expect(page.get_by_role("status")).to_contain_text(f"{ayaka.work.email} was removed")
    page.get_by_role("link", name="Alignment doctor").click()
    situation(page, "aligned")
    web.shot(page, "07-doctor-aligned")
    ayaka.certification.refresh_from_db()
    assert ayaka.certification.learn_profile == ayaka.learn
    assert set(ayaka.learn.accounts.values_list("email", flat=True)) == {ayaka.cert_msa.email}


def test_al1_a_support_agent_in_another_browser_verifies_and_processes_the_learners_request(
    web: Web, ayaka: Ayaka, agent: Account
) -> None:
    learner, sam = web.person(), web.person()
    # The doctor recommends AL-1 to a learner who has no work or school account to add.
    learner.goto("/learn/doctor/")
    sign_in(learner, ayaka.learn_msa)
    learner.get_by_text("My certification profile isn't found, or I have no work account").click()
    learner.get_by_label("The personal account (MSA) your certification profile uses, if you know it").fill(
        ayaka.cert_msa.email
    )
    learner.get_by_label("I have no work or school account I could add").check()
    learner.get_by_role("button", name="Check again").click()
    on_step(learner, "AL-1", 1, 6)
    # 1.-3. Certification support: ask to change the personal account of the certification profile.
    do_this_step(learner, "AL-1")
    learner.get_by_label("What do you need?").select_option(
        label="Change the personal account of my certification profile"
    )
    learner.get_by_label("MCID of your certification profile").fill(str(ayaka.certification.mcid))
    learner.get_by_label("Legal name on that profile").fill("Ayaka Sato")
    learner.get_by_label("Contact email on that profile").fill("ayaka.learn@outlook.example")
    learner.get_by_label("Anything else").fill("Please use my Learn account.")
    learner.get_by_role("button", name="Send request").click()
    expect(learner.get_by_role("status")).to_contain_text("was sent. An agent will join a private session.")
    number = re.search(r"/certification/support/(\d+)/", learner.url)
    assert number, learner.url
    web.shot(learner, "01-learner-request-sent")
    # 4. An agent, in a browser of their own, joins a private session and verifies her identity.
    sam.goto("/certification/support/queue/")
    sign_in(sam, agent)
    sam.get_by_role("link", name=f"#{number.group(1)}", exact=True).click()
    sam.get_by_role("button", name="Join the private session").click()
    sam.get_by_label("Message").fill("Please confirm your legal name and contact email.")
    sam.get_by_role("button", name="Send").click()
    web.shot(sam, "02-agent-in-session")
    learner.reload()
    expect(learner.locator(".thread")).to_contain_text("Please confirm your legal name and contact email.")
    learner.get_by_label("Message").fill("Ayaka Sato, ayaka.learn@outlook.example")
    learner.get_by_role("button", name="Send").click()
    sam.reload()
    expect(sam.locator(".thread")).to_contain_text("Ayaka Sato, ayaka.learn@outlook.example")
    sam.get_by_role("button", name="Record identity check").click()
    expect(sam.locator(".state")).to_have_attribute("data-state", "verified")
    # The agent processes the request; the learner is told by email.
    sam.get_by_role("button", name="Process request").click()
    expect(sam.locator(".state")).to_have_attribute("data-state", "processed")
    web.shot(sam, "03-agent-processed")
    learner.goto("/certification/support/")
    expect(learner.locator("td[data-state]").first).to_have_text("Done")
    learner.get_by_role("navigation", name="Main").get_by_role("link", name="Outbox").click()
    learner.get_by_role("link", name=f"Your certification support request #{number.group(1)} is done").click()
    web.shot(learner, "04-learner-email")
    # 5. Signed in with her Learn personal account, she completes the connection.
    learner.goto("/learn/doctor/")
    situation(learner, "ready_to_connect")
    do_this_step(learner, "CP-3")
    learner.get_by_role("button", name="Connect certification profile").click()
    expect(learner.get_by_role("status")).to_contain_text(
        f"Your certification profile (MCID {ayaka.certification.mcid}) is connected."
    )
    web.shot(learner, "05-connected")
    ayaka.certification.refresh_from_db()
    assert (ayaka.certification.msa, ayaka.certification.learn_profile) == (ayaka.learn_msa, ayaka.learn)
