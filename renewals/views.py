"""Learn's Credentials → Certifications with each one's renewal status (LP-7, RN-2), the renewal pages (RN-2..RN-7),
and the operators' exam results page (CE-2)."""

from __future__ import annotations

from datetime import UTC

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from certlink import charts, clock
from certlink.errors import Refusal
from certlink.pages import operator_required, refuse_on
from profiles import selectors as profile_selectors
from profiles import services as profile_services
from profiles.services import ExamOutcome
from profiles.signed_in import SignedInRequest
from renewals import charts as timeline_charts
from renewals import selectors, services
from renewals.forms import ExamResultForm
from renewals.models import AssessmentQuestion, RenewalAttempt


@login_required
def certifications(request: SignedInRequest) -> HttpResponse:
    """Credentials → Certifications: the connected profile's certifications (LP-7), or the way to connect (CP-3)."""
    now = clock.now()
    learn = profile_services.learn_profile_for(account=request.user, now=now)
    connected = profile_selectors.connected_certification_profile(learn)
    views = selectors.held_views(profile_selectors.certifications_on_learn(connected), now=now)
    rows = timeline_charts.rows(views)
    return render(
        request,
        "learn/certifications.html",
        {
            "connected": connected,
            "certifications": views,
            "timeline": rows,
            "timeline_alt": timeline_charts.alt(rows, now=now),
        },
    )


@login_required
@require_http_methods(["GET"])
def certifications_chart(request: SignedInRequest) -> HttpResponse:
    """The certifications of the page above on a timeline (renewals.charts): the signed-in person's own only."""
    now = clock.now()
    learn = profile_services.learn_profile_for(account=request.user, now=now)
    connected = profile_selectors.connected_certification_profile(learn)
    views = selectors.held_views(profile_selectors.certifications_on_learn(connected), now=now)
    narrow = charts.is_narrow(request.GET.get("size"))
    return charts.svg_response(timeline_charts.timeline_chart(timeline_charts.rows(views), now=now, narrow=narrow))


@login_required
@require_http_methods(["GET", "POST"])
def renew(request: SignedInRequest, held_id: int) -> HttpResponse:
    """The renewal page: learning modules, the assessment, the attempts, and why not (when blocked)."""
    now = clock.now()
    profile_services.learn_profile_for(account=request.user, now=now)
    request.user.refresh_from_db(fields=["learn_profile"])
    held = selectors.renewable_held(account=request.user, held_id=held_id)
    result: RenewalAttempt | None = None
    refusal: Refusal | None = None
    questions = list(AssessmentQuestion.objects.filter(assessment__certification=held.certification))
    if request.method == "POST":
        answers = {q.pk: int(v) for q in questions if (v := request.POST.get(f"q{q.pk}", "")).isdigit()}
        try:
            result = services.renewal_attempt_submit(account=request.user, held=held, answers=answers, now=now)
        except Refusal as refused:
            refusal = refused
        held.refresh_from_db()
    page = selectors.renewal_page(account=request.user, held=held, now=now)
    return render(
        request,
        "renewals/renew.html",
        {
            "page": page,
            "questions": questions if page.refusal is None else [],
            "result": result,
            "submit_refusal": refusal,
            "answered": request.POST if refusal else {},
        },
        status=refusal.status if refusal else 200,
    )


@operator_required
@require_http_methods(["GET", "POST"])
def exam_results(request: HttpRequest) -> HttpResponse:
    """Operators record exam results as a delivery provider sends them."""
    form = ExamResultForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            outcome = profile_services.exam_result_record(
                mcid=data["mcid"],
                candidate_email=data["candidate_email"] or "",
                exam_code=data["exam_code"],
                taken_at=data["taken_on"].astimezone(UTC),
                score=data["score"],
                provider=data["provider"],
                now=clock.now(),
            )
        except Refusal as refusal:
            refuse_on(form, refusal)
        else:
            messages.success(request, _recorded(outcome))
            return redirect("sim_exam_results")
    return render(request, "renewals/exam_results.html", {"form": form}, status=400 if form.errors else 200)


def _recorded(outcome: ExamOutcome) -> str:
    """What the exam results page says once a result is recorded: the result, what it earned, and CE-4's notes."""
    result = outcome.result
    values = {"exam": result.exam.code, "score": result.score, "mcid": result.profile.mcid}
    if result.passed:
        text = _("%(exam)s: %(score)s, pass, MCID %(mcid)s.") % values
    else:
        text = _("%(exam)s: %(score)s, fail, MCID %(mcid)s.") % values
    earned = ", ".join(f"{h.certification.name} ({h.number})" for h in outcome.earned)
    if earned:
        text += " " + _("Earned %(certifications)s.") % {"certifications": earned}
    return text + "".join(f" {n}" for n in outcome.notes)
