from django.contrib import admin

from certlink.appendonly import AppendOnlyAdmin
from sim.models import OutboxLetter, OutboxMessage, OutboxRecipient


class OutboxRecipientInline(admin.TabularInline):
    model = OutboxRecipient
    extra = 0


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    list_display = ["sent_at", "to", "subject", "template", "relayed"]
    search_fields = ["to", "subject", "sole_recipient", "recipients__address"]
    list_filter = ["template", "relayed"]
    inlines = [OutboxRecipientInline]
    list_select_related = ["letter"]
    readonly_fields = ["letter", "merge", "sole_recipient"]


@admin.register(OutboxLetter)
class OutboxLetterAdmin(AppendOnlyAdmin):
    list_display = ["id"]


@admin.register(OutboxRecipient)
class OutboxRecipientAdmin(admin.ModelAdmin):
    list_display = ["address", "field", "message"]
    search_fields = ["address"]
