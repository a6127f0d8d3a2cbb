from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _


class AdvanceByForm(forms.Form):
    by = forms.CharField(
        max_length=50,
        label=_("Advance by"),
        widget=forms.TextInput(attrs={"placeholder": "30d"}),
        # Translators: the units (d, w, h, m, mo, y) are what the field reads: keep them as they are.
        help_text=_("30d, 2w, 12h, 90m, 6mo, 1y, or several: 1y 2mo"),
    )


class AdvanceToForm(forms.Form):
    to = forms.DateField(label=_("Advance to"), widget=forms.DateInput(attrs={"type": "date"}))


class OutboxFilterForm(forms.Form):
    """The outbox's filters (their fields come from sim.filters.OutboxFilter): the days must be in order."""

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and until < since:
            self.add_error("until", _("The last day is before the first day. Swap them, or leave one empty."))
        return cleaned
