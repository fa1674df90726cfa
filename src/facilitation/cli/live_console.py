"""The live console's day, keys and texts, without Textual (the plain mode included).

:class:`LiveConsole` holds one day of a workshop, the events recorded so far and the clock; each
key becomes an event (:mod:`facilitation.checking.live`), written at once into the workshop's
outcome file (:mod:`facilitation.editing.actuals`). The texts here are shared by the full-screen
console (:mod:`facilitation.cli.live_screen`) and the plain mode.
"""

from __future__ import annotations

import datetime as dt
import re
import textwrap
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

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
from facilitation.checking.scheduling import TimedDay, format_clock, format_span
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
            self.message = error.message
            return
        self.reason = None
        self._add([event])

    def win_back(self) -> None:
        """Propose how to hold the next fixed start that is missed (confirm with :meth:`apply`)."""
        live = self.live()
        self.proposal = propose_win_back(live)
        if self.proposal is None:
            self.message = "every fixed start to come holds; nothing to win back"
            return
        self.message = describe_win_back(self.proposal) + "  Apply? y/n"

    def apply(self, confirmed: bool) -> None:
        """Apply the proposal (or drop it), re-made at the clock's minute.

        Why again: the running session runs on while the proposal is read, so the minutes to win
        back are counted anew when it is confirmed.
        """
        proposal, self.proposal = self.proposal, None
        if proposal is None:
            return
        if not confirmed:
            self.message = "nothing changed"
            return
        live = self.live()
        fresh = propose_win_back(live)
        if fresh is None or not fresh.cuts:
            self.message = "nothing to win back any more; nothing changed"
            return
        target = fresh.target.session.timed.session.title or fresh.target.session.timed.kind
        events = fresh.events(live.now, self.reason or f"win back time before {target}")
        self.reason = None
        try:
            for event in events:
                check_event(live, event)
        except LiveError as error:
            self.message = error.message
            return
        self._add(events)
        if not self.message.startswith("not recorded"):
            won = sum(cut.minutes for cut in fresh.cuts)
            late = f"; still {fresh.short} min late" if fresh.short else ""
            self.message = (
                f"shortened {len(fresh.cuts)} session(s) by {won} min in all to hold {target} "
                f"at {format_clock(fresh.target.at)}{late}"
            )

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
            written.append(f"{event.what} {title(self.day, event.session)}")
            self.message = f"{'; '.join(written)} (recorded in {recorded.path.name})"

    def _not_recorded(self, why: str) -> None:
        count = len(self.unrecorded)
        self.message = (
            f"not recorded: {why} ({count} change(s) kept here; they are written with the next)"
        )


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


def title(day: TimedDay, index: int) -> str:
    """A session's title as the console shows it."""
    timed = day.sessions[index]
    return timed.session.title or timed.kind


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


def now_lines(console: LiveConsole, live: LiveDay) -> list[str]:
    """The running session (else the next): title, times, lead, room, parallel groups."""
    current = live.current
    if current is None:
        return ["The day is over.", f"Last session ended {format_clock(live.finishes)}."]
    programme = console.workshop.programme
    session = current.timed.session
    state = "PAUSED" if current.paused else ("NOW" if current.status == "running" else "NEXT")
    lines = [f"{state}  {title(console.day, current.timed.index)}"]
    lines.append(f"{format_span(current.start, current.end)}  ({current.minutes} min)")
    details = []
    if session.lead:
        details.append(f"lead {programme.member_name(session.lead)}")
    if session.room:
        details.append(f"room {session.room}")
    if details:
        lines.append(", ".join(details))
    for group in current.timed.groups:
        parts = [group.name or "group"]
        if group.room:
            parts.append(f"room {group.room}")
        if group.facilitator:
            parts.append(programme.member_name(group.facilitator))
        lines.append("  · " + ", ".join(parts))
    return lines


def next_lines(live: LiveDay, count: int = 4) -> list[str]:
    """The sessions to come (after the current one) with their re-timed starts."""
    current = live.current
    coming = [s for s in live.waiting if s is not current][:count]
    return [_next_line(session) for session in coming] or ["Nothing more today."]


def _next_line(session: LiveSession) -> str:
    shift = session.late
    moved = f" ({'+' if shift > 0 else ''}{shift})" if shift else ""
    fixed = " [fixed]" if session.fixed is not None else ""
    name = session.timed.session.title or session.timed.kind
    return f"{format_clock(session.start)}{moved}  {name}{fixed}"


def fixed_lines(live: LiveDay) -> list[str]:
    """Each fixed start to come, with the slack left, or by how much it is missed."""
    lines = []
    for fixed in live.fixed:
        name = fixed.session.timed.session.title or fixed.session.timed.kind
        if fixed.held:
            lines.append(f"{name} at {format_clock(fixed.at)}: {fixed.slack} min to spare")
        else:
            lines.append(
                f"{name} at {format_clock(fixed.at)}: CANNOT BE HELD, {-fixed.slack} min late"
                " (w: win back time)"
            )
    return lines


_MARKS = {"done": "✓", "running": "▶", "waiting": " ", "skipped": "–"}


def day_lines(live: LiveDay) -> list[str]:
    """The day, planned against actual (or projected), one line a session."""
    lines = []
    for session in live.sessions:
        timed = session.timed
        actual = (
            "skipped    "
            if session.status == "skipped"
            else format_span(session.start, session.end)
        )
        name = timed.session.title or timed.kind
        lines.append(
            f"{_MARKS[session.status]} {format_span(timed.start, timed.end)}  {actual}  {name}"
        )
    return lines


def describe_win_back(proposal: WinBack) -> str:
    """The proposal in one line: the cuts, and what is still missing."""
    fixed = proposal.target
    name = fixed.session.timed.session.title or fixed.session.timed.kind
    cuts = ", ".join(
        f"{cut.session.timed.session.title or cut.session.timed.kind} −{cut.minutes} "
        f"(min {cut.floor})"
        for cut in proposal.cuts
    )
    head = f"To hold {name} at {format_clock(fixed.at)}: "
    if not cuts:
        return head + "no session before it can be shortened."
    tail = f"; still {proposal.short} min late" if proposal.short else ""
    return head + "shorten " + cuts + tail + "."


KEYS = (
    "s start/end  p pause  + add 5  - take 5  k skip next  l move next later  "
    "w win back time  q quit"
)


# --- the plain mode -----------------------------------------------------------------------------


def plain_screen(console: LiveConsole) -> str:
    """One screen of text (at most 24 lines of 80 columns)."""
    live = console.live()
    head = f"{format_clock(live.now)}  day {console.day.index + 1}  {console.workshop.info.title}"
    lines = [head, ""]
    lines += now_lines(console, live)
    lines.append(f"time left {countdown(console, live)}")
    lines += ["", "Next:"] + ["  " + line for line in next_lines(live, 3)]
    lines += ["  " + line for line in fixed_lines(live)[:2]]
    # NOTE: the message is wrapped, not cut (a proposal to win back time is read to its end
    # before y/n); when the screen is full, the list above it gives way.
    tail = ["", *textwrap.wrap(console.message, 80)] if console.message else []
    tail += ["", "s p + - k l w q (then Enter); + 10 reason: add 10 min with a reason"]
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
        console.message = "" if not line.strip() else f"unknown command {line.strip()!r}"
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
