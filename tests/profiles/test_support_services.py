"""Certification support in the database (AL-1, CP-4, CP-5): a request, an agent in a private session, an
identity check, then the change of MSA or the merge of MCIDs, or a rejection; and AL-1 end to end with the
alignment doctor (AL-5)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest

from certlink.errors import Refusal
from certlink.models import OutboxMessage
from profiles import selectors, services
from profiles.models import (
    Account,
    CertificationHeld,
    CertificationProfile,
    ExamResult,
    LearnProfile,
    SupportMessage,
    SupportRequest,
    Tenant,
)
from tests.conftest import START
from tests.factories import (
    PASSWORD,
    AccountFactory,
    CertificationHeldFactory,
    CertificationProfileFactory,
    ExamResultFactory,
    WorkAccountFactory,
)

LATER = START + timedelta(hours=1)
CERT_MSA = "lee.cert@outlook.example"


def refused(action: Callable[[], object]) -> Refusal:
    with pytest.raises(Refusal) as refusal:
        action()
    return refusal.value


def sign_in(account: Account) -> Account:
    return services.account_sign_in(email=account.email, password=PASSWORD, kind=account.kind, now=START, request=None)


@pytest.fixture
def cert(db: None) -> CertificationProfile:
    """Lee's certification profile, on an MSA that is not the one Learn uses; contact email Lee's usual one."""
    msa = AccountFactory(email=CERT_MSA)
    return CertificationProfileFactory(
        msa=msa, mcid=20_000_001, legal_name="Lee Learner", contact_email="lee@outlook.example"
    )


def open_change(requester: Account, **claims: object) -> SupportRequest:
    fields: dict = {"claimed_mcid": 20_000_001, "legal_name": "Lee Learner", "contact_email": "lee@outlook.example"}
    fields.update(claims)
    return services.support_request_open(requester=requester, kind="change_msa", now=START, **fields)


def open_merge(requester: Account, survivor: CertificationProfile, other: CertificationProfile) -> SupportRequest:
    return services.support_request_open(
        requester=requester,
        kind="merge",
        claimed_mcid=survivor.mcid,
        other_mcid=other.mcid,
        legal_name=survivor.legal_name,
        contact_email=survivor.contact_email,
        now=START,
    )


def verified(request: SupportRequest, agent: Account) -> SupportRequest:
    services.support_join(request=request, agent=agent, now=START)
    return services.support_identity_check(request=request, agent=agent, now=START)


# Opening a request


def test_al1_a_learner_opens_a_request_to_change_the_msa(learner: Account, cert: CertificationProfile) -> None:
    request = open_change(learner, legal_name=" Lee Learner ", contact_email="LEE@outlook.example")
    assert (request.state, request.requester, request.kind) == ("open", learner, "change_msa")
    assert (request.claimed_legal_name, request.claimed_contact_email) == ("Lee Learner", "lee@outlook.example")


def test_al1_one_open_request_of_a_kind_at_a_time(learner: Account, cert: CertificationProfile) -> None:
    open_change(learner)
    assert refused(lambda: open_change(learner)).code == "support_request_open"
    assert SupportRequest.objects.count() == 1


def test_al1_a_request_of_the_other_kind_may_be_open_at_the_same_time(
    learner: Account, cert: CertificationProfile
) -> None:
    open_change(learner)
    open_merge(learner, cert, CertificationProfileFactory(contact_email="lee@outlook.example"))
    assert SupportRequest.objects.filter(requester=learner).count() == 2


def test_al1_once_a_request_is_closed_a_new_one_may_be_opened(
    learner: Account, agent: Account, cert: CertificationProfile
) -> None:
    first = open_change(learner)
    services.support_reject(request=first, agent=agent, reason="Not enough detail.", now=START)
    assert open_change(learner).pk != first.pk


def test_al1_the_change_must_be_asked_for_signed_in_with_the_learn_msa(
    employee: Account, cert: CertificationProfile
) -> None:
    assert refused(lambda: open_change(employee)).code == "change_msa_needs_msa"


@pytest.mark.parametrize("other_mcid", [None, 20_000_001])
def test_cp4_a_merge_request_names_two_different_mcids(
    learner: Account, cert: CertificationProfile, other_mcid: int | None
) -> None:
    refusal = refused(
        lambda: services.support_request_open(
            requester=learner,
            kind="merge",
            claimed_mcid=20_000_001,
            other_mcid=other_mcid,
            legal_name="Lee Learner",
            contact_email="lee@outlook.example",
            now=START,
        )
    )
    assert refusal.code == "merge_needs_two_mcids"


# The private session


def test_al1_an_agent_joins_a_private_session(learner: Account, agent: Account, cert: CertificationProfile) -> None:
    request = services.support_join(request=open_change(learner), agent=agent, now=LATER)
    assert (request.state, request.agent) == ("in_session", agent)
    assert SupportMessage.objects.get(request=request).author == agent


def test_al1_a_second_agent_joining_changes_nothing(
    learner: Account, agent: Account, operator: Account, cert: CertificationProfile
) -> None:
    request = services.support_join(request=open_change(learner), agent=agent, now=LATER)
    again = services.support_join(request=request, agent=operator, now=LATER)
    assert (again.state, again.agent) == ("in_session", agent)
    assert SupportMessage.objects.filter(request=request).count() == 1


@pytest.mark.parametrize("action", ["join", "check", "process", "reject"])
def test_al1_only_agents_join_verify_process_or_reject(
    learner: Account, agent: Account, cert: CertificationProfile, action: str
) -> None:
    request = open_change(learner)
    if action != "join":
        services.support_join(request=request, agent=agent, now=START)
    calls = {
        "join": lambda: services.support_join(request=request, agent=learner, now=LATER),
        "check": lambda: services.support_identity_check(request=request, agent=learner, now=LATER),
        "process": lambda: services.support_process(request=request, agent=learner, now=LATER),
        "reject": lambda: services.support_reject(request=request, agent=learner, reason="No.", now=LATER),
    }
    refusal = refused(calls[action])
    assert (refusal.code, refusal.status) == ("agents_only", 403)


def test_al1_the_learner_and_agents_write_in_the_session_and_nobody_else(
    learner: Account, agent: Account, employee: Account, cert: CertificationProfile
) -> None:
    request = open_change(learner)
    services.support_message_post(request=request, author=learner, body="My MCID is 20000001.", now=START)
    services.support_message_post(request=request, author=agent, body="Thanks, checking.", now=LATER)
    refusal = refused(lambda: services.support_message_post(request=request, author=employee, body="Hi", now=LATER))
    assert (refusal.code, refusal.status) == ("support_request_not_found", 404)
    assert list(request.messages.values_list("body", flat=True)) == ["My MCID is 20000001.", "Thanks, checking."]


def test_al1_an_empty_message_is_refused(learner: Account, cert: CertificationProfile) -> None:
    request = open_change(learner)
    refusal = refused(lambda: services.support_message_post(request=request, author=learner, body=" ", now=START))
    assert refusal.code == "empty_message"


def test_al1_only_the_requester_and_agents_see_a_request(
    learner: Account, agent: Account, employee: Account, cert: CertificationProfile
) -> None:
    request = open_change(learner)
    assert list(selectors.support_requests_visible_to(learner)) == [request]
    assert list(selectors.support_requests_visible_to(agent)) == [request]
    assert list(selectors.support_requests_visible_to(employee)) == []


# Identity check


def test_al1_the_identity_check_needs_the_agent_to_join_first(
    learner: Account, agent: Account, cert: CertificationProfile
) -> None:
    request = open_change(learner)
    refusal = refused(lambda: services.support_identity_check(request=request, agent=agent, now=LATER))
    assert refusal.code == "join_first"


def test_al1_a_mismatched_identity_is_refused_naming_the_fields_and_the_state_stays(
    learner: Account, agent: Account, cert: CertificationProfile
) -> None:
    request = open_change(learner, legal_name="Lee Lerner", contact_email="someone@outlook.example")
    services.support_join(request=request, agent=agent, now=START)
    refusal = refused(lambda: services.support_identity_check(request=request, agent=agent, now=LATER))
    assert refusal.code == "identity_mismatch"
    assert refusal.details == {"mismatched": ["legal name", "contact email"]}
    request.refresh_from_db()
    assert (request.state, request.verified_at) == ("in_session", None)
    assert request.identity_check == {"mcid": True, "legal_name": False, "contact_email": False}


def test_al1_an_unknown_mcid_fails_every_field(learner: Account, agent: Account, cert: CertificationProfile) -> None:
    request = open_change(learner, claimed_mcid=99_999_999)
    services.support_join(request=request, agent=agent, now=START)
    refusal = refused(lambda: services.support_identity_check(request=request, agent=agent, now=LATER))
    assert refusal.details == {"mismatched": ["MCID", "legal name", "contact email"]}


def test_al1_a_matching_identity_verifies_the_request(
    learner: Account, agent: Account, cert: CertificationProfile
) -> None:
    request = open_change(learner, legal_name="LEE LEARNER")  # the legal name compares without case
    services.support_join(request=request, agent=agent, now=START)
    request = services.support_identity_check(request=request, agent=agent, now=LATER)
    assert (request.state, request.verified_at) == ("verified", LATER)


def test_al1_a_failed_recheck_takes_the_verification_back(
    learner: Account, agent: Account, cert: CertificationProfile
) -> None:
    request = verified(open_change(learner), agent)
    services.certification_contact_update(profile=cert, contact_email="lee.new@outlook.example")
    refusal = refused(lambda: services.support_identity_check(request=request, agent=agent, now=LATER))
    assert refusal.details == {"mismatched": ["contact email"]}
    request.refresh_from_db()
    assert (request.state, request.verified_at) == ("in_session", None)
    assert refused(lambda: services.support_process(request=request, agent=agent, now=LATER)).code == "verify_first"


# Processing a change of MSA


def test_al1_processing_needs_a_verified_identity(learner: Account, agent: Account, cert: CertificationProfile) -> None:
    request = open_change(learner)
    services.support_join(request=request, agent=agent, now=START)
    assert refused(lambda: services.support_process(request=request, agent=agent, now=LATER)).code == "verify_first"
    cert.refresh_from_db()
    assert cert.msa.email == CERT_MSA


def test_al1_processing_changes_the_msa_and_emails_the_contact_address(
    learner: Account, agent: Account, cert: CertificationProfile, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    request = verified(open_change(learner), agent)
    with django_capture_on_commit_callbacks(execute=True):
        request = services.support_process(request=request, agent=agent, now=LATER)
    assert (request.state, request.closed_at) == ("processed", LATER)
    cert.refresh_from_db()
    assert cert.msa == learner
    assert not CertificationProfile.objects.filter(msa__email=CERT_MSA).exists()
    message = OutboxMessage.objects.get(recipients__address="lee@outlook.example")
    assert message.template == "support_processed" and message.sent_at == LATER
    assert "20000001" in message.body and "lee@outlook.example" in message.body


def test_al1_processing_disconnects_the_profile_from_the_old_learn_profile(
    learner: Account, agent: Account, cert: CertificationProfile
) -> None:
    old = services.learn_profile_for(account=cert.msa, now=START)
    services.certification_connect(signed_in=sign_in(cert.msa), now=START)
    services.support_process(request=verified(open_change(learner), agent), agent=agent, now=LATER)
    cert.refresh_from_db()
    assert (cert.learn_profile, cert.connected_at) == (None, None)
    assert not CertificationProfile.objects.filter(learn_profile=old).exists()


def test_al1_an_msa_with_a_certification_profile_of_its_own_is_refused_and_nothing_changes(
    learner: Account, agent: Account, cert: CertificationProfile, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    own = CertificationProfileFactory(msa=learner, contact_email="lee.other@outlook.example")
    request = verified(open_change(learner), agent)
    with django_capture_on_commit_callbacks(execute=True):
        refusal = refused(lambda: services.support_process(request=request, agent=agent, now=LATER))
    assert refusal.code == "msa_has_certification_profile"
    cert.refresh_from_db()
    own.refresh_from_db()
    assert (cert.msa.email, own.msa) == (CERT_MSA, learner)
    request.refresh_from_db()
    assert request.state == "verified"
    assert not OutboxMessage.objects.exists()


def test_al1_changing_the_msa_of_a_profile_merged_away_since_the_check_is_refused(
    learner: Account, agent: Account, cert: CertificationProfile
) -> None:
    request = verified(open_change(learner), agent)
    survivor = CertificationProfileFactory(legal_name="Lee Learner", contact_email="lee.main@outlook.example")
    merge = verified(open_merge(survivor.msa, survivor, cert), agent)
    services.support_process(request=merge, agent=agent, now=START)  # 20000001 is now an alias
    refusal = refused(lambda: services.support_process(request=request, agent=agent, now=LATER))
    assert (refusal.code, refusal.details) == ("certification_profile_merged", {"mcid": 20_000_001})
    cert.refresh_from_db()
    assert (cert.msa, cert.merged_into) == (None, survivor)
    request.refresh_from_db()
    assert request.state == "verified"


# Rejecting, and closed requests


def test_al1_a_rejection_needs_a_reason(learner: Account, agent: Account, cert: CertificationProfile) -> None:
    request = open_change(learner)
    refusal = refused(lambda: services.support_reject(request=request, agent=agent, reason=" ", now=LATER))
    assert refusal.code == "reason_required"
    request.refresh_from_db()
    assert request.state == "open"


def test_al1_a_rejection_tells_the_learner_why(
    learner: Account, agent: Account, cert: CertificationProfile, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    request = open_change(learner)
    with django_capture_on_commit_callbacks(execute=True):
        request = services.support_reject(
            request=request, agent=agent, reason="The legal name does not match.", now=LATER
        )
    assert (request.state, request.rejection_reason, request.agent) == (
        "rejected",
        "The legal name does not match.",
        agent,
    )
    message = OutboxMessage.objects.get(template="support_rejected")
    assert "The legal name does not match." in message.body
    cert.refresh_from_db()
    assert cert.msa.email == CERT_MSA


@pytest.mark.parametrize("action", ["message", "join", "check", "process", "reject"])
def test_al1_a_closed_request_refuses_everything(
    learner: Account, agent: Account, cert: CertificationProfile, action: str
) -> None:
    request = services.support_reject(request=open_change(learner), agent=agent, reason="Duplicate.", now=START)
    calls = {
        "message": lambda: services.support_message_post(request=request, author=learner, body="Hello?", now=LATER),
        "join": lambda: services.support_join(request=request, agent=agent, now=LATER),
        "check": lambda: services.support_identity_check(request=request, agent=agent, now=LATER),
        "process": lambda: services.support_process(request=request, agent=agent, now=LATER),
        "reject": lambda: services.support_reject(request=request, agent=agent, reason="Again.", now=LATER),
    }
    refusal = refused(calls[action])
    assert refusal.code == "support_request_closed" and "rejected" in refusal.message


def test_al1_a_processed_request_refuses_further_messages(
    learner: Account, agent: Account, cert: CertificationProfile
) -> None:
    request = services.support_process(request=verified(open_change(learner), agent), agent=agent, now=LATER)
    refusal = refused(lambda: services.support_message_post(request=request, author=learner, body="Thanks", now=LATER))
    assert refusal.code == "support_request_closed"


# CP-4, CP-5: merging certification profiles


@pytest.fixture
def two_profiles(cert: CertificationProfile) -> tuple[CertificationProfile, CertificationProfile]:
    """Lee's two certification profiles (same contact email), both through Pearson VUE."""
    other = CertificationProfileFactory(mcid=20_000_002, legal_name="Lee Learner", contact_email="lee@outlook.example")
    ExamResultFactory.create_batch(2, profile=cert)
    CertificationHeldFactory(profile=cert)
    ExamResultFactory.create_batch(3, profile=other)
    CertificationHeldFactory.create_batch(2, profile=other)
    return cert, other


