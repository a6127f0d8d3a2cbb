"""The simulated clock (SIM-1): the only source of "now" in certlink, and the engine that moves it.

`now()` reads the frozen instant stored in the database (certlink.models.Clock). Apps register the work that falls
due in simulated time (reminders, propagation, refresh, legal-name changes) with `register()`. Each piece of due work
is one function `run(since, until)` that does, set-based and idempotently, what fell due in (since, until], and picks
up what it finds overdue (say, a certification recorded inside its renewal window); `next_due(now)` says when it next
has something to do. The engine records, per work, the instant it has run to (DueWorkProgress: zulip's
analytics/lib/counts.py habit), so a rerun does nothing and a crash resumes.

An advance (`clock_advance`) steps to each next due moment in time order and, for each, in one transaction: puts the
clock at the moment, runs that moment's work, and records the progress (each work's `ran_to`, the advance's
`reached` and `moments`). The first moment of a run (an advance, a resume) looks for everything due at or before
the clock, overdue work included (`since` None: a certification recorded inside its window, a link made after its
certification, the span a `clock_set` skipped); after it, each work's `ran_to` is the moment just committed, so
each later moment looks only at what fell due since (`next_due(now, since)`, `run(since, until)`), over indexes.

Interrupted (an error, a killed process), the clock stands at the last whole moment, the
ClockAdvance says how far it got and that it did not finish, and `clock_advance_resume` finishes it. One advance at
a time: a partial unique constraint allows one unfinished ClockAdvance, and a second advance is refused with a
sentence that says whether to wait (it is running) or resume it (it stopped). Running or stopped is told by a
heartbeat in real time (`heartbeat_at`, beaten by each committed moment; CLOCK_ADVANCE_STALE_SECONDS), as lockout
is: the engine's infrastructure runs in real time, not in simulated time.

A work may also give `fan_out(since, until)`: a Celery group of tasks over primary-key ranges, each idempotent and
calling the same service functions as `run`. With a real worker configured (a broker and not
CELERY_TASK_ALWAYS_EAGER), the engine sends that group and waits for it before committing the moment; in the
embedded default (eager) it calls `run` in the moment's transaction.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Protocol

from celery import group
from django.conf import settings
from django.db import IntegrityError, OperationalError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from certlink import rules  # SIM-1's pure rules (durations, dates, bounds)
from certlink.celery import app as celery_app
from certlink.errors import Refusal
from certlink.models import Clock, ClockAdvance, DueWorkProgress
from certlink.timefmt import when

# Inside `one_reading()` (each request, by certlink.middleware.ClockReadingMiddleware) the instant is read once and
# kept: a page and its template agree on "now" and pay for one query. Moving the clock forgets the kept reading.
_reading: ContextVar[list[datetime] | None] = ContextVar("certlink_clock_reading", default=None)


def now() -> datetime:
    kept = _reading.get()
    if kept is None:
        return Clock.objects.instant()
    if not kept:
        kept.append(Clock.objects.instant())
    return kept[0]


@contextmanager
def one_reading() -> Iterator[None]:
    """Within the block, `now()` reads the database once (until the clock moves)."""
    token = _reading.set([])
    try:
        yield
    finally:
        _reading.reset(token)


def moved() -> None:
    """The clock's row changed: the next `now()` reads it again."""
    kept = _reading.get()
    if kept:
        kept.clear()


# --- Due work


class NextDue(Protocol):
    def __call__(self, now: datetime, since: datetime | None = None) -> datetime | None: ...


@dataclass(frozen=True)
class DueWork:
    """Work an app does when simulated time reaches it.

    `next_due(now, since=None)` returns the earliest moment at which the work has something to do, or None; a moment
    at or before `now` means it has overdue work, which runs at the next moment the clock stops at. With `since`,
    everything due at or before it is done, and only what falls due after it is looked for. It reads no clock: the
    engine passes `now`. `run(since, until)` does, set-based and idempotently, what fell due in (since, until], and
    returns how many items it handled; with `since` None, everything due at or before `until`, overdue work
    included. `fan_out(since, until)`, optional, is the same work as a Celery group over primary-key
    ranges, for real workers to share."""

    name: str
    label: str
    next_due: NextDue
    run: Callable[[datetime | None, datetime], int]
    fan_out: Callable[[datetime | None, datetime], group] | None = None


_registry: dict[str, DueWork] = {}


def register(work: DueWork) -> DueWork:
    _registry[work.name] = work
    return work


def registered() -> list[DueWork]:
    return list(_registry.values())


