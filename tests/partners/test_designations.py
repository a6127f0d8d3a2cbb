"""PC-12 Solutions Partner designations: the data file (partners/data/designations.json) and the pure scoring of
partners.designations, held against the worked examples of /work/shared/reference/solutions-partner.md.
Pure tests: no database."""

from __future__ import annotations

import copy
import json
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from partners.designations import (
    DESIGNATIONS_PATH,
    Area,
    AreaScore,
    Person,
    counts_at,
    load,
    score_all,
    score_area,
)

CATALOG_PATH = Path(__file__).resolve().parents[2] / "profiles" / "data" / "catalog.json"
AREAS = {area.key: area for area in load()}
AT = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)

# Entered performance and customer-success points that are all above zero and leave room for skilling.
SOME_ENTERED = {"net-customer-adds": 1, "usage-growth": 1, "deployments": 1}


def cast(*holdings: str) -> list[Person]:
    """People A, B, C... (ids 1, 2, 3...), each holding the space-separated credits given."""
    return [Person(i, chr(64 + i), frozenset(held.split())) for i, held in enumerate(holdings, start=1)]


def metric_points(score: AreaScore, key: str) -> float:
    return next(m.points for m in score.metrics if m.key == key)


def skilling(area: str, track: str, people: list[Person], metric: str = "intermediate-certifications") -> float:
    """A skilling metric's points on one track (even for the areas that take the higher of both)."""
    one_track = replace(AREAS[area], track_rule="organisation")
    score = score_area(one_track, people=people, track=track, entered={})
    return metric_points(score, metric)


ADMIN, ARCHITECT = "azure-administrator", "azure-solutions-architect"
SEC_ENGINEER, SOC_ANALYST = "azure-security-engineer", "security-operations-analyst"
PU_TEAMS = "pu-teams-meetings-rooms-technical-assessment"
SECURITY_GATES = (SEC_ENGINEER, SEC_ENGINEER, SOC_ANALYST, SOC_ANALYST)  # two people at each Enterprise gate


