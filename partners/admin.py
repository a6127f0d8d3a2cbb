from django.contrib import admin

from certlink.appendonly import AppendOnlyAdmin
from partners.models import (
    DesignationInput,
    LinkEvent,
    McidLink,
    PartnerCredit,
    PartnerOrganization,
    PartnerSupportRequest,
    PartnerUniversityAccount,
    PartnerUniversityLink,
    PartnerUser,
    RefreshRun,
    UniversityCompletion,
)


@admin.register(PartnerOrganization)
class PartnerOrganizationAdmin(admin.ModelAdmin):
    list_display = ["name", "partner_id", "tenant", "track"]
    search_fields = ["name", "partner_id"]


@admin.register(PartnerUser)
class PartnerUserAdmin(admin.ModelAdmin):
    list_display = ["account", "organization", "is_global_admin", "is_account_admin", "is_partner_admin"]
    list_filter = ["organization"]
    raw_id_fields = ["account"]


@admin.register(McidLink)
class McidLinkAdmin(admin.ModelAdmin):
    list_display = ["profile", "organization", "partner_user", "method", "started_at", "ended_at", "ended_reason"]
    raw_id_fields = ["profile", "partner_user"]


@admin.register(LinkEvent)
class LinkEventAdmin(AppendOnlyAdmin):
    """PC-7: the record is append-only."""

    list_display = ["at", "kind", "mcid", "organization", "actor", "code"]
    list_filter = ["kind"]


@admin.register(PartnerCredit)
class PartnerCreditAdmin(admin.ModelAdmin):
    list_display = ["title", "work_email", "organization", "arrived_at", "removed_at", "manual"]
    list_filter = ["organization", "kind", "manual"]
    raw_id_fields = ["partner_user", "link", "university_link", "held", "completion"]


for model in (
    PartnerUniversityAccount,
    PartnerUniversityLink,
    UniversityCompletion,
    DesignationInput,
    RefreshRun,
    PartnerSupportRequest,
):
    admin.site.register(model)
