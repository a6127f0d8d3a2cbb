"""The Learn API: the profile and its accounts (LP-1..LP-6), its certifications (LP-7, CP-6), the alignment doctor
(AL-5) and transcript links (LP-8). Refusals answer with the services' own sentences."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from rest_framework.test import APIClient

from profiles import services
from profiles.models import Account, LearnActivity, LearnProfile, Provider
from profiles.rules import learn as learn_rules
from profiles.services.accounts import SIGNIN_FAILED
from tests.api.test_errors import assert_error_shape
from tests.factories import (
    PASSWORD,
    START,
    AccountFactory,
    CertificationFactory,
    CertificationHeldFactory,
    CertificationProfileFactory,
    WorkAccountFactory,
)
from tests.helpers import refusal_of

PROFILE = "/api/v1/learn/profile/"
ACCOUNTS = "/api/v1/learn/accounts/"
CERTIFICATIONS = "/api/v1/learn/certifications/"
DOCTOR = "/api/v1/learn/doctor/"
PROVE = "/api/v1/learn/doctor/prove/"
CHOOSE = "/api/v1/learn/doctor/path/"
SHARE = "/api/v1/learn/transcript/share/"


def learn_of(account: Account) -> LearnProfile:
    return services.learn_profile_for(account=account, now=START)


def add(client: APIClient, account: Account, **extra: object):  # type: ignore[no-untyped-def]
    return client.post(ACCOUNTS, {"email": account.email, "password": PASSWORD, **extra}, format="json")


def emails(body: dict) -> list[str]:
    return sorted(account["email"] for account in body["accounts"])


# LP-1


def test_lp1_the_first_get_creates_a_learn_profile_for_the_signed_in_account(api_as, learner) -> None:
    assert learner.learn_profile_id is None
    body = api_as(learner).get(PROFILE).json()
    learner.refresh_from_db()
    assert body["id"] == learner.learn_profile_id
    assert body["signed_in"] == learner.pk and body["certification_profile"] is None
    assert body["accounts"] == [
        {
            "id": learner.pk,
            "email": "lee@outlook.example",
            "kind": "msa",
            "tenant": None,
            "added_at": "2026-01-05T09:00:00Z",
        }
    ]


def test_lp1_every_later_get_reaches_the_same_profile(api_as, learner) -> None:
    client = api_as(learner)
    assert client.get(PROFILE).json()["id"] == client.get(PROFILE).json()["id"]
    assert LearnProfile.objects.count() == 1


def test_a_learn_profile_needs_a_signed_in_account(db: None) -> None:
    assert assert_error_shape(APIClient().get(PROFILE), 401)["code"] == "not_signed_in"


# LP-3, LP-4


def test_lp3_an_account_proved_by_its_password_is_added(api_as, employee, learner) -> None:
    body = add(api_as(employee), learner).json()
    learner.refresh_from_db()
    assert learner.learn_profile_id == body["id"] == learn_of(employee).pk
    assert emails(body) == ["lee@outlook.example", "megan@contoso.example"]


def test_lp3_a_wrong_password_is_refused_and_nothing_changes(api_as, employee, learner) -> None:
    response = api_as(employee).post(ACCOUNTS, {"email": learner.email, "password": "wrong-one"}, format="json")
    body = assert_error_shape(response, 400)
    assert body["code"] == "signin_failed" and body["message"] == SIGNIN_FAILED
    learner.refresh_from_db()
    assert learner.learn_profile_id is None
    assert emails(api_as(employee).get(PROFILE).json()) == ["megan@contoso.example"]


def test_lp3_an_unknown_address_is_refused_like_a_wrong_password(api_as, employee) -> None:
    response = api_as(employee).post(ACCOUNTS, {"email": "nobody@outlook.example", "password": PASSWORD}, format="json")
    assert assert_error_shape(response, 400)["message"] == SIGNIN_FAILED


def test_lp3_a_work_account_is_added_with_its_kind(api_as, learner, contoso) -> None:
    colleague = WorkAccountFactory(tenant=contoso, email="lee@contoso.example")
    body = add(api_as(learner), colleague, kind="work").json()
    assert {"email": "lee@contoso.example", "kind": "work", "tenant": "Contoso"}.items() <= body["accounts"][1].items()


def test_lp4_a_second_msa_is_refused_with_the_rule_sentence(api_as, learner) -> None:
    client = api_as(learner)
    client.get(PROFILE)
    second = AccountFactory(email="lee.second@outlook.example")
    body = assert_error_shape(add(client, second), 400)
    expected = refusal_of(
        lambda: learn_rules.check_add(
            learn_rules.Held(personal=1, work=0, msa_email=learner.email), kind="msa", limits=services.learn_limits()
        )
    )
    assert body == expected.as_dict() and body["code"] == "learn_msa_exists"
    second.refresh_from_db()
    assert second.learn_profile_id is None


def test_lp3_adding_an_account_already_on_the_profile_is_refused(api_as, learner) -> None:
    body = assert_error_shape(add(api_as(learner), learner), 400)
    assert body["code"] == "learn_account_already_added"


@pytest.mark.parametrize(
    "payload",
    [
        {"email": "not-an-address", "password": PASSWORD},
        {"email": "a@b.example"},
        {"email": "a@b.example", "password": PASSWORD, "merge": "perhaps"},
        {"email": "a@b.example", "password": PASSWORD, "kind": "robot"},
    ],
)
def test_malformed_input_to_add_an_account_is_a_400_and_changes_nothing(api_as, employee, payload) -> None:
    body = assert_error_shape(api_as(employee).post(ACCOUNTS, payload, format="json"), 400)
    assert body["code"] == "invalid" and body["details"]["fields"]
    assert Account.objects.filter(learn_profile__isnull=False).count() == 0


# LP-5


def test_lp5_another_account_of_the_profile_is_removed(api_as, employee, learner) -> None:
    client = api_as(employee)
    add(client, learner)
    assert client.delete(f"{ACCOUNTS}{learner.pk}/").status_code == 204
    learner.refresh_from_db()
    assert learner.learn_profile_id is None
    assert emails(client.get(PROFILE).json()) == ["megan@contoso.example"]


def test_lp5_the_account_you_are_signed_in_with_cannot_be_removed(api_as, employee, learner) -> None:
    client = api_as(employee)
    add(client, learner)
    body = assert_error_shape(client.delete(f"{ACCOUNTS}{employee.pk}/"), 400)
    assert body["code"] == "cannot_remove_signed_in_account"
    employee.refresh_from_db()
    assert employee.learn_profile_id is not None


def test_lp5_an_only_account_cannot_be_removed(api_as, learner) -> None:
    """LP-5: the only account of a profile is always the one signed in with, so the API answers that refusal
    first; the rule's other sentence, for the last account, says the same thing to the learner."""
    client = api_as(learner)
    client.get(PROFILE)
    body = assert_error_shape(client.delete(f"{ACCOUNTS}{learner.pk}/"), 400)
    assert body["code"] == "cannot_remove_signed_in_account"
    last = refusal_of(lambda: learn_rules.check_remove(account_id=1, signed_in_id=2, live_accounts=1))
    assert last.code == "cannot_remove_last_account"


