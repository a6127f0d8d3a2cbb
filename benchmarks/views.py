from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from certlink import clock


@login_required
def bare(request: HttpRequest) -> HttpResponse:
    """Benchmark 3's reference: a minimal signed-in Django page. The session and the user are loaded, one query is
    asked (the simulated clock's instant), and the base template is rendered, as every page does."""
    return render(request, "base.html", {"sim_now": clock.now()})
