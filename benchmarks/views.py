from django.http import HttpRequest, HttpResponse

from sim.models import Clock


def bare(request: HttpRequest) -> HttpResponse:
    """A bare Django view answering one query (the clock's instant): the ceiling a page is measured against."""
    return HttpResponse(f"{Clock.objects.instant():%Y-%m-%d %H:%M}", content_type="text/plain")
