from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from certlink import clock, rules
from certlink.errors import Refusal
from certlink.models import ClockAdvance
from certlink.timefmt import when
from sim import selectors
from sim.progress import advance_bar


class Command(BaseCommand):
    help = (
        "Read or advance the simulated clock (SIM-1): clock show | clock advance 30d | clock advance --to DATE | "
        "clock resume"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("show", help="Print the simulated instant and the next scheduled event")
        advance = sub.add_parser("advance", help="Advance by a duration, to a date, or to the next event")
        advance.add_argument("duration", nargs="?", help="30d, 2w, 12h, 90m, 6mo, 1y")
        advance.add_argument("--to", help="A date (YYYY-MM-DD) or an ISO instant (UTC)")
        advance.add_argument("--next", action="store_true", help="To the next scheduled event")
        sub.add_parser("resume", help="Resume the advance that stopped, from its last whole moment")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            if options["action"] == "show":
                self._show()
            elif options["action"] == "resume":
                with advance_bar() as on_moment:
                    result = clock.clock_advance_resume(on_moment)
                self._report(result)
            else:
                self._advance(options)
        except Refusal as refusal:
            raise CommandError(f"{refusal.message} [{refusal.code}]") from None

    def _show(self) -> None:
        now = clock.now()
        self.stdout.write(f"Simulated time: {now.isoformat()} ({when(now)})")
        upcoming = clock.next_due_after(now)
        self.stdout.write(f"Next scheduled event: {upcoming.isoformat() if upcoming else 'none'}")
        advance = clock.unfinished_advance()
        if advance is not None:
            self.stdout.write(clock.unfinished_sentence(advance))

    def _advance(self, options: dict[str, Any]) -> None:
        chosen = [bool(options["duration"]), bool(options["to"]), options["next"]]
        if sum(chosen) != 1:
            raise CommandError("Give exactly one of: a duration (30d), --to DATE, --next.")
        if options["next"]:
            target = clock.target_next()
        elif options["to"]:
            target = rules.parse_target(options["to"])
        else:
            target = clock.target_by(options["duration"])
        with advance_bar() as on_moment:
            result = clock.clock_advance(to=target, on_moment=on_moment)
        self._report(result)

    def _report(self, result: ClockAdvance) -> None:
        self.stdout.write(selectors.advance_sentence(result))
        self.stdout.write(f"Advanced from {result.from_instant.isoformat()} to {result.to_instant.isoformat()}")
        for step in result.steps:
            self.stdout.write(f"  {step['at']}  {step['work']}: {step['handled']} handled")
