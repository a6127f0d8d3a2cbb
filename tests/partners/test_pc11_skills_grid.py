"""PC-11, issue 18: the skills report as the grid a partner admin expects. The page says how many credits the filters
hold and numbers its pages; its columns sort; it filters by designation, certification name (suggested from the
catalog), person, status and dates; the CSV and the API filter through the same FilterSet; bad filters are a 400
that says what is wrong, never a 500; and a page takes as many queries in a large organisation as in a small one."""

from __future__ import annotations

import csv
import io
import re
from datetime import UTC, datetime, timedelta
from html import unescape

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from certlink.clock import clock_advance
from partners import selectors
from partners.models import PartnerCredit, PartnerOrganization
from partners.services.links import (
    mcid_link,
    university_completion_record,
    university_link,
    university_sign_up,
)
from tests.factories import CertificationFactory
from tests.partners.cast import employee_of, holds, msa_with_profile
from tests.partners.conftest import DAY0, admin_of

PAGE = "/partner/skills/"
API = "/api/v1/partner/skills-report/"
API_CSV = "/api/v1/partner/skills-report.csv"
NOW = DAY0 + timedelta(days=10)  # 22 January 2026: every credit below has arrived
CATALOG = {
    "azure-administrator": "Microsoft Certified: Azure Administrator Associate",
    "azure-solutions-architect": "Microsoft Certified: Azure Solutions Architect Expert",
    "teams-administrator": "Microsoft 365 Certified: Teams Administrator Associate",
    "power-bi-data-analyst": "Microsoft Certified: Power BI Data Analyst Associate",  # held by no one
}


def on(day: str) -> datetime:
    return datetime.fromisoformat(day).replace(hour=9, tzinfo=UTC)


ADMIN, ARCHITECT, TEAMS, ROOMS = (
    "azure-administrator",
    "azure-solutions-architect",
    "teams-administrator",
    "pu-teams-rooms",
)
# Who holds what: (local part, name, [(certification, earned, expires)]). Ana's architect expired on 1 December 2025.
PEOPLE = [
    ("ana", "Ana Ortiz", [(ADMIN, "2025-03-01", "2026-03-01"), (ARCHITECT, "2024-12-01", "2025-12-01")]),
    ("ben", "Ben Walters", [(TEAMS, "2025-06-15", "2026-06-15")]),
    ("cem", "Cem Yilmaz", [(ADMIN, "2025-09-10", "2026-09-10"), (ARCHITECT, "2025-10-20", "2026-10-20")]),
    ("dan", "Dan Jump", [(ARCHITECT, "2025-05-05", "2026-05-05")]),
]


def linked(organization: PartnerOrganization, local: str, name: str, held: list[tuple[str, str, str]]) -> None:
    msa, profile = msa_with_profile(f"{local}.cert", name)
    for slug, earned, expires in held:
        holds(profile, slug, earned_at=on(earned), expires_at=on(expires))
    mcid_link(user=employee_of(organization, local, name), msa=msa, now=DAY0)


@pytest.fixture
def contoso(company_a: PartnerOrganization) -> PartnerOrganization:
    """Contoso's four engineers, their six certification credits arrived on 22 January 2026; and Ben's Partner
    University assessment (an activity in no catalog)."""
    for slug, name in CATALOG.items():
        CertificationFactory(slug=slug, name=name)
    for person in PEOPLE:
        linked(company_a, *person)
    account = university_sign_up(email="ben.pu@outlook.example", password="Pu-pass-123", display_name="", now=DAY0)
    university_link(user=company_a.users.get(account__email="ben@contoso.example"), account=account, now=DAY0)
    university_completion_record(
        email=account.email,
        assessment="pu-teams-rooms",
        title="Teams Meetings and Meeting Rooms Technical Assessment",
        completed_at=on("2025-12-12"),
    )
    clock_advance(to=NOW)
    assert PartnerCredit.objects.filter(organization=company_a).count() == 7
    return company_a


@pytest.fixture
def admin(contoso: PartnerOrganization) -> Client:
    client = Client()
    client.force_login(admin_of(contoso).account)
    return client


@pytest.fixture
def api(contoso: PartnerOrganization) -> APIClient:
    client = APIClient()
    client.force_authenticate(admin_of(contoso).account)
    return client


def text(response) -> str:  # type: ignore[no-untyped-def]
    return unescape(response.content.decode())


