"""Certification support (AL-1, CP-4, CP-5): the learner's requests and a private session with an agent; the
agents' queue and their actions (join, identity check, process, reject)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from certlink import clock
from certlink.errors import Refusal
from certlink.pages import refuse_on
from profiles import selectors, services
from profiles.forms import MessageForm, RejectForm, SupportRequestForm
from profiles.models import SupportRequest
from profiles.services.support import field_name, identity_check
from profiles.signed_in import SignedInRequest


@login_required
@require_http_methods(["GET", "POST"])
def request_list(request: SignedInRequest) -> HttpResponse:
    form = SupportRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            opened = services.support_request_open(requester=request.user, now=clock.now(), **form.cleaned_data)
        except Refusal as refusal:
            refuse_on(form, refusal)
        else:
            messages.success(
                request,
                _("Request #%(number)s was sent. An agent will join a private session.") % {"number": opened.pk},
            )
            return redirect("support_detail", opened.pk)
    mine = selectors.support_requests_visible_to(request.user).filter(requester=request.user)
    return render(
        request, "certification/support_list.html", {"requests": mine, "form": form}, status=400 if form.errors else 200
    )


@login_required
def queue(request: SignedInRequest) -> HttpResponse:
    if not request.user.is_agent:
        raise PermissionDenied(_("Only certification support agents can open the queue."))
    state = request.GET.get("state", "open")
    requests = selectors.support_requests_visible_to(request.user)
    requests = requests.filter(state__in=SupportRequest.OPEN_STATES) if state == "open" else requests
    return render(request, "certification/support_queue.html", {"requests": requests, "state": state})


@login_required
@require_http_methods(["GET", "POST"])
def detail(request: SignedInRequest, request_id: int) -> HttpResponse:
    support = get_object_or_404(selectors.support_requests_visible_to(request.user), pk=request_id)
    form = MessageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.support_message_post(
                request=support, author=request.user, now=clock.now(), body=form.cleaned_data["body"]
            )
        except Refusal as refusal:
            refuse_on(form, refusal)
        else:
            return redirect("support_detail", support.pk)
    return _render_detail(request, support, form=form, status=400 if form.errors else 200)


def _render_detail(
    request: SignedInRequest,
    support: SupportRequest,
    *,
    form: MessageForm | None = None,
    refusal: Refusal | None = None,
    status: int = 200,
) -> HttpResponse:
    context = {
        "support": support,
        "messages_": support.messages.select_related("author"),
        "form": form or MessageForm(),
        "refusal": refusal,
        "reject_form": RejectForm(),
    }
    if request.user.is_agent:
        context["checks"] = [(field_name(name), ok) for name, ok in identity_check(support).items()]
        context["profile"] = selectors.certification_profile_by_mcid(support.claimed_mcid)
    return render(request, "certification/support_detail.html", context, status=status)


@login_required
@require_POST
def agent_action(request: SignedInRequest, request_id: int, action: str) -> HttpResponse:
    support = get_object_or_404(selectors.support_requests_visible_to(request.user), pk=request_id)
    now = clock.now()
    try:
        if action == "join":
            services.support_join(request=support, agent=request.user, now=now)
        elif action == "verify":
            services.support_identity_check(request=support, agent=request.user, now=now)
        elif action == "process":
            services.support_process(request=support, agent=request.user, now=now)
        elif action == "reject":
            reason = RejectForm(request.POST)
            services.support_reject(request=support, agent=request.user, now=now, reason=reason.data.get("reason", ""))
    except Refusal as refusal:
        support.refresh_from_db()
        return _render_detail(request, support, refusal=refusal, status=refusal.status)
    return redirect("support_detail", support.pk)