# Worked examples of the reference, and the rules of each counting model, as (area, track, people, metric, points).
SKILLING_CASES = [
    pytest.param(
        "data-ai",
        "enterprise",
        cast(ADMIN, ADMIN, ARCHITECT, ARCHITECT, "azure-ai-engineer", "fabric-data-engineer", "sql-ai-developer"),
        "intermediate-certifications",
        12,
        id="enterprise DAI: A,B gate 1, C,D gate 2, E,F,G step 3 -> 12",
    ),
    pytest.param(
        "data-ai",
        "enterprise",
        cast(ADMIN, ARCHITECT, ARCHITECT, "azure-ai-engineer", "fabric-data-engineer", "sql-ai-developer"),
        "intermediate-certifications",
        0,
        id="enterprise DAI: only 1 person holds the Azure Administrator gate -> 0",
    ),
    pytest.param(
        "infrastructure",
        "enterprise",
        cast(ADMIN, "azure-network-engineer", "windows-server-hybrid-administrator"),
        "intermediate-certifications",
        0,
        id="enterprise Infrastructure: only 1 person holds the gate -> 0",
    ),
    pytest.param(
        "data-ai",
        "smb",
        cast(ADMIN, ADMIN, ARCHITECT, ARCHITECT, "azure-ai-engineer", "fabric-data-engineer", "sql-ai-developer"),
        "intermediate-certifications",
        20,
        id="SMB DAI: 2 Admin + 2 Architect + 3 step 3 -> 4 + 4 + 12 = 20",
    ),
    pytest.param(
        "data-ai",
        "smb",
        cast(ARCHITECT, "azure-ai-engineer", "fabric-data-engineer"),
        "intermediate-certifications",
        4,
        id="SMB DAI: a met gate keeps its 4 points, the counting step needs every gate",
    ),
    pytest.param(
        "data-ai",
        "enterprise",
        cast(ADMIN, ADMIN, ARCHITECT, ARCHITECT),
        "intermediate-certifications",
        0,
        id="enterprise DAI: gates give no points",
    ),
    pytest.param(
        "digital-app-innovation",
        "enterprise",
        cast(ARCHITECT, ARCHITECT, "devops-engineer", "github-copilot"),
        "advanced-certifications",
        8,
        id="enterprise DAppI advanced: Architect gate then 4 per person",
    ),
    pytest.param(
        "digital-app-innovation",
        "smb",
        cast(ADMIN, "azure-developer", "power-platform-developer"),
        "intermediate-certifications",
        12,
        id="SMB DAppI intermediate: 4 + 2 x 4",
    ),
    pytest.param(
        "security",
        "enterprise",
        cast(*SECURITY_GATES, *["cybersecurity-architect"] * 3),
        "intermediate-certifications",
        20,
        id="Security enterprise: 3 people at step 3 -> 20",
    ),
    pytest.param(
        "security",
        "enterprise",
        cast(SEC_ENGINEER, "cloud-and-ai-security-engineer", SOC_ANALYST, SOC_ANALYST, "cybersecurity-architect"),
        "intermediate-certifications",
        6.67,
        id="Security enterprise: either security engineer certification passes gate 1",
    ),
    pytest.param(
        "security",
        "enterprise",
        cast(SEC_ENGINEER, SOC_ANALYST, SOC_ANALYST, *["identity-and-access-administrator"] * 3),
        "intermediate-certifications",
        0,
        id="Security enterprise: gates need 2 people each",
    ),
    pytest.param(
        "security",
        "smb",
        cast(SEC_ENGINEER, SOC_ANALYST, *["information-security-administrator"] * 3),
        "intermediate-certifications",
        32,
        id="Security SMB: 4 + 4 + 3 x 8 = 32",
    ),
    pytest.param(
        "security",
        "smb",
        cast(SEC_ENGINEER, SEC_ENGINEER, SOC_ANALYST, *["information-security-administrator"] * 6),
        "intermediate-certifications",
        40,
        id="Security SMB: gate points capped at 4, 6 at step 3 capped at the 40 max",
    ),
    pytest.param(
        "modern-work",
        "enterprise",
        cast(*["teams-administrator"] * 4),
        "intermediate-certifications",
        10,
        id="Modern Work enterprise: 4 intermediate x 2.5 = 10",
    ),
    pytest.param(
        "modern-work",
        "enterprise",
        cast("m365-enterprise-administrator", PU_TEAMS),
        "advanced-certifications",
        15,
        id="Modern Work enterprise: 2 advanced x 7.5 = 15, a Partner University assessment counts",
    ),
    pytest.param(
        "modern-work",
        "smb",
        cast("microsoft-365-fundamentals", "copilot-and-agent-administration-fundamentals"),
        "intermediate-certifications",
        10,
        id="Modern Work SMB: 2 intermediate x 5 = 10, fundamentals count here",
    ),
    pytest.param(
        "modern-work",
        "smb",
        cast(PU_TEAMS),
        "advanced-certifications",
        15,
        id="Modern Work SMB: 1 advanced x 15 = 15",
    ),
    pytest.param(
        "business-applications",
        "enterprise",
        cast(*["power-bi-data-analyst"] * 20),
        "intermediate-certifications",
        20,
        id="Business Applications enterprise: 20 intermediate x 1 = 20",
    ),
    pytest.param(
        "business-applications",
        "enterprise",
        cast(*["agentic-ai-business-solutions-architect"] * 7),
        "advanced-certifications",
        15,
        id="Business Applications enterprise: 7 advanced x 2.14 = 15",
    ),
    pytest.param(
        "business-applications",
        "enterprise",
        cast(*["agentic-ai-business-solutions-architect"] * 3),
        "advanced-certifications",
        6.43,
        id="Business Applications enterprise: 3 advanced -> 6.43",
    ),
    pytest.param(
        "business-applications",
        "smb",
        cast(*["dynamics-365-contact-center-ai-engineer"] * 5),
        "intermediate-certifications",
        20,
        id="Business Applications SMB: 5 intermediate x 4 = 20",
    ),
    pytest.param(
        "business-applications",
        "smb",
        cast("power-platform-solution-architect", "dynamics-365-business-central-developer"),
        "advanced-certifications",
        15,
        id="Business Applications SMB: 2 advanced x 7.5 = 15",
    ),
]


@pytest.mark.parametrize(("area", "track", "people", "metric", "points"), SKILLING_CASES)
def test_pc12_skilling_points_follow_the_published_counting_models(
    area: str, track: str, people: list[Person], metric: str, points: float
) -> None:
    assert skilling(area, track, people, metric) == points


