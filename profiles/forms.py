from __future__ import annotations

from django import forms

from profiles.models import Account


class EmailStepForm(forms.Form):
    email = forms.EmailField(
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
    email = forms.EmailField(
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
    email = forms.EmailField(max_length=320, label="Username (email on a verified domain)")
    display_name = forms.CharField(max_length=200, required=False, label="Display name")
    is_tenant_admin = forms.BooleanField(required=False, label="Directory admin (can manage accounts)")


class PasswordChangeForm(forms.Form):
    password = forms.CharField(
        max_length=128,
        strip=False,
        label="New password",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
