"""The load test: `python -m benchmarks.loadtest [--clients 32] [--seconds 60] [--reuse]` (`make loadtest`).

On demand, never in `make test`. It builds a PostgreSQL database of its own (certlink_loadtest unless
LOADTEST_DATABASE_URL says otherwise): migrate, the catalog, a generated world (SIM-4: 5,000 learners in 10 partner
organisations, every password known) advanced a month so that outboxes and Partner Center's credits hold something.
Then it starts gunicorn on it as benchmark 4 does (benchmarks.load.gunicorn: 3 sync workers, benchmarks.settings)
and runs the clients, each a thread with its own HTTP session, for the time asked.

Each client is one person, a learner or a Partner Center user (global admins among them), and repeats a visit: sign
in through /signin/ as a browser does (the address, then work or personal when asked, then the password, each form
with its CSRF token), open each of its pages `--rounds` times, sign out. An answer other than the one expected (200
for a page and the sign-in steps, 302 once the password is right) and every exception count as errors. It prints the
requests, errors, latency (median, p95, p99) and requests per second, overall and per page, and exits 1 on any
error."""

from __future__ import annotations

import argparse
import math
import os
import sys
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from html.parser import HTMLParser

import requests

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/certlink_loadtest"
LEARNER_PAGES = (
    "/",
    "/learn/",
    "/learn/credentials/",
    "/learn/transcript/",
    "/learn/doctor/",
    "/certification/",
    "/outbox/",
)
PARTNER_PAGES = ("/", "/partner/", "/partner/learn-profile/", "/learn/doctor/", "/outbox/")
ADMIN_PAGES = (*PARTNER_PAGES, "/partner/users/", "/partner/skills/", "/partner/designations/")


def arguments(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.loadtest", description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=32, help="concurrent clients, one person each")
    parser.add_argument("--seconds", type=int, default=60, help="how long the clients run")
    parser.add_argument("--rounds", type=int, default=3, help="times a client opens its pages between sign-ins")
    parser.add_argument("--learners", type=int, default=5_000)
    parser.add_argument("--orgs", type=int, default=10)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--advance", default="30d", help="how far the clock moves after the world is generated")
    parser.add_argument("--reuse", action="store_true", help="keep the database if it already holds a world")
    return parser.parse_args(argv)


@dataclass(frozen=True)
class Person:
    email: str
    kind: str  # "msa" or "work", the answer to "work or personal?" (ID-2)
    pages: tuple[str, ...]


@dataclass
class Tally:
    """One client's record: latency in seconds by label, and what went wrong."""

    seconds: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))

    def merge(self, other: Tally) -> None:
        for label, values in other.seconds.items():
            self.seconds[label] += values
        for label, messages in other.errors.items():
            self.errors[label] += messages


class PostForm(HTMLParser):
    """The named fields of a page's first POST form (hidden inputs: the step, the address, the CSRF token)."""

    def __init__(self, page: str) -> None:
        super().__init__()
        self.fields: dict[str, str] = {}
        self.state = "before"
        self.feed(page)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        named = dict(attrs)
        if tag == "form" and self.state == "before" and (named.get("method") or "").lower() == "post":
            self.state = "inside"
        elif tag == "input" and self.state == "inside" and named.get("name") and named.get("type") == "hidden":
            self.fields[named["name"] or ""] = named.get("value") or ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "form" and self.state == "inside":
            self.state = "after"


class Client:
    """A person in a browser: one HTTP session, every request timed against the answer it expects."""

    def __init__(self, base: str, person: Person, password: str) -> None:
        self.base, self.person, self.password = base, person, password
        self.session = requests.Session()
        self.tally = Tally()

    def request(self, label: str, method: str, path: str, expect: int, **data: str) -> requests.Response | None:
        started = time.perf_counter()
        try:
            response = self.session.request(
                method, self.base + path, data=data or None, allow_redirects=False, timeout=60,
                headers={"Referer": self.base + path},
            )  # fmt: skip
        except requests.RequestException as error:
            self.tally.seconds[label].append(time.perf_counter() - started)
            self.tally.errors[label].append(f"{type(error).__name__}: {error}")
            return None
        self.tally.seconds[label].append(time.perf_counter() - started)
        if response.status_code != expect:
            where = response.headers.get("Location", "")
            self.tally.errors[label].append(f"{method} {path} as {self.person.email}: {response.status_code} {where}")
            return None
        return response

    def sign_in(self) -> bool:
        page = self.request("sign-in: form", "GET", "/signin/", 200)
        if page is None:
            return False
        page = self.request("sign-in: address", "POST", "/signin/", 200, **PostForm(page.text).fields,
                            email=self.person.email)  # fmt: skip
        if page is None:
            return False
        form = PostForm(page.text).fields
        if form.get("step") == "kind":  # the address is both a work and a personal account's (ID-2)
            page = self.request("sign-in: kind", "POST", "/signin/", 200, **form, kind=self.person.kind)
            if page is None:
                return False
            form = PostForm(page.text).fields
        fields = {**form, "kind": self.person.kind, "password": self.password}
        return self.request("sign-in: password", "POST", "/signin/", 302, **fields) is not None

    def sign_out(self) -> None:
        page = self.request("sign-out", "GET", "/signout/", 200)
        if page is not None:
            self.request("sign-out", "POST", "/signout/", 200, **PostForm(page.text).fields)

    def run(self, deadline: float, rounds: int) -> None:
        while time.monotonic() < deadline:
            if not self.sign_in():
                time.sleep(0.5)  # counted; try again rather than hammer
                continue
            for _ in range(rounds):
                for path in self.person.pages:
                    if time.monotonic() >= deadline:
                        return
                    self.request(path, "GET", path, 200)
            self.sign_out()


