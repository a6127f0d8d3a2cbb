"""Certification profiles in the database: creating one (CP-1), connecting it to Learn (CP-2..CP-4), contact
details and legal-name changes on the simulated clock (CP-7)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from certlink import clock
from certlink.clock import clock_advance
from certlink.errors import Refusal
from profiles import services
from profiles.models import Account, CertificationProfile, LearnProfile
from profiles.services import certification as certification_services
from tests.conftest import START
from tests.factories import PASSWORD, AccountFactory, CertificationProfileFactory

LATER = START + timedelta(hours=1)


def refused(action) -> Refusal:  # type: ignore[no-untyped-def]
    with pytest.raises(Refusal) as refusal:
        action()
    return refusal.value


def create(account: Account, **fields: str) -> CertificationProfile:
    return services.certification_profile_create(
        account=account,
        legal_name=fields.get("legal_name", "Lee Learner"),
        contact_email=fields.get("contact_email", account.email),
        now=START,
    )


def learn_of(account: Account) -> LearnProfile:
    return services.learn_profile_for(account=account, now=START)


def sign_in(account: Account) -> Account:
    return services.account_sign_in(email=account.email, password=PASSWORD, kind=account.kind, now=START, request=None)


def connect(account: Account) -> CertificationProfile:
    return services.certification_connect(signed_in=sign_in(account), now=LATER)


# CP-1


def test_cp1_a_certification_profile_is_created_for_an_msa_with_an_mcid(learner: Account) -> None:
    profile = create(learner, legal_name="  Lee Learner ", contact_email="Lee@Outlook.example")
    assert profile.msa == learner and 10_000_000 <= profile.mcid < 1_000_000_000
    assert (profile.legal_name, profile.contact_email, profile.created_at) == (
        "Lee Learner",
        "lee@outlook.example",
        START,
    )
    assert profile.learn_profile is None


def test_cp1_each_profile_has_its_own_mcid(db: None) -> None:
    mcids = {create(AccountFactory()).mcid for _ in range(20)}
    assert len(mcids) == 20


def test_cp1_an_mcid_already_given_is_never_given_again(monkeypatch, learner: Account) -> None:  # type: ignore[no-untyped-def]
    taken = CertificationProfileFactory(mcid=123_456_789)
    CertificationProfile.objects.filter(pk=taken.pk).update(merged_into=CertificationProfileFactory(), msa=None)
    draws = iter([123_456_789, 123_456_789, 987_654_321])
    monkeypatch.setattr(certification_services, "_new_mcid", lambda: next(draws))
    assert create(learner).mcid == 987_654_321  # the alias keeps its MCID; the collision draws again


def test_cp1_a_second_profile_for_the_same_msa_is_refused(learner: Account) -> None:
    first = create(learner)
    refusal = refused(lambda: create(learner, legal_name="Someone Else"))
    assert refusal.code == "certification_profile_exists" and learner.email in refusal.message
    assert list(CertificationProfile.objects.all()) == [first]


def test_cp1_a_work_account_cannot_have_a_certification_profile(employee: Account) -> None:
    refusal = refused(lambda: create(employee))
    assert (refusal.code, refusal.status) == ("certification_needs_msa", 403)
    assert not CertificationProfile.objects.exists()


def test_cp1_a_profile_needs_a_legal_name(learner: Account) -> None:
    assert refused(lambda: create(learner, legal_name="   ")).code == "legal_name_required"
    assert not CertificationProfile.objects.exists()


def test_cp1_a_profile_needs_a_contact_email_address(learner: Account) -> None:
    assert refused(lambda: create(learner, contact_email="")).code == "contact_email_invalid"
    assert refused(lambda: create(learner, contact_email="not an address")).code == "contact_email_invalid"
    assert not CertificationProfile.objects.exists()


# CP-3


def test_cp3_signed_in_with_the_profiles_msa_the_profile_connects(learner: Account) -> None:
    profile = create(learner)
    learn = learn_of(learner)
    assert connect(learner) == profile
    profile.refresh_from_db()
    assert (profile.learn_profile, profile.connected_at) == (learn, LATER)


def test_cp3_connecting_again_changes_nothing(learner: Account) -> None:
    create(learner)
    connect(learner)
    again = services.certification_connect(signed_in=sign_in(learner), now=LATER + timedelta(days=1))
    assert again.connected_at == LATER


def test_cp3_connecting_signed_in_with_a_work_account_is_refused(learner: Account, employee: Account) -> None:
    create(learner)
    refusal = refused(lambda: connect(employee))
    assert refusal.code == "connect_needs_msa"
    assert "alignment doctor" in refusal.message
    assert CertificationProfile.objects.get().learn_profile is None


def test_cp3_an_msa_with_no_certification_profile_is_refused_with_how_to_align(learner: Account) -> None:
    create(AccountFactory(email="lee.cert@outlook.example"), contact_email="lee.cert@outlook.example")
    refusal = refused(lambda: connect(learner))
    assert refusal.code == "no_certification_profile_for_msa"
    assert learner.email in refusal.message and "alignment doctor" in refusal.message
    assert CertificationProfile.objects.get().learn_profile is None


# CP-2


def test_cp2_a_learn_profile_already_connected_refuses_a_second_certification_profile(learner: Account) -> None:
    learn = learn_of(learner)
    CertificationProfileFactory(learn_profile=learn, connected_at=START, contact_email="old@outlook.example")
    profile = create(learner)
    assert refused(lambda: connect(learner)).code == "learn_profile_already_connected"
    profile.refresh_from_db()
    assert profile.learn_profile is None


def test_cp2_a_certification_profile_connected_elsewhere_is_refused(learner: Account) -> None:
    elsewhere = LearnProfile.objects.create(created_at=START)
    profile = CertificationProfileFactory(msa=learner, learn_profile=elsewhere, connected_at=START)
    learn_of(learner)
    assert refused(lambda: connect(learner)).code == "certification_profile_connected_elsewhere"
    profile.refresh_from_db()
    assert profile.learn_profile == elsewhere


# CP-4


def test_cp4_a_person_with_two_certification_profiles_must_have_them_merged_first(learner: Account) -> None:
    profile = create(learner, contact_email="lee@outlook.example")
    other = CertificationProfileFactory(contact_email="LEE@outlook.example")
    refusal = refused(lambda: connect(learner))
    assert refusal.code == "merge_certification_profiles_first"
    assert refusal.details == {"mcid": profile.mcid, "others": 1}
    assert str(other.mcid) not in refusal.message  # AL-5: a contact email proves nothing, so the MCID stays hidden
    profile.refresh_from_db()
    assert profile.learn_profile is None


def test_cp4_an_alias_with_the_same_contact_email_does_not_block_the_connection(learner: Account) -> None:
    profile = create(learner, contact_email="lee@outlook.example")
    alias = CertificationProfileFactory(contact_email="lee@outlook.example")
    CertificationProfile.objects.filter(pk=alias.pk).update(merged_into=profile, msa=None)
    assert connect(learner) == profile


# CP-7


def test_cp7_contact_details_change_at_once(learner: Account) -> None:
    profile = create(learner)
    services.certification_contact_update(profile=profile, contact_email=" Lee.New@Outlook.example ")
    profile.refresh_from_db()
    assert profile.contact_email == "lee.new@outlook.example"


def test_cp7_a_contact_email_must_be_an_address(learner: Account) -> None:
    profile = create(learner)
    refusal = refused(lambda: services.certification_contact_update(profile=profile, contact_email=""))
    assert refusal.code == "contact_email_invalid"
    profile.refresh_from_db()
    assert profile.contact_email == learner.email


def test_cp7_a_legal_name_change_is_pending_for_48_hours(learner: Account) -> None:
    profile = create(learner)
    effective = services.legal_name_change_request(profile=profile, legal_name=" Lee Lerner ", now=START)
    assert effective == START + timedelta(hours=48)
    profile.refresh_from_db()
    assert (profile.legal_name, profile.pending_legal_name, profile.legal_name_effective_at) == (
        "Lee Learner",
        "Lee Lerner",
        effective,
    )


def test_cp7_the_delay_is_configurable(settings, learner: Account) -> None:  # type: ignore[no-untyped-def]
    settings.NAME_CHANGE_HOURS = 2
    profile = create(learner)
    assert services.legal_name_change_request(profile=profile, legal_name="X Y", now=START) == START + timedelta(
        hours=2
    )


def test_cp7_a_blank_legal_name_is_refused(learner: Account) -> None:
    profile = create(learner)
    refusal = refused(lambda: services.legal_name_change_request(profile=profile, legal_name="  ", now=START))
    assert refusal.code == "legal_name_required"
    profile.refresh_from_db()
    assert (profile.pending_legal_name, profile.legal_name_effective_at) == ("", None)


def test_cp7_a_later_request_replaces_the_pending_one(learner: Account) -> None:
    profile = create(learner)
    services.legal_name_change_request(profile=profile, legal_name="Lee Lerner", now=START)
    services.legal_name_change_request(profile=profile, legal_name="Lee Lerna", now=LATER)
    profile.refresh_from_db()
    assert (profile.pending_legal_name, profile.legal_name_effective_at) == ("Lee Lerna", LATER + timedelta(hours=48))


def test_cp7_the_legal_name_change_is_registered_as_due_work(db: None) -> None:
    assert "legal_name_changes" in {work.name for work in clock.registered()}


def test_cp7_after_47_hours_the_old_legal_name_stays(learner: Account) -> None:
    profile = create(learner)
    services.legal_name_change_request(profile=profile, legal_name="Lee Lerner", now=clock.now())
    clock_advance(to=START + timedelta(hours=47))
    profile.refresh_from_db()
    assert (profile.legal_name, profile.pending_legal_name) == ("Lee Learner", "Lee Lerner")


def test_cp7_after_48_hours_the_new_legal_name_applies(learner: Account) -> None:
    profile = create(learner)
    services.legal_name_change_request(profile=profile, legal_name="Lee Lerner", now=clock.now())
    result = clock_advance(to=START + timedelta(hours=48))
    profile.refresh_from_db()
    assert (profile.legal_name, profile.pending_legal_name, profile.legal_name_effective_at) == ("Lee Lerner", "", None)
    assert [(step["work"], step["handled"]) for step in result.steps] == [("legal_name_changes", 1)]


def test_cp7_the_change_applies_at_its_own_moment_when_the_clock_jumps_past_it(learner: Account) -> None:
    profile = create(learner)
    services.legal_name_change_request(profile=profile, legal_name="Lee Lerner", now=clock.now())
    result = clock_advance(to=START + timedelta(days=30))
    assert result.steps[0]["at"] == (START + timedelta(hours=48)).isoformat()
    profile.refresh_from_db()
    assert profile.legal_name == "Lee Lerner"


def test_cp7_applying_the_changes_twice_is_safe(learner: Account) -> None:
    profile = create(learner)
    services.legal_name_change_request(profile=profile, legal_name="Lee Lerner", now=START)
    due = START + timedelta(hours=48)
    assert services.legal_name_changes_apply(due) == 1
    assert services.legal_name_changes_apply(due) == 0
    profile.refresh_from_db()
    assert profile.legal_name == "Lee Lerner"
