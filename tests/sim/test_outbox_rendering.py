"""SIM-2: the outbox keeps each email as data (its template, a JSON context of plain values, its addresses, its
language and its date) and renders it with certlink.emails whenever it is read: the page, the API and the SMTP relay
show what `certlink.emails.build` makes of the same template and context."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.core.mail import EmailMultiAlternatives, send_mail
from django.utils import translation

from certlink.emails import PLAIN, build, instant, send
from certlink.mail import outbox_email
from certlink.models import OutboxMessage
from sim.filters import EMAIL_KINDS
from tests.conftest import START
from tests.helpers import email_context, page_text

TEMPLATES = [kind for kind, _ in EMAIL_KINDS]


def html_of(email: EmailMultiAlternatives) -> str:
    return next((str(content) for content, mimetype in email.alternatives if mimetype == "text/html"), "")


@pytest.mark.parametrize("template", TEMPLATES)
def test_sim2_an_outbox_message_renders_what_certlink_emails_builds_from_its_template_and_context(
    template, operator, page_as, api_as
) -> None:  # type: ignore[no-untyped-def]
    context = email_context(template)
    send(template=template, to=["lee@outlook.example"], context=context, at=START)
    message = OutboxMessage.objects.get()
    assert (message.template, message.context, message.sent_at) == (template, context, START)
    email = build(template=template, to=["lee@outlook.example"], context=context, at=START)
    rendered = (email.subject, email.body, html_of(email))
    assert (message.subject, message.body, message.html) == rendered
    api = api_as(operator).get(f"/api/v1/outbox/{message.pk}/").json()
    assert (api["subject"], api["body"], api["html"]) == rendered
    relayed = outbox_email(message)
    assert (relayed.subject, relayed.body, html_of(relayed)) == rendered
    page = page_text(page_as(operator).get(f"/outbox/{message.pk}/"))
    assert f"<h1>{email.subject}</h1>" in page and email.body.strip().splitlines()[0] in page


def test_sim2_the_outbox_list_renders_each_subject_from_its_template(operator, page_as) -> None:  # type: ignore[no-untyped-def]
    send(template="support_rejected", to=["lee@outlook.example"], context=email_context("support_rejected"), at=START)
    assert "Your certification support request #1 was not processed" in page_text(page_as(operator).get("/outbox/"))


def test_sim2_an_email_sent_without_a_template_is_kept_as_the_generic_template_with_its_text(db: None) -> None:
    send_mail("Hello <you> & them", "Plain text\nas written", None, ["lee@outlook.example"], html_message="<p>Hi</p>")
    message = OutboxMessage.objects.get()
    assert message.template == PLAIN
    assert message.context == {"subject": "Hello <you> & them", "body": "Plain text\nas written", "html": "<p>Hi</p>"}
    assert (message.subject, message.body, message.html) == (
        "Hello <you> & them",
        "Plain text\nas written",
        "<p>Hi</p>",
    )
    relayed = outbox_email(message)
    assert (relayed.subject, relayed.body, html_of(relayed)) == (message.subject, message.body, message.html)


def test_sim2_an_email_without_html_has_no_html_part(db: None, page_as, operator) -> None:  # type: ignore[no-untyped-def]
    send_mail("Hello", "Body", None, ["lee@outlook.example"])
    message = OutboxMessage.objects.get()
    assert message.html == "" and outbox_email(message).alternatives == []
    assert page_as(operator).get(f"/outbox/{message.pk}/html/").status_code == 404


def test_sim2_a_context_must_be_json_not_model_instances(learner) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(TypeError):
        send(template="welcome_msa", to=[learner.email], context={"name": learner, "email": learner.email}, at=START)
    assert not OutboxMessage.objects.exists()


def test_sim2_an_instant_in_a_context_is_read_back_whichever_way_a_database_wrote_it() -> None:
    """PostgreSQL's jsonb and Python write ISO 8601 with an offset (or Z); SQLite's json_object over a datetime
    column writes its stored text, UTC without an offset."""
    expected = datetime(2026, 1, 10, 9, 0, tzinfo=UTC)
    for written in ("2026-01-10T09:00:00+00:00", "2026-01-10T09:00:00Z", "2026-01-10 09:00:00", expected):
        assert instant(written) == expected
    assert instant("2026-01-10 09:00:00.250000") == expected.replace(microsecond=250000)


def test_sim2_an_email_is_rendered_in_the_language_it_was_sent_in_whoever_reads_it(db: None) -> None:
    with translation.override("ja"):
        send(template="welcome_msa", to=["lee@outlook.example"], context=email_context("welcome_msa"), at=START)
    message = OutboxMessage.objects.get()
    assert message.language == "ja"
    with translation.override("ja"):
        in_japanese = build(template="welcome_msa", to=[], context=email_context("welcome_msa"), at=START).body
    with translation.override("en-gb"):
        in_english = build(template="welcome_msa", to=[], context=email_context("welcome_msa"), at=START).body
        assert OutboxMessage.objects.get().body == in_japanese != in_english  # its date, at least, is written apart
