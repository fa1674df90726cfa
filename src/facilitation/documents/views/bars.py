"""Bar charts drawn by Word: a table whose shaded cells are the bars, with their numbers beside.

Why a table and not a picture: a bar is a shaded cell, so the chart is editable, searchable and
sharp in print, follows the document's font and language, costs nothing to render, and carries
its own numbers (a reader who cannot see the shading, or prints in grey, reads the counts in
the same row). Pictures (:mod:`facilitation.documents.charts`) are kept for what a table cannot
draw: radars and distributions.

A chart is a table of :data:`GRID` equal columns. Every row is a list of cells, each with the
columns it spans (``span``), its shading (``fill``) and its text: first the row's name, then one
cell per number, then the bar's segments and the empty rest. The templates draw every row with
one column loop, so the same template table draws any bar chart. The heading of each series'
number is shaded with the series' colour: the table's first row is the legend.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from facilitation.documents.measure import mm, text_width

#: Columns of a bar table, in the templates (its grid: equal columns across the text width).
GRID = 48
#: The width of one column in the templates' bar tables (200 twentieths of a point), in mm.
COLUMN_MM = 200 / 1440 * 25.4
#: The least columns of the bar itself.
MIN_BAR = 12
#: The size of the tables' text, in points, and a cell's left and right margins, in millimetres.
TEXT_POINTS = 9.0
CELL_MARGIN_MM = 1.5
#: An empty cell: the part of a bar's row that the bar does not reach.
EMPTY = "FFFFFF"
#: The heading row's shading: none, so that the swatches of the legend in it stand out (a light
#: one, such as "on time", would vanish on the documents' usual heading shade).
HEADING_FILL = "FFFFFF"

#: Shadings of the series of Word bars, in their order: women, men, everyone else. Okabe–Ito
#: orange, a blue between Okabe–Ito's two and yellow; black text on each keeps a contrast of at
#: least 4.5:1 (L* 52 or more), and any two are ``charts.MIN_LIGHTNESS_STEP`` or more apart
#: (a group with no one in the middle one puts the other two side by side).
GENDER_FILLS: tuple[str, ...] = ("E69F00", "4680C0", "F0E442")
#: Shadings of an action's state: done green, in progress yellow, on time light blue, overdue
#: vermilion, cancelled grey. Done, on time and overdue (stacked in the synthesis, where a state
#: with no action leaves the other two side by side) are each at least
#: ``charts.MIN_LIGHTNESS_STEP`` apart in lightness from one another.
STATE_FILLS: dict[str, str] = {
    "done": "5BBE94",
    "in-progress": "F0E442",
    "on-time": "B8DEF5",
    "overdue": "D55E00",
    "cancelled": "BFBFBF",
}


@dataclass(frozen=True)
class Series:
    """One series of a bar chart: its name (a column heading) and its shading."""

    name: str
    fill: str


def cell(span: int, text: str = "", fill: str = EMPTY, *, right: bool = False) -> dict[str, Any]:
    """One cell of a bar table's row (``right``: its text aligned right, as numbers are)."""
    return {"span": span, "text": text, "fill": fill, "right": right}


def _columns(texts: Sequence[str], column_mm: float, *, bold: bool = False) -> int:
    """The columns the widest of ``texts`` needs on one line."""
    widest = max((text_width(text, TEXT_POINTS, bold) for text in texts), default=0.0)
    return int((widest + mm(2 * CELL_MARGIN_MM)) / mm(column_mm)) + 1


def _segments(values: Sequence[int], columns: int) -> list[int]:
    """The columns of each value of a bar ``columns`` long: rounded by largest remainder.

    A value above zero gets at least one column, so that no part of a bar vanishes.
    """
    total = sum(values)
    if not total or not columns:
        return [0] * len(values)
    exact = [columns * value / total for value in values]
    spans = [int(share) for share in exact]
    order = sorted(range(len(values)), key=lambda index: spans[index] - exact[index])
    for index in order[: columns - sum(spans)]:
        spans[index] += 1
    for index, value in enumerate(values):
        if value and not spans[index]:
            widest = max(range(len(spans)), key=lambda other: spans[other])
            spans[widest] -= 1
            spans[index] = 1
    return spans


def bar_table(
    heading: str,
    series: Sequence[Series],
    rows: Sequence[tuple[str, Sequence[int]]],
    *,
    column_mm: float = COLUMN_MM,
    total: str | None = None,
    fills: Sequence[str] | None = None,
) -> dict[str, Any]:
    """A bar chart as a table: a row per name, its numbers, and a bar of its series stacked.

    Args:
        heading: The heading of the names' column.
        series: The series, in the order of each row's values (one series: simple bars).
        rows: Each row's name and its value per series.
        column_mm: The width of one of the template table's :data:`GRID` columns.
        total: The heading of a column with each row's total (None: no such column).
        fills: A shading per row, for a chart of one series whose bars differ (a state each).

    Returns:
        ``header`` (the heading row's cells) and ``rows`` (each row's cells), each cell a dict
        of ``span``, ``text`` and ``fill``. The longest bar fills the bar's columns.
    """
    # The numbers' columns: one a series, and the total. A series' heading begins with a swatch
    # of its shade (a column of its own, so that the heading's text stays on white): the
    # heading row is the legend.
    headings = [(item.name, "" if fills else item.fill) for item in series]
    numbers = [[str(value) for value in values] for _, values in rows]
    if total is not None:
        headings.append((total, ""))
        numbers = [
            [*texts, str(sum(values))] for texts, (_, values) in zip(numbers, rows, strict=True)
        ]
    spans = [
        _columns([name, *(texts[index] for texts in numbers)], column_mm, bold=True) + bool(fill)
        for index, (name, fill) in enumerate(headings)
    ]
    names = _columns([heading], column_mm, bold=True), _columns([n for n, _ in rows], column_mm)
    name_columns = min(GRID - sum(spans) - MIN_BAR, max(names))
    bar = GRID - name_columns - sum(spans)
    header = [cell(name_columns, heading, HEADING_FILL)]
    for span, (name, fill) in zip(spans, headings, strict=True):
        if fill:
            header += [cell(1, "", fill), cell(span - 1, name, HEADING_FILL, right=True)]
        else:
            header.append(cell(span, name, HEADING_FILL, right=True))
    header.append(cell(bar, "", HEADING_FILL))
    longest = max((sum(values) for _, values in rows), default=0)
    body = []
    for index, ((name, values), texts) in enumerate(zip(rows, numbers, strict=True)):
        cells = [cell(name_columns, name)]
        cells += [cell(span, text, right=True) for span, text in zip(spans, texts, strict=True)]
        parts = _segments(values, round(bar * sum(values) / longest) if longest else 0)
        shades = [item.fill for item in series] if fills is None else [fills[index]]
        cells += [cell(part, "", fill) for part, fill in zip(parts, shades, strict=True) if part]
        if bar - sum(parts):
            cells.append(cell(bar - sum(parts)))
        body.append(cells)
    return {"header": header, "rows": body}


__all__ = [
    "COLUMN_MM",
    "EMPTY",
    "GENDER_FILLS",
    "GRID",
    "HEADING_FILL",
    "STATE_FILLS",
    "Series",
    "bar_table",
    "cell",
]
