"""Pure rules of certifications held and certification profiles (CE-3, CE-6, CP-5, CP-6, CP-7)."""

from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from certlink.dates import add_months
from certlink.errors import Refusal
from certlink.timefmt import when

PROVIDER_NAMES = {"pearson_vue": "Pearson VUE", "certiport": "Certiport"}


@dataclass(frozen=True)
class Validity:
    """How long a certification counts once earned (CE-3; RULES.md parameters, from settings)."""

    validity_months: int = 12
    long_validity_months: int = 24
    long_validity_before: date = date(2021, 6, 1)


def expiry_for(*, level: str, earned_at: datetime, policy: Validity) -> datetime | None:
    """CE-3: associate, expert and specialty certifications expire after a year (two if earned before the
    change of policy); fundamentals never expire."""
    if level == "fundamentals":
        return None
    long = earned_at.date() < policy.long_validity_before
    return add_months(earned_at, policy.long_validity_months if long else policy.validity_months)


def certification_number(rng: random.Random) -> str:
    """CE-6: a letter, three digits, a dash, four digits (e.g. H123-4567)."""
    letter = rng.choice("ABCDEFGHJKLMNPRSTUVWXYZ")
    return f"{letter}{rng.randrange(1000):03d}-{rng.randrange(10000):04d}"


def on_certiport_transcript(*, provider: str, earned_at: datetime, cutoff: date) -> bool:
    """CP-6: a certification earned through Certiport on or after the cut-off stays on the Certiport transcript."""
    return provider == "certiport" and earned_at.date() >= cutoff


def check_merge_providers(survivor: Iterable[str], other: Iterable[str]) -> None:
    """CP-5: profiles whose exams come from different delivery providers cannot be merged."""
    providers = set(survivor) | set(other)
    if len(providers) > 1:
        # Translators: the separator between the names of exam delivery providers ("Certiport and Pearson VUE"); keep
        # the spaces only where your language puts spaces between words.
        separator = pgettext("between names", " and ")
        names = separator.join(sorted(PROVIDER_NAMES.get(p, p) for p in providers))
        raise Refusal(
            "merge_different_providers",
            _(
                "These certification profiles can't be merged: their exams come from different exam delivery "
                "providers (%(providers)s). Each stays a profile of its own."
            )
            % {"providers": names},
            providers=sorted(providers),
        )


def legal_name_effective_at(*, now: datetime, hours: int) -> datetime:
    """CP-7: a legal-name change takes effect `hours` after it is asked for."""
    return now + timedelta(hours=hours)


def name_change_sentence(new_name: str, effective_at: datetime) -> str:
    return _("Your legal name will change to “%(name)s” on %(date)s.") % {"name": new_name, "date": when(effective_at)}
