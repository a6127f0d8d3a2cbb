"""A year through the full stack, in a browser (SIM-5, issue 18): `python -m benchmarks.browser_year [--reuse]`
(`make bench-year`).

On demand, never in `make test`. It builds a PostgreSQL database of its own (certlink_bench_year unless
BENCH_YEAR_DATABASE_URL says otherwise) as `make stack` would hold it: `migrate`, `load_catalog`, `populate
--learners 20000 --orgs 40 --seed 7`, `load_demo` (the operator), and the work due at the start done, as beat's
first tick would do it. Each run copies it (`CREATE DATABASE ... TEMPLATE`), so every run starts from the same world;
`--reuse` keeps a built world of the size asked for. On the copy it starts what `make stack` starts, with the
production settings over plain http (CERTLINK_TLS=0): gunicorn (3 workers), a Celery worker of two processes and
beat, on Redis database 10 (BENCH_YEAR_REDIS_URL), which it empties first.

Then headless Chromium is the operator: sign in, *Simulation*, *+1y*; on the advance's own page it samples the bar
htmx swaps in each second, while a second tab asks for another advance (refused with the sentence) and follows the
running advance; at the end, *Back to the clock*. Every click is timed until its page is shown (the load event) and
answered (the navigation's last byte, redirects included): each must be under a second. It prints the clicks, the
bar's samples, the year's real time and the load average, saves screenshots and the processes' logs in
artifacts/bench-year/, stops everything it started (also on error) and exits 1 when a target was missed."""

from __future__ import annotations

import argparse
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit
from urllib.request import urlopen

from benchmarks.run import database

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "artifacts" / "bench-year"
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/certlink_bench_year"
REDIS = os.environ.get("BENCH_YEAR_REDIS_URL", "redis://127.0.0.1:6379/10")
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]
OPERATOR, DEMO_PASSWORD = "operator@certlink.example", "Demo-pass-2026"  # sim.demo's operator (README, Start here)
TARGET = 1.0  # seconds: each click answered and shown
# Every value the bar takes, with its figures and the real time, recorded in the page (a reload would lose it).
WATCH_BAR = """() => {
    window.benchBar = [];
    const record = () => {
        const bar = document.querySelector('#advance-progress progress');
        const label = document.querySelector('#advance-progress-label');
        if (!bar || !label) return;
        const value = Number(bar.getAttribute('value'));
        const last = window.benchBar[window.benchBar.length - 1];
        if (!last || last.value !== value) window.benchBar.push({value, figures: label.innerText, at: Date.now()});
    };
    record();
    new MutationObserver(record).observe(document.body, {childList: true, subtree: true, attributes: true});
}"""
NAVIGATION = """() => {
    const n = performance.getEntriesByType('navigation')[0];
    return {answered: n.responseEnd - n.startTime, status: n.responseStatus || 0};
}"""


