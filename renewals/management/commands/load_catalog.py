"""Load (or reload) the certification catalog and the renewal question banks: manage.py load_catalog."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from renewals.catalog import catalog_load


class Command(BaseCommand):
    help = "Load the catalog (CE-1) and the renewal assessments (RN-7) from their JSON files; safe to run again."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--catalog", type=Path, help="catalog file (default: profiles/data/catalog.json)")
        parser.add_argument(
            "--assessments", type=Path, help="assessments file (default: renewals/data/assessments.json)"
        )

    def handle(self, *args: Any, catalog: Path | None = None, assessments: Path | None = None, **options: Any) -> None:
        try:
            counts = catalog_load(catalog_path=catalog, assessments_path=assessments)
        except ValueError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(", ".join(f"{count} {name}" for name, count in counts.items())))
