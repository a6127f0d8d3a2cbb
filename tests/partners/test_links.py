"""Partner Center users and links at the service level: roles (PC-1), only the person links (PC-2), Partner
University (PC-3), one MCID per user and one organisation per MCID (PC-4), moving company (PC-5), remove access
(PC-6), the record of every link, unlink and refusal (PC-7), and the association limits (PC-8)."""

from __future__ import annotations

import inspect
from datetime import UTC, datetime, timedelta

import pytest
from django.db import IntegrityError, transaction

from partners import rules
from partners.models import LinkEvent, McidLink, PartnerUniversityLink
from partners.selectors_learn import my_learn_profile
from partners.services import links
from partners.services.links import (
    mcid_link,
    mcid_unlink,
    university_link,
    university_sign_in,
    university_sign_up,
    university_unlink,
)
from partners.services.organizations import partner_user_create, partner_user_delete, partner_user_roles_set
from profiles.services import account_sign_in
from tests.factories import PASSWORD, AccountFactory
from tests.helpers import refusal_of
from tests.partners.cast import employee_of, msa_with_profile
from tests.partners.conftest import DAY0, admin_of

COOLOFF_MESSAGE = (
    "You've attempted to associate with a partner organization. However, we require a period of 30 days between "
    "associations. Your next available date for a subsequent association is 11 February 2026."
)


# --- PC-1: users and roles -----------------------------------------------------------------------------------------


def test_pc1_a_global_admin_creates_a_user_with_roles_and_a_one_time_password(company_a) -> None:  # type: ignore[no-untyped-def]
    user, password = partner_user_create(
        by=admin_of(company_a),
        email="nestor@contoso.example",
        display_name="Nestor Wilke",
        now=DAY0,
        roles={"is_report_viewer": True},
    )
    assert user.roles == ["report viewer"] and user.organization == company_a
    assert (
        account_sign_in(email="nestor@contoso.example", password=password, kind="work", now=DAY0, request=None)
        == user.account
    )


def test_pc1_an_account_admin_manages_users_too(company_a) -> None:  # type: ignore[no-untyped-def]
    account_admin = employee_of(company_a, "alex", "Alex Wilber", is_account_admin=True)
    user, _ = partner_user_create(by=account_admin, email="lynne@contoso.example", display_name="Lynne", now=DAY0)
    assert user.roles == ["default user"]


@pytest.mark.parametrize("role", [{}, {"is_partner_admin": True}, {"is_report_viewer": True}])
def test_pc1_only_global_and_account_admins_manage_users(company_a, role) -> None:  # type: ignore[no-untyped-def]
    someone = employee_of(company_a, "diego", "Diego Siciliani", **role)
    refused = refusal_of(lambda: partner_user_create(by=someone, email="x@contoso.example", display_name="", now=DAY0))
    assert (refused.code, refused.status) == ("not_user_admin", 403)
    assert refused.message == (
        "Only a global admin or an account admin of your organisation can manage Partner Center users."
    )


def test_pc1_a_user_is_a_work_account_on_the_tenants_domain(company_a) -> None:  # type: ignore[no-untyped-def]
    refused = refusal_of(
        lambda: partner_user_create(by=admin_of(company_a), email="x@fabrikam.example", display_name="", now=DAY0)
    )
    assert refused.code == "domain_not_verified"


def test_pc1_an_admin_cannot_manage_another_organisations_users(company_a, megan_at_b) -> None:  # type: ignore[no-untyped-def]
    refused = refusal_of(lambda: partner_user_roles_set(by=admin_of(company_a), user=megan_at_b, roles={}))
    assert (refused.code, refused.status) == ("partner_user_not_found", 404)


def test_pc1_a_global_admin_cannot_take_away_their_own_global_admin_role(company_a) -> None:  # type: ignore[no-untyped-def]
    admin = admin_of(company_a)
    refused = refusal_of(lambda: partner_user_roles_set(by=admin, user=admin, roles={"is_global_admin": False}))
    assert refused.code == "cannot_demote_self"


def test_pc1_linking_needs_no_role_a_default_user_links_their_own_mcid(megan_at_a, megan_msa, megan_profile) -> None:  # type: ignore[no-untyped-def]
    assert megan_at_a.roles == ["default user"]
    link = mcid_link(user=megan_at_a, msa=megan_msa, now=DAY0)
    assert (link.partner_user, link.organization, link.profile) == (megan_at_a, megan_at_a.organization, megan_profile)


