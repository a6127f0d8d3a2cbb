"""A person at the pages, step by step, through Django's test client (the browser journeys of the e2e suite
follow the same steps in Chromium)."""

from __future__ import annotations

import re

from django.test import Client

from profiles.models import Account
from tests.factories import PASSWORD
from tests.helpers import page_text


class Person:
    def __init__(self) -> None:
        self.client = Client()

    def sign_in(self, email: str, kind: str, password: str = PASSWORD) -> None:
        response = self.client.post(
            "/signin/", {"step": "password", "email": email, "kind": kind, "password": password}
        )
        assert response.status_code == 302, page_text(response)

    def sign_out(self) -> None:
        assert self.client.post("/signout/").status_code == 200

    def open_settings(self) -> str:
        response = self.client.get("/learn/settings/")
        assert response.status_code == 200
        return page_text(response)

    def add_account(self, email: str, kind: str, password: str = PASSWORD):  # type: ignore[no-untyped-def]
        """Settings → Account management → Add account: sign in with the account to add (LP-3)."""
        first = self.client.post("/learn/settings/accounts/add/", {"step": "email", "email": email})
        assert first.status_code == 200
        return self.client.post(
            "/learn/settings/accounts/add/", {"step": "password", "email": email, "kind": kind, "password": password}
        )

    def remove_account(self, account: Account):  # type: ignore[no-untyped-def]
        return self.client.post(f"/learn/settings/accounts/{account.pk}/remove/", follow=True)

    def connect(self):  # type: ignore[no-untyped-def]
        return self.client.post("/learn/credentials/connect/", follow=True)

    def prove(self, email: str, password: str = PASSWORD):  # type: ignore[no-untyped-def]
        """The doctor's "Show yours": sign in with the certification profile's MSA (AL-5)."""
        first = self.client.post("/learn/doctor/prove/", {"step": "email", "email": email})
        assert first.status_code == 200
        return self.client.post(
            "/learn/doctor/prove/", {"step": "password", "email": email, "kind": "msa", "password": password}
        )

    def follow(self, path: str):  # type: ignore[no-untyped-def]
        """The doctor's "Follow this path instead" (AL-5)."""
        return self.client.post("/learn/doctor/path/", {"path": path})

    def doctor(self, query: str = "") -> tuple[str, str, int | None]:
        """(situation, path rule, current step) as the alignment doctor shows them."""
        text = page_text(self.client.get(f"/learn/doctor/{query}"))
        situation = re.search(r'data-situation="([^"]+)"', text)
        rule = re.search(r'<span class="rule">([^<]+)</span>', text)
        step = re.search(r"You are on step (\d+) of", text)
        assert situation, text
        return situation.group(1), rule.group(1) if rule else "", int(step.group(1)) if step else None
