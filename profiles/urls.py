from django.urls import path

from profiles.views import accounts, certification, learn, support

urlpatterns = [
    path("signin/", accounts.signin, name="signin"),
    path("signout/", accounts.signout, name="signout"),
    path("signup/", accounts.signup, name="signup"),
    path("account/", accounts.account_detail, name="account"),
    path("account/password/", accounts.password_change, name="password_change"),
    path("account/organization/", accounts.tenant_accounts, name="tenant_accounts"),
    path("account/organization/<int:account_id>/delete/", accounts.tenant_account_delete, name="tenant_account_delete"),
    path("learn/", learn.profile, name="learn_profile"),
    path("learn/settings/", learn.settings_page, name="learn_settings"),
    path("learn/settings/accounts/add/", learn.account_add, name="learn_account_add"),
    path("learn/settings/accounts/<int:account_id>/remove/", learn.account_remove, name="learn_account_remove"),
    path("learn/settings/merge/", learn.merge, name="learn_merge"),
    path("learn/credentials/connect/", learn.connect, name="learn_connect"),
    path("learn/transcript/", learn.transcript, name="learn_transcript"),
    path("learn/transcript/share/<str:token>/", learn.transcript_shared, name="transcript_shared"),
    path("learn/doctor/", learn.doctor, name="learn_doctor"),
    path("learn/doctor/prove/", learn.doctor_prove, name="learn_doctor_prove"),
    path("learn/doctor/path/", learn.doctor_path, name="learn_doctor_path"),
    path("learn/doctor/abandon/", learn.doctor_abandon, name="learn_doctor_abandon"),
    path("certification/", certification.dashboard, name="certification_dashboard"),
    path("certification/support/", support.request_list, name="support_list"),
    path("certification/support/queue/", support.queue, name="support_queue"),
    path("certification/support/<int:request_id>/", support.detail, name="support_detail"),
    path("certification/support/<int:request_id>/<str:action>/", support.agent_action, name="support_action"),
]
