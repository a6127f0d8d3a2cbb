from django.contrib import admin
from django.db.models import Model
from django.http import HttpRequest

from certlink.models import Clock, ClockAdvance, DueWorkProgress


@admin.register(Clock)
class ClockAdmin(admin.ModelAdmin):
    list_display = ["id", "instant"]

    def has_add_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False  # one clock; move it from /sim/ so that due work runs


@admin.register(ClockAdvance)
class ClockAdvanceAdmin(admin.ModelAdmin):
    list_display = ["id", "from_instant", "to_instant", "reached", "moments", "finished", "requested_by"]


@admin.register(DueWorkProgress)
class DueWorkProgressAdmin(admin.ModelAdmin):
    list_display = ["name", "ran_to"]
