"""The Microsoft-style credential steps (email → work or personal? → password), shared by sign-in and by every
flow that makes a person prove an account is theirs by signing in with it (LP-3, later PC-2)."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from certlink import clock
from certlink.errors import Refusal
from certlink.pages import refuse_on
from profiles import services
from profiles.forms import EmailStepForm, KindStepForm, PasswordStepForm
from profiles.models import Account


def credential_flow(
    request: HttpRequest, *, action: str, on_proved: Callable[[Account], HttpResponse], context: dict
) -> HttpResponse:
    """Run the step the POST asks for; `on_proved` gets the account once its password is right (ID-2, ID-3).

    `context` goes to the templates: `heading` (the first step's title), `intro`, `next`, `cancel_url`."""
    context = {"form_action": action, "heading": _("Sign in"), **context}
    step = request.POST.get("step", "email") if request.method == "POST" else "email"
    if step == "email":
        form = EmailStepForm(request.POST or None, initial={"email": request.GET.get("email", "")})
        if request.method == "POST" and form.is_valid():
            return _after_email(request, context, form.cleaned_data["email"])
        return render(
            request, "profiles/signin_email.html", {**context, "form": form}, status=400 if form.errors else 200
        )
    if step == "kind":
        form = KindStepForm(request.POST)
        if not form.is_valid():
            return render(request, "profiles/signin_kind.html", {**context, "form": form}, status=400)
        return _password_step(request, context, PasswordStepForm(initial=form.cleaned_data))
    form = PasswordStepForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            account = services.account_sign_in(
                email=data["email"], password=data["password"], kind=data["kind"], now=clock.now(), request=request
            )
        except Refusal as refusal:
            if refusal.code == "signin_kind_required":
                return _after_email(request, context, data["email"])
            refuse_on(form, refusal)
            return _password_step(request, context, form, status=refusal.status)  # 429 when locked out (ID-3)
        return on_proved(account)
    return _password_step(request, context, form)


def _after_email(request: HttpRequest, context: dict, email: str) -> HttpResponse:
    if services.sign_in_kind_choice_needed(email):
        return render(request, "profiles/signin_kind.html", {**context, "form": KindStepForm(initial={"email": email})})
    return _password_step(request, context, PasswordStepForm(initial={"email": email, "kind": "msa"}))


def _password_step(
    request: HttpRequest, context: dict, form: PasswordStepForm, *, status: int | None = None
) -> HttpResponse:
    email = form.data.get("email") if form.is_bound else form.initial.get("email")
    kind = form.data.get("kind") if form.is_bound else form.initial.get("kind")
    return render(
        request,
        "profiles/signin_password.html",
        {**context, "form": form, "email": email, "kind_label": dict(Account.Kind.choices).get(kind or "", "")},
        status=status or (400 if form.is_bound and form.errors else 200),
    )
