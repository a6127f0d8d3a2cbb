"""SIM-5 in a browser: an operator loads a scenario, generates a population and resets the world from /sim/, by the
page's own links only, and reads each job's result on its own page. The live server runs Celery eagerly (the
embedded default), so each job's page opens on a finished bar; tests/integration/test_sim5_jobs_in_a_worker.py
watches one run in a real worker."""

from __future__ import annotations

import re

from profiles.models import Account
from tests.e2e.conftest import Web
from tests.e2e.steps import expect, sign_in

JOB_URL = re.compile(r"/sim/jobs/[0-9a-f-]{36}/$")


def test_sim5_an_operator_loads_a_scenario_generates_a_population_and_resets_reading_each_jobs_page(
    web: Web, operator: Account
) -> None:
    page = web.person()
    page.goto("/sim/")
    sign_in(page, operator)

    page.get_by_role("link", name="Scenarios").first.click()
    page.get_by_role("button", name="Load An employee moves from company A to company B").click()
    expect(page).to_have_url(JOB_URL)
    expect(page.locator("#job-progress progress")).to_have_attribute("value", "100")
    expect(page.get_by_role("status").filter(has_text="was loaded (names end in")).to_be_visible()
    expect(page.get_by_role("heading", name=re.compile("Loaded: An employee moves"))).to_be_visible()
    web.shot(page, "scenario-job-done")

    page.get_by_role("link", name="Back to the scenarios").click()
    page.get_by_role("link", name="Generate a population").click()
    page.get_by_label("Learners").fill("40")
    page.get_by_label("Partner organisations").fill("2")
    page.get_by_label("Seed").fill("11")
    page.get_by_role("button", name="Generate").click()
    expect(page).to_have_url(JOB_URL)
    expect(page.get_by_role("heading", name=re.compile("Generating a population of 40 learners"))).to_be_visible()
    expect(page.get_by_role("status").filter(has_text="40 of 40 learners")).to_be_visible()
    expect(page.get_by_role("table", name="Records generated")).to_be_visible()
    web.shot(page, "population-job-done")
    population_url = page.url

    page.get_by_role("link", name="Back to the clock").click()
    page.get_by_role("link", name="Generate a population").click()
    page.get_by_label("Learners").fill("40")
    page.get_by_label("Partner organisations").fill("2")
    page.get_by_label("Seed").fill("11")
    page.get_by_role("button", name="Generate").click()
    expect(page.get_by_role("alert").filter(has_text="already holds a generated population")).to_be_visible()
    web.shot(page, "population-refused")

    page.get_by_role("link", name="Reset the world").first.click()
    page.get_by_label(re.compile("I understand")).check()
    page.get_by_label("Type RESET to confirm").fill("RESET")
    page.get_by_role("button", name="Reset the world").click()
    expect(page).to_have_url(JOB_URL)
    expect(page.get_by_role("status").filter(has_text="The world was reset:")).to_be_visible()
    web.shot(page, "reset-job-done")

    page.goto(population_url)  # a job's page stays readable after the world it made is gone
    expect(page.get_by_role("heading", name=re.compile("Generating a population of 40 learners"))).to_be_visible()
