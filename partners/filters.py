"""The skills report's filters (PC-11): by designation, certification name, person, status and dates. One FilterSet
(django-filter) checks them for the page, its CSV download and the API, so all three accept the same values, refuse
the same mistakes (a 400 naming the field) and narrow the report through the same code (selectors.filter_report)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import django_filters
from django import forms
from django.db.models import QuerySet
from django.http import QueryDict
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter

from partners import selectors
from partners.models import PartnerCredit

CERTIFICATION_NAMES = "skills-certification-names"  # the id of the page's <datalist> of certification names

STATUSES = [("active", _("Active")), ("expired", _("Expired"))]


def _area_choices() -> list[tuple[str, str]]:
    return [(area.key, area.name) for area in selectors.areas()]


def _day(label: str | Promise, help_text: str | Promise) -> django_filters.DateFilter:
    return django_filters.DateFilter(
        label=label,
        help_text=help_text,
        input_formats=["%Y-%m-%d"],  # what a date input sends, and what the API documents
        widget=forms.DateInput(attrs={"type": "date"}),
    )


class SkillsReportFilterForm(forms.Form):
    """The filters' form (its fields come from SkillsReportFilter): each pair of days must be in order."""

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        for first, last in (("completed_from", "completed_to"), ("expires_from", "expires_to")):
            if cleaned.get(first) and cleaned.get(last) and cleaned[last] < cleaned[first]:
                self.add_error(last, _("The last day is before the first day. Swap them, or leave one empty."))
        return cleaned


class SkillsReportFilter(django_filters.FilterSet):
    designation = django_filters.ChoiceFilter(
        choices=_area_choices,
        label=_("Designation"),
        empty_label=_("Any designation"),
        help_text=_("A solution area: only the activities that count for it (API: its key, e.g. infrastructure)"),
    )
    certification = django_filters.CharFilter(
        max_length=250,
        label=_("Certification"),
        help_text=_("Part of its name, e.g. Azure Administrator, or its activity id"),
        widget=forms.TextInput(attrs={"list": CERTIFICATION_NAMES, "autocomplete": "off"}),
    )
    person = django_filters.CharFilter(
        max_length=200, label=_("Person"), help_text=_("Part of a name or an email address")
    )
    status = django_filters.ChoiceFilter(
        choices=STATUSES, label=_("Status"), empty_label=_("Any status"), help_text=_("active or expired")
    )
    completed_from = _day(_("Completed from"), _("The first day of completion, YYYY-MM-DD"))
    completed_to = _day(_("Completed until"), _("The last day of completion, YYYY-MM-DD (included)"))
    expires_from = _day(_("Expires from"), _("The first day of expiry, YYYY-MM-DD"))
    expires_to = _day(_("Expires until"), _("The last day of expiry, YYYY-MM-DD (included)"))

    class Meta:
        model = PartnerCredit
        fields = [
            "designation",
            "certification",
            "person",
            "status",
            "completed_from",
            "completed_to",
            "expires_from",
            "expires_to",
        ]
        form = SkillsReportFilterForm

    def __init__(
        self,
        data: QueryDict | dict[str, Any] | None,
        queryset: QuerySet[PartnerCredit],
        *,
        at: datetime,
        request: Any = None,
    ) -> None:
        super().__init__(data, queryset, request=request)
        self.at = at  # the simulated now that decides active or expired

    def report_filters(self) -> selectors.ReportFilters:
        """What was asked, checked (call is_valid first)."""
        data = self.form.cleaned_data
        area = selectors.area_by_key(data["designation"]) if data.get("designation") else None
        days: dict[str, date | None] = {name: data.get(name) for name in _DAYS}
        return selectors.ReportFilters(
            certification=data.get("certification") or "",
            person=data.get("person") or "",
            status=data.get("status") or "",
            activity_ids=selectors.area_activities(area) if area else None,
            **days,
        )

    def filter_queryset(self, queryset: QuerySet[PartnerCredit]) -> QuerySet[PartnerCredit]:
        return selectors.filter_report(queryset, self.report_filters(), at=self.at)


_DAYS = ("completed_from", "completed_to", "expires_from", "expires_to")


def skills_report(
    data: QueryDict | dict[str, Any], *, organization: Any, at: datetime, request: Any = None
) -> SkillsReportFilter:
    """The filters of `data` over the organisation's whole report (selectors.skills_report) in the report's order:
    `.is_valid()`, then `.qs` is the filtered report, `.errors` what is wrong."""
    return SkillsReportFilter(data, selectors.skills_report(organization=organization, at=at), at=at, request=request)


def openapi_parameters() -> list[OpenApiParameter]:
    """The filters as the API's query parameters (an empty value is no filter, as the page's form sends it)."""
    parameters = []
    for name, field in SkillsReportFilter.base_filters.items():
        choices = field.extra.get("choices")
        schema: dict[str, Any] = {"type": "string", "maxLength": field.extra.get("max_length", 100)}
        if isinstance(field, django_filters.DateFilter):
            schema = {"anyOf": [{"type": "string", "format": "date"}, {"type": "string", "maxLength": 0}]}
        elif choices and not callable(choices):  # the designations are read from their file when first asked for
            schema = {"type": "string", "enum": ["", *(key for key, _label in choices)]}
        parameters.append(
            OpenApiParameter(name, schema, OpenApiParameter.QUERY, description=str(field.extra["help_text"]))
        )
    return parameters
