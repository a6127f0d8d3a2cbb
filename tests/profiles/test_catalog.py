"""CE-1 and RN-7 as data: the catalog (profiles/data/catalog.json) and the renewal question banks
(renewals/data/assessments.json), loaded by renewals.catalog.catalog_load."""

from __future__ import annotations

import copy
import json
import re
from collections import Counter
from datetime import date
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from profiles.models import Certification, Exam
from renewals.catalog import ASSESSMENTS_PATH, CATALOG_PATH, catalog_load
from renewals.models import AssessmentQuestion, RenewalAssessment
from tests.factories import CertificationFactory

# The table of seeds/002 (renewal assessments available in March 2021), names as written there.
SEED_002 = [
    "Microsoft Certified: Azure Administrator Associate",
    "Microsoft Certified: Azure Developer Associate",
    "Microsoft Certified: Azure Security Engineer Associate",
    "Microsoft Certified: DevOps Engineer Expert",
    "Microsoft Certified: Azure Solutions Architect Expert",
    "Microsoft Certified: Azure AI Engineer Associate",
    "Microsoft Certified: Azure Data Engineer Associate",
    "Microsoft Certified: Azure Data Scientist Associate",
    "Microsoft 365 Certified: Modern Desktop Administrator Associate",
    "Microsoft 365 Certified: Messaging Administrator Associate",
    "Microsoft 365 Certified: Security Administrator Associate",
    "Microsoft 365 Certified: Enterprise Administrator Expert",
    "Microsoft Certified: Dynamics 365 Marketing Functional Consultant Associate",
    "Microsoft Certified: Dynamics 365 Supply Chain Management, Manufacturing Functional Consultant Associate",
    "Microsoft Certified: Dynamics 365 Sales Functional Consultant Associate",
    "Microsoft Certified: Dynamics 365 Customer Service Functional Consultant Associate",
    "Microsoft Certified: Dynamics 365 Field Service Functional Consultant Associate",
    "Microsoft Certified: Dynamics 365 Finance Functional Consultant Associate",
    "Microsoft Certified: Dynamics 365 Supply Chain Management Functional Consultant Associate",
]

FUNDAMENTALS = {
    "AZ-900": "Microsoft Certified: Azure Fundamentals",
    "AI-900": "Microsoft Certified: Azure AI Fundamentals",
    "DP-900": "Microsoft Certified: Azure Data Fundamentals",
    "PL-900": "Microsoft Certified: Power Platform Fundamentals",
    "MS-900": "Microsoft 365 Certified: Fundamentals",
    "SC-900": "Microsoft Certified: Security, Compliance, and Identity Fundamentals",
    "AB-900": "Microsoft 365 Certified: Copilot and Agent Administration Fundamentals",
}