def rows(response) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    """The grid's rows as (person, activity id), in order."""
    page = response.content.decode()
    body = page[page.index("<tbody") :] if "<tbody" in page else ""
    people = re.findall(r'<span class="name">([^<]*)</span>', body)
    activities = re.findall(r'<tr data-activity="([^"]+)"', body)
    assert len(people) == len(activities)
    return list(zip(people, activities, strict=True))


def csv_rows(response) -> list[dict[str, str]]:  # type: ignore[no-untyped-def]
    return list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))


# --- The total and the page numbers ---------------------------------------------------------------------------


def test_pc11_the_page_says_how_many_credits_there_are_with_thousands_grouped_and_numbers_its_pages(
    admin, contoso
) -> None:  # type: ignore[no-untyped-def]
    credit = PartnerCredit.objects.filter(organization=contoso).first()
    PartnerCredit.objects.bulk_create(
        [PartnerCredit(**{**_fields(credit), "title": f"Assessment {n:04}", "kind": "assessment"}) for n in range(994)]
    )
    page = text(admin.get(PAGE))
    assert '<p class="total" data-total="1001">1,001 credits' in page
    assert "Page 1 of 21" in page
    assert len(rows(admin.get(PAGE))) == selectors.REPORT_PAGE_SIZE == 50
    assert '<a class="button current" aria-current="page" href="?page=1">' in page
    assert 'rel="next" href="?page=2"' in page and 'href="?page=21"' in page
    last = admin.get(f"{PAGE}?page=21")
    assert len(rows(last)) == 1 and "Page 21 of 21" in text(last) and 'rel="next"' not in text(last)


def _fields(credit: PartnerCredit) -> dict[str, object]:
    """A copy of `credit`'s values as another credit: an assessment of no link (the unique constraints hold)."""
    fields = {f.attname: getattr(credit, f.attname) for f in PartnerCredit._meta.concrete_fields if f.name != "id"}
    return {**fields, "link_id": None, "held_id": None, "university_link_id": None, "completion_id": None}


def test_pc11_one_credit_is_one_credit_and_a_single_page_has_no_page_links(admin, contoso) -> None:  # type: ignore[no-untyped-def]
    page = text(admin.get(f"{PAGE}?person=walters&certification=teams"))
    assert '<p class="total" data-total="2">2 credits' in page  # Ben's Teams Administrator and his assessment
    assert "Pages of the report" not in page
    assert '<p class="total" data-total="1">1 credit<' in text(admin.get(f"{PAGE}?person=jump"))


def test_pc11_page_links_keep_the_filters_and_the_sort(admin, contoso, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(selectors, "REPORT_PAGE_SIZE", 2)
    page = text(admin.get(f"{PAGE}?status=active&sort=-completed"))
    assert "Page 1 of 3" in page
    assert 'rel="next" href="?status=active&sort=-completed&page=2"' in page
    assert 'href="?status=active&sort=-completed&format=csv"' in page  # the CSV: the whole filtered report
    second = admin.get(f"{PAGE}?status=active&sort=-completed&page=2")
    assert rows(second) == [("Cem Yilmaz", "azure-administrator"), ("Ben Walters", "teams-administrator")]


# --- Sorting ----------------------------------------------------------------------------------------------------


def test_pc11_by_default_the_grid_is_in_the_reports_order_and_says_so_on_the_person_column(admin) -> None:  # type: ignore[no-untyped-def]
    response = admin.get(PAGE)
    assert rows(response) == [
        ("Dan Jump", "azure-solutions-architect"),
        ("Ana Ortiz", "azure-administrator"),
        ("Ana Ortiz", "azure-solutions-architect"),
        ("Ben Walters", "teams-administrator"),
        ("Ben Walters", "pu-teams-rooms"),
        ("Cem Yilmaz", "azure-administrator"),
        ("Cem Yilmaz", "azure-solutions-architect"),
    ]  # last name, first name, title ("Microsoft 365 …" before "Teams Meetings …")
    page = response.content.decode()
    assert re.search(
        r'<th scope="col" class="col-person" aria-sort="ascending">\s*<a class="sort" href="\?sort=-person">', page
    )
    assert page.count('aria-sort="') == 1
    assert page.count('<th scope="col"') == 6 and '<caption class="visually-hidden">Credits</caption>' in page


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("activity", ["teams-administrator", "azure-administrator", "azure-administrator"]),  # "Microsoft 365 …" first
        ("-person", ["azure-administrator", "azure-solutions-architect", "teams-administrator"]),
        ("completed", ["azure-solutions-architect", "azure-administrator", "azure-solutions-architect"]),
        ("-completed", ["pu-teams-rooms", "azure-solutions-architect", "azure-administrator"]),
        ("expires", ["azure-solutions-architect", "azure-administrator", "azure-solutions-architect"]),
        ("-expires", ["azure-solutions-architect", "azure-administrator", "teams-administrator"]),
    ],
)
def test_pc11_a_column_header_sorts_the_whole_report_by_it(admin, sort, expected) -> None:  # type: ignore[no-untyped-def]
    response = admin.get(f"{PAGE}?sort={sort}")
    assert [activity for _, activity in rows(response)][:3] == expected, rows(response)
    column = sort.lstrip("-")
    direction = "descending" if sort.startswith("-") else "ascending"
    assert f'class="col-{column}" aria-sort="{direction}"' in response.content.decode()


