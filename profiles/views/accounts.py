"""Pages: sign-in (Microsoft style), sign-out, MSA sign-up, the account, a tenant admin's work accounts."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login, logout, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from certlink import clock
from certlink.errors import Refusal
from certlink.pages import refuse_on
from certlink.password_gate import password_change_required
from profiles import selectors, services
from profiles.forms import MsaSignUpForm, PasswordChangeForm, WorkAccountForm
from profiles.models import Account
from profiles.signed_in import SignedInRequest
from profiles.views.credentials import credential_flow

BACKEND = "profiles.backends.AccountBackend"


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return reverse("home")


@require_http_methods(["GET", "POST"])
def signin(request: HttpRequest) -> HttpResponse:
    """Email → (work or personal?) → password, as Microsoft's sign-in asks it (ID-2, ID-3)."""
    next_url = _next_url(request)

    def signed_in(account: Account) -> HttpResponse:
        login(request, account, backend=BACKEND)
        if account.must_change_password:
            return redirect(f"{reverse('password_change')}?{urlencode({'next': next_url})}")
        return redirect(next_url)

    return credential_flow(
        request, action=reverse("signin"), on_proved=signed_in, context={"next": next_url, "show_signup": True}
    )


@require_http_methods(["GET", "POST"])
def signout(request: HttpRequest) -> HttpResponse:
    """`next` (the page the person signs out from) is where Cancel and, once signed out, "Sign in again" lead."""
    context = {"next": _next_url(request)}
    if request.method == "POST":
        logout(request)
        return render(request, "profiles/signed_out.html", context)
    return render(request, "profiles/signout_confirm.html", context)


@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    form = MsaSignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            account = services.msa_sign_up(now=clock.now(), **form.cleaned_data)
        except Refusal as refusal:
            refuse_on(form, refusal)
        else:
            login(request, account, backend=BACKEND)
            messages.success(
                request, _("Your personal Microsoft account %(email)s is ready.") % {"email": account.email}
            )
            return redirect(_next_url(request))
    return render(
        request, "profiles/signup.html", {"form": form, "next": _next_url(request)}, status=400 if form.errors else 200
    )


@login_required
def account_detail(request: HttpRequest) -> HttpResponse:
    return render(request, "profiles/account.html", {"account": request.user})


@login_required
@require_http_methods(["GET", "POST"])
def password_change(request: SignedInRequest) -> HttpResponse:
    form = PasswordChangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.account_set_password(account=request.user, password=form.cleaned_data["password"])
        except Refusal as refusal:
            refuse_on(form, refusal)
        else:
            # This session stays signed in; the account's other sessions and its API tokens end with the old password.
            update_session_auth_hash(request, request.user)
            messages.success(request, _("Your password has been changed."))
            return redirect(_next_url(request))
    required = password_change_required() if request.user.must_change_password else None
    return render(
        request,
        "profiles/password_change.html",
        {"form": form, "next": _next_url(request), "required": required},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def tenant_accounts(request: SignedInRequest) -> HttpResponse:
    accounts = selectors.tenant_accounts(by=request.user)
    form = WorkAccountForm(request.POST or None)
    created = None
    if request.method == "POST" and form.is_valid():
        try:
            account, password = services.work_account_create(by=request.user, now=clock.now(), **form.cleaned_data)
        except Refusal as refusal:
            refuse_on(form, refusal)
        else:
            created = {"account": account, "password": password}
            form = WorkAccountForm()
    return render(
        request,
        "profiles/tenant_accounts.html",
        {"accounts": accounts, "form": form, "created": created, "tenant": request.user.tenant},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def tenant_account_delete(request: SignedInRequest, account_id: int) -> HttpResponse:
    tenant = selectors.tenant_administered_by(request.user)
    account = get_object_or_404(Account, pk=account_id, tenant=tenant, deleted_at__isnull=True)
    error = None
    if request.method == "POST":
        try:
            services.work_account_delete(by=request.user, account=account, now=clock.now())
        except Refusal as refusal:
            error = refusal
        else:
            messages.success(request, _("%(email)s was deleted. It can no longer sign in.") % {"email": account.email})
            return redirect("tenant_accounts")
    return render(
        request,
        "profiles/tenant_account_delete.html",
        {"account": account, "refusal": error},
        status=400 if error else 200,
    )
