"""certlink's urls and the bare view the load benchmark compares pages with (never in the product's urls)."""

from django.urls import include, path

from benchmarks.views import bare

urlpatterns = [
    path("bench/bare/", bare, name="bench_bare"),
    path("", include("certlink.urls")),
]
