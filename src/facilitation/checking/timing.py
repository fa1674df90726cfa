"""Timing checks: overruns, passed anchors, breaks, lunch, long days and the days' dates."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from facilitation import codes
from facilitation.catalogue.methodology import OFF_SITE_KINDS
from facilitation.checking.scheduling import (
    LAST_DATE,
    Schedule,
    TimedDay,
    TimingProblem,
    format_clock,
    format_duration,
    format_span,
)
from facilitation.errors import Diagnostic, Severity, YamlPath
from facilitation.model.loaded import Workshop, session_path

#: Longest stretch of work, in minutes, before a break is due.
MAX_WORK_STRETCH = 90
#: A gap between sessions at least this long counts as a break.
MIN_BREAK_GAP = 10
#: Days longer than this (minutes) need a lunch.
LUNCH_AFTER = 6 * 60
#: Days longer than this (minutes) are too long.
LONGEST_DAY = 12 * 60


def check_timing(workshop: Workshop, schedule: Schedule) -> Iterator[Diagnostic]:
    """What the times do not allow, the shape of each day, and the days' dates."""
    yield from _timing(workshop, schedule)
    for day in schedule.days:
        yield from _day_shape(workshop, day)
        yield from _idle_before_fixed_starts(workshop, day)
    yield from _dates(workshop, schedule)


#: Idle minutes before a fixed start that are reported (less is rounding, not a hole).
IDLE_MINUTES = 5


def _idle_before_fixed_starts(workshop: Workshop, day: TimedDay) -> Iterator[Diagnostic]:
    """P220 where the sessions before a fixed start end well before it: the room waits."""
    for position, timed in enumerate(day.sessions):
        if timed.session.at is None or position == 0:
            continue
        ends = max(earlier.end for earlier in day.sessions[:position])
        idle = timed.start - ends
        if idle < IDLE_MINUTES:
            continue
        title = workshop.session_title(day.index, timed.index)
        yield Diagnostic(
            codes.IDLE_BEFORE_FIXED_START,
            f'{idle} min stand empty before "{title}", fixed at {format_clock(timed.start)} on '
            f"day {day.index + 1}: the sessions before it end at {format_clock(ends)}",
            workshop.where(session_path(day.index, timed.index, "at")),
            severity=Severity.WARNING,
            hint=f"lengthen a session before it by {idle} min, add a break, or start it at "
            f"{format_clock(ends)}",
        )


def _timing(workshop: Workshop, schedule: Schedule) -> Iterator[Diagnostic]:
    for problem in schedule.problems:
        yield _timing_diagnostic(workshop, schedule, problem)


def _timing_diagnostic(
    workshop: Workshop, schedule: Schedule, problem: TimingProblem
) -> Diagnostic:
    day = schedule.days[problem.day]
    day_spec = workshop.days[problem.day]
    if problem.kind == "ends-early":
        return Diagnostic(
            codes.DAY_ENDS_BEFORE_START,
            f"day {problem.day + 1} ends at {format_clock(day.end)}, "
            f"before it starts at {format_clock(day.start)}",
            workshop.where(("days", problem.day, "end")),
            hint="times are 24-hour: write 17:30, not 5:30",
        )
    if problem.kind == "date-range":
        return _date_range(workshop, problem)
    assert problem.session is not None
    title = workshop.session_title(problem.day, problem.session)
    timed = day.sessions[problem.session]
    if problem.kind == "no-duration":
        return Diagnostic(
            codes.NO_DURATION,
            f'session "{title}" has no duration',
            workshop.where(session_path(problem.day, problem.session)),
            hint="add `minutes:`, or a `method:` from the catalogue, which brings its own duration",
        )
    if problem.kind == "anchor-outside-day":
        return Diagnostic(
            codes.ANCHOR_OUTSIDE_DAY,
            f'session "{title}" is fixed at {format_clock(problem.minutes)}, outside day '
            f"{problem.day + 1} ({format_span(day.start, day.end)})",
            workshop.where(session_path(problem.day, problem.session, "at")),
            hint="move the fixed time inside the day, or change the day's start or end",
        )
    if problem.kind == "anchor-passed":
        assert day_spec.sessions[problem.session].at is not None
        notes = tuple(
            f'"{workshop.session_title(problem.day, index)}" runs '
            + format_span(day.sessions[index].start, day.sessions[index].end)
            for index in problem.sessions
        )
        return Diagnostic(
            codes.ANCHOR_PASSED,
            f'session "{title}" is fixed at {format_clock(timed.start)}, but the sessions before '
            f"it run until {format_clock(timed.start + problem.minutes)} "
            f"({problem.minutes} min too long)",
            workshop.where(session_path(problem.day, problem.session, "at")),
            hint=f"shorten the sessions before it by {problem.minutes} min, or move the fixed time",
            notes=notes,
        )
    # overrun
    return Diagnostic(
        codes.OVERRUN,
        f"day {problem.day + 1} runs {problem.minutes} min past its end at "
        f"{format_clock(day.end)}: "
        f'it finishes at {format_clock(day.finishes)}; "{title}" is the first session past the end',
        workshop.where(session_path(problem.day, problem.session)),
        hint=f"shorten or drop {format_duration(problem.minutes)} of sessions, "
        f"or end the day at {format_clock(day.finishes)}",
    )


