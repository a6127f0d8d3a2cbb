"""RN-8's rule in its emails: the days left as of the email's own date (renewals.rules.days_left), worked out when the
email is rendered, from the expiry and the date it keeps (templates/emails/renewal_*)."""

from __future__ import annotations

from datetime import datetime

from django import template
from django.utils.timezone import get_current_timezone

from renewals import rules

register = template.Library()


@register.filter
def days_left(expires_at: datetime, sent_at: datetime) -> int:
    """`{{ expires_at|days_left:sent_at }}`: the days an email dated `sent_at` says are left before `expires_at`."""
    return rules.days_left(expires_at, on=sent_at, zone=get_current_timezone())
