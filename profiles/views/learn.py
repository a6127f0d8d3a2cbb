"""Learn pages: the profile (LP-1), Settings → Account management (LP-2..LP-6), connecting the certification profile
(CP-3), the transcript and its public link (LP-8), and the alignment doctor (AL-5). Credentials → Certifications,
which shows each certification's renewal status, is renewals.views.certifications (README, Layers)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from certlink import clock
from certlink.errors import Refusal
from profiles import selectors, services
from profiles.models import Account, LearnProfile
from profiles.signed_in import SignedInRequest, account_of
from profiles.views.credentials import credential_flow

MERGE_CANDIDATE = "learn_merge_candidate"


def _learn(request: HttpRequest) -> LearnProfile:
    """LP-1: signing in to Learn reaches (or creates) the profile of the signed-in account."""
    return services.learn_profile_for(account=account_of(request), now=clock.now())


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    learn = _learn(request)
    return render(
        request,
        "learn/profile.html",
        {
            "learn": learn,
            "accounts": selectors.learn_accounts(learn),
            "connected": selectors.connected_with_count_on_learn(learn),
            "activities": learn.activities.all()[:10],
        },
    )


@login_required
def settings_page(request: HttpRequest) -> HttpResponse:
    learn = _learn(request)
    return render(
        request,
        "learn/settings.html",
        {"learn": learn, "accounts": selectors.learn_accounts(learn), "limits": services.learn_limits()},
    )


@login_required
@require_http_methods(["GET", "POST"])
def account_add(request: HttpRequest) -> HttpResponse:
    """LP-3: add an account by signing in with it, here, while signed in to the profile."""
    learn = _learn(request)

    def proved(account: Account) -> HttpResponse:
        try:
            services.learn_account_add(profile=learn, account=account, now=clock.now())
        except Refusal as refusal:
            if refusal.code == "learn_merge_offered":
                request.session[MERGE_CANDIDATE] = account.pk
                return redirect("learn_merge")
            return render(request, "learn/account_add_refused.html", {"refusal": refusal}, status=refusal.status)
        messages.success(request, _("%(email)s was added to your Learn profile.") % {"email": account.email})
        return redirect("learn_settings")

    return credential_flow(
        request,
        action=reverse("learn_account_add"),
        on_proved=proved,
        context={
            "heading": _("Add an account"),
            "intro": _("Sign in with the account you want to add to your Learn profile. This proves it is yours."),
            "cancel_url": reverse("learn_settings"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def merge(request: HttpRequest) -> HttpResponse:
    """LP-6: the preview of a profile merge (what moves, whether the limits allow it), then the merge."""
    learn = _learn(request)
    candidate_id = request.session.get(MERGE_CANDIDATE)
    candidate = (
        Account.objects.filter(pk=candidate_id, learn_profile__isnull=False).exclude(learn_profile=learn).first()
        if candidate_id is not None
        else None
    )
    if candidate is None or candidate.learn_profile_id is None:
        messages.info(request, _("There is no profile merge waiting. Add an account to start one."))
        return redirect("learn_settings")
    source = LearnProfile.objects.get(pk=candidate.learn_profile_id)
    preview = services.learn_merge_preview(target=learn, source=source)
    if request.method == "POST" and preview.refusal is None:
        try:
            services.learn_account_add(profile=learn, account=candidate, now=clock.now(), merge=True)
        except Refusal as refusal:
            preview = services.learn_merge_preview(target=learn, source=source)
            preview = preview.__class__(**{**preview.__dict__, "refusal": refusal})
        else:
            request.session.pop(MERGE_CANDIDATE, None)
            messages.success(
                request, _("The Learn profile of %(email)s was merged into this one.") % {"email": candidate.email}
            )
            return redirect("learn_settings")
    return render(
        request,
        "learn/merge.html",
        {"preview": preview, "candidate": candidate},
        status=400 if request.method == "POST" and preview.refusal else 200,
    )


@login_required
@require_POST
def account_remove(request: SignedInRequest, account_id: int) -> HttpResponse:
    learn = _learn(request)
    account = get_object_or_404(Account, pk=account_id, learn_profile=learn)
    try:
        services.learn_account_remove(profile=learn, account=account, signed_in=request.user, now=clock.now())
    except Refusal as refusal:
        messages.error(request, refusal.message, extra_tags=f"refusal {refusal.code}")
    else:
        messages.success(request, _("%(email)s was removed from your Learn profile.") % {"email": account.email})
    return redirect("learn_settings")


@login_required
@require_POST
def connect(request: SignedInRequest) -> HttpResponse:
    try:
        profile = services.certification_connect(signed_in=request.user, now=clock.now())
    except Refusal as refusal:
        return render(
            request,
            "learn/certifications.html",
            {"connected": None, "certifications": [], "refusal": refusal},
            status=refusal.status,
        )
    messages.success(request, _("Your certification profile (MCID %(mcid)s) is connected.") % {"mcid": profile.mcid})
    return redirect("learn_certifications")


@login_required
@require_http_methods(["GET", "POST"])
def transcript(request: HttpRequest) -> HttpResponse:
    learn = _learn(request)
    if request.method == "POST":
        now = clock.now()
        if request.POST.get("action") == "revoke":
            services.transcript_share_revoke(profile=learn, now=now)
            messages.success(request, _("The share link was revoked. It shows nothing now."))
        else:
            services.transcript_share_create(profile=learn, now=now)
        return redirect("learn_transcript")
    connected = selectors.connected_certification_profile(learn)
    share = learn.shares.filter(revoked_at__isnull=True).first()
    return render(
        request,
        "learn/transcript.html",
        {
            "learn": learn,
            "share": share,
            "certifications": selectors.certifications_on_learn(connected),
            "share_url": request.build_absolute_uri(reverse("transcript_shared", args=[share.token])) if share else "",
        },
    )


def transcript_shared(request: HttpRequest, token: str) -> HttpResponse:
    """LP-8: public, no sign-in; a revoked link shows nothing."""
    shared = selectors.shared_transcript(token)
    if shared is None:
        raise Http404
    learn, held = shared
    return render(request, "learn/transcript_public.html", {"learn": learn, "certifications": held})


@login_required
def doctor(request: SignedInRequest) -> HttpResponse:
    """AL-5: the identity map and the diagnosis, with the step the learner is on; the path and the steps done are
    kept with the alignment in progress."""
    learn = _learn(request)
    picture = services.doctor_visit(signed_in=request.user, learn=learn, now=clock.now())
    return render(request, "learn/doctor.html", {"picture": picture, "links": _step_links(request)})


@login_required
@require_http_methods(["GET", "POST"])
def doctor_prove(request: HttpRequest) -> HttpResponse:
    """AL-5: the learner names their certification profile by signing in with the MSA it uses."""
    learn = _learn(request)

    def proved(account: Account) -> HttpResponse:
        try:
            services.alignment_prove(learn=learn, msa=account, now=clock.now())
        except Refusal as refusal:
            return render(request, "refusal.html", {"refusal": refusal, "back": reverse("learn_doctor")}, status=400)
        messages.success(request, _("certlink now knows your certification profile. Follow the steps below."))
        return redirect("learn_doctor")

    return credential_flow(
        request,
        action=reverse("learn_doctor_prove"),
        on_proved=proved,
        context={
            "heading": _("Show your certification profile"),
            "intro": _(
                "Sign in with the personal account (MSA) your certification profile uses, the one you took your "
                "exams with. This proves the profile is yours; you stay signed in as you are."
            ),
            "cancel_url": reverse("learn_doctor"),
        },
    )


@login_required
@require_POST
def doctor_path(request: SignedInRequest) -> HttpResponse:
    """AL-5: follow another of the paths the doctor shows."""
    learn = _learn(request)
    picture = selectors.identity_picture(signed_in=request.user, learn=learn)
    try:
        services.alignment_path_choose(
            learn=learn, path=request.POST.get("path", ""), diagnosis=picture.diagnosis, now=clock.now()
        )
    except Refusal as refusal:
        return render(request, "refusal.html", {"refusal": refusal, "back": reverse("learn_doctor")}, status=400)
    return redirect("learn_doctor")


@login_required
@require_POST
def doctor_abandon(request: HttpRequest) -> HttpResponse:
    """AL-5: start again; certlink forgets the certification profile proven and the path."""
    services.alignment_abandon(learn=_learn(request), now=clock.now())
    messages.success(request, _("Your alignment was abandoned. certlink no longer shows that certification profile."))
    return redirect("learn_doctor")


def _step_links(request: HttpRequest) -> dict[str, str]:
    doctor_url = reverse("learn_doctor")
    return {
        "settings": reverse("learn_settings"),
        "add": reverse("learn_account_add"),
        "signout": f"{reverse('signout')}?{urlencode({'next': doctor_url})}",
        "signin": f"{reverse('signin')}?{urlencode({'next': doctor_url})}",
        "prove": reverse("learn_doctor_prove"),
        "connect": reverse("learn_certifications"),
        "support": reverse("support_list"),
        "support_new": reverse("support_list") + "#new",
        "dashboard": reverse("certification_dashboard"),
    }