@contextmanager
def registered_for(work: DueWork) -> Iterator[DueWork]:
    """Register `work` for the duration of a block (tests)."""
    previous = _registry.get(work.name)
    register(work)
    try:
        yield work
    finally:
        if previous is None:
            _registry.pop(work.name, None)
        else:
            _registry[work.name] = previous


def workers_share() -> bool:
    """Whether a moment's fanned-out work goes to real Celery workers (the full stack: a broker, not eager)."""
    return bool(celery_app.conf.broker_url) and not celery_app.conf.task_always_eager


# --- Reading


def next_due_after(instant: datetime, *, known: list[datetime | None] | None = None) -> datetime | None:
    """The earliest moment after `instant` at which registered work falls due (the clock page's "next event").
    `known`: each work's `next_due(instant)`, when the caller has asked them already (the clock page lists them)."""
    dues = known if known is not None else [work.next_due(instant) for work in registered()]
    return min([due for due in dues if due is not None and due > instant], default=None)


def unfinished_advance() -> ClockAdvance | None:
    return ClockAdvance.objects.filter(finished=False).select_related("requested_by").first()


def is_running(advance: ClockAdvance) -> bool:
    """Running, or stopped and resumable: a runner holds it and has beaten within CLOCK_ADVANCE_STALE_SECONDS (real
    time)."""
    if advance.finished or not advance.runner or advance.heartbeat_at is None:
        return False
    return advance.heartbeat_at > timezone.now() - timedelta(seconds=settings.CLOCK_ADVANCE_STALE_SECONDS)


def unfinished_sentence(advance: ClockAdvance) -> str:
    """What to do about an unfinished advance: the page, the API and the CLI say the same."""
    values = {"to": when(advance.to_instant), "reached": when(advance.reached or advance.from_instant)}
    if is_running(advance):
        return (
            _(
                "An advance of the clock to %(to)s is running: it has reached %(reached)s. Wait for it to finish, "
                "then advance again."
            )
            % values
        )
    return (
        _(
            "An advance of the clock to %(to)s stopped at %(reached)s without finishing. Resume it to finish it "
            "before advancing again."
        )
        % values
    )


# --- Moving


OnMoment = Callable[[ClockAdvance], None]


def clock_advance(*, to: datetime, by: Any = None, on_moment: OnMoment | None = None) -> ClockAdvance:
    """Move the clock forward to `to`, stopping at each moment where registered work falls due (in time order) and
    committing each moment with the clock at it (`on_moment` is told of each). Refused while another advance is
    unfinished."""
    advance = clock_advance_start(to=to, by=by)
    return _run(advance.pk, advance.runner, on_moment)


def clock_advance_start(*, to: datetime, by: Any = None, wait: bool = True) -> ClockAdvance:
    """Record an advance to `to`, refused as `clock_advance` refuses, without running it yet: SIM-5's background job
    (sim.tasks.clock_advance_run) runs it by `clock_advance_run`. Its runner holds it from now. A request passes
    `wait=False` to be answered at once: refused (`clock_busy`) while the clock is locked by the work due now (beat's
    tick) rather than kept waiting for it."""
    runner = uuid.uuid4().hex
    _refuse_if_unfinished()  # first, unlocked: a running advance holds the clock for the whole of each moment
    with transaction.atomic():
        row = _locked_clock(nowait=not wait)
        _refuse_if_unfinished()
        rules.check_advance(now=row.instant, target=to, longest=settings.CLOCK_MAX_ADVANCE)
        real = timezone.now()
        try:
            with transaction.atomic():
                advance = ClockAdvance.objects.create(
                    from_instant=row.instant,
                    to_instant=to,
                    requested_by=by,
                    reached=row.instant,
                    started_at=real,
                    heartbeat_at=real,
                    runner=runner,
                )
        except IntegrityError:  # one_unfinished_advance: another advance began meanwhile
            _refuse_if_unfinished()
            raise
    return advance


def clock_advance_run(*, pk: int, runner: str, on_moment: OnMoment | None = None) -> ClockAdvance:
    """Run the advance `pk` that `runner` started (or took over to resume) to its end."""
    return _run(pk, runner, on_moment)


def target_by(duration: str) -> datetime:
    """The instant an advance by `duration` (30d, 1y) goes to; refused when it is not a duration."""
    length = rules.parse_duration(duration)
    rules.check_duration(length, text=duration)
    return length.after(now())


def clock_advance_by(*, duration: str, by: Any = None) -> ClockAdvance:
    return clock_advance(to=target_by(duration), by=by)


