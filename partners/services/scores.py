"""PC-12's score simulator: partner admins enter performance and customer-success points."""

from __future__ import annotations

from datetime import datetime

from certlink.errors import Refusal
from partners.models import DesignationInput, PartnerUser
from partners.selectors import area_by_key


def designation_input_set(*, by: PartnerUser, area: str, metric: str, points: float, now: datetime) -> DesignationInput:
    if not by.sees_skills:
        raise Refusal(
            "not_partner_admin", "Only partner admins and global admins enter designation values.", status=403
        )
    found = area_by_key(area)
    entered = {m.key: m for m in found.metrics if m.entered} if found else {}
    if metric not in entered:
        raise Refusal("unknown_metric", f"{area}/{metric} is not a performance or customer-success metric.")
    cap = float(max(entered[metric].max.enterprise, entered[metric].max.smb))
    if not 0 <= points <= cap:
        raise Refusal("points_out_of_range", f"{entered[metric].label} takes 0 to {cap:g} points.", max=cap)
    row, _ = DesignationInput.objects.update_or_create(
        organization=by.organization, area=area, metric=metric, defaults={"points": points, "updated_at": now}
    )
    return row
