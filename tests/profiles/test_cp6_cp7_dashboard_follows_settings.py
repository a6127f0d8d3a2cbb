"""The certification dashboard states the settings in force: the Certiport cut-off (CP-6) in the one date format,
and the hours a legal-name change takes (CP-7)."""

from __future__ import annotations

from django.template.loader import render_to_string


def dashboard() -> str:
    profile = {"legal_name": "Megan Bowen", "mcid": 30_000_001, "learn_profile_id": 1}
    return " ".join(render_to_string("certification/dashboard.html", {"profile": profile}).split())


def test_cp6_the_dashboard_names_the_certiport_cutoff_in_force(settings) -> None:  # type: ignore[no-untyped-def]
    assert "earned through Certiport on or after 1 June 2023 stay on the Certiport transcript" in dashboard()
    settings.CERTIPORT_CUTOFF = "2024-03-15"
    assert "earned through Certiport on or after 15 March 2024 stay on the Certiport transcript" in dashboard()


def test_cp7_the_dashboard_states_the_hours_a_legal_name_change_takes(settings) -> None:  # type: ignore[no-untyped-def]
    assert "A change takes effect 48 hours after you ask for it." in dashboard()
    settings.NAME_CHANGE_HOURS = 1
    assert "A change takes effect 1 hour after you ask for it." in dashboard()
