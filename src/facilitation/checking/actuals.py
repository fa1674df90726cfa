"""The recorded ``actuals:`` of a day read back as the live console's log of events.

An entry names its session by id, else by title (see :func:`session_keys`); reading the entries
of a day gives the :class:`~facilitation.checking.live.Event` s that
:func:`~facilitation.checking.live.retime` replays. The console resumes from them
(:mod:`facilitation.editing.actuals` writes them) and the outcome report compares them with the
plan.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from facilitation.checking.live import Event, LiveError
from facilitation.checking.scheduling import TimedDay, format_clock, to_minutes
from facilitation.model.outcomes import Actual


def session_keys(day: TimedDay) -> list[str]:
    """How each session of ``day`` is named in ``actuals:``, by index.

    Its id; else its title (its kind when it has none), with its planned start in brackets when
    another session of the day has the same title.
    """
    names = [timed.session.id or timed.session.title or timed.kind for timed in day.sessions]
    count = Counter(names)
    return [
        name if timed.session.id or count[name] == 1 else f"{name} ({format_clock(timed.start)})"
        for name, timed in zip(names, day.sessions, strict=True)
    ]


def read_events(actuals: Sequence[Actual], day: TimedDay, file: str) -> list[Event]:
    """The events of ``day`` that ``actuals`` (read from ``file``) record, in order.

    Raises:
        LiveError: an entry names a session the day does not have.
    """
    keys = {key: index for index, key in enumerate(session_keys(day))}
    events = []
    for actual in actuals:
        if actual.day != day.index + 1:
            continue
        index = keys.get(actual.session)
        if index is None:
            raise LiveError(
                "unknown_actual",
                f"{file}: the actual “{actual.what} {actual.session}” names no session of "
                f"day {actual.day}",
                hint="use the session's id (or its title as the agenda gives it), or delete "
                "the entry",
            )
        events.append(
            Event(actual.what, index, minutes_of(actual, day), actual.minutes, actual.reason)
        )
    return events


def minutes_of(actual: Actual, day: TimedDay) -> int:
    """When ``actual`` happened, in minutes after the midnight that starts ``day``.

    A day that runs past midnight keeps counting (24:30), as the schedule does: a time more than
    twelve hours before the day's start is read as the next morning's.
    """
    at = to_minutes(actual.at)
    if at < day.start - 12 * 60:
        at += 24 * 60
    return at


__all__ = ["minutes_of", "read_events", "session_keys"]
