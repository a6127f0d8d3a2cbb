"""The world's reset (SIM-3): back to empty, except the catalog and the simulator's staff.

Kept: the catalog (certifications, exams, renewal assessments and their questions), the staff tenant with its
domains and its operator and agent accounts (their sessions and API tokens too, so the operator who resets stays
signed in), and auth groups. Everything else goes: learners, tenants, Learn and certification profiles, exams
taken, certifications held, support requests, renewals, Partner Center, the outbox and the clock's history; the clock
goes back to SIM_CLOCK_START."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from axes.models import AccessAttempt, AccessAttemptExpiration, AccessFailureLog, AccessLog
from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.sessions.models import Session
from django.db import transaction
from django.db.models import Model, QuerySet
from django.utils.translation import gettext as _
from rest_framework.authtoken.models import Token

from certlink import models as certlink
from certlink.appendonly import erase_all, is_append_only
from certlink.clock import clock_set
from certlink.errors import Refusal
from partners import models as partners
from profiles import models as profiles
from renewals import models as renewals
from sim import models as sim

RESET_WORD = "RESET"
Report = Callable[[int, int, int], None]  # (steps done, steps in all, items handled): SIM-5's progress of a job

# Every model of the project is in KEPT, PARTLY_KEPT or WIPED (a test holds it, so a new model gets a decision).
# Left alone, whole:
KEPT: tuple[type[Model], ...] = (
    profiles.Certification,
    profiles.Exam,
    renewals.RenewalAssessment,
    renewals.AssessmentQuestion,
    certlink.Clock,
    # Sign-in lockout (ID-3) protects accounts and is not part of the simulated world: a reset neither unlocks an
    # address nor forgets a client's failures (operators unlock with axes' admin or commands); each lock ends by itself.
    AccessAttempt,
    AccessAttemptExpiration,
    AccessFailureLog,
    AccessLog,
)
# Models whose staff rows stay (the staff tenant, its domains and accounts, their tokens, sessions, admin history).
PARTLY_KEPT: tuple[type[Model], ...] = (profiles.Account, profiles.Tenant, profiles.Domain, Token, Session, LogEntry)

# The rest of the world, children before parents, so that each DELETE is valid on its own even where a database
# checks foreign keys at once; the non-staff accounts go between the two lists.
_BEFORE_ACCOUNTS: tuple[type[Model], ...] = (
    sim.NotificationRead,  # PR-2: what was read goes with the world it was read in (the clock goes back)
    sim.NotificationsRead,
    profiles.AuditEntry,
    partners.PartnerCredit,
    partners.PartnerSupportRequest,
    partners.LinkEvent,
    partners.DesignationInput,
    partners.RefreshRun,
    partners.McidLink,
    partners.PartnerUniversityLink,
    partners.UniversityCompletion,
    partners.PartnerUniversityAccount,
    partners.PartnerUser,
    partners.PartnerOrganization,
    certlink.OutboxRecipient,
    certlink.OutboxMessage,  # before the renewal reminders its messages name
    renewals.RenewalReminder,
    renewals.RenewalAttempt,
    profiles.Alignment,  # before the support requests and certification profiles it names
    profiles.SupportMessage,
    profiles.SupportRequest,
    profiles.CertificationHeld,
    profiles.ExamResult,
    profiles.TranscriptShare,
    profiles.LearnActivity,
    profiles.CertificationProfile,
    certlink.ClockAdvance,
    certlink.DueWorkProgress,  # the new world's work has run nowhere yet
)
_AFTER_ACCOUNTS: tuple[type[Model], ...] = (profiles.LearnProfile,)
WIPED = _BEFORE_ACCOUNTS + _AFTER_ACCOUNTS


@dataclass(frozen=True)
class ResetResult:
    deleted: dict[str, int]  # rows deleted, by model label
    clock: datetime

    @property
    def total(self) -> int:
        return sum(self.deleted.values())


def reset_check(*, confirm: str, by: profiles.Account | None) -> None:
    """The reset's refusals, before anything is deleted: the request that starts it as a job (SIM-5) checks them too,
    so that a mistake is answered at once."""
    _check_confirmed(confirm)
    if by is not None and not profiles.Account.objects.filter(pk=by.pk, tenant__is_staff_tenant=True).exists():
        raise Refusal(
            "reset_needs_staff_account",
            _(
                "Only an operator whose account is in the simulator's staff tenant can reset: yours would be "
                "deleted with the world."
            ),
            status=403,
        )


def _check_confirmed(confirm: str) -> None:
    if (confirm or "").strip() != RESET_WORD:
        raise Refusal(
            "reset_not_confirmed",
            # Translators: %(word)s is the word to type, which stays as it is (RESET).
            _(
                "Resetting deletes every learner, organisation, profile, link, credit and email of the world, and "
                "puts the clock back at its start. Type %(word)s to confirm."
            )
            % {"word": RESET_WORD},
            confirm_with=RESET_WORD,
        )


# Each DELETE is one step of the reset's progress (SIM-5): the sign-ins' three tables, the world's, the accounts, the
# domains and the tenants.
STEPS = 3 + len(WIPED) + 3


def world_reset(*, confirm: str, by: profiles.Account | None = None, progress: Report | None = None) -> ResetResult:
    """Delete the world in one transaction, set-based: one DELETE per table, whatever the number of rows. `progress`
    is told (tables done, STEPS, rows deleted) after each."""
    reset_check(confirm=confirm, by=by)
    deleted = _Deleted(progress)
    with transaction.atomic():
        staff_tenants = list(profiles.Tenant.objects.filter(is_staff_tenant=True).values_list("pk", flat=True))
        staff = list(profiles.Account.objects.filter(tenant__in=staff_tenants).values_list("pk", flat=True))
        _sign_ins(staff, deleted)
        for model in _BEFORE_ACCOUNTS:
            # The append-only records (the audit log, PC-7's link events) go with the world they describe: the reset
            # is the one operator's action that may empty them.
            _count(deleted, model, erase_all(model) if is_append_only(model) else _wipe(model._default_manager.all()))
        # Staff accounts keep no link to what goes: a Learn profile they opened, a learner who deleted them.
        profiles.Account.objects.filter(pk__in=staff).update(learn_profile=None, learn_added_at=None)
        profiles.Account.objects.filter(pk__in=staff).exclude(deleted_by__in=staff).update(deleted_by=None)
        _count(deleted, profiles.Account, _wipe(profiles.Account.objects.exclude(pk__in=staff)))
        for model in _AFTER_ACCOUNTS:
            _count(deleted, model, _wipe(model._default_manager.all()))
        _count(deleted, profiles.Domain, _wipe(profiles.Domain.objects.exclude(tenant__in=staff_tenants)))
        _count(deleted, profiles.Tenant, _wipe(profiles.Tenant.objects.exclude(pk__in=staff_tenants)))
        # The one move of the clock backwards (SIM-1 forbids it everywhere else). It is not an advance, so no
        # ClockAdvance records it: the advances of the old world were deleted above, and their table only accepts
        # forward moves (clock_moves_forward).
        start = datetime.fromisoformat(settings.SIM_CLOCK_START)
        clock_set(to=start)
    return ResetResult(deleted={k: v for k, v in deleted.items() if v}, clock=start)


class _Deleted(dict[str, int]):
    """Rows deleted by model label, telling `progress` of each table as it is counted."""

    def __init__(self, progress: Report | None) -> None:
        super().__init__()
        self.progress = progress

    def __setitem__(self, label: str, rows: int) -> None:
        super().__setitem__(label, rows)
        if self.progress:
            self.progress(len(self), STEPS, sum(self.values()))


def _sign_ins(staff: list[int], deleted: dict[str, int]) -> None:
    """Tokens, admin history, permissions and sessions of every account but the staff's."""
    _count(deleted, Token, _wipe(Token.objects.exclude(user_id__in=staff)))
    _count(deleted, LogEntry, _wipe(LogEntry.objects.exclude(user_id__in=staff)))
    for through in (profiles.Account.groups.through, profiles.Account.user_permissions.through):
        _wipe(through.objects.exclude(account_id__in=staff))
    staff_ids = {str(pk) for pk in staff}
    kept = [s.session_key for s in Session.objects.iterator() if s.get_decoded().get("_auth_user_id") in staff_ids]
    _count(deleted, Session, _wipe(Session.objects.exclude(session_key__in=kept)))


def _count(deleted: dict[str, int], model: type[Model], rows: int) -> None:
    deleted[model._meta.label] = rows


def _wipe(rows: QuerySet) -> int:
    """One DELETE statement, no rows loaded. QuerySet.delete() would load every row to emulate ON DELETE in
    Python, and refuses chains of PROTECT references inside one table (a profile merged into one that was merged in
    turn); the order above makes each statement valid, and the database still checks every foreign key."""
    return rows._raw_delete(rows.db)
