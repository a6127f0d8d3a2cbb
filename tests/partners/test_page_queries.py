"""Partner Center pages whose work must not grow with the world: My Learn profile (PC-9) reads the person's own
pending credits, and Designations (PC-12) scores six months from one read of the organisation's credits. Each page
makes the same number of queries in a small world as in a larger one."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from django.db import connection
from django.db.models.signals import post_init
from django.test import Client
from django.test.utils import CaptureQueriesContext

from certlink.clock import clock_advance
from partners.models import PartnerCredit, PartnerOrganization, PartnerUser
from partners.selectors import designation_scores, score_history
from partners.services.links import (
    mcid_link,
    mcid_unlink,
    university_completion_record,
    university_link,
    university_sign_up,
)
from tests.partners.cast import employee_of, holds, msa_with_profile
from tests.partners.conftest import DAY0, admin_of

TEN_DAYS = timedelta(days=10)
SLUGS = (
    "azure-administrator",
    "azure-network-engineer",
    "windows-server-hybrid-administrator",
    "azure-solutions-architect",
    "azure-virtual-desktop",
    "teams-administrator",
)


def page(user: PartnerUser, url: str) -> tuple[int, str]:
    """How many queries the page took for `user`, and its text."""
    client = Client()
    client.force_login(user.account)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), response.content.decode()


def colleagues(organization: PartnerOrganization, prefix: str, count: int, *, at: datetime) -> None:
    """`count` more people of `organization`, linked at `at`, each holding a few certifications."""
    for n in range(count):
        msa, profile = msa_with_profile(f"{prefix}{n}.cert", f"{prefix.title()} Person{n}")
        for slug in SLUGS[n % 3 : n % 3 + 3]:
            holds(profile, slug)
        mcid_link(user=employee_of(organization, f"{prefix}{n}", f"{prefix.title()} Person{n}"), msa=msa, now=at)


# --- PC-9: My Learn profile --------------------------------------------------------------------------------------


def megan_with_pending_credits(megan_at_a, megan_msa) -> None:  # type: ignore[no-untyped-def]
    mcid_link(user=megan_at_a, msa=megan_msa, now=DAY0)
    account = university_sign_up(email="megan.pu@outlook.example", password="Pu-pass-123", display_name="", now=DAY0)
    university_link(user=megan_at_a, account=account, now=DAY0)
    university_completion_record(
        email=account.email, assessment="pu-security-assessment", title="Security assessment", completed_at=DAY0
    )


def test_pc9_my_learn_profile_takes_as_many_queries_in_a_larger_world(
    megan_at_a, megan_msa, megan_profile, megan_admin_cert, company_b
) -> None:  # type: ignore[no-untyped-def]
    megan_with_pending_credits(megan_at_a, megan_msa)
    small, text = page(megan_at_a, "/partner/learn-profile/")
    assert text.count('data-pending="true"') == 2

    colleagues(megan_at_a.organization, "ann", 6, at=DAY0)
    colleagues(company_b, "bob", 6, at=DAY0)
    clock_advance(to=DAY0 + TEN_DAYS)  # everyone's credits arrive, Megan's too
    later = DAY0 + TEN_DAYS
    for slug in SLUGS[1:4]:
        holds(megan_profile, slug, earned_at=later)
    university_completion_record(
        email="megan.pu@outlook.example", assessment="pu-teams", title="Teams assessment", completed_at=later
    )
    colleagues(megan_at_a.organization, "cid", 4, at=later)  # theirs are pending too

    larger, text = page(megan_at_a, "/partner/learn-profile/")
    assert text.count('data-pending="true"') == 4
    assert "Pending until 1 February 2026" in text
    assert larger == small


def test_pc9_my_learn_profile_looks_for_pending_credits_on_the_persons_own_profile_only(
    megan_at_a, megan_msa, megan_profile, megan_admin_cert
) -> None:  # type: ignore[no-untyped-def]
    """Narrowed to her profile before the live link of each certification is worked out, not after it was worked
    out for every certification held in the world."""
    megan_with_pending_credits(megan_at_a, megan_msa)
    colleagues(megan_at_a.organization, "ann", 3, at=DAY0)
    client = Client()
    client.force_login(megan_at_a.account)
    with CaptureQueriesContext(connection) as captured:
        client.get("/partner/learn-profile/")
    held = [q["sql"] for q in captured.captured_queries if 'FROM "profiles_certificationheld"' in q["sql"]]
    assert held and all(f'"profiles_certificationheld"."profile_id" = {megan_profile.pk}' in sql for sql in held)


# --- PC-12: Designations -------------------------------------------------------------------------------------------


def test_pc12_designations_take_as_many_queries_in_a_larger_organisation(company_a) -> None:  # type: ignore[no-untyped-def]
    admin = admin_of(company_a)
    colleagues(company_a, "ann", 1, at=DAY0)
    clock_advance(to=DAY0 + TEN_DAYS)
    small, text = page(admin, "/partner/designations/")
    assert "Ann Person0" in text

    colleagues(company_a, "bob", 12, at=DAY0 + TEN_DAYS)
    clock_advance(to=datetime(2026, 2, 20, tzinfo=UTC))
    colleagues(company_a, "cid", 6, at=datetime(2026, 2, 20, tzinfo=UTC))
    clock_advance(to=datetime(2026, 4, 15, tzinfo=UTC))
    instances: list[PartnerCredit] = []

    def counted(sender, instance, **kwargs) -> None:  # type: ignore[no-untyped-def]
        instances.append(instance)

    post_init.connect(counted, sender=PartnerCredit)
    try:
        larger, text = page(admin, "/partner/designations/")
    finally:
        post_init.disconnect(counted, sender=PartnerCredit)
    assert PartnerCredit.objects.filter(organization=company_a).count() > 50
    assert "Bob Person0" in text
    assert larger == small
    assert instances == []  # plain values of the credits, never a model instance per credit


def test_pc12_the_history_scores_each_month_as_the_scores_at_its_end_do(company_a) -> None:  # type: ignore[no-untyped-def]
    """Credits that expire, leave at a refresh and arrive between the months are read once for all six."""
    colleagues(company_a, "ann", 5, at=DAY0)
    msa, profile = msa_with_profile("eve.cert", "Eve Expiring")
    holds(profile, "azure-solutions-architect", expires_at=datetime(2026, 2, 15, tzinfo=UTC))
    mcid_link(user=employee_of(company_a, "eve", "Eve Expiring"), msa=msa, now=DAY0)
    clock_advance(to=DAY0 + TEN_DAYS)
    mcid_unlink(
        user=PartnerUser.objects.get(account__email="ann1@contoso.example"), now=datetime(2026, 2, 2, tzinfo=UTC)
    )
    colleagues(company_a, "bob", 3, at=datetime(2026, 3, 3, tzinfo=UTC))
    now = datetime(2026, 4, 15, tzinfo=UTC)
    clock_advance(to=now)

    history = score_history(organization=company_a, now=now)
    ends = [datetime(2026, month, 1, tzinfo=UTC) - timedelta(microseconds=1) for month in (4, 3, 2, 1)]
    ends.append(datetime(2025, 12, 1, tzinfo=UTC) - timedelta(microseconds=1))
    assert [scores for _, scores in history] == [
        designation_scores(organization=company_a, at=at) for at in [now, *ends]
    ]
    assert len({tuple(a.points for a in scores) for _, scores in history}) > 2  # the months do differ


# --- PC-11: the skills report page -------------------------------------------------------------------------------


def report_rows(text: str) -> list[str]:
    """The people named on a page of the report, in order."""
    return re.findall(r'<span class="name">([^<]* Person\d+)</span>', text)


def test_pc11_the_skills_report_pages_through_every_credit_once_in_its_order(company_a, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A page shows REPORT_PAGE_SIZE credits and links to the next by its number; following the links visits each
    credit once, in the report's order, with as many queries on the last page as on the first."""
    from partners import selectors

    monkeypatch.setattr(selectors, "REPORT_PAGE_SIZE", 4)
    admin = admin_of(company_a)
    colleagues(company_a, "ann", 5, at=DAY0)  # three credits each: fifteen
    clock_advance(to=DAY0 + TEN_DAYS)
    expected = [
        f"{c.first_name} {c.last_name}"
        for c in PartnerCredit.objects.filter(organization=company_a).order_by("last_name", "first_name", "title", "pk")
    ]
    assert len(expected) == 15

    seen, url, counts = [], "/partner/skills/", []
    while url:
        queries, text = page(admin, url)
        counts.append(queries)
        seen += report_rows(text)
        found = re.search(r'rel="next" href="\?(page=\d+)"', text)
        url = f"/partner/skills/?{found.group(1)}" if found else ""
    assert seen == expected
    assert len(counts) == 4 and len(set(counts)) == 1


