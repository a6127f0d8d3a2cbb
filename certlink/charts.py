"""The look of certlink's charts (issue 18), drawn on the server by pygal, and how a chart is served.

Each chart is an SVG of its own URL, shown on its page with `<img alt=...>`. pygal's SVG carries a `<style>` element
(its look) and, by default, `<script>` elements (a config script inline and pygal-tooltips from kozea.github.io): the
site's Content-Security-Policy (SECURE_CSP) forbids both in a page, so a chart is never inlined. Its response
carries SECURE_CSP_CHART instead: its own inline style, nothing else (no script, no fetch, no frame). The scripts
are taken out of the SVG (`js=[]` and the `_without_scripts` filter); an SVG shown as an image runs none anyway.

Readable without colour: the series differ by dash style and width too, values or labels are printed on the
marks, and every legend entry is text."""

from __future__ import annotations

import math
from datetime import datetime
from typing import Any

from django.conf import settings
from django.http import HttpResponse
from django.utils.cache import patch_cache_control
from pygal.style import Style  # type: ignore[import-untyped]

from certlink.dates import add_months
from certlink.middleware import csp_header

FONT = '"Segoe UI", -apple-system, BlinkMacSystemFont, Roboto, "Helvetica Neue", Arial, sans-serif'
# Fluent's colours, dark enough for white text printed on them (4.5:1 or more), and far apart in lightness too.
COLOURS = ("#004e8c", "#8a3707", "#0b6a0b", "#5c2e91", "#005b70", "#4d4d4d")
# Distinct dash styles per series, so lines differ without colour: solid, dashed, dotted, dash-dot, long, short.
DASHES = ("", "10,5", "2,4", "10,4,2,4", "18,6", "5,5")


def _style(size: int, *, on_marks: bool) -> Style:
    """The site's look at a text size (`size` px for labels and values; a title a little larger). Values printed
    `on_marks` (inside bars) are white; otherwise (beside dots and lines) the text colour."""
    fonts: tuple[str, ...] = ("font", "label_font", "major_label_font", "value_font", "value_label_font")
    fonts = (*fonts, "legend_font", "title_font", "tooltip_font", "no_data_font")
    return Style(
        background="#ffffff",
        plot_background="#ffffff",
        foreground="#201f1e",
        foreground_strong="#201f1e",
        foreground_subtle="#605e5c",
        opacity="1",
        opacity_hover="1",
        colors=COLOURS,
        value_colors=("#ffffff" if on_marks else "#201f1e",) * len(COLOURS),
        guide_stroke_color="#d2d0ce",
        major_guide_stroke_color="#201f1e",
        major_guide_stroke_dasharray="6,3",
        stroke_opacity="1",
        stroke_opacity_hover="1",
        **{f"{name}_family": FONT for name in fonts},
        **{f"{name}_size": size + 2 if name == "title_font" else size for name in fonts[1:]},
    )


# A phone shows the narrow drawing (`<picture>`'s <source media=...>): fewer pixels wide, text a little smaller.
STYLES = {
    (narrow, on_marks): _style(12 if narrow else 13, on_marks=on_marks)
    for narrow in (False, True)
    for on_marks in (False, True)
}
# A series' own line width (stroke()) is set on its group; pygal's rule for every line would hide it.
LINE_WIDTHS = "inline:.series > .line { stroke-width: inherit !important; }"
WIDE = 880
NARROW = 420


def config(*, narrow: bool = False, on_marks: bool = True, **options: Any) -> dict[str, Any]:
    """The options every chart shares: no script, the site's look, a size of its own (width and height attributes,
    so an `<img>` has a natural size), a legend of words under the plot. `options` add or override."""
    return {
        "js": [],
        "style": STYLES[narrow, on_marks],
        "css": ["file://style.css", "file://graph.css", LINE_WIDTHS],
        "width": NARROW if narrow else WIDE,
        "explicit_size": True,
        "legend_at_bottom": True,
        "legend_at_bottom_columns": 1 if narrow else 3,
        "truncate_legend": -1,
        "truncate_label": -1,
        "disable_xml_declaration": True,
        "show_y_guides": True,
        "margin": 12,
        **options,
    }


def stroke(n: int, *, width: float = 3) -> dict[str, Any]:
    """The n-th series' line: its own dash style, so lines differ without their colour."""
    return {"width": width, "dasharray": DASHES[n % len(DASHES)]}


def render(chart: Any) -> str:
    """The chart's SVG, with no `<script>` (pygal adds its config script even with `js=[]`)."""
    chart.add_xml_filter(_without_scripts)
    return str(chart.render(is_unicode=True))


def _without_scripts(root: Any) -> Any:
    """Take every `<script>` out of the SVG."""
    for parent in list(root.iter()):
        for child in list(parent):
            if isinstance(child.tag, str) and child.tag.rsplit("}", 1)[-1] == "script":
                parent.remove(child)
    return root


def month_ticks(start: datetime, end: datetime, *, most: int) -> list[datetime]:
    """At most `most` first days of months between `start` and `end`, evenly a whole number of months apart: the
    labels of a time axis (pygal's own would overlap)."""
    first = start.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    if first < start:
        first = add_months(first, 1)
    months = (end.year - first.year) * 12 + end.month - first.month + 1
    step = max(1, math.ceil(months / most))
    ticks = [add_months(first, n) for n in range(0, months, step)]
    return [t for t in ticks if t <= end]


def is_narrow(value: str | None) -> bool:
    """`?size=narrow` asks for the phone's drawing."""
    return value == "narrow"


def svg_response(svg: str | bytes) -> HttpResponse:
    """A chart as its own response: image/svg+xml under SECURE_CSP_CHART (its own inline style and nothing else),
    never cached by a shared cache (it shows one person's or organisation's data at the simulated now)."""
    response = HttpResponse(svg, content_type="image/svg+xml; charset=utf-8")
    response.headers["Content-Security-Policy"] = csp_header(settings.SECURE_CSP_CHART)
    patch_cache_control(response, private=True, no_cache=True)
    return response
