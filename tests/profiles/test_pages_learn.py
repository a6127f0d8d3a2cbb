"""Learn and certification pages: what each person sees and the refusals in words (LP, CP, AL-5)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from certlink.clock import clock_advance
from profiles import services
from profiles.models import Account, CertificationProfile, LearnActivity
from tests.factories import (
    START,
    AccountFactory,
    CertificationHeldFactory,
    CertificationProfileFactory,
    WorkAccountFactory,
)
from tests.helpers import page_text
from tests.profiles.journeys import Person


def person(account: Account) -> Person:
    someone = Person()
    someone.sign_in(account.email, account.kind)
    return someone


def test_lp1_opening_learn_with_a_new_account_creates_its_profile(learner: Account) -> None:
    lee = person(learner)
    assert "Lee Learner" in page_text(lee.client.get("/learn/"))
    learner.refresh_from_db()
    assert learner.learn_profile is not None


def test_lp4_adding_a_second_msa_is_refused_in_words(learner: Account) -> None:
    other = AccountFactory(email="lee.other@outlook.example")
    lee = person(learner)
    refused = lee.add_account(other.email, "msa")
    assert refused.status_code == 400
    text = page_text(refused)
    assert 'data-code="learn_msa_exists"' in text and "Remove it first" in text
    other.refresh_from_db()
    assert other.learn_profile is None


def test_lp3_adding_an_account_needs_its_password(learner: Account, employee: Account) -> None:
    lee = person(learner)
    refused = lee.add_account(employee.email, "work", password="not-it")
    assert 'data-code="signin_failed"' in page_text(refused)
    employee.refresh_from_db()
    assert employee.learn_profile is None


def test_lp5_removing_the_signed_in_or_last_account_is_refused_in_words(learner: Account) -> None:
    lee = person(learner)
    lee.open_settings()
    response = lee.remove_account(learner)
    assert "You can't remove the account you're signed in with." in page_text(response)
    learner.refresh_from_db()
    assert learner.learn_profile is not None


def test_lp6_adding_an_account_of_another_profile_previews_then_merges(learner: Account, employee: Account) -> None:
    theirs = services.learn_profile_for(account=employee, now=START)
    LearnActivity.objects.create(profile=theirs, kind="module", title="Intro to Azure", completed_at=START)
    lee = person(learner)
    offered = lee.add_account(employee.email, "work")
    assert offered["Location"] == "/learn/settings/merge/"
    preview = page_text(lee.client.get("/learn/settings/merge/"))
    assert "megan@contoso.example (work or school account)" in preview and "1 item" in preview
    assert "can't be undone" in preview
    merged = lee.client.post("/learn/settings/merge/", follow=True)
    assert "was merged into this one" in page_text(merged)
    employee.refresh_from_db()
    learner.refresh_from_db()
    assert employee.learn_profile == learner.learn_profile
    assert learner.learn_profile.activities.get().title == "Intro to Azure"


def test_lp6_a_merge_over_the_limits_is_refused_and_nothing_moves(learner: Account) -> None:
    other_msa = AccountFactory(email="lee.other@outlook.example")
    theirs = services.learn_profile_for(account=other_msa, now=START)
    lee = person(learner)
    lee.add_account(other_msa.email, "msa")
    page = page_text(lee.client.get("/learn/settings/merge/"))
    assert 'data-code="merge_exceeds_personal_limit"' in page and "Merge profiles</button>" not in page
    assert lee.client.post("/learn/settings/merge/").status_code == 400
    other_msa.refresh_from_db()
    assert other_msa.learn_profile == theirs


def test_lp7_cp6_learn_shows_the_connected_profiles_certifications_but_not_certiport_ones(learner: Account) -> None:
    profile = CertificationProfileFactory(msa=learner)
    CertificationHeldFactory(profile=profile, certification__name="Azure Administrator Associate")
    CertificationHeldFactory(
        profile=profile,
        certification__name="Azure Fundamentals",
        provider="certiport",
        earned_at=datetime(2024, 3, 1, tzinfo=UTC),
    )
    lee = person(learner)
    lee.connect()
    text = page_text(lee.client.get("/learn/credentials/"))
    assert "Azure Administrator Associate" in text and "Azure Fundamentals" not in text
    dashboard = page_text(lee.client.get("/certification/"))
    certiport = dashboard.split("Certiport transcript", 1)[1]
    assert "Azure Fundamentals" in certiport


def test_lp7_cp6_the_profile_page_counts_what_learn_shows_in_the_same_queries_however_many(learner: Account) -> None:
    """The Learn profile page's count is len(certifications_on_learn): the database counts it with the profile, by
    CP-6's rule (a Certiport pass on the cut-off day stays off Learn, the day before is on it)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from profiles.selectors import certifications_on_learn, certiport_cutoff

    cutoff = datetime.combine(certiport_cutoff(), datetime.min.time(), tzinfo=UTC)
    profile = CertificationProfileFactory(msa=learner)
    CertificationHeldFactory(profile=profile, provider="certiport", earned_at=cutoff)
    lee = person(learner)
    lee.connect()
    with CaptureQueriesContext(connection) as few:
        assert "0 certifications on Learn" in page_text(lee.client.get("/learn/"))
    CertificationHeldFactory(profile=profile, provider="certiport", earned_at=cutoff - timedelta(seconds=1))
    CertificationHeldFactory(profile=profile, provider="certiport", earned_at=cutoff + timedelta(days=30))
    CertificationHeldFactory.create_batch(3, profile=profile)
    with CaptureQueriesContext(connection) as many:
        assert "4 certifications on Learn" in page_text(lee.client.get("/learn/"))
    assert len(certifications_on_learn(profile)) == 4
    assert len(many) == len(few)


