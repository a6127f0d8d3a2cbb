from django.contrib import admin

from certlink.models import OutboxMessage, OutboxRecipient


class OutboxRecipientInline(admin.TabularInline):
    model = OutboxRecipient
    extra = 0


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    list_display = ["sent_at", "to", "subject", "template", "relayed"]
    search_fields = ["to", "recipients__address"]
    list_filter = ["template", "relayed"]
    inlines = [OutboxRecipientInline]
    raw_id_fields = ["reminder"]
    readonly_fields = ["subject"]


@admin.register(OutboxRecipient)
class OutboxRecipientAdmin(admin.ModelAdmin):
    list_display = ["address", "field", "message"]
    search_fields = ["address"]