CAP_CASES = [
    ("data-ai", "enterprise", cast(ADMIN, ADMIN, ARCHITECT, ARCHITECT, *["azure-ai-engineer"] * 12), "i", 40),
    ("data-ai", "smb", cast(ADMIN, ARCHITECT, *["azure-ai-engineer"] * 12), "i", 40),
    ("infrastructure", "enterprise", cast(ADMIN, ADMIN, *["azure-network-engineer"] * 9), "i", 20),
    ("infrastructure", "smb", cast(ARCHITECT, *["azure-virtual-desktop"] * 9), "a", 20),
    ("security", "enterprise", cast(*SECURITY_GATES, *["cybersecurity-architect"] * 9), "i", 40),
    ("modern-work", "enterprise", cast(*["endpoint-administrator"] * 9), "i", 10),
    ("modern-work", "smb", cast(*["m365-enterprise-administrator"] * 3), "a", 15),
    ("business-applications", "enterprise", cast(*["power-bi-data-analyst"] * 30), "i", 20),
    ("business-applications", "enterprise", cast(*["power-platform-solution-architect"] * 10), "a", 15),
    ("business-applications", "smb", cast(*["power-platform-solution-architect"] * 10), "a", 15),
]


@pytest.mark.parametrize(("area", "track", "people", "which", "cap"), CAP_CASES)
def test_pc12_skilling_points_stop_at_the_metric_max(
    area: str, track: str, people: list[Person], which: str, cap: float
) -> None:
    metric = {"i": "intermediate-certifications", "a": "advanced-certifications"}[which]
    assert skilling(area, track, people, metric) == cap


@pytest.mark.parametrize(
    ("area", "track", "held", "metric", "points"),
    [
        ("business-applications", "enterprise", "power-bi-data-analyst power-platform-developer", "i", 1),
        ("business-applications", "smb", "power-bi-data-analyst intelligent-applications-builder", "i", 4),
        (
            "modern-work",
            "enterprise",
            "teams-administrator endpoint-administrator microsoft-365-fundamentals",
            "i",
            2.5,
        ),
        ("modern-work", "smb", f"m365-enterprise-administrator {PU_TEAMS}", "a", 15),
        (
            "infrastructure",
            "smb",
            "azure-administrator azure-network-engineer windows-server-hybrid-administrator",
            "i",
            8,
        ),
    ],
)
def test_pc12_a_person_with_several_certifications_counts_once_per_metric(
    area: str, track: str, held: str, metric: str, points: float
) -> None:
    key = {"i": "intermediate-certifications", "a": "advanced-certifications"}[metric]
    assert skilling(area, track, cast(held), key) == points


def test_pc12_a_person_counts_once_per_step_and_may_count_in_several_steps() -> None:
    both = f"{ADMIN} {ARCHITECT} azure-ai-engineer"
    people = cast(both, both)
    score = score_area(AREAS["data-ai"], people=people, track="enterprise", entered={})
    metric = next(m for m in score.metrics if m.key == "intermediate-certifications")
    assert metric.points == 8
    assert [(p.person_id, p.counts_for) for p in metric.people] == [
        (1, "gate: azure-administrator"),
        (2, "gate: azure-administrator"),
        (1, "gate: azure-solutions-architect"),
        (2, "gate: azure-solutions-architect"),
        (1, "step 3: azure-ai-engineer"),
        (2, "step 3: azure-ai-engineer"),
    ]


def test_pc12_the_same_person_listed_twice_counts_once() -> None:
    person = Person(1, "A", frozenset({"teams-administrator"}))
    assert skilling("modern-work", "enterprise", [person, person]) == 2.5


def test_pc12_data_ai_has_no_advanced_metric() -> None:
    assert [m.key for m in AREAS["data-ai"].metrics] == [
        "net-customer-adds",
        "intermediate-certifications",
        "usage-growth",
        "deployments",
    ]
    assert [m.key for m in AREAS["security"].metrics if m.kind == "skilling"] == ["intermediate-certifications"]


@pytest.mark.parametrize("area", sorted(AREAS))
@pytest.mark.parametrize("track", ["enterprise", "smb"])
def test_pc12_every_area_is_scored_out_of_100_on_both_tracks(area: str, track: str) -> None:
    assert sum(m.max.of(track) for m in AREAS[area].metrics) == 100
    assert score_area(AREAS[area], people=[], track=track, entered={}).max == 100


# Qualification: 70 points and every metric above zero. Business Applications, Enterprise: 20 intermediate
# people (20 points) and 7 advanced (15 points) give the whole skilling budget; the rest is entered.
BIZAPPS_FULL_SKILLING = cast(*["power-bi-data-analyst"] * 20, *["agentic-ai-business-solutions-architect"] * 7)


