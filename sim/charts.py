"""An organisation's credits over time (issue 18), on its timeline page, drawn by pygal in certlink's look
(certlink.charts): per month, the credits that reached its skills report (PC-9) and those still on their way
(pending, due `CREDIT_PROPAGATION_DAYS` after completion or link) above the line; those that left it and those
leaving at a data refresh (PC-10) below. The same records and rules as the timeline's events (sim.timeline):
partners' credits, pending_certifications, credit_leaves_at."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

import pygal  # type: ignore[import-untyped]
from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.utils import formats
from django.utils.translation import gettext as _

from certlink import charts
from certlink.dates import add_months
from partners.models import McidLink, PartnerCredit, PartnerOrganization
from partners.rules import month_start
from partners.selectors import credit_leaves_at, credits_leaving
from partners.services.credits import pending_certifications

BEFORE, AFTER = 5, 2  # months shown before and after the current one


@dataclass(frozen=True)
class CreditMonths:
    """Per month (first day of each, in order): credits arrived, pending (due), removed, leaving at a refresh."""

    months: list[datetime]
    now: datetime
    arrived: list[int]
    pending: list[int]
    removed: list[int]
    leaving: list[int]


def months_around(now: datetime, *, before: int = BEFORE, after: int = AFTER) -> list[datetime]:
    """The first days (UTC) of `before` months before now's, now's, and `after` months after it."""
    current = month_start(now)
    return [add_months(current, n) for n in range(-before, after + 1)]


def per_month(counts: Iterable[tuple[datetime, int]], months: list[datetime]) -> list[int]:
    """Counts keyed by any moment of a month, as one number per month of `months` (others are dropped)."""
    total: Counter[datetime] = Counter()
    for moment, count in counts:
        total[month_start(moment)] += count
    return [total[m] for m in months]


def credit_months(*, organization: PartnerOrganization, now: datetime) -> CreditMonths:
    """The organisation's credits per month around now, in a few queries whatever its size (counted by the
    database), but for the leaving ones: each one's refresh is credit_leaves_at's (PC-10)."""
    months = months_around(now)
    first, end = months[0], add_months(months[-1], 1)
    credits = PartnerCredit.objects.filter(organization=organization)

    def monthly(queryset: object, field: str) -> list[int]:
        rows = (
            queryset.filter(**{f"{field}__gte": first, f"{field}__lt": end})  # type: ignore[attr-defined]
            .annotate(month=TruncMonth(field, tzinfo=UTC))
            .order_by()
            .values_list("month")
            .annotate(n=Count("pk"))
        )
        return per_month(rows, months)

    live_links = McidLink.objects.filter(organization=organization, ended_at__isnull=True)
    pending = pending_certifications().filter(
        profile_id__in=live_links.values("profile_id"), link_id__in=live_links.values("pk")
    )
    leaves = [(at, 1) for c in credits_leaving(credits) if (at := credit_leaves_at(c)) is not None and at > now]
    return CreditMonths(
        months=months,
        now=now,
        arrived=monthly(credits.filter(arrived_at__lte=now), "arrived_at"),
        pending=monthly(pending, "due"),
        removed=monthly(credits.filter(removed_at__lte=now), "removed_at"),
        leaving=per_month(leaves, months),
    )


def count_axis(up: int, down: int, *, most: int = 6) -> list[int]:
    """Whole-number marks of an axis from -`down` to `up` (at least 1 up), 0 among them, at most about `most`."""
    step = max(1, math.ceil((max(up, 1) + down) / most))
    return list(range(-math.ceil(down / step) * step, math.ceil(max(up, 1) / step) * step + 1, step))


def credits_chart(data: CreditMonths, *, narrow: bool = False) -> str:
    """A bar per month: arrived and pending stacked up, removed and leaving stacked down (numbers printed)."""
    up = max((a + p for a, p in zip(data.arrived, data.pending, strict=True)), default=0)
    down = max((r + left for r, left in zip(data.removed, data.leaving, strict=True)), default=0)
    marks = count_axis(up, down)
    chart = pygal.StackedBar(
        **charts.config(
            narrow=narrow,
            height=460 if narrow else 400,
            title=_("Credits in the skills report, by month"),
            print_values=True,
            print_zeroes=False,
            value_formatter=lambda v: str(abs(int(v))) if v is not None else "",
            x_label_rotation=45 if narrow else 0,
            legend_at_bottom_columns=1 if narrow else 2,
            margin_bottom=30,
            y_title=_("credits (left or leaving: below 0)"),
            y_labels=[{"value": mark, "label": str(abs(mark))} for mark in marks],
            y_labels_major=[0],
            range=(marks[0], marks[-1]),
        )
    )
    chart.x_labels = [month_label(m, now=data.now) for m in data.months]
    chart.add(_("Arrived"), data.arrived)
    chart.add(_("Pending (due that month)"), data.pending)
    chart.add(_("Left the report"), [-n for n in data.removed])
    chart.add(_("Leaving at the data refresh"), [-n for n in data.leaving])
    return charts.render(chart)


def rows(data: CreditMonths) -> list[tuple[str, int, int, int, int]]:
    """The chart's numbers, a row per month, for its table."""
    return [
        (month_label(m, now=data.now), arrived, pending, removed, leaving)
        for m, arrived, pending, removed, leaving in zip(
            data.months, data.arrived, data.pending, data.removed, data.leaving, strict=True
        )
    ]


def alt(data: CreditMonths) -> str:
    """The chart in words: the totals of the months shown."""
    return _(
        "Credits by month from %(first)s to %(last)s: %(arrived)s arrived, %(pending)s pending, %(removed)s left "
        "the skills report, %(leaving)s leaving at a data refresh."
    ) % {
        "first": month_label(data.months[0], now=data.now),
        "last": month_label(data.months[-1], now=data.now),
        "arrived": sum(data.arrived),
        "pending": sum(data.pending),
        "removed": sum(data.removed),
        "leaving": sum(data.leaving),
    }


def month_label(month: datetime, *, now: datetime) -> str:
    label = formats.date_format(month, "M Y")
    return _("%(month)s (now)") % {"month": label} if month == month_start(now) else label
