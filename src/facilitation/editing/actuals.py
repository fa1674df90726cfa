"""What happened in the room, recorded as it happens: ``actuals:`` in the workshop's outcome file.

Each event of the live console (a start, an end, minutes added, a session skipped...) becomes one
entry of ``outcomes: actuals:``, written the way ``record`` writes (:func:`record.add`): the file
is locked, the entry is inserted as text after the last one, every other byte stays as it was, the
new text is checked, and the file is replaced atomically. Reading the entries of a day back gives
the same log of events, so a console that was closed or killed resumes where it was.

Where the entries go: the outcome file next to the workshop that names it (``NAME-outcomes.yaml``
first), else the workshop file when it has an ``outcomes:`` section, else a new
``NAME-outcomes.yaml``, created with the first entry.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from facilitation.checking.live import Event, LiveError
from facilitation.checking.scheduling import TimedDay, format_clock, to_minutes
from facilitation.editing.record import Recorded, Snapshot, add
from facilitation.editing.yaml_edit import quote
from facilitation.fileio import atomic_write
from facilitation.model.loaded import Workshop
from facilitation.model.outcomes import Actual


def actuals_file(workshop: Workshop) -> Path:
    """The file the actuals of ``workshop`` go into (it may not exist yet)."""
    path = workshop.path
    own = path.with_name(f"{path.stem}-outcomes{path.suffix}")
    separate = [source.path for source in workshop.outcomes if source.path != path]
    for candidate in separate:
        if candidate.resolve() == own.resolve():
            return candidate
    if separate:
        return separate[0]
    if workshop.spec.outcomes is not None:
        return path
    return own


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


def to_actual(event: Event, day: TimedDay) -> Actual:
    """``event`` of ``day`` as the entry that records it."""
    values: dict[str, object] = {
        "day": day.index + 1,
        "session": session_keys(day)[event.session],
        "what": event.what,
        "at": format_clock(event.at % (24 * 60)),
    }
    if event.minutes is not None:
        values["minutes"] = event.minutes
    if event.reason:
        values["reason"] = event.reason
    return Actual.model_validate(values)


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
                f"{file}: the actual “{actual.what} {actual.session}” names no session of "
                f"day {actual.day}",
                hint="use the session's id (or its title as the agenda gives it), or delete "
                "the entry",
            )
        at = to_minutes(actual.at)
        # NOTE: a day that runs past midnight keeps counting (24:30), as the schedule does.
        if at < day.start - 12 * 60:
            at += 24 * 60
        events.append(Event(actual.what, index, at, actual.minutes, actual.reason))
    return events


def recorded_events(workshop: Workshop, day: TimedDay) -> list[Event]:
    """The events of ``day`` already in the file :func:`actuals_file` names."""
    target = actuals_file(workshop).resolve()
    for source in workshop.outcomes:
        if source.path.resolve() == target:
            return read_events(source.outcomes.actuals, day, source.file)
    return []


def record_event(workshop: Workshop, day: TimedDay, event: Event) -> Recorded:
    """Write ``event`` into the workshop's actuals (creating the outcome file if need be).

    Raises:
        UserError: the file cannot be written, or changed on disk meanwhile (nothing is written).
        InputError: the file with the entry would have errors (nothing is written).
    """
    path = actuals_file(workshop)
    if not path.exists():
        _start_outcome_file(path, workshop.path)
    return add(path, "actual", to_actual(event, day), Snapshot.read(path))


def _start_outcome_file(path: Path, workshop: Path) -> None:
    """A new outcome file at ``path`` that names ``workshop`` (refused if one appeared)."""
    text = (
        f"# What happened at the workshop and what it agreed ({workshop.name}).\n"
        "\n"
        "outcomes:\n"
        f"  workshop: {quote(workshop.name)}\n"
    )
    atomic_write(path, text.encode("utf-8"), exclusive=True)


def now_minutes(moment: dt.datetime | dt.time) -> int:
    """Minutes after midnight of ``moment``."""
    return moment.hour * 60 + moment.minute


__all__ = [
    "actuals_file",
    "now_minutes",
    "read_events",
    "record_event",
    "recorded_events",
    "session_keys",
    "to_actual",
]
