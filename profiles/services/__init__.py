"""Writes of profiles (the only code that changes accounts, profiles and requests). See each module."""

from profiles.services.accounts import (
    account_set_password,
    account_sign_in,
    msa_sign_up,
    sign_in_kind_choice_needed,
    staff_tenant,
    tenant_create,
    tenant_for_domain,
    work_account_add,
    work_account_create,
    work_account_delete,
)
from profiles.services.certification import (
    certification_connect,
    certification_contact_update,
    certification_profile_create,
    legal_name_change_request,
    legal_name_changes_apply,
)
from profiles.services.learn import (
    learn_account_add,
    learn_account_remove,
    learn_merge_preview,
    learn_profile_for,
    learn_profiles_merge,
    transcript_share_create,
    transcript_share_revoke,
)
from profiles.services.support import (
    support_identity_check,
    support_join,
    support_message_post,
    support_process,
    support_reject,
    support_request_open,
)

__all__ = [
    "account_set_password",
    "account_sign_in",
    "certification_connect",
    "certification_contact_update",
    "certification_profile_create",
    "learn_account_add",
    "learn_account_remove",
    "learn_merge_preview",
    "learn_profile_for",
    "learn_profiles_merge",
    "legal_name_change_request",
    "legal_name_changes_apply",
    "msa_sign_up",
    "sign_in_kind_choice_needed",
    "staff_tenant",
    "support_identity_check",
    "support_join",
    "support_message_post",
    "support_process",
    "support_reject",
    "support_request_open",
    "tenant_create",
    "tenant_for_domain",
    "transcript_share_create",
    "transcript_share_revoke",
    "work_account_add",
    "work_account_create",
    "work_account_delete",
]
