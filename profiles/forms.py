from __future__ import annotations

from django import forms

from certlink.validators import EmailAddressField
from profiles.models import Account, SupportRequest


class EmailStepForm(forms.Form):
    email = EmailAddressField(
        max_length=320,
        label="Email address",
        widget=forms.EmailInput(attrs={"placeholder": "Email address", "autocomplete": "username", "autofocus": True}),
    )


class KindStepForm(EmailStepForm):
    kind = forms.ChoiceField(choices=Account.Kind.choices, widget=forms.RadioSelect)


class PasswordStepForm(EmailStepForm):
    kind = forms.ChoiceField(choices=Account.Kind.choices, required=False, widget=forms.HiddenInput)
    password = forms.CharField(
        max_length=128,
        strip=False,
        label="Password",
        widget=forms.PasswordInput(
            attrs={"placeholder": "Password", "autocomplete": "current-password", "autofocus": True}
        ),
    )


class MsaSignUpForm(forms.Form):
    email = EmailAddressField(
        max_length=320,
        label="Email address",
        widget=forms.EmailInput(attrs={"placeholder": "someone@example.com", "autocomplete": "email"}),
    )
    display_name = forms.CharField(max_length=200, required=False, label="Your name")
    password = forms.CharField(
        max_length=128,
        strip=False,
        label="Create password",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )


class WorkAccountForm(forms.Form):
    email = EmailAddressField(max_length=320, label="Username (email on a verified domain)")
    display_name = forms.CharField(max_length=200, required=False, label="Display name")
    is_tenant_admin = forms.BooleanField(required=False, label="Directory admin (can manage accounts)")


class PasswordChangeForm(forms.Form):
    password = forms.CharField(
        max_length=128,
        strip=False,
        label="New password",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )


class CertificationProfileForm(forms.Form):
    legal_name = forms.CharField(max_length=200, label="Legal name (as on your government ID)")
    contact_email = EmailAddressField(max_length=320, label="Contact email")


class ContactForm(forms.Form):
    contact_email = EmailAddressField(max_length=320, label="Contact email")


class LegalNameForm(forms.Form):
    legal_name = forms.CharField(max_length=200, label="New legal name")


class SupportRequestForm(forms.Form):
    kind = forms.ChoiceField(choices=SupportRequest.Kind.choices, label="What do you need?")
    claimed_mcid = forms.IntegerField(min_value=1, label="MCID of your certification profile")
    legal_name = forms.CharField(max_length=200, label="Legal name on that profile")
    contact_email = EmailAddressField(max_length=320, label="Contact email on that profile")
    other_mcid = forms.IntegerField(min_value=1, required=False, label="For a merge: the other MCID")
    details = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}), label="Anything else")


class MessageForm(forms.Form):
    body = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label="Message", max_length=5000)


class RejectForm(forms.Form):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}), label="Reason (the learner reads it)", max_length=2000
    )
