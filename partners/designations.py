"""PC-12 Solutions Partner designations: scoring a partner's people and entered points against the solution areas
of partners/data/designations.json. Pure functions on plain values: the caller decides which credits count at the
date being scored (`counts_at`) and passes them in; nothing here reads the clock or the database."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import NamedTuple

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from partners.designations_data import (
    DESIGNATIONS_PATH,
    KINDS,
    TRACKS,
    Area,
    Counting,
    Gate,
    Metric,
    PerTrack,
    check_track,
    load,
)

__all__ = [
    "DESIGNATIONS_PATH",
    "KINDS",
    "TRACKS",
    "Area",
    "AreaScore",
    "CountedPerson",
    "Counting",
    "Gate",
    "Metric",
    "MetricScore",
    "PerTrack",
    "Person",
    "counts_at",
    "kind_label",
    "load",
    "points_by_kind",
    "score_all",
    "score_area",
]

QUALIFIED = "qualified"
IN_PROGRESS = "in_progress"
_KIND_LABELS = {
    "performance": gettext_lazy("Performance"),
    "skilling": gettext_lazy("Skilling"),
    "customer_success": gettext_lazy("Customer success"),
}


def counts_at(*, expires_at: datetime | None, retirement_date: date | None, at: datetime) -> bool:
    """PC-12: expired certifications stop counting; retired ones count for one year after retirement. A
    certification retired on D counts until D + 1 year (exclusive, on UTC dates); an expired one never counts,
    retired or not; one with no expiry (fundamentals, CE-3) that is not retired always counts."""
    _aware(at, "at")
    if expires_at is not None and _aware(expires_at, "expires_at") <= at:
        return False
    return retirement_date is None or at.astimezone(UTC).date() < _one_year_after(retirement_date)


def _one_year_after(day: date) -> date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # retired on 29 February: a year later is 1 March (it counts through 28 February)
        return date(day.year + 1, 3, 1)


def _aware(moment: datetime, name: str) -> datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{name} must be timezone-aware")
    return moment


@dataclass(frozen=True)
class Person:
    """A linked learner of the organisation. `credits`: catalog slugs and Partner University assessment ids that
    count at the date being scored (the caller filters them with `counts_at`)."""

    id: int
    name: str
    credits: frozenset[str]


class CountedPerson(NamedTuple):
    """Who counts in a metric, and for what: "gate: azure-administrator", "step 3: azure-database-administrator"
    (a step model) or "counts: teams-administrator" (a metric without gates)."""

    person_id: int
    name: str
    counts_for: str


@dataclass(frozen=True)
class MetricScore:
    key: str
    label: str
    kind: str
    points: float
    max: float
    people: list[CountedPerson] = field(default_factory=list)

    @property
    def kind_label(self) -> str:
        """The group of metrics as people read it ("Customer success"), not its key."""
        return str(_KIND_LABELS[self.kind])


@dataclass(frozen=True)
class AreaScore:
    key: str
    name: str
    track: str
    points: float
    max: float
    metrics: list[MetricScore]
    status: str
    missing: list[str]

    @property
    def qualified(self) -> bool:
        return self.status == QUALIFIED


def points_by_kind(score: AreaScore) -> list[tuple[str, float]]:
    """PC-12: an area's points in its three groups of metrics (performance, skilling, customer success, in that
    order): the sum of each group's metric points, to two decimals. The three add up to the area's points (within
    the rounding of each metric to two decimals)."""
    totals = {kind: Fraction(0) for kind in KINDS}
    for metric in score.metrics:
        totals[metric.kind] += Fraction(str(metric.points))
    return [(kind, _round2(total)) for kind, total in totals.items()]


def kind_label(kind: str) -> str:
    """A group of metrics as people read it ("Customer success"), not its key."""
    return str(_KIND_LABELS[kind])


def score_area(area: Area, *, people: list[Person], track: str, entered: dict[str, float]) -> AreaScore:
    """The area's score on the organisation's track. `entered` maps the keys of performance and customer-success
    metrics to the points a partner admin entered (capped at the metric's max; a missing key is 0). For areas
    that take the higher of both tracks (Security, Modern Work) both are scored and the higher is returned; on a
    tie, the organisation's `track`."""
    check_track(track)
    points = _entered_points(area, entered)
    tracks = [track, *(t for t in TRACKS if t != track)] if area.takes_higher_track else [track]
    scores = [_score_on(area, people, t, points) for t in tracks]
    return max(scores, key=lambda s: (s.points, s.qualified))  # max() keeps the first of equals


def score_all(
    areas: list[Area], *, people: list[Person], tracks: dict[str, str], entered: dict[str, dict[str, float]]
) -> list[AreaScore]:
    """Every area's score, in the order of `areas`. `tracks` and `entered` are keyed by area key; an area missing
    from `tracks` is scored on the Enterprise track, one missing from `entered` with nothing entered."""
    known = {a.key for a in areas}
    for name, given in (("tracks", tracks), ("entered", entered)):
        if unknown := sorted(set(given) - known):
            raise ValueError(f"{name}: unknown solution area {', '.join(map(repr, unknown))}")
    return [
        score_area(a, people=people, track=tracks.get(a.key, "enterprise"), entered=entered.get(a.key, {}))
        for a in areas
    ]


def _entered_points(area: Area, entered: dict[str, float]) -> dict[str, Fraction]:
    metrics = {m.key: m for m in area.metrics}
    points: dict[str, Fraction] = {}
    for key, value in entered.items():
        metric = metrics.get(key)
        if metric is None or not metric.entered:
            raise ValueError(f"{area.key}: {key!r} is not a performance or customer-success metric of this area")
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value) or value < 0:
            raise ValueError(f"{area.key}: entered points for {key!r} must be a number of at least 0, not {value!r}")
        points[key] = Fraction(str(value))
    return points


