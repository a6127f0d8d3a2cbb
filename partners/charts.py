"""PC-12's pictures (issue 18), drawn by pygal in certlink's look (certlink.charts): each solution area's score as a
bar of its three groups of metrics against the 70 that qualifies and the 100 maximum, and six months of scores as
lines. The numbers come from partners.selectors.score_history, scored by partners.designations; nothing here
scores. Each chart has its words too (`*_alt`: the `<img>`'s alt text; the page's tables hold every number)."""

from __future__ import annotations

import pygal  # type: ignore[import-untyped]
from django.utils.translation import gettext as _

from certlink import charts
from partners.designations import KINDS, AreaScore, kind_label, points_by_kind
from partners.templatetags.points import points

QUALIFIES = 70
MAXIMUM = 100
HISTORY = "history"
SCORES = "scores"
NAMES = (SCORES, HISTORY)


def _value_axis() -> list[dict[str, object]]:
    """0 to 100 by tens, the 70 and the 100 named: they are the marks that matter (major: drawn dark, dashed)."""
    named = {QUALIFIES: _("70: qualifies"), MAXIMUM: _("100: maximum")}
    return [{"value": v, "label": named.get(v, str(v))} for v in (0, 20, 40, QUALIFIES, MAXIMUM)]


def scores_chart(scores: list[AreaScore], *, narrow: bool = False) -> str:
    """Each area a bar stacked by its groups of metrics (the points printed on each part), against the 70 and 100
    marks: horizontal bars, or on a phone's narrow drawing upright ones (the names below leave the bars room)."""
    options = charts.config(
        narrow=narrow,
        title=_("Points of each solution area, by group of metrics"),
        range=(0, MAXIMUM),
        y_labels=_value_axis(),
        y_labels_major=[QUALIFIES, MAXIMUM],
        print_values=True,
        print_zeroes=False,
        show_x_guides=False,
        value_formatter=points,
        margin_right=56,
    )
    if narrow:
        chart = pygal.StackedBar(**{**options, "margin_right": 12}, height=600, x_label_rotation=90)
        shown = scores
    else:
        chart = pygal.HorizontalStackedBar(**options, height=scores_height(len(scores)))
        # pygal draws a horizontal chart's first label at the bottom: reversed, the first area is on top.
        shown = list(reversed(scores))
    chart.x_labels = [
        _("%(area)s: %(points)s") % {"area": _short(area.name, narrow), "points": points(area.points)} for area in shown
    ]
    by_area = [dict(points_by_kind(area)) for area in shown]
    for kind in KINDS:
        chart.add(kind_label(kind), [{"value": totals[kind], "label": kind_label(kind)} for totals in by_area])
    return charts.render(chart)


def scores_height(areas: int) -> int:
    """The summary chart's height (wide drawing) for this many areas: 52 px a bar, and its axis and legend."""
    return 120 + 52 * areas


def history_chart(history: list[tuple[str, list[AreaScore]]], *, narrow: bool = False) -> str:
    """The last months' scores, one line per area (each its own dash style), oldest month first."""
    months = list(reversed(history))
    chart = pygal.Line(
        **charts.config(
            narrow=narrow,
            height=460 if narrow else 420,
            title=_("Scores at the end of each month"),
            range=(0, MAXIMUM),
            y_labels=_value_axis(),
            y_labels_major=[QUALIFIES, MAXIMUM],
            dots_size=4,
            value_formatter=points,
            x_label_rotation=30 if narrow else 0,
            margin_right=40 if narrow else 48,
        )
    )
    chart.x_labels = [_month(label, narrow) for label, _scores in months]
    areas = months[0][1] if months else []
    for n, area in enumerate(areas):
        values = [next(a.points for a in scores if a.key == area.key) for _label, scores in months]
        chart.add(area.name, values, stroke_style=charts.stroke(n))
    return charts.render(chart)


def chart(name: str, history: list[tuple[str, list[AreaScore]]], *, narrow: bool = False) -> str:
    """The chart called `name` (SCORES: the latest month's scores; HISTORY: every month's)."""
    if name == SCORES:
        return scores_chart(history[0][1], narrow=narrow)
    return history_chart(history, narrow=narrow)


def groups(scores: list[AreaScore]) -> list[tuple[AreaScore, list[float]]]:
    """Each area with its points in each group of metrics (KINDS' order): the summary chart's numbers, for its
    table."""
    return [(area, [total for _kind, total in points_by_kind(area)]) for area in scores]


def kind_labels() -> list[str]:
    """The groups of metrics as people read them, in the order of `groups`' numbers."""
    return [kind_label(kind) for kind in KINDS]


def scores_alt(scores: list[AreaScore]) -> str:
    """The summary chart in words: every area's points and status (the table under it has each group's)."""
    parts = [
        _("%(area)s %(points)s (%(status)s)")
        % {"area": a.name, "points": points(a.points), "status": _("qualified") if a.qualified else _("in progress")}
        for a in scores
    ]
    return _("Points of each solution area out of 100; 70 qualifies. %(areas)s.") % {"areas": "; ".join(parts)}


def history_alt(history: list[tuple[str, list[AreaScore]]]) -> str:
    """The history chart in words: each area's points at the oldest and the latest month shown."""
    if not history:
        return _("No scores yet.")
    (latest, now), (oldest, then) = history[0], history[-1]
    before = {a.key: a.points for a in then}
    parts = [
        _("%(area)s from %(then)s to %(now)s")
        % {"area": a.name, "then": points(before[a.key]), "now": points(a.points)}
        for a in now
    ]
    return _("Scores from %(oldest)s to %(latest)s: %(areas)s.") % {
        "oldest": oldest,
        "latest": latest,
        "areas": "; ".join(parts),
    }


def _short(name: str, narrow: bool) -> str:
    """On a phone, "Digital & App Innovation (Azure)" loses its "(Azure)": the labels leave room for the bars."""
    return name.split(" (", 1)[0] if narrow else name


def _month(label: str, narrow: bool) -> str:
    """ "March 2026" → "Mar 2026" on a phone; a month written without a space ("2026年3月") is short already."""
    month, space, year = label.partition(" ")
    return f"{month[:3]} {year}" if narrow and space else label