def test_lp8_a_share_link_works_without_sign_in_until_revoked(learner: Account, client) -> None:
    lee = person(learner)
    lee.client.post("/learn/transcript/", {"action": "create"})
    learner.refresh_from_db()
    link = learner.learn_profile.shares.get().token
    assert client.get(f"/learn/transcript/share/{link}/").status_code == 200
    lee.client.post("/learn/transcript/", {"action": "revoke"})
    assert client.get(f"/learn/transcript/share/{link}/").status_code == 404


def test_cp1_the_dashboard_creates_a_profile_with_an_mcid(learner: Account) -> None:
    lee = person(learner)
    assert "Create your certification profile" in page_text(lee.client.get("/certification/"))
    created = lee.client.post(
        "/certification/",
        {"action": "create", "legal_name": "Lee Learner", "contact_email": "lee@outlook.example"},
        follow=True,
    )
    profile = CertificationProfile.objects.get(msa=learner)
    assert f"Your MCID is {profile.mcid}." in page_text(created)


def test_cp1_a_work_account_is_sent_to_its_personal_account(employee: Account) -> None:
    response = person(employee).client.get("/certification/")
    assert response.status_code == 403 and 'data-code="certification_needs_msa"' in page_text(response)


def test_cp7_a_legal_name_change_shows_pending_then_applies_after_48_hours(learner: Account) -> None:
    profile = CertificationProfileFactory(msa=learner, legal_name="Lee Learner")
    lee = person(learner)
    asked = lee.client.post("/certification/", {"action": "legal_name", "legal_name": "Lee Lerner"}, follow=True)
    assert "will change to “Lee Lerner” on 7 January 2026 09:00 UTC" in page_text(asked)
    lee.client.post("/certification/", {"action": "contact", "contact_email": "new@outlook.example"})
    profile.refresh_from_db()
    assert profile.contact_email == "new@outlook.example" and profile.legal_name == "Lee Learner"
    clock_advance(to=START + timedelta(hours=48))
    profile.refresh_from_db()
    assert profile.legal_name == "Lee Lerner"


def test_cp3_connecting_with_another_msa_is_refused_with_a_link_to_the_doctor(learner: Account) -> None:
    CertificationProfileFactory(contact_email="lee@outlook.example")
    response = person(learner).connect()
    text = page_text(response)
    assert 'data-code="no_certification_profile_for_msa"' in text and "/learn/doctor/" in text