# Every certification named in shared/reference/solutions-partner.md (2026 and 2023 lists): the name as the
# reference writes it, the catalog slug, and a part of the official name. Not a certification, so not here: the
# Partner University "Teams Meetings and Meeting Rooms Technical Assessment".
REFERENCE = [
    ("Azure Administrator Associate", "azure-administrator", "Azure Administrator Associate"),
    ("Azure Solutions Architect Expert", "azure-solutions-architect", "Azure Solutions Architect Expert"),
    ("Azure Database Administrator Assoc", "azure-database-administrator", "Azure Database Administrator Associate"),
    ("Azure AI Engineer Assoc", "azure-ai-engineer", "Azure AI Engineer Associate"),
    ("Azure Data Scientist Assoc", "azure-data-scientist", "Azure Data Scientist Associate"),
    ("Data Analyst Assoc", "power-bi-data-analyst", "Data Analyst Associate"),
    ("Azure Cosmos DB Developer Specialty", "azure-cosmos-db-developer", "Azure Cosmos DB Developer Specialty"),
    ("Fabric Analytics Engineer Assoc", "fabric-analytics-engineer", "Fabric Analytics Engineer Associate"),
    ("Fabric Data Engineer Assoc", "fabric-data-engineer", "Fabric Data Engineer Associate"),
    ("SQL AI Developer Assoc", "sql-ai-developer", "SQL AI Developer Associate"),
    ("Azure AI Apps and Agents Developer Assoc", "azure-ai-apps-and-agents-developer", "AI Apps and Agents Developer"),
    ("Machine Learning Operations Engineer Assoc", "machine-learning-operations-engineer", "Operations Engineer"),
    ("Azure Databricks Data Engineer Assoc", "azure-databricks-data-engineer", "Azure Databricks Data Engineer"),
    ("Azure Developer Assoc", "azure-developer", "Azure Developer Associate"),
    ("Power Platform Developer Assoc", "power-platform-developer", "Power Platform Developer Associate"),
    ("Azure AI Cloud Developer Assoc", "azure-ai-cloud-developer", "Azure AI Cloud Developer Associate"),
    ("GitHub Certified: Agentic AI Developer", "github-agentic-ai-developer", "GitHub Certified: Agentic AI Developer"),
    ("Azure Network Engineer Assoc", "azure-network-engineer", "Azure Network Engineer Associate"),
    ("Windows Server Hybrid Administrator Assoc", "windows-server-hybrid-administrator", "Windows Server Hybrid"),
    ("Azure DevOps Engineer Expert", "devops-engineer", "DevOps Engineer Expert"),
    ("Power Platform Solution Architect Expert", "power-platform-solution-architect", "Solution Architect Expert"),
    ("GitHub Actions", "github-actions", "GitHub Actions"),
    ("GitHub Administration", "github-administration", "GitHub Administration"),
    ("GitHub Advanced Security", "github-advanced-security", "GitHub Advanced Security"),
    ("GitHub Copilot", "github-copilot", "GitHub Copilot"),
    ("Azure Virtual Desktop Specialty", "azure-virtual-desktop", "Azure Virtual Desktop Specialty"),
    ("Azure for SAP Workloads Specialty", "azure-for-sap-workloads", "Azure for SAP Workloads Specialty"),
    ("Customer Data Platform Specialty", "customer-data-platform", "Customer Data Platform Specialty"),
    ("Azure Stack Hub Operator", "azure-stack-hub-operator", "Azure Stack Hub Operator"),
    ("Azure IoT Developer Specialty", "azure-iot-developer", "Azure IoT Developer Specialty"),
    ("Azure Security Engineer Associate", "azure-security-engineer", "Azure Security Engineer Associate"),
    ("Cloud and AI Security Engineer Associate", "cloud-and-ai-security-engineer", "Cloud and AI Security Engineer"),
    ("Security Operations Analyst", "security-operations-analyst", "Security Operations Analyst"),
    ("Cybersecurity Architect Expert", "cybersecurity-architect", "Cybersecurity Architect Expert"),
    ("Identity and Access Administrator", "identity-and-access-administrator", "Identity and Access Administrator"),
    ("Information Protection Administrator", "information-protection-administrator", "Information Protection"),
    ("Information Security Administrator Associate", "information-security-administrator", "Information Security"),
    ("Microsoft 365 Fundamentals", "microsoft-365-fundamentals", "Microsoft 365 Certified: Fundamentals"),
    ("Teams Administrator Associate", "teams-administrator", "Teams Administrator Associate"),
    (
        "Collaboration Communications Systems Engineer Associate",
        "collaboration-communications-systems-engineer",
        "Collaboration Communications Systems Engineer Associate",
    ),
    ("Endpoint Administrator Associate", "endpoint-administrator", "Endpoint Administrator Associate"),
    (
        "Copilot and Agent Administration Fundamentals",
        "copilot-and-agent-administration-fundamentals",
        "Copilot and Agent Administration Fundamentals",
    ),
    ("Teams Application Developer", "teams-application-developer", "Teams Application Developer"),
    ("Messaging Administrator", "messaging-administrator", "Messaging Administrator"),
    (
        "M365 Enterprise Administrator Expert",
        "m365-enterprise-administrator",
        "365 Certified: Enterprise Administrator",
    ),
    (
        "D365 Finance Functional Consultant",
        "dynamics-365-finance-functional-consultant",
        "Dynamics 365 Finance Functional Consultant",
    ),
    (
        "D365 F&O Apps Developer",
        "dynamics-365-finance-and-operations-apps-developer",
        "Finance and Operations Apps Developer",
    ),
    (
        "D365 SCM Functional Consultant",
        "dynamics-365-supply-chain-management-functional-consultant",
        "Dynamics 365 Supply Chain Management Functional Consultant Associate",
    ),
    (
        "D365 Customer Service Functional Consultant",
        "dynamics-365-customer-service-functional-consultant",
        "Dynamics 365 Customer Service Functional Consultant",
    ),
    ("D365 Field Service", "dynamics-365-field-service-functional-consultant", "Dynamics 365 Field Service"),
    (
        "D365 Business Central Functional Consultant",
        "dynamics-365-business-central-functional-consultant",
        "Dynamics 365 Business Central Functional Consultant",
    ),
    ("Power BI Data Analyst", "power-bi-data-analyst", "Power BI Data Analyst"),
    (
        "Power Platform Functional Consultant",
        "power-platform-functional-consultant",
        "Power Platform Functional Consultant",
    ),
    ("Power Automate RPA Developer", "power-automate-rpa-developer", "Power Automate RPA Developer"),
    (
        "D365 Customer Experience Analyst",
        "dynamics-365-customer-experience-analyst",
        "Dynamics 365 Customer Experience Analyst",
    ),
    ("D365 Sales AI Consultant", "dynamics-365-sales-ai-consultant", "Dynamics 365 Sales AI Consultant"),
    ("Intelligent Applications Builder", "intelligent-applications-builder", "Intelligent Applications Builder"),
    (
        "D365 Contact Center AI Engineer",
        "dynamics-365-contact-center-ai-engineer",
        "Dynamics 365 Contact Center AI Engineer",
    ),
    (
        "D365 SCM Functional Consultant Expert",
        "dynamics-365-supply-chain-management-functional-consultant-expert",
        "Dynamics 365 Supply Chain Management Functional Consultant Expert",
    ),
    (
        "D365 F&O Apps Solution Architect Expert",
        "dynamics-365-finance-and-operations-apps-solution-architect",
        "Finance and Operations Apps Solution Architect Expert",
    ),
    (
        "D365 Business Central Developer Associate",
        "dynamics-365-business-central-developer",
        "Dynamics 365 Business Central Developer Associate",
    ),
    (
        "Agentic AI Business Solutions Architect",
        "agentic-ai-business-solutions-architect",
        "Agentic AI Business Solutions Architect",
    ),
    ("Commerce consultant", "dynamics-365-commerce-functional-consultant", "Commerce Functional Consultant"),
    (
        "Manufacturing consultant",
        "dynamics-365-supply-chain-management-manufacturing-functional-consultant",
        "Manufacturing Functional Consultant",
    ),
    ("Sales consultant", "dynamics-365-sales-functional-consultant", "Sales Functional Consultant"),
    ("Marketing consultant", "dynamics-365-marketing-functional-consultant", "Marketing Functional Consultant"),
    ("App Maker", "power-platform-app-maker", "Power Platform App Maker"),
    ("Enterprise Data Analyst", "enterprise-data-analyst", "Enterprise Data Analyst"),
]

