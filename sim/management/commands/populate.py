from __future__ import annotations

import sys
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from certlink import clock
from certlink.errors import Refusal
from renewals.catalog import catalog_load
from sim.population import POPULATION_PASSWORD, PopulationSpec, population_create


class ProgressBar:
    """A one-line progress bar on stderr (redrawn at most ten times a second)."""

    def __init__(self, label: str, stream: Any = sys.stderr, width: int = 30) -> None:
        self.label, self.stream, self.width = label, stream, width
        self.started = time.monotonic()
        self.drawn = 0.0

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if done < total and now - self.drawn < 0.1:
            return
        self.drawn = now
        filled = self.width * done // max(total, 1)
        bar = "#" * filled + "." * (self.width - filled)
        self.stream.write(f"\r{self.label} [{bar}] {done:,}/{total:,} {now - self.started:.0f}s")
        if done >= total:
            self.stream.write("\n")
        self.stream.flush()


class Command(BaseCommand):
    help = "SIM-4: generate a large, realistic world (learners, certifications, partner organisations, links)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--learners", type=int, default=1000)
        parser.add_argument("--orgs", type=int, default=20)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--largest-org", type=int, default=None, help="employees of the first organisation (e.g. 50000)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        spec = PopulationSpec(
            learners=options["learners"], orgs=options["orgs"], seed=options["seed"], largest_org=options["largest_org"]
        )
        if spec.learners < 1 or spec.orgs < 0:
            raise CommandError("--learners must be at least 1 and --orgs at least 0.")
        catalog_load()
        try:
            report = population_create(spec=spec, now=clock.now(), progress=ProgressBar("learners"))
        except Refusal as refusal:
            raise CommandError(refusal.message) from None
        for name, count in report.counts.items():
            self.stdout.write(f"  {name:<24} {count:>12,}")
        self.stdout.write(f"  password for every generated account: {POPULATION_PASSWORD}")
        self.stdout.write(self.style.SUCCESS(f"Population (seed {spec.seed}) generated in {report.seconds:.1f}s."))