def test_lp5_replacing_the_msa_goes_through_a_work_account(api_as, employee, learner) -> None:
    """LP-5, AL-2: signed in with the work account, remove the MSA, then add the other one."""
    client = api_as(employee)
    add(client, learner)
    other_msa = AccountFactory(email="lee.exams@outlook.example")
    assert_error_shape(add(client, other_msa), 400)
    client.delete(f"{ACCOUNTS}{learner.pk}/")
    assert emails(add(client, other_msa).json()) == ["lee.exams@outlook.example", "megan@contoso.example"]


@pytest.mark.parametrize("which", ["unknown", "someone_elses"])
def test_removing_an_account_not_on_your_profile_is_a_404(api_as, employee, learner, which) -> None:
    learn_of(learner)
    account_id = 999_999 if which == "unknown" else learner.pk
    assert_error_shape(api_as(employee).delete(f"{ACCOUNTS}{account_id}/"), 404)
    learner.refresh_from_db()
    assert learner.learn_profile_id is not None


# LP-6


def test_lp6_an_account_of_another_profile_offers_a_merge_and_changes_nothing(api_as, employee, learner) -> None:
    source = learn_of(learner)
    LearnActivity.objects.create(profile=source, kind="module", title="Azure basics", completed_at=START)
    client = api_as(employee)
    target = client.get(PROFILE).json()["id"]
    body = assert_error_shape(add(client, learner), 409)
    assert body["code"] == "learn_merge_offered"
    assert body["details"] == {
        "source_profile": source.pk,
        "accounts": [{"email": "lee@outlook.example", "kind": "msa"}],
        "activities": 1,
        "certification_profile": None,
        "allowed": True,
        "refusal": None,
    }
    learner.refresh_from_db()
    assert learner.learn_profile_id == source.pk != target