def test_cp4_a_merge_moves_exams_and_certifications_and_leaves_the_other_as_an_alias(
    two_profiles, agent: Account, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    survivor, other = two_profiles
    request = verified(open_merge(survivor.msa, survivor, other), agent)
    with django_capture_on_commit_callbacks(execute=True):
        services.support_process(request=request, agent=agent, now=LATER)
    assert ExamResult.objects.filter(profile=survivor).count() == 5
    assert CertificationHeld.objects.filter(profile=survivor).count() == 3
    assert not ExamResult.objects.filter(profile=other).exists()
    other.refresh_from_db()
    assert (other.merged_into, other.merged_at, other.msa, other.learn_profile) == (survivor, LATER, None, None)
    assert other.is_alias and other.mcid == 20_000_002
    assert selectors.other_certification_profiles(survivor) == []
    assert OutboxMessage.objects.filter(template="support_processed").count() == 1


def test_cp4_after_the_merge_the_surviving_profile_connects(two_profiles, agent: Account) -> None:  # type: ignore[no-untyped-def]
    survivor, other = two_profiles
    refusal = refused(lambda: services.certification_connect(signed_in=sign_in(survivor.msa), now=START))
    assert refusal.code == "merge_certification_profiles_first"
    services.support_process(request=verified(open_merge(survivor.msa, survivor, other), agent), agent=agent, now=LATER)
    assert services.certification_connect(signed_in=sign_in(survivor.msa), now=LATER) == survivor


def test_cp4_a_merge_hands_the_others_learn_connection_to_the_survivor(two_profiles, agent: Account) -> None:  # type: ignore[no-untyped-def]
    survivor, other = two_profiles
    learn = LearnProfile.objects.create(created_at=START)
    CertificationProfile.objects.filter(pk=other.pk).update(learn_profile=learn, connected_at=START)
    services.support_process(request=verified(open_merge(survivor.msa, survivor, other), agent), agent=agent, now=LATER)
    survivor.refresh_from_db()
    assert (survivor.learn_profile, survivor.connected_at) == (learn, LATER)


def test_cp4_the_identity_check_of_a_merge_covers_the_second_profile(two_profiles, agent: Account) -> None:  # type: ignore[no-untyped-def]
    survivor, other = two_profiles
    CertificationProfile.objects.filter(pk=other.pk).update(legal_name="Somebody Else")
    request = open_merge(survivor.msa, survivor, other)
    services.support_join(request=request, agent=agent, now=START)
    refusal = refused(lambda: services.support_identity_check(request=request, agent=agent, now=LATER))
    assert refusal.details == {"mismatched": ["legal name on the second profile"]}


def test_cp4_merging_into_a_profile_merged_away_since_the_check_is_refused(two_profiles, agent: Account) -> None:  # type: ignore[no-untyped-def]
    survivor, other = two_profiles
    first = verified(open_merge(survivor.msa, survivor, other), agent)
    third = CertificationProfileFactory(legal_name="Lee Learner", contact_email="lee.main@outlook.example")
    services.support_process(request=verified(open_merge(third.msa, third, survivor), agent), agent=agent, now=START)
    refusal = refused(lambda: services.support_process(request=first, agent=agent, now=LATER))
    assert refusal.code == "certification_profile_merged"
    assert ExamResult.objects.filter(profile=other).count() == 3
    other.refresh_from_db()
    assert other.merged_into is None


def test_cp5_a_merge_across_delivery_providers_is_refused_and_nothing_moves(
    two_profiles, agent: Account, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    survivor, other = two_profiles
    ExamResult.objects.filter(profile=other).update(provider="certiport")
    CertificationHeld.objects.filter(profile=other).update(provider="certiport")
    before = (
        sorted(ExamResult.objects.values_list("pk", "profile_id")),
        sorted(CertificationHeld.objects.values_list("pk", "profile_id")),
    )
    request = verified(open_merge(survivor.msa, survivor, other), agent)
    with django_capture_on_commit_callbacks(execute=True):
        refusal = refused(lambda: services.support_process(request=request, agent=agent, now=LATER))
    assert refusal.code == "merge_different_providers"
    assert "Certiport and Pearson VUE" in refusal.message
    after = (
        sorted(ExamResult.objects.values_list("pk", "profile_id")),
        sorted(CertificationHeld.objects.values_list("pk", "profile_id")),
    )
    assert after == before
    other.refresh_from_db()
    assert (other.merged_into, other.msa is not None) == (None, True)
    request.refresh_from_db()
    assert request.state == "verified"
    assert not OutboxMessage.objects.exists()


# AL-1 end to end, with the alignment doctor (AL-5)


def doctor(signed_in: Account) -> tuple[str, str, int | None]:
    signed_in = Account.objects.get(pk=signed_in.pk)
    learn = services.learn_profile_for(account=signed_in, now=START)
    diagnosis = services.doctor_visit(signed_in=signed_in, learn=learn, now=START).diagnosis
    path = diagnosis.path
    return diagnosis.situation, path.rule if path else "", path.current if path else None


def test_al1_end_to_end_support_changes_the_msa_and_the_learner_connects(
    learner: Account, agent: Account, cert: CertificationProfile, contoso: Tenant
) -> None:
    learn = services.learn_profile_for(account=learner, now=START)
    work = WorkAccountFactory(tenant=contoso, email="lee@contoso.example")
    services.learn_account_add(profile=learn, account=sign_in(work), now=START)
    assert doctor(learner) == ("certification_profile_not_proven", "AL-5", 1)
    # 1.-3. The forum: a request to change the certification profile's MSA, which names it (AL-5)
    request = open_change(sign_in(learner))
    assert doctor(learner) == ("msas_differ_support_requested", "AL-1", 4)
    # 4. An agent joins and verifies the identity
    services.support_join(request=request, agent=agent, now=START)
    assert doctor(learner) == ("msas_differ_support_requested", "AL-1", 4)
    services.support_identity_check(request=request, agent=agent, now=START)
    assert doctor(learner) == ("msas_differ_support_requested", "AL-1", 4)
    services.support_process(request=request, agent=agent, now=LATER)
    # 5. Once processed, sign in to Learn with the Learn MSA (signed in with the work account, that is next)
    assert doctor(work) == ("certification_msa_on_this_profile", "AL-1", 5)
    assert doctor(learner) == ("ready_to_connect", "AL-1", 6)
    # 6. Complete the connection
    services.certification_connect(signed_in=sign_in(learner), now=LATER)
    assert doctor(learner) == ("aligned", "", None)
    assert CertificationProfile.objects.get(mcid=20_000_001).learn_profile == learn


def test_al1_after_a_rejection_the_doctor_no_longer_waits_for_an_agent(
    learner: Account, agent: Account, cert: CertificationProfile
) -> None:
    services.learn_profile_for(account=learner, now=START)
    request = open_change(sign_in(learner))
    assert doctor(learner) == ("msas_differ_support_requested", "AL-1", 4)
    services.support_reject(request=request, agent=agent, reason="The legal name does not match.", now=LATER)
    assert doctor(learner) == ("certification_profile_not_proven", "AL-1", 1)
