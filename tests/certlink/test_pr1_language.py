"""PR-1: a person's language follows their browser (Accept-Language), their choice (the switcher on every page: kept
on their account, in their session and a cookie) and their account; the API's messages follow Accept-Language."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client

from certlink.language import SESSION_KEY
from certlink.models import OutboxMessage
from profiles.models import Account
from tests.helpers import page_text


def test_pr1_the_browsers_accept_language_chooses_the_pages_language(db: None) -> None:
    page = Client().get("/signin/", headers={"Accept-Language": "ja,en;q=0.5"})
    assert page["Content-Language"] == "ja" and '<html lang="ja">' in page_text(page)
    chinese = Client().get("/signin/", headers={"Accept-Language": "zh-TW,zh;q=0.8"})
    assert chinese["Content-Language"] == "zh-hant"
    english = Client().get("/signin/", headers={"Accept-Language": "fr-FR,de;q=0.8"})
    assert english["Content-Language"] == "en-gb" and '<html lang="en-gb">' in page_text(english)


def test_pr1_every_page_has_the_switcher_with_each_language_named_in_itself(page_as, learner) -> None:  # type: ignore[no-untyped-def]
    for page in (Client().get("/signin/"), page_as(learner).get("/learn/")):
        shown = page_text(page)
        assert 'action="/language/"' in shown
        for code, name in (("en-gb", "English"), ("ja", "日本語"), ("zh-hant", "繁體中文")):
            assert f'name="language" value="{code}" lang="{code}"' in shown and f">{name}</button>" in shown


def test_pr1_a_choice_before_signing_in_is_kept_in_the_session_and_the_cookie_over_the_browser(db: None) -> None:
    client = Client()
    response = client.post("/language/", {"language": "zh-hant", "back": "/signin/"})
    assert response.status_code == 302 and response["Location"] == "/signin/"
    assert client.session[SESSION_KEY] == "zh-hant" and client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "zh-hant"
    page = client.get("/signin/", headers={"Accept-Language": "ja"})
    assert page["Content-Language"] == "zh-hant"


def test_pr1_a_signed_in_persons_choice_is_kept_on_their_account_and_follows_them_to_another_browser(  # type: ignore[no-untyped-def]
    page_as, learner
) -> None:
    page_as(learner).post("/language/", {"language": "ja", "back": "/learn/"})
    learner.refresh_from_db()
    assert learner.language == "ja"
    elsewhere = page_as(learner)  # a new browser: no cookie, an English Accept-Language
    page = elsewhere.get("/learn/", headers={"Accept-Language": "en-GB"})
    assert page["Content-Language"] == "ja"


def test_pr1_the_api_follows_accept_language_whatever_the_account_chose(api_as, learner) -> None:  # type: ignore[no-untyped-def]
    Account.objects.filter(pk=learner.pk).update(language="ja")
    api = api_as(learner)
    assert api.get("/api/v1/me/", headers={"Accept-Language": "zh-Hant"})["Content-Language"] == "zh-hant"
    assert api.get("/api/v1/me/", headers={"Accept-Language": "en"})["Content-Language"] == "en-gb"


@pytest.mark.parametrize("language", ["fr", "", "klingon", "zh-hans"])
def test_pr1_an_unknown_language_is_refused_with_a_sentence_and_changes_nothing(page_as, learner, language) -> None:  # type: ignore[no-untyped-def]
    client = page_as(learner)
    response = client.post("/language/", {"language": language, "back": "/learn/"})
    assert response.status_code == 400 and 'data-code="language_unknown"' in page_text(response)
    learner.refresh_from_db()
    assert learner.language == "" and SESSION_KEY not in client.session


def test_pr1_the_switcher_only_goes_back_to_a_page_of_certlink(db: None) -> None:
    response = Client().post("/language/", {"language": "ja", "back": "https://evil.example/phish"})
    assert response.status_code == 302 and response["Location"] == "/"


def test_pr1_the_switcher_takes_only_a_post(db: None) -> None:
    assert Client().get("/language/?language=ja").status_code == 405


# --- Emails go out in their recipient's language


def test_pr1_a_person_who_signs_up_in_japanese_keeps_japanese_and_gets_their_welcome_email_in_it(db: None) -> None:
    client = Client(headers={"Accept-Language": "ja"})
    response = client.post(
        "/signup/",
        {"email": "hana@outlook.example", "display_name": "Hana", "password": "Welcome-2026-hana", "confirm": ""},
    )
    assert response.status_code in (200, 302)
    account = Account.objects.get(email="hana@outlook.example")
    assert account.language == "ja"
    assert OutboxMessage.objects.get(to="hana@outlook.example").language == "ja"


def test_pr1_a_language_chosen_before_signing_in_becomes_the_accounts(learner) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    client.post("/language/", {"language": "zh-hant", "back": "/signin/"})
    client.force_login(learner)  # the user_logged_in signal, as every sign-in sends it
    learner.refresh_from_db()
    assert learner.language == "zh-hant"
