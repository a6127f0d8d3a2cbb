"""The outbox a page at a time (SIM-2): the total, the filters (recipient, kind of email, simulated days) on the page
and in the API through one FilterSet, the filters kept from page to page, and bad filters refused in words."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from certlink.models import OutboxMessage
from certlink.outbox import Outgoing, outbox_store_many
from sim.filters import EMAIL_KINDS
from sim.selectors import OUTBOX_PAGE_SIZE
from tests.conftest import START
from tests.helpers import email_context, page_text


def sent(count: int, *, to: str = "lee@outlook.example", kind: str = "renewal_reminder", at: datetime = START,
         every: timedelta = timedelta(0)) -> list[int]:  # fmt: skip
    """`count` emails of a kind to an address, the first at `at` and each `every` later (0: all at once, as a sweep
    sends them); their ids."""
    messages = [
        Outgoing(
            sent_at=at + n * every,
            from_email="no-reply@certlink.example",
            to=[to],
            template=kind,
            context=email_context(kind, n),
        )
        for n in range(count)
    ]
    return [row.pk for row in outbox_store_many(messages)]


def newest_first() -> list[int]:
    return list(OutboxMessage.objects.order_by("-sent_at", "-id").values_list("pk", flat=True))


def ids_on(response) -> list[int]:  # type: ignore[no-untyped-def]
    return [int(pk) for pk in re.findall(r'href="/outbox/(\d+)/"', page_text(response))]


def link(response, rel: str) -> str | None:  # type: ignore[no-untyped-def]
    found = re.search(rf'href="(\?[^"]*)" rel="{rel}"', page_text(response))
    return found.group(1) if found else None


def total_on(response) -> int:  # type: ignore[no-untyped-def]
    return int(re.search(r'data-total="(\d+)"', page_text(response)).group(1))


# --- The page: a page at a time, with the total ---------------------------------------------------------------


def test_the_outbox_shows_a_page_of_emails_and_the_total(page_as, operator) -> None:
    sent(120, every=timedelta(minutes=1))
    response = page_as(operator).get("/outbox/")
    assert response.status_code == 200
    assert "120 emails" in page_text(response) and total_on(response) == 120
    assert ids_on(response) == newest_first()[:OUTBOX_PAGE_SIZE]
    assert link(response, "next") and link(response, "prev") is None


def test_older_pages_then_newer_pages_walk_the_whole_outbox_once(page_as, operator) -> None:
    sent(70, every=timedelta(minutes=1))
    sent(60)  # a sweep: sixty emails at one instant, in order by id alone
    client, seen, response = page_as(operator), [], None
    response = client.get("/outbox/")
    seen += ids_on(response)
    while older := link(response, "next"):
        response = client.get(f"/outbox/{older}")
        assert total_on(response) == 130
        seen += ids_on(response)
    assert seen == newest_first()
    back: list[int] = []
    while newer := link(response, "prev"):
        response = client.get(f"/outbox/{newer}")
        back = ids_on(response) + back
    assert back == newest_first()[:-30]  # every page but the oldest (thirty emails), walked back to the newest


def test_the_outbox_says_when_it_is_empty(page_as, operator) -> None:
    response = page_as(operator).get("/outbox/")
    assert "0 emails" in page_text(response) and "No emails yet." in page_text(response)


def test_one_email_is_counted_in_the_singular(page_as, operator) -> None:
    sent(1)
    assert "1 email<" in page_text(page_as(operator).get("/outbox/"))


def test_the_total_is_written_with_thousands_grouped(page_as, operator) -> None:
    sent(1001)
    assert "1,001 emails" in page_text(page_as(operator).get("/outbox/"))


# --- Each filter --------------------------------------------------------------------------------------------


def test_an_operator_filters_by_recipient_whatever_its_case(page_as, operator) -> None:
    mine = sent(3, to="lee@outlook.example")
    sent(5, to="someone@outlook.example")
    response = page_as(operator).get("/outbox/", {"to": " LEE@outlook.example "})
    assert sorted(ids_on(response)) == mine and total_on(response) == 3


def test_the_recipient_filter_finds_an_email_by_any_of_its_addresses(page_as, operator) -> None:
    """Every email has a recipient row per address (to, cc, bcc), a sweep's as much as a request's."""
    (copied,) = [
        row.pk
        for row in outbox_store_many(
            [
                Outgoing(
                    sent_at=START,
                    from_email="no-reply@certlink.example",
                    to=["else@outlook.example"],
                    cc=["Lee <LEE@outlook.example>"],
                    template="plain",
                    context=email_context("plain"),
                )
            ]
        )
    ]
    mine = sent(2, to="lee@outlook.example")
    sent(4, to="someone@outlook.example")
    found = sorted(ids_on(page_as(operator).get("/outbox/", {"to": "lee@outlook.example"})))
    assert found == sorted([copied, *mine])


def test_a_learner_sees_only_their_own_mail_and_no_recipient_filter(page_as, learner) -> None:
    mine = sent(2, to="lee@outlook.example")
    sent(2, to="someone@outlook.example")
    response = page_as(learner).get("/outbox/", {"to": "someone@outlook.example"})
    assert sorted(ids_on(response)) == mine and 'name="to"' not in page_text(response)


def test_the_outbox_filters_by_kind_of_email(page_as, operator) -> None:
    notices = sent(2, kind="renewal_notice")
    sent(3, kind="renewal_reminder")
    response = page_as(operator).get("/outbox/", {"template": "renewal_notice"})
    assert sorted(ids_on(response)) == notices and total_on(response) == 2


def test_the_outbox_filters_by_simulated_days_both_included(page_as, operator) -> None:
    days = sent(10, at=START.replace(hour=23, minute=59), every=timedelta(days=1))  # 5 to 14 January, 23:59
    response = page_as(operator).get("/outbox/", {"since": "2026-01-07", "until": "2026-01-09"})
    assert sorted(ids_on(response)) == days[2:5] and total_on(response) == 3
    assert sorted(ids_on(page_as(operator).get("/outbox/", {"until": "2026-01-05"}))) == days[:1]
    assert sorted(ids_on(page_as(operator).get("/outbox/", {"since": "2026-01-14"}))) == days[9:]


def test_the_filters_combine(page_as, operator) -> None:
    wanted = sent(1, kind="renewal_notice", at=START + timedelta(days=3))
    sent(1, kind="renewal_notice", at=START)
    sent(1, kind="renewal_reminder", at=START + timedelta(days=3))
    sent(1, kind="renewal_notice", to="someone@outlook.example", at=START + timedelta(days=3))
    query = {"to": "lee@outlook.example", "template": "renewal_notice", "since": "2026-01-08"}
    assert ids_on(page_as(operator).get("/outbox/", query)) == wanted


def test_the_form_sent_with_every_filter_empty_shows_everything(page_as, api_as, operator) -> None:
    sent(3)
    empty = {"to": "", "template": "", "since": "", "until": ""}
    assert total_on(page_as(operator).get("/outbox/", empty)) == 3
    assert api_as(operator).get("/api/v1/outbox/", empty).json()["count"] == 3


def test_every_kind_of_email_certlink_sends_can_be_filtered_by() -> None:
    folders = {path.name for path in (Path(settings.BASE_DIR) / "templates" / "emails").iterdir() if path.is_dir()}
    assert {kind for kind, _ in EMAIL_KINDS} == folders


# --- Filters kept from page to page -------------------------------------------------------------------------


def test_the_page_links_keep_the_filters(page_as, operator) -> None:
    reminders = sent(OUTBOX_PAGE_SIZE + 5, kind="renewal_reminder", every=timedelta(minutes=1))
    sent(OUTBOX_PAGE_SIZE, kind="renewal_notice", every=timedelta(minutes=1))
    client = page_as(operator)
    first = client.get("/outbox/", {"template": "renewal_reminder", "since": "2026-01-05"})
    older = link(first, "next")
    assert older and "template=renewal_reminder" in older and "since=2026-01-05" in older
    second = client.get(f"/outbox/{older}")
    assert total_on(second) == OUTBOX_PAGE_SIZE + 5 and sorted(ids_on(second)) == reminders[:5]
    newer = link(second, "prev")
    assert newer and "template=renewal_reminder" in newer
    assert ids_on(client.get(f"/outbox/{newer}")) == ids_on(first)


# --- Bad input: a form error on the page, a 400 in the API, never a 500 --------------------------------------


@pytest.mark.parametrize(
    ("query", "field", "words"),
    [
        ({"since": "2026-13-45"}, "since", "Enter a valid date."),
        ({"until": "yesterday"}, "until", "Enter a valid date."),
        ({"template": "birthday_card"}, "template", "Select a valid choice."),
        ({"since": "2026-03-01", "until": "2026-02-01"}, "until", "The last day is before the first day."),
        ({"to": "x" * 400}, "to", "at most 320 characters"),
    ],
)
def test_the_page_shows_a_bad_filter_as_a_form_error(page_as, operator, query, field, words) -> None:
    sent(2)
    response = page_as(operator).get("/outbox/", query)
    assert response.status_code == 400
    text = page_text(response)
    assert words in text and 'class="field-error"' in text and ids_on(response) == []
    assert "Correct the filters above" in text


def test_a_damaged_page_link_is_a_400_in_words(page_as, operator) -> None:
    sent(2)
    for damaged in ("before=abc", "after=WzEsMl0", "before=!!"):
        response = page_as(operator).get(f"/outbox/?{damaged}")
        assert response.status_code == 400 and "the link to it is damaged" in page_text(response)


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"since": "2026-13-45"}, "since"),
        ({"until": "soon"}, "until"),
        ({"since": "05/01/2026"}, "since"),  # the API documents YYYY-MM-DD, and takes only that
        ({"template": "birthday_card"}, "template"),
        ({"since": "2026-03-01", "until": "2026-02-01"}, "until"),
    ],
)
def test_the_api_refuses_a_bad_filter_with_the_error_shape(api_as, operator, query, field) -> None:
    response = api_as(operator).get("/api/v1/outbox/", query)
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid" and list(body["details"]["fields"]) == [field]
    assert body["message"].startswith("Some of what was sent isn't valid.")


# --- The API: the same filters, a page and the count ------------------------------------------------------


def test_the_api_filters_like_the_page_and_counts_the_filtered(api_as, operator) -> None:
    notices = sent(3, kind="renewal_notice", at=START + timedelta(days=2))
    sent(4, kind="renewal_reminder", at=START + timedelta(days=2))
    sent(5, kind="renewal_notice", at=START)
    body = api_as(operator).get("/api/v1/outbox/", {"template": "renewal_notice", "since": "2026-01-06"}).json()
    assert body["count"] == 3 and sorted(m["id"] for m in body["results"]) == notices
    assert api_as(operator).get("/api/v1/outbox/", {"to": "nobody@outlook.example"}).json()["count"] == 0


def test_the_api_pages_keep_the_filters_and_the_count(api_as, operator) -> None:
    sent(7, kind="renewal_notice", every=timedelta(minutes=1))
    sent(3, kind="welcome_msa")
    api = api_as(operator)
    first = api.get("/api/v1/outbox/", {"template": "renewal_notice", "limit": 5}).json()
    assert first["count"] == 7 and len(first["results"]) == 5 and "template=renewal_notice" in first["next"]
    second = api.get(first["next"]).json()
    assert second["count"] == 7 and len(second["results"]) == 2 and second["next"] is None


def test_the_api_documents_the_filters(client: Client, db: None) -> None:
    import yaml

    schema = yaml.safe_load(client.get("/api/schema/").content)
    names = {p["name"] for p in schema["paths"]["/api/v1/outbox/"]["get"]["parameters"]}
    assert {"to", "template", "since", "until", "limit", "offset"} <= names


# --- Queries that do not grow with the outbox -----------------------------------------------------------------


@pytest.mark.parametrize("emails", [3, 3 * OUTBOX_PAGE_SIZE])
def test_a_page_of_the_outbox_costs_the_same_queries_however_many_emails(
    page_as, operator, django_assert_max_num_queries, emails
) -> None:
    sent(emails, every=timedelta(minutes=1))
    client = page_as(operator)
    older = link(client.get("/outbox/"), "next") or ""
    # the session, the account, the page, the count, the clock (for the page's header)
    with django_assert_max_num_queries(5):
        assert client.get("/outbox/", {"template": "renewal_reminder"}).status_code == 200
    with django_assert_max_num_queries(5):
        assert client.get(f"/outbox/{older}").status_code == 200


def test_a_page_of_the_api_costs_the_same_queries_however_many_emails(
    api_as, operator, django_assert_max_num_queries
) -> None:
    sent(3 * OUTBOX_PAGE_SIZE, every=timedelta(minutes=1))
    api = api_as(operator)
    with django_assert_max_num_queries(4):  # the token, the count, the page, its recipients
        assert api.get("/api/v1/outbox/", {"template": "renewal_reminder", "offset": 60}).status_code == 200
