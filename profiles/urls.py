from django.urls import path

from profiles import views

urlpatterns = [
    path("signin/", views.signin, name="signin"),
    path("signout/", views.signout, name="signout"),
    path("signup/", views.signup, name="signup"),
    path("account/", views.account_detail, name="account"),
    path("account/password/", views.password_change, name="password_change"),
    path("account/organization/", views.tenant_accounts, name="tenant_accounts"),
    path("account/organization/<int:account_id>/delete/", views.tenant_account_delete, name="tenant_account_delete"),
]
