"""The alignment paths of seed 000, step by step through the pages (AL-1, AL-2, AL-3, AL-5)."""

from __future__ import annotations

import pytest
from django.test import Client

from certlink.models import OutboxMessage
from profiles import services
from profiles.models import Account, CertificationProfile, LearnProfile
from tests.factories import START, AccountFactory, CertificationProfileFactory, WorkAccountFactory
from tests.helpers import page_text
from tests.profiles.journeys import Person


@pytest.fixture
def learn_msa(db: None) -> Account:
    """The personal account Ayaka uses on Learn."""
    return AccountFactory(email="ayaka.learn@outlook.example", display_name="Ayaka Sato")


@pytest.fixture
def cert_msa(db: None) -> Account:
    """The other personal account, which her certification profile uses."""
    return AccountFactory(email="ayaka.cert@outlook.example", display_name="Ayaka Sato")


@pytest.fixture
def certification(cert_msa: Account) -> CertificationProfile:
    return CertificationProfileFactory(msa=cert_msa, legal_name="Ayaka Sato", contact_email="ayaka@outlook.example")


@pytest.fixture
def learn(learn_msa: Account) -> LearnProfile:
    return services.learn_profile_for(account=learn_msa, now=START)


@pytest.fixture
def work(contoso, learn: LearnProfile) -> Account:
    return WorkAccountFactory(tenant=contoso, email="ayaka@contoso.example")


def test_al2_with_a_work_account_on_the_profile_the_seed_steps_connect_the_profiles(
    learn: LearnProfile, learn_msa: Account, work: Account, cert_msa: Account, certification: CertificationProfile
) -> None:
    services.learn_account_add(profile=learn, account=work, now=START)
    ayaka = Person()
    ayaka.sign_in(learn_msa.email, "msa")
    assert ayaka.doctor() == ("certification_profile_not_proven", "AL-5", 1)
    assert ayaka.prove(cert_msa.email).status_code == 302
    assert ayaka.doctor() == ("msas_differ_with_work_account", "AL-2", 1)
    ayaka.sign_out()
    # 1. Sign in to Learn with the work or school account.
    ayaka.sign_in(work.email, "work")
    assert ayaka.doctor()[2] == 2
    # 2. Go to the Settings page.  3. Under Account management, remove the current personal account.
    assert "Account management" in ayaka.open_settings()
    removed = ayaka.remove_account(learn_msa)
    assert f"{learn_msa.email} was removed from your Learn profile." in page_text(removed)
    assert ayaka.doctor()[2] == 4
    # 4. Select Add account and sign in with the personal account the certification profile uses.
    added = ayaka.add_account(cert_msa.email, "msa")
    assert added.status_code == 302 and added["Location"] == "/learn/settings/"
    assert ayaka.doctor()[1:] == ("AL-2", 5)
    # 5. Sign out.  6. Sign in with the newly added personal account.
    ayaka.sign_out()
    ayaka.sign_in(cert_msa.email, "msa")
    assert ayaka.doctor()[1:] == ("AL-2", 7)
    # 7. Complete the certification profile connection.
    connected = ayaka.connect()
    assert f"Your certification profile (MCID {certification.mcid}) is connected." in page_text(connected)
    certification.refresh_from_db()
    assert certification.learn_profile == learn
    assert ayaka.doctor()[0] == "aligned"


def test_al3_without_a_work_account_the_twelve_seed_steps_connect_the_profiles(
    learn: LearnProfile, learn_msa: Account, work: Account, cert_msa: Account, certification: CertificationProfile
) -> None:
    ayaka = Person()
    q = ""
    # 1. Sign in to Learn with the current personal account, and show the doctor the certification profile.
    ayaka.sign_in(learn_msa.email, "msa")
    ayaka.prove(cert_msa.email)
    # 2. Go to Settings.
    assert ayaka.doctor() == ("msas_differ_without_work_account", "AL-3", 2)
    assert "Add account" in ayaka.open_settings()
    # 3. Select Add account.  4. Sign in with the work or school account to add it.
    assert ayaka.add_account(work.email, "work").status_code == 302
    assert ayaka.doctor(q)[1:] == ("AL-3", 5)
    # 5. Sign out.  6. Sign in again with the work or school account.
    ayaka.sign_out()
    ayaka.sign_in(work.email, "work")
    assert ayaka.doctor(q)[2] == 7
    # 7. Back in Account management, remove the personal account.
    ayaka.open_settings()
    ayaka.remove_account(learn_msa)
    assert ayaka.doctor(q)[2] == 8
    # 8. Add account: sign in with the personal account the certification profile uses.
    assert ayaka.add_account(cert_msa.email, "msa").status_code == 302
    assert ayaka.doctor(q)[2] == 9
    # 9. Sign out.  10. Sign in with the newly added personal account.
    ayaka.sign_out()
    ayaka.sign_in(cert_msa.email, "msa")
    assert ayaka.doctor(q)[1:] == ("AL-3", 11)
    # 11. Complete the certification profile connection.
    ayaka.connect()
    certification.refresh_from_db()
    assert certification.learn_profile == learn
    # 12. (Optional) remove the work or school account.
    ayaka.open_settings()
    assert "was removed" in page_text(ayaka.remove_account(work))
    assert ayaka.doctor()[0] == "aligned"
    assert set(learn.accounts.values_list("email", flat=True)) == {cert_msa.email}


