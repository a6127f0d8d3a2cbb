"""Benchmarks 1 and 2: the RN-8 claim and the PC-9 propagation over every certification held, each against one
`INSERT ... SELECT` written here by hand that selects the same rows (the most the database could do)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from django.conf import settings

from benchmarks.common import Result, best_of, execute, report
from partners.services.credits import propagation_run
from profiles.models import CertificationHeld
from profiles.selectors import certiport_cutoff
from renewals import rules
from renewals.policy import policy
from renewals.reminders import reminders_claim

TARGET = 2.0

CLAIM = """
INSERT INTO renewals_renewalreminder (held_id, cycle, number, due_at, "to")
SELECT h.id, h.cycle, o.number, h.expires_at - o.this, p.contact_email
FROM profiles_certificationheld h
JOIN profiles_certification c ON c.id = h.certification_id
JOIN profiles_certificationprofile p ON p.id = h.profile_id
JOIN (VALUES {offsets}) o (number, this, next)
  ON h.expires_at <= %(at)s + o.this AND h.expires_at > %(at)s + o.next
WHERE p.merged_into_id IS NULL AND c.level <> 'fundamentals'
  AND (c.retirement_date IS NULL OR c.retirement_date > %(day)s)
  AND NOT (h.provider = 'certiport' AND h.earned_at >= %(cutoff)s)
ON CONFLICT DO NOTHING
"""

PROPAGATE = """
INSERT INTO partners_partnercredit (
    organization_id, partner_user_id, link_id, held_id, kind, activity_id, title, first_name, last_name,
    personal_email, work_email, mcid, completed_at, expires_at, retirement_date, cycle, due_at, arrived_at, manual)
SELECT l.organization_id, l.partner_user_id, l.id, h.id, 'certification', c.slug, c.name,
       COALESCE(substring(p.legal_name FROM '^(.*) '), p.legal_name),
       COALESCE(substring(p.legal_name FROM ' ([^ ]*)$'), ''),
       p.contact_email, a.email, p.mcid, COALESCE(h.renewed_at, h.earned_at), h.expires_at, c.retirement_date, h.cycle,
       GREATEST(COALESCE(h.renewed_at, h.earned_at), l.started_at) + %(delay)s, %(at)s, false
FROM profiles_certificationheld h
JOIN partners_mcidlink l ON l.profile_id = h.profile_id AND l.ended_at IS NULL
JOIN partners_partneruser u ON u.id = l.partner_user_id
JOIN profiles_account a ON a.id = u.account_id AND a.deleted_at IS NULL
JOIN profiles_certification c ON c.id = h.certification_id
JOIN profiles_certificationprofile p ON p.id = h.profile_id
WHERE NOT (h.provider = 'certiport' AND h.earned_at >= %(cutoff)s)
  AND GREATEST(COALESCE(h.renewed_at, h.earned_at), l.started_at) + %(delay)s <= %(at)s
ON CONFLICT DO NOTHING
"""


def _cutoff() -> datetime:
    return datetime.combine(certiport_cutoff(), datetime.min.time(), tzinfo=UTC)


def claim(now: datetime) -> Result:
    offsets = rules.reminder_offsets(policy())
    days = [o.days for _, o in offsets] + [0]  # reminder n is current from `this` days before expiry to `next`
    values = ", ".join(f"({n}, interval '{days[n]} days', interval '{days[n + 1]} days')" for n, _ in offsets)
    sql = CLAIM.format(offsets=values)
    params = {"at": now, "day": now.date(), "cutoff": _cutoff()}
    (base, expected), (ours, claimed) = best_of(2, lambda: execute(sql, params), lambda: reminders_claim(at=now))
    held = CertificationHeld.objects.count()
    return report(
        Result(
            f"1. RN-8 claim over {held:,} certifications held",
            f"{ours:.2f} s ({claimed:,} reminders, chunks of {settings.REMINDER_SWEEP_CHUNK:,} ids)",
            f"one INSERT ... SELECT {base:.2f} s ({expected:,})",
            ours / base,
            f"<= {TARGET}",
            ours / base <= TARGET and claimed == expected,
        )
    )


def propagation(now: datetime) -> Result:
    params = {"at": now, "delay": timedelta(days=settings.CREDIT_PROPAGATION_DAYS), "cutoff": _cutoff()}
    (base, expected), (ours, arrived) = best_of(2, lambda: execute(PROPAGATE, params), lambda: propagation_run(now))
    held = CertificationHeld.objects.count()
    return report(
        Result(
            f"2. PC-9 propagation over {held:,} certifications held",
            f"{ours:.2f} s ({arrived:,} credits)",
            f"one INSERT ... SELECT ... ON CONFLICT DO NOTHING {base:.2f} s ({expected:,})",
            ours / base,
            f"<= {TARGET}",
            ours / base <= TARGET and arrived == expected,
        )
    )
