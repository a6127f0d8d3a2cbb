"""Pages of the simulation: the clock (operators) and the outbox (operators: all; others: their own)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_http_methods

from certlink import clock
from certlink.errors import Refusal
from certlink.middleware import csp_header
from certlink.models import ClockAdvance
from certlink.pages import operator_required, refuse_on
from profiles.signed_in import SignedInRequest
from sim import jobs, selectors
from sim.filters import OutboxFilter
from sim.forms import AdvanceByForm, AdvanceToForm


@operator_required
@require_http_methods(["GET", "POST"])
def clock_page(request: HttpRequest) -> HttpResponse:
    action = request.POST.get("action")
    by_form = AdvanceByForm(request.POST if action == "by" else None)
    to_form = AdvanceToForm(request.POST if action == "to" else None)
    next_refusal = resume_refusal = None
    if request.method == "POST" and action == "resume":
        try:
            resumed = jobs.resume_in_background()
        except Refusal as refusal:
            resume_refusal = refusal
        else:
            return redirect("sim_advance", advance_id=resumed.pk)
    elif request.method == "POST":
        try:
            started = _advance(request, action, by_form, to_form)
        except Refusal as refusal:
            if action == "next":
                next_refusal = refusal
            else:
                refuse_on(by_form if action == "by" else to_form, refusal)
        else:
            if started is not None:  # SIM-5: the advance runs in the background; its page shows how far it got
                return redirect("sim_advance", advance_id=started.pk)
    now = clock.now()
    scheduled = selectors.scheduled_work(now=now)  # each work asked once: the list and the next event
    return render(
        request,
        "sim/clock.html",
        {
            "now": now,
            "by_form": by_form,
            "to_form": to_form,
            "next_refusal": next_refusal,
            "resume_refusal": resume_refusal,
            "unfinished": _unfinished(),
            "scheduled": scheduled,
            "next_event_at": clock.next_due_after(now, known=[work.next_due for work in scheduled]),
            "advances": selectors.recent_advances(),
            "quick": ["1h", "1d", "7d", "30d", "1y"],
        },
        status=409 if resume_refusal else 400 if (by_form.errors or to_form.errors or next_refusal) else 200,
    )


def _advance(
    request: HttpRequest, action: str | None, by_form: AdvanceByForm, to_form: AdvanceToForm
) -> ClockAdvance | None:
    if action == "next":
        return jobs.advance_in_background(to=clock.target_next(), by=request.user)
    if action == "by" and by_form.is_valid():
        return jobs.advance_in_background(to=clock.target_by(by_form.cleaned_data["by"]), by=request.user)
    if action == "to" and to_form.is_valid():
        target = datetime.combine(to_form.cleaned_data["to"], datetime.min.time(), tzinfo=UTC)
        return jobs.advance_in_background(to=target, by=request.user)
    return None


@operator_required
@require_http_methods(["GET"])
def advance_page(request: HttpRequest, advance_id: int) -> HttpResponse:
    """SIM-5: one advance as a job: a progress bar that htmx refreshes in place each second while it runs (the same
    URL answers an htmx request with the bar alone), then what it did, or why it stopped and how to resume it."""
    advance = get_object_or_404(ClockAdvance.objects.select_related("requested_by"), pk=advance_id)
    context = {"advance": advance, "job": _job(advance)}
    if request.htmx:  # type: ignore[attr-defined]  # django_htmx.middleware.HtmxMiddleware
        # The bar, and the top bar's simulated time out of band: the clock moves while the page stays.
        return render(request, "sim/_advance_progress.html", {**context, "fragment": True})
    return render(request, "sim/advance.html", context)


def _job(advance: ClockAdvance) -> dict[str, object]:
    running = clock.is_running(advance)
    return {
        "progress": clock.progress_of(advance),
        "running": running,
        "stopped": not advance.finished and not running,
        "sentence": (selectors.advance_sentence(advance) if advance.finished else clock.unfinished_sentence(advance)),
    }


def _unfinished() -> dict[str, object] | None:
    """The unfinished advance, if any, with the sentence the API and the CLI give (wait, or resume)."""
    advance = clock.unfinished_advance()
    if advance is None:
        return None
    return {"advance": advance, "running": clock.is_running(advance), "sentence": clock.unfinished_sentence(advance)}


@login_required
def outbox(request: SignedInRequest) -> HttpResponse:
    """SIM-2: the outbox a page at a time (newest first), filtered, with the filtered total."""
    filters = OutboxFilter(request.GET, queryset=selectors.outbox_for(account=request.user), request=request)
    query = request.GET.copy()  # the filters, which the page's links keep
    before, after = query.pop("before", [""])[-1], query.pop("after", [""])[-1]
    context: dict[str, Any] = {"filters": filters, "page": None, "query": query.urlencode()}
    if not filters.is_valid():
        return render(request, "sim/outbox.html", context, status=400)
    context["page"] = selectors.outbox_page(
        filters.qs.only("sent_at", "to", "template", "context", "language"),  # a list: each subject rendered
        before=selectors.OutboxPosition.from_token(before) if before else None,
        after=selectors.OutboxPosition.from_token(after) if after else None,
    )
    return render(request, "sim/outbox.html", context)


@login_required
def outbox_message(request: SignedInRequest, message_id: int) -> HttpResponse:
    message = get_object_or_404(selectors.outbox_for(account=request.user), pk=message_id)
    return render(request, "sim/outbox_message.html", {"message": message})


@login_required
@xframe_options_sameorigin
def outbox_message_html(request: SignedInRequest, message_id: int) -> HttpResponse:
    """The email's HTML alone, framed by its outbox page. Emails are styled inline, as mail clients need; the site's
    policy forbids that, and an iframe's srcdoc would inherit it, so this document has a policy of its own."""
    message = get_object_or_404(selectors.outbox_for(account=request.user), pk=message_id)
    if not message.html:
        raise Http404("This email has no HTML part.")
    response = HttpResponse(message.html)
    response.headers["Content-Security-Policy"] = csp_header(settings.SECURE_CSP_EMAIL)
    return response