def test_al1_a_learner_and_an_agent_change_the_certification_profiles_msa(
    learn: LearnProfile,
    learn_msa: Account,
    cert_msa: Account,
    certification: CertificationProfile,
    agent: Account,
    django_capture_on_commit_callbacks,
) -> None:
    ayaka, sam = Person(), Person()
    ayaka.sign_in(learn_msa.email, "msa")
    ayaka.prove(cert_msa.email)
    assert ayaka.follow("AL-1").status_code == 302
    assert ayaka.doctor()[1:] == ("AL-1", 1)
    # The learner asks certification support to change the personal account of her certification profile.
    sent = ayaka.client.post(
        "/certification/support/",
        {
            "kind": "change_msa",
            "claimed_mcid": certification.mcid,
            "legal_name": "Ayaka Sato",
            "contact_email": "ayaka@outlook.example",
            "details": "Please use my Learn account.",
        },
        follow=True,
    )
    request_path = sent.redirect_chain[-1][0]
    assert "was sent. An agent will join a private session." in page_text(sent)
    # An agent joins a private messaging session and verifies her identity.
    sam.sign_in(agent.email, "work")
    assert f"#{request_path.strip('/').split('/')[-1]}" in page_text(sam.client.get("/certification/support/queue/"))
    sam.client.post(f"{request_path}join/")
    sam.client.post(request_path, {"body": "Please confirm your legal name and contact email."})
    assert "Please confirm your legal name" in page_text(ayaka.client.get(request_path))
    outsider = Client()
    outsider.force_login(AccountFactory(), backend="profiles.backends.AccountBackend")
    assert outsider.get(request_path).status_code == 404
    ayaka.client.post(request_path, {"body": "Ayaka Sato, ayaka@outlook.example"})
    sam.client.post(f"{request_path}verify/")
    # The agent processes the request; she is told by email.
    with django_capture_on_commit_callbacks(execute=True):
        processed = sam.client.post(f"{request_path}process/", follow=True)
    assert 'data-state="processed"' in page_text(processed)
    certification.refresh_from_db()
    assert certification.msa == learn_msa
    (done,) = OutboxMessage.objects.filter(recipients__address="ayaka@outlook.example", template="support_processed")
    assert "is done" in done.subject
    assert "Done" in page_text(ayaka.client.get("/certification/support/"))
    # She signs in to Learn with her Learn personal account and completes the connection.
    assert ayaka.doctor()[1:] == ("AL-1", 6)
    ayaka.connect()
    certification.refresh_from_db()
    assert certification.learn_profile == learn


def test_al1_an_identity_check_that_does_not_match_is_refused_in_words(
    learn_msa: Account, certification: CertificationProfile, agent: Account, django_capture_on_commit_callbacks
) -> None:
    ayaka, sam = Person(), Person()
    ayaka.sign_in(learn_msa.email, "msa")
    sent = ayaka.client.post(
        "/certification/support/",
        {
            "kind": "change_msa",
            "claimed_mcid": certification.mcid,
            "legal_name": "Someone Else",
            "contact_email": "ayaka@outlook.example",
        },
        follow=True,
    )
    path = sent.redirect_chain[-1][0]
    sam.sign_in(agent.email, "work")
    sam.client.post(f"{path}join/")
    refused = sam.client.post(f"{path}verify/")
    assert refused.status_code == 400
    text = page_text(refused)
    assert 'data-code="identity_mismatch"' in text and "legal name" in text
    with django_capture_on_commit_callbacks(execute=True):
        rejected = sam.client.post(f"{path}reject/", {"reason": "The legal name does not match."}, follow=True)
    assert 'data-state="rejected"' in page_text(rejected)
    assert "The legal name does not match." in OutboxMessage.objects.get().body
