from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from certlink.validators import EmailAddressField
from partners.models import PartnerOrganization


class UniversityForm(forms.Form):
    email = EmailAddressField(max_length=320, label=_("Partner University email (personal)"))
    password = forms.CharField(max_length=128, strip=False, widget=forms.PasswordInput, label=_("Password"))
    display_name = forms.CharField(max_length=200, required=False, label=_("Your name (to sign up)"))
    sign_up = forms.BooleanField(required=False, label=_("I have no Partner University account yet: sign me up"))


class OneStepForm(forms.Form):
    password = forms.CharField(max_length=128, strip=False, widget=forms.PasswordInput, label=_("Password"))


class RemoveAccessForm(forms.Form):
    """PC-6: which access to remove; only a POST with `confirm` removes it (the page asks first)."""

    what = forms.ChoiceField(
        choices=[("mcid", _("Microsoft Learning account (MCID)")), ("university", _("Partner University access"))],
        required=False,
    )
    confirm = forms.BooleanField(required=False)

    def clean_what(self) -> str:
        return self.cleaned_data["what"] or "mcid"


class PartnerUserForm(forms.Form):
    email = EmailAddressField(max_length=320, label=_("Work email (username)"))
    # Translators: a person's name.
    display_name = forms.CharField(max_length=200, required=False, label=_("Name"))
    # Translators: Partner Center's roles, as the labels of their checkboxes.
    is_global_admin = forms.BooleanField(required=False, label=_("Global admin"))
    is_account_admin = forms.BooleanField(required=False, label=_("Account admin"))
    is_partner_admin = forms.BooleanField(required=False, label=_("Partner admin"))
    is_report_viewer = forms.BooleanField(required=False, label=_("Report viewer"))


class RolesForm(forms.Form):
    is_global_admin = forms.BooleanField(required=False, label=_("Global admin"))
    is_account_admin = forms.BooleanField(required=False, label=_("Account admin"))
    is_partner_admin = forms.BooleanField(required=False, label=_("Partner admin"))
    is_report_viewer = forms.BooleanField(required=False, label=_("Report viewer"))


class InputForm(forms.Form):
    area = forms.CharField(widget=forms.HiddenInput)
    metric = forms.CharField(widget=forms.HiddenInput)
    points = forms.FloatField(min_value=0, label=_("Points"))


class WhyForm(forms.Form):
    person = forms.TypedChoiceField(coerce=int, label=_("Person"))
    certification = forms.ChoiceField(label=_("Certification"))

    def __init__(self, *args: Any, people: list[tuple[int, str]], certifications: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choose(self, "person", people)
        _choose(self, "certification", certifications)


class CreditRequestForm(forms.Form):
    held = forms.TypedChoiceField(coerce=int, label=_("Certification"))

    def __init__(self, *args: Any, held: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choose(self, "held", held)

    evidence = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        label=_("Evidence (certification number, date, transcript)"),
    )


class OrganizationForm(forms.Form):
    name = forms.CharField(max_length=200, label=pgettext_lazy("organisation", "Name"))
    partner_id = forms.CharField(max_length=10, label="PartnerID")
    domains = forms.CharField(max_length=500, label=_("Verified domains (comma-separated)"))
    admin_email = EmailAddressField(max_length=320, label=_("First global admin's email"))
    admin_name = forms.CharField(max_length=200, required=False, label=_("First global admin's name"))
    # Translators: the Solutions Partner track of an organisation (Enterprise or SMB).
    track = forms.ChoiceField(choices=PartnerOrganization.Track.choices, label=_("Track"))


class CompletionForm(forms.Form):
    email = EmailAddressField(max_length=320, label=_("Partner University account email"))
    assessment = forms.CharField(
        max_length=100, initial="pu-teams-meetings-rooms-technical-assessment", label=_("Assessment")
    )
    title = forms.CharField(
        max_length=250,
        initial="Teams Meetings and Meeting Rooms Technical Assessment",
        # Translators: the title of a Partner University assessment.
        label=_("Title"),
    )
    completed_at = forms.DateTimeField(
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}), label=_("Completed at")
    )


def _choose(form: forms.Form, name: str, choices: Any) -> None:
    """Choices known only when the form is made (the organisation's people, a person's certifications)."""
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField)  # every field given choices here is declared as one
    field.choices = choices
