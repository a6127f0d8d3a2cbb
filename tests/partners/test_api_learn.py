"""API of My Learn profile: only a Partner Center user gets in (PC-1); the person associates their own MCID by
proving its MSA (PC-2), within the limits (PC-8); Partner University access and its one-step offers (PC-3);
remove access (PC-6); pending credits and their dates (PC-9); the history of links and refusals (PC-7)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import URLPattern

from certlink.api import urls as api_urls
from certlink.clock import clock_advance
from partners.api import PartnerUserApi
from partners.models import McidLink
from partners.services.links import university_sign_up
from partners.services.organizations import partner_user_delete
from tests.factories import PASSWORD
from tests.partners.cast import msa_with_profile
from tests.partners.conftest import DAY0, admin_of

PROFILE = "/api/v1/partner/learn-profile/"
ASSOCIATE = "/api/v1/partner/learn-profile/associate/"
ONE_STEP = "/api/v1/partner/learn-profile/associate/university-email/"
ASSOCIATION = "/api/v1/partner/learn-profile/association/"
UNIVERSITY = "/api/v1/partner/learn-profile/university/"


@pytest.fixture
def megan(api_as, megan_at_a):  # type: ignore[no-untyped-def]
    return api_as(megan_at_a.account)


def associate(client, msa, password: str = PASSWORD):  # type: ignore[no-untyped-def]
    return client.post(ASSOCIATE, {"email": msa.email, "password": password}, format="json")


# --- PC-1: who gets in ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["learner", "operator", "agent"])
def test_pc1_an_account_that_is_no_partner_center_user_gets_403_with_a_sentence(api_as, request, who) -> None:  # type: ignore[no-untyped-def]
    client = api_as(request.getfixturevalue(who))
    for path in ("/api/v1/partner/me/", PROFILE):
        response = client.get(path)
        assert response.status_code == 403
        assert response.json()["code"] == "not_partner_center_user"
        assert response.json()["message"].startswith("Partner Center is for users of a partner organisation")


def test_pc1_without_signing_in_the_api_answers_401(client, db) -> None:  # type: ignore[no-untyped-def]
    response = client.get(PROFILE)
    assert (response.status_code, response.json()["code"]) == (401, "not_signed_in")


def test_pc1_me_shows_the_organisation_and_roles(api_as, megan_at_a, company_a) -> None:  # type: ignore[no-untyped-def]
    me = api_as(megan_at_a.account).get("/api/v1/partner/me/").json()
    assert (me["email"], me["roles"], me["manages_users"], me["sees_skills"]) == (
        "megan@contoso.example",
        ["default user"],
        False,
        False,
    )
    assert (me["organization"]["name"], me["organization"]["partner_id"]) == ("Contoso", "1000001")
    admin = api_as(admin_of(company_a).account).get("/api/v1/partner/me/").json()
    assert admin["roles"] == ["global admin", "partner admin"] and admin["manages_users"] and admin["sees_skills"]


def test_pc1_ids4_a_deleted_users_token_no_longer_gets_in(api_as, megan_at_a, megan) -> None:  # type: ignore[no-untyped-def]
    partner_user_delete(by=admin_of(megan_at_a.organization), user=megan_at_a, now=DAY0)
    response = megan.get(PROFILE)
    assert (response.status_code, response.json()["code"]) == (401, "bad_credentials")


# --- PC-2, PC-8, PC-9: associate -----------------------------------------------------------------------------------


def test_pc2_pc9_associating_with_the_msa_and_its_password_shows_the_mcid_and_the_pending_credit(
    megan, megan_msa, megan_admin_cert
) -> None:  # type: ignore[no-untyped-def]
    response = associate(megan, megan_msa)
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["mcid"], body["method"], body["since"]) == (
        megan_admin_cert.profile.mcid,
        "learn",
        "2026-01-12T09:00:00Z",
    )
    assert (body["next_association_at"], body["can_associate_now"]) == ("2026-02-11T09:00:00Z", False)
    assert body["pending"] == [
        {"title": "Microsoft Certified: Azure Administrator Associate", "due_at": "2026-01-22T09:00:00Z"}
    ]
    assert body["credits"] == []
    assert [(e["kind"], e["code"], e["actor"]) for e in body["history"]] == [
        ("linked", "linked", "megan@contoso.example")
    ]


def test_pc9_after_ten_days_the_credit_is_on_my_learn_profile(megan, megan_msa, megan_admin_cert) -> None:  # type: ignore[no-untyped-def]
    associate(megan, megan_msa)
    clock_advance(to=DAY0 + timedelta(days=10))
    body = megan.get(PROFILE).json()
    assert body["pending"] == []
    assert [(c["activity_id"], c["type"], c["arrived_at"], c["manual"]) for c in body["credits"]] == [
        ("azure-administrator", "Certification", "2026-01-22T09:00:00Z", False)
    ]


def test_pc2_a_wrong_password_proves_nothing_and_links_nothing(megan, megan_msa, megan_profile) -> None:  # type: ignore[no-untyped-def]
    response = associate(megan, megan_msa, password="not-hers")
    assert (response.status_code, response.json()["code"]) == (400, "signin_failed")
    assert not McidLink.objects.exists()


def test_pc2_an_msa_with_no_certification_profile_is_refused_with_how_to_fix_it(megan, learner) -> None:  # type: ignore[no-untyped-def]
    response = associate(megan, learner)
    assert (response.status_code, response.json()["code"]) == (400, "no_certification_profile")
    assert "Sign in with the personal account your certification profile uses" in response.json()["message"]


def test_pc2_the_body_is_validated(megan) -> None:  # type: ignore[no-untyped-def]
    response = megan.post(ASSOCIATE, {"email": "not an email"}, format="json")
    assert response.status_code == 400 and response.json()["code"] == "invalid"
    assert set(response.json()["details"]["fields"]) == {"email", "password"}


def test_pc8_an_association_inside_the_cooloff_answers_400_with_the_sentence_and_the_date(
    api_as, megan, megan_at_b, megan_msa, megan_profile
) -> None:  # type: ignore[no-untyped-def]
    associate(megan, megan_msa)
    at_b = api_as(megan_at_b.account)
    response = associate(at_b, megan_msa)
    assert response.status_code == 400
    assert response.json() == {
        "code": "association_cooloff",
        "message": "You've attempted to associate with a partner organization. However, we require a period of 30 "
        "days between associations. Your next available date for a subsequent association is 11 February 2026.",
        "details": {"next_eligible_at": "2026-02-11T09:00:00+00:00", "mcid": megan_profile.mcid},
    }
    history = at_b.get(PROFILE).json()["history"]
    assert [(e["kind"], e["code"]) for e in history] == [("refused", "association_cooloff")]
    assert history[0]["message"] == response.json()["message"]


def test_pc5_associating_at_company_b_after_the_cooloff_moves_the_mcid(
    api_as, megan, megan_at_b, megan_msa, megan_profile
) -> None:  # type: ignore[no-untyped-def]
    associate(megan, megan_msa)
    clock_advance(to=DAY0 + timedelta(days=30))
    assert associate(api_as(megan_at_b.account), megan_msa).status_code == 201
    body = megan.get(PROFILE).json()
    assert body["mcid"] is None
    assert body["history"][0]["kind"] == "moved" and body["history"][0]["code"] == "moved"
    assert body["next_association_at"] == "2026-03-13T09:00:00Z"


# --- PC-6: remove access -------------------------------------------------------------------------------------------


def test_pc6_remove_access_unlinks_and_a_second_time_says_there_is_nothing_to_remove(
    megan, megan_msa, megan_profile
) -> None:  # type: ignore[no-untyped-def]
    associate(megan, megan_msa)
    response = megan.delete(ASSOCIATION)
    assert response.status_code == 200 and response.json()["mcid"] is None
    assert response.json()["history"][0]["code"] == "removed"
    again = megan.delete(ASSOCIATION)
    assert (again.status_code, again.json()["code"]) == (400, "not_linked")


# --- PC-3: Partner University --------------------------------------------------------------------------------------


def test_pc3_signing_up_to_partner_university_gives_access_and_remove_access_ends_it(megan) -> None:  # type: ignore[no-untyped-def]
    response = megan.post(
        UNIVERSITY,
        {"email": "megan.pu@outlook.example", "password": "Pu-pass-123", "sign_up": True, "display_name": "Megan"},
        format="json",
    )
    assert response.status_code == 201
    assert response.json()["university"] == {"email": "megan.pu@outlook.example", "since": "2026-01-12T09:00:00Z"}
    removed = megan.delete(UNIVERSITY)
    assert removed.status_code == 200 and removed.json()["university"] is None
    assert megan.delete(UNIVERSITY).json()["code"] == "university_not_linked"


def test_pc3_signing_in_to_an_existing_partner_university_account_needs_its_password(megan) -> None:  # type: ignore[no-untyped-def]
    university_sign_up(email="megan.pu@outlook.example", password="Pu-pass-123", display_name="", now=DAY0)
    wrong = megan.post(UNIVERSITY, {"email": "megan.pu@outlook.example", "password": "nope"}, format="json")
    assert (wrong.status_code, wrong.json()["code"]) == (400, "university_signin_failed")
    right = megan.post(UNIVERSITY, {"email": "megan.pu@outlook.example", "password": "Pu-pass-123"}, format="json")
    assert right.status_code == 201


def test_pc3_use_email_at_address_associates_the_msa_of_the_partner_university_email(
    megan, megan_msa, megan_profile
) -> None:  # type: ignore[no-untyped-def]
    megan.post(UNIVERSITY, {"email": megan_msa.email, "password": "Pu-pass-123", "sign_up": True}, format="json")
    assert megan.get(PROFILE).json()["learn_one_step"] == megan_msa.email
    wrong = megan.post(ONE_STEP, {"password": "Pu-pass-123"}, format="json")  # the MSA's password, not PU's
    assert (wrong.status_code, wrong.json()["code"]) == (400, "signin_failed")
    response = megan.post(ONE_STEP, {"password": PASSWORD}, format="json")
    assert response.status_code == 201
    assert (response.json()["mcid"], response.json()["method"]) == (megan_profile.mcid, "partner_university")
    assert response.json()["learn_one_step"] == ""


def test_pc3_use_email_at_address_without_an_offer_is_refused(megan, megan_msa, megan_profile) -> None:  # type: ignore[no-untyped-def]
    response = megan.post(ONE_STEP, {"password": PASSWORD}, format="json")
    assert (response.status_code, response.json()["code"]) == (400, "no_one_step")
    assert not McidLink.objects.exists()


def test_pc3_partner_university_is_offered_in_one_step_for_the_linked_mcids_msa(
    megan, megan_msa, megan_profile
) -> None:  # type: ignore[no-untyped-def]
    associate(megan, megan_msa)
    university_sign_up(email=megan_msa.email, password="Pu-pass-123", display_name="", now=DAY0)
    assert megan.get(PROFILE).json()["university_one_step"] == megan_msa.email


# --- PC-2: nobody links or unlinks for someone else ----------------------------------------------------------------


def partner_routes() -> list[URLPattern]:
    return [p for p in api_urls.urlpatterns if str(p.pattern).startswith("partner/")]


def test_pc2_no_api_route_links_or_unlinks_an_mcid_for_another_user() -> None:
    """The linking routes take no user id: they act on the signed-in user. The only routes about another user
    are roles and deletion (and support requests, by request id)."""
    for route in partner_routes():
        pattern = str(route.pattern)
        if "learn-profile" in pattern or "associat" in pattern or "university" in pattern:
            assert "<" not in pattern, pattern
    with_ids = sorted(str(p.pattern) for p in partner_routes() if "<" in str(p.pattern))
    assert with_ids == [
        "partner/support-requests/<int:request_id>/accept/",
        "partner/support-requests/<int:request_id>/reject/",
        "partner/users/<int:user_id>/",
    ]
    assert {m for m in PartnerUserApi.http_method_names if hasattr(PartnerUserApi, m)} == {
        "patch",
        "delete",
        "options",
    }


def test_pc2_an_admin_who_associates_links_their_own_user_never_megans(
    api_as, company_a, megan_at_a, megan_msa, megan_profile
) -> None:  # type: ignore[no-untyped-def]
    admin = admin_of(company_a)
    response = associate(api_as(admin.account), megan_msa)
    assert response.status_code == 201
    assert McidLink.objects.get().partner_user == admin
    assert api_as(megan_at_a.account).get(PROFILE).json()["mcid"] is None


def test_pc2_an_admin_cannot_unlink_someone_elses_mcid_through_the_user_routes(
    api_as, company_a, megan, megan_at_a, megan_msa, megan_profile
) -> None:  # type: ignore[no-untyped-def]
    associate(megan, megan_msa)
    admin = api_as(admin_of(company_a).account)
    url = f"/api/v1/partner/users/{megan_at_a.pk}/"
    assert admin.patch(url, {"roles": [], "mcid": None}, format="json").status_code == 200
    assert admin.put(url, {}, format="json").status_code == 405
    assert admin.delete(ASSOCIATION).json()["code"] == "not_linked"  # removes the admin's own access only
    assert McidLink.objects.get().ended_at is None


def test_pc4_a_user_with_an_mcid_cannot_associate_a_second_one(megan, megan_msa, megan_profile) -> None:  # type: ignore[no-untyped-def]
    associate(megan, megan_msa)
    second_msa, _ = msa_with_profile("megan.second", "Megan Bowen")
    response = associate(megan, second_msa)
    assert (response.status_code, response.json()["code"]) == (400, "linked_to_another_mcid")
    assert response.json()["details"]["linked_mcid"] == megan_profile.mcid