@pytest.fixture
def situation_msa(db: None) -> Account:
    return AccountFactory(email="rin@outlook.example")


def doctor(account: Account, query: str = "") -> tuple[str, str, int | None]:
    return person(account).doctor(query)


def test_al5_aligned(situation_msa: Account) -> None:
    CertificationProfileFactory(msa=situation_msa)
    rin = person(situation_msa)
    rin.connect()
    assert rin.doctor()[0] == "aligned"


def test_al5_no_certification_profile_proven_yet(situation_msa: Account) -> None:
    assert doctor(situation_msa)[:2] == ("certification_profile_not_proven", "AL-5")


def proven(account: Account, cert_msa: Account):  # type: ignore[no-untyped-def]
    rin = person(account)
    assert rin.prove(cert_msa.email).status_code == 302
    return rin


def test_al5_msas_differ_and_a_work_account_is_on_the_profile(situation_msa: Account, contoso) -> None:
    learn = services.learn_profile_for(account=situation_msa, now=START)
    services.learn_account_add(profile=learn, account=WorkAccountFactory(tenant=contoso), now=START)
    certification = CertificationProfileFactory(contact_email="rin@outlook.example")
    assert proven(situation_msa, certification.msa).doctor()[:2] == ("msas_differ_with_work_account", "AL-2")


def test_al5_msas_differ_and_no_work_account_is(situation_msa: Account) -> None:
    certification = CertificationProfileFactory(contact_email="rin@outlook.example")
    rin = proven(situation_msa, certification.msa)
    assert rin.doctor()[:2] == ("msas_differ_without_work_account", "AL-3")
    rin.follow("AL-4")
    assert rin.doctor()[:2] == ("msas_differ_without_work_account", "AL-4")


def test_al5_two_certification_profiles(situation_msa: Account) -> None:
    CertificationProfileFactory(msa=situation_msa, contact_email="rin@outlook.example")
    other = CertificationProfileFactory(contact_email="rin@outlook.example")
    rin = person(situation_msa)
    assert rin.doctor() == ("two_certification_profiles", "CP-4", 1)
    assert str(other.mcid) not in page_text(rin.client.get("/learn/doctor/"))
    rin.prove(other.msa.email)
    assert rin.doctor() == ("two_certification_profiles", "CP-4", 2)
    assert str(other.mcid) in page_text(rin.client.get("/learn/doctor/"))


def test_al5_the_certification_msa_already_owns_another_learn_profile(situation_msa: Account) -> None:
    cert_msa = AccountFactory(email="rin.cert@outlook.example")
    services.learn_profile_for(account=cert_msa, now=START)
    CertificationProfileFactory(msa=cert_msa, contact_email="rin@outlook.example")
    assert proven(situation_msa, cert_msa).doctor()[:2] == ("certification_msa_owns_another_learn_profile", "LP-6")


def test_al5_the_doctor_links_the_current_step(situation_msa: Account) -> None:
    certification = CertificationProfileFactory(contact_email="rin@outlook.example")
    text = page_text(proven(situation_msa, certification.msa).client.get("/learn/doctor/"))
    current = text.split('aria-current="step"', 1)[1].split("</li>", 1)[0]
    assert "Go to the Settings page of your Learn profile." in current
    assert 'href="/learn/settings/"' in current


def test_al5_the_page_and_the_api_show_the_same_situation_path_and_step(situation_msa: Account, api_as) -> None:
    certification = CertificationProfileFactory(contact_email="rin@outlook.example")
    rin = proven(situation_msa, certification.msa)
    body = api_as(situation_msa).get("/api/v1/learn/doctor/").json()
    diagnosis = body["diagnosis"]
    assert rin.doctor() == (diagnosis["situation"], diagnosis["path"]["rule"], diagnosis["path"]["current"])
    assert body["alignment"]["path"] == diagnosis["path"]["rule"]
    assert body["alignment"]["steps_done"] == list(range(1, diagnosis["path"]["current"]))