# An expert requires an associate (any one of those listed, as profiles.services.exams reads prerequisites).
EXPERT_PREREQUISITES = {
    "azure-solutions-architect": {"azure-administrator"},
    "devops-engineer": {"azure-administrator", "azure-developer"},
    "power-platform-solution-architect": {"power-platform-functional-consultant", "power-platform-developer"},
    "dynamics-365-supply-chain-management-functional-consultant-expert": {
        "dynamics-365-supply-chain-management-functional-consultant"
    },
}


@pytest.fixture
def loaded(db: None) -> dict[str, int]:
    return catalog_load()


def test_ce1_the_catalog_has_the_19_certifications_of_seed_002(loaded: dict[str, int]) -> None:
    from_seed = [c for c in Certification.objects.all() if "seed-002" in c.sources]  # no JSON contains on SQLite
    assert sorted(c.name for c in from_seed) == sorted(SEED_002)
    assert all(c.renewable for c in from_seed)


def test_ce1_the_catalog_has_the_fundamentals_and_they_have_nothing_to_renew(loaded: dict[str, int]) -> None:
    for code, name in FUNDAMENTALS.items():
        (certification,) = Exam.objects.get(code=code).certifications.all()
        assert (certification.name, certification.level) == (name, Certification.Level.FUNDAMENTALS)
        assert not certification.renewable
    assert not RenewalAssessment.objects.filter(certification__level=Certification.Level.FUNDAMENTALS).exists()
    assert Certification.objects.get(slug="microsoft-365-fundamentals").retirement_date == date(2026, 3, 31)


