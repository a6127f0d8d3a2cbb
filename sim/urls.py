from django.urls import path

from sim import views, views_jobs, views_scenarios

urlpatterns = [
    path("sim/", views.clock_page, name="sim_clock"),
    path("sim/advances/<int:advance_id>/", views.advance_page, name="sim_advance"),
    path("outbox/", views.outbox, name="outbox"),
    path("outbox/<int:message_id>/", views.outbox_message, name="outbox_message"),
    path("outbox/<int:message_id>/html/", views.outbox_message_html, name="outbox_message_html"),
    path("sim/scenarios/", views_scenarios.scenarios, name="sim_scenarios"),
    path("sim/reset/", views_scenarios.reset, name="sim_reset"),
    path("sim/populate/", views_jobs.populate, name="sim_populate"),
    path("sim/jobs/<uuid:job_id>/", views_jobs.job_page, name="sim_job"),
    path("sim/timeline/learner/<int:account_id>/", views_scenarios.learner_timeline, name="sim_timeline_learner"),
    path(
        "sim/timeline/organization/<int:organization_id>/",
        views_scenarios.organization_timeline,
        name="sim_timeline_organization",
    ),
    path(
        "sim/timeline/organization/<int:organization_id>/credits.svg",
        views_scenarios.organization_credits_chart,
        name="sim_timeline_organization_chart",
    ),
]