# --- PC-2: only the person links -----------------------------------------------------------------------------------


def test_pc2_linking_acts_for_the_signed_in_user_only_there_is_no_by_someone_else() -> None:
    """PC-2: the services take the user who links (themselves) and the MSA they proved; none takes an admin acting
    for someone else, unlike the user-management services, which take `by`."""
    for action in (links.mcid_link, links.mcid_unlink, links.university_link, links.university_unlink):
        assert "by" not in inspect.signature(action).parameters
        assert "user" in inspect.signature(action).parameters
    assert "by" in inspect.signature(partner_user_create).parameters


def test_pc2_proving_the_msa_needs_its_password(megan_at_a, megan_msa, megan_profile) -> None:  # type: ignore[no-untyped-def]
    refused = refusal_of(
        lambda: account_sign_in(email=megan_msa.email, password="not-hers", kind="msa", now=DAY0, request=None)
    )
    assert refused.code == "signin_failed"
    proved = account_sign_in(email=megan_msa.email, password=PASSWORD, kind="msa", now=DAY0, request=None)
    assert mcid_link(user=megan_at_a, msa=proved, now=DAY0).profile == megan_profile


def test_pc2_an_msa_without_a_certification_profile_has_no_mcid_to_associate(megan_at_a) -> None:  # type: ignore[no-untyped-def]
    msa = AccountFactory(email="no.exams@outlook.example")
    refused = refusal_of(lambda: mcid_link(user=megan_at_a, msa=msa, now=DAY0))
    assert refused.code == "no_certification_profile"
    assert "no.exams@outlook.example has no certification profile" in refused.message


def test_pc2_a_deleted_user_cannot_link(megan_at_a, megan_msa, megan_profile) -> None:  # type: ignore[no-untyped-def]
    partner_user_delete(by=admin_of(megan_at_a.organization), user=megan_at_a, now=DAY0)
    megan_at_a.account.refresh_from_db()
    refused = refusal_of(lambda: mcid_link(user=megan_at_a, msa=megan_msa, now=DAY0))
    assert (refused.code, refused.status) == ("partner_user_deleted", 403)


# --- PC-3: Partner University --------------------------------------------------------------------------------------


def test_pc3_signing_up_to_partner_university_and_linking_gives_access(megan_at_a) -> None:  # type: ignore[no-untyped-def]
    account = university_sign_up(email="Megan.PU@outlook.example", password="Pu-pass-123", display_name="M", now=DAY0)
    link = university_link(user=megan_at_a, account=account, now=DAY0)
    assert account.email == "megan.pu@outlook.example"
    assert my_learn_profile(user=megan_at_a, now=DAY0).university == link


def pu_sign_in(email: str, password: str):  # type: ignore[no-untyped-def]
    return university_sign_in(email=email, password=password, now=DAY0, request=None)


def test_pc3_signing_in_to_partner_university_needs_the_right_password(megan_at_a) -> None:  # type: ignore[no-untyped-def]
    university_sign_up(email="megan.pu@outlook.example", password="Pu-pass-123", display_name="", now=DAY0)
    assert refusal_of(lambda: pu_sign_in("megan.pu@outlook.example", "nope")).code == "university_signin_failed"
    assert refusal_of(lambda: pu_sign_in("nobody@outlook.example", "nope")).code == "university_signin_failed"
    assert pu_sign_in("MEGAN.pu@outlook.example", "Pu-pass-123").email == "megan.pu@outlook.example"


def test_id3_pc3_signing_up_again_is_a_sign_in_and_never_says_the_account_exists(db: None) -> None:
    first = university_sign_up(email="megan.pu@outlook.example", password="Pu-pass-123", display_name="", now=DAY0)
    again = university_sign_up(email="Megan.PU@outlook.example", password="Pu-pass-123", display_name="", now=DAY0)
    wrong = refusal_of(
        lambda: university_sign_up(email="megan.pu@outlook.example", password="Not-hers-123", display_name="", now=DAY0)
    )
    assert again == first
    assert (wrong.code, wrong.message) == (
        "university_signin_failed",
        "That Partner University email or password isn't right.",
    )
    assert "megan.pu@outlook.example" not in wrong.message and "already" not in wrong.message


