from django.urls import path

from sim import views

urlpatterns = [
    path("sim/", views.clock_page, name="sim_clock"),
    path("outbox/", views.outbox, name="outbox"),
    path("outbox/<int:message_id>/", views.outbox_message, name="outbox_message"),
]
