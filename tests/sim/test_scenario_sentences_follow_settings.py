"""SIM-3: a scenario's expected outcome states the setting in force, as the page it points to does (CP-6)."""

from __future__ import annotations

from certlink import clock
from sim.scenarios import scenario_load


def test_sim3_cp6_the_certiport_scenario_expects_the_cutoff_in_force(db: None, settings) -> None:  # type: ignore[no-untyped-def]
    settings.CERTIPORT_CUTOFF = "2024-03-15"
    result = scenario_load(key="certiport-after-cutoff", now=clock.now())
    assert any("earned through Certiport on or after 15 March 2024" in line for line in result.expected)
