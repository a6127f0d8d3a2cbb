from django.contrib import admin
from django.urls import include, path, re_path
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from certlink import language, views
from certlink.api.errors import api_not_found

admin.site.site_header = "certlink administration"
admin.site.site_title = "certlink admin"

urlpatterns = [
    path("", views.home, name="home"),
    path("language/", language.language_choose, name="language_choose"),  # PR-1: the switcher on every page
    path("", include("profiles.urls")),
    path("", include("sim.urls")),
    path("", include("sim.urls_notifications")),
    path("", include("renewals.urls")),
    path("", include("partners.urls")),
    # The admin signs in through certlink's own sign-in, which asks work or personal (ID-2) and locks out (ID-3).
    path("admin/login/", RedirectView.as_view(url="/signin/?next=/admin/", query_string=False)),
    path("admin/", admin.site.urls),
    path("api/v1/", include("certlink.api.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api_schema"),
    # The split view serves Swagger UI's init script at /api/docs/?script: the CSP allows no inline script.
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api_schema"), name="api_docs"),
    # Anything else under /api/ answers in the API's error shape, in debug mode too.
    re_path(r"^api/", api_not_found),
]

handler400 = "certlink.views.bad_request"
handler403 = "certlink.views.permission_denied"
handler404 = "certlink.views.page_not_found"
handler500 = "certlink.views.server_error"