def test_lp6_confirming_the_merge_moves_the_accounts_and_history(api_as, employee, learner) -> None:
    source = learn_of(learner)
    LearnActivity.objects.create(profile=source, kind="badge", title="First steps", completed_at=START)
    client = api_as(employee)
    body = add(client, learner, merge=True).json()
    assert emails(body) == ["lee@outlook.example", "megan@contoso.example"]
    source.refresh_from_db()
    assert source.merged_into_id == body["id"]
    assert LearnActivity.objects.get().profile_id == body["id"]
    assert api_as(learner).get(PROFILE).json()["id"] == body["id"]  # LP-1: the MSA now reaches the merged profile


def test_lp6_a_merge_over_the_limits_is_refused_and_nothing_changes(api_as, learner) -> None:
    other_msa = AccountFactory(email="lee.exams@outlook.example")
    source = learn_of(other_msa)
    client = api_as(learner)
    client.get(PROFILE)
    offer = assert_error_shape(add(client, other_msa), 409)
    assert offer["details"]["allowed"] is False
    body = assert_error_shape(add(client, other_msa, merge=True), 400)
    assert body["code"] == "merge_exceeds_personal_limit"
    assert offer["details"]["refusal"] == body  # the offer warned with the same sentence
    other_msa.refresh_from_db()
    source.refresh_from_db()
    assert other_msa.learn_profile_id == source.pk and source.merged_into_id is None
    assert emails(client.get(PROFILE).json()) == ["lee@outlook.example"]


# LP-7, CP-6


def _certified(learner: Account) -> None:
    profile = CertificationProfileFactory(msa=learner, learn_profile=learn_of(learner), connected_at=START)
    for name, provider, earned in [
        ("Azure Administrator", Provider.PEARSON_VUE, datetime(2024, 3, 1, tzinfo=UTC)),
        ("Excel Expert", Provider.CERTIPORT, datetime(2023, 5, 31, tzinfo=UTC)),
        ("Word Associate", Provider.CERTIPORT, datetime(2023, 6, 1, tzinfo=UTC)),
    ]:
        certification = CertificationFactory(slug=name.lower().replace(" ", "-"), name=name)
        CertificationHeldFactory(profile=profile, certification=certification, provider=provider, earned_at=earned)


def test_lp7_cp6_learn_shows_pearson_vue_but_not_certiport_certifications_earned_from_the_cutoff(
    api_as, learner
) -> None:
    _certified(learner)
    body = api_as(learner).get(CERTIFICATIONS).json()
    assert body["connected"] is True and body["mcid"] == learner.certification_profile.mcid
    assert [c["name"] for c in body["certifications"]] == ["Azure Administrator", "Excel Expert"]
    azure = body["certifications"][0]
    assert azure["provider"] == "pearson_vue" and azure["level"] == "associate"
    assert azure["earned_at"] == "2024-03-01T00:00:00Z" and azure["expires_at"] == "2025-03-01T00:00:00Z"
    assert azure["number"]


def test_lp7_an_unconnected_profile_shows_no_certifications(api_as, learner) -> None:
    CertificationProfileFactory(msa=learner)
    assert api_as(learner).get(CERTIFICATIONS).json() == {"connected": False, "mcid": None, "certifications": []}


# AL-5


def test_al5_the_doctor_shows_a_certification_profile_once_the_learner_proves_it(api_as, learner) -> None:
    CertificationProfileFactory(mcid=31_000_001, msa=AccountFactory(email="lee.exams@outlook.example"))
    client = api_as(learner)
    before = client.get(DOCTOR).json()
    assert before["diagnosis"]["situation"] == "certification_profile_not_proven"
    assert before["certification_profiles"] == [] and before["alignment"] is None
    body = client.post(PROVE, {"email": "lee.exams@outlook.example", "password": PASSWORD}, format="json").json()
    assert body["accounts"] == [{"id": learner.pk, "email": "lee@outlook.example", "kind": "msa", "tenant": None}]
    assert body["certification_profiles"] == [
        {"mcid": 31_000_001, "msa_email": "lee.exams@outlook.example", "connected_here": False}
    ]
    assert body["alignment"]["proven_by"] == "msa_sign_in" and body["alignment"]["path"] == "AL-3"
    assert body["alignment"]["steps_done"] == [1]
    diagnosis = body["diagnosis"]
    assert diagnosis["situation"] == "msas_differ_without_work_account"
    assert diagnosis["path"]["rule"] == "AL-3" and diagnosis["path"]["current"] == 2
    first, second = diagnosis["path"]["steps"][:2]
    assert first == {"number": 1, "text": first["text"], "action": "signin", "done": True}
    assert second["number"] == 2 and second["done"] is False
    assert [path["rule"] for path in diagnosis["alternatives"]] == ["AL-1", "AL-4"]