def test_pc11_a_page_keeps_the_filters_and_the_csv_link_holds_the_whole_filtered_report(company_a, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from partners import selectors

    monkeypatch.setattr(selectors, "REPORT_PAGE_SIZE", 2)
    admin = admin_of(company_a)
    colleagues(company_a, "ann", 3, at=DAY0)
    clock_advance(to=DAY0 + TEN_DAYS)
    _, first = page(admin, "/partner/skills/?status=active")
    assert 'rel="next" href="?status=active&amp;page=2"' in first, first
    _, second = page(admin, "/partner/skills/?status=active&page=2")
    assert 'href="?status=active&amp;format=csv"' in second  # the CSV: every page, not from this one on
    assert 'rel="prev" href="?status=active&amp;page=1"' in second
    assert report_rows(first) and report_rows(second) and report_rows(first) != report_rows(second)


def test_pc11_a_damaged_page_number_is_a_400_and_a_page_past_the_end_a_404_that_say_to_start_again(company_a) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(admin_of(company_a).account)
    for number, status in (("not-a-number", 400), ("0", 400), ("-1", 400), ("1e3", 400), ("2", 404)):
        response = client.get(f"/partner/skills/?page={number}")
        assert response.status_code == status, number
        assert "Start again from the first page" in response.content.decode()
