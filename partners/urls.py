from django.urls import path

from partners import views, views_admin

urlpatterns = [
    path("partner/", views.home, name="partner_home"),
    path("partner/learn-profile/", views.learn_profile, name="partner_learn_profile"),
    path("partner/learn-profile/associate/", views.associate, name="partner_associate"),
    path("partner/learn-profile/associate/one-step/", views.associate_one_step, name="partner_associate_one_step"),
    path("partner/learn-profile/remove/", views.remove_access, name="partner_remove_access"),
    path("partner/learn-profile/university/", views.university, name="partner_university"),
    path("partner/users/", views_admin.users, name="partner_users"),
    path("partner/users/<int:user_id>/", views_admin.user_detail, name="partner_user"),
    path("partner/skills/", views_admin.skills, name="partner_skills"),
    path("partner/designations/", views_admin.designations, name="partner_designations"),
    path("partner/designations/<slug:name>.svg", views_admin.designations_chart, name="partner_designations_chart"),
    path("partner/why/", views_admin.why, name="partner_why"),
    path("partner/support/", views_admin.partner_support, name="partner_support"),
    path("partner/support/queue/", views_admin.support_queue, name="partner_support_queue"),
    path("sim/partners/", views_admin.operator_organizations, name="sim_partners"),
]