def test_pc11_sorting_by_title_is_alphabetical_and_never_expiring_credits_sort_last_by_expiry(admin, contoso) -> None:  # type: ignore[no-untyped-def]
    titles = [
        PartnerCredit.objects.get(organization=contoso, activity_id=a, last_name=p.split()[-1]).title
        for p, a in rows(admin.get(f"{PAGE}?sort=activity"))
    ]
    assert titles == sorted(titles)
    by_expiry = rows(admin.get(f"{PAGE}?sort=expires"))
    assert by_expiry[-1] == ("Ben Walters", "pu-teams-rooms")  # an assessment never expires
    assert rows(admin.get(f"{PAGE}?sort=-expires"))[-1] == ("Ben Walters", "pu-teams-rooms")


def test_pc11_sorting_by_status_puts_active_credits_before_expired_ones_and_back(admin) -> None:  # type: ignore[no-untyped-def]
    assert rows(admin.get(f"{PAGE}?sort=status"))[-1] == ("Ana Ortiz", "azure-solutions-architect")
    assert rows(admin.get(f"{PAGE}?sort=-status"))[0] == ("Ana Ortiz", "azure-solutions-architect")


def test_pc11_a_sort_link_is_a_plain_link_that_keeps_the_filters_and_goes_back_to_the_first_page(
    admin, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(selectors, "REPORT_PAGE_SIZE", 2)
    page = text(admin.get(f"{PAGE}?status=active&page=2"))
    assert '<a class="sort" href="?status=active&sort=completed">Completed' in page
    assert '<a class="sort" href="?status=active&sort=-person">Person' in page
    assert 'name="sort"' not in page  # no sort asked: none to keep in the filter form
    sorted_page = text(admin.get(f"{PAGE}?status=active&sort=completed"))
    assert '<input type="hidden" name="sort" value="completed">' in sorted_page  # filtering again keeps the sort


def test_pc11_an_unknown_sort_is_ignored_rather_than_refused(admin) -> None:  # type: ignore[no-untyped-def]
    assert rows(admin.get(f"{PAGE}?sort=password")) == rows(admin.get(PAGE))


# --- Filters ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("certification=solutions+architect", {("ana", ARCHITECT), ("cem", ARCHITECT), ("dan", ARCHITECT)}),
        ("certification=AZURE+ADMINISTRATOR", {("ana", ADMIN), ("cem", ADMIN)}),
        ("certification=teams-administrator", {("ben", TEAMS)}),  # an activity id still works
        ("certification=Meeting+Rooms", {("ben", ROOMS)}),  # an assessment's title
        ("certification=Power+BI", set()),
        ("person=ortiz", {("ana", ADMIN), ("ana", ARCHITECT)}),
        ("person=cem%40contoso", {("cem", ADMIN), ("cem", ARCHITECT)}),
        ("person=dan.cert%40outlook", {("dan", ARCHITECT)}),
        ("status=expired", {("ana", ARCHITECT)}),
        ("designation=modern-work", {("ben", TEAMS)}),
        ("completed_from=2025-09-10&completed_to=2025-10-20", {("cem", ADMIN), ("cem", ARCHITECT)}),
        ("completed_to=2024-12-01", {("ana", ARCHITECT)}),  # the last day is included
        ("expires_from=2026-09-01&expires_to=2026-12-31", {("cem", ADMIN), ("cem", ARCHITECT)}),
        ("expires_to=2025-12-31&status=active", set()),
        ("certification=azure&person=yilmaz&status=active&expires_from=2026-10-01", {("cem", ARCHITECT)}),
    ],
)
def test_pc11_each_filter_narrows_the_grid(admin, query, expected) -> None:  # type: ignore[no-untyped-def]
    response = admin.get(f"{PAGE}?{query}")
    assert response.status_code == 200
    assert {(person.split()[0].lower(), activity) for person, activity in rows(response)} == expected
    assert f'data-total="{len(expected)}"' in response.content.decode()


