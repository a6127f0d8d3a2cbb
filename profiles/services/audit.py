"""Writing the audit log (profiles.models.AuditEntry). Services call these inside the transaction of the change they
record, so a change and its entry are committed, or rolled back, together."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder

from certlink import clock
from profiles.models import Account, AuditEntry

Action = AuditEntry.Action


def audit_record(
    action: str, *, account: Account | None, actor: Account | None, at: datetime | None = None, **details: Any
) -> AuditEntry:
    """One entry. `at` is the change's simulated time; the clock's instant when the caller has none."""
    if at is None:
        at = clock.now()
    return AuditEntry.objects.create(action=action, account=account, actor=actor, at=at, details=_plain(details))


def audit_record_many(entries: list[AuditEntry]) -> None:
    """Entries of a set-based change (due work), in one insert."""
    for entry in entries:
        entry.details = _plain(entry.details)
    AuditEntry.objects.bulk_create(entries)


def _plain(details: dict[str, Any]) -> dict[str, Any]:
    """Datetimes and the like as the JSON the API shows them in."""
    return json.loads(json.dumps(details, cls=DjangoJSONEncoder))
