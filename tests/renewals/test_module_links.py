"""The renewal page's learning modules link to Microsoft Learn (RN-1): each module's URL is built in one place
(renewals.models.learn_module_url) from its title, and the page and the API show the same links."""

from __future__ import annotations

from renewals.models import learn_module_url
from tests.helpers import page_text


def test_a_modules_url_is_its_title_as_a_learn_slug() -> None:
    assert learn_module_url("Configure Microsoft Entra ID") == (
        "https://learn.microsoft.com/training/modules/configure-microsoft-entra-id/"
    )
    assert learn_module_url("Monitor your Azure infrastructure with Azure Monitor") == (
        "https://learn.microsoft.com/training/modules/monitor-your-azure-infrastructure-with-azure-monitor/"
    )


def test_the_renewal_page_links_each_learning_module(page_as, hana, held, assessment) -> None:  # type: ignore[no-untyped-def]
    text = page_text(page_as(hana).get(f"/learn/credentials/renew/{held.pk}/"))
    for title, slug in (("Module one", "module-one"), ("Module two", "module-two")):
        assert (
            f'<a href="https://learn.microsoft.com/training/modules/{slug}/" rel="external noopener">{title}</a>'
            in text
        )


def test_the_api_gives_each_learning_module_its_link(api_as, hana, held, assessment) -> None:  # type: ignore[no-untyped-def]
    body = api_as(hana).get(f"/api/v1/learn/renewals/{held.pk}/").json()
    assert body["modules"] == ["Module one", "Module two"]
    assert body["learning_modules"] == [
        {"title": "Module one", "url": "https://learn.microsoft.com/training/modules/module-one/"},
        {"title": "Module two", "url": "https://learn.microsoft.com/training/modules/module-two/"},
    ]
