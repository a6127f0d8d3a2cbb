"""Partner Center pages for every user: the overview and My Learn profile (PC-2, PC-3, PC-6, PC-8, PC-9, PC-14)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from certlink import clock
from certlink.errors import Refusal
from certlink.pages import refuse_on
from partners import rules, selectors_learn
from partners.forms import OneStepForm, RemoveAccessForm, UniversityForm
from partners.models import McidLink, PartnerUser
from partners.services import links
from partners.services.organizations import partner_user_of
from profiles.models import Account
from profiles.services import account_sign_in
from profiles.signed_in import account_of
from profiles.views.credentials import credential_flow


def partner_user_required(request: HttpRequest) -> PartnerUser:
    user = partner_user_of(account_of(request))
    if user is None:
        raise PermissionDenied(
            _(
                "Partner Center is for users of a partner organisation: sign in with the work account your "
                "organisation's admin created for you."
            )
        )
    return user


@login_required
def home(request: HttpRequest) -> HttpResponse:
    user = partner_user_required(request)
    return render(request, "partners/home.html", {"pc_user": user, "organization": user.organization})


@login_required
def learn_profile(request: HttpRequest) -> HttpResponse:
    """My Learn profile: the linked MCID, the next date an association may start, pending credits, history."""
    user = partner_user_required(request)
    me = selectors_learn.my_learn_profile(user=user, now=clock.now())
    return render(
        request,
        "partners/learn_profile.html",
        {
            "pc_user": user,
            "me": me,
            "association_wait": association_starts_a_wait(me.association),
            "one_step_form": OneStepForm(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def associate(request: HttpRequest) -> HttpResponse:
    """PC-2: "Associate Microsoft Learning account": sign in with the MSA of your certification profile. PC-8: while
    a cool-off or the yearly limit runs, the page says so before anyone types a password; a POST still goes to the
    service, which refuses in the same words and records it (PC-7)."""
    user, now = partner_user_required(request), clock.now()
    outlook = selectors_learn.association_outlook_for(user=user, now=now)
    if request.method == "GET" and outlook.refused is not None:
        context = {"refusal": outlook.refused, "before_sign_in": True}
        return render(request, "partners/associate_refused.html", context)

    def proved(msa: Account) -> HttpResponse:
        try:
            link = links.mcid_link(user=user, msa=msa, now=now)
        except Refusal as refusal:
            return render(request, "partners/associate_refused.html", {"refusal": refusal}, status=refusal.status)
        messages.success(
            request,
            ngettext(
                "MCID %(mcid)s is now associated with %(organization)s. Its certifications reach Partner Center in "
                "about %(days)d day.",
                "MCID %(mcid)s is now associated with %(organization)s. Its certifications reach Partner Center in "
                "about %(days)d days.",
                settings.CREDIT_PROPAGATION_DAYS,
            )
            % {
                "mcid": link.profile.mcid,
                "organization": user.organization.name,
                "days": settings.CREDIT_PROPAGATION_DAYS,
            },
        )
        return redirect("partner_learn_profile")

    intro = _("Sign in with the personal account (MSA) you use for your Microsoft certification profile (MCID).")
    return credential_flow(
        request,
        action=reverse("partner_associate"),
        on_proved=proved,
        context={
            "heading": _("Sign in to your certification profile"),
            "intro": f"{intro} {association_starts_a_wait(outlook)}",
            "cancel_url": reverse("partner_learn_profile"),
        },
    )


def association_starts_a_wait(outlook: selectors_learn.AssociationOutlook) -> str:
    """PC-8, said before the person signs in: an association starts the wait for the next one."""
    return _(
        "Associating starts a wait: once you associate, you can't associate again before %(date)s "
        "(associations must start at least %(days)s days apart)."
    ) % {"date": rules.day(outlook.next_if_now), "days": outlook.limits.cooloff.days}


@login_required
@require_POST
def associate_one_step(request: HttpRequest) -> HttpResponse:
    """PC-3's "use email@address": the Partner University email is the MSA of a certification profile."""
    user = partner_user_required(request)
    me = selectors_learn.my_learn_profile(user=user, now=clock.now())
    form = OneStepForm(request.POST)
    try:
        if not me.learn_one_step or not form.is_valid():
            raise Refusal(
                "no_one_step",
                # Translators: "Associate Microsoft Learning account" is the button of that name (seeds 003, 004).
                _("There's no one-step association to offer: use Associate Microsoft Learning account instead."),
            )
        msa = account_sign_in(
            email=me.learn_one_step,
            password=form.cleaned_data["password"],
            kind="msa",
            now=clock.now(),
            request=request,
        )
        links.mcid_link(user=user, msa=msa, now=clock.now(), method=McidLink.Method.PARTNER_UNIVERSITY)
    except Refusal as refusal:
        messages.error(request, refusal.message, extra_tags=f"refusal {refusal.code}")
    else:
        messages.success(
            request,
            _("%(email)s is now associated as your Microsoft Learning account.") % {"email": me.learn_one_step},
        )
    return redirect("partner_learn_profile")


@login_required
@require_http_methods(["GET", "POST"])
def remove_access(request: HttpRequest) -> HttpResponse:
    """PC-6: "Remove access", self only, once confirmed. The GET, and a POST without `confirm`, ask first and
    change nothing: they say what will happen, with the date the next association may start (PC-8) and the refresh
    that removes the credits (PC-10). Only the confirmed POST removes the access."""
    user, now = partner_user_required(request), clock.now()
    form = RemoveAccessForm(request.POST if request.method == "POST" else request.GET)
    if not form.is_valid():
        raise Refusal(
            "unknown_access",
            # Translators: "Remove access" is the button of that name (アクセス権の削除, 移除存取權).
            _("There's no such access to remove: choose Remove access on My Learn profile."),
        )
    what = form.cleaned_data["what"]
    if request.method == "GET" or not form.cleaned_data["confirm"]:
        preview = selectors_learn.removal_preview(user=user, what=what, now=now)
        return render(request, "partners/remove_access.html", {"pc_user": user, "preview": preview})
    try:
        if what == "university":
            links.university_unlink(user=user, now=now)
        else:
            links.mcid_unlink(user=user, now=now)
    except Refusal as refusal:
        messages.error(request, refusal.message, extra_tags=f"refusal {refusal.code}")
    else:
        messages.success(request, _("Access removed. Credits leave the skills report at the next monthly refresh."))
    return redirect("partner_learn_profile")


@login_required
@require_http_methods(["GET", "POST"])
def university(request: HttpRequest) -> HttpResponse:
    """PC-3: "Get Partner University access": sign in or sign up with personal credentials."""
    user = partner_user_required(request)
    form = UniversityForm(request.POST or None)
    status = None
    if request.method == "POST" and form.is_valid():
        data, now = form.cleaned_data, clock.now()
        try:
            if data["sign_up"]:
                account = links.university_sign_up(
                    email=data["email"],
                    password=data["password"],
                    display_name=data["display_name"],
                    now=now,
                    request=request,
                )
            else:
                account = links.university_sign_in(
                    email=data["email"], password=data["password"], now=now, request=request
                )
            links.university_link(user=user, account=account, now=now)
        except Refusal as refusal:
            refuse_on(form, refusal)
            status = refusal.status  # 429 when locked out (ID-3), as the API says
        else:
            messages.success(
                request,
                _("Partner University access: %(email)s is linked to your work account.") % {"email": account.email},
            )
            return redirect("partner_learn_profile")
    return render(request, "partners/university.html", {"form": form}, status=status or (400 if form.errors else 200))
