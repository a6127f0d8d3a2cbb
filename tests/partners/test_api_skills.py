"""API of the skills report and its CSV (PC-11), designation scores, history and entered points (PC-12), and
why a certification is not counted (PC-14)."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta

import pytest

from certlink.clock import clock_advance
from partners.selectors import EMPTY_REPORT
from partners.services.links import mcid_link
from profiles.models import Provider
from tests.partners.cast import employee_of, holds, msa_with_profile
from tests.partners.conftest import DAY0, admin_of

REPORT = "/api/v1/partner/skills-report/"
CSV = "/api/v1/partner/skills-report.csv"
DESIGNATIONS = "/api/v1/partner/designations/"
HISTORY = "/api/v1/partner/designations/history/"
INPUTS = "/api/v1/partner/designations/inputs/"
WHY = "/api/v1/partner/why-not-counted/"
ARRIVED = DAY0 + timedelta(days=10)
HEADER = [
    "Activity id",
    "Title",
    "Type",
    "First name",
    "Last name",
    "Personal email",
    "Work email",
    "Completion date",
    "MCID",
    "PartnerID",
    "Partner name",
    "Expiry date",
    "Status",
]


@pytest.fixture
def contoso_credits(company_a, megan_at_a, megan_msa, megan_admin_cert):  # type: ignore[no-untyped-def]
    """Megan (Azure Administrator) and Kenji (Teams Administrator) of Contoso, linked on DAY0, arrived."""
    mcid_link(user=megan_at_a, msa=megan_msa, now=DAY0)
    kenji_msa, kenji_profile = msa_with_profile("kenji.cert", "Kenji Sato")
    holds(kenji_profile, "teams-administrator")
    mcid_link(user=employee_of(company_a, "kenji", "Kenji Sato"), msa=kenji_msa, now=DAY0)
    clock_advance(to=ARRIVED)
    return company_a


@pytest.fixture
def contoso_admin(api_as, company_a):  # type: ignore[no-untyped-def]
    return api_as(admin_of(company_a).account)


# --- PC-11: the skills report --------------------------------------------------------------------------------------


def test_pc11_a_global_admin_reads_the_report_with_its_columns(
    contoso_admin, contoso_credits, megan_admin_cert
) -> None:  # type: ignore[no-untyped-def]
    body = contoso_admin.get(REPORT).json()
    assert (body["count"], body["message"]) == (2, "")
    assert body["results"][0] == {
        "activity_id": "azure-administrator",
        "title": "Microsoft Certified: Azure Administrator Associate",
        "type": "Certification",
        "first_name": "Megan",
        "last_name": "Bowen",
        "personal_email": "megan.bowen@outlook.example",
        "work_email": "megan@contoso.example",
        "completion_date": "2025-11-03",
        "mcid": megan_admin_cert.profile.mcid,
        "partner_id": "1000001",
        "partner_name": "Contoso",
        "expiry_date": "2026-11-03",
        "status": "active",
        "manual": False,
    }
    assert body["results"][1]["work_email"] == "kenji@contoso.example"


def test_pc11_a_partner_admin_reads_it_too(api_as, company_a, contoso_credits) -> None:  # type: ignore[no-untyped-def]
    partner_admin = employee_of(company_a, "pat", "Pat Admin", is_partner_admin=True)
    assert api_as(partner_admin.account).get(REPORT).json()["count"] == 2


@pytest.mark.parametrize("role", [{}, {"is_report_viewer": True}, {"is_account_admin": True}])
def test_pc11_report_viewers_default_users_and_account_admins_get_403(api_as, company_a, role) -> None:  # type: ignore[no-untyped-def]
    client = api_as(employee_of(company_a, "someone", "Someone", **role).account)
    for path in (REPORT, CSV, DESIGNATIONS, HISTORY):
        response = client.get(path)
        assert response.status_code == 403 and response["Content-Type"] == "application/json", path
        assert response.json() == {
            "code": "not_partner_admin",
            "message": "Only partner admins and global admins can see the skills report and designations.",
            "details": {},
        }


def test_pc11_another_organisations_admin_sees_only_their_own_empty_report(api_as, company_b, contoso_credits) -> None:  # type: ignore[no-untyped-def]
    body = api_as(admin_of(company_b).account).get(REPORT).json()
    assert (body["count"], body["results"], body["message"]) == (0, [], EMPTY_REPORT)


def test_pc11_an_empty_report_says_so(contoso_admin) -> None:  # type: ignore[no-untyped-def]
    body = contoso_admin.get(REPORT).json()
    assert body["message"] == (
        "No users found with skills data. Check to see whether users have associated their Learning or "
        "Partner University accounts with their profiles."
    )


@pytest.mark.parametrize(
    ("query", "emails"),
    [
        ("designation=infrastructure", ["megan@contoso.example"]),
        ("designation=modern-work", ["kenji@contoso.example"]),
        ("certification=teams-administrator", ["kenji@contoso.example"]),
        ("person=sato", ["kenji@contoso.example"]),
        ("person=megan%40contoso", ["megan@contoso.example"]),
        ("status=active", ["megan@contoso.example", "kenji@contoso.example"]),
        ("status=expired", []),
        ("designation=security", []),
    ],
)
def test_pc11_the_report_filters_by_designation_certification_person_and_status(
    contoso_admin, contoso_credits, query, emails
) -> None:  # type: ignore[no-untyped-def]
    body = contoso_admin.get(f"{REPORT}?{query}").json()
    assert [row["work_email"] for row in body["results"]] == emails
    assert body["message"] == ("" if emails else EMPTY_REPORT)


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("designation=azure", "designation"),
        ("status=lapsed", "status"),
        ("certification=" + "x" * 251, "certification"),  # a name, not a slug (issue 18), but not without end
        ("completed_from=2026-02-30", "completed_from"),
        ("expires_from=2026-03-01&expires_to=2026-02-01", "expires_to"),
    ],
)
def test_pc11_unknown_filters_are_a_400_naming_the_field(contoso_admin, query, field) -> None:  # type: ignore[no-untyped-def]
    response = contoso_admin.get(f"{REPORT}?{query}")
    assert (response.status_code, response.json()["code"]) == (400, "invalid")
    assert list(response.json()["details"]["fields"]) == [field]


def test_pc11_the_report_is_paged(contoso_admin, contoso_credits) -> None:  # type: ignore[no-untyped-def]
    body = contoso_admin.get(f"{REPORT}?limit=1&offset=1").json()
    assert (body["count"], len(body["results"]), body["results"][0]["work_email"]) == (2, 1, "kenji@contoso.example")
    assert body["next"] is None and body["previous"] == "http://testserver/api/v1/partner/skills-report/?limit=1"


def read_csv(response) -> list[list[str]]:  # type: ignore[no-untyped-def]
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))


def test_pc11_the_csv_has_the_header_row_and_one_row_per_credit(
    contoso_admin, contoso_credits, megan_admin_cert
) -> None:  # type: ignore[no-untyped-def]
    response = contoso_admin.get(CSV)
    assert response.status_code == 200 and response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="skills-report-1000001.csv"'
    rows = read_csv(response)
    assert rows[0] == HEADER
    assert rows[1] == [
        "azure-administrator",
        "Microsoft Certified: Azure Administrator Associate",
        "Certification",
        "Megan",
        "Bowen",
        "megan.bowen@outlook.example",
        "megan@contoso.example",
        "2025-11-03",
        str(megan_admin_cert.profile.mcid),
        "1000001",
        "Contoso",
        "2026-11-03",
        "active",
    ]
    assert len(rows) == 3


def test_pc11_the_csv_filters_like_the_report_and_answers_a_client_asking_for_text_csv(
    contoso_admin, contoso_credits
) -> None:  # type: ignore[no-untyped-def]
    response = contoso_admin.get(f"{CSV}?designation=modern-work", HTTP_ACCEPT="text/csv")
    assert response.status_code == 200
    assert [row[6] for row in read_csv(response)[1:]] == ["kenji@contoso.example"]
    empty = read_csv(contoso_admin.get(f"{CSV}?status=expired"))
    assert empty == [HEADER]


# --- PC-12: designations -------------------------------------------------------------------------------------------


def test_pc12_designation_scores_show_each_area_with_metrics_people_and_what_is_missing(
    contoso_admin, contoso_credits, megan_at_a
) -> None:  # type: ignore[no-untyped-def]
    body = contoso_admin.get(DESIGNATIONS).json()
    assert body["at"] == "2026-01-22T09:00:00Z"
    assert [area["key"] for area in body["areas"]] == [
        "data-ai",
        "infrastructure",
        "digital-app-innovation",
        "modern-work",
        "security",
        "business-applications",
    ]
    modern = next(area for area in body["areas"] if area["key"] == "modern-work")
    assert (modern["status"], modern["qualified"], modern["max"]) == ("in_progress", False, 100.0)
    intermediate = next(m for m in modern["metrics"] if m["key"] == "intermediate-certifications")
    assert intermediate["points"] > 0
    assert [p["name"] for p in intermediate["people"]] == ["Kenji Sato"]
    assert any("Net customer adds is at 0 points" in line for line in modern["missing"])


def test_pc12_entered_points_count_in_the_scores(contoso_admin, contoso_credits) -> None:  # type: ignore[no-untyped-def]
    response = contoso_admin.put(INPUTS, {"area": "modern-work", "metric": "usage-growth", "points": 30}, format="json")
    assert response.status_code == 200
    assert {k: response.json()[k] for k in ("area", "metric", "points")} == {
        "area": "modern-work",
        "metric": "usage-growth",
        "points": 30.0,
    }
    modern = next(a for a in contoso_admin.get(DESIGNATIONS).json()["areas"] if a["key"] == "modern-work")
    assert next(m for m in modern["metrics"] if m["key"] == "usage-growth")["points"] == 30.0


def test_pc12_entered_points_are_refused_out_of_range_for_unknown_metrics_and_for_other_users(
    api_as, contoso_admin, company_a
) -> None:  # type: ignore[no-untyped-def]
    too_many = contoso_admin.put(INPUTS, {"area": "security", "metric": "usage-growth", "points": 99}, format="json")
    assert (too_many.status_code, too_many.json()["code"]) == (400, "points_out_of_range")
    unknown = contoso_admin.put(INPUTS, {"area": "security", "metric": "skilling", "points": 1}, format="json")
    assert unknown.json()["code"] == "unknown_metric"
    negative = contoso_admin.put(INPUTS, {"area": "security", "metric": "usage-growth", "points": -1}, format="json")
    assert negative.json()["code"] == "invalid"
    viewer = api_as(employee_of(company_a, "rita", "Rita", is_report_viewer=True).account)
    refused = viewer.put(INPUTS, {"area": "security", "metric": "usage-growth", "points": 1}, format="json")
    assert (refused.status_code, refused.json()["code"]) == (403, "not_partner_admin")


def test_pc12_the_history_has_six_months_latest_first(contoso_admin, contoso_credits) -> None:  # type: ignore[no-untyped-def]
    clock_advance(to=DAY0 + timedelta(days=40))
    history = contoso_admin.get(HISTORY).json()
    assert [month["month"] for month in history] == [
        "February 2026",
        "January 2026",
        "December 2025",
        "November 2025",
        "October 2025",
        "September 2025",
    ]
    modern = [next(a["points"] for a in month["areas"] if a["key"] == "modern-work") for month in history]
    assert modern[0] == modern[1] > 0 and modern[2:] == [0.0, 0.0, 0.0, 0.0]


# --- PC-14: why not counted ----------------------------------------------------------------------------------------


def test_pc14_an_admin_asks_why_about_anyone_of_the_organisation(
    contoso_admin, megan_at_a, megan_msa, megan_admin_cert
) -> None:  # type: ignore[no-untyped-def]
    mcid_link(user=megan_at_a, msa=megan_msa, now=DAY0)
    body = contoso_admin.get(f"{WHY}?person={megan_at_a.pk}&certification=azure-administrator").json()
    assert body == {
        "person": {"id": megan_at_a.pk, "email": "megan@contoso.example", "name": "Megan Bowen"},
        "certification": "azure-administrator",
        "certification_name": "Microsoft Certified: Azure Administrator Associate",
        "code": "pending",
        "message": "Microsoft Certified: Azure Administrator Associate is on its way: it reaches Partner Center on "
        "22 January 2026 (PC-9).",
    }


def test_pc14_a_user_asks_about_themselves_and_not_about_a_colleague(
    api_as, company_a, megan_at_a, megan_profile
) -> None:  # type: ignore[no-untyped-def]
    holds(megan_profile, "microsoft-365-fundamentals", provider=Provider.CERTIPORT, level="fundamentals")
    megan = api_as(megan_at_a.account)
    mine = megan.get(f"{WHY}?certification=microsoft-365-fundamentals").json()
    assert (mine["person"]["id"], mine["code"]) == (megan_at_a.pk, "not_linked")
    assert megan.get(f"{WHY}?person={megan_at_a.pk}&certification=microsoft-365-fundamentals").status_code == 200
    colleague = employee_of(company_a, "kenji", "Kenji Sato")
    response = megan.get(f"{WHY}?person={colleague.pk}&certification=microsoft-365-fundamentals")
    assert (response.status_code, response.json()["code"]) == (404, "not_found")


def test_pc14_another_organisations_admin_cannot_ask_about_megan(api_as, company_b, megan_at_a, megan_profile) -> None:  # type: ignore[no-untyped-def]
    response = api_as(admin_of(company_b).account).get(f"{WHY}?person={megan_at_a.pk}&certification=x-y")
    assert response.status_code == 404


def test_pc14_the_certification_is_required_and_must_be_in_the_catalog(contoso_admin) -> None:  # type: ignore[no-untyped-def]
    missing = contoso_admin.get(WHY)
    assert (missing.status_code, list(missing.json()["details"]["fields"])) == (400, ["certification"])
    unknown = contoso_admin.get(f"{WHY}?certification=no-such-certification")
    assert (unknown.status_code, unknown.json()["code"]) == (404, "unknown_certification")


# --- PC-10: the refresh, as the report shows it --------------------------------------------------------------------


def test_pc10_an_unlinked_mcid_stays_in_the_report_until_the_refresh_on_the_10th_of_next_month(
    api_as, contoso_admin, contoso_credits, megan_at_a
) -> None:  # type: ignore[no-untyped-def]
    assert api_as(megan_at_a.account).delete("/api/v1/partner/learn-profile/association/").status_code == 200
    clock_advance(to=datetime(2026, 2, 9, 23, 0, tzinfo=UTC))
    emails = [row["work_email"] for row in contoso_admin.get(REPORT).json()["results"]]
    assert emails == ["megan@contoso.example", "kenji@contoso.example"]
    why = contoso_admin.get(f"{WHY}?person={megan_at_a.pk}&certification=azure-administrator").json()
    assert why["code"] == "leaving" and "10 February 2026" in why["message"]
    clock_advance(to=datetime(2026, 2, 10, tzinfo=UTC))
    assert [row["work_email"] for row in contoso_admin.get(REPORT).json()["results"]] == ["kenji@contoso.example"]