def test_ce1_the_slugs_other_code_uses_exist(loaded: dict[str, int]) -> None:
    assert Exam.objects.get(code="AZ-900").certifications.get().slug == "azure-fundamentals"
    assert Exam.objects.get(code="AZ-104").certifications.get().slug == "azure-administrator"


def test_ce1_every_certification_named_in_the_solutions_partner_reference_is_in_the_catalog(
    loaded: dict[str, int],
) -> None:
    catalog = {c.slug: c for c in Certification.objects.all()}
    missing = [
        phrase
        for phrase, slug, official in REFERENCE
        if slug not in catalog or official not in catalog[slug].name or "solutions-partner" not in catalog[slug].sources
    ]
    assert missing == []


def test_ce1_a_certification_in_both_seed_002_and_the_reference_is_one_entry(loaded: dict[str, int]) -> None:
    administrator = Certification.objects.get(slug="azure-administrator")
    assert {"seed-002", "solutions-partner"} <= set(administrator.sources)
    assert Certification.objects.filter(name__endswith="Azure Administrator Associate").count() == 1


def test_ce1_every_expert_requires_an_associate(loaded: dict[str, int]) -> None:
    for expert in Certification.objects.filter(level=Certification.Level.EXPERT).prefetch_related("prerequisites"):
        required = {p.slug for p in expert.prerequisites.all()}
        assert required, f"{expert.slug} has no prerequisite"
        assert all(p.level == Certification.Level.ASSOCIATE for p in expert.prerequisites.all())
        assert required >= EXPERT_PREREQUISITES.get(expert.slug, set())
    m365 = Certification.objects.get(slug="m365-enterprise-administrator")
    assert m365.prerequisites.count() > 1


def test_ce1_exams_earn_their_certifications_and_one_exam_may_count_for_several(loaded: dict[str, int]) -> None:
    assert not Exam.objects.filter(certifications=None).exists()
    desktop = Certification.objects.get(slug="modern-desktop-administrator")
    assert sorted(desktop.exams.values_list("code", flat=True)) == ["MD-100", "MD-101"]
    assert {c.slug for c in Exam.objects.get(code="MB-300").certifications.all()} == {
        "dynamics-365-supply-chain-management-manufacturing-functional-consultant",
        "dynamics-365-commerce-functional-consultant",
    }


def test_ce1_retired_certifications_keep_their_retirement_dates(loaded: dict[str, int]) -> None:
    retired = dict(Certification.objects.filter(retirement_date__isnull=False).values_list("slug", "retirement_date"))
    assert retired["azure-stack-hub-operator"] == retired["azure-iot-developer"] == date(2023, 7, 31)
    assert retired["information-protection-administrator"] == date(2025, 5, 31)
    assert retired["m365-enterprise-administrator"] == date(2026, 11, 30)
    assert Exam.objects.get(code="AZ-600").retirement_date == date(2023, 7, 31)


def test_rn7_every_renewable_certification_has_an_assessment_of_ten_questions_grouped_by_skill_area(
    loaded: dict[str, int],
) -> None:
    renewable = Certification.objects.exclude(level=Certification.Level.FUNDAMENTALS)
    assert RenewalAssessment.objects.count() == renewable.count() == loaded["assessments"]
    for assessment in RenewalAssessment.objects.select_related("certification").prefetch_related("questions"):
        questions = list(assessment.questions.all())
        areas = Counter(q.skill_area for q in questions)
        assert len(questions) >= 10, assessment.certification.slug
        assert 3 <= len(areas) <= 5 and min(areas.values()) >= 2, assessment.certification.slug
        assert [q.position for q in questions] == list(range(1, len(questions) + 1))
        assert assessment.title == f"Renew: {assessment.certification.name}"
        assert 5 <= len(assessment.modules) <= 8


