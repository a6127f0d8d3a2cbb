"""PR-2's pages, included by certlink.urls beside sim.urls."""

from django.urls import path

from sim import views_notifications

urlpatterns = [
    path("notifications/", views_notifications.notification_list, name="notifications"),
    path("notifications/count/", views_notifications.notification_count, name="notifications_count"),
]
