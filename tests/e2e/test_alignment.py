"""Seed 000's journeys in Chromium, on `make run`'s demo world (sim.demo), each from the README's persona to a
connected profile: Kenji (AL-2), Ayaka (AL-3; AL-1 with the agent in a second browser), Hiro (AL-4, a new Learn
profile), Li (CP-4, support merges two MCIDs) and Maria (LP-6, a Learn profile merge).

At every step the learner opens the alignment doctor and follows only its own links (its "Do this step", its
sign-out and sign-in, the Learn menu back to the doctor); the doctor keeps the path they are on (AL-5), so its step
counter only ever moves forward within one path. The client-level tests of the same paths are in
tests/profiles/test_pages_alignment.py."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest

from profiles.models import Account, CertificationProfile
from sim.demo import DEMO_PASSWORD, load_demo
from tests.e2e.conftest import Web
from tests.e2e.steps import Locator, Page, expect, prove, sign_in, sign_out


@pytest.fixture
def demo(db: None) -> None:
    load_demo()


def account(email: str, kind: str = "msa") -> Account:
    return Account.objects.get(email=email, kind=kind, deleted_at__isnull=True)


def mcid_of(msa_email: str) -> int:
    return CertificationProfile.objects.get(msa__email=msa_email).mcid


def path_of(page: Page, rule: str) -> Locator:
    """The doctor's panel of a path (AL-1, AL-3, CP-3, …)."""
    return page.get_by_role("region", name=re.compile(rf"^{re.escape(rule)} "))


@dataclass
class Learner:
    """A demo persona at the doctor, in a browser of their own, with the screenshots of their journey."""

    web: Web
    page: Page
    name: str
    shots: int = 0

    def shot(self, step: str) -> None:
        self.shots += 1
        self.web.shot(self.page, f"{self.name}-{self.shots:02d}-{step}")

    def doctor(self) -> None:
        """Back to the doctor by the Learn menu, as a person would."""
        self.page.get_by_role("navigation", name="Learn profile").get_by_role("link", name="Alignment doctor").click()
        expect(self.page.get_by_role("heading", name="Alignment doctor", exact=True)).to_be_visible()

    def at(self, rule: str, step: int, of: int, situation: str = "") -> None:
        """The doctor shows `rule` as the learner's path, on `step` of `of`."""
        expect(self.page.get_by_role("heading", name="Your path")).to_be_visible()
        expect(path_of(self.page, rule)).to_contain_text(f"You are on step {step} of {of}.")
        if situation:
            expect(self.page.locator(".diagnosis")).to_have_attribute("data-situation", situation)
        self.shot(f"{rule}-step-{step}")

    def do_this_step(self, rule: str) -> None:
        path_of(self.page, rule).get_by_role("link", name="Do this step").click()

    def show_certification_profile(self, rule: str, msa: Account) -> None:
        """AL-5: the doctor's first step: sign in with the certification profile's MSA to show it is theirs."""
        self.do_this_step(rule)
        expect(self.page.get_by_role("heading", name="Show your certification profile")).to_be_visible()
        prove(self.page, msa, DEMO_PASSWORD)
        expect(self.page.get_by_role("status")).to_contain_text("certlink now knows your certification profile.")

    def sign_out_and_in(self, rule: str, who: Account) -> None:
        """The doctor's sign-out step, then "Sign in again", which comes back to the doctor."""
        self.do_this_step(rule)
        sign_out(self.page)
        self.page.get_by_role("link", name="Sign in again").click()
        sign_in(self.page, who, DEMO_PASSWORD)
        expect(self.page.get_by_role("heading", name="Alignment doctor", exact=True)).to_be_visible()

    def remove(self, rule: str, old: Account) -> None:
        self.do_this_step(rule)
        self.page.get_by_role("button", name=f"Remove {old.email}").click()
        expect(self.page.get_by_role("status")).to_contain_text(f"{old.email} was removed from your Learn profile.")
        self.doctor()

    def add(self, rule: str, new: Account) -> None:
        self.do_this_step(rule)
        heading = self.page.get_by_role("heading", name=re.compile(r"^(Settings|Add an account)$"))
        expect(heading).to_be_visible()
        if heading.inner_text() == "Settings":  # the step was "Go to the Settings page": then Add account
            self.page.get_by_role("link", name="Add account").click()
        expect(self.page.get_by_role("heading", name="Add an account")).to_be_visible()
        prove(self.page, new, DEMO_PASSWORD)

    def connect(self, rule: str, mcid: int) -> None:
        self.do_this_step(rule)
        self.page.get_by_role("button", name="Connect certification profile").click()
        expect(self.page.get_by_role("status")).to_contain_text(
            f"Your certification profile (MCID {mcid}) is connected."
        )
        self.shot("connected")
        self.doctor()
        expect(self.page.locator(".diagnosis")).to_have_attribute("data-situation", "aligned")
        expect(self.page.locator(".diagnosis")).to_contain_text("is connected to this Learn profile")
        self.shot("aligned")

    def follow_instead(self, rule: str) -> None:
        path_of(self.page, rule).get_by_role("button", name="Follow this path instead").click()


