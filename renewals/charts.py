"""A learner's certifications on a timeline (issue 18), drawn by pygal in certlink's look (certlink.charts): each
certification a row from earned to expiry, its renewal window (RN-2) drawn dashed, its reminders (RN-8) as dots, a
renewal (RN-4) marked, and a vertical line at the simulated now. The dates are renewals.rules' (milestones); the
rows are renewals.selectors' held views, as Credentials → Certifications lists them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import pygal  # type: ignore[import-untyped]
from django.utils import formats
from django.utils.translation import gettext as _

from certlink import charts
from renewals import rules
from renewals.policy import policy
from renewals.selectors import HeldView


@dataclass(frozen=True)
class Row:
    """One certification of the timeline: its name, status and dates."""

    name: str
    status_label: str
    dates: rules.Milestones


def rows(views: list[HeldView]) -> list[Row]:
    """The page's certifications with their milestones: a window and reminders only for an active one that can be
    renewed (held_view gives a window to a renewable certification that expires)."""
    terms = policy()
    return [
        Row(
            v.held.certification.name,
            str(v.status_label),
            rules.milestones(
                earned_at=v.held.earned_at,
                renewed_at=v.held.renewed_at,
                expires_at=v.expires_at,
                renewable=v.window_opens_at is not None and v.status in ("active", "in_window"),
                policy=terms,
            ),
        )
        for v in views
    ]


def timeline_chart(items: list[Row], *, now: datetime, narrow: bool = False) -> str:
    """Row i (from the top) at height n - i: lines for valid and renewal window, dots for the moments."""
    start, end = rules.timeline_span([r.dates for r in items], now=now)
    count = len(items)
    chart = pygal.DateTimeLine(
        **charts.config(
            narrow=narrow,
            on_marks=False,
            height=(300 if narrow else 230) + (64 if narrow else 60) * max(count, 1),
            title=_("Your certifications over time"),
            allow_interruptions=True,
            range=(0.4, count + 0.6),
            xrange=(start, end),
            y_labels=[{"value": count - i, "label": _short(r.name)} for i, r in enumerate(items)],
            show_y_labels=not narrow,
            show_x_guides=True,
            show_y_guides=False,
            print_labels=True,
            x_value_formatter=_month,
            x_labels=charts.month_ticks(start, end, most=4 if narrow else 6),
            x_label_rotation=30 if narrow else 0,
            margin_right=40,
            margin_bottom=40,  # pygal leaves the legend's last line too little room
            dots_size=5,
            legend_at_bottom_columns=1 if narrow else 2,
        )
    )
    valid: list[object] = []
    window: list[object] = []
    moments: list[object] = []
    reminders: list[object] = []
    for i, row in enumerate(items):
        y = count - i
        dates = row.dates
        until = dates.window_opens_at or dates.expires_at or end
        name = {"value": (dates.earned_at, y), "label": _short(row.name) if narrow else ""}
        valid += [name, (until, y), None]
        if dates.window_opens_at and dates.expires_at:
            window += [(dates.window_opens_at, y), (dates.expires_at, y), None]
        moments.append({"value": (dates.earned_at, y), "label": _short(row.name) if narrow else ""})
        if dates.renewed_at:
            moments.append({"value": (dates.renewed_at, y), "label": "" if narrow else _("renewed")})
        if dates.expires_at:
            moments.append({"value": (dates.expires_at, y), "label": "" if narrow else _("expires")})
        reminders += [(at, y) for _number, at in dates.reminders if start <= at <= end]
    chart.add(_("Valid"), valid, stroke_style={"width": 10}, show_dots=False)
    chart.add(_("Renewal window (dashed)"), window, stroke_style={"width": 10, "dasharray": "12,4"}, show_dots=False)
    chart.add(_("Reminder emails (small dots)"), reminders, stroke=False, dots_size=4)
    chart.add(_("Earned, renewed, expires (large dots)"), moments, stroke=False, dots_size=7)
    label = _("Now: %(day)s") % {"day": _day(now)}
    chart.add(
        label, [{"value": (now, count + 0.6), "label": label}, (now, 0.4)], stroke_style=charts.stroke(2, width=2)
    )
    return charts.render(chart)


def alt(items: list[Row], *, now: datetime) -> str:
    """The timeline in words: each certification's status and the dates that matter from now."""
    if not items:
        return _("No certifications yet.")
    parts = []
    for row in items:
        dates = row.dates
        text = _("%(name)s: %(status)s, earned %(earned)s") % {
            "name": row.name,
            "status": row.status_label,
            "earned": _day(dates.earned_at),
        }
        if dates.window_opens_at:
            text += _(", renewable from %(day)s") % {"day": _day(dates.window_opens_at)}
        text += _(", expires %(day)s") % {"day": _day(dates.expires_at)} if dates.expires_at else _(", never expires")
        parts.append(text)
    return _("Your certifications on a timeline, now being %(now)s. %(rows)s.") % {
        "now": _day(now),
        "rows": "; ".join(parts),
    }


def _day(moment: datetime) -> str:
    return formats.date_format(moment, "DATE_FORMAT")


def _month(moment: datetime) -> str:
    return formats.date_format(moment, "M Y")


def _short(name: str) -> str:
    """ "Microsoft Certified: Azure Administrator Associate" → "Azure Administrator Associate"."""
    return name.split(": ", 1)[-1]
