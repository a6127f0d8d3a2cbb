"""Named scenarios (SIM-3): each sets up, in one action and on top of whatever world exists, a situation of the
seeds, built through the apps' services, and says who to sign in as, what to try and what should happen.

Loading is not idempotent on purpose: every load names what it creates with a suffix of its own, so loading a
scenario twice gives two independent copies (two Kenjis, two Contosos) that can be played separately.

The clock: a scenario never moves it back. Most leave it where it is and date what must be older in the past (an
exam, the start of a link); the leaver moves it forward, to January, with the clock's engine, so that what falls due
on the way runs at its own time (SIM-1). Each scenario says which in `clock`. The page, the API and the command
call `scenario_load`; the world's reset is in sim.scenarios_reset."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from certlink.clock import OnMoment
from certlink.errors import Refusal
from profiles.models import Account
from sim import scenarios_learn, scenarios_partner
from sim.scenarios_build import Scenario, ScenarioResult, new_load

SCENARIOS: dict[str, Scenario] = {s.key: s for s in [*scenarios_learn.SCENARIOS, *scenarios_partner.SCENARIOS]}


def scenario_list() -> list[Scenario]:
    return list(SCENARIOS.values())


def scenario_get(key: str) -> Scenario:
    scenario = SCENARIOS.get(key)
    if scenario is None:
        raise Refusal(
            "unknown_scenario",
            _("There's no scenario “%(key)s”. The scenarios are: %(scenarios)s.")
            % {"key": key, "scenarios": ", ".join(SCENARIOS)},
            status=404,
            key=key,
            scenarios=list(SCENARIOS),
        )
    return scenario


def scenario_load(
    *, key: str, now: datetime, by: Account | None = None, on_moment: OnMoment | None = None
) -> ScenarioResult:
    """Build scenario `key` at `now` (the clock's instant), all or nothing. A scenario that advances the clock tells
    `on_moment` of each moment (SIM-5's progress)."""
    scenario = scenario_get(key)
    with transaction.atomic():
        load = new_load(now=now, by=by, on_moment=on_moment)
        built = scenario.build(load)
    return ScenarioResult(
        key=scenario.key,
        title=str(scenario.title),  # in the language of the load, as its steps and expected lines
        rules=scenario.rules,
        suffix=load.suffix,
        now=load.now,
        sign_ins=built.sign_ins,
        steps=built.steps,
        expected=built.expected,
        timelines=built.timelines,
        facts=built.facts,
    )
