from django.contrib import admin
from django.http import HttpRequest

from certlink.models import PendingTask


@admin.register(PendingTask)
class PendingTaskAdmin(admin.ModelAdmin):
    """Tasks recorded while the broker was unreachable, or not yet run (certlink.queue): operators see them, and may
    delete one that keeps failing; they are written and run by certlink only."""

    list_display = ["id", "task", "created_at", "published_at", "attempts"]
    list_filter = ["task"]
    readonly_fields = ["task", "args", "kwargs", "created_at", "published_at", "attempts"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: PendingTask | None = None) -> bool:
        return False
