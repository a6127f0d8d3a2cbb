from django.urls import path

from renewals import views

urlpatterns = [
    path("learn/credentials/", views.certifications, name="learn_certifications"),
    path("learn/credentials/timeline.svg", views.certifications_chart, name="learn_certifications_chart"),
    path("learn/credentials/renew/<int:held_id>/", views.renew, name="learn_renew"),
    path("sim/exams/", views.exam_results, name="sim_exam_results"),
]
