from django.contrib import admin

from certlink.models import OutboxMessage, OutboxRecipient
from sim.models import NotificationRead, NotificationsRead


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


@admin.register(NotificationsRead)
class NotificationsReadAdmin(admin.ModelAdmin):
    """PR-2: how far each account has read its notifications."""

    list_display = ["account", "before"]
    search_fields = ["account__email"]
    raw_id_fields = ["account"]


@admin.register(NotificationRead)
class NotificationReadAdmin(admin.ModelAdmin):
    list_display = ["account", "key", "at"]
    search_fields = ["account__email", "key"]
    raw_id_fields = ["account"]
