"""The audit log: account changes (ID-1..ID-4, LP-3, LP-5, CP-7, PC-1) and profile merges (LP-6, CP-4, AL-1) are
written by the service that makes the change, in its transaction, at the simulated time; the log and PC-7's link
events are append-only in Django, in the admin, and on PostgreSQL in the database itself."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.db import IntegrityError, ProgrammingError, connection, transaction
from django.test import RequestFactory
from django.utils import timezone

from certlink.appendonly import AppendOnlyError
from certlink.errors import Refusal
from partners.models import LinkEvent
from partners.services.links import mcid_link
from partners.services.organizations import (
    organization_create,
    partner_user_create,
    partner_user_delete,
    partner_user_roles_set,
)
from profiles import services
from profiles.models import Account, AuditEntry, CertificationProfile, Tenant
from tests.conftest import START
from tests.factories import PASSWORD, AccountFactory, CertificationProfileFactory, ExamResultFactory, WorkAccountFactory
from tests.helpers import refusal_of

LATER = START + timedelta(hours=1)
Action = AuditEntry.Action


def entries(action: str | None = None) -> list[AuditEntry]:
    rows = AuditEntry.objects.select_related("account", "actor").order_by("id")
    return list(rows.filter(action=action) if action else rows)


def only(action: str) -> AuditEntry:
    (entry,) = entries(action)
    return entry


def verified(request, agent: Account):  # type: ignore[no-untyped-def]
    services.support_join(request=request, agent=agent, now=START)
    return services.support_identity_check(request=request, agent=agent, now=START)


# Account changes


def test_id1_an_msa_sign_up_is_audited_with_the_new_account_as_actor(db: None) -> None:
    account = services.msa_sign_up(email="nia@outlook.example", password="Fresh-pass-42", display_name="Nia", now=LATER)
    entry = only(Action.ACCOUNT_CREATED)
    assert (entry.account, entry.actor, entry.at) == (account, account, LATER)
    assert entry.details == {"kind": "msa"}


def test_id1_a_refused_sign_up_leaves_no_entry(learner: Account) -> None:
    refusal_of(lambda: services.msa_sign_up(email=learner.email, password="Fresh-pass-42", display_name="", now=LATER))
    assert entries() == []


def test_id1_a_work_account_created_by_a_tenant_admin_names_the_admin(contoso_admin: Account) -> None:
    account, _ = services.work_account_create(
        by=contoso_admin, email="new@contoso.example", display_name="N", now=LATER
    )
    entry = only(Action.ACCOUNT_CREATED)
    assert (entry.account, entry.actor, entry.at) == (account, contoso_admin, LATER)
    assert entry.details == {"kind": "work", "tenant": "Contoso", "is_tenant_admin": False}


def test_id4_a_deleted_work_account_is_audited_once_with_the_admin_as_actor(
    contoso_admin: Account, employee: Account
) -> None:
    services.work_account_delete(by=contoso_admin, account=employee, now=LATER)
    services.work_account_retire(account=employee, by=contoso_admin, now=LATER)  # again: nothing more to record
    entry = only(Action.ACCOUNT_DELETED)
    assert (entry.account, entry.actor, entry.at) == (employee, contoso_admin, LATER)


def test_id3_a_password_change_is_audited_without_the_password(learner: Account) -> None:
    services.account_set_password(account=learner, password="Brand-new-pass-77", now=LATER)
    entry = only(Action.PASSWORD_CHANGED)
    assert (entry.account, entry.actor, entry.at, entry.details) == (learner, learner, LATER, {})
    assert "Brand-new-pass-77" not in str(AuditEntry.objects.values_list("details", flat=True))


def sign_in_from_a_client(email: str, password: str) -> Refusal:
    request = RequestFactory().post("/signin/", REMOTE_ADDR="203.0.113.7")
    return refusal_of(
        lambda: services.account_sign_in(email=email, password=password, kind="msa", now=LATER, request=request)
    )


def test_id3_a_lockout_is_audited_when_it_starts_and_never_for_the_failures_before(learner: Account) -> None:
    for _ in range(5):
        sign_in_from_a_client(learner.email, "wrong")
    sign_in_from_a_client(learner.email, PASSWORD)
    entry = only(Action.SIGNIN_LOCKED)
    assert (entry.account, entry.actor, entry.at) == (learner, None, LATER)  # at the simulated time, like every entry
    assert entry.details["scopes"] == ["address"] and entry.details["client"] == "203.0.113.7"
    locked_until = datetime.fromisoformat(entry.details["locked_until"])  # in real time (ID-3)
    assert timedelta(minutes=14) < locked_until - timezone.now() <= timedelta(minutes=15)


def test_id3_a_lockout_of_an_address_without_an_account_is_audited_too(db: None) -> None:
    for _ in range(5):
        sign_in_from_a_client("ghost@outlook.example", "x")
    entry = only(Action.SIGNIN_LOCKED)
    assert entry.account is None and entry.details["email"] == "ghost@outlook.example"


def test_pc1_a_partner_user_created_and_given_roles_is_audited_with_the_admin_as_actor(db: None) -> None:
    _, admin, _ = organization_create(
        name="Contoso",
        partner_id="1234567",
        domains=["contoso.example"],
        admin_email="admin@contoso.example",
        admin_name="Admin",
        now=START,
    )
    user, _ = partner_user_create(by=admin, email="megan@contoso.example", display_name="Megan", now=START)
    partner_user_roles_set(by=admin, user=user, roles={"is_report_viewer": True, "is_global_admin": False}, now=LATER)
    created = [(e.account.email, e.actor and e.actor.email) for e in entries(Action.ACCOUNT_CREATED)]
    assert created == [("admin@contoso.example", None), ("megan@contoso.example", "admin@contoso.example")]
    roles = only(Action.PARTNER_ROLES_CHANGED)
    assert (roles.account, roles.actor, roles.at) == (user.account, admin.account, LATER)
    assert roles.details == {"organization": "1234567", "changed": {"is_report_viewer": True}}


def test_id4_pc7_a_leaver_has_an_audit_entry_and_a_link_event_in_one_transaction(db: None) -> None:
    _, admin, _ = organization_create(
        name="Contoso",
        partner_id="1234567",
        domains=["contoso.example"],
        admin_email="admin@contoso.example",
        admin_name="Admin",
        now=START,
    )
    user, _ = partner_user_create(by=admin, email="megan@contoso.example", display_name="Megan", now=START)
    mcid_link(user=user, msa=CertificationProfileFactory().msa, now=START)
    partner_user_delete(by=admin, user=user, now=LATER)
    assert only(Action.ACCOUNT_DELETED).account == user.account
    assert LinkEvent.objects.filter(code="left", actor=admin.account, at=LATER).count() == 1


# Learn profiles (LP-3, LP-5, LP-6)


@pytest.fixture
def work(contoso: Tenant) -> Account:
    return WorkAccountFactory(tenant=contoso, email="lee@contoso.example", display_name="Lee Learner")


def test_lp3_lp5_adding_and_removing_an_account_of_a_learn_profile_is_audited(learner: Account, work: Account) -> None:
    profile = services.learn_profile_for(account=learner, now=START)
    services.learn_account_add(profile=profile, account=work, now=LATER)
    services.learn_account_remove(profile=profile, account=learner, signed_in=work, now=LATER)
    added, removed = only(Action.LEARN_ACCOUNT_ADDED), only(Action.LEARN_ACCOUNT_REMOVED)
    assert (added.account, added.actor, added.details) == (work, work, {"learn_profile": profile.pk})
    assert (removed.account, removed.actor, removed.at) == (learner, work, LATER)


def test_lp6_a_learn_profile_merge_is_audited_with_the_accounts_that_moved(learner: Account, work: Account) -> None:
    target = services.learn_profile_for(account=work, now=START)
    source = services.learn_profile_for(account=learner, now=START)
    services.learn_account_add(profile=target, account=learner, now=LATER, merge=True)
    entry = only(Action.LEARN_PROFILES_MERGED)
    assert (entry.account, entry.actor, entry.at) == (learner, learner, LATER)
    assert entry.details == {
        "target_profile": target.pk,
        "source_profile": source.pk,
        "accounts": [{"id": learner.pk, "email": "lee@outlook.example", "kind": "msa"}],
    }


def test_lp6_a_refused_merge_leaves_no_entry(learner: Account, contoso: Tenant) -> None:
    target = services.learn_profile_for(account=learner, now=START)
    other_msa = AccountFactory(email="lee.cert@outlook.example")
    services.learn_profile_for(account=other_msa, now=START)
    assert refusal_of(lambda: services.learn_account_add(profile=target, account=other_msa, now=LATER, merge=True))
    assert entries(Action.LEARN_PROFILES_MERGED) == []


# Certification profiles (CP-7, AL-1, CP-4, CP-5)


def test_cp7_a_contact_email_change_is_audited_with_old_and_new(learner: Account) -> None:
    profile = CertificationProfileFactory(msa=learner, contact_email="lee@outlook.example")
    services.certification_contact_update(profile=profile, contact_email="Lee.New@Outlook.example", now=LATER)
    services.certification_contact_update(profile=profile, contact_email="lee.new@outlook.example")  # no change
    entry = only(Action.CONTACT_EMAIL_CHANGED)
    assert (entry.account, entry.actor, entry.at) == (learner, learner, LATER)
    assert entry.details == {"mcid": profile.mcid, "old": "lee@outlook.example", "new": "lee.new@outlook.example"}


def test_cp7_a_legal_name_change_is_audited_when_requested_and_when_it_takes_effect(learner: Account) -> None:
    profile = CertificationProfileFactory(msa=learner, legal_name="Lee Learner")
    effective = services.legal_name_change_request(profile=profile, legal_name="Lee Smith", now=START)
    assert services.legal_name_changes_apply(effective) == 1
    assert services.legal_name_changes_apply(effective) == 0  # due work run twice records nothing more
    requested, changed = only(Action.LEGAL_NAME_CHANGE_REQUESTED), only(Action.LEGAL_NAME_CHANGED)
    assert requested.details == {"mcid": profile.mcid, "requested": "Lee Smith", "effective_at": "2026-01-07T09:00:00Z"}
    assert (changed.account, changed.actor, changed.at) == (learner, None, effective)
    assert changed.details == {"mcid": profile.mcid, "old": "Lee Learner", "new": "Lee Smith"}


def test_al1_an_agent_changing_the_msa_of_a_certification_profile_is_audited(learner: Account, agent: Account) -> None:
    profile = CertificationProfileFactory(
        msa=AccountFactory(email="lee.cert@outlook.example"), legal_name="Lee Learner", contact_email=learner.email
    )
    request = services.support_request_open(
        requester=learner,
        kind="change_msa",
        claimed_mcid=profile.mcid,
        legal_name="Lee Learner",
        contact_email=learner.email,
        now=START,
    )
    services.support_process(request=verified(request, agent), agent=agent, now=LATER)
    entry = only(Action.CERTIFICATION_MSA_CHANGED)
    assert (entry.account, entry.actor, entry.at) == (learner, agent, LATER)
    assert entry.details == {
        "mcid": profile.mcid,
        "old_msa": "lee.cert@outlook.example",
        "new_msa": "lee@outlook.example",
        "support_request": request.pk,
    }


@pytest.fixture
def two_profiles(learner: Account) -> tuple[CertificationProfile, CertificationProfile]:
    survivor = CertificationProfileFactory(msa=learner, legal_name="Li Wei", contact_email=learner.email)
    other = CertificationProfileFactory(
        msa=AccountFactory(email="li.old@outlook.example"), legal_name="Li Wei", contact_email=learner.email
    )
    ExamResultFactory(profile=other)
    return survivor, other


def merge_request(learner: Account, survivor: CertificationProfile, other: CertificationProfile):  # type: ignore[no-untyped-def]
    return services.support_request_open(
        requester=learner,
        kind="merge",
        claimed_mcid=survivor.mcid,
        other_mcid=other.mcid,
        legal_name="Li Wei",
        contact_email=learner.email,
        now=START,
    )


def test_cp4_a_merge_of_certification_profiles_is_audited_with_the_agent_and_what_moved(
    learner: Account, agent: Account, two_profiles
) -> None:  # type: ignore[no-untyped-def]
    survivor, other = two_profiles
    request = verified(merge_request(learner, survivor, other), agent)
    services.support_process(request=request, agent=agent, now=LATER)
    entry = only(Action.CERTIFICATION_PROFILES_MERGED)
    assert (entry.account, entry.actor, entry.at) == (learner, agent, LATER)
    assert entry.details == {
        "survivor_mcid": survivor.mcid,
        "alias_mcid": other.mcid,
        "alias_msa": "li.old@outlook.example",
        "exams_moved": 1,
        "certifications_moved": 0,
        "support_request": request.pk,
    }


def test_cp5_a_merge_refused_across_delivery_providers_leaves_no_entry(
    learner: Account, agent: Account, two_profiles
) -> None:  # type: ignore[no-untyped-def]
    survivor, other = two_profiles
    ExamResultFactory(profile=survivor, provider="certiport")
    request = verified(merge_request(learner, survivor, other), agent)
    assert refusal_of(lambda: services.support_process(request=request, agent=agent, now=LATER))
    assert entries(Action.CERTIFICATION_PROFILES_MERGED) == []


def test_an_entry_rolls_back_with_the_change_it_records(learner: Account) -> None:
    with pytest.raises(Refusal), transaction.atomic():
        services.account_set_password(account=learner, password="Brand-new-pass-77", now=LATER)
        raise Refusal("later_step_failed", "A later step of the same action failed.")
    assert entries() == []


# Append-only


@pytest.fixture
def entry(learner: Account) -> AuditEntry:
    services.account_set_password(account=learner, password="Brand-new-pass-77", now=LATER)
    return only(Action.PASSWORD_CHANGED)


@pytest.fixture
def link_event(db: None) -> LinkEvent:
    return LinkEvent.objects.create(kind=LinkEvent.Kind.REFUSED, at=START, code="not_linked", message="Not linked.")


def test_an_audit_entry_refuses_to_be_saved_again_or_deleted(entry: AuditEntry) -> None:
    entry.details = {"rewritten": True}
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.save(update_fields=["details"])
    with pytest.raises(AppendOnlyError):
        entry.delete()
    assert AuditEntry.objects.get().details == {}


def test_the_audit_log_refuses_queryset_updates_and_deletes(entry: AuditEntry) -> None:
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.filter(pk=entry.pk).update(details={})
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.all().delete()
    with pytest.raises(AppendOnlyError), transaction.atomic():  # its own transaction: bulk_update has no savepoint
        AuditEntry.objects.bulk_update([entry], ["details"])
    assert AuditEntry.objects.count() == 1


def test_a_new_instance_with_the_id_of_an_entry_cannot_overwrite_it(entry: AuditEntry) -> None:
    forged = AuditEntry(pk=entry.pk, action=Action.ACCOUNT_DELETED, at=START, account=entry.account)
    with pytest.raises(IntegrityError), transaction.atomic():
        forged.save()
    assert AuditEntry.objects.get().action == Action.PASSWORD_CHANGED


def test_pc7_a_link_event_refuses_to_be_changed_or_deleted(link_event: LinkEvent) -> None:
    link_event.message = "rewritten"
    for change in (link_event.save, link_event.delete, LinkEvent.objects.all().delete):
        with pytest.raises(AppendOnlyError):
            change()
    with pytest.raises(AppendOnlyError):
        LinkEvent.objects.update(message="")
    assert LinkEvent.objects.get().message == "Not linked."


def needs_postgresql() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("the trigger is PostgreSQL's (DATABASE_URL=postgres://...); on SQLite Django alone refuses")


@pytest.mark.postgres
@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE profiles_auditentry SET details = '{}'",
        "DELETE FROM profiles_auditentry",
        "UPDATE profiles_auditentry SET action = 'x' WHERE false",  # refused even when it would touch no row
        "UPDATE partners_linkevent SET message = ''",
        "DELETE FROM partners_linkevent WHERE id > 0",
    ],
)
def test_pc7_raw_sql_cannot_update_or_delete_the_audit_log_or_link_events_on_postgresql(
    entry: AuditEntry, link_event: LinkEvent, statement: str
) -> None:
    needs_postgresql()
    with pytest.raises(ProgrammingError, match="is append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement)
    assert AuditEntry.objects.get().details == {} and LinkEvent.objects.get().message == "Not linked."


@pytest.mark.postgres
def test_raw_sql_can_still_append_to_the_audit_log_on_postgresql(entry: AuditEntry) -> None:
    needs_postgresql()
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO profiles_auditentry (at, action, details) VALUES (%s, 'signin_locked', '{}')", [LATER]
        )
    assert AuditEntry.objects.count() == 2


def test_the_admin_shows_the_audit_log_read_only(page_as, operator: Account, entry: AuditEntry) -> None:  # type: ignore[no-untyped-def]
    admin = page_as(operator)
    listing = admin.get("/admin/profiles/auditentry/")
    assert listing.status_code == 200 and "Password changed" in listing.content.decode()
    detail = admin.get(f"/admin/profiles/auditentry/{entry.pk}/change/")
    assert detail.status_code == 200 and 'name="_save"' not in detail.content.decode()
    assert admin.get("/admin/profiles/auditentry/add/").status_code == 403
    assert admin.get(f"/admin/profiles/auditentry/{entry.pk}/delete/").status_code == 403
    assert admin.post(f"/admin/profiles/auditentry/{entry.pk}/change/", {"action": "x"}).status_code == 403
    assert admin.get("/admin/partners/linkevent/add/").status_code == 403
    assert AuditEntry.objects.get() == entry


def test_sim3_the_world_reset_is_the_one_way_to_empty_the_audit_log_and_link_events(
    operator: Account, entry: AuditEntry, link_event: LinkEvent
) -> None:
    """An operator's action: TRUNCATE on PostgreSQL, which the UPDATE/DELETE trigger does not see."""
    from sim.scenarios_reset import world_reset

    result = world_reset(confirm="RESET", by=operator)
    assert not AuditEntry.objects.exists() and not LinkEvent.objects.exists()
    assert result.deleted["profiles.AuditEntry"] == 1 and result.deleted["partners.LinkEvent"] == 1
