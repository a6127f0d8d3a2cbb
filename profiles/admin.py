from axes.admin import AccessAttemptAdmin as AxesAccessAttemptAdmin
from axes.handlers.proxy import AxesProxyHandler
from axes.models import AccessAttempt
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from certlink.appendonly import AppendOnlyAdmin
from profiles.models import (
    Account,
    Alignment,
    AuditEntry,
    Certification,
    CertificationHeld,
    CertificationProfile,
    Domain,
    Exam,
    ExamResult,
    LearnActivity,
    LearnProfile,
    SupportMessage,
    SupportRequest,
    Tenant,
    TranscriptShare,
)


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


# ID-3: operators unlock an address or a client here, by deleting its failed sign-ins (axes' own admin, registered by
# axes, which comes first in INSTALLED_APPS).
admin.site.unregister(AccessAttempt)


@admin.register(AccessAttempt)
class AccessAttemptAdmin(AxesAccessAttemptAdmin):
    """axes' admin of failed sign-ins. Its action "Clean up expired attempts" reads the instant axes stamps on a
    sign-in's request, which an admin page's request lacks (a 500 in axes 8.3.1): the request is stamped first."""

    @admin.action(description=_("Clean up expired attempts"))
    def cleanup_expired_attempts(self, request: HttpRequest, queryset: QuerySet) -> None:
        AxesProxyHandler.update_request(request)
        super().cleanup_expired_attempts(request, queryset)


@admin.register(Certification)
class CertificationAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "level", "release_date", "retirement_date"]
    list_filter = ["level"]
    search_fields = ["name", "slug", "exams__code"]


@admin.register(Exam)
class ExamAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "retirement_date"]
    search_fields = ["code", "name"]
    filter_horizontal = ["certifications"]


class LearnAccountInline(admin.TabularInline):
    model = Account
    fk_name = "learn_profile"
    fields = ["email", "kind", "learn_added_at"]
    readonly_fields = ["email", "kind", "learn_added_at"]
    extra = 0
    can_delete = False
    show_change_link = True


@admin.register(LearnProfile)
class LearnProfileAdmin(admin.ModelAdmin):
    list_display = ["id", "display_name", "created_at", "merged_into"]
    search_fields = ["display_name", "accounts__email"]
    inlines = [LearnAccountInline]


@admin.register(Alignment)
class AlignmentAdmin(admin.ModelAdmin):
    """AL-5: a learner's alignment in progress, for agents helping them; learners change it from the doctor."""

    list_display = ["learn_profile", "certification_profile", "path", "proven_by", "started_at", "ended_at", "end"]
    list_filter = ["path", "proven_by", "end"]
    search_fields = ["learn_profile__accounts__email", "certification_profile__mcid"]
    raw_id_fields = ["learn_profile", "certification_profile", "support_request"]
    readonly_fields = ["steps_done", "started_at", "updated_at"]


@admin.register(LearnActivity)
class LearnActivityAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "profile", "completed_at"]


@admin.register(TranscriptShare)
class TranscriptShareAdmin(admin.ModelAdmin):
    list_display = ["profile", "created_at", "revoked_at"]


@admin.register(CertificationProfile)
class CertificationProfileAdmin(admin.ModelAdmin):
    list_display = ["mcid", "legal_name", "msa", "contact_email", "learn_profile", "merged_into"]
    search_fields = ["mcid", "legal_name", "contact_email", "msa__email"]
    raw_id_fields = ["msa", "learn_profile", "merged_into"]


@admin.register(ExamResult)
class ExamResultAdmin(admin.ModelAdmin):
    list_display = ["profile", "exam", "provider", "taken_at", "score", "passed"]
    list_filter = ["provider", "passed"]
    raw_id_fields = ["profile"]


@admin.register(CertificationHeld)
class CertificationHeldAdmin(admin.ModelAdmin):
    list_display = ["number", "certification", "profile", "provider", "earned_at", "expires_at"]
    list_filter = ["provider", "certification__level"]
    search_fields = ["number", "profile__mcid"]
    raw_id_fields = ["profile"]


class SupportMessageInline(admin.TabularInline):
    model = SupportMessage
    extra = 0
    raw_id_fields = ["author"]


@admin.register(SupportRequest)
class SupportRequestAdmin(admin.ModelAdmin):
    list_display = ["id", "kind", "state", "requester", "claimed_mcid", "agent", "created_at"]
    list_filter = ["kind", "state"]
    raw_id_fields = ["requester", "agent"]
    inlines = [SupportMessageInline]


@admin.register(SupportMessage)
class SupportMessageAdmin(admin.ModelAdmin):
    list_display = ["request", "author", "created_at"]
    raw_id_fields = ["request", "author"]


@admin.register(AuditEntry)
class AuditEntryAdmin(AppendOnlyAdmin):
    """The audit log, read-only: entries are written by the services, never edited (profiles.models.audit)."""

    list_display = ["at", "action", "account", "actor"]
    list_filter = ["action"]
    search_fields = ["account__email", "actor__email"]
    list_select_related = ["account", "actor"]
