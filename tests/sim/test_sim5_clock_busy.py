"""SIM-5: a request to advance the clock is answered at once. While the clock's row is locked by the work due now
(beat's tick runs it holding the clock), the request is refused with a sentence instead of kept waiting; the
synchronous advance (scenarios, the shell) still waits its turn. PostgreSQL: a real second connection holds the
lock."""

from __future__ import annotations

import threading
import time
from datetime import timedelta

import pytest
from django.db import connection, connections, transaction

from certlink import clock
from certlink.errors import Refusal
from certlink.models import Clock, ClockAdvance
from sim import jobs

pytestmark = pytest.mark.postgres


def holding_the_clock(seconds: float) -> tuple[threading.Thread, threading.Event]:
    """Another connection locks the clock's row for `seconds`, as a tick of beat does while it runs."""
    locked = threading.Event()

    def hold() -> None:
        try:
            with transaction.atomic():
                Clock.objects.select_for_update().get(pk=Clock.objects.singleton().pk)
                locked.set()
                time.sleep(seconds)
        finally:
            connections.close_all()

    thread = threading.Thread(target=hold)
    thread.start()
    assert locked.wait(10)
    return thread, locked


@pytest.mark.django_db(transaction=True)
def test_sim5_an_advance_asked_while_the_clock_is_busy_is_refused_at_once_with_a_sentence() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: a row lock held by another connection (SQLite locks the whole database)")
    start = clock.now()
    thread, _ = holding_the_clock(3)
    asked = time.monotonic()
    with pytest.raises(Refusal) as refused:
        jobs.advance_in_background(to=start + timedelta(days=1))
    answered = time.monotonic() - asked
    thread.join()
    assert refused.value.code == "clock_busy" and refused.value.status == 409 and answered < 1, answered
    assert "running the work due now. Try again in a few seconds." in refused.value.message
    assert not ClockAdvance.objects.exists() and clock.now() == start

    thread, _ = holding_the_clock(1)
    waited = clock.clock_advance(to=start + timedelta(days=1))  # the synchronous advance waits for the lock
    thread.join()
    assert waited.finished and clock.now() == start + timedelta(days=1)