def agent_joins(web: Web, number: str) -> Page:
    """The demo's support agent, in a browser of their own, opens request #`number` from the queue and joins."""
    sam = web.person()
    sam.goto("/certification/support/queue/")
    sign_in(sam, account("agent@certlink.example", "work"), DEMO_PASSWORD)
    sam.get_by_role("link", name=f"#{number}", exact=True).click()
    sam.get_by_role("button", name="Join the private session").click()
    return sam


def start(web: Web, name: str, email: str) -> Learner:
    """The persona signs in from the doctor's address, as the README says."""
    learner = Learner(web, web.person(), name)
    learner.page.goto("/learn/doctor/")
    sign_in(learner.page, account(email), DEMO_PASSWORD)
    expect(learner.page.locator(".diagnosis")).to_have_attribute("data-situation", re.compile(r"."))
    return learner


def test_al2_kenji_replaces_his_learn_msa_using_his_work_account_and_connects(web: Web, demo: None) -> None:
    kenji = start(web, "kenji", "kenji@outlook.example")
    old, work, cert = (
        account("kenji@outlook.example"),
        account("kenji@contoso.example", "work"),
        account("kenji.cert@outlook.example"),
    )
    kenji.at("AL-5", 1, 1, "certification_profile_not_proven")
    expect(kenji.page.locator("#map-cert").locator("..")).not_to_contain_text("kenji.cert@outlook.example")
    kenji.show_certification_profile("AL-5", cert)
    kenji.at("AL-2", 1, 7, "msas_differ_with_work_account")
    # 1. Sign in with the work account (the doctor's own sign-in link brings him back).
    kenji.do_this_step("AL-2")
    sign_in(kenji.page, work, DEMO_PASSWORD)
    kenji.at("AL-2", 2, 7)
    # 2.-3. Settings: remove the MSA. The doctor still knows his certification profile (it forgot it before).
    kenji.remove("AL-2", old)
    kenji.at("AL-2", 4, 7, "msas_differ_with_work_account")
    expect(kenji.page.locator("#map-cert").locator("..")).to_contain_text("kenji.cert@outlook.example")
    # 4. Add the certification profile's MSA.
    kenji.add("AL-2", cert)
    kenji.doctor()
    kenji.at("AL-2", 5, 7, "certification_msa_on_this_profile")
    # 5.-6. Sign out, sign in with the newly added MSA.
    kenji.sign_out_and_in("AL-2", cert)
    kenji.at("AL-2", 7, 7, "ready_to_connect")
    # 7. Connect.
    kenji.connect("AL-2", mcid_of("kenji.cert@outlook.example"))


