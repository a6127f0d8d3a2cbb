"""The outbox's filters (SIM-2): by recipient, by kind of email and by simulated date. One FilterSet (django-filter)
serves the page and the API, so both accept the same values and refuse the same mistakes."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import django_filters
from django import forms
from django.db.models import QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field

from certlink.models import OutboxMessage
from sim import selectors
from sim.forms import OutboxFilterForm

# The kinds of email certlink sends: the folders of templates/emails/ (a test holds the two lists together).
EMAIL_KINDS = [
    ("renewal_notice", _("Renewal notice")),
    ("renewal_reminder", _("Renewal reminder")),
    ("support_processed", _("Support request processed")),
    ("support_rejected", _("Support request rejected")),
    ("welcome_msa", _("Welcome to a Microsoft account")),
    ("plain", _("Other email")),  # sent without a template of ours (certlink.emails.PLAIN)
]


def _day_start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


# The schema says what the page's form sends too: an empty value is no filter.
_DAY = {"anyOf": [{"type": "string", "format": "date"}, {"type": "string", "maxLength": 0}]}
_KIND = {"type": "string", "enum": ["", *(kind for kind, _label in EMAIL_KINDS)]}
_ADDRESS = {"type": "string", "maxLength": 320}


def _day_filter(method: str, label: str | Promise, help_text: str | Promise) -> django_filters.DateFilter:
    return extend_schema_field(_DAY)(
        django_filters.DateFilter(
            method=method,
            label=label,
            help_text=help_text,
            input_formats=["%Y-%m-%d"],  # what a date input sends, and what the API documents
            widget=forms.DateInput(attrs={"type": "date"}),
        )
    )


class OutboxFilter(django_filters.FilterSet):
    to = extend_schema_field(_ADDRESS)(
        django_filters.CharFilter(
            method="filter_to", max_length=320, label=_("Sent to"), help_text=_("An email address, whole (operators)")
        )
    )
    template = extend_schema_field(_KIND)(
        django_filters.ChoiceFilter(
            choices=EMAIL_KINDS,
            label=_("Kind of email"),
            empty_label=_("Any kind"),
            help_text=_("The email's template"),
        )
    )
    since = _day_filter("filter_since", _("Sent from"), _("The first simulated day, YYYY-MM-DD"))
    until = _day_filter("filter_until", _("Sent until"), _("The last simulated day, YYYY-MM-DD (included)"))

    class Meta:
        model = OutboxMessage
        fields = ["to", "template", "since", "until"]
        form = OutboxFilterForm

    def filter_to(self, messages: QuerySet[OutboxMessage], name: str, value: str) -> QuerySet[OutboxMessage]:
        """Operators' filter: anyone else reads only their own address's mail already, whatever they ask for."""
        user = getattr(self.request, "user", None)
        if not value.strip() or not getattr(user, "is_operator", False):
            return messages
        return messages.filter(selectors.sent_to([value.strip().lower()]))

    def filter_since(self, messages: QuerySet[OutboxMessage], name: str, value: date) -> QuerySet[OutboxMessage]:
        return messages.filter(sent_at__gte=_day_start(value))

    def filter_until(self, messages: QuerySet[OutboxMessage], name: str, value: date) -> QuerySet[OutboxMessage]:
        # A range on sent_at (its index) rather than sent_at's date, which no index holds.
        if value == date.max:
            return messages
        return messages.filter(sent_at__lt=_day_start(value + timedelta(days=1)))
