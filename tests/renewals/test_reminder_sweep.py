"""RN-8's sweep is set-based: its queries do not grow with the number of certifications, and running it twice
sends nothing twice."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext

from certlink.models import OutboxMessage
from profiles.models import Certification, CertificationHeld
from renewals.models import RenewalReminder
from renewals.reminders import reminders_claim, reminders_run, reminders_run_after
from tests.factories import CertificationHeldFactory

EXPIRES = datetime(2026, 6, 30, 9, 0, tzinfo=UTC)
NOTICE = EXPIRES - timedelta(days=180)


def certifications_due(count: int, certification: Certification) -> None:
    CertificationHeldFactory.create_batch(
        count, certification=certification, earned_at=EXPIRES - timedelta(days=365), expires_at=EXPIRES
    )


def queries_to_sweep(count: int, certification: Certification) -> int:
    certifications_due(count, certification)
    with CaptureQueriesContext(connection) as queries:
        sent = reminders_run(NOTICE)
    assert sent == count
    return len(queries)


def test_rn8_the_sweep_uses_the_same_number_of_statements_for_5_or_300_certifications(administrator) -> None:  # type: ignore[no-untyped-def]
    """Claim, then store the emails and their recipients and mark the reminders sent: a statement each, whatever the
    number of certifications, on every database (no email is built or inserted one by one)."""
    few = queries_to_sweep(5, administrator)
    OutboxMessage.objects.all().delete()
    RenewalReminder.objects.all().delete()
    CertificationHeld.objects.all().delete()
    assert queries_to_sweep(300, administrator) == few <= 12


def test_rn8_sweeping_the_same_instant_twice_sends_each_email_once(administrator) -> None:  # type: ignore[no-untyped-def]
    certifications_due(12, administrator)
    assert reminders_run(NOTICE) == 12
    assert reminders_run(NOTICE) == 0
    assert reminders_run(NOTICE + timedelta(hours=1)) == 0
    assert OutboxMessage.objects.count() == 12


def test_rn8_the_engines_shortcut_claims_the_newly_due_once_run_twice(administrator) -> None:  # type: ignore[no-untyped-def]
    """The shortcut between two moments (reminders_run_after, and its claim alone) looks for no earlier claim: the
    unique constraint skips one, on every database and whichever path stores the emails."""
    certifications_due(7, administrator)
    since = NOTICE - timedelta(days=1)
    assert reminders_claim(at=NOTICE, since=since) == 7
    assert reminders_claim(at=NOTICE, since=since) == 0
    assert reminders_run_after(since, NOTICE) == 7  # the seven claimed above, sent
    assert reminders_run_after(since, NOTICE) == 0
    assert OutboxMessage.objects.count() == 7 == RenewalReminder.objects.filter(sent_at=NOTICE).count()


def test_rn8_fundamentals_get_no_reminders(db: None) -> None:
    fundamentals = Certification.objects.create(
        slug="azure-fundamentals", name="Azure Fundamentals", level="fundamentals"
    )
    CertificationHeldFactory(certification=fundamentals, expires_at=None)
    assert reminders_run(NOTICE) == 0
