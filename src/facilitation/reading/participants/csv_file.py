"""Read a CSV export into rows, each cell with the line and column where the csv module found it.

The bytes are decoded (UTF-8 with or without a byte order mark, else cp1250 or cp1251), the
delimiter is whichever of comma, semicolon and tab reads the first record into the most cells
(:func:`_delimiter`), and the records are read with the :mod:`csv` module.

The csv module does not say where a cell starts, and a quoted cell may hold delimiters, doubled
quotes and line breaks. So the reader is fed through :class:`_Lines`, which records the physical
lines each record took, and the start of each cell within the record's text is found by reading
parts of that text again with the same dialect (:func:`_cell_end`): no second quote parser to
disagree with the first.
"""

from __future__ import annotations

import bisect
import csv
import io
import itertools
import re
from collections.abc import Iterator

from facilitation import codes
from facilitation.errors import Diagnostic, Location, Severity
from facilitation.reading.participants.rows import Row
from facilitation.yaml_source import SourceMap

#: The delimiters a registration export uses; on a tie, the first wins.
_DELIMITERS = (",", ";", "\t")


def decode_export(raw: bytes) -> tuple[str, str | None]:
    """Decode a registration export: UTF-8 (with or without BOM), else cp1250 or cp1251.

    Args:
        raw: The bytes of the file.

    Returns:
        The text and, when it was not UTF-8, the encoding that was guessed.
    """
    try:
        return raw.decode("utf-8-sig"), None
    except UnicodeDecodeError:
        pass
    # NOTE: Cyrillic words are runs of bytes >= 0xC0 in cp1251; in cp1250 the same bytes are
    # single accented letters between ASCII ones (č, š, ž, đ, ć). Count long runs of high bytes.
    runs = re.findall(rb"[\xc0-\xff]{3,}", raw)
    high = len(re.findall(rb"[\x80-\xff]", raw))
    in_runs = sum(len(run) for run in runs)
    encoding = "cp1251" if high and in_runs / high > 0.5 else "cp1250"
    return raw.decode(encoding, errors="replace"), encoding


def csv_rows(
    raw: bytes, shown: str, diagnostics: list[Diagnostic]
) -> tuple[list[Row] | None, SourceMap]:
    """Read the records of a CSV file, with the line and column of every cell.

    Args:
        raw: The bytes of the file.
        shown: The file as it is named in messages.
        diagnostics: Where problems are added: a guessed legacy encoding (a warning) and a file
            the csv module cannot read (an error).

    Returns:
        The rows (None when the file cannot be read) and the file's source map, whose lines
        are the physical lines as the csv module counts them.
    """
    text = _decode(raw, shown, diagnostics)
    lines = io.StringIO(text, newline="").readlines()
    source = SourceMap(shown, [line.rstrip("\r\n") for line in lines])
    delimiter = _delimiter(lines)
    feed = _Lines(lines)
    reader = csv.reader(feed, delimiter=delimiter)
    rows: list[Row] = []
    try:
        for cells in reader:
            first, taken = feed.take()
            rows.append(_row(first, taken, cells, delimiter))
    except csv.Error as error:
        diagnostics.append(
            Diagnostic(
                codes.PARTICIPANTS_FORMAT,
                f"the CSV cannot be read: {error}",
                Location(shown, reader.line_num, 1),
                hint="a quoted cell may be missing its closing quote",
            )
        )
        return None, source
    return rows, source


def _decode(raw: bytes, shown: str, diagnostics: list[Diagnostic]) -> str:
    """The text of the file, with a warning when it was not UTF-8."""
    text, encoding = decode_export(raw)
    if encoding:
        diagnostics.append(
            Diagnostic(
                codes.LEGACY_ENCODING,
                f"the file is not UTF-8; it was read as {encoding} "
                f"({'Cyrillic' if encoding == 'cp1251' else 'Central European'} Windows encoding)",
                Location(shown),
                severity=Severity.WARNING,
                hint="check the names in the documents, or save the file again as CSV UTF-8",
            )
        )
    return text


