"""Operators' pages of SIM-3 and the timelines: load a scenario, reset the world, read a learner's or an
organisation's events in simulated time and advance the clock from there."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from certlink import charts, clock
from certlink.errors import Refusal
from certlink.pages import operator_required, refuse_on
from certlink.timefmt import when
from partners.models import PartnerOrganization
from profiles.models import Account
from profiles.signed_in import SignedInRequest
from sim import charts as credit_charts
from sim import jobs, timeline
from sim.scenarios import scenario_list
from sim.scenarios_reset import RESET_WORD


@operator_required
@require_http_methods(["GET", "POST"])
def scenarios(request: SignedInRequest) -> HttpResponse:
    """The scenarios with a Load button each. Loading is a background job (SIM-5): the post goes to its page, which
    shows its progress and then the result (who to sign in as, what to try). An unknown key is refused (404)."""
    if request.method == "POST":
        job = jobs.scenario_in_background(key=request.POST.get("key", ""), by=request.user)
        return redirect("sim_job", job)
    return render(request, "sim/scenarios.html", {"scenarios": scenario_list()})


class ResetForm(forms.Form):
    understood = forms.BooleanField(
        label=gettext_lazy(
            "I understand: every learner, organisation, profile, link, credit and email is deleted, and the clock "
            "goes back to its start. The catalog and the staff accounts stay."
        ),
    )
    confirm = forms.CharField(max_length=20)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Translators: %(word)s is the word to type, which stays as it is (RESET).
        self.fields["confirm"].label = _("Type %(word)s to confirm") % {"word": RESET_WORD}


@operator_required
@require_http_methods(["GET", "POST"])
def reset(request: SignedInRequest) -> HttpResponse:
    form = ResetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            job = jobs.reset_in_background(confirm=form.cleaned_data["confirm"], by=request.user)
        except Refusal as refusal:
            refuse_on(form, refusal)
        else:
            return redirect("sim_job", job)
    return render(request, "sim/reset.html", {"form": form}, status=400 if form.errors else 200)


@operator_required
@require_http_methods(["GET", "POST"])
def learner_timeline(request: SignedInRequest, account_id: int) -> HttpResponse:
    account = get_object_or_404(Account, pk=account_id)
    return _timeline(request, lambda now: timeline.learner_timeline(account=account, now=now))


@operator_required
@require_http_methods(["GET", "POST"])
def organization_timeline(request: SignedInRequest, organization_id: int) -> HttpResponse:
    organization = get_object_or_404(PartnerOrganization, pk=organization_id)
    return _timeline(
        request,
        lambda now: timeline.organization_timeline(organization=organization, now=now),
        credits=lambda now: credit_charts.credit_months(organization=organization, now=now),
        chart=reverse("sim_timeline_organization_chart", args=[organization.pk]),
    )


@operator_required
@require_http_methods(["GET"])
def organization_credits_chart(request: SignedInRequest, organization_id: int) -> HttpResponse:
    """The organisation's credits by month (sim.charts), on its timeline page: operators only, as the page."""
    organization = get_object_or_404(PartnerOrganization, pk=organization_id)
    data = credit_charts.credit_months(organization=organization, now=clock.now())
    return charts.svg_response(credit_charts.credits_chart(data, narrow=charts.is_narrow(request.GET.get("size"))))


def _timeline(
    request: SignedInRequest,
    read: Callable[[datetime], timeline.Timeline],
    *,
    credits: Callable[[datetime], credit_charts.CreditMonths] | None = None,
    chart: str = "",
) -> HttpResponse:
    """GET shows the timeline; POST advances the clock to the world's next event ("next") or to this timeline's
    ("subject"), then comes back here."""
    if request.method == "POST":
        try:
            if request.POST.get("action") == "subject":
                upcoming = read(clock.now()).next_at
                if upcoming is None:
                    raise Refusal("no_scheduled_event", _("Nothing is scheduled on this timeline after now."))
                result = clock.clock_advance(to=upcoming, by=request.user)
            else:
                result = clock.clock_advance_to_next(by=request.user)
        except Refusal as refusal:
            messages.error(request, refusal.message, extra_tags=f"refusal {refusal.code}")
        else:
            messages.success(request, _("The clock moved to %(to)s.") % {"to": when(result.to_instant)})
        return redirect(request.path)
    now = clock.now()
    context: dict[str, object] = {"timeline": read(now), "next_event_at": clock.next_due_after(now)}
    if credits is not None:
        data = credits(now)
        context.update(credits=credit_charts.rows(data), credits_alt=credit_charts.alt(data), credits_chart=chart)
    return render(request, "sim/timeline.html", context)
