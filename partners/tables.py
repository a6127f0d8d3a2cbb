"""The skills report's grid (PC-11) as django-tables2 draws it: its columns, how each one sorts, and its cells. The
rows come filtered from partners.filters; a page of them is one query, and the total another (a COUNT)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import django_tables2 as tables  # type: ignore[import-untyped]  # no stubs, no py.typed
from django.db.models import Case, F, IntegerField, QuerySet, When
from django.db.models.expressions import OrderBy
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from partners import rules
from partners.models import PartnerCredit

# Rows that sort alike keep the report's order (last name, first name, title, id), so a page never repeats a row.
REPORT_ORDER = ("last_name", "first_name", "title", "pk")
STATUS_LABELS = {"active": _("Active"), "expired": _("Expired")}


def _by(first: OrderBy | F, credits: QuerySet[PartnerCredit], *rest: str) -> tuple[QuerySet[PartnerCredit], bool]:
    return credits.order_by(first, *(rest or REPORT_ORDER)), True


def _day(value: datetime | None) -> str:
    return date_format(value, "DATE_FORMAT") if value else ""


class SkillsTable(tables.Table):
    activity = tables.Column(verbose_name=_("Activity"), accessor="title")  # its title, id and type
    person = tables.Column(verbose_name=_("Person"), accessor="last_name", empty_values=())  # name and both emails
    completed = tables.Column(verbose_name=_("Completed"), accessor="completed_at")
    mcid = tables.Column(verbose_name=_("MCID"), orderable=False, default="")
    expires = tables.Column(verbose_name=_("Expires"), accessor="expires_at", default="—")
    status = tables.Column(verbose_name=_("Status"), accessor="expires_at", empty_values=())

    class Meta:
        template_name = "partners/skills_table.html"
        attrs = {"class": "table skills-grid"}
        order_by_field = "sort"
        row_attrs = {"data-activity": lambda record: record.activity_id}

    def __init__(self, data: QuerySet[PartnerCredit], *, at: datetime, **kwargs: Any) -> None:
        self.at = at  # the simulated now: active or expired
        super().__init__(data, order_by=("person",), **kwargs)  # the report's own order, said so by its header

    # How each column sorts: descending reverses the column, never the tie-breakers; "never expires" sorts last.

    def order_activity(self, credits: QuerySet[PartnerCredit], is_descending: bool) -> tuple[QuerySet, bool]:
        return _by(F("title").desc() if is_descending else F("title").asc(), credits, "last_name", "first_name", "pk")

    def order_person(self, credits: QuerySet[PartnerCredit], is_descending: bool) -> tuple[QuerySet, bool]:
        if not is_descending:
            return credits.order_by(*REPORT_ORDER), True
        return credits.order_by("-last_name", "-first_name", "title", "pk"), True

    def order_completed(self, credits: QuerySet[PartnerCredit], is_descending: bool) -> tuple[QuerySet, bool]:
        return _by(F("completed_at").desc() if is_descending else F("completed_at").asc(), credits)

    def order_expires(self, credits: QuerySet[PartnerCredit], is_descending: bool) -> tuple[QuerySet, bool]:
        expires = F("expires_at")
        return _by(expires.desc(nulls_last=True) if is_descending else expires.asc(nulls_last=True), credits)

    def order_status(self, credits: QuerySet[PartnerCredit], is_descending: bool) -> tuple[QuerySet, bool]:
        """Active before expired (ascending), as PC-11 words them; the database decides with the same rule."""
        expired = Case(When(expires_at__lte=self.at, then=1), default=0, output_field=IntegerField())
        return _by(expired.desc() if is_descending else expired.asc(), credits)

    # The cells.

    def render_activity(self, record: PartnerCredit) -> SafeString:
        manual = format_html(' <span class="tag">{}</span>', _("manual")) if record.manual else ""
        return format_html(
            '<span class="title">{}</span><small class="line">{} · <span class="kind">{}</span>{}</small>',
            record.title,
            record.activity_id,
            record.get_kind_display(),
            manual,
        )

    def render_person(self, record: PartnerCredit) -> SafeString:
        name = f"{record.first_name} {record.last_name}".strip()
        return format_html(
            '<span class="name">{}</span>'
            '<span class="line email"><span class="visually-hidden">{}: </span>{}</span>'
            '<small class="line email"><span class="visually-hidden">{}: </span>{}</small>',
            name,
            _("Work email"),
            record.work_email,
            _("Personal email"),
            record.personal_email,
        )

    def render_completed(self, value: datetime) -> str:
        return _day(value)

    def render_expires(self, value: datetime) -> str:
        return _day(value)

    def render_status(self, value: datetime | None) -> SafeString:
        status = rules.credit_status(value, at=self.at)
        return format_html(
            '<span class="tag {}" data-status="{}">{}</span>',
            "ok" if status == "active" else "warn",
            status,
            STATUS_LABELS.get(status, status),
        )
