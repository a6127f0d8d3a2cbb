"""The benchmark runner: `python -m benchmarks.run [--learners 100000] [--only claim,csv] [--reuse]`.

It creates a PostgreSQL database of its own (certlink_bench unless BENCH_DATABASE_URL says otherwise), migrates it,
loads the catalog, generates the population (SIM-4) and runs each benchmark against a reference measured in the
same run on the same database. The clock advance (4) runs on copies of that database (one for each number of
workers), so the world stays at its start; with --reuse, a world of the size asked for is kept."""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
from datetime import datetime
from urllib.parse import urlsplit, urlunsplit

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/certlink_bench"
BROKER = os.environ.get("BENCH_BROKER_URL", "redis://127.0.0.1:6379/9")
ALL = ["claim", "propagation", "csv", "load", "advance"]


def arguments(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=100_000)
    parser.add_argument("--orgs", type=int, default=200)
    parser.add_argument("--largest-org", type=int, default=None, help="people in the largest organisation")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--only", default=",".join(ALL), help=f"a comma-separated subset of {','.join(ALL)}")
    parser.add_argument("--reuse", action="store_true", help="keep the bench database if it holds this world")
    parser.add_argument("--advance", default="1y", help="how far benchmark 4 advances the clock")
    parser.add_argument(
        "--advance-workers", default="0,1,2", help="Celery workers for each clock advance (0: in the runner, eager)"
    )
    parser.add_argument("--load-seconds", type=int, default=10, help="how long each wrk run lasts")
    return parser.parse_args(argv)


def database(url: str, *, fresh: bool) -> None:
    """Create the bench database (dropping it first when `fresh`) through the server's maintenance database."""
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    maintenance = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(maintenance, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and fresh:
            conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
        if not exists or fresh:
            conn.execute(f'CREATE DATABASE "{name}"')


def machine() -> str:
    from django.db import connection

    cores = os.cpu_count()
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    server = connection.cursor().connection.info.parameter_status("server_version")
    return f"{cores} cores, {memory:.0f} GiB, PostgreSQL {server}, Python {platform.python_version()}"


def world(args: argparse.Namespace) -> None:
    """Migrate, load the catalog, and generate the population unless this world is already there."""
    from django.core.management import call_command

    from benchmarks.common import vacuum_analyze
    from certlink import clock
    from profiles.models import Account
    from renewals.catalog import catalog_load
    from sim.population import PopulationSpec, population_create
    from sim.progress import bar

    call_command("migrate", verbosity=0)
    catalog_load()
    learners = Account.objects.filter(kind="msa").count()
    if learners == args.learners:
        print(f"world: reusing {learners:,} learners")
        return
    if learners:
        sys.exit(f"The bench database holds another world ({learners:,} learners): run without --reuse.")
    largest = args.largest_org if args.largest_org is not None else min(50_000, args.learners // 2)
    spec = PopulationSpec(learners=args.learners, orgs=args.orgs, seed=args.seed, largest_org=largest)
    with bar("populate", unit=" learners") as progress:
        report = population_create(spec=spec, now=clock.now(), progress=progress)
    counts = ", ".join(f"{count:,} {name}" for name, count in report.counts.items())
    print(f"world: {counts} in {report.seconds:.0f} s")
    vacuum_analyze()


def settle(now: datetime) -> None:
    """Partner Center's copy filled as of now (the skills report reads it): what the first tick would do."""
    from benchmarks.common import timed, vacuum_analyze
    from partners.services.credits import propagation_run

    seconds, arrived = timed(lambda: propagation_run(now))
    if arrived:
        print(f"settle: {arrived:,} credits propagated as of {now:%Y-%m-%d} in {seconds:.0f} s")
        vacuum_analyze()


def main(argv: list[str] | None = None) -> int:
    args = arguments(argv)
    chosen = [name.strip() for name in args.only.split(",") if name.strip()]
    unknown = set(chosen) - set(ALL)
    if unknown:
        sys.exit(f"Unknown benchmarks: {', '.join(sorted(unknown))} (choose from {', '.join(ALL)})")
    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    database(url, fresh=not args.reuse)
    os.environ.update({"DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "benchmarks.settings"})
    # The clock advance's workers (benchmarks.advance): the runner sends to them and reads their results through
    # Redis; it stays eager (CELERY_TASK_ALWAYS_EAGER, benchmarks.settings) until the advance with workers.
    os.environ.setdefault("CELERY_BROKER_URL", BROKER)
    os.environ.setdefault("CELERY_RESULT_BACKEND", BROKER)
    import django

    django.setup()
    from benchmarks import advance, load, report, sweeps
    from certlink import clock

    started = time.monotonic()
    world(args)
    now = clock.now()
    print(f"machine: {machine()}; clock at {now:%Y-%m-%d %H:%M} UTC")
    results = []
    if "claim" in chosen:
        results.append(sweeps.claim(now))
    if "propagation" in chosen:
        results.append(sweeps.propagation(now))
    if {"csv", "load", "advance"} & set(chosen):
        settle(now)
    if "csv" in chosen:
        results += [report.csv_download(now), report.csv_memory(now)]
    if "load" in chosen:
        results += load.pages(args.load_seconds)
    if "advance" in chosen:
        for workers in (int(n) for n in args.advance_workers.split(",")):
            results.append(advance.advance(args.advance, url=url, workers=workers))
    print(f"\nSummary ({time.monotonic() - started:.0f} s in all):")
    for result in results:
        print(f"  {result.line()}")
    return 0 if all(result.met for result in results) else 1


if __name__ == "__main__":
    sys.exit(main())
