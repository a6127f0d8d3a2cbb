from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from certlink import clock
from certlink.errors import Refusal
from certlink.timefmt import when
from sim.progress import advance_bar
from sim.scenarios import scenario_list, scenario_load
from sim.scenarios_build import ScenarioResult
from sim.scenarios_reset import RESET_WORD, world_reset


class Command(BaseCommand):
    help = "Named scenarios (SIM-3): scenario list | scenario load KEY | scenario reset --yes"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("list", help="The scenarios, with what each sets up")
        load = sub.add_parser("load", help="Load a scenario on top of the world and print who to sign in as")
        load.add_argument("key")
        reset = sub.add_parser("reset", help="Delete the world but the catalog and the staff; the clock to its start")
        reset.add_argument("--yes", action="store_true", help="Confirm: the reset cannot be undone")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            if options["action"] == "list":
                self._list()
            elif options["action"] == "load":
                self._load(options["key"])
            else:
                self._reset(options["yes"])
        except Refusal as refusal:
            raise CommandError(f"{refusal.message} [{refusal.code}]") from None

    def _list(self) -> None:
        for scenario in scenario_list():
            self.stdout.write(self.style.SUCCESS(f"{scenario.key}") + f"  ({', '.join(scenario.rules)})")
            self.stdout.write(f"  {scenario.title}. {scenario.description}")
            self.stdout.write(f"  Clock: {scenario.clock}")

    def _load(self, key: str) -> None:
        """SIM-5 in the shell: a scenario that advances the clock (the leaver) moves a bar by the share of its span
        each moment covers, as `clock advance` does; the others fill it at once."""
        with advance_bar(f"scenario {key}") as on_moment:
            result = scenario_load(key=key, now=clock.now(), on_moment=on_moment)
        self._print(result)

    def _print(self, result: ScenarioResult) -> None:
        self.stdout.write(self.style.SUCCESS(f"Loaded {result.key}: {result.title} (names end in {result.suffix})"))
        self.stdout.write(f"Simulated time: {when(result.now)}")
        self.stdout.write("Sign in at /signin/ as:")
        width = max(len(s.email) for s in result.sign_ins)
        for s in result.sign_ins:
            kind = "personal" if s.kind == "msa" else "work"
            self.stdout.write(f"  {s.email:<{width}}  {kind:<8}  {s.password or '(its own password)'}  {s.who}")
        self.stdout.write("Try:")
        for number, step in enumerate(result.steps, start=1):
            self.stdout.write(f"  {number}. {step.text}" + (f"  {step.url}" if step.url else ""))
        self.stdout.write("Expected:")
        for line in result.expected:
            self.stdout.write(f"  - {line}")
        for link in result.timelines:
            self.stdout.write(f"{link.text}: {link.url}")

    def _reset(self, yes: bool) -> None:
        if not yes:
            raise CommandError("A reset deletes the whole world but the catalog and the staff. Add --yes to confirm.")
        result = world_reset(confirm=RESET_WORD)
        done = f"The world was reset: {result.total} records deleted; the clock is at {when(result.clock)}."
        self.stdout.write(self.style.SUCCESS(done))
        for label, count in sorted(result.deleted.items()):
            self.stdout.write(f"  {label}: {count}")
