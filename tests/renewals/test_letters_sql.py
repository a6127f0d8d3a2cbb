"""RN-8's mail merge in the database (renewals.letters_sql) writes, byte for byte, the emails Python renders from the
templates: names and certification titles that need escaping, single-digit days, every reminder number; and each
reminder is recorded as sent once, with its email, whether the clock jumps or crawls."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import IntegrityError, ProgrammingError, connection, transaction

from certlink.appendonly import AppendOnlyError
from certlink.clock import clock_advance_by
from profiles.models import Certification, CertificationHeld
from profiles.services import exam_result_record
from renewals import letters_sql, rules
from renewals.letters import letters_build
from renewals.models import RenewalReminder
from renewals.policy import policy
from renewals.reminders import _LETTER_FIELDS, _letter, reminders_run_after
from sim.models import OutboxLetter, OutboxMessage, OutboxRecipient
from sim.scenarios_reset import world_reset
from sim.selectors import sent_to
from tests.helpers import page_text
from tests.renewals.conftest import EARNED

OUTBOX = "/outbox/"

pytestmark = pytest.mark.postgres


@pytest.fixture
def tricky(hana_profile, az104) -> CertificationHeld:  # type: ignore[no-untyped-def]
    """A certification whose holder's name and title need escaping in HTML, expiring on a single-digit day."""
    if connection.vendor != "postgresql":
        pytest.skip("the mail merge runs in PostgreSQL; elsewhere Python renders every email (tested by RN-8's tests)")
    hana_profile.legal_name = 'Zoë "Zo" O\'Brien & <Sons>'
    hana_profile.save(update_fields=["legal_name"])
    Certification.objects.filter(pk=az104.certifications.get().pk).update(name='Azure <Admin> & "Ops" Associate')
    outcome = exam_result_record(
        mcid=hana_profile.mcid, exam_code="AZ-104", taken_at=EARNED, score=812, provider="pearson_vue", now=EARNED
    )
    (held,) = outcome.earned
    return held


def python_rendering(message: OutboxMessage):  # type: ignore[no-untyped-def]
    reminder = RenewalReminder.objects.filter(held__profile__contact_email=message.to, sent_at=message.sent_at)
    (row,) = reminder.values_list(*_LETTER_FIELDS)
    (email,) = letters_build([_letter(message.sent_at, *row)], at=message.sent_at)
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
    # Each went to one address, kept on the message rather than in a recipient row, and is found in the outbox by it.
    assert {message.sole_recipient for message in messages} == {"hana.mail@outlook.example"}
    assert not OutboxRecipient.objects.filter(message__in=messages).exists()
    assert OutboxMessage.objects.filter(sent_to(["hana.mail@outlook.example"])).count() == 5
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
    from certlink.clock import clock_set

    clock_set(to=EARNED + timedelta(days=1))
    for _ in range(40):
        clock_advance_by(duration="10d")
    steps = [(m.sent_at, m.subject, m.body, m.html) for m in OutboxMessage.objects.order_by("sent_at")]
    assert steps == jump and len(jump) == 5


def test_sim2_a_mail_merge_message_is_in_the_outbox_of_its_one_address(tricky, operator, page_as, api_as) -> None:  # type: ignore[no-untyped-def]
    """The merged emails have no recipient rows: the outbox page and the API find them by `sole_recipient`."""
    clock_advance_by(duration="1y")
    api = api_as(operator).get("/api/v1/outbox/", {"to": "Hana.Mail@outlook.example"}).json()
    assert len(api["results"]) == 5
    assert all(m["recipients"] == ["hana.mail@outlook.example"] for m in api["results"])
    page = page_text(page_as(operator).get(OUTBOX, {"to": "hana.mail@outlook.example"}))
    assert all(f'href="{OUTBOX}{m["id"]}/"' in page for m in api["results"])
    assert not OutboxMessage.objects.filter(sent_to(["nobody@outlook.example"])).exists()


@pytest.mark.parametrize("name", ["  Azure\tAdmin  &  Ops\u2003Associate ", "Azure Admin", ""])
def test_rn8_a_subject_is_normalized_as_python_normalizes_it_whatever_the_certification_name(
    tricky: CertificationHeld, name: str
) -> None:
    """The database skips normalizing the subject for a certification whose name is already clean; a name with runs
    of spaces, tabs, other whitespace or an empty one is normalized, and every subject is what Python writes."""
    Certification.objects.filter(pk=tricky.certification_id).update(name=name)
    clock_advance_by(duration="1y")
    messages = list(OutboxMessage.objects.filter(template__startswith="renewal_").order_by("sent_at"))
    assert len(messages) == 5
    assert [message.subject for message in messages] == [python_rendering(message).subject for message in messages]
    assert all("  " not in message.subject and message.subject == message.subject.strip() for message in messages)