def test_pc3_signing_up_with_a_short_password_is_refused(db: None) -> None:
    short = refusal_of(
        lambda: university_sign_up(email="b@outlook.example", password="short", display_name="", now=DAY0)
    )
    assert short.code == "weak_password"


def test_pc3_one_partner_university_account_per_user_and_one_user_per_account(megan_at_a, company_a) -> None:  # type: ignore[no-untyped-def]
    first = university_sign_up(email="megan.pu@outlook.example", password="Pu-pass-123", display_name="", now=DAY0)
    second = university_sign_up(email="megan.pu2@outlook.example", password="Pu-pass-123", display_name="", now=DAY0)
    university_link(user=megan_at_a, account=first, now=DAY0)
    assert refusal_of(lambda: university_link(user=megan_at_a, account=second, now=DAY0)).code == (
        "university_already_linked"
    )
    colleague = employee_of(company_a, "kenji", "Kenji Sato")
    assert refusal_of(lambda: university_link(user=colleague, account=first, now=DAY0)).code == (
        "university_account_taken"
    )


def test_pc3_removing_partner_university_access_ends_the_link(megan_at_a) -> None:  # type: ignore[no-untyped-def]
    account = university_sign_up(email="megan.pu@outlook.example", password="Pu-pass-123", display_name="", now=DAY0)
    university_link(user=megan_at_a, account=account, now=DAY0)
    ended = university_unlink(user=megan_at_a, now=DAY0 + timedelta(days=1))
    assert ended.ended_at == DAY0 + timedelta(days=1)
    assert refusal_of(lambda: university_unlink(user=megan_at_a, now=DAY0)).code == "university_not_linked"
    assert university_link(user=megan_at_a, account=account, now=DAY0 + timedelta(days=2)).ended_at is None


def test_pc3_use_email_at_address_is_offered_when_the_partner_university_email_is_an_msa_with_an_mcid(
    megan_at_a, megan_msa, megan_profile
) -> None:  # type: ignore[no-untyped-def]
    account = university_sign_up(email=megan_msa.email, password="Pu-pass-123", display_name="", now=DAY0)
    university_link(user=megan_at_a, account=account, now=DAY0)
    assert my_learn_profile(user=megan_at_a, now=DAY0).learn_one_step == megan_msa.email
    mcid_link(user=megan_at_a, msa=megan_msa, now=DAY0, method=McidLink.Method.PARTNER_UNIVERSITY)
    assert my_learn_profile(user=megan_at_a, now=DAY0).learn_one_step == ""
    assert McidLink.objects.get().method == "partner_university"


def test_pc3_no_one_step_offer_when_the_partner_university_email_has_no_mcid(megan_at_a, megan_profile) -> None:  # type: ignore[no-untyped-def]
    account = university_sign_up(email="other@outlook.example", password="Pu-pass-123", display_name="", now=DAY0)
    university_link(user=megan_at_a, account=account, now=DAY0)
    assert my_learn_profile(user=megan_at_a, now=DAY0).learn_one_step == ""


def test_pc3_partner_university_access_is_offered_in_one_step_for_the_linked_mcids_msa_email(
    megan_at_a, megan_msa, megan_profile
) -> None:  # type: ignore[no-untyped-def]
    mcid_link(user=megan_at_a, msa=megan_msa, now=DAY0)
    assert my_learn_profile(user=megan_at_a, now=DAY0).university_one_step == ""
    university_sign_up(email=megan_msa.email, password="Pu-pass-123", display_name="", now=DAY0)
    assert my_learn_profile(user=megan_at_a, now=DAY0).university_one_step == megan_msa.email


# --- PC-4: one MCID per user, one organisation per MCID ------------------------------------------------------------


def test_pc4_a_user_links_at_most_one_mcid(megan_at_a, megan_msa, megan_profile) -> None:  # type: ignore[no-untyped-def]
    mcid_link(user=megan_at_a, msa=megan_msa, now=DAY0)
    other_msa, other = msa_with_profile("megan.second", "Megan Bowen")
    refused = refusal_of(lambda: mcid_link(user=megan_at_a, msa=other_msa, now=DAY0 + timedelta(days=40)))
    assert (refused.code, refused.details["linked_mcid"]) == ("linked_to_another_mcid", megan_profile.mcid)
    assert "choose Remove access first" in refused.message


