"""Benchmark 3: the skills report CSV (PC-11) of the largest organisation, downloaded through the page as a browser
would, against `COPY (SELECT ...) TO STDOUT` of the same rows; and the streaming's peak memory for 5,000 and 50,000
rows, which must stay flat."""

from __future__ import annotations

import tracemalloc
from datetime import datetime

from django.db import connection
from django.db.models import Count
from django.http import StreamingHttpResponse
from django.test import Client

from benchmarks.common import Result, report, timed
from partners import report_csv, selectors
from partners.models import PartnerCredit, PartnerOrganization, PartnerUser

TARGET = 2.0
MEMORY_TARGET = 1.5  # peak at 50,000 rows within 1.5 times the peak at 5,000

COPY = """
COPY (
    SELECT c.activity_id, c.title, initcap(c.kind), c.first_name, c.last_name, c.personal_email, c.work_email,
           to_char(c.completed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD'), c.mcid, o.partner_id, o.name,
           to_char(c.expires_at AT TIME ZONE 'UTC', 'YYYY-MM-DD'),
           CASE WHEN c.expires_at <= %(at)s THEN 'expired' ELSE 'active' END
    FROM partners_partnercredit c JOIN partners_partnerorganization o ON o.id = c.organization_id
    WHERE c.organization_id = %(org)s AND c.removed_at IS NULL AND c.arrived_at <= %(at)s
    ORDER BY c.last_name, c.first_name, c.title, c.id
) TO STDOUT WITH (FORMAT csv)
"""


def largest_organization() -> PartnerOrganization:
    return PartnerOrganization.objects.annotate(people=Count("users")).order_by("-people", "pk")[:1].get()


def _download(client: Client) -> tuple[int, int]:
    response = client.get("/partner/skills/?format=csv")
    assert response.status_code == 200, response.status_code
    lines = size = 0
    assert isinstance(response, StreamingHttpResponse)
    for chunk in response.streaming_content:
        lines += chunk.count(b"\n")
        size += len(chunk)
    return lines - 1, size  # less the header


def _copy(organization: PartnerOrganization, at: datetime) -> int:
    lines = 0
    with connection.cursor() as cursor, cursor.cursor.copy(COPY, {"org": organization.pk, "at": at}) as copy:
        for data in copy:
            lines += bytes(data).count(b"\n")
    return lines


def csv_download(now: datetime) -> Result:
    organization = largest_organization()
    admin = PartnerUser.objects.get(organization=organization, is_global_admin=True)
    client = Client()
    client.force_login(admin.account)
    people = organization.users.count()
    runs = [(timed(lambda: _copy(organization, now)), timed(lambda: _download(client))) for _ in range(2)]
    base, expected = min(run[0] for run in runs)
    ours, (rows, size) = min(run[1] for run in runs)
    return report(
        Result(
            f"3. PC-11 skills report CSV of a {people:,}-person organisation",
            f"{ours:.2f} s ({rows:,} rows, {size / 2**20:.0f} MiB, through the page)",
            f"COPY (SELECT ...) TO STDOUT {base:.2f} s ({expected:,} rows)",
            ours / base,
            f"<= {TARGET}",
            ours / base <= TARGET and rows == expected,
        )
    )


def _peak(rows: int, organization: PartnerOrganization, now: datetime) -> int:
    credits = selectors.skills_report(organization=organization, at=now)[:rows]
    tracemalloc.start()
    try:
        written = sum(len(chunk) for chunk in report_csv.stream(credits, at=now))
        assert written > 0
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def csv_memory(now: datetime) -> Result:
    organization = largest_organization()
    total = PartnerCredit.objects.filter(organization=organization, removed_at__isnull=True).count()
    small, large, full = (_peak(n, organization, now) for n in (5_000, 50_000, total))
    return report(
        Result(
            "3b. PC-11 CSV streaming, peak Python memory",
            f"{large / 1024:.0f} KiB at 50,000 rows ({full / 1024:.0f} KiB at all {total:,})",
            f"{small / 1024:.0f} KiB at 5,000 rows",
            large / small,
            f"<= {MEMORY_TARGET}",
            large / small <= MEMORY_TARGET,
        )
    )