def clock_advance_to_next(*, by: Any = None) -> ClockAdvance:
    return clock_advance(to=target_next(), by=by)


def target_next() -> datetime:
    """The next instant any work falls due; refused when nothing is scheduled."""
    current = now()
    due = next_due_after(current)
    if due is None:
        raise Refusal(
            "no_scheduled_event",
            _("Nothing is scheduled after %(now)s. Advance by a duration or to a date instead.")
            % {"now": when(current)},
            now=current,
        )
    return due


def clock_advance_resume(on_moment: OnMoment | None = None) -> ClockAdvance:
    """Finish the unfinished advance that stopped (an error, a killed process) from its last whole moment. Refused
    when there is none, or while it is still running."""
    advance = clock_advance_take_over()
    return _run(advance.pk, advance.runner, on_moment)


def clock_advance_take_over() -> ClockAdvance:
    """Take over the unfinished advance that stopped, as `clock_advance_resume` does, without running it yet (the
    background job runs it)."""
    advance = unfinished_advance()
    if advance is None:
        raise Refusal(
            "clock_advance_none_unfinished", _("Every advance of the clock has finished: there is nothing to resume.")
        )
    runner = uuid.uuid4().hex
    stale = timezone.now() - timedelta(seconds=settings.CLOCK_ADVANCE_STALE_SECONDS)
    taken = (
        ClockAdvance.objects.filter(pk=advance.pk, finished=False)
        .filter(_stopped(stale))
        .update(runner=runner, heartbeat_at=timezone.now(), error="")
    )
    if not taken:
        advance.refresh_from_db()
        raise Refusal(
            "clock_advance_running", unfinished_sentence(advance), status=409, advance=advance.pk, running=True
        )
    advance.refresh_from_db()
    return advance


def _stopped(stale: datetime) -> Q:
    return Q(runner="") | Q(heartbeat_at__isnull=True) | Q(heartbeat_at__lt=stale)


def clock_tick() -> int:
    """Run the work due at the clock's current instant (Celery beat calls this); safe to run twice. Nothing while an
    advance is unfinished: the advance runs it."""
    if ClockAdvance.objects.filter(finished=False).exists():
        return 0
    with transaction.atomic():
        row = _locked_clock()
        handled = 0
        for work in registered():
            due = work.next_due(row.instant)
            if due is not None and due <= row.instant:
                handled += work.run(None, row.instant)
        _record_all(row.instant)
    return handled


def clock_set(*, to: datetime) -> None:
    """Put the clock at `to` without running any work (tests and scenario set-up only); what falls due in the span
    skipped is found overdue and done at the next moment the clock stops at."""
    with transaction.atomic():
        row = _locked_clock()
        _move(row, to)
        # Set back (a reset, a test replaying time): no work has run past the clock.
        DueWorkProgress.objects.filter(ran_to__gt=to).update(ran_to=to)


# --- The engine


def _run(pk: int, runner: str, on_moment: OnMoment | None = None) -> ClockAdvance:
    """Commit moments until the advance reaches its target; an error is recorded on the advance, which stops. The
    first moment looks for overdue work too (`since` None); the later ones only at what fell due since the last."""
    catch_up = True
    while True:
        try:
            advance = _moment(pk, runner, catch_up=catch_up)
            catch_up = False
        except Exception as error:
            ClockAdvance.objects.filter(pk=pk, runner=runner).update(
                runner="", error=f"{type(error).__name__}: {error}"
            )
            raise
        if on_moment is not None:
            on_moment(advance)
        if advance.finished:
            return advance


def progress_of(advance: ClockAdvance) -> rules.AdvanceProgress:
    """SIM-5: how far `advance` has got (share of its span, moments, items handled, real time elapsed and left)."""
    last = advance.finished_at if advance.finished else (advance.heartbeat_at if not is_running(advance) else None)
    return rules.advance_progress(
        start=advance.from_instant,
        target=advance.to_instant,
        reached=advance.reached,
        moments=advance.moments,
        items=sum(step["handled"] for step in advance.steps),
        started_at=advance.started_at,
        real_now=last or timezone.now(),
        finished=advance.finished,
    )