def test_al3_ayaka_adds_her_work_account_then_replaces_her_learn_msa_and_connects(web: Web, demo: None) -> None:
    ayaka = start(web, "ayaka", "ayaka@outlook.example")
    old, work = account("ayaka@outlook.example"), account("ayaka@contoso.example", "work")
    cert = account("ayaka.cert@outlook.example")
    ayaka.show_certification_profile("AL-5", cert)
    ayaka.at("AL-3", 2, 12, "msas_differ_without_work_account")
    # 2.-4. Settings → Add account → her work account.
    ayaka.add("AL-3", work)
    ayaka.doctor()
    ayaka.at("AL-3", 5, 12, "msas_differ_with_work_account")  # still AL-3, counted as AL-3 (not AL-2's "1 of 7")
    # 5.-6. Sign out, sign in again with the work account.
    ayaka.sign_out_and_in("AL-3", work)
    ayaka.at("AL-3", 7, 12)
    # 7. Remove the personal account.
    ayaka.remove("AL-3", old)
    ayaka.at("AL-3", 8, 12)
    # 8. Add the certification profile's MSA.
    ayaka.add("AL-3", cert)
    ayaka.doctor()
    ayaka.at("AL-3", 9, 12, "certification_msa_on_this_profile")
    # 9.-10. Sign out, sign in with it.
    ayaka.sign_out_and_in("AL-3", cert)
    ayaka.at("AL-3", 11, 12, "ready_to_connect")
    # 11. Connect (12, removing the work account, is optional).
    ayaka.connect("AL-3", mcid_of("ayaka.cert@outlook.example"))


def test_al1_ayaka_asks_support_and_an_agent_in_another_browser_changes_her_certification_msa(
    web: Web, demo: None
) -> None:
    ayaka = start(web, "ayaka", "ayaka@outlook.example")
    mcid = mcid_of("ayaka.cert@outlook.example")
    ayaka.at("AL-5", 1, 1, "certification_profile_not_proven")
    # She can no longer sign in with her certification MSA: AL-1 is among the doctor's other ways.
    ayaka.follow_instead("AL-1")
    ayaka.at("AL-1", 1, 6)
    # 1.-3. Certification support: ask to change the personal account of the certification profile.
    ayaka.do_this_step("AL-1")
    page = ayaka.page
    page.get_by_label("What do you need?").select_option(
        label="Change the personal account of my certification profile"
    )
    page.get_by_label("MCID of your certification profile").fill(str(mcid))
    page.get_by_label("Legal name on that profile").fill("Ayaka Sato")
    page.get_by_label("Contact email on that profile").fill("ayaka@outlook.example")
    page.get_by_label("Anything else").fill("Please use my Learn account.")
    page.get_by_role("button", name="Send request").click()
    expect(page.get_by_role("status")).to_contain_text("was sent. An agent will join a private session.")
    number = re.search(r"/certification/support/(\d+)/", page.url)
    assert number, page.url
    ayaka.shot("request-sent")
    page.goto("/learn/doctor/")
    ayaka.at("AL-1", 4, 6, "msas_differ_support_requested")
    expect(page.locator("#map-cert").locator("..")).to_contain_text(f"MCID {mcid}, as you gave it")
    expect(page.locator("#map-cert").locator("..")).not_to_contain_text("ayaka.cert@outlook.example")
    # 4. An agent, in a browser of their own, joins, verifies her identity and processes the request.
    sam = agent_joins(web, number.group(1))
    sam.get_by_label("Message").fill("Please confirm your legal name and contact email.")
    sam.get_by_role("button", name="Send").click()
    page.goto(f"/certification/support/{number.group(1)}/")
    expect(page.locator(".thread")).to_contain_text("Please confirm your legal name and contact email.")
    page.get_by_label("Message").fill("Ayaka Sato, ayaka@outlook.example")
    page.get_by_role("button", name="Send").click()
    sam.reload()
    sam.get_by_role("button", name="Record identity check").click()
    expect(sam.locator(".state")).to_have_attribute("data-state", "verified")
    sam.get_by_role("button", name="Process request").click()
    expect(sam.locator(".state")).to_have_attribute("data-state", "processed")
    web.shot(sam, "agent-processed")
    # 5. Signed in with her Learn MSA, which her certification profile now uses: 6. connect.
    page.goto("/learn/doctor/")
    ayaka.at("AL-1", 6, 6, "ready_to_connect")
    ayaka.connect("AL-1", mcid)


