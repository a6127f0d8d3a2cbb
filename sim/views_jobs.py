"""SIM-5's pages for background jobs other than advances: a job's own page (a progress bar htmx refreshes in place,
then the result), and the form that generates a population (SIM-4) from /sim/. Scenario loads and the reset start
their jobs from sim.views_scenarios; all of them call sim.jobs, as the API does."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from django import forms
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from certlink.errors import Refusal
from certlink.pages import operator_required, refuse_on
from profiles.signed_in import SignedInRequest
from sim import job_run, jobs
from sim.population import PopulationSpec

# What the job page calls each count of a generated population (sim.population's keys, which the API keeps).
POPULATION_COUNTS = {
    "learners": _("learners"),
    "accounts": _("accounts"),
    "tenants": _("tenants"),
    "partner organisations": _("partner organisations"),
    "certification profiles": _("certification profiles"),
    "certifications held": _("certifications held"),
    "exam results": _("exam results"),
    "partner users": _("partner users"),
    "live MCID links": _("live MCID links"),
}


class PopulateForm(forms.Form):
    learners = forms.IntegerField(
        label=_("Learners"), min_value=1, max_value=jobs.MAX_LEARNERS, initial=1000, help_text=_("1 to 200,000")
    )
    orgs = forms.IntegerField(
        label=_("Partner organisations"), min_value=0, max_value=jobs.MAX_ORGS, initial=20, help_text=_("0 to 1,000")
    )
    seed = forms.IntegerField(
        label=_("Seed"),
        min_value=0,
        initial=1,
        help_text=_("The same seed gives the same people; a seed already generated here is refused."),
    )

    def spec(self) -> PopulationSpec:
        return PopulationSpec(
            learners=self.cleaned_data["learners"], orgs=self.cleaned_data["orgs"], seed=self.cleaned_data["seed"]
        )


@operator_required
@require_http_methods(["GET", "POST"])
def populate(request: SignedInRequest) -> HttpResponse:
    """SIM-4 from the browser: generate a population in the background, then follow it on the job's page."""
    form = PopulateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            job = jobs.population_in_background(spec=form.spec(), by=request.user)
        except Refusal as refusal:
            refuse_on(form, refusal)
        else:
            return redirect("sim_job", job)
    return render(request, "sim/populate.html", {"form": form}, status=400 if form.errors else 200)


@operator_required
@require_http_methods(["GET"])
def job_page(request: SignedInRequest, job_id: UUID) -> HttpResponse:
    """One job: its bar while it runs (the same URL answers htmx's poll with the bar alone), then what it did, or why
    it did not. An unknown or expired job is a 404 with its sentence."""
    context = job_context(jobs.job_read(str(job_id)))
    if request.htmx:  # type: ignore[attr-defined]  # django_htmx.middleware.HtmxMiddleware
        return render(request, "sim/_job_progress.html", {**context, "fragment": True})
    return render(request, "sim/job.html", context)


def job_context(job: jobs.Job) -> dict[str, Any]:
    result = dict(job.result or {})
    for key in ("now", "clock"):  # the scenario's and the reset's instants, stored as ISO text
        if isinstance(result.get(key), str):
            result[key] = datetime.fromisoformat(result[key])
    return {
        "job": job,
        "sentence": jobs.job_sentence(job),
        "result": result,
        "is_scenario": job.kind == job_run.SCENARIO,
        "is_reset": job.kind == job_run.RESET,
        "is_population": job.kind == job_run.POPULATE,
        "counts": [(POPULATION_COUNTS.get(name, name), count) for name, count in (result.get("counts") or {}).items()],
    }
