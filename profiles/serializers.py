from __future__ import annotations

from rest_framework import serializers

from certlink.api.fields import EmailAddressField
from profiles.models import Account


class AccountOut(serializers.ModelSerializer):
    tenant = serializers.CharField(source="tenant.name", allow_null=True, default=None)

    class Meta:
        model = Account
        fields = [
            "id",
            "kind",
            "email",
            "display_name",
            "tenant",
            "is_tenant_admin",
            "staff_role",
            "is_active",
            "must_change_password",
            "created_at",
            "deleted_at",
        ]
        read_only_fields = fields


class SignInIn(serializers.Serializer):
    email = EmailAddressField()
    password = serializers.CharField(max_length=128, trim_whitespace=False)
    kind = serializers.ChoiceField(
        choices=Account.Kind.choices,
        required=False,
        help_text="Needed when the address is on an organisation's domain (ID-2)",
    )


class PasswordChangeIn(serializers.Serializer):
    current_password = serializers.CharField(max_length=128, trim_whitespace=False)
    new_password = serializers.CharField(max_length=128, trim_whitespace=False)


class TokenOut(serializers.Serializer):
    token = serializers.CharField()
    account = AccountOut()


class MsaSignUpIn(serializers.Serializer):
    email = EmailAddressField()
    password = serializers.CharField(min_length=8, max_length=128, trim_whitespace=False)
    display_name = serializers.CharField(max_length=200, required=False, default="", allow_blank=True)


class WorkAccountIn(serializers.Serializer):
    email = EmailAddressField()
    display_name = serializers.CharField(max_length=200, required=False, default="", allow_blank=True)
    is_tenant_admin = serializers.BooleanField(required=False, default=False)


class WorkAccountCreatedOut(serializers.Serializer):
    account = AccountOut()
    one_time_password = serializers.CharField(help_text="Give it to the employee; it is shown once")