def test_al4_hiro_with_no_work_account_uses_a_new_learn_profile_made_with_his_certification_msa(
    web: Web, demo: None
) -> None:
    hiro = start(web, "hiro", "hiro@outlook.example")
    cert = account("hiro.cert@outlook.example")
    hiro.show_certification_profile("AL-5", cert)
    hiro.at("AL-3", 2, 12)
    # He has no work or school account at all: he follows AL-4 instead.
    hiro.follow_instead("AL-4")
    hiro.at("AL-4", 1, 3, "msas_differ_without_work_account")
    # 1.-2. Sign out, sign in with the certification MSA: a new Learn profile is made for it.
    hiro.sign_out_and_in("AL-4", cert)
    hiro.at("CP-3", 1, 1, "ready_to_connect")
    # 3. Connect.
    hiro.connect("CP-3", mcid_of("hiro.cert@outlook.example"))
    assert account("hiro.cert@outlook.example").learn_profile_id != account("hiro@outlook.example").learn_profile_id


def test_cp4_li_shows_her_second_profile_support_merges_them_and_she_connects(web: Web, demo: None) -> None:
    li = start(web, "li", "li@outlook.example")
    mine, older = mcid_of("li@outlook.example"), mcid_of("li.old@outlook.example")
    li.at("CP-4", 1, 4, "two_certification_profiles")
    expect(li.page.locator("main")).not_to_contain_text(str(older))  # not proven yet: not shown (AL-5)
    # 1. Show the other profile by signing in with its MSA.
    li.show_certification_profile("CP-4", account("li.old@outlook.example"))
    li.at("CP-4", 2, 4)
    expect(li.page.locator(".diagnosis")).to_contain_text(f"MCIDs {min(mine, older)}, {max(mine, older)}")
    # 2. Ask certification support to merge them.
    li.do_this_step("CP-4")
    page = li.page
    page.get_by_label("What do you need?").select_option(label="Merge my certification profiles")
    page.get_by_label("MCID of your certification profile").fill(str(mine))
    page.get_by_label("Legal name on that profile").fill("Li Wei")
    page.get_by_label("Contact email on that profile").fill("li@outlook.example")
    page.get_by_label("For a merge: the other MCID").fill(str(older))
    page.get_by_role("button", name="Send request").click()
    expect(page.get_by_role("status")).to_contain_text("was sent. An agent will join a private session.")
    number = re.search(r"/certification/support/(\d+)/", page.url)
    assert number, page.url
    page.goto("/learn/doctor/")
    li.at("CP-4", 3, 4)
    # 3. An agent joins, verifies and merges (in a browser of their own).
    sam = agent_joins(web, number.group(1))
    sam.get_by_role("button", name="Record identity check").click()
    sam.get_by_role("button", name="Process request").click()
    expect(sam.locator(".state")).to_have_attribute("data-state", "processed")
    web.shot(sam, "agent-merged")
    # 4. Connect the surviving profile.
    page.goto("/learn/doctor/")
    li.at("CP-4", 4, 4)
    li.connect("CP-4", mine)


def test_lp6_maria_merges_the_learn_profile_of_her_certification_msa_and_connects(web: Web, demo: None) -> None:
    maria = start(web, "maria", "maria@outlook.example")
    old, work = account("maria@outlook.example"), account("maria@fabrikam.example", "work")
    cert = account("maria.cert@outlook.example")
    maria.show_certification_profile("AL-5", cert)
    maria.at("LP-6", 1, 10, "certification_msa_owns_another_learn_profile")
    # 1.-2. Add her work account (a merge can't bring a second MSA in, LP-2; removing hers needs it, LP-5).
    maria.add("LP-6", work)
    maria.doctor()
    maria.at("LP-6", 3, 10)
    # 3.-4. Sign out, sign in with the work account.
    maria.sign_out_and_in("LP-6", work)
    maria.at("LP-6", 5, 10)
    # 5.-6. Remove her personal account.
    maria.remove("LP-6", old)
    maria.at("LP-6", 7, 10)
    # 7.-8. Add the certification MSA: Learn offers the merge; confirm it.
    maria.add("LP-6", cert)
    expect(maria.page.get_by_role("heading", name="Merge Learn profiles?")).to_be_visible()
    maria.shot("merge-preview")
    maria.page.get_by_role("button", name="Merge profiles").click()
    maria.doctor()
    maria.at("LP-6", 9, 10, "certification_msa_on_this_profile")
    # 9. Sign out, sign in with the certification MSA.  10. Connect.
    maria.sign_out_and_in("LP-6", cert)
    maria.at("LP-6", 10, 10, "ready_to_connect")
    maria.connect("LP-6", mcid_of("maria.cert@outlook.example"))
