from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from certlink import queue
from certlink.models import PendingTask


class Command(BaseCommand):
    help = "Publish the tasks recorded while the broker was unreachable (certlink.queue; beat does it every 30 s)"

    def handle(self, *args: Any, **options: Any) -> None:
        published = queue.relay()
        waiting = PendingTask.objects.count()
        self.stdout.write(f"Published {published} pending task(s); {waiting} not yet run by a worker.")
