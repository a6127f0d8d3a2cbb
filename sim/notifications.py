"""PR-2: a person is told what happened to them, in a list of notifications, read or unread.

A notification is one of the person's events (sim.timeline.person_events, the same events their timeline shows, for
the same accounts, certification profiles and Partner Center users: person_of) of a kind PR-2 names: a credit arrived,
left or is leaving (PC-9, PC-10), a renewal notice or reminder was sent (RN-8), support answered a request (AL-1,
CP-4, PC-13), an association was refused or is allowed again (PC-8). Its key is the event's ("credited:12"): the kind
and the record it comes from. Nothing of it is stored but what the person has read (sim.models)."""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass, replace
from datetime import datetime

from django.db import transaction
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from certlink.errors import Refusal
from profiles.models import Account
from sim.models import NotificationRead, NotificationsRead
from sim.timeline import KINDS, Event, Person, person_events, person_of

# The notification's kind (its key's first part) and what the list calls it. "leaving" is the timeline's scheduled
# "removed": a credit whose link ended, told when it ended, before the refresh that removes it (PC-10).
TITLES: dict[str, Promise] = {
    "credited": _("A credit arrived"),
    "leaving": _("A credit is leaving"),
    "removed": _("A credit left"),
    "reminded": _("A reminder was sent"),
    "answered": _("Support answered"),
    "refused": _("An association was refused"),
    "allowed": _("An association is allowed again"),
}
EVENT_KINDS = ("credited", "removed", "reminded", "answered", "refused", "allowed")  # the timeline's kinds asked for


@dataclass(frozen=True)
class Notification:
    key: str
    kind: str
    at: datetime
    sentence: str
    unread: bool
    url: str | None  # where it is about, for this account (None: nowhere it can open)

    @property
    def title(self) -> str:
        return str(TITLES[self.kind])


@dataclass(frozen=True)
class Inbox:
    """An account's notifications, newest first."""

    items: list[Notification]

    @property
    def unread(self) -> int:
        return sum(item.unread for item in self.items)

    def get(self, key: str) -> Notification | None:
        return next((item for item in self.items if item.key == key), None)


def bell_label(unread: int) -> str:
    """The bell's name for screen readers, and the API's: "Notifications, 3 unread"."""
    return ngettext("Notifications, %(count)d unread", "Notifications, %(count)d unread", unread) % {"count": unread}


def notified(event: Event, *, now: datetime) -> tuple[str, datetime] | None:
    """Pure: the kind and instant of the notification an event makes, or None. A past event of a kind PR-2 names is
    one when it happened; a scheduled one only when already certain (a credit leaving), from when it became so."""
    kind = event.key.partition(":")[0]
    if kind not in TITLES:
        return None
    at = event.announced_at if event.scheduled else event.at
    if at is None or at > now:
        return None
    return kind, at


def inbox_for(*, account: Account, now: datetime) -> Inbox:
    """The account's notifications as of `now`, newest first, each read or unread."""
    person = person_of(account)
    found = []
    for event in person_events(person, now=now, kinds=EVENT_KINDS, pending=False):
        made = notified(event, now=now)
        if made is not None:
            found.append((made[1], KINDS.index(event.kind), event.key, made[0], event.sentence))
    before, keys = _read(account)
    urls = _urls(account, person)
    items = [
        Notification(key, kind, at, sentence, unread=not (before and at < before) and key not in keys, url=urls(key))
        for at, _order, key, kind, sentence in sorted(found, reverse=True)
    ]
    return Inbox(items)


def notifications_read(*, account: Account, now: datetime, keys: Collection[str] | None = None) -> Inbox:
    """Mark the account's notifications read: all of them (`keys` None: *Mark all as read*), or those of `keys`
    (opened or marked one by one). A key that is not one of theirs is refused, whoever's it may be."""
    inbox = inbox_for(account=account, now=now)
    if keys is not None:
        unknown = sorted(set(keys) - {item.key for item in inbox.items})
        if unknown:
            raise Refusal(
                "notification_not_found", str(_("There's no such notification of yours.")), status=404, ids=unknown
            )
    chosen = [item for item in inbox.items if item.unread and (keys is None or item.key in keys)]
    with transaction.atomic():
        if keys is None:
            # Everything before now is read by the mark; what happened at now by rows of its own, since more can
            # still happen at this same instant (the simulated clock stands still between advances).
            _mark_before(account, now)
            NotificationRead.objects.filter(account=account, at__lt=now).delete()
        NotificationRead.objects.bulk_create(
            [NotificationRead(account=account, key=item.key, at=item.at) for item in chosen], ignore_conflicts=True
        )
    done = {item.key for item in chosen}
    return Inbox([replace(item, unread=False) if item.key in done else item for item in inbox.items])


def _mark_before(account: Account, now: datetime) -> None:
    """Move the account's mark to `now` (never back: a mark already past it stays)."""
    if not NotificationsRead.objects.filter(account=account, before__lt=now).update(before=now):
        NotificationsRead.objects.get_or_create(account=account, defaults={"before": now})


def _read(account: Account) -> tuple[datetime | None, set[str]]:
    before = NotificationsRead.objects.filter(account=account).values_list("before", flat=True).first()
    return before, set(NotificationRead.objects.filter(account=account).values_list("key", flat=True))


def _urls(account: Account, person: Person) -> Callable[[str], str | None]:
    """Where each kind of notification opens for this account: a page it can open, or None."""
    partner = any(user.account_id == account.pk for user in person.partner_users)
    learn_profile = reverse("partner_learn_profile") if partner else None
    pages = {
        "credited": learn_profile,
        "leaving": learn_profile,
        "removed": learn_profile,
        "refused": learn_profile,
        "allowed": learn_profile,
        "reminded": reverse("learn_certifications"),
    }

    def url(key: str) -> str | None:
        kind, _sep, source = key.partition(":")
        if kind == "answered" and source.startswith("support:"):
            return reverse("support_list")
        if kind == "answered":
            return reverse("partner_support") if partner else None
        return pages.get(kind)

    return url