def _delimiter(lines: list[str]) -> str:
    """The delimiter that reads the first record with text best.

    Each candidate reads the record with the csv module. A reading in which a quote stands inside
    an unquoted cell (``Name;"Function, title"`` read with commas) is a misreading and loses to one
    without; then the most cells win, and on a tie (a one-column file) the comma.
    """
    first = next((index for index, line in enumerate(lines) if line.strip()), len(lines))
    rest = lines[first:]
    return max(_DELIMITERS, key=lambda delimiter: _reading(rest, delimiter))


def _reading(lines: list[str], delimiter: str) -> tuple[bool, int]:
    """Whether ``delimiter`` reads the first record with no stray quote, and into how many cells."""
    feed = _Lines(lines)
    try:
        cells = next(csv.reader(feed, delimiter=delimiter), [])
    except csv.Error:
        return False, 0
    if not cells:
        return True, 0
    text = "".join(feed.take()[1]).rstrip("\r\n")
    starts = _cell_starts(text, cells, delimiter)
    ends = [start - 1 for start in starts[1:]] + [len(text)]
    stray = any(
        '"' in text[start:end] and not text.startswith('"', start)
        for start, end in zip(starts, ends, strict=True)
    )
    return not stray, len(cells)


class _Lines:
    """The physical lines of a file, handed to ``csv.reader`` one by one, with a count."""

    def __init__(self, lines: list[str]) -> None:
        self._lines = lines
        #: The index of the next line to hand out.
        self._next = 0
        #: The index of the first line of the record being read.
        self._record = 0

    def __iter__(self) -> Iterator[str]:
        return self

    def __next__(self) -> str:
        if self._next >= len(self._lines):
            raise StopIteration
        self._next += 1
        return self._lines[self._next - 1]

    def take(self) -> tuple[int, list[str]]:
        """The 1-based number of the first line, and the lines, of the record just read."""
        first, self._record = self._record, self._next
        return first + 1, self._lines[first : self._next]


def _row(first: int, lines: list[str], cells: list[str], delimiter: str) -> Row:
    """The row of one record that starts on line ``first`` and took ``lines``."""
    line_starts = list(itertools.accumulate((len(line) for line in lines[:-1]), initial=0))
    numbers: list[int] = []
    columns: list[int] = []
    for offset in _cell_starts("".join(lines), cells, delimiter):
        index = bisect.bisect_right(line_starts, offset) - 1
        numbers.append(first + index)
        columns.append(offset - line_starts[index] + 1)
    return Row(first, cells, columns, cell_lines=tuple(numbers))


def _cell_starts(text: str, cells: list[str], delimiter: str) -> list[int]:
    """The offset in ``text``, the text of one record, where each of its ``cells`` starts."""
    separators = [match.start() for match in re.finditer(re.escape(delimiter), text)]
    starts = [0] if cells else []
    index = 0
    for cell in cells[:-1]:
        index = _cell_end(text, starts[-1], cell, separators, index, delimiter)
        if index == len(separators):
            break
        starts.append(separators[index] + 1)
        index += 1
    return starts


def _cell_end(
    text: str, start: int, cell: str, separators: list[int], low: int, delimiter: str
) -> int:
    """The index of the separator that ends ``cell``, which starts at ``start`` in ``text``.

    ``separators`` are the offsets of the delimiter in ``text``; the cell's end is one of them
    from index ``low`` on. Read with the csv module up to a delimiter inside a quoted cell, the
    text from ``start`` is only the first part of the cell; up to the delimiter that ends the
    cell, the whole cell; up to a later one, more than one cell. So the end is the first
    separator that is not inside the cell, found by a galloping binary search: a few readings
    even for a long quoted cell full of delimiters, and usually the first separator tried is the
    end.
    """

    def inside(index: int) -> bool:
        return _first_part_of(text[start : separators[index]], cell, delimiter)

    probe, step = low, 1
    while probe < len(separators) and inside(probe):
        low, probe, step = probe + 1, probe + step, 2 * step
    high = min(probe, len(separators))
    return low + bisect.bisect_left(range(low, high), True, key=lambda index: not inside(index))


def _first_part_of(raw: str, cell: str, delimiter: str) -> bool:
    """Whether the csv module reads ``raw`` as one cell that is shorter than ``cell``."""
    if not raw:
        return cell != ""
    record = next(csv.reader(io.StringIO(raw, newline=""), delimiter=delimiter), [])
    return len(record) == 1 and len(record[0]) < len(cell)