@pytest.mark.parametrize(
    ("entered", "points", "status"),
    [
        ({"net-customer-adds": 15, "usage-growth": 10, "deployments": 10}, 70, "qualified"),
        ({"net-customer-adds": 15, "usage-growth": 9.99, "deployments": 10}, 69.99, "in_progress"),
        ({"net-customer-adds": 15, "usage-growth": 30, "deployments": 0}, 80, "in_progress"),
        ({"net-customer-adds": 15, "usage-growth": 30, "deployments": 20}, 100, "qualified"),
        ({"net-customer-adds": 99, "usage-growth": 99, "deployments": 99}, 100, "qualified"),
    ],
    ids=["70 exactly", "69.99", "a zero metric", "100", "entered points are capped"],
)
def test_pc12_qualified_at_70_points_with_every_metric_above_zero(
    entered: dict[str, float], points: float, status: str
) -> None:
    area = AREAS["business-applications"]
    score = score_area(area, people=BIZAPPS_FULL_SKILLING, track="enterprise", entered=entered)
    assert (score.points, score.status) == (points, status)
    assert (score.missing == []) == (status == "qualified")


def test_pc12_a_zero_skilling_metric_keeps_the_area_in_progress() -> None:
    entered = {"net-customer-adds": 15, "usage-growth": 30, "deployments": 20}
    people = cast(*["power-bi-data-analyst"] * 20)
    score = score_area(AREAS["business-applications"], people=people, track="enterprise", entered=entered)
    assert (score.points, score.status) == (85, "in_progress")
    assert score.missing == [
        "Skilling: 7 more people with an eligible Business Applications advanced certification"
        " to reach 15 points in advanced certifications"
    ]


def test_pc12_missing_names_the_short_gate_and_the_points_to_go() -> None:
    people = cast(ADMIN, ARCHITECT, ARCHITECT, "azure-ai-engineer")
    score = score_area(AREAS["data-ai"], people=people, track="enterprise", entered={"net-customer-adds": 30})
    assert score.status == "in_progress"
    assert score.missing == [
        "Skilling: 1 more person with Azure Administrator Associate to pass the intermediate certifications gate",
        "Skilling: 9 more people with an eligible Data & AI certification to reach 40 points"
        " in intermediate certifications",
        "Customer success: Usage growth is at 0 points; every metric must be above zero",
        "Customer success: Deployments is at 0 points; every metric must be above zero",
        "Total: 40 more points to reach 70",
    ]


@pytest.mark.parametrize(
    ("area", "org_track", "people", "track", "skilling_points"),
    [
        # Same people: SMB earns more per person, so the higher score is the SMB one, whatever the track.
        ("modern-work", "enterprise", cast("teams-administrator", "teams-administrator", PU_TEAMS), "smb", 25),
        ("security", "enterprise", cast(SEC_ENGINEER, SOC_ANALYST, "cybersecurity-architect"), "smb", 16),
        # Full skilling on both tracks: a tie keeps the organisation's track.
        ("modern-work", "enterprise", cast(*["teams-administrator"] * 4, PU_TEAMS, PU_TEAMS), "enterprise", 25),
        ("modern-work", "smb", cast(*["teams-administrator"] * 4, PU_TEAMS, PU_TEAMS), "smb", 25),
        (
            "security",
            "enterprise",
            cast(*[f"{SEC_ENGINEER} {SOC_ANALYST}"] * 2, *["cybersecurity-architect"] * 6),
            "enterprise",
            40,
        ),
        ("security", "enterprise", cast(), "enterprise", 0),
    ],
)
def test_pc12_security_and_modern_work_take_the_higher_of_both_tracks(
    area: str, org_track: str, people: list[Person], track: str, skilling_points: float
) -> None:
    score = score_area(AREAS[area], people=people, track=org_track, entered=SOME_ENTERED)
    assert score.track == track
    assert sum(m.points for m in score.metrics if m.kind == "skilling") == skilling_points


@pytest.mark.parametrize(("track", "points"), [("enterprise", 0), ("smb", 4 + 4 + 8)])
def test_pc12_azure_areas_use_the_organisation_track(track: str, points: float) -> None:
    people = cast(ADMIN, ARCHITECT, "azure-ai-engineer", "azure-ai-engineer")
    score = score_area(AREAS["data-ai"], people=people, track=track, entered={})
    assert (score.track, score.points) == (track, points)


