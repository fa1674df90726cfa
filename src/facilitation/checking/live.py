"""The day as it runs: the plan, what has happened so far, and now → the re-timed day.

Pure functions, no files, no clock: the caller passes "now" (minutes after midnight, like
:mod:`facilitation.checking.scheduling`) and the log of :class:`Event` s of the day. From them
:func:`retime` gives each session its actual or projected start and end, the time left in the
running session, and for each fixed start (``at:``) the slack left before it or the minutes by
which it can no longer be held. :func:`propose_win_back` says which sessions before the next fixed
start to shorten to hold it.

How the day is re-timed:

- a session that has ended keeps its actual start and end;
- the running session ends at its start plus its minutes (as added to or taken from) plus the
  minutes it was paused; once that has passed it runs on until it is ended (an overrun);
- the sessions still to come follow one another, never before now; a fixed start holds while the
  sessions before it end in time, and is pushed later (and reported) when they do not;
- parallel breakout groups belong to their session and move with it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from facilitation.checking.scheduling import TimedDay, TimedSession, to_minutes
from facilitation.errors import UserError
from facilitation.model.outcomes import ActualKind

Status = Literal["done", "running", "waiting", "skipped"]

#: A session without a method is never shortened below this share of its planned minutes.
NO_METHOD_FLOOR = 0.75
#: Time is won back in steps of this many minutes where the sessions' room allows.
STEP = 5


class LiveError(UserError):
    """An event that does not fit the day as it stands (ending a session that is not running).

    ``key`` names the refusal and ``session`` the session it is about (its index in the day),
    so that the console can say it in the workshop's language; the message is the English.
    """

    def __init__(
        self,
        key: str,
        message: str,
        session: int | None = None,
        *,
        hint: str | None = None,
        **values: Any,
    ) -> None:
        super().__init__(message, hint)
        self.key = key
        self.session = session
        self.values = values


@dataclass(frozen=True)
class Event:
    """One thing that happened to session ``session`` (its index in the day) at minute ``at``."""

    what: ActualKind
    session: int
    at: int
    minutes: int | None = None
    reason: str | None = None


@dataclass
class _Progress:
    """What the log says of one session so far."""

    minutes: int
    started: int | None = None
    ended: int | None = None
    paused: int = 0
    paused_since: int | None = None
    skipped: bool = False

    def paused_until(self, now: int) -> int:
        """Minutes paused, the pause still running counted up to ``now``."""
        running = max(0, now - self.paused_since) if self.paused_since is not None else 0
        return self.paused + running


@dataclass(frozen=True)
class LiveSession:
    """A session of the running day: planned, and actual or projected."""

    timed: TimedSession
    status: Status
    start: int
    end: int
    #: Its minutes now: planned, plus added, minus taken or shortened.
    minutes: int
    paused: bool = False
    #: Minutes it has been paused so far.
    paused_minutes: int = 0

    @property
    def fixed(self) -> int | None:
        """Its fixed start (``at:``), if it has one."""
        at = self.timed.session.at
        return to_minutes(at) if at is not None else None

    @property
    def late(self) -> int:
        """Minutes after its planned start that it starts (negative: earlier)."""
        return self.start - self.timed.start


@dataclass(frozen=True)
class FixedStart:
    """A fixed start still to come: whether the sessions before it end in time."""

    session: LiveSession
    at: int
    #: When the sessions before it are projected to end.
    arrival: int

    @property
    def slack(self) -> int:
        """Minutes to spare before the fixed start (negative: by how much it is missed)."""
        return self.at - self.arrival

    @property
    def held(self) -> bool:
        """True while the fixed start can be kept."""
        return self.slack >= 0


@dataclass
class LiveDay:
    """The day re-timed at minute ``now``; ``sessions`` in the order they now run."""

    day: TimedDay
    now: int
    sessions: list[LiveSession]
    fixed: list[FixedStart] = field(default_factory=list)

    @property
    def running(self) -> LiveSession | None:
        """The session under way (paused or not), if any."""
        return next((live for live in self.sessions if live.status == "running"), None)

    @property
    def waiting(self) -> list[LiveSession]:
        """The sessions still to come, in order."""
        return [live for live in self.sessions if live.status == "waiting"]

    @property
    def current(self) -> LiveSession | None:
        """The running session, else the next one to start."""
        return self.running or next(iter(self.waiting), None)

    @property
    def left(self) -> int | None:
        """Minutes left in the running session (negative: its overrun so far)."""
        running = self.running
        if running is None:
            return None
        return running.end - self.now

    @property
    def finishes(self) -> int:
        """When the last session is projected to end."""
        return max((live.end for live in self.sessions), default=self.day.start)

    def session(self, index: int) -> LiveSession:
        """The session with index ``index`` in the agenda."""
        return next(live for live in self.sessions if live.timed.index == index)


def retime(day: TimedDay, events: Sequence[Event], now: int) -> LiveDay:
    """The day as planned, re-timed by ``events`` at minute ``now``.

    Raises:
        LiveError: an event names no session of the day.
    """
    progress = {timed.index: _Progress(timed.minutes) for timed in day.sessions}
    order = [timed.index for timed in day.sessions]
    for event in events:
        if event.session not in progress:
            raise LiveError(
                "no_session",
                f"day {day.index + 1} has no session {event.session + 1}",
                day=day.index + 1,
                number=event.session + 1,
            )
        _apply(event, progress, order)
    by_index = {timed.index: timed for timed in day.sessions}
    sessions: list[LiveSession] = []
    fixed: list[FixedStart] = []
    cursor = day.start
    for index in order:
        timed, state = by_index[index], progress[index]
        live = _place(timed, state, cursor, now)
        if live.status == "waiting" and live.fixed is not None:
            fixed.append(FixedStart(live, live.fixed, max(cursor, now)))
        sessions.append(live)
        cursor = max(cursor, live.end) if live.status != "skipped" else cursor
    return LiveDay(day, now, sessions, fixed)


def _apply(event: Event, progress: dict[int, _Progress], order: list[int]) -> None:
    state = progress[event.session]
    minutes = event.minutes or 0
    if event.what == "start":
        # NOTE: starting a session ends the one still running (a forgotten "end" key).
        for other in progress.values():
            if other.started is not None and other.ended is None:
                _stop(other, event.at)
        state.started, state.skipped = event.at, False
    elif event.what == "end" and state.started is not None and state.ended is None:
        _stop(state, event.at)
    elif event.what == "pause" and state.paused_since is None:
        state.paused_since = event.at
    elif event.what == "resume" and state.paused_since is not None:
        state.paused += max(0, event.at - state.paused_since)
        state.paused_since = None
    elif event.what == "add":
        state.minutes += minutes
    elif event.what in ("take", "shorten"):
        state.minutes = max(0, state.minutes - minutes)
    elif event.what == "skip" and state.started is None:
        state.skipped = True
    elif event.what == "later":
        _move_later(event.session, progress, order)


def _stop(state: _Progress, at: int) -> None:
    if state.paused_since is not None:
        state.paused += max(0, at - state.paused_since)
        state.paused_since = None
    state.ended = max(at, state.started or at)


def _move_later(index: int, progress: dict[int, _Progress], order: list[int]) -> None:
    """Move session ``index`` after the next session that has not started."""
    position = order.index(index)
    for after in range(position + 1, len(order)):
        other = progress[order[after]]
        if other.started is None and not other.skipped:
            order.insert(after, order.pop(position))
            return


def _place(timed: TimedSession, state: _Progress, cursor: int, now: int) -> LiveSession:
    if state.skipped:
        return LiveSession(timed, "skipped", cursor, cursor, 0)
    if state.started is not None and state.ended is not None:
        return LiveSession(timed, "done", state.started, state.ended, state.minutes)
    if state.started is not None:
        paused = state.paused_until(now)
        end = max(now, state.started + state.minutes + paused)
        return LiveSession(
            timed,
            "running",
            state.started,
            end,
            state.minutes,
            state.paused_since is not None,
            paused,
        )
    start = max(cursor, now)
    if timed.session.at is not None:
        start = max(start, to_minutes(timed.session.at))
    return LiveSession(timed, "waiting", start, start + state.minutes, state.minutes)


# --- events the console can add -----------------------------------------------------------------


def check_event(live: LiveDay, event: Event) -> None:
    """Refuse an event that makes no sense for the day as it stands.

    Raises:
        LiveError: what is wrong, in the words a facilitator would use.
    """
    session = live.session(event.session)
    title = session.timed.session.title or session.timed.kind
    index = event.session
    if event.what in ("end", "pause", "resume") and session.status != "running":
        raise LiveError("not_running", f"“{title}” is not running; start it first", index)
    if event.what == "pause" and session.paused:
        raise LiveError("paused", f"“{title}” is already paused", index)
    if event.what == "resume" and not session.paused:
        raise LiveError("not_paused", f"“{title}” is not paused", index)
    if event.what in ("start", "skip", "later") and session.status != "waiting":
        done = _done_word(session.status)
        raise LiveError(f"already_{session.status}", f"“{title}” has already {done}", index)
    if event.what == "later" and not any(
        other.timed.index != event.session for other in live.waiting
    ):
        raise LiveError("last", f"nothing comes after “{title}”; it cannot move later", index)
    if event.what in ("add", "take", "shorten") and session.status in ("done", "skipped"):
        done = _done_word(session.status)
        raise LiveError(
            f"final_{session.status}", f"“{title}” has {done}; its minutes are final", index
        )
    if event.what == "take" and (event.minutes or 0) > session.minutes:
        raise LiveError(
            "too_few",
            f"“{title}” has only {session.minutes} min left to take",
            index,
            minutes=session.minutes,
        )


#: What a key of the console does: start or end, pause or resume, add or take minutes (of the
#: running session, else the next), skip or move later (the next session to start).
Action = Literal["toggle", "pause", "add", "take", "skip", "later"]


def event_for(
    live: LiveDay, action: Action, *, minutes: int | None = None, reason: str | None = None
) -> Event:
    """The event that ``action`` at ``live.now`` stands for, checked (:func:`check_event`).

    Raises:
        LiveError: there is nothing to act on (the day is over), or the event does not fit.
    """
    running = live.running
    following = next(iter(live.waiting), None)
    what: ActualKind
    if action == "toggle":
        target, what = (running, "end") if running else (following, "start")
    elif action == "pause":
        target = running
        what = "resume" if running is not None and running.paused else "pause"
    elif action in ("add", "take"):
        target, what = running or following, action
    else:
        target, what = following, action
    if target is None:
        if action == "pause":
            raise LiveError("none_running", "no session is running; press the start key first")
        raise LiveError("day_over", "every session of the day has ended or been skipped")
    event = Event(what, target.timed.index, live.now, minutes, reason)
    check_event(live, event)
    return event


def _done_word(status: Status) -> str:
    return {"done": "ended", "running": "started", "skipped": "been skipped"}.get(status, status)


# --- winning back time before a fixed start ------------------------------------------------------


@dataclass(frozen=True)
class Cut:
    """Shorten one session by ``minutes`` (never below ``floor``)."""

    session: LiveSession
    minutes: int
    floor: int


@dataclass(frozen=True)
class WinBack:
    """How to hold the fixed start ``target``: the cuts, and what they still leave missing."""

    target: FixedStart
    cuts: tuple[Cut, ...]
    #: Minutes the fixed start is still missed by after the cuts (0: it holds).
    short: int

    def events(self, at: int, reason: str = "win back time") -> list[Event]:
        """The cuts as ``shorten`` events at minute ``at``."""
        return [
            Event("shorten", cut.session.timed.index, at, cut.minutes, reason)
            for cut in self.cuts
            if cut.minutes
        ]


def shortest(live: LiveSession, now: int) -> int:
    """The fewest minutes ``live`` may be shortened to.

    A session with a method: the method's minimum (:meth:`Method.minutes_range`, travel included).
    Without one: :data:`NO_METHOD_FLOOR` of its planned minutes, rounded up. A running session also
    keeps the minutes it has already run.
    """
    timed = live.timed
    if timed.method is not None:
        floor = timed.method.minutes_range(timed.session.travel)[0]
    else:
        floor = math.ceil(timed.minutes * NO_METHOD_FLOOR)
    if live.status == "running":
        floor = max(floor, now - live.start - live.paused_minutes)
    return min(floor, live.minutes)


def propose_win_back(live: LiveDay) -> WinBack | None:
    """Which sessions to shorten, and by how much, to hold the next fixed start that is missed.

    The minutes are taken from the sessions still to come before the fixed start (the running
    session is the facilitator's to end), in steps of five minutes, in proportion to the room
    each has above its minimum (:func:`shortest`); breaks only when the sessions cannot give
    enough.

    Why in proportion: every session gives up a little and keeps its substance, where "largest
    first" would cut one session down to its minimum while the others keep all their time.
    ``None`` when every fixed start to come holds.
    """
    target = next((fixed for fixed in live.fixed if not fixed.held), None)
    if target is None:
        return None
    before: list[LiveSession] = []
    for session in live.sessions:
        if session is target.session:
            break
        if session.status == "waiting" and session.fixed is not None:
            # NOTE: a fixed start that holds before the target is a wall: time won before it
            # only lengthens the wait for it.
            before = []
        if session.status == "waiting":
            before.append(session)
    rooms = [(session, shortest(session, live.now)) for session in before]
    cuts = _share(-target.slack, rooms)
    return WinBack(target, cuts, max(0, -target.slack - sum(cut.minutes for cut in cuts)))


def _share(need: int, rooms: list[tuple[LiveSession, int]]) -> tuple[Cut, ...]:
    """``need`` minutes taken from the sessions' room above their floors; breaks last.

    Why breaks last: a coffee break is where people talk across institutions; it is cut only
    when the working sessions cannot give enough.
    """
    work = [(session, floor) for session, floor in rooms if not session.timed.is_rest]
    rest = [(session, floor) for session, floor in rooms if session.timed.is_rest]
    cuts = _in_steps(need, work)
    missing = need - sum(cut.minutes for cut in cuts)
    return cuts + _in_steps(missing, rest) if missing > 0 else cuts


def _in_steps(need: int, rooms: list[tuple[LiveSession, int]]) -> tuple[Cut, ...]:
    """``need`` minutes in steps of :data:`STEP`, as a facilitator announces them.

    The steps go in proportion to the steps each session has above its floor ("five minutes
    less"); a need the steps cannot meet takes the minutes left in single minutes.
    """
    steps = {id(session): (session.minutes - floor) // STEP for session, floor in rooms}
    wanted = min(-(-need // STEP), sum(steps.values()))
    given = {key: value * STEP for key, value in _proportional(wanted, steps).items()}
    missing = need - sum(given.values())
    if missing > 0:
        left = {id(s): s.minutes - floor - given[id(s)] for s, floor in rooms}
        for key, value in _proportional(min(missing, sum(left.values())), left).items():
            given[key] += value
    return tuple(
        Cut(session, given[id(session)], floor) for session, floor in rooms if given[id(session)]
    )


def _proportional(need: int, room: dict[int, int]) -> dict[int, int]:
    """``need`` units shared in proportion to ``room``; remainders to the largest fractions."""
    total = sum(room.values())
    if total <= 0 or need <= 0:
        return dict.fromkeys(room, 0)
    need = min(need, total)
    exact = {key: need * value / total for key, value in room.items()}
    given = {key: int(value) for key, value in exact.items()}
    ranked = sorted(room, key=lambda key: (exact[key] - given[key], room[key]), reverse=True)
    for key in ranked[: need - sum(given.values())]:
        given[key] += 1
    return given


__all__ = [
    "NO_METHOD_FLOOR",
    "Action",
    "Cut",
    "Event",
    "FixedStart",
    "LiveDay",
    "LiveError",
    "LiveSession",
    "WinBack",
    "check_event",
    "event_for",
    "propose_win_back",
    "retime",
    "shortest",
]
