from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from profiles.models import Account, Domain, SignInThrottle, Tenant


class DomainInline(admin.TabularInline):
    model = Domain
    extra = 1


@admin.register(Tenant)
class TenantAdmin(admin.ModelAdmin):
    list_display = ["name", "is_staff_tenant"]
    search_fields = ["name", "domains__name"]
    inlines = [DomainInline]


@admin.register(Domain)
class DomainAdmin(admin.ModelAdmin):
    list_display = ["name", "tenant"]
    search_fields = ["name"]


@admin.register(Account)
class AccountAdmin(UserAdmin):
    ordering = ["email", "kind"]
    list_display = [
        "email",
        "kind",
        "tenant",
        "display_name",
        "is_tenant_admin",
        "staff_role",
        "is_active",
        "deleted_at",
    ]
    list_filter = ["kind", "staff_role", "is_tenant_admin", "is_active", "tenant"]
    search_fields = ["email", "display_name"]
    readonly_fields = ["created_at", "deleted_at", "deleted_by", "last_login"]
    fieldsets = [
        (None, {"fields": ["kind", "email", "tenant", "display_name", "password"]}),
        (
            "Roles",
            {
                "fields": [
                    "is_tenant_admin",
                    "staff_role",
                    "is_active",
                    "is_staff",
                    "is_superuser",
                    "groups",
                    "user_permissions",
                ]
            },
        ),
        ("History", {"fields": ["created_at", "last_login", "deleted_at", "deleted_by", "must_change_password"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["kind", "email", "tenant", "display_name", "password1", "password2"]})
    ]


@admin.register(SignInThrottle)
class SignInThrottleAdmin(admin.ModelAdmin):
    list_display = ["email", "failures", "first_failure_at", "locked_until"]
    search_fields = ["email"]
