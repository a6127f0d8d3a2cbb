"""RN-8's emails in the outbox (SIM-2), on every database through one implementation: the sweep stores each
reminder's template and context with one INSERT ... SELECT, and the outbox renders them with the same templates as
any other email, so they read exactly as `certlink.emails.build` writes them; what an email says does not change when
the data it was built from does; and each reminder has its one email, held by a real, unique foreign key."""

from __future__ import annotations

from datetime import UTC, timedelta

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from certlink.clock import clock_advance_by, clock_set
from certlink.emails import build
from certlink.mail import outbox_email
from certlink.models import OutboxMessage, OutboxRecipient
from profiles.models import Certification, CertificationHeld, CertificationProfile
from profiles.services import exam_result_record
from renewals import rules
from renewals.models import RenewalReminder
from renewals.policy import policy
from renewals.reminders import _store_emails, reminders_claim, reminders_run, reminders_run_after, reminders_send
from sim.selectors import sent_to
from tests.factories import CertificationHeldFactory
from tests.renewals.conftest import EARNED

NAME = 'Zoë "Zo" O\'Brien & <Sons>'
TITLE = 'Azure <Admin> & "Ops" Associate'


@pytest.fixture
def tricky(hana_profile, az104) -> CertificationHeld:  # type: ignore[no-untyped-def]
    """A certification whose holder's name and title need escaping in HTML, expiring on a single-digit day."""
    hana_profile.legal_name = NAME
    hana_profile.save(update_fields=["legal_name"])
    Certification.objects.filter(pk=az104.certifications.get().pk).update(name=TITLE)
    outcome = exam_result_record(
        mcid=hana_profile.mcid, exam_code="AZ-104", taken_at=EARNED, score=812, provider="pearson_vue", now=EARNED
    )
    (held,) = outcome.earned
    return held


def built_in_python(message: OutboxMessage):  # type: ignore[no-untyped-def]
    """The email of a sweep's message as Python builds it from the reminder, its certification and its profile."""
    reminder = RenewalReminder.objects.select_related("held__profile", "held__certification").get(email=message)
    held = reminder.held
    context = {
        "name": held.profile.legal_name,
        "mcid": held.profile.mcid,
        "held": held.pk,
        "certification": held.certification.name,
        "expires_at": held.expires_at,
        "number": reminder.number,
        "reminders": len(rules.reminder_offsets(policy())) - 1,
    }
    template = "renewal_notice" if reminder.number == 0 else "renewal_reminder"
    return build(template=template, to=[reminder.to], context=context, at=message.sent_at)


def html_of(email) -> str:  # type: ignore[no-untyped-def]
    return next(content for content, mimetype in email.alternatives if mimetype == "text/html")


def renewal_emails() -> list[OutboxMessage]:
    return list(OutboxMessage.objects.filter(template__startswith="renewal_").order_by("sent_at", "id"))


def test_rn8_a_sweeps_email_reads_as_certlink_emails_builds_it_from_the_same_values(tricky) -> None:  # type: ignore[no-untyped-def]
    """The context the database writes (a JSONObject; its expiry an instant SQLite and PostgreSQL write differently)
    renders to the email Python builds, byte for byte, through the page, the API and the SMTP relay alike."""
    clock_advance_by(duration="1y")
    messages = renewal_emails()
    assert len(messages) == 5  # the notice and four reminders
    for message in messages:
        email = built_in_python(message)
        assert (message.subject, message.body, message.html, message.to, message.template) == (
            email.subject,
            email.body,
            html_of(email),
            email.to[0],
            email.extra_headers["X-Certlink-Template"],
        )
        relayed = outbox_email(message)
        assert (relayed.subject, relayed.body, html_of(relayed)) == (email.subject, email.body, html_of(email))
    assert "Zoë &quot;Zo&quot; O&#x27;Brien &amp; &lt;Sons&gt;" in messages[0].html  # escaped in HTML only
    assert f"Hello {NAME}," in messages[0].body and messages[0].subject == f"You can now renew {TITLE}"
    assert "expires on 10 January 2026" in messages[0].body  # the date format, as of the template
    assert f"/learn/credentials/renew/{tricky.pk}/" in messages[0].body  # {% url 'learn_renew' held %}


