"""The live console's day, keys and texts, without Textual (the plain mode included).

:class:`LiveConsole` holds one day of a workshop, the events recorded so far and the clock; each
key becomes an event (:mod:`facilitation.checking.live`), written at once into the workshop's
outcome file (:mod:`facilitation.editing.actuals`). The texts here are shared by the full-screen
console (:mod:`facilitation.cli.live_screen`) and the plain mode; they are the ``console`` labels
of the catalogue, in the workshop's language.
"""

from __future__ import annotations

import datetime as dt
import re
import textwrap
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from facilitation.catalogue.labels import load_labels
from facilitation.checking.analyse import analyse
from facilitation.checking.live import (
    Action,
    Event,
    LiveDay,
    LiveError,
    LiveSession,
    WinBack,
    check_event,
    event_for,
    propose_win_back,
    retime,
)
from facilitation.checking.scheduling import TimedDay, TimedSession, format_clock, format_span
from facilitation.editing.actuals import record_event, recorded_events
from facilitation.errors import InputError, UserError, display_path
from facilitation.model.loaded import Workshop
from facilitation.reading.loader import Loader

Clock = Callable[[], dt.datetime]

#: Minutes the + and - keys add or take.
STEP = 5


# --- the clock ----------------------------------------------------------------------------------

_CLOCK = re.compile(r"^(\d{1,2}):(\d{2})(?:\*(\d{1,3}))?$")


def make_clock(text: str | None, *, today: dt.date | None = None) -> Clock:
    """The wall clock, or a simulated one that starts at ``text`` (``HH:MM`` or ``HH:MM*N``).

    Raises:
        UserError: ``text`` is not a time.
    """
    if text is None:
        return dt.datetime.now
    match = _CLOCK.match(text.strip())
    if not match or int(match.group(1)) > 23 or int(match.group(2)) > 59:
        raise UserError(
            f"--clock {text}: not a clock time",
            hint="write hours and minutes like 09:00, or 09:00*60 for a clock 60 times faster",
        )
    start = dt.datetime.combine(
        today or dt.date.today(), dt.time(int(match.group(1)), int(match.group(2)))
    )
    speed = int(match.group(3) or 1)
    began = time.monotonic()
    return lambda: start + dt.timedelta(seconds=(time.monotonic() - began) * speed)


# --- the console: the day, its events and the keys ----------------------------------------------


