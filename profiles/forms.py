from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from certlink.validators import EmailAddressField
from profiles.models import Account, SupportRequest


class EmailStepForm(forms.Form):
    email = EmailAddressField(
        max_length=320,
        label=_("Email address"),
        widget=forms.EmailInput(
            attrs={"placeholder": _("Email address"), "autocomplete": "username", "autofocus": True}
        ),
    )


class KindStepForm(EmailStepForm):
    kind = forms.ChoiceField(choices=Account.Kind.choices, widget=forms.RadioSelect)


class PasswordStepForm(EmailStepForm):
    kind = forms.ChoiceField(choices=Account.Kind.choices, required=False, widget=forms.HiddenInput)
    password = forms.CharField(
        max_length=128,
        strip=False,
        label=_("Password"),
        widget=forms.PasswordInput(
            attrs={"placeholder": _("Password"), "autocomplete": "current-password", "autofocus": True}
        ),
    )


class MsaSignUpForm(forms.Form):
    email = EmailAddressField(
        max_length=320,
        label=_("Email address"),
        widget=forms.EmailInput(attrs={"placeholder": "someone@example.com", "autocomplete": "email"}),
    )
    display_name = forms.CharField(max_length=200, required=False, label=_("Your name"))
    password = forms.CharField(
        max_length=128,
        strip=False,
        label=_("Create password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )


class WorkAccountForm(forms.Form):
    email = EmailAddressField(max_length=320, label=_("Username (email on a verified domain)"))
    display_name = forms.CharField(max_length=200, required=False, label=_("Display name"))
    is_tenant_admin = forms.BooleanField(required=False, label=_("Directory admin (can manage accounts)"))


class PasswordChangeForm(forms.Form):
    password = forms.CharField(
        max_length=128,
        strip=False,
        label=_("New password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )


class CertificationProfileForm(forms.Form):
    legal_name = forms.CharField(max_length=200, label=_("Legal name (as on your government ID)"))
    contact_email = EmailAddressField(max_length=320, label=_("Contact email"))


class ContactForm(forms.Form):
    contact_email = EmailAddressField(max_length=320, label=_("Contact email"))


class LegalNameForm(forms.Form):
    legal_name = forms.CharField(max_length=200, label=_("New legal name"))


class SupportRequestForm(forms.Form):
    kind = forms.ChoiceField(choices=SupportRequest.Kind.choices, label=_("What do you need?"))
    claimed_mcid = forms.IntegerField(min_value=1, label=_("MCID of your certification profile"))
    legal_name = forms.CharField(max_length=200, label=_("Legal name on that profile"))
    contact_email = EmailAddressField(max_length=320, label=_("Contact email on that profile"))
    other_mcid = forms.IntegerField(min_value=1, required=False, label=_("For a merge: the other MCID"))
    # Translators: the label of an optional box for further details of a support request.
    details = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}), label=_("Anything else"))


class MessageForm(forms.Form):
    # Translators: the label of the box where a learner or an agent writes a message in a support session.
    body = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label=_("Message"), max_length=5000)


class RejectForm(forms.Form):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}), label=_("Reason (the learner reads it)"), max_length=2000
    )
