from django.contrib import admin

from certlink.models import Clock, ClockAdvance, DueWorkProgress


@admin.register(Clock)
class ClockAdmin(admin.ModelAdmin):
    list_display = ["id", "instant"]

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False  # one clock; move it from /sim/ so that due work runs


@admin.register(ClockAdvance)
class ClockAdvanceAdmin(admin.ModelAdmin):
    list_display = ["id", "from_instant", "to_instant", "reached", "moments", "finished", "requested_by"]


@admin.register(DueWorkProgress)
class DueWorkProgressAdmin(admin.ModelAdmin):
    list_display = ["name", "ran_to"]
