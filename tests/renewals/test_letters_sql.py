"""RN-8's mail merge in the database (renewals.letters_sql) writes, byte for byte, the emails Python renders from the
templates: names and certification titles that need escaping, single-digit days, every reminder number; and each
reminder is recorded as sent once, with its email, whether the clock jumps or crawls."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection

from profiles.models import Certification, CertificationHeld
from profiles.services import exam_result_record
from renewals import letters_sql
from renewals.letters import letters_build
from renewals.models import RenewalReminder
from renewals.reminders import _LETTER_FIELDS, _letter
from sim.models import OutboxMessage
from sim.services import clock_advance_by
from tests.renewals.conftest import EARNED

pytestmark = pytest.mark.postgres


@pytest.fixture
def tricky(hana_profile, az104) -> CertificationHeld:  # type: ignore[no-untyped-def]
    """A certification whose holder's name and title need escaping in HTML, expiring on a single-digit day."""
    if connection.vendor != "postgresql":
        pytest.skip("the mail merge runs in PostgreSQL; elsewhere Python renders every email (tested by RN-8's tests)")
    hana_profile.legal_name = "Zoë \"Zo\" O'Brien & <Sons>"
    hana_profile.save(update_fields=["legal_name"])
    Certification.objects.filter(pk=az104.certifications.get().pk).update(name="Azure <Admin> & \"Ops\" Associate")
    outcome = exam_result_record(
        mcid=hana_profile.mcid, exam_code="AZ-104", taken_at=EARNED, score=812, provider="pearson_vue", now=EARNED
    )
    (held,) = outcome.earned
    return held


def python_rendering(message: OutboxMessage):  # type: ignore[no-untyped-def]
    reminder = RenewalReminder.objects.filter(held__profile__contact_email=message.to, sent_at=message.sent_at)
    (row,) = reminder.values_list(*_LETTER_FIELDS)
    (email,) = letters_build([_letter(*row)], at=message.sent_at)
    return email


def test_rn8_the_database_writes_the_emails_python_would(tricky: CertificationHeld) -> None:
    assert letters_sql.available()
    clock_advance_by(duration="1y")
    messages = list(OutboxMessage.objects.filter(template__startswith="renewal_").order_by("sent_at"))
    assert len(messages) == 5  # the notice and four reminders
    for message in messages:
        email = python_rendering(message)
        html = next(content for content, mimetype in email.alternatives if mimetype == "text/html")
        assert (message.subject, message.body, message.html, message.to, message.template) == (
            email.subject,
            email.body,
            html,
            email.to[0],
            email.extra_headers["X-Certlink-Template"],
        )
    assert "Zoë &quot;Zo&quot; O&#x27;Brien &amp; &lt;Sons&gt;" in messages[0].html
    assert "expires on 10 January 2026" in messages[0].body  # Django's "j F Y"
    assert list(messages[0].recipients.values_list("address", "field")) == [("hana.mail@outlook.example", "to")]
    assert all(message.letter_id and not message.stored_body for message in messages)  # a mail merge, stored once


def test_rn8_each_reminder_is_recorded_sent_with_its_one_email(tricky: CertificationHeld) -> None:
    for _ in range(8):
        clock_advance_by(duration="50d")
    reminders = RenewalReminder.objects.filter(held=tricky)
    assert reminders.count() == 5 and not reminders.filter(sent_at__isnull=True).exists()
    assert sorted(reminders.values_list("sent_at", flat=True)) == sorted(
        OutboxMessage.objects.filter(template__startswith="renewal_").values_list("sent_at", flat=True)
    )


def test_rn8_a_jump_and_small_steps_store_the_same_emails(tricky: CertificationHeld) -> None:
    clock_advance_by(duration="400d")
    jump = [(m.sent_at, m.subject, m.body, m.html) for m in OutboxMessage.objects.order_by("sent_at")]
    OutboxMessage.objects.all().delete()
    RenewalReminder.objects.all().delete()
    from sim.services import clock_set

    clock_set(to=EARNED + timedelta(days=1))
    for _ in range(40):
        clock_advance_by(duration="10d")
    steps = [(m.sent_at, m.subject, m.body, m.html) for m in OutboxMessage.objects.order_by("sent_at")]
    assert steps == jump and len(jump) == 5