def test_pc12_score_all_scores_every_area_on_its_track_with_its_entered_points() -> None:
    areas = list(AREAS.values())
    people = cast(*["power-bi-data-analyst"] * 5, "teams-administrator")
    scores = score_all(
        areas,
        people=people,
        tracks={"business-applications": "smb"},
        entered={"business-applications": {"net-customer-adds": 15, "usage-growth": 30, "deployments": 20}},
    )
    assert [s.key for s in scores] == [a.key for a in areas]
    bizapps = next(s for s in scores if s.key == "business-applications")
    assert (bizapps.track, bizapps.points, bizapps.status) == ("smb", 85, "in_progress")
    data_ai = next(s for s in scores if s.key == "data-ai")
    assert (data_ai.track, data_ai.points) == ("enterprise", 0)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: score_area(AREAS["data-ai"], people=[], track="mid", entered={}), "unknown track 'mid'"),
        (
            lambda: score_area(AREAS["data-ai"], people=[], track="smb", entered={"intermediate-certifications": 4}),
            "'intermediate-certifications' is not a performance or customer-success metric",
        ),
        (
            lambda: score_area(AREAS["data-ai"], people=[], track="smb", entered={"deployments": -1}),
            "must be a number of at least 0",
        ),
        (lambda: score_all(list(AREAS.values()), people=[], tracks={"azure": "smb"}, entered={}), "'azure'"),
    ],
    ids=["unknown track", "entered skilling", "negative entered points", "unknown area"],
)
def test_pc12_scoring_refuses_bad_input(call: Any, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        call()


@pytest.mark.parametrize(
    ("expires_at", "retirement_date", "counts"),
    [
        pytest.param(AT - timedelta(seconds=1), None, False, id="expired"),
        pytest.param(AT, None, False, id="expiring at this instant"),
        pytest.param(AT + timedelta(days=30), None, True, id="not expired"),
        pytest.param(AT - timedelta(days=1), AT.date() - timedelta(days=10), False, id="expired and retired"),
        pytest.param(AT + timedelta(days=30), AT.date() - timedelta(days=100), True, id="retired 100 days ago"),
        pytest.param(None, date(2025, 3, 11), True, id="retired less than a year ago"),
        pytest.param(None, date(2025, 3, 10), False, id="retired exactly a year ago"),
        pytest.param(None, date(2024, 6, 30), False, id="retired more than a year ago"),
        pytest.param(None, date(2026, 6, 30), True, id="retiring later"),
        pytest.param(None, None, True, id="fundamentals: no expiry, not retired"),
    ],
)
def test_pc12_counts_at(expires_at: datetime | None, retirement_date: date | None, counts: bool) -> None:
    assert counts_at(expires_at=expires_at, retirement_date=retirement_date, at=AT) is counts


@pytest.mark.parametrize(
    ("at", "counts"),
    [
        (datetime(2027, 3, 30, 23, 59, tzinfo=UTC), True),
        (datetime(2027, 3, 31, 0, 0, tzinfo=UTC), False),
    ],
)
def test_pc12_microsoft_365_fundamentals_counts_for_a_year_after_its_retirement(at: datetime, counts: bool) -> None:
    assert counts_at(expires_at=None, retirement_date=date(2026, 3, 31), at=at) is counts


def test_pc12_counts_at_refuses_a_naive_datetime() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        counts_at(expires_at=None, retirement_date=None, at=datetime(2026, 1, 1))


def _named_certifications(node: Any) -> set[str]:
    """Every slug under a "certifications" or "history_certifications" key of the designations file."""
    found: set[str] = set()
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("certifications", "history_certifications"):
                found |= set(value)
            else:
                found |= _named_certifications(value)
    elif isinstance(node, list):
        for value in node:
            found |= _named_certifications(value)
    return found


def test_pc12_every_certification_slug_of_the_designations_is_in_the_catalog() -> None:
    data = json.loads(DESIGNATIONS_PATH.read_text(encoding="utf-8"))
    catalog = {c["slug"] for c in json.loads(CATALOG_PATH.read_text(encoding="utf-8"))["certifications"]}
    named = _named_certifications(data)
    assert len(named) > 50
    assert named - catalog == set()
    assert isinstance(data["unmatched"], list)


def test_pc12_partner_university_assessments_are_declared_and_not_catalog_slugs() -> None:
    data = json.loads(DESIGNATIONS_PATH.read_text(encoding="utf-8"))
    assert [a["id"] for a in data["partner_university_assessments"]] == [PU_TEAMS]
    advanced = next(m for m in AREAS["modern-work"].metrics if m.key == "advanced-certifications")
    assert advanced.counting is not None and advanced.counting.assessments == (PU_TEAMS,)


def test_pc12_the_designations_file_holds_the_six_solution_areas() -> None:
    assert [(a.key, a.track_rule) for a in AREAS.values()] == [
        ("data-ai", "organisation"),
        ("infrastructure", "organisation"),
        ("digital-app-innovation", "organisation"),
        ("modern-work", "higher"),
        ("security", "higher"),
        ("business-applications", "organisation"),
    ]
    assert all(isinstance(area, Area) for area in AREAS.values())


def _first_metric(data: dict[str, Any], kind: str = "skilling") -> dict[str, Any]:
    return next(m for m in data["areas"][0]["metrics"] if m["kind"] == kind)


def _set(path: str, value: Any) -> Any:
    def change(data: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        node: Any = _first_metric(data)
        for part in parents:
            node = node[int(part)] if isinstance(node, list) else node[part]
        node[last] = value

    return change


def _delete_smb(path: str) -> Any:
    def change(data: dict[str, Any]) -> None:
        node: Any = _first_metric(data)
        for part in path.split("."):
            node = node[int(part)] if isinstance(node, list) else node[part]
        del node["smb"]

    return change


def _set_area(field: str, value: Any) -> Any:
    def change(data: dict[str, Any]) -> None:
        data["areas"][0][field] = value

    return change


def _set_kind(data: dict[str, Any]) -> None:
    _first_metric(data, "performance")["kind"] = "revenue"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (_set_kind, "unknown kind 'revenue'"),
        (_set("counting.points_per_person", {"enterprise": -4, "smb": 4}), "negative points"),
        (_set("gates.0.cap", {"enterprise": 0, "smb": -4}), "negative points"),
        (_delete_smb("max"), "max: missing track 'smb'"),
        (_delete_smb("counting.max_people"), "max_people: missing track 'smb'"),
        (_set("max", {"enterprise": 40, "smb": 40, "mid": 40}), "unknown track 'mid'"),
        (_set("counting.max_people", {"enterprise": 11, "smb": 8}), "enterprise gates and counting add up to 44"),
        (_set("max", {"enterprise": 30, "smb": 40}), "enterprise metric maxima add up to 90, not 100"),
        (_set("counting.points_per_person", {"enterprise": "four", "smb": 4}), "not a number of points"),
        (_set("counting", None), "counting: missing or not an object"),
        (_set_area("track_rule", "lowest"), "unknown track_rule 'lowest'"),
        (_set_area("metrics", []), "'metrics' must be a non-empty list"),
    ],
    ids=[
        "unknown kind",
        "negative points per person",
        "negative gate cap",
        "missing track in max",
        "missing track in max_people",
        "unknown track",
        "skilling budget does not add up",
        "area total is not 100",
        "points not a number",
        "skilling metric without counting",
        "unknown track rule",
        "no metrics",
    ],
)
def test_pc12_load_refuses_a_bad_file(tmp_path: Path, change: Any, message: str) -> None:
    data = copy.deepcopy(json.loads(DESIGNATIONS_PATH.read_text(encoding="utf-8")))
    change(data)
    path = tmp_path / "designations.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ValueError, match=message) as refused:
        load(path)
    assert "designations.json" in str(refused.value)


def test_pc12_load_refuses_a_file_that_is_not_json(tmp_path: Path) -> None:
    path = tmp_path / "designations.json"
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(ValueError, match="cannot read it as JSON"):
        load(path)


def test_pc12_load_reads_exact_fractions_for_the_published_rounded_points() -> None:
    security = next(m for m in AREAS["security"].metrics if m.key == "intermediate-certifications")
    assert security.counting is not None
    assert float(security.counting.points_per_person.enterprise) == pytest.approx(6.67, abs=0.005)
    bizapps = next(m for m in AREAS["business-applications"].metrics if m.key == "advanced-certifications")
    assert bizapps.counting is not None
    assert float(bizapps.counting.points_per_person.enterprise) == pytest.approx(2.14, abs=0.005)
