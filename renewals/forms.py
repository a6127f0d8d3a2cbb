from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from certlink.validators import EmailAddressField
from profiles.models import Provider


class ExamResultForm(forms.Form):
    mcid = forms.IntegerField(min_value=1, required=False, label="MCID")
    candidate_email = EmailAddressField(max_length=320, required=False, label=_("or the candidate's email"))
    exam_code = forms.CharField(
        max_length=20, label=_("Exam code"), widget=forms.TextInput(attrs={"placeholder": "AZ-104"})
    )
    taken_on = forms.DateTimeField(
        label=_("Taken at (UTC)"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    score = forms.IntegerField(min_value=0, max_value=1000, label=_("Scaled score (pass at 700)"))
    # Translators: the exam delivery provider (Pearson VUE or Certiport).
    provider = forms.ChoiceField(label=_("Provider"), choices=Provider.choices)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if not data.get("mcid") and not data.get("candidate_email"):
            raise forms.ValidationError(_("Give the candidate's MCID or their email."))
        return data
