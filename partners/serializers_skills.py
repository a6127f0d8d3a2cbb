"""Serializers of what Partner Center makes of credits: the skills report and its CSV (PC-11), designation scores
(PC-12), why a certification is not counted (PC-14)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

from django.db.models import QuerySet
from rest_framework import serializers

from partners import rules
from partners.models import PartnerCredit

# --- The skills report (PC-11) -------------------------------------------------------------------------------------


# The PC-11 columns, in order: (CSV header, JSON field).
REPORT_COLUMNS = [
    ("Activity id", "activity_id"),
    ("Title", "title"),
    ("Type", "type"),
    ("First name", "first_name"),
    ("Last name", "last_name"),
    ("Personal email", "personal_email"),
    ("Work email", "work_email"),
    ("Completion date", "completion_date"),
    ("MCID", "mcid"),
    ("PartnerID", "partner_id"),
    ("Partner name", "partner_name"),
    ("Expiry date", "expiry_date"),
    ("Status", "status"),
]

# What a report row is built from, read as plain values (no model per row: a report of 400,000 rows is streamed).
_SOURCES = (
    "activity_id",
    "title",
    "kind",
    "first_name",
    "last_name",
    "personal_email",
    "work_email",
    "completed_at",
    "mcid",
    "organization__partner_id",
    "organization__name",
    "expires_at",
    "manual",
)


def report_rows(
    credits: QuerySet[PartnerCredit], *, at: datetime, chunk: int | None = None
) -> Iterator[dict[str, Any]]:
    """PC-11's rows of `credits`, in their order, for the API's JSON and the CSV alike; with `chunk`, streamed from a
    server-side cursor `chunk` rows at a time (memory flat in the number of rows)."""
    kinds = {value: str(label) for value, label in PartnerCredit.Kind.choices}
    values = credits.values_list(*_SOURCES)
    for activity, title, kind, first, last, personal, work, completed, mcid, pid, pname, expires, manual in (
        values.iterator(chunk_size=chunk) if chunk else values
    ):
        yield {
            "activity_id": activity,
            "title": title,
            "type": kinds.get(kind, kind),
            "first_name": first,
            "last_name": last,
            "personal_email": personal,
            "work_email": work,
            "completion_date": completed.date(),
            "mcid": mcid,
            "partner_id": pid,
            "partner_name": pname,
            "expiry_date": expires.date() if expires else None,
            "status": rules.credit_status(expires, at=at),
            "manual": manual,
        }


def report_row(credit: PartnerCredit, *, at: datetime) -> dict[str, Any]:
    """PC-11's row of one credit (what an agent's manual credit looks like in the report)."""
    return next(report_rows(PartnerCredit.objects.filter(pk=credit.pk), at=at))


def csv_row(row: dict[str, Any]) -> list[str]:
    return ["" if row[field] is None else str(row[field]) for _, field in REPORT_COLUMNS]


class ReportRowOut(serializers.Serializer):
    activity_id = serializers.CharField(help_text="Certification slug or Partner University assessment id")
    title = serializers.CharField()
    type = serializers.CharField(help_text="Certification or Assessment")
    first_name = serializers.CharField()
    last_name = serializers.CharField()
    personal_email = serializers.CharField()
    work_email = serializers.CharField()
    completion_date = serializers.DateField()
    mcid = serializers.IntegerField(allow_null=True)
    partner_id = serializers.CharField()
    partner_name = serializers.CharField()
    expiry_date = serializers.DateField(allow_null=True)
    status = serializers.CharField(help_text="active or expired")
    manual = serializers.BooleanField(help_text="Added by hand on a partner support request (PC-13)")


class SkillsReportOut(serializers.Serializer):
    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = ReportRowOut(many=True)
    message = serializers.CharField(help_text='PC-11\'s sentence when no user has skills data; "" otherwise')


# --- Designations (PC-12) ------------------------------------------------------------------------------------------


class CountedPersonOut(serializers.Serializer):
    person_id = serializers.IntegerField(help_text="The Partner Center user")
    name = serializers.CharField()
    counts_for = serializers.CharField(help_text='e.g. "gate: azure-administrator"')


class MetricScoreOut(serializers.Serializer):
    key = serializers.CharField()
    # A field named "label": DRF's metaclass moves it into the declared fields; the stubs see Field.label (a string).
    label = serializers.CharField()  # type: ignore[assignment]
    kind = serializers.CharField(help_text="performance, skilling or customer_success")
    points = serializers.FloatField()
    max = serializers.FloatField()
    people = CountedPersonOut(many=True)


class AreaScoreOut(serializers.Serializer):
    key = serializers.CharField()
    name = serializers.CharField()
    track = serializers.CharField(help_text="The track the score was taken on (enterprise or smb)")
    points = serializers.FloatField()
    max = serializers.FloatField()
    status = serializers.CharField(help_text="qualified or in_progress")
    qualified = serializers.BooleanField(help_text="70 of 100 points with every metric above zero")
    missing = serializers.ListField(child=serializers.CharField(), help_text="What is missing to qualify")
    metrics = MetricScoreOut(many=True)


class DesignationsOut(serializers.Serializer):
    at = serializers.DateTimeField()
    areas = AreaScoreOut(many=True)


class AreaSummaryOut(serializers.Serializer):
    key = serializers.CharField()
    name = serializers.CharField()
    points = serializers.FloatField()
    status = serializers.CharField()


class MonthScoresOut(serializers.Serializer):
    month = serializers.CharField(help_text='e.g. "March 2026"; the first is the current month, as of now')
    areas = AreaSummaryOut(many=True)


class DesignationInputIn(serializers.Serializer):
    area = serializers.CharField(max_length=40, help_text="A solution area key")
    metric = serializers.CharField(max_length=40, help_text="A performance or customer-success metric key")
    points = serializers.FloatField(min_value=0)


class DesignationInputOut(serializers.Serializer):
    area = serializers.CharField()
    metric = serializers.CharField()
    points = serializers.FloatField()
    updated_at = serializers.DateTimeField()


# --- Why not counted (PC-14) ---------------------------------------------------------------------------------------


class WhyQuery(serializers.Serializer):
    person = serializers.IntegerField(min_value=1, required=False, help_text="A Partner Center user id; you if none")
    certification = serializers.SlugField(max_length=100, help_text="A catalog certification slug")


class PersonOut(serializers.Serializer):
    id = serializers.IntegerField()
    email = serializers.EmailField(source="account.email")
    name = serializers.CharField(source="account.name")


class WhyOut(serializers.Serializer):
    person = PersonOut()
    certification = serializers.CharField(source="certification.slug")
    certification_name = serializers.CharField(source="certification.name")
    code = serializers.CharField(
        help_text="not_linked, linked_to_another_organization, not_on_linked_mcid, certiport, pending, leaving, "
        "expired, not_eligible or counted"
    )
    message = serializers.CharField()
