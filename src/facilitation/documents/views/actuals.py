"""The outcome report's "Planned and actual": how each day ran against its plan.

The live console records what happened in the room (``outcomes: actuals:``). Replaying a day's
entries with :func:`~facilitation.checking.live.retime` at the end of the day gives every session
its actual start and end; the report sets them beside the plan in a table that reads on its own
(times, the difference in length, what changed and why, the day's end and its fixed starts) and
draws the two days as strips, the run sheet's (:func:`~.timeline.describe_strip`).

Why a table first: facilitators use the section to learn how their timing holds in the room, and
a reader who prints in grey or uses a screen reader gets everything from the words.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from facilitation.checking.actuals import read_events, session_keys
from facilitation.checking.live import Event, LiveDay, LiveSession, retime
from facilitation.checking.scheduling import TimedDay
from facilitation.documents.views.base import PLAIN_SHADE, REST_SHADE, ViewContext
from facilitation.documents.views.timeline import (
    _title,
    describe_strip,
    fit,
    strip_minutes,
)
from facilitation.model.outcomes import Actual

#: Grid columns of the report's strips: a portrait page's 9638 dxa hold 76 of the run sheet's
#: 126-dxa columns (9576 dxa); the first ones name the row.
REPORT_COLUMNS = 76
LABEL_COLUMNS = 10
DAY_COLUMNS = REPORT_COLUMNS - LABEL_COLUMNS
#: What the difference column shows where a session has no length to compare.
NO_DIFFERENCE = "—"


def describe_actuals(ctx: ViewContext, actuals: Sequence[Actual]) -> dict[str, Any]:
    """Planned against actual for every day that has recorded actuals (``shown`` when any)."""
    days = []
    for day in ctx.schedule.days:
        events = _day_events(actuals, day)
        if events:
            days.append(_describe_day(ctx, day, events))
    return {"shown": bool(days), "days": days}


def _day_events(actuals: Sequence[Actual], day: TimedDay) -> list[Event]:
    """The day's events, in order.

    An entry that names no session of the day is left out rather than failing the build: the
    report shows what can be read; `check` warns of it (O515), and the live console refuses it
    when it resumes.
    """
    keys = set(session_keys(day))
    known = [a for a in actuals if a.day == day.index + 1 and a.session in keys]
    return read_events(known, day, "")


def _describe_day(ctx: ViewContext, day: TimedDay, events: list[Event]) -> dict[str, Any]:
    end_of_day = max(day.end, day.finishes, *(event.at for event in events))
    live = retime(day, events, end_of_day)
    sessions = [live.session(timed.index) for timed in day.sessions]
    return {
        "title": f"{str(ctx.labels['day']['label']).format(n=day.index + 1)} · "
        f"{ctx.dates.date_long(day.date)}",
        "rows": [
            _describe_row(ctx, session, [e for e in events if e.session == session.timed.index])
            for session in sessions
        ],
        "totals": [
            _end_line(ctx, day, live, max(event.at for event in events)),
            *_fixed_lines(ctx, sessions),
        ],
        "strip": _strips(ctx, day, sessions),
    }


def _times(ctx: ViewContext, start: int, end: int) -> str:
    return f"{ctx.dates.clock(start)}–{ctx.dates.clock(end)}"


def _signed(minutes: int) -> str:
    """``+12``, ``−5`` (a minus sign, not a hyphen), ``0``."""
    return f"+{minutes}" if minutes > 0 else f"\u2212{-minutes}" if minutes < 0 else "0"


def _describe_row(ctx: ViewContext, live: LiveSession, events: list[Event]) -> dict[str, Any]:
    words, timed = ctx.labels["outcome_report"], live.timed
    if live.status == "skipped":
        actual, difference = str(words["actual_skipped"]), NO_DIFFERENCE
    elif live.status == "waiting":
        actual, difference = str(words["actual_not_recorded"]), NO_DIFFERENCE
    elif live.status == "running":
        actual = str(words["actual_open_end"]).format(start=ctx.dates.clock(live.start))
        difference = NO_DIFFERENCE
    else:
        actual = _times(ctx, live.start, live.end)
        difference = _signed(live.end - live.start - timed.minutes)
    changes = "; ".join(_changes(ctx, live, events))
    return {
        "session": _title(ctx, timed),
        "planned": _times(ctx, timed.start, timed.end),
        "actual": actual,
        "difference": difference,
        "changes": changes[:1].upper() + changes[1:],
        "shade": REST_SHADE if timed.is_rest else PLAIN_SHADE,
    }


def _changes(ctx: ViewContext, live: LiveSession, events: list[Event]) -> list[str]:
    """The session's events in words, each with its reason; then how its length came out."""
    words = ctx.labels["outcome_report"]
    parts = []
    for event in events:
        text = _event_words(ctx, event)
        if text and event.reason:
            text = str(words["actual_reason"]).format(event=text, reason=event.reason)
        if text:
            parts.append(text)
    if live.status == "done":
        # Its length against its minutes as changed by the log, pauses not counted.
        over = live.end - live.start - _paused(events, live.end) - live.minutes
        if over:
            key = "actual_over" if over > 0 else "actual_early"
            parts.append(str(words[key]).format(duration=ctx.dates.duration(abs(over))))
    return parts


