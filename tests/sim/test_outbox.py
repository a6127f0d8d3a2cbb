"""The outbox (SIM-2): every email kept with its simulated time; operators read all, each account its own."""

from __future__ import annotations

from datetime import timedelta

from django.core.mail import send_mail

from certlink.clock import clock_advance
from certlink.emails import send
from certlink.models import OutboxMessage
from certlink.tasks import outbox_relay
from profiles import services
from tests.conftest import START
from tests.factories import PASSWORD
from tests.helpers import page_text
from tests.smtp_sink import free_port, smtp_sink


def welcome(to: str, at=START) -> None:  # type: ignore[no-untyped-def]
    send(template="welcome_msa", to=[to], context={"name": "You", "email": to}, at=at)


def test_sim2_every_email_is_kept_with_the_simulated_time_it_was_sent(db: None) -> None:
    clock_advance(to=START + timedelta(days=3))
    send_mail("Hello", "Body", None, ["Lee <LEE@outlook.example>", "x@outlook.example"])
    message = OutboxMessage.objects.get()
    assert message.sent_at == START + timedelta(days=3)
    assert sorted(message.recipients.values_list("address", flat=True)) == ["lee@outlook.example", "x@outlook.example"]


def test_sim2_an_email_keeps_the_date_it_was_due_not_the_clocks(db: None) -> None:
    clock_advance(to=START + timedelta(days=30))
    welcome("lee@outlook.example", at=START + timedelta(days=2))
    assert OutboxMessage.objects.get().sent_at == START + timedelta(days=2)


def test_sim2_templated_emails_have_subject_text_and_html(db: None) -> None:
    welcome("lee@outlook.example")
    message = OutboxMessage.objects.get()
    assert message.subject == "Welcome to your Microsoft account"
    assert "lee@outlook.example" in message.body and "<strong>lee@outlook.example</strong>" in message.html
    assert message.template == "welcome_msa"


def test_sim2_signing_up_sends_a_welcome_email_through_a_task(db: None, django_capture_on_commit_callbacks) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        services.msa_sign_up(email="nia@outlook.example", password=PASSWORD, display_name="Nia", now=START)
    assert OutboxMessage.objects.get().to == "nia@outlook.example"


def test_sim2_operators_read_every_message_and_filter_by_address(page_as, api_as, operator, learner) -> None:
    welcome("lee@outlook.example")
    welcome("someone@outlook.example")
    assert page_text(page_as(operator).get("/outbox/")).count("Welcome to your Microsoft account") == 2
    listed = api_as(operator).get("/api/v1/outbox/", {"to": "LEE@outlook.example"}).json()
    assert [m["recipients"] for m in listed["results"]] == [["lee@outlook.example"]]


def test_sim2_an_account_reads_only_what_was_sent_to_its_address(page_as, api_as, learner) -> None:
    welcome("lee@outlook.example")
    welcome("someone@outlook.example")
    mine = OutboxMessage.objects.get(recipients__address="lee@outlook.example")
    theirs = OutboxMessage.objects.get(recipients__address="someone@outlook.example")
    page = page_as(learner)
    assert page.get(f"/outbox/{mine.pk}/").status_code == 200
    assert page.get(f"/outbox/{theirs.pk}/").status_code == 404
    listed = api_as(learner).get("/api/v1/outbox/", {"to": "someone@outlook.example"}).json()
    assert [m["id"] for m in listed["results"]] == [mine.pk]
    assert api_as(learner).get(f"/api/v1/outbox/{theirs.pk}/").status_code == 404


def test_sim2_the_message_page_shows_the_simulated_send_time(page_as, learner) -> None:
    welcome("lee@outlook.example", at=START + timedelta(hours=5))
    message = OutboxMessage.objects.get()
    text = page_text(page_as(learner).get(f"/outbox/{message.pk}/"))
    assert "Monday 5 January 2026 14:00 UTC" in text and "sandbox" in text


def test_sim2_sending_only_writes_the_outbox_and_beats_relay_sends_it_over_smtp(db: None, settings) -> None:
    with smtp_sink() as (port, received):
        settings.EMAIL_RELAY_URL = f"smtp://127.0.0.1:{port}"
        welcome("lee@outlook.example")
        assert not OutboxMessage.objects.get().relayed and received == []
        assert outbox_relay() == 1
    message = OutboxMessage.objects.get()
    assert message.relayed and not message.relay_error
    assert len(received) == 1 and "Subject: Welcome to your Microsoft account" in received[0]
    assert "Date: Mon, 05 Jan 2026 09:00:00" in received[0]


def test_sim2_the_relay_sends_each_message_once(db: None, settings) -> None:
    with smtp_sink() as (port, received):
        settings.EMAIL_RELAY_URL = f"smtp://127.0.0.1:{port}"
        welcome("lee@outlook.example")
        assert (outbox_relay(), outbox_relay()) == (1, 0)
    assert len(received) == 1


def test_sim2_a_relay_that_fails_never_loses_the_message_and_the_next_run_sends_it(db: None, settings) -> None:
    settings.EMAIL_RELAY_URL = f"smtp://127.0.0.1:{free_port()}"
    welcome("lee@outlook.example")
    assert outbox_relay() == 0
    message = OutboxMessage.objects.get()
    assert not message.relayed and message.relay_error
    with smtp_sink() as (port, received):
        settings.EMAIL_RELAY_URL = f"smtp://127.0.0.1:{port}"
        assert outbox_relay() == 1
    message.refresh_from_db()
    assert message.relayed and not message.relay_error and len(received) == 1


def test_sim2_without_a_relay_configured_the_relay_does_nothing(db: None) -> None:
    welcome("lee@outlook.example")
    assert outbox_relay() == 0 and not OutboxMessage.objects.get().relayed