def _date_range(workshop: Workshop, problem: TimingProblem) -> Diagnostic:
    """A day after :data:`LAST_DATE`, reported at the date it is counted from."""
    number = problem.day + 1
    own = workshop.days[problem.day].date
    if problem.counted_from == problem.day and own is not None:
        message = f"day {number} is dated {own}"
        path: YamlPath = ("days", problem.day, "date")
    elif problem.counted_from >= 0:
        counted = workshop.days[problem.counted_from].date
        message = (
            f"day {number} falls after {LAST_DATE}, counting on from day "
            f"{problem.counted_from + 1} ({counted})"
        )
        path = ("days", problem.counted_from, "date")
    else:
        start = workshop.info.start
        message = (
            f"day {number} falls on {start}"
            if not problem.day
            else f"day {number} falls after {LAST_DATE}, counting on from the start ({start})"
        )
        path = ("workshop", "start")
    return Diagnostic(
        codes.INVALID_DATE,
        f"{message}; a workshop can be planned up to {LAST_DATE}",
        workshop.where(path),
        hint="check the year",
    )


def _day_shape(workshop: Workshop, day: TimedDay) -> Iterator[Diagnostic]:
    path: YamlPath = ("days", day.index)
    length = day.end - day.start
    if not day.sessions:
        yield Diagnostic(
            codes.EMPTY_DAY,
            f"day {day.index + 1} has no sessions",
            workshop.where(path),
            hint="add sessions under `sessions:`, or remove the day",
        )
        return
    # NOTE: free time (a free afternoon) is not part of a long working day.
    if length - day.totals.free > LONGEST_DAY:
        yield Diagnostic(
            codes.LONG_DAY,
            f"day {day.index + 1} is {format_duration(length)} long ({format_clock(day.start)}–"
            f"{format_clock(day.end)}); more than 12 hours is too long to work well",
            workshop.where((*path, "end")),
            severity=Severity.WARNING,
            hint="check the end time (24-hour clock), or split the day",
        )
    if length > LUNCH_AFTER and not any(timed.kind == "lunch" for timed in day.sessions):
        yield Diagnostic(
            codes.NO_LUNCH,
            f"day {day.index + 1} lasts {format_duration(length)} but has no lunch",
            workshop.where(path),
            severity=Severity.WARNING,
            hint="add `- lunch: Lunch` with `minutes: 60`",
        )
    yield from _stretches(workshop, day)


def _stretches(workshop: Workshop, day: TimedDay) -> Iterator[Diagnostic]:
    stretch_start: int | None = None
    previous_end = day.start
    reported = False
    for timed in day.sessions:
        # NOTE: a field visit is programme time, but not a stretch in a room: it ends one.
        away = timed.is_rest or timed.kind in OFF_SITE_KINDS
        if away or timed.start - previous_end >= MIN_BREAK_GAP:
            stretch_start, reported = None, False
        if not away:
            if stretch_start is None:
                stretch_start = timed.start
            length = timed.end - stretch_start
            if length > MAX_WORK_STRETCH and not reported:
                reported = True
                yield Diagnostic(
                    codes.NO_BREAK,
                    f"{format_duration(length)} of work without a break on day {day.index + 1} "
                    f"({format_span(stretch_start, timed.end)}), "
                    f'up to the end of "{workshop.session_title(day.index, timed.index)}"',
                    workshop.where(session_path(day.index, timed.index)),
                    severity=Severity.WARNING,
                    hint="add `- break: Coffee` with `minutes: 15` within every 90 minutes",
                )
        previous_end = timed.end


def _dates(workshop: Workshop, schedule: Schedule) -> Iterator[Diagnostic]:
    info = workshop.info
    previous: dt.date | None = None
    for day in schedule.days:
        if day.out_of_range:
            # NOTE: reported as a `date-range` problem; its date here is only a stand-in.
            previous = None
            continue
        location = workshop.where(("days", day.index, "date"))
        if day.date < info.start or (info.end is not None and day.date > info.end):
            last = info.end or info.start
            window = f"{info.start}" + (f" to {last}" if info.end else "")
            yield Diagnostic(
                codes.DAY_OUTSIDE_WORKSHOP,
                f"day {day.index + 1} is dated {day.date}, outside the workshop ({window})",
                location,
                hint="check the day's `date:` and the workshop's `start:`"
                + (" and `end:`" if info.end else ""),
            )
        elif previous is not None and day.date <= previous:
            yield Diagnostic(
                codes.DAY_OUTSIDE_WORKSHOP,
                f"day {day.index + 1} is dated {day.date}, not after day {day.index} ({previous})",
                location,
                hint="list the days in order, one date each",
            )
        elif previous is not None and (day.date - previous).days > 1:
            yield Diagnostic(
                codes.GAP_BETWEEN_DAYS,
                f"day {day.index + 1} ({day.date:%A %d %B}) does not follow day {day.index} "
                f"({previous:%A %d %B}); {(day.date - previous).days - 1} day(s) in between",
                location,
                severity=Severity.WARNING,
                hint="fine over a weekend; otherwise check the date",
            )
        previous = day.date
