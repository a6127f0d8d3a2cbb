"""PC-9 on PostgreSQL: propagation as one `INSERT ... SELECT ... ON CONFLICT DO NOTHING` per chunk of certification
held ids, and the next due moment as one aggregate. The same rule as `credits.pending_certifications` (the
queryset every other reader uses), written as joins the planner can hash: the live link of the MCID (one per MCID,
PC-4) whose work account is not deleted, certifications not received in their current cycle, Certiport ones after
the cut-off never (CP-6). A credit's first and last name split the legal name as `partners.rules.first_and_last_name`
does (all words but the last, and the last; one word is a first name)."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import connection, transaction

from partners.models import McidLink, PartnerCredit, PartnerUser
from profiles.models import Account, Certification, CertificationHeld, CertificationProfile


def available() -> bool:
    return connection.vendor == "postgresql"


def _tables() -> dict[str, str]:
    return {
        "held": CertificationHeld._meta.db_table,
        "link": McidLink._meta.db_table,
        "user": PartnerUser._meta.db_table,
        "account": Account._meta.db_table,
        "certification": Certification._meta.db_table,
        "profile": CertificationProfile._meta.db_table,
        "credit": PartnerCredit._meta.db_table,
    }


_JOINS = """
    {held} h
    JOIN {link} l ON l.profile_id = h.profile_id AND l.ended_at IS NULL
    JOIN {user} u ON u.id = l.partner_user_id
    JOIN {account} a ON a.id = u.account_id AND a.deleted_at IS NULL
"""
_PENDING = """
    NOT (h.provider = 'certiport' AND h.earned_at >= %(cutoff)s)
    AND NOT EXISTS (SELECT 1 FROM {credit} r WHERE r.link_id = l.id AND r.held_id = h.id AND r.cycle = h.cycle)
"""
_DUE = "GREATEST(COALESCE(h.renewed_at, h.earned_at), l.started_at) + %(delay)s"

_PROPAGATE = """INSERT INTO {credit} (
    organization_id, partner_user_id, link_id, held_id, kind, activity_id, title, first_name, last_name,
    personal_email, work_email, mcid, completed_at, expires_at, retirement_date, cycle, due_at, arrived_at, manual
)
SELECT organization_id, partner_user_id, link_id, held_id, 'certification', slug, title,
       CASE WHEN strpos(legal_name, ' ') > 0 THEN substring(legal_name FROM '^(.*) ') ELSE legal_name END,
       CASE WHEN strpos(legal_name, ' ') > 0 THEN substring(legal_name FROM ' ([^ ]*)$') ELSE '' END,
       contact_email, work_email, mcid, completed_at, expires_at, retirement_date, cycle, due, %(at)s, false
FROM (
    SELECT h.id AS held_id, h.cycle, h.expires_at, COALESCE(h.renewed_at, h.earned_at) AS completed_at,
           l.id AS link_id, l.organization_id, l.partner_user_id, a.email AS work_email, {due} AS due,
           c.slug, c.name AS title, c.retirement_date, p.mcid, p.contact_email,
           btrim(regexp_replace(p.legal_name, '\\s+', ' ', 'g')) AS legal_name
    FROM {joins}
    JOIN {certification} c ON c.id = h.certification_id
    JOIN {profile} p ON p.id = h.profile_id
    WHERE {pending} AND {scope} AND {due} <= %(at)s
) pending
ON CONFLICT DO NOTHING"""
_CHUNK = "h.id >= %(lo)s AND h.id < %(hi)s"
# Credits due in (since, at]: the later of completion and link start fell in (since - delay, at - delay]. Each of the
# two is a range over an index (the links are few; held_completed on the certifications held).
_COMPLETED = "COALESCE(h.renewed_at, h.earned_at)"
_LINKED_IN_WINDOW = "l.started_at > %(since)s - %(delay)s AND l.started_at <= %(at)s - %(delay)s"
_COMPLETED_IN_WINDOW = f"{_COMPLETED} > %(since)s - %(delay)s AND {_COMPLETED} <= %(at)s - %(delay)s"

# A renewal (a new cycle) replaces the copy of the cycle before it on the same link once the new one arrives (PC-9).
_REPLACE = """UPDATE {credit} old SET removed_at = %(at)s
FROM {credit} new
WHERE {scope_new} AND new.arrived_at = %(at)s AND NOT new.manual
  AND old.held_id = new.held_id AND old.link_id = new.link_id AND old.cycle < new.cycle
  AND old.removed_at IS NULL AND NOT old.manual"""


def _sql(template: str, scope: str = "true", scope_new: str = "true") -> str:
    tables = _tables()
    return template.format(
        joins=_JOINS.format(**tables),
        pending=_PENDING.format(**tables),
        due=_DUE,
        scope=scope,
        scope_new=scope_new,
        **tables,
    )


def propagate(*, at: datetime, lo: int, hi: int, delay: timedelta, cutoff: datetime) -> int:
    """Copy the credits due at or before `at` of certifications held with ids in [lo, hi); how many arrived."""
    params = {"at": at, "lo": lo, "hi": hi, "delay": delay, "cutoff": cutoff}
    return _propagate([_CHUNK], "new.held_id >= %(lo)s AND new.held_id < %(hi)s", params)


def propagate_after(*, since: datetime, at: datetime, delay: timedelta, cutoff: datetime) -> int:
    """Copy the credits due in (since, at], when every credit due at or before `since` has arrived (the clock
    engine's shortcut): two statements over indexes, one for links that started in the window and one for
    certifications completed in it, where `propagate` reads every chunk of the world."""
    params = {"since": since, "at": at, "delay": delay, "cutoff": cutoff}
    return _propagate([_LINKED_IN_WINDOW, _COMPLETED_IN_WINDOW], "true", params)


def _propagate(scopes: list[str], scope_new: str, params: dict) -> int:
    arrived = 0
    with transaction.atomic(), connection.cursor() as cursor:
        for scope in scopes:
            cursor.execute(_sql(_PROPAGATE, scope=scope), params)
            arrived += max(cursor.rowcount, 0)
        if arrived:
            cursor.execute(_sql(_REPLACE, scope_new=scope_new), params)
    return arrived


def next_due(*, delay: timedelta, cutoff: datetime) -> datetime | None:
    """The earliest moment a certification's credit is due (PC-9), or None."""
    with connection.cursor() as cursor:
        cursor.execute(_sql("SELECT MIN({due}) FROM {joins} WHERE {pending}"), {"delay": delay, "cutoff": cutoff})
        return cursor.fetchone()[0]


def due_moments(*, after: datetime, until: datetime, delay: timedelta, cutoff: datetime) -> list[datetime]:
    """The distinct moments in (after, until] at which a certification's credit falls due (PC-9)."""
    sql = _sql("SELECT DISTINCT {due} FROM {joins} WHERE {pending} AND {due} > %(after)s AND {due} <= %(until)s")
    with connection.cursor() as cursor:
        cursor.execute(sql, {"delay": delay, "cutoff": cutoff, "after": after, "until": until})
        return [moment for (moment,) in cursor.fetchall()]