@dataclass
class LiveConsole:
    """One day of a workshop run live: its plan, its events so far, the clock."""

    workshop: Workshop
    day: TimedDay
    clock: Clock
    events: list[Event] = field(default_factory=list)
    #: A proposal to win back time waiting for confirmation.
    proposal: WinBack | None = None
    message: str = ""
    #: The reason given for the next change (the ``r`` key), used once.
    reason: str | None = None
    #: Events in the log that could not be written yet (oldest first).
    unrecorded: list[Event] = field(default_factory=list)

    def say(self, key: str, **values: object) -> str:
        """The console's label ``key`` (``win_back.head``) in the workshop's language, filled in."""
        node: Any = load_labels(self.workshop.language)["console"]
        for part in key.split("."):
            node = node[part]
        return str(node).format(**values)

    def refusal(self, error: LiveError) -> str:
        """Why a key was refused, in the workshop's language."""
        values: dict[str, object] = dict(error.values)
        if error.session is not None:
            values["session"] = self.name(self.day.sessions[error.session])
        return self.say(f"refused.{error.key}", **values)

    def name(self, timed: TimedSession) -> str:
        """A session's title, else its kind's label in the workshop's language."""
        kinds: dict[str, Any] = load_labels(self.workshop.language)["kinds"]
        return timed.session.title or str(kinds.get(timed.kind, timed.kind))

    @property
    def seconds(self) -> int:
        """Seconds after midnight now."""
        moment = self.clock()
        return moment.hour * 3600 + moment.minute * 60 + moment.second

    def live(self) -> LiveDay:
        """The day re-timed at the clock's minute."""
        return retime(self.day, self.events, self.seconds // 60)

    def act(self, action: Action, *, minutes: int | None = None, reason: str | None = None) -> None:
        """Do what a key does; :attr:`message` says what happened or why not."""
        self.proposal = None
        try:
            event = event_for(self.live(), action, minutes=minutes, reason=reason or self.reason)
        except LiveError as error:
            self.message = self.refusal(error)
            return
        self.reason = None
        self._add([event])

    def win_back(self) -> None:
        """Propose how to hold the next fixed start that is missed (confirm with :meth:`apply`)."""
        live = self.live()
        self.proposal = propose_win_back(live)
        if self.proposal is None:
            self.message = self.say("win_back.nothing")
            return
        self.message = describe_win_back(self, self.proposal) + "  " + self.say("win_back.ask")

    def apply(self, confirmed: bool) -> None:
        """Apply the proposal (or drop it), re-made at the clock's minute.

        Why again: the running session runs on while the proposal is read, so the minutes to win
        back are counted anew when it is confirmed.
        """
        proposal, self.proposal = self.proposal, None
        if proposal is None:
            return
        if not confirmed:
            self.message = self.say("win_back.dropped")
            return
        live = self.live()
        fresh = propose_win_back(live)
        if fresh is None or not fresh.cuts:
            self.message = self.say("win_back.gone")
            return
        target = self.name(fresh.target.session.timed)
        events = fresh.events(live.now, self.reason or self.say("win_back.reason", session=target))
        self.reason = None
        try:
            for event in events:
                check_event(live, event)
        except LiveError as error:
            self.message = self.refusal(error)
            return
        self._add(events)
        if not self.unrecorded:
            won = sum(cut.minutes for cut in fresh.cuts)
            done = self.say(
                "win_back.done",
                count=len(fresh.cuts),
                n=won,
                session=target,
                time=format_clock(fresh.target.at),
            )
            late = "; " + self.say("win_back.still_late", n=fresh.short) if fresh.short else ""
            self.message = done + late

    def _add(self, events: list[Event]) -> None:
        """Add ``events`` to the log and write them (and any not written yet) into the file.

        An event that cannot be written stays in :attr:`unrecorded` and is written, in order,
        before the next one: the file always holds the log as it happened, or a start of it.
        """
        self.events.extend(events)
        self.unrecorded.extend(events)
        written = []
        while self.unrecorded:
            event = self.unrecorded[0]
            try:
                recorded = record_event(self.workshop, self.day, event)
            except InputError as error:
                self._not_recorded("; ".join(d.message for d in error.diagnostics))
                return
            except UserError as error:
                self._not_recorded(error.message)
                return
            self.unrecorded.pop(0)
            written.append(f"{self.say('events.' + event.what)} {title(self, event.session)}")
            self.message = self.say("recorded", changes="; ".join(written), file=recorded.path.name)

    def _not_recorded(self, why: str) -> None:
        self.message = self.say("not_recorded", why=why, count=len(self.unrecorded))


def open_console(path: Path, day: int | None, clock: Clock) -> LiveConsole:
    """Load the workshop at ``path`` and the events already recorded for the day.

    Raises:
        InputError: the workshop has errors.
        UserError: there is no such day, or a recorded event names no session.
    """
    analysis = analyse(path, Loader())
    errors = [d for d in analysis.diagnostics if d.is_error]
    if analysis.workshop is None or analysis.schedule is None or errors:
        raise InputError(errors)
    days = analysis.schedule.days
    if day is None:
        today = clock().date()
        index = next((timed.index for timed in days if timed.date == today), 0)
    elif day > len(days):
        raise UserError(
            f"--day {day}: {display_path(path)} has {len(days)} day(s)",
            hint=f"give a day from 1 to {len(days)}",
        )
    else:
        index = day - 1
    timed_day = days[index]
    events = recorded_events(analysis.workshop, timed_day)
    return LiveConsole(analysis.workshop, timed_day, clock, events)


# --- texts --------------------------------------------------------------------------------------


def title(console: LiveConsole, index: int) -> str:
    """A session's title as the console shows it."""
    return console.name(console.day.sessions[index])


def countdown(console: LiveConsole, live: LiveDay) -> str:
    """``12:34`` left in the running session, ``+03:10`` over; else the time to the next start."""
    running = live.running
    if running is None:
        current = live.current
        if current is None:
            return "--:--"
        # NOTE: before a session starts, the countdown is to its start.
        left = max(0, current.start * 60 - console.seconds)
        return f"{left // 60:02d}:{left % 60:02d}"
    left = (running.start + running.minutes + running.paused_minutes) * 60 - console.seconds
    sign = "+" if left < 0 else ""
    minutes, seconds = divmod(abs(left), 60)
    return f"{sign}{minutes:02d}:{seconds:02d}"


def state_word(console: LiveConsole, current: LiveSession) -> str:
    """``NOW``, ``NEXT`` or ``PAUSED`` for the running session (else the next)."""
    if current.paused:
        return console.say("state.paused")
    return console.say("state.now" if current.status == "running" else "state.next")


def now_lines(console: LiveConsole, live: LiveDay) -> list[str]:
    """The running session (else the next): title, times, lead, room, parallel groups."""
    current = live.current
    if current is None:
        return [
            console.say("day_over"),
            console.say("last_ended", time=format_clock(live.finishes)),
        ]
    programme = console.workshop.programme
    session = current.timed.session
    lines = [f"{state_word(console, current)}  {title(console, current.timed.index)}"]
    lines.append(span_line(console, current))
    details = []
    if session.lead:
        details.append(console.say("lead", name=programme.member_name(session.lead)))
    if session.room:
        details.append(console.say("room", room=session.room))
    if details:
        lines.append(", ".join(details))
    for group in current.timed.groups:
        parts = [group.name or console.say("group")]
        if group.room:
            parts.append(console.say("room", room=group.room))
        if group.facilitator:
            parts.append(programme.member_name(group.facilitator))
        lines.append("  · " + ", ".join(parts))
    return lines


def span_line(console: LiveConsole, session: LiveSession) -> str:
    """``09:00–09:15  (15 min)``: a session's re-timed span and length."""
    minutes = console.say("minutes", n=session.minutes)
    return f"{format_span(session.start, session.end)}  ({minutes})"


def next_lines(console: LiveConsole, live: LiveDay, count: int = 4) -> list[str]:
    """The sessions to come (after the current one) with their re-timed starts."""
    current = live.current
    coming = [s for s in live.waiting if s is not current][:count]
    return [_next_line(console, session) for session in coming] or [console.say("nothing_more")]


def _next_line(console: LiveConsole, session: LiveSession) -> str:
    shift = session.late
    moved = f" ({'+' if shift > 0 else ''}{shift})" if shift else ""
    fixed = " " + console.say("fixed") if session.fixed is not None else ""
    return f"{format_clock(session.start)}{moved}  {console.name(session.timed)}{fixed}"


def fixed_lines(console: LiveConsole, live: LiveDay) -> list[str]:
    """Each fixed start to come, with the slack left, or by how much it is missed."""
    lines = []
    for fixed in live.fixed:
        name = console.name(fixed.session.timed)
        at = format_clock(fixed.at)
        if fixed.held:
            lines.append(console.say("to_spare", session=name, time=at, n=fixed.slack))
        else:
            lines.append(console.say("cannot_hold", session=name, time=at, n=-fixed.slack))
    return lines


_MARKS = {"done": "✓", "running": "▶", "waiting": " ", "skipped": "–"}
#: The width of a span (``09:00–09:15``), the day list's columns.
_SPAN = 11


def day_header(console: LiveConsole) -> str:
    """The head of the day list: planned, actual (or projected), session."""
    planned, actual = console.say("planned"), console.say("actual")
    return f"  {planned:<{_SPAN}}  {actual:<{_SPAN}}  {console.say('session')}"


def day_lines(console: LiveConsole, live: LiveDay) -> list[str]:
    """The day, planned against actual (or projected), one line a session."""
    lines = []
    skipped = console.say("skipped")
    for session in live.sessions:
        timed = session.timed
        actual = (
            f"{skipped:<{_SPAN}}"
            if session.status == "skipped"
            else format_span(session.start, session.end)
        )
        lines.append(
            f"{_MARKS[session.status]} {format_span(timed.start, timed.end)}  {actual}  "
            f"{console.name(timed)}"
        )
    return lines


def describe_win_back(console: LiveConsole, proposal: WinBack) -> str:
    """The proposal in one line: the cuts, and what is still missing."""
    fixed = proposal.target
    head = console.say(
        "win_back.head", session=console.name(fixed.session.timed), time=format_clock(fixed.at)
    )
    cuts = ", ".join(
        console.say(
            "win_back.cut", session=console.name(cut.session.timed), n=cut.minutes, floor=cut.floor
        )
        for cut in proposal.cuts
    )
    if not cuts:
        return f"{head} {console.say('win_back.none')}."
    tail = "; " + console.say("win_back.still_late", n=proposal.short) if proposal.short else ""
    return f"{head} {console.say('win_back.shorten', cuts=cuts)}{tail}."


# --- the plain mode -----------------------------------------------------------------------------


def plain_screen(console: LiveConsole) -> str:
    """One screen of text (at most 24 lines of 80 columns)."""
    live = console.live()
    day = console.say("day", n=console.day.index + 1)
    lines = [f"{format_clock(live.now)}  {day}  {console.workshop.info.title}", ""]
    lines += now_lines(console, live)
    lines.append(console.say("time_left", time=countdown(console, live)))
    lines += ["", console.say("next")] + ["  " + line for line in next_lines(console, live, 3)]
    lines += ["  " + line for line in fixed_lines(console, live)[:2]]
    # NOTE: the message is wrapped, not cut (a proposal to win back time is read to its end
    # before y/n); when the screen is full, the list above it gives way.
    tail = ["", *textwrap.wrap(console.message, 80)] if console.message else []
    tail += ["", *textwrap.wrap(console.say("plain_keys"), 80)]
    body = [line[:80] for line in lines]
    return "\n".join(body[: 23 - len(tail)] + tail)


_COMMAND = re.compile(r"^\s*([spkwlqyn+\-])\s*(\d+)?\s*(.*)$")
_ACTIONS: dict[str, Action] = {
    "s": "toggle",
    "p": "pause",
    "+": "add",
    "-": "take",
    "k": "skip",
    "l": "later",
}


def run_plain(console: LiveConsole, stdin: TextIO, stdout: TextIO) -> None:
    """Print the status, read one command a line, until ``q`` or the end of the input."""
    while True:
        stdout.write(plain_screen(console) + "\n> ")
        stdout.flush()
        line = stdin.readline()
        if not line or not plain_command(console, line):
            return


def plain_command(console: LiveConsole, line: str) -> bool:
    """Carry out one typed command; False to stop."""
    match = _COMMAND.match(line)
    if not match:
        console.message = (
            console.say("unknown_command", command=repr(line.strip())) if line.strip() else ""
        )
        return True
    key, number, reason = match.group(1), match.group(2), match.group(3).strip() or None
    if key == "q":
        return False
    if key in "yn":
        console.apply(key == "y")
    elif key == "w":
        console.win_back()
    else:
        action = _ACTIONS[key]
        minutes = int(number) if number else (STEP if action in ("add", "take") else None)
        console.act(action, minutes=minutes, reason=reason)
    return True
