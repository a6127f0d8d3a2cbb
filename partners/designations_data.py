"""PC-12 Solutions Partner designations as data (partners/data/designations.json): the six solution areas, their
metrics and the skilling counting model, as frozen values. `load` validates the whole file and raises one
ValueError naming every problem found. Pure Python: no Django, no database."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any, Generic, TypeVar

DESIGNATIONS_PATH = Path(__file__).resolve().parent / "data" / "designations.json"
TRACKS = ("enterprise", "smb")
KINDS = ("performance", "skilling", "customer_success")
TRACK_RULES = ("organisation", "higher")

T = TypeVar("T")


@dataclass(frozen=True)
class PerTrack(Generic[T]):
    """One value for each track (Enterprise and SMB)."""

    enterprise: T
    smb: T

    def of(self, track: str) -> T:
        value: T = getattr(self, check_track(track))
        return value


def check_track(track: str) -> str:
    if track not in TRACKS:
        raise ValueError(f"unknown track {track!r} (expected one of {', '.join(TRACKS)})")
    return track


@dataclass(frozen=True)
class Gate:
    """A step that must be passed before the counting step gives points: `people` holders of any of
    `certifications`, each worth `points_per_person` (SMB) up to `cap`."""

    key: str
    label: str
    certifications: tuple[str, ...]
    people: PerTrack[int]
    points_per_person: PerTrack[Fraction]
    cap: PerTrack[Fraction]


@dataclass(frozen=True)
class Counting:
    """The counting step: holders of any eligible certification or Partner University assessment, up to
    `max_people`, each worth `points_per_person`."""

    label: str
    certifications: tuple[str, ...]
    assessments: tuple[str, ...]
    points_per_person: PerTrack[Fraction]
    max_people: PerTrack[int]

    @property
    def credentials(self) -> tuple[str, ...]:
        return self.certifications + self.assessments


@dataclass(frozen=True)
class Metric:
    key: str
    label: str
    kind: str
    max: PerTrack[Fraction]
    note: str = ""
    gates: tuple[Gate, ...] = ()
    counting: Counting | None = None

    @property
    def entered(self) -> bool:
        """Performance and customer-success points are entered by a partner admin, not computed."""
        return self.kind != "skilling"


@dataclass(frozen=True)
class Area:
    key: str
    name: str
    track_rule: str
    metrics: tuple[Metric, ...]
    max_points: Fraction
    min_points: Fraction
    track_note: str = ""

    @property
    def takes_higher_track(self) -> bool:
        return self.track_rule == "higher"


def load(path: Path | None = None) -> list[Area]:
    """The solution areas of the designations file (the packaged one by default)."""
    path = path or DESIGNATIONS_PATH
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise ValueError(f"{path}: cannot read it as JSON ({error})") from error
    reader = _Reader()
    areas = reader.areas(data)
    if reader.problems:
        raise ValueError(f"{path.name}: " + "; ".join(reader.problems))
    return areas


class _Reader:
    """Reads the file into values, collecting problems instead of stopping at the first one."""

    def __init__(self) -> None:
        self.problems: list[str] = []

    def areas(self, data: Any) -> list[Area]:
        if not isinstance(data, dict):
            self.problems.append("the file is not a JSON object")
            return []
        rules = self.obj(data.get("qualification"), "qualification")
        max_points = self.points(rules.get("max_points"), "qualification.max_points")
        min_points = self.points(rules.get("min_points"), "qualification.min_points")
        raw_areas = data.get("areas")
        if not isinstance(raw_areas, list) or not raw_areas:
            self.problems.append("'areas' must be a non-empty list")
            return []
        areas = [self.area(raw, i, max_points, min_points) for i, raw in enumerate(raw_areas)]
        self.unique([a.key for a in areas], "area key", "areas")
        self.assessments_declared(data, areas)
        return areas

    def area(self, raw: Any, index: int, max_points: Fraction, min_points: Fraction) -> Area:
        raw = self.obj(raw, f"areas[{index}]")
        key = self.text(raw, "key", f"areas[{index}]")
        where = f"area {key!r}"
        rule = self.text(raw, "track_rule", where)
        if rule and rule not in TRACK_RULES:
            self.problems.append(f"{where}: unknown track_rule {rule!r} (expected one of {', '.join(TRACK_RULES)})")
        raw_metrics = raw.get("metrics")
        if not isinstance(raw_metrics, list) or not raw_metrics:
            self.problems.append(f"{where}: 'metrics' must be a non-empty list")
            raw_metrics = []
        metrics = tuple(self.metric(m, f"{where}, metrics[{i}]") for i, m in enumerate(raw_metrics))
        self.unique([m.key for m in metrics], "metric key", where)
        for track in TRACKS:
            total = sum((m.max.of(track) for m in metrics), Fraction(0))
            if metrics and total != max_points:
                self.problems.append(f"{where}: the {track} metric maxima add up to {total}, not {max_points}")
        name = self.text(raw, "name", where)
        note = str(raw.get("track_note", ""))
        return Area(key, name, rule, metrics, max_points, min_points, note)

    def metric(self, raw: Any, where: str) -> Metric:
        raw = self.obj(raw, where)
        key = self.text(raw, "key", where)
        where = f"{where} ({key})" if key else where
        kind = self.text(raw, "kind", where)
        if kind and kind not in KINDS:
            self.problems.append(f"{where}: unknown kind {kind!r} (expected one of {', '.join(KINDS)})")
        label = self.text(raw, "label", where)
        maximum = self.per_track(raw.get("max"), f"{where}.max", self.points)
        if kind != "skilling":
            if raw.get("gates") or raw.get("counting"):
                self.problems.append(f"{where}: only skilling metrics have gates or counting")
            return Metric(key, label, kind, maximum, str(raw.get("note", "")))
        gates = tuple(self.gate(g, f"{where}.gates[{i}]") for i, g in enumerate(self.items(raw, "gates", where)))
        counting = self.counting(raw.get("counting"), f"{where}.counting")
        self.adds_up(maximum, gates, counting, where)
        return Metric(key, label, kind, maximum, str(raw.get("note", "")), gates, counting)

    def gate(self, raw: Any, where: str) -> Gate:
        raw = self.obj(raw, where)
        return Gate(
            key=self.text(raw, "key", where),
            label=self.text(raw, "label", where),
            certifications=self.slugs(raw, "certifications", where, required=True),
            people=self.per_track(raw.get("people"), f"{where}.people", self.people),
            points_per_person=self.per_track(raw.get("points_per_person"), f"{where}.points_per_person", self.points),
            cap=self.per_track(raw.get("cap"), f"{where}.cap", self.points),
        )

    def counting(self, raw: Any, where: str) -> Counting:
        raw = self.obj(raw, where)
        counting = Counting(
            label=self.text(raw, "label", where),
            certifications=self.slugs(raw, "certifications", where),
            assessments=self.slugs(raw, "assessments", where),
            points_per_person=self.per_track(raw.get("points_per_person"), f"{where}.points_per_person", self.points),
            max_people=self.per_track(raw.get("max_people"), f"{where}.max_people", self.people),
        )
        if not counting.credentials:
            self.problems.append(f"{where}: no eligible certification or assessment")
        return counting

    def adds_up(self, maximum: PerTrack[Fraction], gates: tuple[Gate, ...], counting: Counting, where: str) -> None:
        """The published budget: gate caps plus every counted person make exactly the metric max."""
        for track in TRACKS:
            budget = sum((g.cap.of(track) for g in gates), Fraction(0))
            budget += counting.points_per_person.of(track) * counting.max_people.of(track)
            if budget != maximum.of(track):
                self.problems.append(f"{where}: {track} gates and counting add up to {budget}, not {maximum.of(track)}")

    def assessments_declared(self, data: dict[str, Any], areas: list[Area]) -> None:
        declared = {a.get("id") for a in data.get("partner_university_assessments", []) if isinstance(a, dict)}
        for area in areas:
            for metric in area.metrics:
                for assessment in metric.counting.assessments if metric.counting else ():
                    if assessment not in declared:
                        self.problems.append(f"area {area.key!r}: assessment {assessment!r} is not declared")

    # Field readers: each returns a usable placeholder after recording a problem.

    def obj(self, raw: Any, where: str) -> dict[str, Any]:
        if isinstance(raw, dict):
            return raw
        self.problems.append(f"{where}: missing or not an object")
        return {}

    def text(self, raw: dict[str, Any], name: str, where: str) -> str:
        value = raw.get(name)
        if isinstance(value, str) and value:
            return value
        self.problems.append(f"{where}: missing {name!r}")
        return ""

    def items(self, raw: dict[str, Any], name: str, where: str) -> list[Any]:
        value = raw.get(name, [])
        if isinstance(value, list):
            return value
        self.problems.append(f"{where}: {name!r} must be a list")
        return []

    def slugs(self, raw: dict[str, Any], name: str, where: str, *, required: bool = False) -> tuple[str, ...]:
        values = self.items(raw, name, where)
        if required and not values:
            self.problems.append(f"{where}: {name!r} must not be empty")
        if not all(isinstance(v, str) and v for v in values):
            self.problems.append(f"{where}: {name!r} must hold non-empty strings")
        return tuple(str(v) for v in values)

    def per_track(self, raw: Any, where: str, parse: Callable[[Any, str], T]) -> PerTrack[T]:
        if not isinstance(raw, dict):
            self.problems.append(f"{where}: missing or not an object with the tracks {', '.join(TRACKS)}")
            return PerTrack(parse(0, where), parse(0, where))
        for track in sorted(set(raw) - set(TRACKS)):
            self.problems.append(f"{where}: unknown track {track!r}")
        for track in TRACKS:
            if track not in raw:
                self.problems.append(f"{where}: missing track {track!r}")
        return PerTrack(*(parse(raw.get(track, 0), f"{where}.{track}") for track in TRACKS))

    def points(self, value: Any, where: str) -> Fraction:
        """A number, or an exact fraction written as a string ("20/3")."""
        try:
            if isinstance(value, bool) or not isinstance(value, int | float | str):
                raise ValueError
            # str() first: a float such as 2.5 or 0.1 means its decimal reading, not its binary value.
            points = Fraction(str(value)) if isinstance(value, float) else Fraction(value)
        except (ValueError, ZeroDivisionError):
            self.problems.append(f"{where}: not a number of points: {value!r}")
            return Fraction(0)
        if points < 0:
            self.problems.append(f"{where}: negative points ({value})")
            return Fraction(0)
        return points

    def people(self, value: Any, where: str) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            self.problems.append(f"{where}: not a number of people: {value!r}")
            return 0
        return value

    def unique(self, keys: list[str], what: str, where: str) -> None:
        for key in sorted({k for k in keys if keys.count(k) > 1}):
            self.problems.append(f"{where}: duplicate {what} {key!r}")