def _event_words(ctx: ViewContext, event: Event) -> str:
    """What ``event`` did, in words; "" for a start, end, resume or skip with no reason to give.

    A start, an end and a skip show in the times; they are named only to give their reason.
    """
    words, dates = ctx.labels["outcome_report"], ctx.dates
    if event.what in ("add", "take", "shorten"):
        key = {"add": "actual_added", "take": "actual_taken", "shorten": "actual_shortened"}
        return str(words[key[event.what]]).format(duration=dates.duration(event.minutes or 0))
    if event.what in ("pause", "later"):
        return str(words[f"actual_{event.what}"]).format(time=dates.clock(event.at))
    if not event.reason:
        return ""
    if event.what == "skip":
        return str(words["actual_skipped"])
    key = {"start": "actual_started", "end": "actual_ended", "resume": "actual_resumed"}
    return str(words[key[event.what]]).format(time=dates.clock(event.at))


def _paused(events: list[Event], end: int) -> int:
    """Minutes a session was paused, a pause never resumed counted until ``end``."""
    paused, since = 0, None
    for event in events:
        if event.what == "pause" and since is None:
            since = event.at
        elif event.what == "resume" and since is not None:
            paused, since = paused + max(0, event.at - since), None
    return paused + (max(0, end - since) if since is not None else 0)


def _end_line(ctx: ViewContext, day: TimedDay, live: LiveDay, last: int) -> str:
    """When the day ended against its plan; where the record stops when it has no end.

    The day has an end when no session runs on and none waits after the last one that ended: a
    session never started before it was not recorded (the one before it ran on until the next
    start), one after it means the record stopped before the day did.
    """
    words, planned = ctx.labels["outcome_report"], ctx.dates.clock(day.finishes)
    statuses = [session.status for session in live.sessions]
    ended = [index for index, status in enumerate(statuses) if status == "done"]
    if not ended or "running" in statuses or "waiting" in statuses[ended[-1] :]:
        return str(words["actual_end_open"]).format(planned=planned, last=ctx.dates.clock(last))
    end = max(session.end for session in live.sessions if session.status == "done")
    late = end - day.finishes
    if not late:
        return str(words["actual_end_on_time"]).format(planned=planned)
    key = "actual_end_late" if late > 0 else "actual_end_early"
    return str(words[key]).format(
        planned=planned, actual=ctx.dates.clock(end), duration=ctx.dates.duration(abs(late))
    )


def _fixed_lines(ctx: ViewContext, sessions: list[LiveSession]) -> list[str]:
    """Each fixed start of the day (``at:``): held, or missed and by how much."""
    words, lines = ctx.labels["outcome_report"], []
    for live in sessions:
        if live.fixed is None:
            continue
        values = {"time": ctx.dates.clock(live.fixed), "session": _title(ctx, live.timed)}
        if live.status == "skipped":
            lines.append(str(words["fixed_skipped"]).format(**values))
        elif live.status == "waiting":
            lines.append(str(words["fixed_not_recorded"]).format(**values))
        elif live.start > live.fixed:
            lines.append(
                str(words["fixed_missed"]).format(
                    **values,
                    duration=ctx.dates.duration(live.start - live.fixed),
                    actual=ctx.dates.clock(live.start),
                )
            )
        else:
            lines.append(str(words["fixed_held"]).format(**values))
    return lines


def _strips(ctx: ViewContext, day: TimedDay, sessions: list[LiveSession]) -> dict[str, Any]:
    """The day planned and as it ran, one strip each, on one hour axis (the run sheet's)."""
    ran = [
        replace(live.timed, start=live.start, end=_drawn_end(live))
        for live in sessions
        if live.status in ("done", "running")
    ]
    # Both strips start where the earlier of the two does, so that their hours line up.
    origin = min([day.start, *(t.start for t in day.sessions), *(t.start for t in ran)])
    planned_day = replace(day, start=origin)
    ran_day = replace(day, start=origin, sessions=ran)
    length = strip_minutes([planned_day, ran_day])
    planned = describe_strip(ctx, planned_day, length, DAY_COLUMNS)
    actual = describe_strip(ctx, ran_day, length, DAY_COLUMNS)
    words = ctx.labels["outcome_report"]
    return {
        "axis": planned["axis"],
        "rows": [
            _strip_row(str(words["actual_planned"]), planned["rows"][0]),
            _strip_row(str(words["actual_actual"]), actual["rows"][0]),
        ],
        "caption": str(words["actual_strip_caption"]).format(
            day=str(ctx.labels["day"]["label"]).format(n=day.index + 1)
        ),
    }


def _drawn_end(live: LiveSession) -> int:
    """Where a session ends in the strip: its actual end; a session never ended, as planned."""
    if live.status == "running":
        return live.start + live.minutes + live.paused_minutes
    return live.end


def _strip_row(label: str, blocks: list[dict[str, Any]]) -> dict[str, Any]:
    """A strip's row, named; its blocks without the Compass letters (the report has no legend)."""
    return {
        "label": fit(label, LABEL_COLUMNS) or label[:1],
        "blocks": [{**block, "code": ""} for block in blocks],
    }
