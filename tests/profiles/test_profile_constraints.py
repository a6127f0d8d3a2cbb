"""The database holds the "at most one" rules of profiles, whatever the code above it does (LP-2, LP-8, CP-1,
CP-2, CP-4, CP-7, AL-1): direct writes that would break them raise IntegrityError."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction

from profiles.models import Account, CertificationProfile, SupportRequest, Tenant, TranscriptShare
from tests.conftest import START
from tests.factories import (
    AccountFactory,
    CertificationHeldFactory,
    CertificationProfileFactory,
    LearnProfileFactory,
    WorkAccountFactory,
)

# LP-2


def test_lp2_the_database_refuses_a_second_msa_on_a_learn_profile(learner: Account) -> None:
    learn = LearnProfileFactory()
    Account.objects.filter(pk=learner.pk).update(learn_profile=learn)
    with pytest.raises(IntegrityError), transaction.atomic():
        AccountFactory(learn_profile=learn)


def test_lp2_the_database_takes_many_work_accounts_and_one_msa(learner: Account, contoso: Tenant) -> None:
    learn = LearnProfileFactory()
    Account.objects.filter(pk=learner.pk).update(learn_profile=learn)
    WorkAccountFactory.create_batch(3, tenant=contoso, learn_profile=learn)
    assert learn.accounts.count() == 4


def test_lp2_msas_of_different_profiles_are_fine(db: None) -> None:
    AccountFactory(learn_profile=LearnProfileFactory())
    AccountFactory(learn_profile=LearnProfileFactory())
    assert Account.objects.filter(learn_profile__isnull=False).count() == 2


# LP-8


def test_lp8_the_database_holds_one_live_share_per_profile(db: None) -> None:
    learn = LearnProfileFactory()
    TranscriptShare.objects.create(profile=learn, token="first", created_at=START)
    with pytest.raises(IntegrityError), transaction.atomic():
        TranscriptShare.objects.create(profile=learn, token="second", created_at=START)


def test_lp8_revoked_shares_do_not_count(db: None) -> None:
    learn = LearnProfileFactory()
    TranscriptShare.objects.create(profile=learn, token="first", created_at=START, revoked_at=START)
    TranscriptShare.objects.create(profile=learn, token="second", created_at=START)
    assert learn.shares.count() == 2


# CP-1, CP-2


def test_cp1_the_database_refuses_one_msa_for_two_certification_profiles(learner: Account) -> None:
    CertificationProfileFactory(msa=learner)
    with pytest.raises(IntegrityError), transaction.atomic():
        CertificationProfileFactory(msa=learner)


def test_cp1_the_database_refuses_a_reused_mcid(db: None) -> None:
    CertificationProfileFactory(mcid=30_000_000)
    with pytest.raises(IntegrityError), transaction.atomic():
        CertificationProfileFactory(mcid=30_000_000)


def test_cp2_the_database_refuses_two_certification_profiles_on_one_learn_profile(db: None) -> None:
    learn = LearnProfileFactory()
    CertificationProfileFactory(learn_profile=learn)
    with pytest.raises(IntegrityError), transaction.atomic():
        CertificationProfileFactory(learn_profile=learn)


def test_cp2_the_database_refuses_it_on_a_direct_save_too(db: None) -> None:
    learn = LearnProfileFactory()
    CertificationProfileFactory(learn_profile=learn)
    second = CertificationProfileFactory()
    second.learn_profile = learn
    with pytest.raises(IntegrityError), transaction.atomic():
        second.save()


# CP-4


def test_cp4_a_live_profile_has_an_msa(db: None) -> None:
    profile = CertificationProfileFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        CertificationProfile.objects.filter(pk=profile.pk).update(msa=None)


def test_cp4_an_alias_has_no_msa(db: None) -> None:
    survivor, other = CertificationProfileFactory(), CertificationProfileFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        CertificationProfile.objects.filter(pk=other.pk).update(merged_into=survivor)


def test_cp4_an_alias_is_connected_to_no_learn_profile(db: None) -> None:
    survivor, other = CertificationProfileFactory(), CertificationProfileFactory(learn_profile=LearnProfileFactory())
    with pytest.raises(IntegrityError), transaction.atomic():
        CertificationProfile.objects.filter(pk=other.pk).update(merged_into=survivor, msa=None)


def test_cp4_an_alias_keeps_its_mcid(db: None) -> None:
    survivor, other = CertificationProfileFactory(), CertificationProfileFactory(mcid=30_000_001)
    CertificationProfile.objects.filter(pk=other.pk).update(merged_into=survivor, msa=None)
    with pytest.raises(IntegrityError), transaction.atomic():
        CertificationProfileFactory(mcid=30_000_001)


# CP-7


@pytest.mark.parametrize(
    ("pending", "effective"), [("Lee Lerner", None), ("", START + timedelta(hours=48))], ids=["no_moment", "no_name"]
)
def test_cp7_a_pending_legal_name_comes_with_its_moment(db: None, pending: str, effective: object) -> None:
    profile = CertificationProfileFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        CertificationProfile.objects.filter(pk=profile.pk).update(
            pending_legal_name=pending, legal_name_effective_at=effective
        )


# CE-6 (what a CP-4 merge must respect)


def test_cp4_a_profile_holds_a_certification_once(db: None) -> None:
    held = CertificationHeldFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        CertificationHeldFactory(profile=held.profile, certification=held.certification)


def test_ce6_a_certification_number_has_its_format(db: None) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        CertificationHeldFactory(number="1234-ABCD")


# AL-1, CP-4: support requests


def open_request(requester: Account, **fields: object) -> SupportRequest:
    values: dict = {
        "kind": "change_msa",
        "claimed_mcid": 20_000_001,
        "claimed_legal_name": "Lee Learner",
        "claimed_contact_email": "lee@outlook.example",
        "created_at": START,
    }
    values.update(fields)
    return SupportRequest.objects.create(requester=requester, **values)


def test_al1_the_database_holds_one_open_request_per_kind(learner: Account) -> None:
    open_request(learner)
    with pytest.raises(IntegrityError), transaction.atomic():
        open_request(learner, state="in_session")


@pytest.mark.parametrize("closed", ["processed", "rejected"])
def test_al1_closed_requests_do_not_count(learner: Account, closed: str) -> None:
    open_request(learner, state=closed)
    open_request(learner)
    assert SupportRequest.objects.filter(requester=learner).count() == 2


def test_cp4_the_database_refuses_a_merge_request_without_a_second_mcid(learner: Account) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        open_request(learner, kind="merge")
