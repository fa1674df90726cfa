"""The timing engine: when every session starts and ends, and what the days add up to.

Pure functions over the models: no files, no printing. Times are minutes after midnight.
Sessions follow each other from the day's start; a session with ``at:`` (an anchor) starts at that
time whatever came before. Parallel breakout groups share their session's slot. What does not fit
(an overrun, a passed anchor, a session without a duration) is returned as :class:`TimingProblem`
data; :mod:`facilitation.checking.timing` words them as diagnostics.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from facilitation.catalogue.methodology import (
    FREE_KINDS,
    REST_KINDS,
    Method,
    compass_dimension,
    resolve_method,
)
from facilitation.model.loaded import Workshop
from facilitation.model.workshop import Day, Group, Session

ProblemKind = Literal[
    "overrun", "anchor-passed", "anchor-outside-day", "no-duration", "ends-early", "date-range"
]

#: The last date a day of a workshop may fall on. Python's dates end on 9999-12-31, and a
#: calendar file needs the year after the last day; a later day is a ``date-range`` problem.
LAST_DATE = dt.date(dt.MAXYEAR - 1, 12, 31)


def to_minutes(time: dt.time) -> int:
    """Minutes after midnight."""
    return time.hour * 60 + time.minute


def format_clock(minutes: int) -> str:
    """``545`` → ``09:05``; times past midnight keep counting (``24:30``)."""
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def format_span(start: int, end: int) -> str:
    """``540, 585`` → ``09:00–09:45``."""
    return f"{format_clock(start)}–{format_clock(end)}"


def format_duration(minutes: int) -> str:
    """``75`` → ``1 h 15 min``; ``45`` → ``45 min``; ``120`` → ``2 h``."""
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{rest} min"
    return f"{hours} h {rest:02d} min" if rest else f"{hours} h"


@dataclass(frozen=True)
class TimedSession:
    """A session with its times and the values it takes from its method."""

    day: int
    index: int
    session: Session
    kind: str
    start: int
    end: int
    method: Method | None
    groups: tuple[Group, ...]
    dcm_phase: str | None
    #: The Compass dimensions it serves (a named aspect's dimension included).
    compass: tuple[str, ...]
    #: The Compass aspects it names, if any.
    aspects: tuple[str, ...] = ()

    @property
    def minutes(self) -> int:
        """How long the session lasts."""
        return self.end - self.start

    @property
    def is_rest(self) -> bool:
        """Breaks, lunch and free time."""
        return self.kind in REST_KINDS

    @property
    def format(self) -> str | None:
        """The session's format, else its method's; groups imply ``groups``."""
        if self.session.format:
            return self.session.format
        if self.groups:
            return "groups"
        return self.method.format if self.method else None


@dataclass
class Totals:
    """Minutes by kind, phase and Compass dimension."""

    work: int = 0
    rest: int = 0
    #: Free time (a free afternoon): neither work nor a break.
    free: int = 0
    by_kind: Counter[str] = field(default_factory=Counter)
    by_phase: Counter[str] = field(default_factory=Counter)
    by_dimension: Counter[str] = field(default_factory=Counter)
    by_aspect: Counter[str] = field(default_factory=Counter)

    @property
    def total(self) -> int:
        """Work, rest and free time together (gaps between sessions are not counted)."""
        return self.work + self.rest + self.free

    def add(self, timed: TimedSession) -> None:
        """Count ``timed`` in."""
        minutes = timed.minutes
        self.by_kind[timed.kind] += minutes
        if timed.kind in FREE_KINDS:
            self.free += minutes
            return
        if timed.is_rest:
            self.rest += minutes
            return
        self.work += minutes
        if timed.dcm_phase:
            self.by_phase[timed.dcm_phase] += minutes
        for dimension in timed.compass:
            self.by_dimension[dimension] += minutes
        for aspect in timed.aspects:
            self.by_aspect[aspect] += minutes

    def merge(self, other: Totals) -> None:
        """Add another day's totals."""
        self.work += other.work
        self.rest += other.rest
        self.free += other.free
        self.by_kind.update(other.by_kind)
        self.by_phase.update(other.by_phase)
        self.by_dimension.update(other.by_dimension)
        self.by_aspect.update(other.by_aspect)


@dataclass(frozen=True)
class TimingProblem:
    """Something the times do not allow; ``sessions`` are indexes into the day's sessions.

    A ``date-range`` problem has no session: its day falls after :data:`LAST_DATE`, counted on
    from the date of day ``counted_from`` (-1: the workshop's start).
    """

    kind: ProblemKind
    day: int
    session: int | None
    minutes: int = 0
    sessions: tuple[int, ...] = ()
    counted_from: int = -1


@dataclass
class TimedDay:
    """A day with timed sessions."""

    index: int
    date: dt.date
    start: int
    end: int
    sessions: list[TimedSession]
    totals: Totals
    #: The day falls after :data:`LAST_DATE`; ``date`` is then LAST_DATE, a stand-in.
    out_of_range: bool = False

    @property
    def finishes(self) -> int:
        """When the last session ends (the day's start when there is none)."""
        return max((timed.end for timed in self.sessions), default=self.start)


@dataclass
class Schedule:
    """The whole timed agenda."""

    days: list[TimedDay]
    totals: Totals
    problems: list[TimingProblem]

    @property
    def first_date(self) -> dt.date | None:
        """Date of the first day."""
        return self.days[0].date if self.days else None

    @property
    def last_date(self) -> dt.date | None:
        """Date of the last day."""
        return self.days[-1].date if self.days else None

    def sessions(self) -> list[TimedSession]:
        """Every session of every day, in order."""
        return [timed for day in self.days for timed in day.sessions]