def test_al5_a_wrong_password_proves_nothing_and_says_the_sign_in_sentence(api_as, learner) -> None:
    CertificationProfileFactory(msa=AccountFactory(email="lee.exams@outlook.example"))
    client = api_as(learner)
    body = assert_error_shape(
        client.post(PROVE, {"email": "lee.exams@outlook.example", "password": "x"}, format="json"), 400
    )
    assert body["code"] == "signin_failed" and body["message"] == SIGNIN_FAILED
    assert client.get(DOCTOR).json()["certification_profiles"] == []


def test_al5_a_learner_who_chooses_al1_sees_it_as_their_path(api_as, learner) -> None:
    CertificationProfileFactory(msa=AccountFactory(email="lee.exams@outlook.example"))
    client = api_as(learner)
    client.post(PROVE, {"email": "lee.exams@outlook.example", "password": PASSWORD}, format="json")
    diagnosis = client.post(CHOOSE, {"path": "AL-1"}, format="json").json()["diagnosis"]
    assert diagnosis["path"]["rule"] == "AL-1" and diagnosis["path"]["current"] == 1
    assert client.get(DOCTOR).json()["alignment"]["path"] == "AL-1"


def test_al5_abandoning_forgets_the_proven_profile(api_as, learner) -> None:
    CertificationProfileFactory(msa=AccountFactory(email="lee.exams@outlook.example"))
    client = api_as(learner)
    client.post(PROVE, {"email": "lee.exams@outlook.example", "password": PASSWORD}, format="json")
    assert client.delete(DOCTOR).status_code == 204
    body = client.get(DOCTOR).json()
    assert body["alignment"] is None and body["certification_profiles"] == []


def test_al5_an_aligned_learner_has_nothing_left_to_do(api_as, learner) -> None:
    CertificationProfileFactory(msa=learner, learn_profile=learn_of(learner))
    diagnosis = api_as(learner).get(DOCTOR).json()["diagnosis"]
    assert diagnosis["situation"] == "aligned" and diagnosis["path"] is None and diagnosis["alternatives"] == []


@pytest.mark.parametrize(
    ("url", "body", "code"),
    [
        (PROVE, {"email": "not-an-address", "password": "x"}, "invalid"),
        (PROVE, {"email": "lee.exams@outlook.example"}, "invalid"),
        (CHOOSE, {"path": "AL-9"}, "alignment_path_not_open"),
        (CHOOSE, {"path": 3}, "invalid"),
    ],
)
def test_al5_bad_doctor_requests_are_a_400_and_change_nothing(api_as, learner, url: str, body: dict, code: str) -> None:
    client = api_as(learner)
    assert assert_error_shape(client.post(url, body, format="json"), 400)["code"] == code
    assert client.get(DOCTOR).json()["alignment"] is None


# LP-8


def test_lp8_a_shared_transcript_needs_no_sign_in(api_as, learner) -> None:
    _certified(learner)
    learner.learn_profile.display_name = "Lee Learner"
    learner.learn_profile.save()
    client = api_as(learner)
    share = client.post(SHARE).json()
    assert share["url"] == f"/learn/transcript/share/{share['token']}/"
    assert client.post(SHARE).json() == share  # the live link, not a second one
    body = APIClient().get(f"/api/v1/transcripts/{share['token']}/").json()
    assert body["display_name"] == "Lee Learner"
    assert [c["name"] for c in body["certifications"]] == ["Azure Administrator", "Excel Expert"]


def test_lp8_a_revoked_link_shows_nothing(api_as, learner) -> None:
    client = api_as(learner)
    token = client.post(SHARE).json()["token"]
    assert client.delete(SHARE).status_code == 204
    body = assert_error_shape(APIClient().get(f"/api/v1/transcripts/{token}/"), 404)
    assert body["code"] == "transcript_not_shared"
    assert client.post(SHARE).json()["token"] != token  # sharing again gives a new link


def test_lp8_an_unknown_link_is_a_404(db: None) -> None:
    assert_error_shape(APIClient().get("/api/v1/transcripts/nonsense/"), 404)
