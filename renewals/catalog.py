"""The catalog (CE-1) and the renewal question banks (RN-7) as data: profiles/data/catalog.json and
renewals/data/assessments.json. Loading validates both files first, then upserts everything in one transaction;
loading the same files again changes nothing (a question bank that did not change keeps its rows). It lives in
renewals because it fills both apps' tables, and renewals is the app that may import profiles (README, Layout)."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any

from django.db import models, transaction

from profiles.models import Certification, Exam
from renewals.models import AssessmentQuestion, RenewalAssessment

CATALOG_PATH = Path(__file__).resolve().parent.parent / "profiles" / "data" / "catalog.json"
ASSESSMENTS_PATH = Path(__file__).resolve().parent / "data" / "assessments.json"
MIN_QUESTIONS = 10
MIN_PER_SKILL_AREA = 2
_CERT_FIELDS = ["name", "level", "release_date", "retirement_date", "languages", "sources"]
_LEVELS = set(Certification.Level.values)


def catalog_load(*, catalog_path: Path | None = None, assessments_path: Path | None = None) -> dict[str, int]:
    """Load (or reload) the catalog and the assessments; returns the counts loaded. Raises ValueError, naming every
    problem found, before anything is written."""
    catalog_path, assessments_path = catalog_path or CATALOG_PATH, assessments_path or ASSESSMENTS_PATH
    certifications, exams = _checked_catalog(_read(catalog_path), catalog_path)
    banks = _checked_banks(_read(assessments_path), certifications, assessments_path)
    with transaction.atomic():
        cert_ids = _upsert(Certification, "slug", _CERT_FIELDS, certifications)
        links = {(cert_ids[c["slug"]], cert_ids[p]) for c in certifications for p in c["prerequisites"]}
        fields = ("from_certification_id", "to_certification_id")
        _sync_links(Certification.prerequisites.through, fields, links, owners=cert_ids.values())
        exam_ids = _upsert(Exam, "code", ["name", "retirement_date"], exams)
        links = {(exam_ids[code], cert_ids[c["slug"]]) for c in certifications for code in c["exams"]}
        _sync_links(Exam.certifications.through, ("exam_id", "certification_id"), links, owners=exam_ids.values())
        _load_banks(banks, cert_ids)
    questions = sum(len(bank["questions"]) for bank in banks.values())
    return {
        "certifications": len(certifications),
        "exams": len(exams),
        "assessments": len(banks),
        "questions": questions,
    }


def _read(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise ValueError(f"{path}: cannot read it as JSON ({error})") from error


def _fail(path: Path, problems: list[str]) -> None:
    if problems:
        raise ValueError(f"{path.name}: " + "; ".join(problems))


def _date(value: Any, what: str, problems: list[str]) -> date | None:
    try:
        return None if value is None else date.fromisoformat(value)
    except (TypeError, ValueError):
        problems.append(f"{what} is not a date (YYYY-MM-DD): {value!r}")
        return None


def _checked_catalog(data: Any, path: Path) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    problems: list[str] = []
    try:
        certifications = [
            {
                **{k: c[k] for k in ["slug", "name", "level", "exams", "languages"]},
                "sources": c.get("sources", []),
                "prerequisites": c.get("prerequisites", []),
                "any": c.get("prerequisites_any", False),
                "release_date": _date(c["release_date"], f"{c['slug']}: release_date", problems),
                "retirement_date": _date(c.get("retirement_date"), f"{c['slug']}: retirement_date", problems),
            }
            for c in data["certifications"]
        ]
        exams = [
            {
                "code": e["code"],
                "name": e["name"],
                "retirement_date": _date(e.get("retirement_date"), f"{e['code']}: retirement_date", problems),
            }
            for e in data["exams"]
        ]
    except (KeyError, TypeError) as error:
        raise ValueError(f"{path.name}: malformed catalog, {type(error).__name__} {error}") from error
    slugs, codes = Counter(c["slug"] for c in certifications), Counter(e["code"] for e in exams)
    used = {code for c in certifications for code in c["exams"]}
    problems += [f"certification {slug} is listed {n} times" for slug, n in slugs.items() if n > 1]
    problems += [f"exam {code} is listed {n} times" for code, n in codes.items() if n > 1]
    problems += [f"exam {code} is used by no certification" for code in codes if code not in used]
    for c in certifications:
        slug = c["slug"]
        problems += [f"{slug}: unknown level {c['level']!r}"] if c["level"] not in _LEVELS else []
        problems += [f"{slug}: no exams"] if not c["exams"] else []
        problems += [f"{slug}: no exam languages"] if not c["languages"] else []
        problems += [f"{slug}: unknown exam {code}" for code in c["exams"] if code not in codes]
        problems += [f"{slug}: unknown prerequisite {p}" for p in c["prerequisites"] if p not in slugs or p == slug]
        if len(c["prerequisites"]) > 1 and c["any"] is not True:  # certlink reads prerequisites as "any one of"
            problems.append(f"{slug}: several prerequisites need prerequisites_any: true")
    _fail(path, problems)
    return certifications, exams


def _checked_banks(data: Any, certifications: list[dict[str, Any]], path: Path) -> dict[str, dict[str, Any]]:
    levels = {c["slug"]: c["level"] for c in certifications}
    renewable = {slug for slug, level in levels.items() if level != Certification.Level.FUNDAMENTALS}
    if not isinstance(data, dict):
        _fail(path, ["expected {certification slug: {title, modules, questions}}"])
    problems = [f"{slug}: no renewal assessment (RN-7)" for slug in sorted(renewable - data.keys())]
    problems += [f"{slug}: assessment for an unknown or fundamentals certification" for slug in data.keys() - renewable]
    for slug, bank in data.items():
        try:
            title, questions = (
                bank["title"],
                [(q["skill"], q["text"], q["choices"], q["answer"]) for q in bank["questions"]],
            )
        except (KeyError, TypeError) as error:
            problems.append(f"{slug}: malformed assessment, {type(error).__name__} {error}")
            continue
        problems += [f"{slug}: no title"] if not title or not isinstance(title, str) else []
        if len(questions) < MIN_QUESTIONS:
            problems.append(f"{slug}: {len(questions)} questions, fewer than {MIN_QUESTIONS}")
        problems += [
            f"{slug} question {n}: answer {answer!r} is not the index of one of its choices (0..{len(choices) - 1})"
            for n, (_, _, choices, answer) in enumerate(questions, 1)
            if not isinstance(choices, list)
            or len(choices) < 2
            or type(answer) is not int
            or not 0 <= answer < len(choices)
        ]
        problems += [
            f"{slug}: skill area {area!r} has {n} question(s), fewer than {MIN_PER_SKILL_AREA}"
            for area, n in Counter(q[0] for q in questions).items()
            if n < MIN_PER_SKILL_AREA
        ]
    _fail(path, problems)
    return data


def _upsert(model: type[models.Model], key: str, fields: list[str], rows: list[dict[str, Any]]) -> dict[Any, int]:
    """Insert or update `rows` on their `key`; returns each key's id."""
    model._default_manager.bulk_create(
        [model(**{f: row[f] for f in [key, *fields]}) for row in rows],
        update_conflicts=True,
        unique_fields=[key],
        update_fields=fields,
    )
    return dict(model._default_manager.filter(**{f"{key}__in": [row[key] for row in rows]}).values_list(key, "id"))