def test_pc11_the_status_filter_leaves_out_expired_credits(admin) -> None:  # type: ignore[no-untyped-def]
    active = rows(admin.get(f"{PAGE}?status=active"))
    assert len(active) == 6 and ("Ana Ortiz", "azure-solutions-architect") not in active


def test_pc11_a_catalog_name_finds_credits_whose_title_reads_otherwise(admin, contoso) -> None:  # type: ignore[no-untyped-def]
    """The catalog's name of the certification counts, not only the title the credit arrived with."""
    PartnerCredit.objects.filter(activity_id="azure-administrator").update(title="AZ-104 (renamed in the catalog)")
    found = rows(admin.get(f"{PAGE}?certification=Administrator+Associate"))
    assert ("Ana Ortiz", "azure-administrator") in found and ("Ben Walters", "teams-administrator") in found


def test_pc11_the_certification_field_suggests_the_catalogs_names_and_the_reports_titles(admin) -> None:  # type: ignore[no-untyped-def]
    page = text(admin.get(PAGE))
    assert '<input type="text" name="certification"' in page and 'list="skills-certification-names"' in page
    datalist = re.search(r'<datalist id="skills-certification-names">(.*?)</datalist>', page, re.S)
    assert datalist
    options = re.findall(r'<option value="([^"]*)">', datalist.group(1))
    assert set(CATALOG.values()) <= set(options)  # held or not
    assert "Teams Meetings and Meeting Rooms Technical Assessment" in options  # in no catalog, but in the report
    assert options == sorted(set(options), key=str.casefold)


def test_pc11_no_match_says_so_and_offers_to_clear_the_filters(admin) -> None:  # type: ignore[no-untyped-def]
    page = text(admin.get(f"{PAGE}?person=nobody"))
    assert "0 credits" in page and "No credits match these filters." in page
    assert '<a href="/partner/skills/">Clear the filters</a>' in page
    assert "No users found with skills data" not in page and "<table" not in page


# --- The CSV and the API filter alike ----------------------------------------------------------------------------