@pytest.mark.parametrize(
    ("subject", "as_it_is"),
    [
        ("You can now renew zqxCERTxqz", True),
        ("Reminder zqxNUMBERxqz of 4: zqxCERTxqz expires in zqxDAYSxqz days", True),
        ("Renew  zqxCERTxqz", False),  # a run of spaces in the template's own text
        ("Renew zqxCERTxqz ", False),  # a space at the end
        ("Renew\tzqxCERTxqz", False),  # whitespace that is not a space
        ("Dear zqxNAMExqz", False),  # a person's name is not checked per certification
    ],
)
def test_rn8_which_subjects_need_no_normalizing_when_the_values_are_clean(subject: str, as_it_is: bool) -> None:
    assert letters_sql._normal_when_clean(subject) is as_it_is


def test_rn8_the_engines_shortcut_run_twice_claims_and_stores_each_email_once(tricky: CertificationHeld) -> None:
    """RN-8 "no email is ever sent twice": the clock engine's shortcut (reminders_run_after) claims the newly due
    without looking for an earlier claim first; the unique constraint skips a claimed reminder, and its email."""
    number, offset = rules.reminder_offsets(policy())[0]
    due = tricky.expires_at - offset
    assert reminders_run_after(due - timedelta(days=1), due) == 1
    assert reminders_run_after(due - timedelta(days=1), due) == 0
    (reminder,) = RenewalReminder.objects.filter(held=tricky)
    assert (reminder.number, reminder.sent_at) == (number, due)
    assert OutboxMessage.objects.filter(template="renewal_notice").count() == 1


def test_sim2_a_letter_once_sent_is_never_changed_or_deleted(tricky: CertificationHeld) -> None:
    clock_advance_by(duration="1y")
    letter = OutboxLetter.objects.order_by("pk").first()
    assert letter is not None
    bodies = [message.body for message in OutboxMessage.objects.filter(letter__isnull=False)]
    with pytest.raises(AppendOnlyError):
        letter.save()
    with pytest.raises(AppendOnlyError):
        OutboxLetter.objects.update(body="")
    with pytest.raises(AppendOnlyError):
        letter.delete()
    for statement in ("UPDATE sim_outboxletter SET body = ''", "DELETE FROM sim_outboxletter"):
        with pytest.raises(ProgrammingError, match="is append-only"), transaction.atomic(), connection.cursor() as c:
            c.execute(statement)
    assert [message.body for message in OutboxMessage.objects.filter(letter__isnull=False)] == bodies


def test_sim2_the_database_refuses_a_message_whose_letter_does_not_exist(tricky: CertificationHeld) -> None:
    """The reference from a message to its letter is checked by a statement trigger, not a FOREIGN KEY constraint
    (sim.models.OutboxMessage.letter): it refuses an insert or an update naming no letter, as the constraint would."""
    clock_advance_by(duration="1y")
    message = OutboxMessage.objects.filter(letter__isnull=False).first()
    assert message is not None
    missing = OutboxLetter.objects.order_by("-pk").values_list("pk", flat=True)[0] + 1
    with pytest.raises(IntegrityError, match="violates foreign key"), transaction.atomic():
        OutboxMessage.objects.filter(pk=message.pk).update(letter_id=missing)
    with pytest.raises(IntegrityError, match="violates foreign key"), transaction.atomic():
        OutboxMessage.objects.create(
            sent_at=message.sent_at,
            from_email="a@example.com",
            to="b@example.com",
            subject="s",
            letter_id=missing,
            merge={},
        )
    assert OutboxMessage.objects.get(pk=message.pk).letter_id == message.letter_id
    assert not OutboxMessage.objects.filter(letter_id=missing).exists()
    OutboxMessage.objects.filter(pk=message.pk).update(letter_id=missing - 1)  # an existing letter is accepted


def test_sim3_the_world_reset_empties_the_letters_with_their_messages(tricky: CertificationHeld, operator) -> None:  # type: ignore[no-untyped-def]
    clock_advance_by(duration="1y")
    letters = OutboxLetter.objects.count()
    assert letters >= 2
    result = world_reset(confirm="RESET", by=operator)
    assert result.deleted["sim.OutboxLetter"] == letters
    assert not OutboxLetter.objects.exists() and not OutboxMessage.objects.exists()


def test_sim2_the_admin_shows_letters_read_only(tricky: CertificationHeld, page_as, operator) -> None:  # type: ignore[no-untyped-def]
    clock_advance_by(duration="1y")
    letter = OutboxLetter.objects.order_by("pk").first()
    assert letter is not None
    admin = page_as(operator)
    assert admin.get("/admin/sim/outboxletter/").status_code == 200
    detail = admin.get(f"/admin/sim/outboxletter/{letter.pk}/change/")
    assert detail.status_code == 200 and 'name="_save"' not in detail.content.decode()
    assert admin.get("/admin/sim/outboxletter/add/").status_code == 403
    assert admin.get(f"/admin/sim/outboxletter/{letter.pk}/delete/").status_code == 403
    assert admin.post(f"/admin/sim/outboxletter/{letter.pk}/change/", {"body": "x"}).status_code == 403
    assert OutboxLetter.objects.get(pk=letter.pk).body == letter.body