def _sync_links(
    through: type[models.Model], fields: tuple[str, str], wanted: set[tuple[int, int]], *, owners: Iterable[int]
) -> None:
    """Make the links of the loaded owners exactly `wanted`; links of other owners are left alone."""
    owner, other = fields
    rows = through._default_manager.filter(**{f"{owner}__in": list(owners)}).values_list("pk", owner, other)
    have = {(a, b): pk for pk, a, b in rows}
    through._default_manager.filter(pk__in=[pk for link, pk in have.items() if link not in wanted]).delete()
    through._default_manager.bulk_create([through(**{owner: a, other: b}) for a, b in wanted - have.keys()])


def _load_banks(banks: dict[str, dict[str, Any]], cert_ids: dict[str, int]) -> None:
    rows = [
        {"certification_id": cert_ids[slug], "title": bank["title"], "modules": bank.get("modules", [])}
        for slug, bank in banks.items()
    ]
    ids = _upsert(RenewalAssessment, "certification_id", ["title", "modules"], rows)
    have: dict[int, list[tuple[Any, ...]]] = {}
    for row in (
        AssessmentQuestion.objects.filter(assessment_id__in=ids.values())
        .order_by("position")
        .values_list("assessment_id", "position", "skill_area", "text", "choices", "answer")
    ):
        have.setdefault(row[0], []).append(row[1:])
    stale, new = [], []
    for slug, bank in banks.items():
        assessment_id = ids[cert_ids[slug]]
        wanted = [(n, q["skill"], q["text"], q["choices"], q["answer"]) for n, q in enumerate(bank["questions"], 1)]
        if have.get(assessment_id, []) != wanted:  # a changed bank is replaced as a whole
            stale.append(assessment_id)
            new += [
                AssessmentQuestion(assessment_id=assessment_id, position=n, skill_area=s, text=t, choices=c, answer=a)
                for n, s, t, c, a in wanted
            ]
    AssessmentQuestion.objects.filter(assessment_id__in=stale).delete()
    AssessmentQuestion.objects.bulk_create(new)