def test_pc11_the_csv_keeps_the_pages_filters_and_sort_and_holds_every_page_of_them(admin, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(selectors, "REPORT_PAGE_SIZE", 1)
    page = text(admin.get(f"{PAGE}?certification=azure&status=active&sort=-completed"))
    link = re.search(r'<a class="button" href="(\?[^"]*format=csv)">Download CSV</a>', page)
    assert link and link.group(1) == "?certification=azure&status=active&sort=-completed&format=csv"
    got = csv_rows(admin.get(PAGE + link.group(1)))
    assert [(r["Last name"], r["Activity id"], r["Completion date"]) for r in got] == [
        ("Yilmaz", "azure-solutions-architect", "2025-10-20"),
        ("Yilmaz", "azure-administrator", "2025-09-10"),
        ("Jump", "azure-solutions-architect", "2025-05-05"),
        ("Ortiz", "azure-administrator", "2025-03-01"),
    ]  # all four, though a page holds one; Ana's expired architect left out


def test_pc11_the_csv_of_a_later_page_is_still_the_whole_report(admin, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(selectors, "REPORT_PAGE_SIZE", 2)
    assert len(csv_rows(admin.get(f"{PAGE}?page=3&format=csv"))) == 7


@pytest.mark.parametrize(
    ("query", "people"),
    [
        ("certification=Solutions%20Architect%20Expert", ["dan", "ana", "cem"]),
        ("certification=meeting%20rooms", ["ben"]),
        ("completed_from=2025-06-01&completed_to=2025-12-31", ["ben", "ben", "cem", "cem"]),
        ("expires_from=2026-06-01&status=active", ["ben", "cem", "cem"]),
        ("certification=&person=&status=&completed_from=", ["dan", "ana", "ana", "ben", "ben", "cem", "cem"]),
    ],
)
def test_pc11_the_api_takes_the_pages_filters_certification_name_and_dates_included(api, query, people) -> None:  # type: ignore[no-untyped-def]
    body = api.get(f"{API}?{query}").json()
    assert [row["work_email"] for row in body["results"]] == [f"{local}@contoso.example" for local in people]
    assert body["count"] == len(people)


def test_pc11_the_api_csv_takes_the_same_filters(api) -> None:  # type: ignore[no-untyped-def]
    got = csv_rows(api.get(f"{API_CSV}?certification=azure%20administrator&expires_from=2026-09-01"))
    assert [(r["Last name"], r["Activity id"]) for r in got] == [("Yilmaz", "azure-administrator")]


def test_pc11_the_page_the_csv_and_the_api_agree_on_every_filter(admin, api) -> None:  # type: ignore[no-untyped-def]
    for query in (
        "certification=azure",
        "person=ben",
        "status=expired",
        "completed_from=2025-06-01",
        "expires_to=2026-06-01",
    ):
        page = {(p.split()[-1], a) for p, a in rows(admin.get(f"{PAGE}?{query}"))}
        sheet = {(r["Last name"], r["Activity id"]) for r in csv_rows(admin.get(f"{PAGE}?{query}&format=csv"))}
        listed = {(r["last_name"], r["activity_id"]) for r in api.get(f"{API}?{query}").json()["results"]}
        assert page == sheet == listed and page, query


# --- Bad filters: a 400 that says what is wrong, never a 500 --------------------------------------------------


@pytest.mark.parametrize(
    ("query", "field", "says"),
    [
        ("completed_from=2026-13-01", "completed_from", "Enter a valid date."),
        ("expires_to=yesterday", "expires_to", "Enter a valid date."),
        ("status=lapsed", "status", "Select a valid choice."),
        ("designation=astrology", "designation", "Select a valid choice."),
        ("completed_from=2026-02-01&completed_to=2026-01-01", "completed_to", "The last day is before the first day."),
        ("person=" + "x" * 201, "person", "Ensure this value has at most 200 characters"),
        ("certification=nul%00byte", "certification", "Null characters are not allowed."),
    ],
)
def test_pc11_bad_filters_are_a_400_on_the_page_and_in_the_api_naming_the_field(admin, api, query, field, says) -> None:  # type: ignore[no-untyped-def]
    page = admin.get(f"{PAGE}?{query}")
    assert page.status_code == 400
    assert says in text(page) and "Correct the filters above to see the report." in text(page)
    assert "<table" not in text(page) and "Download CSV" not in text(page)
    assert admin.get(f"{PAGE}?{query}&format=csv").status_code == 400
    for url in (API, API_CSV):
        response = api.get(f"{url}?{query}")
        assert response.status_code == 400, url
        body = response.json()
        assert body["code"] == "invalid" and list(body["details"]["fields"]) == [field]
        assert says in " ".join(body["details"]["fields"][field])


def test_pc11_the_page_keeps_what_was_typed_in_bad_filters(admin) -> None:  # type: ignore[no-untyped-def]
    page = text(admin.get(f"{PAGE}?person=Wilma&completed_from=2026-02-30"))
    assert 'value="Wilma"' in page and 'value="2026-02-30"' in page


# --- Queries: flat in the size of the organisation ------------------------------------------------------------


def queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
        if response.streaming:
            b"".join(response.streaming_content)
    assert response.status_code in (200, 400)
    return len(captured)


# session, account, clock, the datalist's names (one UNION), the total (COUNT), the page's rows
GRID_QUERIES = 6


@pytest.mark.parametrize(
    "url", [PAGE, f"{PAGE}?sort=-status&page=1", f"{PAGE}?certification=azure&status=active&completed_from=2025-01-01"]
)
def test_pc11_a_page_of_the_grid_takes_as_many_queries_in_a_larger_organisation(admin, contoso, url) -> None:  # type: ignore[no-untyped-def]
    small = queries(admin, url)
    for n in range(30):
        linked(contoso, f"eng{n}", f"Eng Person{n}", [("azure-administrator", "2025-08-01", "2026-08-01")])
    clock_advance(to=NOW + timedelta(days=10))
    assert PartnerCredit.objects.filter(organization=contoso).count() == 37
    assert queries(admin, url) == small == GRID_QUERIES


def test_pc11_bad_filters_cost_no_report_query(admin) -> None:  # type: ignore[no-untyped-def]
    assert queries(admin, f"{PAGE}?status=lapsed") == GRID_QUERIES - 2  # neither the total nor the rows