def _moment(pk: int, runner: str, *, catch_up: bool) -> ClockAdvance:
    """One whole moment of the advance `pk`, which it returns as committed (finished when it reached its target).
    With `catch_up`, every work looks for all it has due at or before the clock (overdue included); otherwise only
    after the instant it has run to."""
    current = Clock.objects.instant()
    target = ClockAdvance.objects.values_list("to_instant", flat=True).get(pk=pk)
    moment, works, progress = _next_moment(current, _progress(), until=target, catch_up=catch_up)
    shared = workers_share()
    counted: dict[str, int] = {}
    for work in works:  # to real workers, who commit their ranges themselves; waited for before the moment commits
        if shared and work.fan_out is not None:
            tasks = work.fan_out(progress.get(work.name), moment)
            # Waiting inside a task (a scenario's advance run by a worker) is allowed: the ranges go to other workers
            # (a pool of two or more processes, or a second worker), never to the one waiting.
            results = tasks.apply_async().get(
                timeout=settings.CLOCK_FAN_OUT_TIMEOUT,
                interval=settings.CLOCK_FAN_OUT_POLL,
                disable_sync_subtasks=False,
            )
            counted[work.name] = sum(results) if tasks.tasks else 0
    with transaction.atomic():
        row = _locked_clock()
        advance = ClockAdvance.objects.select_for_update().get(pk=pk)
        if advance.finished or advance.runner != runner or row.instant != current:
            raise Refusal("clock_advance_running", unfinished_sentence(advance), status=409, advance=pk, running=True)
        _move(row, moment)
        steps = list(advance.steps)
        for work in works:
            handled = counted[work.name] if work.name in counted else work.run(progress.get(work.name), moment)
            if handled:  # the record says what was done; `moments` counts the stops
                steps.append({"at": moment.isoformat(), "work": work.name, "handled": handled})
        _record_all(moment)  # the works that ran, and those with nothing due up to it
        advance.steps, advance.reached, advance.moments = steps, moment, advance.moments + 1
        advance.heartbeat_at = timezone.now()
        if moment == advance.to_instant:
            advance.finished, advance.finished_at, advance.runner = True, advance.heartbeat_at, ""
        advance.save()
    return advance


def _next_moment(
    current: datetime, recorded: dict[str, datetime], *, until: datetime, catch_up: bool
) -> tuple[datetime, list[DueWork], dict[str, datetime | None]]:
    """The next moment to stop at (at or after `current`, at most `until`), the works that run there, and the
    `since` each runs from: the instant it has run to, or None for a work found overdue (at a run's first moment,
    `catch_up`, each work is asked for everything due, overdue included; it then runs at `current`, in full). Later,
    a work that has run to an instant and says it has work due at or before it has left work undone: a bug, reported
    rather than looped."""
    due: dict[str, datetime] = {}
    since: dict[str, datetime | None] = {}
    for work in registered():
        ran_to = recorded.get(work.name)
        moment = work.next_due(current, None if catch_up else ran_to)
        overdue = moment is not None and moment <= current
        if moment is not None and not catch_up and ran_to is not None and moment <= ran_to:
            raise RuntimeError(f"Due work {work.name!r} left work pending at {moment} after running to {ran_to}.")
        since[work.name] = None if overdue else ran_to
        if moment is not None:
            due[work.name] = max(moment, current)
    moment = min([*due.values(), until])
    return moment, [work for work in registered() if work.name in due and due[work.name] <= moment], since


def _progress() -> dict[str, datetime]:
    return dict(DueWorkProgress.objects.values_list("name", "ran_to"))


def _record_all(ran_to: datetime) -> None:
    """Every registered work has run to `ran_to`: it ran there, or had nothing due up to it. One statement."""
    DueWorkProgress.objects.bulk_create(
        [DueWorkProgress(name=work.name, ran_to=ran_to) for work in registered()],
        update_conflicts=True,
        unique_fields=["name"],
        update_fields=["ran_to"],
    )


def _locked_clock(*, nowait: bool = False) -> Clock:
    """The clock's row, locked for this transaction (PostgreSQL's row lock; SQLite locks the whole database on
    write). With `nowait`, refused at once while another transaction holds it."""
    pk = Clock.objects.singleton().pk
    try:
        return Clock.objects.select_for_update(nowait=nowait).get(pk=pk)
    except OperationalError:  # only with nowait: the lock is held
        raise Refusal(
            "clock_busy",
            _("The clock is running the work due now. Try again in a few seconds."),
            status=409,
        ) from None


def _refuse_if_unfinished() -> None:
    advance = unfinished_advance()
    if advance is not None:
        raise Refusal(
            "clock_advance_unfinished",
            unfinished_sentence(advance),
            status=409,
            advance=advance.pk,
            running=is_running(advance),
            reached=advance.reached,
        )


def _move(row: Clock, instant: datetime) -> None:
    if row.instant != instant:
        row.instant = instant
        row.save(update_fields=["instant"])
        moved()
