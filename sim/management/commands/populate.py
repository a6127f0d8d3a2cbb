from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from certlink import clock
from certlink.errors import Refusal
from renewals.catalog import catalog_load
from sim.population import POPULATION_PASSWORD, PopulationSpec, population_create
from sim.progress import bar


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
            with bar("learners", unit=" learners") as progress:
                report = population_create(spec=spec, now=clock.now(), progress=progress)
        except Refusal as refusal:
            raise CommandError(refusal.message) from None
        for name, count in report.counts.items():
            self.stdout.write(f"  {name:<24} {count:>12,}")
        self.stdout.write(f"  password for every generated account: {POPULATION_PASSWORD}")
        self.stdout.write(self.style.SUCCESS(f"Population (seed {spec.seed}) generated in {report.seconds:.1f}s."))
