"""Benchmark 4 (issue 17's benchmark 3): pages rendered every time. The server time per request of the Learn profile
page and of the skills report page under concurrent load (wrk on loopback, bounded in time), against a minimal
signed-in Django page in the same gunicorn (benchmarks.views.bare: the session, the user, one query, the base
template); and each page's query count for a small and a large case, which must not grow with data."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext

from benchmarks.common import Result, report
from benchmarks.report import largest_organization
from partners.models import PartnerOrganization, PartnerUser
from profiles.models import Account, CertificationProfile

ROOT = Path(__file__).resolve().parent.parent
TARGET = 2.0  # a page's server time per request, at most twice the minimal page's
WORKERS = 3


def wrk_available() -> bool:
    """wrk comes from Debian; installed here when missing (as root)."""
    if shutil.which("wrk"):
        return True
    if os.geteuid() == 0 and shutil.which("apt-get"):
        subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=False, capture_output=True)
    return shutil.which("wrk") is not None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def gunicorn() -> Iterator[str]:
    port = _free_port()
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "benchmarks.settings"}
    command = [sys.executable, "-m", "gunicorn", "certlink.wsgi:application", "--bind", f"127.0.0.1:{port}"]
    server = subprocess.Popen([*command, "--workers", str(WORKERS), "--log-level", "warning"], cwd=ROOT, env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(f"{base}/bench/bare/", timeout=2).read()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.3)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=30)


def _cookie(account: Account, page: str = "/learn/") -> str:
    """The cookies a signed-in browser sends: the session, and the CSRF secret its first page gave it."""
    client = Client()
    client.force_login(account)
    client.get(page)
    names = (settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME)
    return "; ".join(f"{name}={client.cookies[name].value}" for name in names if name in client.cookies)


def wrk(url: str, cookie: str, seconds: int) -> float:
    """Requests per second over `seconds` (2 threads, 8 connections), after a short warm-up; non-2xx answers fail."""
    base = ["wrk", "-t2", "-c8", "-H", f"Cookie: {cookie}", url]
    subprocess.run([*base[:3], "-d2s", *base[3:]], check=True, capture_output=True)
    out = subprocess.run([*base[:3], f"-d{seconds}s", *base[3:]], check=True, capture_output=True, text=True).stdout
    if "Non-2xx" in out:
        raise RuntimeError(f"{url} answered errors under load:\n{out}")
    found = re.search(r"Requests/sec:\s+([\d.]+)", out)
    if found is None:
        raise RuntimeError(f"wrk printed no Requests/sec:\n{out}")
    return float(found.group(1))


def _queries(account: Account, path: str) -> int:
    client = Client()
    client.force_login(account)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


def _learners() -> tuple[Account, Account]:
    """Connected learners with the fewest and the most certifications."""
    profiles = (
        CertificationProfile.objects.filter(learn_profile__isnull=False, msa__isnull=False)
        .annotate(n=Count("certifications"))
        .select_related("msa")
    )
    few, many = profiles.order_by("n", "pk")[:1].get().msa, profiles.order_by("-n", "pk")[:1].get().msa
    assert few is not None and many is not None  # the filter
    return few, many


def _admin(organization: PartnerOrganization) -> Account:
    return PartnerUser.objects.get(organization=organization, is_global_admin=True).account


def pages(seconds: int = 10) -> list[Result]:
    if not wrk_available():
        print("4. skipped: wrk is not installed (apt-get install wrk)")
        return []
    few, many = _learners()
    big = largest_organization()
    small = (
        PartnerOrganization.objects.annotate(people=Count("users")).filter(people__gt=0).order_by("people")[:1].get()
    )
    counts = {
        "learn": (_queries(few, "/learn/"), _queries(many, "/learn/")),
        "skills": (_queries(_admin(small), "/partner/skills/"), _queries(_admin(big), "/partner/skills/")),
    }
    cookies = {"learn": _cookie(many), "skills": _cookie(_admin(big), "/partner/skills/")}
    paths = {"learn": "/learn/", "skills": "/partner/skills/"}
    with gunicorn() as base:
        bare = WORKERS * 1000 / wrk(f"{base}/bench/bare/", _cookie(few), seconds)
        served = {page: WORKERS * 1000 / wrk(base + path, cookies[page], seconds) for page, path in paths.items()}
    results = []
    names = {
        "learn": f"4a. Learn profile page (learner with {many.certification_profile.certifications.count()} "
        "certifications)",
        "skills": f"4b. skills report page ({big.users.count():,}-person organisation)",
    }
    for page, name in names.items():
        low, high = counts[page]
        ms = served[page]
        results.append(
            report(
                Result(
                    name,
                    f"{ms:.1f} ms per request, rendered every time ({high} queries; {low} for the smallest case)",
                    f"minimal signed-in page {bare:.1f} ms per request",
                    ms / bare,
                    f"<= {TARGET:.1f}",
                    ms / bare <= TARGET and high == low,
                    note=f"server time: {WORKERS} gunicorn sync workers kept busy by wrk (2 threads x 8 connections), "
                    f"{seconds} s each",
                )
            )
        )
    return results
