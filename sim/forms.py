from __future__ import annotations

from django import forms


class AdvanceByForm(forms.Form):
    by = forms.CharField(
        max_length=50,
        label="Advance by",
        widget=forms.TextInput(attrs={"placeholder": "30d"}),
        help_text="30d, 2w, 12h, 90m, 6mo, 1y, or several: 1y 2mo",
    )


class AdvanceToForm(forms.Form):
    to = forms.DateField(label="Advance to", widget=forms.DateInput(attrs={"type": "date"}))


class OutboxFilterForm(forms.Form):
    to = forms.CharField(max_length=320, required=False, label="Sent to")
