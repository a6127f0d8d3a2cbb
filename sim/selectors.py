"""Reads of the simulation: the outbox a person may see, and what is scheduled."""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from certlink import clock
from certlink.errors import Refusal
from certlink.models import ClockAdvance, OutboxMessage, OutboxRecipient
from certlink.timefmt import when
from profiles.models import Account


def outbox_addresses_for(account: Account) -> set[str]:
    """The addresses whose mail `account` may read in the outbox (SIM-2)."""
    return {account.email.lower()}


def sent_to(addresses: Iterable[str]) -> Q:
    """The messages that went to any of `addresses` (lower-cased), through their recipient rows: one read of the
    address index, so that a person's few messages are found without walking the outbox."""
    listed = OutboxRecipient.objects.filter(address__in=sorted(addresses)).order_by().values("message_id")
    return Q(pk__in=listed)


def outbox_for(*, account: Account) -> QuerySet[OutboxMessage]:
    """Operators read every message; anyone else only what went to their addresses (filters: sim.filters)."""
    messages = OutboxMessage.objects.all()
    if not account.is_operator:
        messages = messages.filter(sent_to(outbox_addresses_for(account)))
    return messages.order_by("-sent_at", "-id")


@dataclass(frozen=True)
class ScheduledWork:
    name: str
    label: str
    next_due: datetime | None


def scheduled_work(*, now: datetime) -> list[ScheduledWork]:
    return sorted(
        (ScheduledWork(work.name, work.label, work.next_due(now)) for work in clock.registered()),
        key=lambda item: (item.next_due is None, item.next_due or datetime.max.replace(tzinfo=None), item.name),
    )


OUTBOX_PAGE_SIZE = 50


@dataclass(frozen=True)
class OutboxPosition:
    """A message's place in the outbox's order (newest first: sent_at, then id), carried in a page's links as a token:
    a page starts just before or just after it, so a page deep in a year's 1.7 million emails is one range read of
    the sent_at index, as the first is."""

    sent_at: datetime
    pk: int

    @classmethod
    def of(cls, message: OutboxMessage) -> OutboxPosition:
        return cls(message.sent_at, message.pk)

    def token(self) -> str:
        raw = json.dumps([self.sent_at.isoformat(), self.pk], separators=(",", ":"))
        return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")

    @classmethod
    def from_token(cls, token: str) -> OutboxPosition:
        try:
            sent_at, pk = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
            position = cls(datetime.fromisoformat(sent_at), pk)
            if not isinstance(pk, int) or position.sent_at.tzinfo is None:
                raise ValueError(token)
        except (ValueError, TypeError, binascii.Error, UnicodeDecodeError):
            raise Refusal(
                "outbox_position_invalid",
                _("This page of the outbox can't be found: the link to it is damaged. Start again from the newest."),
                status=400,
            ) from None
        return position

    def older(self) -> Q:
        """The messages after this one in the outbox's order; `sent_at <=` alone first, so the index bounds the read."""
        return Q(sent_at__lte=self.sent_at) & (Q(sent_at__lt=self.sent_at) | Q(pk__lt=self.pk))

    def newer(self) -> Q:
        return Q(sent_at__gte=self.sent_at) & (Q(sent_at__gt=self.sent_at) | Q(pk__gt=self.pk))


@dataclass(frozen=True)
class OutboxPage:
    rows: list[OutboxMessage]
    total: int  # the messages of the whole filtered outbox
    newer: OutboxPosition | None  # the first row, when newer messages are on a page before; None on the newest page
    older: OutboxPosition | None  # the last row, when older messages follow on a next page; None on the oldest page


def outbox_page(
    messages: QuerySet[OutboxMessage],
    *,
    before: OutboxPosition | None = None,
    after: OutboxPosition | None = None,
    size: int = OUTBOX_PAGE_SIZE,
) -> OutboxPage:
    """A page of `messages` (outbox_for's order, newest first): the `size` just older than `before`, or just newer than
    `after` (the newest page when fewer are left), or the newest. Its total is a COUNT of the filtered messages: when
    unfiltered, a scan of the whole outbox's smallest index, the one cost that grows with it (measured in the
    README)."""
    if after is not None:
        newer = list(messages.filter(after.newer()).order_by("sent_at", "id")[: size + 1])
        if len(newer) > size:
            rows = newer[:size][::-1]
            return _page(messages, rows, newer=OutboxPosition.of(rows[0]), older=OutboxPosition.of(rows[-1]))
        before = None  # fewer than a page left above: the newest page
    page = list((messages.filter(before.older()) if before else messages)[: size + 1])
    rows = page[:size]
    return _page(
        messages,
        rows,
        newer=OutboxPosition.of(rows[0]) if before and rows else None,
        older=OutboxPosition.of(rows[-1]) if len(page) > size else None,
    )


def _page(
    messages: QuerySet[OutboxMessage],
    rows: list[OutboxMessage],
    *,
    newer: OutboxPosition | None,
    older: OutboxPosition | None,
) -> OutboxPage:
    return OutboxPage(rows=rows, total=messages.order_by().count(), newer=newer, older=older)


# What an item of each due work is (the works register in their apps; SIM-1), in the order a summary lists them.
_UNITS = {
    "renewal_reminders": lambda n: ngettext("%(count)s email", "%(count)s emails", n),
    "credit_propagation": lambda n: ngettext("%(count)s credit arrived", "%(count)s credits arrived", n),
    "skills_refresh": lambda n: ngettext("%(count)s credit removed", "%(count)s credits removed", n),
    "legal_name_changes": lambda n: ngettext("%(count)s legal-name change", "%(count)s legal-name changes", n),
}


def advance_summary(steps: list[dict[str, Any]]) -> str:
    """What an advance did, in one phrase: the moments it stopped at, then each work's items in that work's unit
    ("41 moments, 2,604 emails, 12 credits arrived"). The clock page's message and its *Recent advances* both say
    this, so their figures agree."""
    moments = len({step["at"] for step in steps})
    if not moments:
        return _("no due work")
    totals: dict[str, int] = {}
    for step in steps:
        totals[step["work"]] = totals.get(step["work"], 0) + step["handled"]
    order = [*_UNITS, *sorted(set(totals) - set(_UNITS))]
    parts = [ngettext("%(count)s moment", "%(count)s moments", moments) % {"count": _figure(moments)}]
    parts += [_items(work, totals[work]) for work in order if totals.get(work)]
    return ", ".join(parts)


def _items(work: str, count: int) -> str:
    if work in _UNITS:
        return _UNITS[work](count) % {"count": _figure(count)}
    labels = {due.name: due.label for due in clock.registered()}
    return ngettext("%(count)s item of %(work)s", "%(count)s items of %(work)s", count) % {
        "count": _figure(count),
        "work": labels.get(work, work),
    }


def _figure(count: int) -> str:
    return number_format(count, force_grouping=True)


@dataclass(frozen=True)
class RecentAdvance:
    advance: ClockAdvance
    summary: str  # advance_summary of its steps


def recent_advances(limit: int = 10) -> list[RecentAdvance]:
    advances = ClockAdvance.objects.select_related("requested_by").order_by("-id")[:limit]
    return [RecentAdvance(advance, advance_summary(advance.steps)) for advance in advances]


def advance_sentence(advance: ClockAdvance) -> str:
    """What a finished advance did, as its page, the API and the CLI say it."""
    return _("The clock moved from %(from)s to %(to)s: %(summary)s.") % {
        "from": when(advance.from_instant),
        "to": when(advance.to_instant),
        "summary": advance_summary(advance.steps),
    }