def _score_on(area: Area, people: list[Person], track: str, entered: dict[str, Fraction]) -> AreaScore:
    exact: list[Fraction] = []
    metrics: list[MetricScore] = []
    shortfalls: list[str] = []
    headroom: list[str] = []
    for metric in area.metrics:
        maximum = metric.max.of(track)
        counted: list[CountedPerson] = []
        if metric.entered:
            points = min(entered.get(metric.key, Fraction(0)), maximum)
            if points == 0:
                shortfalls.append(
                    # Translators: a line of "What it would take"; %(kind)s is a group of metrics ("Performance").
                    _("%(kind)s: %(metric)s is at 0 points; every metric must be above zero")
                    % {"kind": _KIND_LABELS[metric.kind], "metric": _(metric.label)}
                )
        else:
            points, counted, needs = _skilling(metric, people, track)
            (shortfalls if points == 0 else headroom).extend(needs)
        exact.append(points)
        metrics.append(
            MetricScore(metric.key, _(metric.label), metric.kind, _round2(points), _round2(maximum), counted)
        )
    total = sum(exact, Fraction(0))
    qualified = total >= area.min_points and all(p > 0 for p in exact)
    missing: list[str] = []
    if not qualified:
        missing = shortfalls + (headroom if total < area.min_points else [])
        if total < area.min_points:
            missing.append(
                # Translators: a line of "What it would take": "Total: 12.5 more points to reach 70".
                _("Total: %(points)s to reach %(minimum)s")
                % {"points": _points(area.min_points - total, more=True), "minimum": _number(area.min_points)}
            )
    status = QUALIFIED if qualified else IN_PROGRESS
    return AreaScore(area.key, area.name, track, _round2(total), _round2(area.max_points), metrics, status, missing)


