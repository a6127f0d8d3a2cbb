from django.urls import path

from profiles import api as profiles_api
from sim import api as sim_api

urlpatterns = [
    path("auth/token/", profiles_api.TokenApi.as_view(), name="api_token"),
    path("auth/token/revoke/", profiles_api.TokenRevokeApi.as_view(), name="api_token_revoke"),
    path("accounts/", profiles_api.MsaSignUpApi.as_view(), name="api_msa_sign_up"),
    path("me/", profiles_api.MeApi.as_view(), name="api_me"),
    path("tenant/accounts/", profiles_api.TenantAccountsApi.as_view(), name="api_tenant_accounts"),
    path("tenant/accounts/<int:account_id>/", profiles_api.TenantAccountApi.as_view(), name="api_tenant_account"),
    path("clock/", sim_api.ClockApi.as_view(), name="api_clock"),
    path("clock/advance/", sim_api.ClockAdvanceApi.as_view(), name="api_clock_advance"),
    path("outbox/", sim_api.OutboxListApi.as_view(), name="api_outbox"),
    path("outbox/<int:message_id>/", sim_api.OutboxMessageApi.as_view(), name="api_outbox_message"),
]
