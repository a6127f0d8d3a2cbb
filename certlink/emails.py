"""Emails in threes (subject, text, html) rendered from templates/emails/<name>/ and sent at a simulated time.

Sending goes through Django's email API into the outbox (certlink.mail.OutboxBackend, SIM-2): inside a request's
transaction the email is an outbox row committed with the request, or not at all; beat relays it to SMTP."""

from __future__ import annotations

from datetime import datetime
from email.utils import format_datetime
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string


def send(*, template: str, to: list[str], context: dict[str, Any], at: datetime) -> None:
    """Render emails/<template>/{subject.txt,body.txt,body.html} and send it, dated `at` (simulated)."""
    build(template=template, to=to, context=context, at=at).send()


def build(*, template: str, to: list[str], context: dict[str, Any], at: datetime) -> EmailMultiAlternatives:
    """The email of a template, dated `at`, ready to send (alone, or with others in one batch)."""
    context = {**context, "sent_at": at, "site_url": settings.SITE_URL}
    subject = " ".join(render_to_string(f"emails/{template}/subject.txt", context).split())
    text = render_to_string(f"emails/{template}/body.txt", context)
    html = render_to_string(f"emails/{template}/body.html", context)
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=to,
        headers={"Date": format_datetime(at), "X-Certlink-Template": template},
    )
    message.attach_alternative(html, "text/html")
    return message
