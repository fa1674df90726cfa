"""The rows of a participant file, as text cells with the place each cell came from.

CSV and Excel files are both read into :class:`Row` objects, one at a time; everything after that
(finding the headings, validating participants) does not know which format the row came from.

A file is read up to :data:`MAX_ROWS` rows with text: a workshop's registrations are hundreds, a
programme's a few thousand. A larger file (a whole database export) is refused with
:func:`too_many_rows` when the row that passes the limit is reached, before the rest is read.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from facilitation import codes
from facilitation.errors import Diagnostic, Location

#: The most rows with text (headings included) that a participant file may have.
MAX_ROWS = 50_000
#: The most rows in all, empty ones included, that are looked at.
MAX_ALL_ROWS = 10 * MAX_ROWS


@dataclass
class Row:
    """One row of a participant file: its line (CSV) or row number (Excel) and its cells."""

    #: The first line of the row: a CSV record spans lines when a quoted cell holds line breaks.
    line: int
    cells: list[str]
    #: The 1-based column where each cell starts, on the line where it starts.
    columns: list[int]
    #: Indexes of cells covered by a merged range (Excel).
    merged: frozenset[int] = frozenset()
    #: The line where each cell starts (CSV); when empty, every cell is on ``line``.
    cell_lines: tuple[int, ...] = ()

    def column_of(self, index: int) -> int:
        """The column where cell ``index`` starts (its number, past the end of a short row)."""
        return self.columns[index] if index < len(self.columns) else index + 1

    def line_of(self, index: int) -> int:
        """The line where cell ``index`` starts."""
        return self.cell_lines[index] if index < len(self.cell_lines) else self.line

    def starts(self) -> tuple[Sequence[int], Sequence[int]]:
        """The line and the column where each cell starts, for all the cells at once.

        Each is as :meth:`line_of` and :meth:`column_of` give it.
        """
        count = len(self.cells)
        lines: Sequence[int] = self.cell_lines
        if len(lines) < count:
            lines = [*lines, *[self.line] * (count - len(lines))]
        columns: Sequence[int] = self.columns
        if len(columns) < count:
            columns = [*columns, *range(len(columns) + 1, count + 1)]
        return lines, columns

    @property
    def has_text(self) -> bool:
        """True when a cell of the row holds more than spaces."""
        return any(map(str.strip, self.cells))


class RowCounter:
    """Counts the rows of a file as they are read, and says when there are too many."""

    def __init__(self) -> None:
        self.with_text = 0
        self.all = 0

    def passed(self, has_text: bool) -> bool:
        """Count one more row; True when it is one more than a file may have."""
        self.all += 1
        self.with_text += has_text
        return self.with_text > MAX_ROWS or self.all > MAX_ALL_ROWS


def too_many_rows(shown: str, line: int, counter: RowCounter) -> Diagnostic:
    """The error for a file whose row at ``line`` is one more than :data:`MAX_ROWS` allows.

    ``line`` is the row's line (CSV) or row number (Excel), as in every message about a row.
    """
    if counter.with_text > MAX_ROWS:
        count = f"more than {MAX_ROWS:,} rows"
    else:
        count = f"more than {MAX_ALL_ROWS:,} rows, most of them empty"
    return Diagnostic(
        codes.TOO_MANY_PARTICIPANTS,
        f"the participant file has {count}; reading stopped at row {line}",
        Location(shown, line, 1),
        hint="export only this workshop's registrations; a participant file holds up to "
        f"{MAX_ROWS:,} rows",
    )
