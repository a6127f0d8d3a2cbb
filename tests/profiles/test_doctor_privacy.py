"""AL-5: the alignment doctor never shows a certification profile, MCID or address that the signed-in person has
not proven to be theirs. Mallory, a learner, tries every way of naming Vera's certification profile: her addresses,
her contact email, her MCID, by query, by proof with a wrong password, by a request to support, by copying Vera's
contact email onto a profile of her own. Each attempt is read on the page and through the API."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import quote

import pytest
from django.test import Client
from rest_framework.test import APIClient

from profiles import services
from profiles.models import Account, CertificationProfile
from tests.factories import START, AccountFactory, CertificationProfileFactory
from tests.profiles.journeys import Person

VERA_MSA = "vera.cert@outlook.example"
VERA_CONTACT = "vera@outlook.example"
VERA_NAME = "Vera Victim"
VERA_MCID = 27_700_001


@pytest.fixture
def vera(db: None) -> CertificationProfile:
    """Vera's certification profile; her Learn profile uses another MSA (so she too has an alignment to do)."""
    msa = AccountFactory(email=VERA_MSA, display_name=VERA_NAME)
    vera_learn = AccountFactory(email="vera.learn@outlook.example")
    services.learn_profile_for(account=vera_learn, now=START)
    return CertificationProfileFactory(mcid=VERA_MCID, msa=msa, legal_name=VERA_NAME, contact_email=VERA_CONTACT)


@pytest.fixture
def mallory(db: None) -> Account:
    account = AccountFactory(email="mallory@outlook.example", display_name="Mallory")
    services.learn_profile_for(account=account, now=START)
    return account


def reveals(text: str) -> list[str]:
    """What of Vera's profile a text gives away."""
    return [secret for secret in (str(VERA_MCID), VERA_MSA, VERA_CONTACT, VERA_NAME) if secret in text]


@dataclass(frozen=True)
class Attempt:
    """Something Mallory does before she reads the doctor (on the page or through the API)."""

    query: dict
    act: Callable[[Person, APIClient, Account], object] | None = None
    allowed: tuple[str, ...] = ()  # what she typed herself and so may read back


def prove_wrong(person: Person, api: APIClient, mallory: Account) -> None:
    person.prove(VERA_MSA, password="not-veras-password")
    api.post("/api/v1/learn/doctor/prove/", {"email": VERA_MSA, "password": "nope"}, format="json")


def ask_support_about_veras_mcid(person: Person, api: APIClient, mallory: Account) -> None:
    person.client.post(
        "/certification/support/",
        {
            "kind": "change_msa",
            "claimed_mcid": VERA_MCID,
            "legal_name": "Mallory",
            "contact_email": "mallory@outlook.example",
            "details": "Give me that profile.",
        },
    )


def copy_veras_contact_email(person: Person, api: APIClient, mallory: Account) -> None:
    CertificationProfileFactory(msa=mallory, legal_name="Mallory", contact_email=VERA_CONTACT)


def choose_every_path(person: Person, api: APIClient, mallory: Account) -> None:
    for path in ("AL-1", "AL-2", "AL-3", "AL-4", "CP-4", "LP-6", "CP-3"):
        person.follow(path)
        api.post("/api/v1/learn/doctor/path/", {"path": path}, format="json")


ATTEMPTS = {
    "nothing": Attempt({}),
    "the certification MSA's address as the old cert_email question": Attempt({"cert_email": VERA_MSA}),
    "the contact email as a question": Attempt({"cert_email": VERA_CONTACT, "contact_email": VERA_CONTACT}),
    "the MCID as a question": Attempt({"mcid": str(VERA_MCID), "claimed_mcid": str(VERA_MCID)}),
    "a proof with a wrong password": Attempt({}, prove_wrong),
    "an AL-1 request naming Vera's MCID": Attempt({}, ask_support_about_veras_mcid, allowed=(str(VERA_MCID),)),
    "her own profile with Vera's contact email": Attempt({}, copy_veras_contact_email, allowed=(VERA_CONTACT,)),
    "every path chosen": Attempt({}, choose_every_path),
}


@pytest.mark.parametrize("name", list(ATTEMPTS))
def test_al5_the_doctor_never_reveals_a_profile_the_learner_has_not_proven(
    name: str, vera: CertificationProfile, mallory: Account, api_as
) -> None:
    attempt = ATTEMPTS[name]
    person, api = Person(), api_as(mallory)
    person.sign_in(mallory.email, "msa")
    if attempt.act:
        attempt.act(person, api, mallory)
    page = person.client.get("/learn/doctor/", attempt.query)
    body = api.get("/api/v1/learn/doctor/", attempt.query)
    assert page.status_code == 200 and body.status_code == 200
    # The sign-out link carries the page's own address, her query included: her words, not Vera's data.
    echo = quote(page.wsgi_request.get_full_path(), safe="/")
    for text in (page.content.decode().replace(echo, ""), body.content.decode()):
        assert [secret for secret in reveals(text) if secret not in attempt.allowed] == [], name
    assert all(p["mcid"] != VERA_MCID for p in body.json()["certification_profiles"])


def test_al5_her_own_connection_refused_for_a_shared_contact_email_names_no_other_mcid(
    vera: CertificationProfile, mallory: Account, api_as
) -> None:
    """CP-4's refusal counts the other profile with the same contact email, and names only her own."""
    CertificationProfileFactory(msa=mallory, legal_name="Mallory", contact_email=VERA_CONTACT)
    response = api_as(mallory).post("/api/v1/learn/certification-connection/")
    assert response.status_code == 400
    assert reveals(response.content.decode()) == []
    page = Person()
    page.sign_in(mallory.email, "msa")
    assert reveals(page.connect().content.decode()) == []


def test_al5_once_proven_the_doctor_shows_the_profile_to_its_owner_only(vera: CertificationProfile) -> None:
    """The same profile, proven by Vera (signed in with its MSA), shows its MCID and MSA to her alone."""
    vera_page = Person()
    vera_page.sign_in("vera.learn@outlook.example", "msa")
    vera_page.prove(VERA_MSA)
    text = vera_page.client.get("/learn/doctor/").content.decode()
    assert str(VERA_MCID) in text and VERA_MSA in text
    stranger = Client()
    assert stranger.get("/learn/doctor/").status_code == 302  # signed out: the sign-in page, nothing else