def nearest_rank(values: list[float], percent: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(percent / 100 * len(ordered)) - 1)]


def load(base: str, people: list[Person], *, password: str, seconds: int, rounds: int) -> tuple[Tally, float]:
    clients = [Client(base, person, password) for person in people]
    started = time.monotonic()
    deadline = started + seconds
    threads = [threading.Thread(target=client.run, args=(deadline, rounds)) for client in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    tally = Tally()
    for client in clients:
        tally.merge(client.tally)
    return tally, elapsed


def summary(tally: Tally, elapsed: float) -> list[str]:
    every = [s for values in tally.seconds.values() for s in values]
    errors = sum(len(e) for e in tally.errors.values())
    lines = [f"{'':<24} {'requests':>9} {'errors':>7} {'median':>8} {'p95':>8} {'p99':>8}"]
    for label, values in sorted(tally.seconds.items()):
        lines.append(row(label, values, len(tally.errors.get(label, []))))
    lines.append(row("all", every, errors))
    lines.append(f"{len(every):,} requests, {errors} errors in {elapsed:.1f} s: {len(every) / elapsed:.1f} requests/s")
    return lines


def row(label: str, values: list[float], errors: int) -> str:
    ms = [nearest_rank(values, p) * 1000 for p in (50, 95, 99)]
    return f"{label:<24} {len(values):>9,} {errors:>7} {ms[0]:>6.0f}ms {ms[1]:>6.0f}ms {ms[2]:>6.0f}ms"


def world(args: argparse.Namespace) -> None:
    """Migrate, load the catalog, generate the world and advance it, unless --reuse finds one there."""
    from django.core.management import call_command

    from benchmarks.common import timed, vacuum_analyze
    from certlink import clock
    from certlink.clock import clock_advance_by
    from profiles.models import Account
    from renewals.catalog import catalog_load
    from sim.population import PopulationSpec, population_create

    call_command("migrate", verbosity=0)
    catalog_load()
    if Account.objects.filter(kind="msa").exists():
        print(f"world: reusing {Account.objects.filter(kind='msa').count():,} learners")
        return
    spec = PopulationSpec(learners=args.learners, orgs=args.orgs, seed=args.seed)
    report = population_create(spec=spec, now=clock.now())
    print(f"world: {', '.join(f'{n:,} {name}' for name, n in report.counts.items())} in {report.seconds:.0f} s")
    seconds, result = timed(lambda: clock_advance_by(duration=args.advance))
    print(f"world: clock advanced {args.advance} in {seconds:.0f} s ({len(result.steps)} steps)")
    vacuum_analyze()


def people(clients: int) -> list[Person]:
    """Learners with connected profiles, and Partner Center users with an associated MCID: 3 in 8 of them partner
    users, a third of those their organisation's global admin (skills report, designations, users)."""
    from partners.models import PartnerUser
    from profiles.models import CertificationProfile

    partner_count = clients * 3 // 8
    admin_count = max(1, partner_count // 3) if partner_count else 0
    admins = PartnerUser.objects.filter(is_global_admin=True).order_by("organization_id")[:admin_count]
    users = PartnerUser.objects.filter(is_global_admin=False, mcid_links__isnull=False).distinct().order_by("pk")
    users = users[: partner_count - len(admins)]
    profiles = CertificationProfile.objects.filter(learn_profile__isnull=False, msa__isnull=False).order_by("pk")
    cast = [Person(u.account.email, "work", ADMIN_PAGES) for u in admins.select_related("account")]
    cast += [Person(u.account.email, "work", PARTNER_PAGES) for u in users.select_related("account")]
    cast += [
        Person(p.msa.email, "msa", LEARNER_PAGES)
        for p in profiles.select_related("msa")[: clients - len(cast)]
        if p.msa
    ]
    if len(cast) < clients:
        sys.exit(f"The world has only {len(cast)} people to sign in as; generate more learners.")
    return cast


def main(argv: list[str] | None = None) -> int:
    args = arguments(argv)
    from benchmarks.run import database

    url = os.environ.get("LOADTEST_DATABASE_URL", DEFAULT_URL)
    database(url, fresh=not args.reuse)
    os.environ.update({"DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "benchmarks.settings"})
    import django

    django.setup()
    from benchmarks.load import WORKERS, gunicorn
    from benchmarks.run import machine
    from certlink import clock
    from sim.population import POPULATION_PASSWORD

    world(args)
    cast = people(args.clients)
    kinds = f"{sum(p.pages == LEARNER_PAGES for p in cast)} learners, {sum(p.kind == 'work' for p in cast)} partner"
    print(f"machine: {machine()}; clock at {clock.now():%Y-%m-%d %H:%M} UTC")
    print(f"load: {args.clients} clients ({kinds} users) for {args.seconds} s on gunicorn, {WORKERS} sync workers")
    with gunicorn() as base:
        tally, elapsed = load(base, cast, password=POPULATION_PASSWORD, seconds=args.seconds, rounds=args.rounds)
    print("\n".join(summary(tally, elapsed)))
    for label, errors in sorted(tally.errors.items()):
        for error in errors[:5]:
            print(f"error: {label}: {error}")
    return 1 if any(tally.errors.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