def arguments(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.browser_year", description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=20_000)
    parser.add_argument("--orgs", type=int, default=40)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--reuse", action="store_true", help="keep the built world if it is the one asked for")
    parser.add_argument("--concurrency", type=int, default=2, help="the worker's processes (make stack: one a core)")
    parser.add_argument("--calm", type=float, default=1.5, help="wait for a load average below this (0: don't)")
    parser.add_argument("--calm-minutes", type=float, default=25, help="then run anyway after this long")
    parser.add_argument("--finish-minutes", type=float, default=60, help="how long the year may take")
    return parser.parse_args(argv)


@dataclass
class Click:
    what: str
    shown: float  # seconds from the click to the page's load event
    answered: float  # seconds from the navigation's start to its last byte, redirects included
    status: int

    @property
    def met(self) -> bool:
        return max(self.shown, self.answered) < TARGET


@dataclass
class Run:
    world: str = ""
    machine: str = ""
    load_before: float = 0.0
    waited: str = ""
    clicks: list[Click] = field(default_factory=list)
    bar: list[dict[str, Any]] = field(default_factory=list)  # value, figures, seconds since +1y
    polls: list[float] = field(default_factory=list)  # seconds each of htmx's requests for the bar took
    refusal: str = ""
    finished: str = ""
    year_seconds: float = 0.0
    load: list[float] = field(default_factory=list)  # the 1-minute load average, every 5 s of the year

    @property
    def met(self) -> bool:
        return bool(self.finished and self.refusal) and all(click.met for click in self.clicks)


def manage(env: dict[str, str], *command: str) -> str:
    done = subprocess.run(
        [sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    )
    return done.stdout


def build(url: str, args: argparse.Namespace, env: dict[str, str]) -> str:
    """The world, built once: `make stack`'s set-up with the population, and the work due at the start done."""
    import psycopg

    wanted = f"certlink bench-year: populate --learners {args.learners} --orgs {args.orgs} --seed {args.seed}"
    name = urlsplit(url).path.lstrip("/")
    if args.reuse and _comment(url, name) == wanted:
        print(f"world: reusing {name} ({wanted.split(': ')[1]})", flush=True)
        return wanted
    started = time.monotonic()
    database(url, fresh=True)
    env = {**env, "DATABASE_URL": url}
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "load_catalog")
    counts = manage(
        env, "populate", "--learners", str(args.learners), "--orgs", str(args.orgs), "--seed", str(args.seed)
    )
    manage(env, "load_demo")
    tick = "from certlink.clock import clock_tick; print(clock_tick())"
    handled = int(manage(env, "shell", "-c", tick).strip().splitlines()[-1])
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")
        conn.execute(f"COMMENT ON DATABASE \"{name}\" IS '{wanted}'")  # only once it is whole
    print(counts.rstrip(), flush=True)
    print(f"world: built in {time.monotonic() - started:.0f} s; the start's due work: {handled:,} items", flush=True)
    return wanted


def _comment(url: str, name: str) -> str | None:
    import psycopg

    parts = urlsplit(url)
    with psycopg.connect(urlunsplit(parts._replace(path="/postgres")), autocommit=True) as conn:
        row = conn.execute(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
    return row[0] if row else None


def copy_of(url: str) -> str:
    """A fresh copy of the built world for this run (the year changes it for good), its URL."""
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    copy = f"{name}_run"
    with psycopg.connect(urlunsplit(parts._replace(path="/postgres")), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{copy}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{copy}" TEMPLATE "{name}"')
    return urlunsplit(parts._replace(path=f"/{copy}"))


def load_average() -> float:
    return float(Path("/proc/loadavg").read_text().split()[0])


def calm(threshold: float, minutes: float) -> str:
    """Wait, checking every 30 s, for the machine to be quiet (other work shares it), at most `minutes`."""
    if not threshold:
        return "not waited for (--calm 0)"
    started = time.monotonic()
    while load_average() >= threshold:
        if time.monotonic() - started >= minutes * 60:
            return f"gave up waiting after {minutes:.0f} min for a load average below {threshold}"
        print(f"calm: load average {load_average():.2f}, waiting for < {threshold}", flush=True)
        time.sleep(30)
    return f"waited {time.monotonic() - started:.0f} s for a load average below {threshold}"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextmanager
def stack(env: dict[str, str], base: str, concurrency: int, scratch: Path) -> Iterator[None]:
    """`make stack`'s three roles, each in a process group of its own; every one of them stopped at the end. Their
    logs go to artifacts/bench-year/logs/, the static files and beat's schedule to `scratch`."""
    import redis

    redis.Redis.from_url(REDIS).flushdb()  # the benchmark's own Redis database: no task left from another run
    manage(env, "collectstatic", "--noinput", "-v0")
    port, logs = urlsplit(base).port, ARTIFACTS / "logs"
    roles = {
        "worker": ["-m", "celery", "-A", "certlink", "worker", "-l", "INFO", "--concurrency", str(concurrency)],
        "beat": ["-m", "celery", "-A", "certlink", "beat", "-l", "INFO", "--schedule", str(scratch / "beat")],
        "web": ["-m", "gunicorn", "certlink.wsgi:application", "--bind", f"127.0.0.1:{port}", "--workers", "3"],
    }
    processes: list[subprocess.Popen[bytes]] = []
    try:
        for role, command in roles.items():
            with (logs / f"{role}.log").open("wb") as log:
                started = subprocess.Popen(
                    [sys.executable, *command],
                    cwd=ROOT,
                    env=env,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,  # its own process group: stopped with its children (_stop)
                )
            processes.append(started)
        _wait_until(lambda: b" ready." in (logs / "worker.log").read_bytes(), "the worker to be ready", processes)
        _wait_until(lambda: _answers(f"{base}/signin/"), "gunicorn to answer", processes)
        yield
    finally:
        for process in processes:
            _stop(process)


def _wait_until(
    ready: Callable[[], bool], what: str, processes: list[subprocess.Popen[bytes]], seconds: float = 120
) -> None:
    deadline = time.monotonic() + seconds
    while not ready():
        if any(process.poll() is not None for process in processes):
            raise RuntimeError(f"a process of the stack ended while waiting for {what} (see {ARTIFACTS / 'logs'})")
        if time.monotonic() > deadline:
            raise RuntimeError(f"timed out waiting for {what}")
        time.sleep(0.5)


def _answers(url: str) -> bool:
    try:
        with urlopen(url, timeout=5) as response:
            return bool(response.status == 200)
    except OSError:
        return False


def _stop(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM to the process's own group (a prefork worker's children, gunicorn's), then SIGKILL if it lingers."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=30)
    try:
        os.killpg(process.pid, signal.SIGKILL)  # children the group leader left behind
    except ProcessLookupError:
        pass


def machine(url: str) -> str:
    import platform

    import psycopg

    with psycopg.connect(url) as conn:
        server = conn.info.parameter_status("server_version")
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{os.cpu_count()} cores, {memory:.0f} GiB, PostgreSQL {server}, Python {platform.python_version()}"


# --- The operator in Chromium


def click(page: Any, what: str, target: Any, run: Run) -> Click:
    """Click `target`, wait for the page it leads to, and record how long until it was answered and shown."""
    started = time.perf_counter()
    with page.expect_navigation(wait_until="load", timeout=60_000):
        target.click()
    return _record(page, what, time.perf_counter() - started, run)


def _record(page: Any, what: str, shown: float, run: Run) -> Click:
    timing = page.evaluate(NAVIGATION)
    recorded = Click(what, shown, timing["answered"] / 1000, timing["status"])
    run.clicks.append(recorded)
    print(f"click: {what}: shown in {shown:.3f} s, answered in {recorded.answered:.3f} s ({recorded.status})")
    return recorded


def opened(page: Any, what: str, path: str, run: Run) -> Click:
    """Open `path` as a typed address, recorded as a click is."""
    started = time.perf_counter()
    page.goto(path, wait_until="load")
    return _record(page, what, time.perf_counter() - started, run)


def sign_in(page: Any, run: Run, password: str) -> None:
    """As Microsoft asks it: the address, then (when asked) work or personal, then the password."""
    from playwright.sync_api import expect

    opened(page, "the sign-in page (its address typed)", "/signin/", run)
    page.get_by_label("Email address").fill(OPERATOR)
    click(page, "sign-in: Next (the address)", page.get_by_role("button", name="Next"), run)
    if page.get_by_role("heading", name="Which account do you want to use?").count():
        click(page, "sign-in: work or school account", page.get_by_role("button", name="Work or school account"), run)
    page.get_by_label("Password").fill(password)
    click(page, "sign-in: Sign in (the password)", page.get_by_role("button", name="Sign in"), run)
    expect(page.get_by_role("heading", name="Enter password")).to_have_count(0)


def the_year(base: str, run: Run, finish_minutes: float, password: str) -> None:
    """The operator's year: sign in, the clock, +1y, a second tab meanwhile, the bar to its end, back to the clock."""
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(base_url=base, viewport={"width": 1280, "height": 900})
            context.set_default_timeout(60_000)
            page = context.new_page()
            page.on("requestfinished", lambda request: _poll(request, run))
            sign_in(page, run, password)
            click(page, "Simulation (the clock page)", page.get_by_role("link", name="Simulation", exact=True), run)
            clicked = time.time()
            click(page, "+1y (to the advance's own page)", page.get_by_role("button", name="+1y"), run)
            expect(page).to_have_url(re.compile(r"/sim/advances/\d+/$"))
            page.evaluate(WATCH_BAR)
            _second_tab(context, run)
            _until_finished(page, run, finish_minutes)
            run.year_seconds = page.evaluate("window.benchBar[window.benchBar.length - 1].at") / 1000 - clicked
            samples = page.evaluate("window.benchBar")
            run.bar = [{**sample, "at": round(sample["at"] / 1000 - clicked, 1)} for sample in samples]
            run.finished = page.get_by_role("status").filter(has_text="The clock moved from").inner_text()
            page.screenshot(path=str(ARTIFACTS / "advance-finished.png"), full_page=True)
            click(page, "Back to the clock (after the year)", page.get_by_role("link", name="Back to the clock"), run)
        finally:
            browser.close()


def _poll(request: Any, run: Run) -> None:
    if request.headers.get("hx-request") == "true":
        run.polls.append(request.timing["responseEnd"] / 1000)


def _second_tab(context: Any, run: Run) -> None:
    """Meanwhile, the same operator in another tab: the clock page, another advance (refused), the running one."""
    from playwright.sync_api import expect

    other = context.new_page()
    opened(other, "second tab: the clock page (its address typed)", "/sim/", run)
    click(other, "second tab: +1d (refused)", other.get_by_role("button", name="+1d"), run)
    refusal = other.get_by_role("alert").filter(has_text="Wait for it to finish")
    expect(refusal).to_have_attribute("data-code", "clock_advance_unfinished")
    run.refusal = refusal.inner_text().strip()
    other.screenshot(path=str(ARTIFACTS / "second-advance-refused.png"), full_page=True)
    follow = other.get_by_role("link", name="Follow the advance on its own page")
    click(other, "second tab: Follow the advance on its own page", follow, run)
    other.close()


def _until_finished(page: Any, run: Run, minutes: float) -> None:
    """Wait for the finished bar (a screenshot half-way), sampling the load average every 5 s."""
    deadline = time.monotonic() + minutes * 60
    done = page.get_by_role("status").filter(has_text="The clock moved from")
    stopped = page.locator("#advance-progress [data-code=clock_advance_unfinished]")
    halfway = False
    while not done.count():
        if not halfway and int(page.locator("#advance-progress progress").get_attribute("value") or 0) >= 50:
            page.screenshot(path=str(ARTIFACTS / "advance-running.png"), full_page=True)
            halfway = True
        if stopped.count():
            raise RuntimeError(f"the advance stopped: {stopped.inner_text()}")
        if time.monotonic() > deadline:
            raise RuntimeError(f"the year did not finish within {minutes:g} min")
        run.load.append(load_average())
        page.wait_for_timeout(5_000)


# --- The report


def summary(run: Run) -> list[str]:
    lines = [
        f"world: {run.world}",
        f"machine: {run.machine}",
        f"load average before: {run.load_before:.2f} ({run.waited})",
        "",
        f"{'click':<50} {'answered':>9} {'shown':>9}  status  target < {TARGET:.0f} s",
    ]
    for c in run.clicks:
        verdict = "met" if c.met else "MISSED"
        lines.append(f"{c.what:<50} {c.answered:>8.3f}s {c.shown:>8.3f}s  {c.status:>6}  {verdict}")
    if run.polls:
        ordered = sorted(run.polls)
        median, slowest = ordered[len(ordered) // 2], ordered[-1]
        lines.append(f"htmx's requests for the bar: {len(ordered)}, median {median:.3f} s, slowest {slowest:.3f} s")
    lines += ["", "the bar (seconds after +1y: percent · figures):"]
    step = max(1, len(run.bar) // 12)
    shown = run.bar[::step] + ([run.bar[-1]] if run.bar and (len(run.bar) - 1) % step else [])
    lines += [f"  {s['at']:>7.1f} s  {s['value']:>3}%  {' '.join(s['figures'].split())}" for s in shown]
    lines.append(f"  ({len(run.bar)} values seen in all)")
    if run.load:
        mean = sum(run.load) / len(run.load)
        lines.append(
            f"load average during the year: min {min(run.load):.2f}, mean {mean:.2f}, max {max(run.load):.2f} "
            "(the stack's own work included)"
        )
    minutes = run.year_seconds / 60
    lines += [
        f"second advance meanwhile: {run.refusal or 'NOT refused'}",
        f"finished: {run.finished or 'NO'}",
        f"the year in real time, from +1y to the finished bar: {run.year_seconds:.0f} s ({minutes:.1f} min)",
        f"every target met: {'yes' if run.met else 'NO'}",
    ]
    return lines


def main(argv: list[str] | None = None) -> int:
    args = arguments(argv)
    url = os.environ.get("BENCH_YEAR_DATABASE_URL", DEFAULT_URL)
    shutil.rmtree(ARTIFACTS, ignore_errors=True)
    (ARTIFACTS / "logs").mkdir(parents=True)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    scratch = Path(tempfile.mkdtemp(prefix="certlink-bench-year-"))
    env = {key: value for key, value in os.environ.items() if not key.startswith(("CELERY_", "EMAIL_", "DEBUG"))}
    env.update(
        DJANGO_SETTINGS_MODULE="certlink.settings.production",  # what `make stack` runs, over plain http
        REDIS_URL=REDIS,
        CERTLINK_TLS="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SITE_URL=base,
        STATIC_ROOT=str(scratch / "static"),
    )
    run = Run()
    try:
        run.world = build(url, args, env).split(": ", 1)[1]
        env["DATABASE_URL"] = copy_of(url)
        run.machine = machine(env["DATABASE_URL"])
        run.waited = calm(args.calm, args.calm_minutes)
        run.load_before = load_average()
        print(f"machine: {run.machine}; load average {run.load_before:.2f} ({run.waited})", flush=True)
        with stack(env, base, args.concurrency, scratch):
            the_year(base, run, args.finish_minutes, DEMO_PASSWORD)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
        report = summary(run)
        print("\n" + "\n".join(report))
        (ARTIFACTS / "summary.txt").write_text("\n".join(report) + "\n")
        (ARTIFACTS / "run.json").write_text(json.dumps(asdict(run), indent=1) + "\n")
    return 0 if run.met else 1


if __name__ == "__main__":
    sys.exit(main())
