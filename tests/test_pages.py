"""The start page shows each person the areas they may open, and the simulated time on every page."""

from __future__ import annotations

from tests.helpers import page_text


def test_the_start_page_invites_anonymous_visitors_to_sign_in(client, db: None) -> None:
    text = page_text(client.get("/"))
    assert "Sign in" in text and "Create a personal account" in text


def test_every_page_shows_the_simulated_time(page_as, learner) -> None:
    assert "5 January 2026 09:00 UTC" in page_text(page_as(learner).get("/account/"))


def test_a_learner_sees_no_operator_or_admin_areas(page_as, learner) -> None:
    text = page_text(page_as(learner).get("/"))
    assert "Outbox" in text and "Simulation" not in text and "Organization" not in text


def test_an_operator_sees_the_simulation(page_as, operator) -> None:
    assert "Read and advance the simulated clock." in page_text(page_as(operator).get("/"))


def test_a_tenant_admin_sees_the_organisation(page_as, contoso_admin) -> None:
    assert "Create and delete the work accounts of Contoso." in page_text(page_as(contoso_admin).get("/"))


def test_an_unknown_page_is_a_404_page(page_as, learner) -> None:
    assert page_as(learner).get("/nowhere/").status_code == 404
