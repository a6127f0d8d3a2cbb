"""The certification dashboard (CP-1, CP-6, CP-7), reached with a personal account (MSA)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from certlink import clock
from certlink.errors import Refusal
from certlink.pages import refuse_on
from profiles import selectors, services
from profiles.forms import CertificationProfileForm, ContactForm, LegalNameForm
from profiles.models import CertificationProfile
from profiles.rules.certification import name_change_sentence
from profiles.signed_in import SignedInRequest


@login_required
@require_http_methods(["GET", "POST"])
def dashboard(request: SignedInRequest) -> HttpResponse:
    account = request.user
    services.refuse_unless_msa(account)
    profile = selectors.certification_profile_of(account)
    action = request.POST.get("action") if request.method == "POST" else None
    create_form = CertificationProfileForm(
        request.POST if action == "create" else None, initial={"contact_email": account.email}
    )
    contact_form = ContactForm(
        request.POST if action == "contact" else None,
        initial={"contact_email": profile.contact_email if profile else ""},
    )
    name_form = LegalNameForm(request.POST if action == "legal_name" else None)
    done = _act(request, action, profile, create_form, contact_form, name_form)
    if done:
        return redirect("certification_dashboard")
    context: dict[str, Any] = {
        "profile": profile,
        "create_form": create_form,
        "contact_form": contact_form,
        "name_form": name_form,
    }
    if profile is not None:
        context.update(
            exam_results=profile.exam_results.select_related("exam"),
            certifications=selectors.certifications_on_learn(profile),
            certiport=selectors.certiport_transcript(profile),
        )
    bad = any(f.errors for f in (create_form, contact_form, name_form))
    return render(request, "certification/dashboard.html", context, status=400 if bad else 200)


def _act(
    request: SignedInRequest,
    action: str | None,
    profile: CertificationProfile | None,
    create_form: CertificationProfileForm,
    contact_form: ContactForm,
    name_form: LegalNameForm,
) -> bool:
    if action is None:
        return False
    now = clock.now()
    try:
        if action == "create" and profile is None and create_form.is_valid():
            created = services.certification_profile_create(account=request.user, now=now, **create_form.cleaned_data)
            messages.success(
                request, _("Your certification profile is ready. Your MCID is %(mcid)s.") % {"mcid": created.mcid}
            )
            return True
        if action == "contact" and profile is not None and contact_form.is_valid():
            services.certification_contact_update(profile=profile, **contact_form.cleaned_data)
            messages.success(request, _("Your contact email was changed."))
            return True
        if action == "legal_name" and profile is not None and name_form.is_valid():
            effective = services.legal_name_change_request(profile=profile, now=now, **name_form.cleaned_data)
            messages.success(request, name_change_sentence(name_form.cleaned_data["legal_name"], effective))
            return True
    except Refusal as refusal:
        refuse_on({"create": create_form, "contact": contact_form, "legal_name": name_form}[action], refusal)
    return False
