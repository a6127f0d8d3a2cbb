"""PR-2's pages: a person's notifications, newest first, with *Mark all as read* and each one opened or marked read;
and the bell's count, which the top bar of every page asks for once it has loaded (htmx swaps the bell), so that
no page pays for working out what happened to its reader."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from certlink import clock
from certlink.errors import Refusal
from profiles.signed_in import SignedInRequest
from sim import notifications

PAGE_SIZE = 50


@login_required
@require_http_methods(["GET", "POST"])
def notification_list(request: SignedInRequest) -> HttpResponse:
    """GET lists; POST marks all read (`action=read-all`), or one (`action=read`, `key`), or opens one (`action=open`,
    `key`: marks it read and goes where it is about)."""
    now = clock.now()
    if request.method == "POST":
        action, key = request.POST.get("action"), request.POST.get("key", "")
        try:
            inbox = notifications.notifications_read(
                account=request.user, now=now, keys=None if action == "read-all" else [key]
            )
        except Refusal as refusal:
            return render(request, "refusal.html", {"refusal": refusal, "back": request.path}, status=refusal.status)
        opened = inbox.get(key)
        if action == "open" and opened is not None and opened.url:
            return redirect(opened.url)
        return redirect(f"{request.path}?{request.GET.urlencode()}" if request.GET else request.path)
    inbox = notifications.inbox_for(account=request.user, now=now)
    page = Paginator(inbox.items, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "inbox": inbox,
        "page": page,
        "bell": {"unread": inbox.unread, "label": notifications.bell_label(inbox.unread)},
        "current": True,
    }
    return render(request, "sim/notifications.html", context)


@login_required
@require_GET
def notification_count(request: SignedInRequest) -> HttpResponse:
    """The bell with its figure and its name, which htmx swaps into the top bar of any page once it has loaded; as
    JSON to anything else."""
    unread = notifications.inbox_for(account=request.user, now=clock.now()).unread
    bell = {"unread": unread, "label": notifications.bell_label(unread)}
    if request.htmx:  # type: ignore[attr-defined]  # django_htmx.middleware.HtmxMiddleware
        return render(request, "sim/_bell.html", {"bell": bell})
    return JsonResponse(bell)