def test_rn7_every_answer_is_one_of_its_choices_and_the_right_position_varies(loaded: dict[str, int]) -> None:
    questions = list(AssessmentQuestion.objects.all())
    assert len(questions) == loaded["questions"]
    assert all(len(q.choices) == 4 and 0 <= q.answer < len(q.choices) for q in questions)
    assert all(len(set(q.choices)) == len(q.choices) for q in questions)
    assert set(Counter(q.answer for q in questions)) == {0, 1, 2, 3}
    assert not [q.text for q in questions if q.text.lower().startswith("question ")]


def test_rn7_an_assessment_is_offered_in_the_languages_of_its_exam(loaded: dict[str, int]) -> None:
    """The assessment has no languages of its own: it is offered in its certification's exam languages."""
    for assessment in RenewalAssessment.objects.select_related("certification"):
        languages = assessment.certification.languages
        assert languages and "en" in languages and len(set(languages)) == len(languages)
    assert "ja" in Certification.objects.get(slug="azure-administrator").languages


def test_loading_twice_changes_nothing(loaded: dict[str, int]) -> None:
    before = _snapshot()
    assert catalog_load() == loaded
    assert _snapshot() == before
    assert Certification.objects.count() == Certification.objects.values("slug").distinct().count()


def test_a_reload_applies_changed_data_and_leaves_other_certifications_alone(db: None, tmp_path: Path) -> None:
    other = CertificationFactory(slug="made-elsewhere")
    catalog_load()
    catalog, banks = _read(CATALOG_PATH), _read(ASSESSMENTS_PATH)
    catalog["certifications"][0]["name"] += " (renamed)"
    banks["azure-administrator"]["questions"][0]["text"] = "Which tool deploys an ARM template from the CLI?"
    kept = AssessmentQuestion.objects.filter(assessment__certification__slug="azure-developer").first()
    catalog_load(**_write(tmp_path, catalog, banks))
    assert Certification.objects.get(slug=catalog["certifications"][0]["slug"]).name.endswith("(renamed)")
    first = AssessmentQuestion.objects.get(assessment__certification__slug="azure-administrator", position=1)
    assert first.text == "Which tool deploys an ARM template from the CLI?"
    assert AssessmentQuestion.objects.filter(pk=kept.pk, text=kept.text).exists()  # an unchanged bank keeps its rows
    assert Certification.objects.filter(pk=other.pk).exists()


def test_load_catalog_command_prints_the_counts(db: None) -> None:
    out = StringIO()
    call_command("load_catalog", stdout=out)
    counts = catalog_load()
    assert out.getvalue().strip() == ", ".join(f"{n} {name}" for name, n in counts.items())


# Bad files: small catalogs written to tmp_path; each is refused with a message naming the problem.


def _tiny() -> tuple[dict[str, Any], dict[str, Any]]:
    catalog = {
        "certifications": [
            {
                "slug": "basic",
                "name": "Basic Fundamentals",
                "level": "fundamentals",
                "exams": ["EX-900"],
                "release_date": "2020-01-01",
                "retirement_date": None,
                "prerequisites": [],
                "languages": ["en"],
                "sources": ["test"],
            },
            {
                "slug": "admin",
                "name": "Admin Associate",
                "level": "associate",
                "exams": ["EX-104"],
                "release_date": "2020-01-01",
                "retirement_date": None,
                "prerequisites": [],
                "languages": ["en", "ja"],
                "sources": ["test"],
            },
        ],
        "exams": [
            {"code": "EX-900", "name": "Basics", "retirement_date": None},
            {"code": "EX-104", "name": "Administration", "retirement_date": "2030-01-31"},
        ],
    }
    questions = [
        {"skill": f"Area {n % 2}", "text": f"What is {n} + {n}?", "choices": [str(2 * n), "0", "1", "-1"], "answer": 0}
        for n in range(2, 12)
    ]
    return catalog, {"admin": {"title": "Renew: Admin Associate", "modules": ["One"], "questions": questions}}


