from django.contrib import admin

from sim.models import Clock, ClockAdvance, OutboxMessage, OutboxRecipient


@admin.register(Clock)
class ClockAdmin(admin.ModelAdmin):
    list_display = ["id", "instant"]

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False  # one clock; move it from /sim/ so that due work runs


@admin.register(ClockAdvance)
class ClockAdvanceAdmin(admin.ModelAdmin):
    list_display = ["id", "from_instant", "to_instant", "requested_by"]


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