def build_schedule(
    days: Sequence[Day],
    *,
    start: dt.date,
    dcm_phase: str | None = None,
    countries: Sequence[Group] = (),
) -> Schedule:
    """Time every session of ``days``, the first of which is on ``start`` (unless it is dated).

    ``dcm_phase`` is the phase of sessions that name none; ``countries`` are the groups that
    ``groups: by-country`` stands for.
    """
    problems: list[TimingProblem] = []
    timed_days: list[TimedDay] = []
    totals = Totals()
    # The day whose own date the following days count on from (-1: the workshop's start).
    counted_from = -1
    date: dt.date | None = start
    for day_index, day in enumerate(days):
        if day.date is not None:
            date, counted_from = day.date, day_index
        elif day_index:
            previous = timed_days[-1]
            # NOTE: the day after 9999-12-31 does not exist; date + 1 day would raise.
            date = None if previous.out_of_range else _day_after(previous.date)
        out_of_range = date is None or date > LAST_DATE
        if out_of_range and (
            day.date is not None or not day_index or not timed_days[-1].out_of_range
        ):
            problems.append(TimingProblem("date-range", day_index, None, counted_from=counted_from))
        timed_day = _time_day(
            day,
            day_index,
            LAST_DATE if date is None or out_of_range else date,
            _Defaults(dcm_phase, tuple(countries)),
            problems,
        )
        timed_day.out_of_range = out_of_range
        totals.merge(timed_day.totals)
        timed_days.append(timed_day)
    return Schedule(timed_days, totals, problems)


def _day_after(date: dt.date) -> dt.date | None:
    """The next day, or None after the last day Python's calendar has."""
    return None if date >= dt.date.max else date + dt.timedelta(days=1)


def schedule_workshop(workshop: Workshop) -> Schedule:
    """Time every session of ``workshop``."""
    return build_schedule(
        workshop.days,
        start=workshop.info.start,
        dcm_phase=workshop.info.dcm_phase,
        countries=workshop.country_groups(),
    )


@dataclass(frozen=True)
class _Defaults:
    """What a session takes from its workshop when it says nothing itself."""

    dcm_phase: str | None
    countries: tuple[Group, ...]


def _time_day(
    day: Day,
    day_index: int,
    date: dt.date,
    defaults: _Defaults,
    problems: list[TimingProblem],
) -> TimedDay:
    start, end = to_minutes(day.start), to_minutes(day.end)
    if end <= start:
        problems.append(TimingProblem("ends-early", day_index, None, start - end))
    cursor = start
    timed_sessions: list[TimedSession] = []
    totals = Totals()
    for index, session in enumerate(day.sessions):
        timed = _time_session(session, day_index, index, cursor, (start, end), defaults, problems)
        # NOTE: any earlier session may run past a fixed start, not only the one just before
        # it: an earlier anchor can move the clock back while a long session still runs.
        runs_until = max((item.end for item in timed_sessions), default=start)
        if session.at is not None and _inside(timed.start, start, end) and runs_until > timed.start:
            overlapping = tuple(item.index for item in timed_sessions if item.end > timed.start)
            problems.append(
                TimingProblem(
                    "anchor-passed", day_index, index, runs_until - timed.start, overlapping
                )
            )
        timed_sessions.append(timed)
        totals.add(timed)
        cursor = timed.end
    overrun = next((timed for timed in timed_sessions if timed.end > end), None)
    if overrun is not None and end > start:
        finishes = max(timed.end for timed in timed_sessions)
        problems.append(TimingProblem("overrun", day_index, overrun.index, finishes - end))
    return TimedDay(day_index, date, start, end, timed_sessions, totals)


def _time_session(
    session: Session,
    day_index: int,
    index: int,
    cursor: int,
    hours: tuple[int, int],
    defaults: _Defaults,
    problems: list[TimingProblem],
) -> TimedSession:
    """Time one session that would start at ``cursor``; an anchor moves it to its own time."""
    method = resolve_method(session.method) if session.method else None
    minutes = session.minutes or (method.minutes if method else 0)
    if not minutes and not (session.method and method is None):
        # NOTE: an unknown method is reported by the checks; its missing default is not news.
        problems.append(TimingProblem("no-duration", day_index, index))
    begin = cursor
    if session.at is not None:
        begin = to_minutes(session.at)
        if not _inside(begin, *hours):
            problems.append(TimingProblem("anchor-outside-day", day_index, index, begin))
    tags = tuple(session.compass or (method.compass if method else ()))
    return TimedSession(
        day=day_index,
        index=index,
        session=session,
        kind=_kind(session, method),
        start=begin,
        end=begin + minutes,
        method=method,
        groups=_groups(session, defaults.countries),
        dcm_phase=session.dcm_phase or defaults.dcm_phase,
        compass=_dimensions(tags),
        aspects=tuple(tag for tag in tags if compass_dimension(tag) != tag),
    )


def _dimensions(tags: tuple[str, ...]) -> tuple[str, ...]:
    """The dimensions ``tags`` serve, in order, once each (an aspect stands for its dimension)."""
    return tuple(dict.fromkeys(compass_dimension(tag) for tag in tags))


def _inside(minute: int, start: int, end: int) -> bool:
    """True when a fixed start at ``minute`` falls within a day from ``start`` to ``end``."""
    return start <= minute < max(end, start + 1)


def _kind(session: Session, method: Method | None) -> str:
    if session.kind:
        return session.kind
    if method is not None:
        return method.kind
    return "work"


def _groups(session: Session, countries: tuple[Group, ...]) -> tuple[Group, ...]:
    if session.groups == "by-country":
        return countries
    if isinstance(session.groups, list):
        return tuple(session.groups)
    return ()