def test_rn8_the_api_and_the_message_page_show_what_the_outbox_renders(tricky, operator, page_as, api_as) -> None:  # type: ignore[no-untyped-def]
    clock_advance_by(duration="1y")
    message = renewal_emails()[1]
    api = api_as(operator).get(f"/api/v1/outbox/{message.pk}/").json()
    assert (api["subject"], api["body"], api["html"]) == (message.subject, message.body, message.html)
    assert api["context"]["name"] == NAME and api["context"]["held"] == tricky.pk
    assert api["recipients"] == ["hana.mail@outlook.example"]
    page = page_as(operator).get(f"/outbox/{message.pk}/").content.decode()
    assert "Reminder 1 of 4: Azure &lt;Admin&gt; &amp; &quot;Ops&quot; Associate expires in 90 days" in page
    assert page_as(operator).get(f"/outbox/{message.pk}/html/").content.decode() == message.html


def test_rn8_every_email_states_the_days_left_as_of_its_own_date(tricky) -> None:  # type: ignore[no-untyped-def]
    clock_advance_by(duration="1y")
    expiry = tricky.expires_at.date()
    for message in renewal_emails():
        days = (expiry - message.sent_at.astimezone(UTC).date()).days
        assert f"in {days} days" in message.body and f"in {days} days" in message.html


def test_rn8_an_email_keeps_the_legal_name_and_certification_it_was_sent_with_after_they_change(tricky) -> None:  # type: ignore[no-untyped-def]
    clock_advance_by(duration="200d")  # the notice
    (notice,) = renewal_emails()
    before = (notice.subject, notice.body, notice.html)
    CertificationProfile.objects.filter(pk=tricky.profile_id).update(legal_name="Zoë Smith")
    Certification.objects.filter(pk=tricky.certification_id).update(name="Azure Administrator (renamed)")
    CertificationHeld.objects.filter(pk=tricky.pk).update(expires_at=tricky.expires_at + timedelta(days=365))
    again = OutboxMessage.objects.get(pk=notice.pk)
    assert (again.subject, again.body, again.html) == before
    assert "Zoë Smith" not in again.body and "renamed" not in again.body


def test_rn8_a_sweep_stores_each_reminders_email_exactly_once_even_when_run_twice(tricky) -> None:  # type: ignore[no-untyped-def]
    _, offset = rules.reminder_offsets(policy())[0]
    due = tricky.expires_at - offset
    assert (reminders_run(due), reminders_run(due)) == (1, 0)
    (reminder,) = RenewalReminder.objects.filter(held=tricky)
    # Storing the sent reminder's email again stores nothing: the message's reminder is unique.
    assert _store_emails(RenewalReminder.objects.filter(pk=reminder.pk), due) == 0
    assert OutboxMessage.objects.get().reminder == reminder
    assert OutboxRecipient.objects.get().address == "hana.mail@outlook.example"


def test_rn8_the_engines_shortcut_run_twice_claims_and_stores_each_email_once(tricky) -> None:  # type: ignore[no-untyped-def]
    number, offset = rules.reminder_offsets(policy())[0]
    due = tricky.expires_at - offset
    assert reminders_run_after(due - timedelta(days=1), due) == 1
    assert reminders_run_after(due - timedelta(days=1), due) == 0
    (reminder,) = RenewalReminder.objects.filter(held=tricky)
    assert (reminder.number, reminder.sent_at) == (number, due)
    assert OutboxMessage.objects.filter(template="renewal_notice").count() == 1


