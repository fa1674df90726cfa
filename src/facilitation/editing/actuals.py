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
from pathlib import Path

from facilitation.checking.actuals import read_events, session_keys
from facilitation.checking.live import Event
from facilitation.checking.scheduling import TimedDay, format_clock
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
