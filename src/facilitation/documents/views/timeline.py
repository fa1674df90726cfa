"""Charts drawn as Word itself: timeline strips, balance bars and the week at a glance.

A chart here is a table whose cells are columns of a fixed number of minutes, merged
(``gridSpan``) to the length of what they show and shaded by Compass dimension. Word tables are
text: the titles, letters and minutes in the cells are searchable, read aloud and sharp in print.
Colours come from the Okabe–Ito palette, which stays apart for colour-blind readers; printed in
grey some of its colours look alike, so every shaded block also carries its dimension's letter,
and every strip a caption line and a legend in words.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from babel.dates import format_skeleton
from babel.numbers import format_percent

from facilitation.catalogue.labels import find_kind_label
from facilitation.catalogue.methodology import load_methodology
from facilitation.catalogue.translations import translate
from facilitation.checking.scheduling import TimedDay, TimedSession
from facilitation.documents.measure import mm, text_width
from facilitation.documents.views.base import REST_SHADE, ViewContext, group_name

#: Okabe–Ito colours for the six Compass dimensions, in the catalogue's order. Blue (0072B2)
#: and black are left out: black text on them would not read.
DIMENSION_FILLS = ("E69F00", "56B4E9", "009E73", "F0E442", "D55E00", "CC79A7")
#: A work session that serves no Compass dimension (an opening, a presentation).
NEUTRAL_FILL = "DCE3EE"
#: Breaks, lunch and free time.
REST_FILL = REST_SHADE
#: Time outside any session.
EMPTY_FILL = "FFFFFF"
#: A half hour of break in the week at a glance (darker than in the strips: it has no letters).
WEEK_BREAK_FILL = "C8D2E0"
#: Shading of a session's time in the week at a glance (lighter than a break's).
WEEK_SESSION_FILL = "EDF2F9"
#: Grid columns of a day strip in the run sheet, which the longest day fills.
STRIP_COLUMNS = 120
#: Width of a strip column in millimetres (the landscape run sheet: 267 mm for 120 columns).
COLUMN_MM = 2.2
#: The strips' text size in points, and their cells' left and right margin in millimetres.
STRIP_POINTS = 7.0
CELL_MARGIN_MM = 0.5
#: Grid columns of the shaded letter of a key.
KEY_COLUMNS = 3
#: Grid columns of a bar chart's row (Compass balance, DCM phases): the bar, then its share.
BAR_COLUMNS = 40
#: Columns the bar of a share of 100 % takes, which leaves room for the share after it.
BAR_LONGEST = 34
#: Grid columns the days of the week at a glance share, and its rows' minutes.
WEEK_COLUMNS = 60
WEEK_SLOT = 30
#: The week at a glance is shown by default from this many days on.
WEEK_MIN_DAYS = 3


def dimension_codes(ctx: ViewContext) -> dict[str, str]:
    """A letter per Compass dimension (its name's initial), or numbers where initials clash."""
    dimensions = load_methodology().dimensions
    names = [str(ctx.labels["compass"][dimension.id]) for dimension in dimensions]
    initials = [name[:1].upper() for name in names]
    if len(set(initials)) < len(initials):
        initials = [str(number) for number in range(1, len(names) + 1)]
    return {dimension.id: code for dimension, code in zip(dimensions, initials, strict=True)}


def dimension_fills() -> dict[str, str]:
    """The shading of each Compass dimension."""
    dimensions = load_methodology().dimensions
    return {
        dimension.id: fill for dimension, fill in zip(dimensions, DIMENSION_FILLS, strict=False)
    }


def _fill(timed: TimedSession) -> str:
    if timed.is_rest:
        return REST_FILL
    if timed.compass:
        return dimension_fills().get(timed.compass[0], NEUTRAL_FILL)
    return NEUTRAL_FILL


def _title(ctx: ViewContext, timed: TimedSession) -> str:
    kinds, title = ctx.labels["kinds"], timed.session.title
    if not title:
        return str(kinds[timed.kind])
    labelled = find_kind_label(title)
    return str(kinds[labelled]) if labelled else title


def fit(text: str, columns: int, column_mm: float = COLUMN_MM, after: str = "") -> str:
    """``text`` cut with an ellipsis to what ``columns`` strip columns hold after ``after``.

    ``after`` is in bold (a block's letters). "" when not even five letters fit.
    """
    room = mm(columns * column_mm - 2 * CELL_MARGIN_MM) - text_width(after, STRIP_POINTS, True)
    if text_width(text, STRIP_POINTS) <= room:
        return text
    for end in range(len(text) - 1, 4, -1):
        cut = text[:end].rstrip() + "…"
        if text_width(cut, STRIP_POINTS) <= room:
            return cut
    return ""


def strip_minutes(days: Sequence[TimedDay]) -> int:
    """The minutes a strip's width stands for: the longest day's, from its first start."""
    return max((_day_end(day) - _day_origin(day) for day in days), default=60) or 60


def _day_origin(day: TimedDay, step: int = 1) -> int:
    """Where a day's strip starts: its start, or an earlier first session (``step`` down)."""
    first = min((timed.start for timed in day.sessions), default=day.start)
    return min(first, day.start) // step * step


def _day_end(day: TimedDay) -> int:
    return max((timed.end for timed in day.sessions), default=day.end)


def _block(span: int, fill: str = EMPTY_FILL, code: str = "", label: str = "") -> dict[str, Any]:
    return {"span": span, "fill": fill, "code": code, "label": label, "fixed": False}


def _lay_out(
    items: Iterable[tuple[int, int, dict[str, Any]]], columns: int
) -> list[dict[str, Any]]:
    """Blocks from ``(first column, last column, block)``, in order, with empty cells between."""
    row: list[dict[str, Any]] = []
    at = 0
    for first, last, block in sorted(items, key=lambda item: item[0]):
        first, last = max(first, at), min(last, columns)
        if last <= first:
            continue  # shorter than a column, or overlapping what is drawn
        if first > at:
            row.append(_block(first - at))
        row.append({**block, "span": last - first})
        at = last
    if at < columns:
        row.append(_block(columns - at))
    return row


def _session_block(ctx: ViewContext, timed: TimedSession, columns: int) -> dict[str, Any]:
    codes = dimension_codes(ctx)
    code = "" if timed.is_rest else "+".join(codes[d] for d in timed.compass if d in codes)
    room = mm(columns * COLUMN_MM - 2 * CELL_MARGIN_MM)
    if text_width(code, STRIP_POINTS, bold=True) > room:
        code = code.split("+")[0]  # the first dimension's letter, as the colour shows
    if text_width(code, STRIP_POINTS, bold=True) > room:
        code = ""  # no room for a letter either: the tables below name the dimensions
    return {
        **_block(columns, _fill(timed), code, fit(_title(ctx, timed), columns, after=code + " ")),
        "fixed": timed.session.at is not None,
    }


def describe_strip(
    ctx: ViewContext, day: TimedDay, length: int, columns: int = STRIP_COLUMNS
) -> dict[str, Any]:
    """A day to scale (``length`` minutes across ``columns``): an hour axis, sessions, groups."""
    origin = _day_origin(day)

    def cols(minute: int) -> int:
        return round((minute - origin) * columns / length)

    sessions = [(cols(t.start), cols(t.end), t) for t in day.sessions]
    main = _lay_out(((a, b, _session_block(ctx, t, b - a)) for a, b, t in sessions), columns)
    depth = max((len(t.groups) for t in day.sessions), default=0)
    groups = [
        _lay_out(
            (
                (a, b, {**_block(b - a, _fill(t)), "label": fit(_group_name(ctx, t, k), b - a)})
                for a, b, t in sessions
                if k < len(t.groups)
            ),
            columns,
        )
        for k in range(depth)
    ]
    hours = range((origin + 59) // 60 * 60, origin + length, 60)
    ticks = [(cols(h), cols(h + 60), _block(0, label=ctx.dates.clock(h))) for h in hours]
    words = ctx.labels["run_sheet"]
    return {
        "axis": _lay_out(ticks, columns),
        "rows": [main, *groups],
        "caption": str(words["strip_caption"]).format(
            day=str(ctx.labels["day"]["label"]).format(n=day.index + 1),
            hours=ctx.dates.span(day.start, day.end),
        )
        + _fixed_line(ctx, day),
    }


def _group_name(ctx: ViewContext, timed: TimedSession, index: int) -> str:
    return group_name(ctx, timed.groups[index]) or str(index + 1)


def _fixed_line(ctx: ViewContext, day: TimedDay) -> str:
    fixed = [
        f"{ctx.dates.clock(timed.start)} {_title(ctx, timed)}"
        for timed in day.sessions
        if timed.session.at is not None
    ]
    if not fixed:
        return ""
    return " " + str(ctx.labels["run_sheet"]["strip_fixed"]).format(sessions=", ".join(fixed))


def describe_legend(ctx: ViewContext) -> list[list[dict[str, Any]]]:
    """The strips' key as rows of blocks: a shaded letter and a name per dimension.

    Then sessions of no dimension, breaks and the mark of a fixed start.
    """
    codes, fills, words = dimension_codes(ctx), dimension_fills(), ctx.labels["run_sheet"]
    keys = [
        *(
            (fills[d.id], codes[d.id], str(ctx.labels["compass"][d.id]))
            for d in load_methodology().dimensions
        ),
        (NEUTRAL_FILL, "", str(words["legend_none"])),
        (REST_FILL, "", str(words["legend_rest"])),
    ]
    pairs = [
        [_block(KEY_COLUMNS, fill, code), _block(_columns_for(name), label=name)]
        for fill, code, name in keys
    ]
    pairs.append(
        [
            {**_block(KEY_COLUMNS), "fixed": True},
            _block(_columns_for(fixed := str(words["legend_fixed"])), label=fixed),
        ]
    )
    rows: list[list[dict[str, Any]]] = [[]]
    for pair in pairs:
        used = sum(block["span"] for block in rows[-1])
        if rows[-1] and used + sum(block["span"] for block in pair) > STRIP_COLUMNS:
            rows.append([])
        rows[-1].extend(pair)
    return [_lay_out(_placed(row), STRIP_COLUMNS) for row in rows]


def _columns_for(text: str) -> int:
    """The strip columns ``text`` needs, with a little room after it."""
    width = text_width(text, STRIP_POINTS) / mm(1) + 2 * CELL_MARGIN_MM + 2
    return min(STRIP_COLUMNS - KEY_COLUMNS, int(width / COLUMN_MM) + 1)


def _placed(row: list[dict[str, Any]]) -> list[tuple[int, int, dict[str, Any]]]:
    placed, at = [], 0
    for block in row:
        placed.append((at, at + block["span"], block))
        at += block["span"]
    return placed


def _bar(
    ctx: ViewContext, name: str, minutes: int, whole: int, fill: str, code: str = ""
) -> dict[str, Any]:
    """A row of a bar chart: the bar spans its share of ``whole`` in ``BAR_COLUMNS`` columns."""
    # A share too small to round to a column still gets one, so that it keeps its letter.
    span = max(1, round(BAR_LONGEST * minutes / whole)) if whole and minutes else 0
    share = round(minutes / whole, 2) if whole else 0.0
    return {
        "name": name,
        "time": ctx.dates.duration(minutes) if minutes else "—",
        "minutes": minutes,
        "span": span,
        "rest": BAR_COLUMNS - span,
        "share": format_percent(share, locale=ctx.dates.locale),
        "fill": fill,
        "code": code,
    }


def describe_balance(ctx: ViewContext) -> dict[str, Any]:
    """The workshop's Compass balance and DCM phases as bars, in shares of its work time."""
    totals, method = ctx.schedule.totals, load_methodology()
    codes, fills, words = dimension_codes(ctx), dimension_fills(), ctx.labels["run_sheet"]
    compass = [
        _bar(
            ctx,
            str(ctx.labels["compass"][d.id]),
            totals.by_dimension[d.id],
            totals.work,
            fills[d.id],
            codes[d.id],
        )
        for d in method.dimensions
    ]
    phases = [
        _bar(ctx, str(ctx.labels["dcm_phases"][p.id]), totals.by_phase[p.id], totals.work, "0072B2")
        for p in method.phases
        if totals.by_phase[p.id]
    ]
    # Aspects only where sessions name them (`compass: [empathy]`), each in its dimension's shade.
    aspects = [
        _bar(
            ctx,
            translate(ctx.dates.language, f"dimensions.{d.id}.aspects.{a.id}.name", a.name),
            totals.by_aspect[a.id],
            totals.work,
            fills[d.id],
            codes[d.id],
        )
        for d in method.dimensions
        for a in d.aspects
        if totals.by_aspect[a.id]
    ]
    return {
        "compass": compass,
        "phases": phases,
        "aspects": aspects,
        "aspects_caption": str(words["aspects_caption"]).format(
            work=ctx.dates.duration(totals.work)
        ),
        "compass_caption": str(words["balance_caption"]).format(
            work=ctx.dates.duration(totals.work)
        ),
        "phases_caption": str(words["phases_caption"]).format(work=ctx.dates.duration(totals.work)),
    }


def describe_timeline(ctx: ViewContext) -> dict[str, Any]:
    """What the run sheet draws: a strip per day, their legend, and the workshop's balance."""
    length = strip_minutes(ctx.schedule.days)
    return {
        "strips": [describe_strip(ctx, day, length) for day in ctx.schedule.days],
        "legend": describe_legend(ctx),
        "balance": describe_balance(ctx),
    }


def week_shown(ctx: ViewContext) -> bool:
    """Whether the agenda shows the week at a glance: as the workshop says, else from 3 days."""
    chosen = ctx.workshop.info.week_at_a_glance
    return bool(chosen) if chosen is not None else len(ctx.schedule.days) >= WEEK_MIN_DAYS


def _spans(count: int, columns: int) -> list[int]:
    """``columns`` shared by ``count`` cells as evenly as whole columns allow."""
    size, extra = divmod(columns, count)
    return [size + (1 if index < extra else 0) for index in range(count)]


def _week_cell(ctx: ViewContext, day: TimedDay, slot: int, span: int) -> dict[str, Any]:
    """What a day holds in the half hour from ``slot``: what starts in it; breaks shaded."""
    starting = [t for t in day.sessions if slot <= t.start < slot + WEEK_SLOT]
    lines = [
        _title(ctx, t) if t.start == slot else f"{ctx.dates.clock(t.start)} {_title(ctx, t)}"
        for t in starting
    ]
    # Shaded by what fills most of the half hour: a session's time lightly (so that a session
    # longer than a row reads as one block, not as free rows below its title), a break darker,
    # time outside the day's sessions not at all.
    overlaps = [(min(t.end, slot + WEEK_SLOT) - max(t.start, slot), t) for t in day.sessions]
    most, during = max(overlaps, key=lambda pair: pair[0], default=(0, None))
    fill = EMPTY_FILL
    if during is not None and most > 0:
        fill = WEEK_BREAK_FILL if during.is_rest else WEEK_SESSION_FILL
    return {"span": span, "fill": fill, "first": lines[0] if lines else "", "more": lines[1:]}


def describe_week(ctx: ViewContext) -> dict[str, Any]:
    """The agenda's week at a glance: days across, half hours down, titles where they start."""
    days = ctx.schedule.days
    if not days or not week_shown(ctx):
        return {"shown": False, "days": [], "rows": [], "caption": ""}
    first = min(_day_origin(day, WEEK_SLOT) for day in days)
    last = max(_day_end(day) for day in days)
    spans = _spans(len(days), WEEK_COLUMNS)
    rows = [
        {
            "time": ctx.dates.clock(slot),
            "cells": [
                _week_cell(ctx, day, slot, span) for day, span in zip(days, spans, strict=True)
            ],
        }
        for slot in range(first, last, WEEK_SLOT)
    ]
    heads = [
        {
            "span": span,
            "label": str(ctx.labels["day"]["label"]).format(n=day.index + 1),
            "date": format_skeleton("MMMEd", day.date, locale=ctx.dates.locale),
        }
        for day, span in zip(days, spans, strict=True)
    ]
    words = ctx.labels["agenda"]
    return {
        "shown": True,
        "days": heads,
        "rows": rows,
        "caption": str(words["week_caption"]).format(slot=ctx.dates.duration(WEEK_SLOT)),
    }
