"""The certification API: creating a profile (CP-1), reading it with its exams and transcripts (CP-6), connecting it
to Learn (CP-3, CP-4) and changing contact details and the legal name (CP-7)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from rest_framework.test import APIClient

from certlink.clock import clock_advance
from profiles import services
from profiles.models import Account, CertificationProfile, Provider
from tests.api.test_errors import assert_error_shape
from tests.factories import (
    START,
    AccountFactory,
    CertificationFactory,
    CertificationHeldFactory,
    CertificationProfileFactory,
    ExamFactory,
    ExamResultFactory,
)
from tests.helpers import refusal_of

PROFILE = "/api/v1/certification/profile/"
CONTACT = "/api/v1/certification/profile/contact/"
LEGAL_NAME = "/api/v1/certification/profile/legal-name/"
CONNECT = "/api/v1/learn/certification-connection/"


def create(client: APIClient, **body: str):  # type: ignore[no-untyped-def]
    return client.post(
        PROFILE, {"legal_name": "Lee Learner", "contact_email": "lee@outlook.example", **body}, format="json"
    )


# CP-1


def test_cp1_creating_a_certification_profile_gives_an_mcid(api_as, learner) -> None:
    response = create(api_as(learner), legal_name="  Lee Learner ", contact_email="Lee@Outlook.example")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["mcid"] >= 10_000_000 and body["legal_name"] == "Lee Learner"
    assert body["contact_email"] == "lee@outlook.example"
    assert CertificationProfile.objects.get(msa=learner).mcid == body["mcid"]
    assert api_as(learner).get(PROFILE).json() == body


def test_cp1_a_second_certification_profile_for_the_same_msa_is_refused(api_as, learner) -> None:
    client = api_as(learner)
    first = create(client).json()
    body = assert_error_shape(create(client, legal_name="Someone Else"), 400)
    assert body["code"] == "certification_profile_exists"
    assert CertificationProfile.objects.get().mcid == first["mcid"]


@pytest.mark.parametrize("method", ["get", "post"])
def test_cp1_a_work_account_reaches_no_certification_profile(api_as, employee, method: str) -> None:
    client = api_as(employee)
    response = client.get(PROFILE) if method == "get" else create(client)
    body = assert_error_shape(response, 403)
    assert body == refusal_of(lambda: services.refuse_unless_msa(employee)).as_dict()
    assert body["code"] == "certification_needs_msa"
    assert not CertificationProfile.objects.exists()


def test_cp1_an_msa_without_a_certification_profile_is_told_how_to_create_one(api_as, learner) -> None:
    body = assert_error_shape(api_as(learner).get(PROFILE), 404)
    assert body["code"] == "no_certification_profile" and "Create one" in body["message"]


@pytest.mark.parametrize(
    "payload", [{"legal_name": "", "contact_email": "lee@outlook.example"}, {"legal_name": "Lee", "contact_email": "x"}]
)
def test_cp1_malformed_input_is_a_400_and_creates_nothing(api_as, learner, payload: dict) -> None:
    body = assert_error_shape(api_as(learner).post(PROFILE, payload, format="json"), 400)
    assert body["code"] == "invalid"
    assert not CertificationProfile.objects.exists()


def test_certification_profiles_need_a_signed_in_account(db: None) -> None:
    assert_error_shape(APIClient().get(PROFILE), 401)


# CP-6: what the dashboard shows


def test_cp6_the_dashboard_shows_exams_and_splits_learn_and_certiport_transcripts(api_as, learner) -> None:
    profile = CertificationProfileFactory(msa=learner)
    ExamResultFactory(profile=profile, exam=ExamFactory(code="AZ-104"), score=812, taken_at=START)
    pearson = CertificationFactory(slug="azure-administrator", name="Azure Administrator")
    certiport = CertificationFactory(slug="word-associate", name="Word Associate")
    CertificationHeldFactory(profile=profile, certification=pearson)
    CertificationHeldFactory(
        profile=profile,
        certification=certiport,
        provider=Provider.CERTIPORT,
        earned_at=datetime(2023, 6, 1, tzinfo=UTC),
    )
    body = api_as(learner).get(PROFILE).json()
    assert body["exam_results"] == [
        {"exam": "AZ-104", "provider": "pearson_vue", "taken_at": "2026-01-05T09:00:00Z", "score": 812, "passed": True}
    ]
    assert [c["name"] for c in body["certifications"]] == ["Azure Administrator"]
    assert [c["name"] for c in body["certiport_transcript"]] == ["Word Associate"]
    assert body["learn_profile"] is None and body["aliases"] == []


# CP-3, CP-4


def test_cp3_connecting_with_the_certification_profiles_msa_works(api_as, learner) -> None:
    profile = CertificationProfileFactory(msa=learner)
    client = api_as(learner)
    assert client.post(CONNECT).json() == {"mcid": profile.mcid, "connected_at": "2026-01-05T09:00:00Z"}
    assert client.get("/api/v1/learn/profile/").json()["certification_profile"] == profile.mcid
    learner.refresh_from_db()
    assert client.get(PROFILE).json()["learn_profile"] == learner.learn_profile_id
    assert client.post(CONNECT).status_code == 200  # connecting again changes nothing


def test_cp3_connecting_with_another_msa_is_refused_with_a_way_to_align(api_as, learner) -> None:
    CertificationProfileFactory(msa=AccountFactory(email="lee.exams@outlook.example"))
    body = assert_error_shape(api_as(learner).post(CONNECT), 400)
    assert body == refusal_of(lambda: services.certification_connect(signed_in=learner, now=START)).as_dict()
    assert body["code"] == "no_certification_profile_for_msa" and "alignment doctor" in body["message"]
    assert not CertificationProfile.objects.filter(learn_profile__isnull=False).exists()


def test_cp3_connecting_with_a_work_account_is_refused(api_as, employee) -> None:
    body = assert_error_shape(api_as(employee).post(CONNECT), 400)
    assert body["code"] == "connect_needs_msa"


def test_cp4_two_live_profiles_of_one_person_must_be_merged_before_connecting(api_as, learner) -> None:
    mine = CertificationProfileFactory(mcid=20_500_001, msa=learner, contact_email="lee@outlook.example")
    CertificationProfileFactory(
        mcid=20_500_002, msa=AccountFactory(email="lee.old@outlook.example"), contact_email="lee@outlook.example"
    )
    body = assert_error_shape(api_as(learner).post(CONNECT), 400)
    assert body["code"] == "merge_certification_profiles_first"
    assert body["details"] == {"mcid": 20_500_001, "others": 1}  # AL-5: the other MCID is not proven, not shown
    assert "20500002" not in body["message"]
    mine.refresh_from_db()
    assert mine.learn_profile_id is None


# CP-7


def test_cp7_a_contact_email_changes_at_once(api_as, learner) -> None:
    CertificationProfileFactory(msa=learner)
    body = api_as(learner).patch(CONTACT, {"contact_email": "Lee.New@Outlook.example"}, format="json").json()
    assert body["contact_email"] == "lee.new@outlook.example"
    assert CertificationProfile.objects.get().contact_email == "lee.new@outlook.example"


def test_cp7_a_malformed_contact_email_is_a_400_and_changes_nothing(api_as, learner) -> None:
    CertificationProfileFactory(msa=learner)
    body = assert_error_shape(api_as(learner).patch(CONTACT, {"contact_email": "nope"}, format="json"), 400)
    assert set(body["details"]["fields"]) == {"contact_email"}
    assert CertificationProfile.objects.get().contact_email == "lee@outlook.example"


def test_cp7_a_legal_name_change_takes_effect_48_simulated_hours_later(api_as, learner, operator) -> None:
    CertificationProfileFactory(msa=learner, legal_name="Lee Learner")
    client = api_as(learner)
    body = client.post(LEGAL_NAME, {"legal_name": "Lee Learner-Smith"}, format="json").json()
    assert body == {"pending_legal_name": "Lee Learner-Smith", "effective_at": "2026-01-07T09:00:00Z"}
    clock_advance(to=START + timedelta(hours=47, minutes=59))
    pending = client.get(PROFILE).json()
    assert pending["legal_name"] == "Lee Learner" and pending["pending_legal_name"] == "Lee Learner-Smith"
    assert pending["legal_name_effective_at"] == "2026-01-07T09:00:00Z"
    clock_advance(to=START + timedelta(hours=48))
    applied = client.get(PROFILE).json()
    assert applied["legal_name"] == "Lee Learner-Smith"
    assert applied["pending_legal_name"] == "" and applied["legal_name_effective_at"] is None


def test_cp7_a_blank_legal_name_is_a_400_and_nothing_is_pending(api_as, learner) -> None:
    CertificationProfileFactory(msa=learner)
    assert_error_shape(api_as(learner).post(LEGAL_NAME, {"legal_name": "   "}, format="json"), 400)
    assert CertificationProfile.objects.get().pending_legal_name == ""


@pytest.mark.parametrize("call", ["contact", "legal_name"])
def test_cp7_changes_need_a_certification_profile(api_as, learner, call: str) -> None:
    client = api_as(learner)
    if call == "contact":
        response = client.patch(CONTACT, {"contact_email": "a@b.example"}, format="json")
    else:
        response = client.post(LEGAL_NAME, {"legal_name": "Lee"}, format="json")
    assert assert_error_shape(response, 404)["code"] == "no_certification_profile"


def test_an_alias_of_a_merged_profile_is_not_the_msas_profile(api_as, learner: Account) -> None:
    """CP-4: once merged, an MCID is an alias without an MSA; the dashboard shows the survivor and its aliases."""
    survivor = CertificationProfileFactory(msa=learner)
    CertificationProfile.objects.create(
        mcid=29_999_999, legal_name="Lee", contact_email="lee@outlook.example", created_at=START, merged_into=survivor
    )
    body = api_as(learner).get(PROFILE).json()
    assert body["mcid"] == survivor.mcid and body["aliases"] == [29_999_999]
