"""The rows of a participant file, as text cells with the place each cell came from.

CSV and Excel files are both read into :class:`Row` objects; everything after that (finding the
headings, validating participants) does not know which format the row came from.
"""

from __future__ import annotations

from dataclasses import dataclass


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
