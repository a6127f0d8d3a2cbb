"""Partner Center's copy of credits: propagation ten days after the later of completion and link (PC-9), the
monthly data refresh that removes leavers' credits (PC-10). Both are due work on the simulated clock (SIM-1)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext

from certlink import clock
from certlink.clock import clock_advance
from partners.models import PartnerCredit, RefreshRun
from partners.selectors import skills_report
from partners.selectors_learn import my_learn_profile
from partners.services.credits import propagation_next_due, propagation_run, refresh_next_due, refresh_run
from partners.services.links import (
    mcid_link,
    mcid_unlink,
    university_completion_record,
    university_link,
    university_sign_up,
    university_unlink,
)
from partners.services.organizations import partner_user_delete
from profiles.models import CertificationHeld, Provider
from tests.partners.cast import employee_of, holds, msa_with_profile, report
from tests.partners.conftest import DAY0, admin_of

TEN_DAYS = timedelta(days=10)
MEGAN = ("megan@contoso.example", "azure-administrator")


# --- PC-9: propagation ---------------------------------------------------------------------------------------------


def test_pc9_a_certification_earned_before_the_link_arrives_ten_days_after_the_link(
    megan_at_a, megan_msa, megan_admin_cert
) -> None:  # type: ignore[no-untyped-def]
    mcid_link(user=megan_at_a, msa=megan_msa, now=DAY0)
    assert propagation_next_due(clock.now()) == DAY0 + TEN_DAYS
    credit_arrives = DAY0 + TEN_DAYS
    clock_advance(to=credit_arrives - timedelta(seconds=1))
    assert report(megan_at_a.organization, credit_arrives - timedelta(seconds=1)) == []
    clock_advance(to=credit_arrives)
    assert report(megan_at_a.organization, credit_arrives) == [MEGAN]
    credit = PartnerCredit.objects.get()
    assert (credit.due_at, credit.arrived_at) == (credit_arrives, credit_arrives)
    assert (credit.mcid, credit.held, credit.link.partner_user) == (
        megan_admin_cert.profile.mcid,
        megan_admin_cert,
        megan_at_a,
    )


def test_pc9_a_certification_earned_after_the_link_arrives_ten_days_after_its_completion(
    megan_at_a, megan_msa, megan_profile
) -> None:  # type: ignore[no-untyped-def]
    mcid_link(user=megan_at_a, msa=megan_msa, now=DAY0)
    earned = DAY0 + timedelta(days=15)
    clock_advance(to=earned)
    holds(megan_profile, "azure-security-engineer", earned_at=earned)
    assert propagation_next_due(clock.now()) == earned + TEN_DAYS
    clock_advance(to=earned + TEN_DAYS - timedelta(minutes=1))
    assert report(megan_at_a.organization, earned + TEN_DAYS - timedelta(minutes=1)) == []
    clock_advance(to=earned + TEN_DAYS)
    assert report(megan_at_a.organization, earned + TEN_DAYS) == [("megan@contoso.example", "azure-security-engineer")]


def test_pc9_propagation_is_idempotent_running_twice_adds_nothing(megan_at_a, megan_msa, megan_admin_cert) -> None:  # type: ignore[no-untyped-def]
    mcid_link(user=megan_at_a, msa=megan_msa, now=DAY0)
    assert propagation_run(DAY0 + TEN_DAYS) == 1
    assert propagation_run(DAY0 + TEN_DAYS) == 0
    assert propagation_run(DAY0 + timedelta(days=40)) == 0
    assert PartnerCredit.objects.count() == 1
    assert propagation_next_due(clock.now()) is None


def credits_as_rows() -> list[tuple]:
    return sorted(
        PartnerCredit.objects.values_list("link_id", "held_id", "cycle", "due_at", "arrived_at", "removed_at")
    )


def test_pc9_a_renewal_arrives_ten_days_later_as_a_new_cycle_that_replaces_the_old_copy(
    megan_at_a, megan_msa, megan_admin_cert
) -> None:  # type: ignore[no-untyped-def]
    mcid_link(user=megan_at_a, msa=megan_msa, now=DAY0)
    clock_advance(to=DAY0 + TEN_DAYS)
    old_expiry, renewed = megan_admin_cert.expires_at, datetime(2026, 6, 1, 9, 0, tzinfo=UTC)
    clock_advance(to=renewed)
    # RN-4 as the renewal service writes it: a year from the current expiry, a new cycle.
    CertificationHeld.objects.filter(pk=megan_admin_cert.pk).update(
        expires_at=old_expiry.replace(year=old_expiry.year + 1), cycle=2, renewed_at=renewed
    )
    assert propagation_next_due(clock.now()) == renewed + TEN_DAYS
    clock_advance(to=renewed + timedelta(days=9))
    before = list(skills_report(organization=megan_at_a.organization, at=renewed + timedelta(days=9)))
    assert [(c.cycle, c.expires_at) for c in before] == [(1, old_expiry)]
    clock_advance(to=renewed + TEN_DAYS)
    after = list(skills_report(organization=megan_at_a.organization, at=renewed + TEN_DAYS))
    assert [(c.cycle, c.expires_at, c.completed_at) for c in after] == [
        (2, old_expiry.replace(year=old_expiry.year + 1), renewed)
    ]
    assert PartnerCredit.objects.get(cycle=1).removed_at == renewed + TEN_DAYS
    assert propagation_run(renewed + timedelta(days=30)) == 0


def test_pc9_cp6_a_certiport_certification_after_the_cutoff_never_reaches_partner_center(
    megan_at_a, megan_msa, megan_profile
) -> None:  # type: ignore[no-untyped-def]
    holds(megan_profile, "microsoft-365-fundamentals", provider=Provider.CERTIPORT, level="fundamentals")
    mcid_link(user=megan_at_a, msa=megan_msa, now=DAY0)
    assert propagation_next_due(clock.now()) is None
    clock_advance(to=DAY0 + timedelta(days=60))
    assert report(megan_at_a.organization, DAY0 + timedelta(days=60)) == []


def test_pc9_cp6_a_certiport_certification_before_the_cutoff_does_reach_partner_center(
    megan_at_a, megan_msa, megan_profile
) -> None:  # type: ignore[no-untyped-def]
    before_cutoff = datetime(2023, 5, 2, tzinfo=UTC)
    holds(megan_profile, "azure-fundamentals", provider=Provider.CERTIPORT, earned_at=before_cutoff, level="x")
    mcid_link(user=megan_at_a, msa=megan_msa, now=DAY0)
    clock_advance(to=DAY0 + TEN_DAYS)
    assert report(megan_at_a.organization, DAY0 + TEN_DAYS) == [("megan@contoso.example", "azure-fundamentals")]


def test_pc9_pc3_a_partner_university_completion_arrives_through_the_university_link(megan_at_a) -> None:  # type: ignore[no-untyped-def]
    account = university_sign_up(email="megan.pu@outlook.example", password="Pu-pass-123", display_name="", now=DAY0)
    university_link(user=megan_at_a, account=account, now=DAY0)
    done = DAY0 + timedelta(days=3)
    clock_advance(to=done)
    university_completion_record(
        email="megan.pu@outlook.example", assessment="pu-teams-meetings-rooms-technical-assessment",
        title="Teams Meetings and Rooms technical assessment", completed_at=done,
    )  # fmt: skip
    clock_advance(to=done + TEN_DAYS)
    credit = PartnerCredit.objects.get()
    assert (credit.kind, credit.activity_id, credit.arrived_at) == (
        "assessment",
        "pu-teams-meetings-rooms-technical-assessment",
        done + TEN_DAYS,
    )
    assert credit.personal_email == "megan.pu@outlook.example" and credit.work_email == "megan@contoso.example"
    assert propagation_run(done + timedelta(days=20)) == 0


def test_pc9_a_credit_that_was_not_yet_due_never_arrives_once_the_link_has_ended(
    megan_at_a, megan_msa, megan_admin_cert
) -> None:  # type: ignore[no-untyped-def]
    mcid_link(user=megan_at_a, msa=megan_msa, now=DAY0)
    mcid_unlink(user=megan_at_a, now=DAY0 + timedelta(days=5))
    assert propagation_next_due(clock.now()) is None
    clock_advance(to=DAY0 + timedelta(days=30))
    assert PartnerCredit.objects.count() == 0


def test_pc9_a_deleted_work_account_gets_no_new_credits(megan_at_a, megan_msa, megan_admin_cert) -> None:  # type: ignore[no-untyped-def]
    mcid_link(user=megan_at_a, msa=megan_msa, now=DAY0)
    partner_user_delete(by=admin_of(megan_at_a.organization), user=megan_at_a, now=DAY0 + timedelta(days=2))
    clock_advance(to=DAY0 + timedelta(days=30))
    assert PartnerCredit.objects.count() == 0


def test_pc9_propagation_does_not_grow_its_queries_with_the_number_of_certifications(company_a) -> None:  # type: ignore[no-untyped-def]
    def queries_to_propagate(local: str, count: int, at: datetime) -> tuple[int, int]:
        msa, profile = msa_with_profile(f"{local}.cert", local.title())
        for n in range(count):
            holds(profile, f"{local}-certification-{n}")
        mcid_link(user=employee_of(company_a, local, local.title()), msa=msa, now=at - TEN_DAYS)
        with CaptureQueriesContext(connection) as captured:
            assert propagation_run(at) == count
        inserts = sum(1 for query in captured.captured_queries if query["sql"].startswith("INSERT"))
        return len(captured) - inserts, inserts

    few, few_inserts = queries_to_propagate("ana", 5, DAY0 + TEN_DAYS)
    many, many_inserts = queries_to_propagate("ben", 60, DAY0 + timedelta(days=50))
    assert many == few
    # One multi-row INSERT; SQLite caps the parameters of one statement, so 60 rows may take two.
    assert few_inserts == 1 and many_inserts <= 2
    assert PartnerCredit.objects.count() == 65


# --- PC-10: the monthly data refresh -------------------------------------------------------------------------------


def arrived(user, msa, at: datetime = DAY0) -> None:  # type: ignore[no-untyped-def]
    mcid_link(user=user, msa=msa, now=at)
    clock_advance(to=at + TEN_DAYS)


def test_pc10_an_unlinked_mcid_keeps_its_credits_until_the_refresh_on_the_10th_of_the_following_month(
    megan_at_a, megan_msa, megan_admin_cert
) -> None:  # type: ignore[no-untyped-def]
    arrived(megan_at_a, megan_msa)
    mcid_unlink(user=megan_at_a, now=datetime(2026, 1, 25, tzinfo=UTC))
    assert refresh_next_due(clock.now()) == datetime(2026, 2, 10, tzinfo=UTC)
    clock_advance(to=datetime(2026, 2, 9, 23, 59, tzinfo=UTC))
    assert report(megan_at_a.organization, datetime(2026, 2, 9, 23, 59, tzinfo=UTC)) == [MEGAN]
    clock_advance(to=datetime(2026, 2, 10, tzinfo=UTC))
    assert report(megan_at_a.organization, datetime(2026, 2, 10, tzinfo=UTC)) == []
    assert PartnerCredit.objects.get().removed_at == datetime(2026, 2, 10, tzinfo=UTC)


def test_pc10_a_link_ended_in_february_survives_the_february_refresh_and_goes_at_the_march_one(
    megan_at_a, megan_msa, megan_admin_cert
) -> None:  # type: ignore[no-untyped-def]
    arrived(megan_at_a, megan_msa)
    clock_advance(to=datetime(2026, 2, 3, tzinfo=UTC))
    mcid_unlink(user=megan_at_a, now=datetime(2026, 2, 3, tzinfo=UTC))
    clock_advance(to=datetime(2026, 2, 28, tzinfo=UTC))
    assert report(megan_at_a.organization, datetime(2026, 2, 28, tzinfo=UTC)) == [MEGAN]
    clock_advance(to=datetime(2026, 3, 10, tzinfo=UTC))
    assert report(megan_at_a.organization, datetime(2026, 3, 10, tzinfo=UTC)) == []


def test_pc10_the_refresh_is_idempotent_and_records_the_run(megan_at_a, megan_msa, megan_admin_cert) -> None:  # type: ignore[no-untyped-def]
    arrived(megan_at_a, megan_msa)
    mcid_unlink(user=megan_at_a, now=datetime(2026, 1, 25, tzinfo=UTC))
    assert refresh_run(datetime(2026, 2, 9, tzinfo=UTC)) == 0
    assert refresh_run(datetime(2026, 2, 10, tzinfo=UTC)) == 1
    assert refresh_run(datetime(2026, 2, 10, tzinfo=UTC)) == 0
    assert refresh_run(datetime(2026, 4, 10, tzinfo=UTC)) == 0
    assert refresh_next_due(clock.now()) is None
    assert list(RefreshRun.objects.values_list("ran_for", "removed")) == [(datetime(2026, 2, 10).date(), 1)]


def test_pc10_a_colleague_who_stays_keeps_their_credits_at_the_refresh(
    megan_at_a, megan_msa, megan_admin_cert, company_a
) -> None:  # type: ignore[no-untyped-def]
    kenji_msa, kenji_profile = msa_with_profile("kenji.cert", "Kenji Sato")
    holds(kenji_profile, "azure-solutions-architect", level="expert")
    mcid_link(user=employee_of(company_a, "kenji", "Kenji Sato"), msa=kenji_msa, now=DAY0)
    arrived(megan_at_a, megan_msa)
    partner_user_delete(by=admin_of(company_a), user=megan_at_a, now=datetime(2026, 1, 30, tzinfo=UTC))
    clock_advance(to=datetime(2026, 2, 10, tzinfo=UTC))
    assert report(company_a, datetime(2026, 2, 10, tzinfo=UTC)) == [
        ("kenji@contoso.example", "azure-solutions-architect")
    ]


def test_pc10_pc3_removing_partner_university_access_removes_its_assessments_at_the_refresh(megan_at_a) -> None:  # type: ignore[no-untyped-def]
    account = university_sign_up(email="megan.pu@outlook.example", password="Pu-pass-123", display_name="", now=DAY0)
    university_link(user=megan_at_a, account=account, now=DAY0)
    university_completion_record(
        email=account.email, assessment="pu-security-assessment", title="Security assessment", completed_at=DAY0
    )
    clock_advance(to=DAY0 + TEN_DAYS)
    university_unlink(user=megan_at_a, now=DAY0 + TEN_DAYS)
    clock_advance(to=datetime(2026, 2, 9, tzinfo=UTC))
    assert report(megan_at_a.organization, datetime(2026, 2, 9, tzinfo=UTC)) != []
    clock_advance(to=datetime(2026, 2, 10, tzinfo=UTC))
    assert report(megan_at_a.organization, datetime(2026, 2, 10, tzinfo=UTC)) == []


def test_pc9_my_learn_profile_lists_pending_certifications_and_assessments_with_their_dates(
    megan_at_a, megan_msa, megan_admin_cert
) -> None:  # type: ignore[no-untyped-def]
    mcid_link(user=megan_at_a, msa=megan_msa, now=DAY0)
    account = university_sign_up(email="megan.pu@outlook.example", password="Pu-pass-123", display_name="", now=DAY0)
    university_link(user=megan_at_a, account=account, now=DAY0)
    university_completion_record(
        email=account.email, assessment="pu-security-assessment", title="Security assessment", completed_at=DAY0
    )
    pending = my_learn_profile(user=megan_at_a, now=DAY0).pending
    assert [(p.title, p.due_at) for p in pending] == [
        ("Microsoft Certified: Azure Administrator Associate", DAY0 + TEN_DAYS),
        ("Security assessment", DAY0 + TEN_DAYS),
    ]
    clock_advance(to=DAY0 + TEN_DAYS)
    assert my_learn_profile(user=megan_at_a, now=DAY0 + TEN_DAYS).pending == []
    assert len(my_learn_profile(user=megan_at_a, now=DAY0 + TEN_DAYS).credits) == 2


def test_pc5_pc10_a_renewal_arriving_at_company_b_leaves_company_as_old_copy_until_its_refresh(
    megan_at_a, megan_at_b, megan_msa, megan_admin_cert
) -> None:  # type: ignore[no-untyped-def]
    mcid_link(user=megan_at_a, msa=megan_msa, now=DAY0)
    clock_advance(to=DAY0 + TEN_DAYS)
    moved = datetime(2026, 5, 11, 9, 0, tzinfo=UTC)
    clock_advance(to=moved)
    mcid_link(user=megan_at_b, msa=megan_msa, now=moved)
    renewed = moved + timedelta(days=2)
    clock_advance(to=renewed)
    CertificationHeld.objects.filter(pk=megan_admin_cert.pk).update(
        expires_at=megan_admin_cert.expires_at.replace(year=2027), cycle=2, renewed_at=renewed
    )
    clock_advance(to=renewed + TEN_DAYS)
    assert report(megan_at_b.organization, renewed + TEN_DAYS) == [("megan@fabrikam.example", "azure-administrator")]
    assert report(megan_at_a.organization, renewed + TEN_DAYS) == [MEGAN]  # A's copy leaves at A's refresh only
    clock_advance(to=datetime(2026, 6, 10, tzinfo=UTC))
    assert report(megan_at_a.organization, datetime(2026, 6, 10, tzinfo=UTC)) == []
