"""PR-1 in Chromium: the main pages of every role read in Japanese and in Traditional Chinese when the browser asks
for them (Accept-Language, from the context's locale), with no English sentence left; Kenji's AL-2 journey at the
alignment doctor in Japanese, Megan's MCID link (PC-2, PC-9) in Traditional Chinese, each ending where its English
journey ends (tests/e2e/test_alignment.py, tests/e2e/test_partner_center.py); and the language switcher, whose
choice a person keeps after signing in.

The labels the journeys click are the catalogs' words (locale/ja and locale/zh_Hant), written out here as a person
reads them, so that a missing or changed translation fails the journey."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import UTC, datetime

import pytest
from django.conf import settings
from django.utils import translation

from certlink.clock import clock_set
from certlink.language import supported
from certlink.models import OutboxMessage
from partners.models import PartnerOrganization
from profiles.models import Account, Certification, CertificationHeld, CertificationProfile
from sim import jobs
from sim.demo import DEMO_PASSWORD, load_demo
from tests.e2e.cast import Cast, pages_of
from tests.e2e.conftest import TIMEOUT_MS, Web
from tests.e2e.steps import Locator, Page, advance_clock, expect, sign_in
from tests.e2e.world import contoso_at, partner_user
from tests.factories import (
    PASSWORD,
    START,
    AccountFactory,
    CertificationFactory,
    CertificationHeldFactory,
    CertificationProfileFactory,
)

LOCALES = {"ja": "ja-JP", "zh-Hant": "zh-TW"}  # the browser's locale: Chromium asks for it in Accept-Language

# The sign-in pages' words (steps.prove's, in each language).
SIGN_IN = {
    "ja": {
        "Sign in": "サインイン",
        "Email address": "メール アドレス",
        "Next": "次へ",
        "Which account do you want to use?": "どのアカウントを使用しますか?",
        Account.Kind.WORK: "職場または学校のアカウント",
        Account.Kind.MSA: "個人アカウント",
        "Enter password": "パスワードの入力",
        "Password": "パスワード",
    },
    "zh-Hant": {
        "Sign in": "登入",
        "Email address": "電子郵件地址",
        "Next": "下一步",
        "Which account do you want to use?": "您要使用哪個帳戶？",
        Account.Kind.WORK: "公司或學校帳戶",
        Account.Kind.MSA: "個人帳戶",
        "Enter password": "輸入密碼",
        "Password": "密碼",
    },
}


def person_in(web: Web, language: str) -> Page:
    """A new person whose browser speaks `language` (Playwright sets Accept-Language from the context's locale)."""
    context = web.browser.new_context(
        base_url=web.base_url, viewport={"width": 1280, "height": 900}, locale=LOCALES[language]
    )
    context.set_default_timeout(TIMEOUT_MS)
    web.contexts.append(context)
    return context.new_page()


def prove_in(page: Page, account: Account, language: str, password: str = PASSWORD) -> None:
    """steps.prove in `language`: the address, the kind where asked (ID-2), the password."""
    words = SIGN_IN[language]
    page.get_by_label(words["Email address"], exact=True).fill(account.email)
    page.get_by_role("button", name=words["Next"], exact=True).click()
    asked = page.get_by_role(
        "heading",
        name=re.compile(rf"^({re.escape(words['Which account do you want to use?'])}|{words['Enter password']})$"),
    )
    if asked.inner_text() == words["Which account do you want to use?"]:
        page.get_by_role("button", name=words[account.kind]).click()
    expect(page.get_by_role("heading", name=words["Enter password"], exact=True)).to_be_visible()
    page.get_by_label(words["Password"], exact=True).fill(password)
    page.get_by_role("button", name=words["Sign in"], exact=True).click()
    expect(page.get_by_role("heading", name=words["Enter password"], exact=True)).to_have_count(0)


def sign_in_in(page: Page, account: Account, language: str, password: str = PASSWORD) -> None:
    """steps.sign_in in `language`."""
    if "/signin/" not in page.url:
        page.goto("/signin/")
    expect(page.get_by_role("heading", level=1)).to_contain_text(SIGN_IN[language]["Sign in"])
    prove_in(page, account, language, password)


# ---------------------------------------------------------------------------------------------------------------
# a. No English sentence on the main pages


ALWAYS_ENGLISH = [  # product and proper names Microsoft keeps in English in ja and zh-Hant, and certlink's own
    "Microsoft Learning",
    "Microsoft Learn",
    "Microsoft Certified",
    "Microsoft",
    "Partner Center",
    "Partner University",
    "Learn",
    "Azure",
    "Certiport",
    "Pearson VUE",
    "MCID",
    "MSA",
    "API",
    "PartnerID",
    "CSV",
    "certlink",
    "Contoso",
    "Fabrikam",
    "UTC",
]
ENGLISH_RUN = re.compile(r"[A-Za-z][A-Za-z'’]*(?:[ \u00a0]+[A-Za-z][A-Za-z'’]*){2,}")
NOT_WORDS = [
    re.compile(r"https?://\S+"),  # URLs
    re.compile(r"(?<![\w/])/[\w./?=&%-]*"),  # paths
    re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"),  # email addresses
    re.compile(r"\b[A-Z]{1,5}-\d+[A-Za-z]?\b"),  # rule ids (PC-8, RN-8) and exam codes (AZ-104)
    re.compile(r"\b\w+(?:[_-]\w+)+\b"),  # codes: data-situation values, slugs, job ids
    re.compile(r"\b[0-9a-f]{8}(?:-[0-9a-f]{4}){3}-[0-9a-f]{12}\b"),  # ids of background jobs
]


BAR_AND_MAIN = """[...document.querySelectorAll('.topbar, main')].map((element) => element.innerText).join('\\n')"""


def proper_names() -> list[str]:
    """What may stay in English, longest first: the catalog's certification names, the names of the test world's
    people and organisations, and Microsoft's products."""
    names: set[str] = set(ALWAYS_ENGLISH)
    for certification in Certification.objects.values_list("name", flat=True):
        names.update({certification, certification.removeprefix("Microsoft Certified: ")})  # the short form too
    names.update(Account.objects.exclude(display_name="").values_list("display_name", flat=True))
    names.update(CertificationProfile.objects.exclude(legal_name="").values_list("legal_name", flat=True))
    names.update(PartnerOrganization.objects.values_list("name", flat=True))
    return sorted((name for name in names if name), key=len, reverse=True)


def emails_in_other_languages(language: str) -> list[str]:
    """The subjects of the outbox's emails written in another language than `language`: each is shown in its
    recipient's language, the one it was sent in (OutboxMessage.language)."""
    return [
        message.subject
        for message in OutboxMessage.objects.all()
        if (supported(message.language) or settings.LANGUAGE_CODE) != supported(language)
    ]


def pages_in(cast: Cast, language: str) -> list[tuple[Account | None, list[str]]]:
    """pages_of(cast), with the page of a scenario load the operator started in `language` instead of the cast's
    (a job's report is written in its requester's language, sim.jobs: the cast's operator started his in English)."""
    with translation.override(language):
        job = jobs.scenario_in_background(key="two-certification-profiles", by=cast.operator)
    return [
        (account, [f"/sim/jobs/{job}/" if path == f"/sim/jobs/{cast.job}/" else path for path in paths])
        for account, paths in pages_of(cast)
    ]


def english_runs(text: str, names: Iterable[str]) -> list[str]:
    """The runs of three or more English words left in `text` once names, addresses, codes and numbers are out."""
    for pattern in NOT_WORDS[:3]:
        text = pattern.sub(" · ", text)
    for name in names:
        text = text.replace(name, " · ")
    for pattern in NOT_WORDS[3:]:
        text = pattern.sub(" · ", text)
    return [match.group(0) for match in ENGLISH_RUN.finditer(text)]


def test_pr1_no_english_sentence_is_left_on_the_main_pages_in_japanese_or_traditional_chinese(
    web: Web, cast: Cast
) -> None:
    # Nobody of the world chose a language (msa_sign_up keeps the one of the sign-up, English here, as Lee's choice,
    # which would win over his browser's): every page follows the browser's Accept-Language.
    Account.objects.update(language="")
    findings: list[str] = []
    for language in LOCALES:
        pages = pages_in(cast, language)
        names = sorted([*proper_names(), *emails_in_other_languages(language)], key=len, reverse=True)
        for account, paths in pages:
            page = person_in(web, language)
            for n, path in enumerate(paths):
                page.goto(path)
                if account and n == 0:
                    sign_in_in(page, account, language)
                    expect(page).to_have_url(re.compile(rf"{re.escape(path)}$"))
                expect(page.get_by_role("main")).to_be_visible()
                expect(page.locator("html")).to_have_attribute("lang", re.compile(rf"^{language}$", re.IGNORECASE))
                text = page.evaluate(BAR_AND_MAIN)
                runs = english_runs(text, names)
                findings += [f"{path} ({language}): {run!r}" for run in dict.fromkeys(runs)]
                if runs:
                    web.shot(page, f"english-{language}{path.rstrip('/').replace('/', '-')}")
            page.context.close()
            web.contexts.remove(page.context)
    assert not findings, "English left on the main pages:\n" + "\n".join(findings)


# ---------------------------------------------------------------------------------------------------------------
# b. AL-2 in Japanese: Kenji follows the doctor

JA_DATE = re.compile(r"\d{4}年\d{1,2}月\d{1,2}日")


@pytest.fixture
def demo(db: None) -> None:
    load_demo()


def demo_account(email: str, kind: str = "msa") -> Account:
    return Account.objects.get(email=email, kind=kind, deleted_at__isnull=True)


class KenjiInJapanese:
    """test_alignment.Learner's steps, in the doctor's Japanese words."""

    def __init__(self, web: Web) -> None:
        self.web, self.page, self.shots = web, person_in(web, "ja"), 0

    def shot(self, step: str) -> None:
        self.shots += 1
        self.web.shot(self.page, f"kenji-ja-{self.shots:02d}-{step}")

    def path(self, rule: str) -> Locator:
        return self.page.get_by_role("region", name=re.compile(rf"^{re.escape(rule)} "))

    def doctor(self) -> None:
        self.page.get_by_role("navigation", name="Learn プロフィール").get_by_role(
            "link", name="アカウント調整の診断"
        ).click()
        expect(self.page.get_by_role("heading", name="アカウント調整の診断", exact=True)).to_be_visible()

    def at(self, rule: str, step: int, of: int, situation: str = "") -> None:
        expect(self.page.get_by_role("heading", name="あなたの手順", exact=True)).to_be_visible()
        expect(self.path(rule)).to_contain_text(f"現在、{of} ステップ中 {step} ステップ目です。")
        if situation:
            expect(self.page.locator(".diagnosis")).to_have_attribute("data-situation", situation)
        self.shot(f"{rule}-step-{step}")

    def do_this_step(self, rule: str) -> None:
        self.path(rule).get_by_role("link", name="この手順を実行").click()

    def sign_in(self, who: Account) -> None:
        sign_in_in(self.page, who, "ja", DEMO_PASSWORD)


def test_pr1_al2_a_learner_follows_the_doctor_in_japanese(web: Web, demo: None) -> None:
    old, work, cert = (
        demo_account("kenji@outlook.example"),
        demo_account("kenji@contoso.example", "work"),
        demo_account("kenji.cert@outlook.example"),
    )
    kenji = KenjiInJapanese(web)
    page = kenji.page
    page.goto("/learn/doctor/")
    kenji.sign_in(old)
    expect(page.locator(".diagnosis")).to_have_attribute("data-situation", re.compile(r"."))
    expect(page.locator("html")).to_have_attribute("lang", "ja")
    kenji.at("AL-5", 1, 1, "certification_profile_not_proven")
    # Dates in Japanese, times in UTC (certlink/formats/ja): the simulated clock of the top bar.
    expect(page.locator("#sim-now-time")).to_have_text(re.compile(rf"^{JA_DATE.pattern} \d{{2}}:\d{{2}} UTC$"))
    # AL-5: show the certification profile by signing in with its MSA.
    kenji.do_this_step("AL-5")
    expect(page.get_by_role("heading", name="認定プロフィールを提示", exact=True)).to_be_visible()
    prove_in(page, cert, "ja", DEMO_PASSWORD)
    expect(page.get_by_role("status")).to_contain_text("certlink があなたの認定プロフィールを認識しました。")
    kenji.at("AL-2", 1, 7, "msas_differ_with_work_account")
    # The README's picture (docs/img/doctor-ja.png): the doctor's main column at 1280 px, AL-2's seven steps.
    page.screenshot(path=str(web.artifacts / "doctor-ja.png"), full_page=True, clip=page.locator("main").bounding_box())
    # 1. Sign in with the work account (the doctor's own sign-in link brings him back).
    kenji.do_this_step("AL-2")
    kenji.sign_in(work)
    kenji.at("AL-2", 2, 7)
    # 2.-3. Settings: remove the MSA.
    kenji.do_this_step("AL-2")
    page.get_by_role("button", name=f"{old.email} を削除").click()
    expect(page.get_by_role("status")).to_contain_text(f"{old.email} を Learn プロフィールから削除しました。")
    kenji.doctor()
    kenji.at("AL-2", 4, 7, "msas_differ_with_work_account")
    expect(page.locator("#map-cert").locator("..")).to_contain_text("kenji.cert@outlook.example")
    # 4. Add the certification profile's MSA.
    kenji.do_this_step("AL-2")
    heading = page.get_by_role("heading", name=re.compile(r"^(設定|アカウントの追加)$"))
    expect(heading).to_be_visible()
    if heading.inner_text() == "設定":
        page.get_by_role("link", name="アカウントの追加").click()
    expect(page.get_by_role("heading", name="アカウントの追加", exact=True)).to_be_visible()
    prove_in(page, cert, "ja", DEMO_PASSWORD)
    kenji.doctor()
    kenji.at("AL-2", 5, 7, "certification_msa_on_this_profile")
    # 5.-6. Sign out, sign in again with the newly added MSA.
    kenji.do_this_step("AL-2")
    page.get_by_role("button", name="サインアウト", exact=True).click()
    expect(page.get_by_role("heading", name="サインアウトしました")).to_be_visible()
    kenji.shot("signed-out")
    page.get_by_role("link", name="もう一度サインイン").click()
    kenji.sign_in(cert)
    expect(page.get_by_role("heading", name="アカウント調整の診断", exact=True)).to_be_visible()
    kenji.at("AL-2", 7, 7, "ready_to_connect")
    # 7. Connect.
    kenji.do_this_step("AL-2")
    page.get_by_role("button", name="認定プロフィールを接続").click()
    mcid = CertificationProfile.objects.get(msa__email="kenji.cert@outlook.example").mcid
    expect(page.get_by_role("status")).to_contain_text(f"認定プロフィール（MCID {mcid}）を接続しました。")
    expect(page.locator("main")).to_contain_text(re.compile(JA_DATE.pattern))
    kenji.shot("connected")
    kenji.doctor()
    expect(page.locator(".diagnosis")).to_have_attribute("data-situation", "aligned")
    expect(page.locator(".diagnosis")).to_contain_text("認定プロフィールはこの Learn プロフィールに接続されています。")
    kenji.shot("aligned")


# ---------------------------------------------------------------------------------------------------------------
# c. PC-2 and PC-9 in Traditional Chinese: Megan links her MCID (test_partner_center's world)

EARNED = datetime(2025, 11, 3, 9, 0, tzinfo=UTC)


@pytest.fixture
def megan_msa(db: None) -> Account:
    return AccountFactory(email="megan.bowen@outlook.example", display_name="Megan Bowen")


@pytest.fixture
def megan_admin_cert(megan_msa: Account) -> CertificationHeld:
    """Azure Administrator Associate on Megan's certification profile, earned long before she links."""
    profile = CertificationProfileFactory(msa=megan_msa, legal_name="Megan Bowen", contact_email=megan_msa.email)
    administrator = CertificationFactory(
        slug="azure-administrator", level="associate", name="Microsoft Certified: Azure Administrator Associate"
    )
    return CertificationHeldFactory(
        profile=profile, certification=administrator, earned_at=EARNED, expires_at=EARNED.replace(year=2026)
    )


def test_pr1_pc2_an_employee_links_her_mcid_in_traditional_chinese(
    web: Web,
    megan_msa: Account,
    megan_admin_cert: CertificationHeld,
    operator: Account,
) -> None:
    megan_at_contoso = partner_user(contoso_at(START), "megan", "Megan Bowen", START)
    megan = person_in(web, "zh-Hant")
    operator_page = web.person()  # the operator reads English: only Megan's browser asks for Chinese
    # PC-2: on 我的 Learn 設定檔 she associates her MCID by signing in with her certification profile's MSA.
    megan.goto("/partner/")
    sign_in_in(megan, megan_at_contoso.account, "zh-Hant")
    expect(megan.locator("html")).to_have_attribute("lang", re.compile(r"^zh-hant$", re.IGNORECASE))
    megan.get_by_role("link", name="我的 Learn 設定檔", exact=True).click()
    expect(megan.locator("[data-linked]")).to_have_text(
        "沒有任何 Microsoft Learning 帳戶與您的合作夥伴中心帳戶建立關聯。"
    )
    web.shot(megan, "01-my-learn-profile")
    megan.get_by_role("link", name="關聯 Microsoft Learning 帳戶").click()
    expect(megan.get_by_role("heading", name="登入您的認證設定檔")).to_be_visible()
    web.shot(megan, "02-sign-in-to-the-certification-profile")
    prove_in(megan, megan_msa, "zh-Hant")
    mcid = megan_admin_cert.profile.mcid
    expect(megan.get_by_role("status")).to_contain_text(f"MCID {mcid} 現在已與 Contoso 建立關聯。")
    pending = megan.get_by_role("table", name="待處理的積分")
    expect(pending).to_contain_text("Azure Administrator Associate")
    expect(pending).to_contain_text("待處理至 2026年1月15日")
    web.shot(megan, "03-linked-credit-pending")
    # PC-9: nine simulated days later it is still pending; on the tenth it is in Partner Center.
    operator_page.goto("/sim/")
    sign_in(operator_page, operator)
    advance_clock(operator_page, by="9d")
    megan.reload()
    expect(megan.get_by_role("table", name="待處理的積分")).to_contain_text("待處理至 2026年1月15日")
    web.shot(megan, "04-nine-days-later-still-pending")
    advance_clock(operator_page, by="1d")
    web.shot(operator_page, "05-operator-advanced-the-clock")
    megan.reload()
    expect(megan.get_by_role("table", name="待處理的積分")).to_have_count(0)
    credits = megan.get_by_role("table", name="合作夥伴中心中的積分")
    expect(credits).to_contain_text("Azure Administrator Associate")
    expect(credits.get_by_role("row").nth(1)).to_contain_text("2026年1月15日")
    web.shot(megan, "06-credit-in-partner-center")


# ---------------------------------------------------------------------------------------------------------------
# d. The switcher


def test_pr1_the_switcher_changes_the_language_and_keeps_it_after_signing_in(web: Web, operator: Account) -> None:
    clock_set(to=datetime(2026, 1, 12, 9, 0, tzinfo=UTC))
    page = web.person()  # an English browser
    page.goto("/signin/")
    expect(page.locator("html")).to_have_attribute("lang", re.compile(r"^en", re.IGNORECASE))
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    switcher = page.locator("form.lang")
    switcher.locator("summary").click()
    expect(switcher.get_by_role("button", name="日本語")).to_be_visible()
    web.shot(page, "01-switcher-open")
    switcher.get_by_role("button", name="日本語").click()
    expect(page).to_have_url(re.compile(r"/signin/$"))
    expect(page.locator("html")).to_have_attribute("lang", "ja")
    expect(page.get_by_role("heading", level=1)).to_contain_text("サインイン")
    expect(page.locator("form.lang summary")).to_contain_text("日本語")
    web.shot(page, "02-signin-in-japanese")
    prove_in(page, operator, "ja")
    page.goto("/sim/")
    expect(page.locator("html")).to_have_attribute("lang", "ja")
    expect(page.get_by_role("main")).not_to_contain_text("Advance by")
    expect(page.locator("#sim-now-time")).to_have_text(re.compile(rf"^{JA_DATE.pattern} \d{{2}}:\d{{2}} UTC$"))
    web.shot(page, "03-signed-in-still-japanese")
    page.goto("/outbox/")
    expect(page.locator("html")).to_have_attribute("lang", "ja")
    web.shot(page, "04-outbox-in-japanese")
