"""PC-12's score simulator: partner admins enter performance and customer-success points."""

from __future__ import annotations

from datetime import datetime

from django.utils.translation import gettext as _

from certlink.errors import Refusal
from partners.models import DesignationInput, PartnerUser
from partners.selectors import area_by_key


def designation_input_set(*, by: PartnerUser, area: str, metric: str, points: float, now: datetime) -> DesignationInput:
    if not by.sees_skills:
        raise Refusal(
            "not_partner_admin", _("Only partner admins and global admins enter designation values."), status=403
        )
    found = area_by_key(area)
    entered = {m.key: m for m in found.metrics if m.entered} if found else {}
    if metric not in entered:
        raise Refusal(
            "unknown_metric",
            _("%(area)s/%(metric)s is not a performance or customer-success metric.")
            % {"area": area, "metric": metric},
        )
    cap = float(max(entered[metric].max.enterprise, entered[metric].max.smb))
    if not 0 <= points <= cap:
        raise Refusal(
            "points_out_of_range",
            _("%(metric)s takes 0 to %(max)s points.") % {"metric": entered[metric].label, "max": f"{cap:g}"},
            max=cap,
        )
    row, _created = DesignationInput.objects.update_or_create(
        organization=by.organization, area=area, metric=metric, defaults={"points": points, "updated_at": now}
    )
    return row