def test_rn8_a_jump_and_small_steps_store_the_same_emails(tricky) -> None:  # type: ignore[no-untyped-def]
    clock_advance_by(duration="400d")
    jump = [(m.sent_at, m.subject, m.body, m.html) for m in renewal_emails()]
    OutboxMessage.objects.all().delete()
    RenewalReminder.objects.all().delete()
    clock_set(to=EARNED + timedelta(days=1))
    for _ in range(40):
        clock_advance_by(duration="10d")
    assert [(m.sent_at, m.subject, m.body, m.html) for m in renewal_emails()] == jump and len(jump) == 5


def test_sim2_a_sweeps_email_is_found_in_the_outbox_of_its_address(tricky, operator, page_as, api_as) -> None:  # type: ignore[no-untyped-def]
    clock_advance_by(duration="1y")
    api = api_as(operator).get("/api/v1/outbox/", {"to": "Hana.Mail@outlook.example"}).json()
    assert len(api["results"]) == 5
    assert all(m["recipients"] == ["hana.mail@outlook.example"] for m in api["results"])
    page = page_as(operator).get("/outbox/", {"to": "hana.mail@outlook.example"}).content.decode()
    assert all(f'href="/outbox/{m["id"]}/"' in page for m in api["results"])
    assert not OutboxMessage.objects.filter(sent_to(["nobody@outlook.example"])).exists()


# --- The message's reference to its reminder: a real foreign key, unique ------------------------------------------


def test_rn8_the_database_refuses_a_message_naming_a_reminder_that_does_not_exist(tricky) -> None:  # type: ignore[no-untyped-def]
    clock_advance_by(duration="200d")
    (notice,) = renewal_emails()
    missing = RenewalReminder.objects.order_by("-pk").values_list("pk", flat=True)[0] + 1
    with pytest.raises(IntegrityError), transaction.atomic():
        OutboxMessage.objects.filter(pk=notice.pk).update(reminder_id=missing)
        connection.check_constraints(table_names=[OutboxMessage._meta.db_table])  # deferred to the commit otherwise
    assert OutboxMessage.objects.get(pk=notice.pk).reminder_id == notice.reminder_id


def test_rn8_the_database_refuses_a_second_email_for_one_reminder(tricky) -> None:  # type: ignore[no-untyped-def]
    clock_advance_by(duration="200d")
    (notice,) = renewal_emails()
    with pytest.raises(IntegrityError), transaction.atomic():
        OutboxMessage.objects.create(
            sent_at=notice.sent_at,
            from_email=notice.from_email,
            to=notice.to,
            template=notice.template,
            context=notice.context,
            reminder_id=notice.reminder_id,
        )
    assert OutboxMessage.objects.count() == 1


def test_rn8_an_email_outlives_its_reminder_and_still_reads_as_sent(tricky) -> None:  # type: ignore[no-untyped-def]
    clock_advance_by(duration="200d")
    (notice,) = renewal_emails()
    before = (notice.subject, notice.body, notice.html)
    CertificationHeld.objects.filter(pk=tricky.pk).delete()  # its reminders go with it
    assert not RenewalReminder.objects.exists()
    again = OutboxMessage.objects.get(pk=notice.pk)
    assert again.reminder_id is None and (again.subject, again.body, again.html) == before


# --- Set-based: statements flat in the number of certifications --------------------------------------------------


def test_rn8_sending_a_batch_costs_the_same_statements_for_one_reminder_or_many(tricky) -> None:  # type: ignore[no-untyped-def]
    """The claimed reminders' emails are stored by one INSERT ... SELECT of messages and one of recipients, whatever
    their number (the sweep's count, claims included, is in test_reminder_sweep)."""
    _, offset = rules.reminder_offsets(policy())[0]
    due = tricky.expires_at - offset

    def statements_to_send() -> int:
        reminders_claim(at=due)
        with CaptureQueriesContext(connection) as queries:
            reminders_send(at=due)
        return len(queries)

    one = statements_to_send()
    CertificationHeldFactory.create_batch(
        150, certification=tricky.certification, earned_at=tricky.earned_at, expires_at=tricky.expires_at
    )
    assert statements_to_send() == one
    assert OutboxMessage.objects.count() == 151 == OutboxRecipient.objects.count()