def _break_unknown_prerequisite(catalog: dict[str, Any], banks: dict[str, Any]) -> None:
    catalog["certifications"][1]["prerequisites"] = ["nobody"]


def _break_unused_exam(catalog: dict[str, Any], banks: dict[str, Any]) -> None:
    catalog["exams"].append({"code": "EX-999", "name": "Orphan", "retirement_date": None})


def _break_answer_index(catalog: dict[str, Any], banks: dict[str, Any]) -> None:
    banks["admin"]["questions"][3]["answer"] = 4


def _break_missing_assessment(catalog: dict[str, Any], banks: dict[str, Any]) -> None:
    del banks["admin"]


def _break_too_few_questions(catalog: dict[str, Any], banks: dict[str, Any]) -> None:
    del banks["admin"]["questions"][9]


def _break_lonely_skill_area(catalog: dict[str, Any], banks: dict[str, Any]) -> None:
    banks["admin"]["questions"][0]["skill"] = "Alone"


def _break_assessment_for_fundamentals(catalog: dict[str, Any], banks: dict[str, Any]) -> None:
    banks["basic"] = copy.deepcopy(banks["admin"])


def _break_date(catalog: dict[str, Any], banks: dict[str, Any]) -> None:
    catalog["certifications"][1]["release_date"] = "31/01/2020"


def _break_missing_key(catalog: dict[str, Any], banks: dict[str, Any]) -> None:
    del catalog["certifications"][1]["level"]


@pytest.mark.parametrize(
    ("breakage", "message"),
    [
        (_break_unknown_prerequisite, "admin: unknown prerequisite nobody"),
        (_break_unused_exam, "exam EX-999 is used by no certification"),
        (_break_answer_index, "admin question 4: answer 4 is not the index of one of its choices"),
        (_break_missing_assessment, "admin: no renewal assessment"),
        (_break_too_few_questions, "admin: 9 questions, fewer than 10"),
        (_break_lonely_skill_area, "skill area 'Alone' has 1 question(s), fewer than 2"),
        (_break_assessment_for_fundamentals, "basic: assessment for an unknown or fundamentals certification"),
        (_break_date, "admin: release_date is not a date"),
        (_break_missing_key, "malformed catalog, KeyError 'level'"),
    ],
)
def test_a_bad_file_is_refused_with_the_problem_named_and_nothing_loaded(
    db: None, tmp_path: Path, breakage: Any, message: str
) -> None:
    catalog, banks = _tiny()
    assert catalog_load(**_write(tmp_path, catalog, banks))["questions"] == 10  # the tiny files are good
    Certification.objects.all().delete()
    breakage(catalog, banks)
    with pytest.raises(ValueError, match=re.escape(message)):
        catalog_load(**_write(tmp_path, catalog, banks))
    assert not Certification.objects.exists() and not Exam.objects.filter(code="EX-999").exists()


def test_a_file_that_is_not_json_is_refused(db: None, tmp_path: Path) -> None:
    broken = tmp_path / "catalog.json"
    broken.write_text("{not json", encoding="utf-8")
    with pytest.raises(ValueError, match="cannot read it as JSON"):
        catalog_load(catalog_path=broken)


def _read(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def _write(tmp_path: Path, catalog: dict[str, Any], banks: dict[str, Any]) -> dict[str, Path]:
    paths = {"catalog_path": tmp_path / "catalog.json", "assessments_path": tmp_path / "assessments.json"}
    paths["catalog_path"].write_text(json.dumps(catalog), encoding="utf-8")
    paths["assessments_path"].write_text(json.dumps(banks), encoding="utf-8")
    return paths


def _snapshot() -> dict[str, Any]:
    return {
        "certifications": list(Certification.objects.order_by("slug").values()),
        "prerequisites": sorted(
            Certification.prerequisites.through.objects.values_list("pk", "from_certification", "to_certification")
        ),
        "exams": list(Exam.objects.order_by("code").values()),
        "links": sorted(Exam.certifications.through.objects.values_list("pk", "exam", "certification")),
        "assessments": list(RenewalAssessment.objects.order_by("pk").values()),
        "questions": list(AssessmentQuestion.objects.order_by("pk").values()),
    }