def _skilling(metric: Metric, people: list[Person], track: str) -> tuple[Fraction, list[CountedPerson], list[str]]:
    """Points, the people counted and what is missing for one skilling metric. Each person counts once per step
    (gate or counting step) and may count in several steps; if any gate is short, the counting step gives 0."""
    counted: list[CountedPerson] = []
    needs: list[str] = []
    gate_points = Fraction(0)
    for gate in metric.gates:
        holders = _holders(people, gate.certifications)[: gate.people.of(track)]
        # Translators: what a person counts for in a metric: a gate passed with a certification (its id).
        counted += [CountedPerson(p.id, p.name, _("gate: %(activity)s") % {"activity": slug}) for p, slug in holders]
        gate_points += min(gate.cap.of(track), len(holders) * gate.points_per_person.of(track))
        if short := gate.people.of(track) - len(holders):
            needs.append(
                # Translators: a line of "What it would take": "Skilling: 1 more person with <certifications> to pass
                # the <metric> gate".
                _("Skilling: %(people)s with %(certifications)s to pass the %(metric)s gate")
                % {"people": _people(short), "certifications": gate.label, "metric": _(metric.label).lower()}
            )
    counting = metric.counting
    assert counting is not None  # the loader gives every skilling metric a counting step
    holders = _holders(people, counting.credentials)[: counting.max_people.of(track)]
    counted += [CountedPerson(p.id, p.name, _counts_for(metric, slug)) for p, slug in holders]
    gates_met = not needs
    step_points = len(holders) * counting.points_per_person.of(track) if gates_met else Fraction(0)
    maximum = metric.max.of(track)
    points = min(maximum, gate_points + step_points)
    if short := counting.max_people.of(track) - len(holders):
        needs.append(
            # Translators: a line of "What it would take": "Skilling: 2 more people with <certifications> to reach
            # 20 points in <metric>".
            _("Skilling: %(people)s with %(certifications)s to reach %(points)s in %(metric)s")
            % {
                "people": _people(short),
                "certifications": _(counting.label),
                "points": _points(maximum),
                "metric": _(metric.label).lower(),
            }
        )
    return points, counted, needs


def _counts_for(metric: Metric, activity: str) -> str:
    """What a holder counts for in the counting step: "step 3: azure-database-administrator" after gates, else
    "counts: teams-administrator"."""
    if metric.gates:
        # Translators: what a person counts for in a metric: the numbered step of a step model, with the
        # certification (its id) they count with.
        return _("step %(number)s: %(activity)s") % {"number": len(metric.gates) + 1, "activity": activity}
    # Translators: what a person counts for in a metric without gates: the certification (its id) they count with.
    return _("counts: %(activity)s") % {"activity": activity}


def _holders(people: list[Person], credentials: tuple[str, ...]) -> list[tuple[Person, str]]:
    """Each person once (by id, in id order), with the first of `credentials` they hold."""
    seen: set[int] = set()
    holders: list[tuple[Person, str]] = []
    for person in sorted(people, key=lambda p: p.id):
        held = next((c for c in credentials if c in person.credits), None)
        if held is not None and person.id not in seen:
            seen.add(person.id)
            holders.append((person, held))
    return holders


def _people(count: int) -> str:
    return ngettext("%(count)s more person", "%(count)s more people", count) % {"count": count}


def _round2(value: Fraction) -> float:
    return float((Decimal(value.numerator) / Decimal(value.denominator)).quantize(Decimal("0.01"), ROUND_HALF_UP))


def _number(value: Fraction) -> str:
    return f"{_round2(value):g}"


def _points(value: Fraction, *, more: bool = False) -> str:
    """ "1 point", "12.5 points", "12.5 more points"."""
    n = _plural_count(value)
    if more:
        return ngettext("%(points)s more point", "%(points)s more points", n) % {"points": _number(value)}
    return ngettext("%(points)s point", "%(points)s points", n) % {"points": _number(value)}


def _plural_count(value: Fraction) -> int:
    """ngettext's count for a number of points, which may be a fraction: a whole number is itself; any other is
    counted as many (English: "0.5 points", "12.5 points"; only exactly 1 is singular)."""
    return int(value) if value.denominator == 1 else 2
