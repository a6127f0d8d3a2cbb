"""Partner Center pages for every user: the overview and My Learn profile (PC-2, PC-3, PC-6, PC-8, PC-9, PC-14)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from certlink import clock
from certlink.errors import Refusal
from certlink.pagecache import page_cache
from certlink.pages import refuse_on
from partners import selectors
from partners.forms import OneStepForm, UniversityForm
from partners.models import McidLink, PartnerUser
from partners.services import links
from partners.services.organizations import partner_user_of
from profiles.models import Account
from profiles.services import account_sign_in
from profiles.views.credentials import credential_flow


def partner_user_required(request: HttpRequest) -> PartnerUser:
    user = partner_user_of(request.user)  # type: ignore[arg-type]
    if user is None:
        raise PermissionDenied(
            "Partner Center is for users of a partner organisation: sign in with the work account "
            "your organisation's admin created for you."
        )
    return user


@page_cache
@login_required
def home(request: HttpRequest) -> HttpResponse:
    user = partner_user_required(request)
    return render(request, "partners/home.html", {"pc_user": user, "organization": user.organization})


@page_cache
@login_required
def learn_profile(request: HttpRequest) -> HttpResponse:
    """My Learn profile: the linked MCID, the next date an association may start, pending credits, history."""
    user = partner_user_required(request)
    return render(
        request,
        "partners/learn_profile.html",
        {
            "pc_user": user,
            "me": selectors.my_learn_profile(user=user, now=clock.now()),
            "one_step_form": OneStepForm(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def associate(request: HttpRequest) -> HttpResponse:
    """PC-2: "Associate Microsoft Learning account": sign in with the MSA of your certification profile."""
    user = partner_user_required(request)

    def proved(msa: Account) -> HttpResponse:
        try:
            link = links.mcid_link(user=user, msa=msa, now=clock.now())
        except Refusal as refusal:
            return render(request, "partners/associate_refused.html", {"refusal": refusal}, status=refusal.status)
        messages.success(
            request,
            f"MCID {link.profile.mcid} is now associated with {user.organization.name}. "
            "Its certifications reach Partner Center in about ten days.",
        )
        return redirect("partner_learn_profile")

    return credential_flow(
        request,
        action=reverse("partner_associate"),
        on_proved=proved,
        context={
            "heading": "Sign in to your certification profile",
            "intro": "Sign in with the personal account (MSA) you use for your Microsoft certification profile (MCID).",
            "cancel_url": reverse("partner_learn_profile"),
        },
    )


@login_required
@require_POST
def associate_one_step(request: HttpRequest) -> HttpResponse:
    """PC-3's "use email@address": the Partner University email is the MSA of a certification profile."""
    user = partner_user_required(request)
    me = selectors.my_learn_profile(user=user, now=clock.now())
    form = OneStepForm(request.POST)
    try:
        if not me.learn_one_step or not form.is_valid():
            raise Refusal(
                "no_one_step",
                "There's no one-step association to offer: use Associate Microsoft Learning account instead.",
            )
        msa = account_sign_in(
            email=me.learn_one_step, password=form.cleaned_data["password"], kind="msa", now=clock.now()
        )
        links.mcid_link(user=user, msa=msa, now=clock.now(), method=McidLink.Method.PARTNER_UNIVERSITY)
    except Refusal as refusal:
        messages.error(request, refusal.message, extra_tags=f"refusal {refusal.code}")
    else:
        messages.success(request, f"{me.learn_one_step} is now associated as your Microsoft Learning account.")
    return redirect("partner_learn_profile")


@login_required
@require_POST
def remove_access(request: HttpRequest) -> HttpResponse:
    """PC-6: "Remove access", self only."""
    user = partner_user_required(request)
    kind = request.POST.get("what", "mcid")
    try:
        if kind == "university":
            links.university_unlink(user=user, now=clock.now())
        else:
            links.mcid_unlink(user=user, now=clock.now())
    except Refusal as refusal:
        messages.error(request, refusal.message, extra_tags=f"refusal {refusal.code}")
    else:
        messages.success(request, "Access removed. Credits leave the skills report at the next monthly refresh.")
    return redirect("partner_learn_profile")


@login_required
@require_http_methods(["GET", "POST"])
def university(request: HttpRequest) -> HttpResponse:
    """PC-3: "Get Partner University access": sign in or sign up with personal credentials."""
    user = partner_user_required(request)
    form = UniversityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data, now = form.cleaned_data, clock.now()
        try:
            if data["sign_up"]:
                account = links.university_sign_up(
                    email=data["email"], password=data["password"], display_name=data["display_name"], now=now
                )
            else:
                account = links.university_sign_in(email=data["email"], password=data["password"])
            links.university_link(user=user, account=account, now=now)
        except Refusal as refusal:
            refuse_on(form, refusal)
        else:
            messages.success(request, f"Partner University access: {account.email} is linked to your work account.")
            return redirect("partner_learn_profile")
    return render(request, "partners/university.html", {"form": form}, status=400 if form.errors else 200)