def test_pc4_linking_the_same_mcid_again_says_it_is_already_linked(megan_at_a, megan_msa, megan_profile) -> None:  # type: ignore[no-untyped-def]
    mcid_link(user=megan_at_a, msa=megan_msa, now=DAY0)
    refused = refusal_of(lambda: mcid_link(user=megan_at_a, msa=megan_msa, now=DAY0 + timedelta(days=40)))
    assert refused.code == "already_linked"


def test_pc4_the_database_refuses_a_second_live_link_of_one_mcid(megan_at_a, megan_at_b, megan_profile) -> None:  # type: ignore[no-untyped-def]
    McidLink.objects.create(
        partner_user=megan_at_a, organization=megan_at_a.organization, profile=megan_profile, started_at=DAY0
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        McidLink.objects.create(
            partner_user=megan_at_b, organization=megan_at_b.organization, profile=megan_profile, started_at=DAY0
        )


def test_pc4_the_database_refuses_a_second_live_mcid_for_one_user(megan_at_a, megan_profile) -> None:  # type: ignore[no-untyped-def]
    _, other = msa_with_profile("megan.second", "Megan Bowen")
    McidLink.objects.create(
        partner_user=megan_at_a, organization=megan_at_a.organization, profile=megan_profile, started_at=DAY0
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        McidLink.objects.create(
            partner_user=megan_at_a, organization=megan_at_a.organization, profile=other, started_at=DAY0
        )


def test_pc4_ended_links_stay_as_history_beside_the_live_one(megan_at_a, megan_msa, megan_profile) -> None:  # type: ignore[no-untyped-def]
    mcid_link(user=megan_at_a, msa=megan_msa, now=DAY0)
    mcid_unlink(user=megan_at_a, now=DAY0 + timedelta(days=1))
    mcid_link(user=megan_at_a, msa=megan_msa, now=DAY0 + timedelta(days=31))
    assert McidLink.objects.filter(profile=megan_profile).count() == 2
    assert McidLink.objects.filter(profile=megan_profile, ended_at__isnull=True).count() == 1


# --- PC-5: moving company ------------------------------------------------------------------------------------------


def test_pc5_linking_at_company_b_ends_the_link_at_company_a_as_moved(
    megan_at_a, megan_at_b, megan_msa, megan_profile
) -> None:  # type: ignore[no-untyped-def]
    at_a = mcid_link(user=megan_at_a, msa=megan_msa, now=DAY0)
    at_b = mcid_link(user=megan_at_b, msa=megan_msa, now=DAY0 + timedelta(days=40))
    at_a.refresh_from_db()
    assert (at_a.ended_at, at_a.ended_reason) == (DAY0 + timedelta(days=40), "moved")
    assert (at_b.organization, at_b.ended_at) == (megan_at_b.organization, None)


def test_pc5_another_user_of_the_same_organisation_linking_the_mcid_replaces_the_link(
    megan_at_a, megan_msa, megan_profile, company_a
) -> None:  # type: ignore[no-untyped-def]
    first = mcid_link(user=megan_at_a, msa=megan_msa, now=DAY0)
    second_user = employee_of(company_a, "megan.bowen", "Megan Bowen")
    mcid_link(user=second_user, msa=megan_msa, now=DAY0 + timedelta(days=31))
    first.refresh_from_db()
    assert first.ended_reason == "replaced"


# --- PC-6: remove access -------------------------------------------------------------------------------------------


def test_pc6_remove_access_ends_the_users_own_link(megan_at_a, megan_msa, megan_profile) -> None:  # type: ignore[no-untyped-def]
    mcid_link(user=megan_at_a, msa=megan_msa, now=DAY0)
    ended = mcid_unlink(user=megan_at_a, now=DAY0 + timedelta(days=3))
    assert (ended.ended_at, ended.ended_reason) == (DAY0 + timedelta(days=3), "removed")
    assert my_learn_profile(user=megan_at_a, now=DAY0 + timedelta(days=3)).link is None


def test_pc6_remove_access_without_a_link_is_refused(megan_at_a) -> None:  # type: ignore[no-untyped-def]
    refused = refusal_of(lambda: mcid_unlink(user=megan_at_a, now=DAY0))
    assert (refused.code, refused.message) == (
        "not_linked",
        "Your Partner Center account has no associated MCID to remove.",
    )


# --- PC-7: every link, unlink, move and refusal is recorded --------------------------------------------------------


def events() -> list[tuple[str, str, str, datetime]]:
    return [(e.kind, e.code, e.actor.email, e.at) for e in LinkEvent.objects.order_by("at", "id")]


def test_pc7_every_link_unlink_move_and_refusal_is_recorded_with_actor_time_code_and_message(
    megan_at_a, megan_at_b, megan_msa, megan_profile
) -> None:  # type: ignore[no-untyped-def]
    day40 = DAY0 + timedelta(days=40)
    mcid_link(user=megan_at_a, msa=megan_msa, now=DAY0)
    refusal_of(lambda: mcid_link(user=megan_at_b, msa=megan_msa, now=DAY0 + timedelta(days=1)))
    mcid_link(user=megan_at_b, msa=megan_msa, now=day40)
    mcid_unlink(user=megan_at_b, now=day40 + timedelta(days=1))
    assert events() == [
        ("linked", "linked", "megan@contoso.example", DAY0),
        ("refused", "association_cooloff", "megan@fabrikam.example", DAY0 + timedelta(days=1)),
        ("moved", "moved", "megan@fabrikam.example", day40),
        ("linked", "linked", "megan@fabrikam.example", day40),
        ("unlinked", "removed", "megan@fabrikam.example", day40 + timedelta(days=1)),
    ]
    assert all(event.message and event.mcid == megan_profile.mcid for event in LinkEvent.objects.all())
    moved = LinkEvent.objects.get(kind="moved")
    assert (moved.partner_user, moved.organization) == (megan_at_a, megan_at_a.organization)
    assert "associated with Fabrikam" in moved.message
    refused = LinkEvent.objects.get(kind="refused")
    assert refused.message.startswith("You've attempted to associate") and refused.details["action"] == "mcid_link"


def test_pc7_a_leavers_links_end_with_the_admin_recorded_as_actor(megan_at_a, megan_msa, megan_profile) -> None:  # type: ignore[no-untyped-def]
    account = university_sign_up(email="megan.pu@outlook.example", password="Pu-pass-123", display_name="", now=DAY0)
    university_link(user=megan_at_a, account=account, now=DAY0)
    mcid_link(user=megan_at_a, msa=megan_msa, now=DAY0)
    partner_user_delete(by=admin_of(megan_at_a.organization), user=megan_at_a, now=DAY0 + timedelta(days=5))
    left = LinkEvent.objects.filter(code="left").order_by("id")
    assert [(e.kind, e.actor.email, e.at) for e in left] == [
        ("unlinked", "admin@contoso.example", DAY0 + timedelta(days=5)),
        ("university_unlinked", "admin@contoso.example", DAY0 + timedelta(days=5)),
    ]
    assert all(e.message and e.partner_user == megan_at_a for e in left)
    assert McidLink.objects.get().ended_reason == "left"
    assert PartnerUniversityLink.objects.get().ended_at == DAY0 + timedelta(days=5)


def test_pc7_partner_university_links_and_refusals_are_recorded(megan_at_a) -> None:  # type: ignore[no-untyped-def]
    account = university_sign_up(email="megan.pu@outlook.example", password="Pu-pass-123", display_name="", now=DAY0)
    university_link(user=megan_at_a, account=account, now=DAY0)
    refusal_of(lambda: university_link(user=megan_at_a, account=account, now=DAY0))
    university_unlink(user=megan_at_a, now=DAY0)
    assert [(kind, code) for kind, code, _, _ in events()] == [
        ("university_linked", "university_linked"),
        ("refused", "university_already_linked"),
        ("university_unlinked", "university_removed"),
    ]
    assert all(event.message for event in LinkEvent.objects.all())


def test_pc7_a_refusal_is_recorded_even_though_nothing_else_changes(megan_at_a) -> None:  # type: ignore[no-untyped-def]
    refusal_of(lambda: mcid_unlink(user=megan_at_a, now=DAY0))
    event = LinkEvent.objects.get()
    assert (event.kind, event.code, event.actor, event.at) == ("refused", "not_linked", megan_at_a.account, DAY0)


# --- PC-8: association limits --------------------------------------------------------------------------------------


def test_pc8_an_association_inside_the_cooloff_is_refused_with_partner_centers_sentence(
    megan_at_a, megan_at_b, megan_msa, megan_profile
) -> None:  # type: ignore[no-untyped-def]
    mcid_link(user=megan_at_a, msa=megan_msa, now=DAY0)
    refused = refusal_of(lambda: mcid_link(user=megan_at_b, msa=megan_msa, now=DAY0 + timedelta(days=10)))
    assert (refused.code, refused.message) == ("association_cooloff", COOLOFF_MESSAGE)
    assert refused.details == {"next_eligible_at": DAY0 + timedelta(days=30), "mcid": megan_profile.mcid}
    assert McidLink.objects.get().partner_user == megan_at_a


def test_pc8_the_cooloff_counts_from_the_start_of_the_previous_association(
    megan_at_a, megan_at_b, megan_msa, megan_profile
) -> None:  # type: ignore[no-untyped-def]
    mcid_link(user=megan_at_a, msa=megan_msa, now=DAY0)
    mcid_unlink(user=megan_at_a, now=DAY0 + timedelta(days=29))
    refused = refusal_of(
        lambda: mcid_link(user=megan_at_b, msa=megan_msa, now=DAY0 + timedelta(days=30) - timedelta(seconds=1))
    )
    assert refused.code == "association_cooloff"
    assert mcid_link(user=megan_at_b, msa=megan_msa, now=DAY0 + timedelta(days=30)).ended_at is None


def test_pc8_the_fourth_association_in_365_days_is_refused_naming_the_limit_and_the_date(
    megan_at_a, megan_at_b, megan_msa, megan_profile
) -> None:  # type: ignore[no-untyped-def]
    users = [megan_at_a, megan_at_b, megan_at_a]
    for n, user in enumerate(users):
        mcid_link(user=user, msa=megan_msa, now=DAY0 + timedelta(days=31 * n))
        mcid_unlink(user=user, now=DAY0 + timedelta(days=31 * n + 1))
    refused = refusal_of(lambda: mcid_link(user=megan_at_b, msa=megan_msa, now=DAY0 + timedelta(days=200)))
    assert (refused.code, refused.details["limit"]) == ("association_yearly_limit", 3)
    assert refused.message == (
        "You've attempted to associate with a partner organization. However, an individual can start at most 3 "
        "associations in any 365 days, and you have reached that limit. Your next available date for a subsequent "
        "association is 12 January 2027."
    )
    assert mcid_link(user=megan_at_b, msa=megan_msa, now=DAY0 + timedelta(days=365)).ended_at is None


def test_pc8_my_learn_profile_shows_the_next_date_an_association_may_start(
    megan_at_a, megan_at_b, megan_msa, megan_profile
) -> None:  # type: ignore[no-untyped-def]
    assert my_learn_profile(user=megan_at_a, now=DAY0).next_association_at is None
    mcid_link(user=megan_at_a, msa=megan_msa, now=DAY0)
    assert my_learn_profile(user=megan_at_a, now=DAY0).next_association_at == DAY0 + timedelta(days=30)
    mcid_unlink(user=megan_at_a, now=DAY0 + timedelta(days=2))
    assert my_learn_profile(user=megan_at_a, now=DAY0).next_association_at == DAY0 + timedelta(days=30)


def test_pc8_the_cooloff_is_a_setting_and_the_sentence_names_the_value_in_force(
    settings, megan_at_a, megan_at_b, megan_msa, megan_profile
) -> None:  # type: ignore[no-untyped-def]
    settings.ASSOCIATION_COOLOFF_DAYS = 10
    mcid_link(user=megan_at_a, msa=megan_msa, now=DAY0)
    refused = refusal_of(lambda: mcid_link(user=megan_at_b, msa=megan_msa, now=DAY0 + timedelta(days=9)))
    assert "we require a period of 10 days between associations" in refused.message
    assert "22 January 2026" in refused.message


def test_pc8_rules_next_association_at_takes_the_later_of_cooloff_and_yearly_limit() -> None:
    limits = rules.Limits()
    jan, feb, mar = (datetime(2026, m, 1, tzinfo=UTC) for m in (1, 2, 3))
    assert rules.next_association_at([], limits=limits) is None
    assert rules.next_association_at([jan], limits=limits) == jan + timedelta(days=30)
    assert rules.next_association_at([mar, jan, feb], limits=limits) == jan + timedelta(days=365)
    rules.check_association([jan, feb, mar], now=jan + timedelta(days=365), limits=limits)  # allowed: no refusal
    assert rules.day(datetime(2026, 3, 1, tzinfo=UTC)) == "1 March 2026"
