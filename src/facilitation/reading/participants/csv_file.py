"""Read a CSV export into rows, each cell with the line and column where the csv module found it.

The bytes are decoded in the encoding the workshop file gives, else as UTF-8 with or without a
byte order mark, else in the Windows code page (cp1250, cp1251 or cp1252) whose text reads best
(:mod:`.encoding`); the delimiter is whichever of comma, semicolon and tab reads the first record
into the most cells (:func:`_delimiter`), and the records are read with the :mod:`csv` module,
one at a time: a first pass only counts them (a file with more than
:data:`~facilitation.reading.participants.rows.MAX_ROWS` rows is refused there, before anything
else is done with it), the second hands them out as they are read.

The csv module does not say where a cell starts, and a quoted cell may hold delimiters, doubled
quotes and line breaks. So the reader is fed through :class:`_Lines`, which records the physical
lines each record took, and the start of each cell within the record's text is found by reading
parts of that text again with the same dialect (:func:`_cell_end`): no second quote parser to
disagree with the first.
"""

from __future__ import annotations

import bisect
import codecs
import csv
import io
import itertools
import re
from collections.abc import Iterator

from facilitation import codes
from facilitation.errors import Diagnostic, Location, Severity
from facilitation.reading.participants.encoding import DESCRIPTIONS, decode_guessed
from facilitation.reading.participants.rows import Row, RowCounter, too_many_rows
from facilitation.source_map import SourceMap

#: The delimiters a registration export uses; on a tie, the first wins.
_DELIMITERS = (",", ";", "\t")
#: How much of the text from its first line with text the delimiter is chosen by.
_HEAD_CHARACTERS = 1 << 20
#: The first character that is not a space or a line break.
_FIRST_TEXT = re.compile(r"\S")
#: A byte that is not UTF-8, as Python's ``surrogateescape`` error handler decodes it.
_ESCAPED_BYTE = re.compile("[\udc80-\udcff]")


def read_csv(
    raw: bytes, shown: str, diagnostics: list[Diagnostic], encoding: str | None = None
) -> tuple[Iterator[Row] | None, SourceMap]:
    """Read the records of a CSV file one by one, with the line and column of every cell.

    Args:
        raw: The bytes of the file.
        shown: The file as it is named in messages.
        diagnostics: Where problems are added: a guessed legacy encoding (a warning), a file the
            csv module cannot read, a file with too many rows, a file that is not in the
            encoding the workshop gives (errors), and, while the rows are read, bytes that are
            not UTF-8 in a UTF-8 file (an error per cell).
        encoding: The encoding the workshop file gives (``encoding:``), if any; Python must
            know it (the caller checks).

    Returns:
        The rows, read as they are asked for (None when the file cannot be read or has too many
        rows), and the file's source map, whose lines are the physical lines as the csv module
        counts them; they are added to it as they are read.
    """
    source = SourceMap(shown, [])
    text = _decode(raw, shown, diagnostics, encoding)
    if text is None:
        return None, source
    delimiter = _delimiter(text)
    if not _count_rows(text, delimiter, shown, diagnostics):
        broken = diagnostics[-1]
        if broken.code == codes.PARTICIPANTS_FORMAT and broken.location.line:
            # NOTE: the lines up to a record the csv module cannot read, to show it.
            lines = io.StringIO(text, newline="")
            source.lines.extend(
                _ESCAPED_BYTE.sub("\ufffd", line.rstrip("\r\n"))
                for line in itertools.islice(lines, broken.location.line)
            )
        return None, source
    escaped = _ESCAPED_BYTE.search(text) is not None
    return _records(text, delimiter, source, shown, diagnostics, escaped), source


def csv_rows(
    raw: bytes, shown: str, diagnostics: list[Diagnostic]
) -> tuple[list[Row] | None, SourceMap]:
    """Like :func:`read_csv`, with all the rows read into a list (for a small file)."""
    rows, source = read_csv(raw, shown, diagnostics)
    return (None if rows is None else list(rows)), source


def bad_bytes(row: Row, shown: str, diagnostics: list[Diagnostic]) -> Row:
    """``row`` with each byte that is not UTF-8 reported (one error per cell) and shown as U+FFFD.

    See :func:`~.encoding.decode_guessed`: in a UTF-8 file, such a byte is a lone surrogate in
    the text.
    """
    cells = list(row.cells)
    for index, cell in enumerate(cells):
        found = _ESCAPED_BYTE.findall(cell)
        if not found:
            continue
        shown_bytes = ", ".join(dict.fromkeys(f"0x{ord(char) - 0xDC00:02X}" for char in found))
        diagnostics.append(
            Diagnostic(
                codes.INVALID_BYTES,
                f"row {row.line}, cell {index + 1}: the byte(s) {shown_bytes} are not UTF-8, "
                "though the rest of the file is",
                Location(shown, row.line_of(index), row.column_of(index)),
                hint="retype the text of this cell, or save the file again as CSV UTF-8",
            )
        )
        cells[index] = _ESCAPED_BYTE.sub("\ufffd", cell)
    row.cells = cells
    return row


def _records(
    text: str,
    delimiter: str,
    source: SourceMap,
    shown: str,
    diagnostics: list[Diagnostic],
    escaped: bool,
) -> Iterator[Row]:
    """The rows of ``text``, read one by one; each line read is added to ``source``."""
    feed = _Lines(iter(io.StringIO(text, newline="")), source.lines, clean=escaped)
    reader = csv.reader(feed, delimiter=delimiter)
    try:
        for cells in reader:
            first, taken = feed.take()
            row = _row(first, taken, cells, delimiter)
            yield bad_bytes(row, shown, diagnostics) if escaped else row
    except csv.Error as error:  # pragma: no cover - the count read the same text without one
        diagnostics.append(_csv_error(error, shown, reader.line_num))


def _count_rows(text: str, delimiter: str, shown: str, diagnostics: list[Diagnostic]) -> bool:
    """Read the records once without keeping them: True when the file may be read.

    Adds an error for a file with too many rows, at the line where the limit is passed, and for
    a file the csv module cannot read.
    """
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    counter = RowCounter()
    line = 1
    try:
        for cells in reader:
            if counter.passed(any(map(str.strip, cells))):
                diagnostics.append(too_many_rows(shown, line, counter))
                return False
            line = reader.line_num + 1
    except csv.Error as error:
        diagnostics.append(_csv_error(error, shown, reader.line_num))
        return False
    return True


def _csv_error(error: csv.Error, shown: str, line: int) -> Diagnostic:
    return Diagnostic(
        codes.PARTICIPANTS_FORMAT,
        f"the CSV cannot be read: {error}",
        Location(shown, line, 1),
        hint="a quoted cell may be missing its closing quote",
    )


def _decode(
    raw: bytes, shown: str, diagnostics: list[Diagnostic], encoding: str | None
) -> str | None:
    """The text of the file, with a warning when its encoding was guessed and was not UTF-8.

    In the encoding the workshop file gives, a byte that the encoding has no character for is
    an error, and the file is not read (None).
    """
    if encoding is not None and codecs.lookup(encoding).name not in ("utf-8", "utf-8-sig"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError as error:
            diagnostics.append(_not_in_encoding(raw, error, encoding, shown))
            return None
    text, ranking = decode_guessed(raw)
    if ranking and encoding is None:
        chosen, *others = ranking
        diagnostics.append(
            Diagnostic(
                codes.LEGACY_ENCODING,
                f"the file is not UTF-8; it was read as {chosen} ({DESCRIPTIONS[chosen]} "
                "Windows encoding), whose letters fit its text best",
                Location(shown),
                severity=Severity.WARNING,
                hint="check the names in the documents; if they are wrong, give the encoding "
                f"under `participants:` in the workshop file (`encoding: {others[0]}` or "
                f"`encoding: {others[1]}`), or save the file again as CSV UTF-8",
            )
        )
    elif ranking:
        # NOTE: `encoding: utf-8` and the file is not: each bad byte is reported by row (D410).
        text = raw.decode("utf-8-sig", errors="surrogateescape")
    return text


def _not_in_encoding(
    raw: bytes, error: UnicodeDecodeError, encoding: str, shown: str
) -> Diagnostic:
    """The error for a byte that the encoding the workshop gives has no character for."""
    line = raw.count(b"\n", 0, error.start) + 1
    column = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
    return Diagnostic(
        codes.PARTICIPANTS_FORMAT,
        f"the file is not {encoding}: the byte 0x{raw[error.start]:02X} on line {line} is not a "
        f"character in {encoding}",
        Location(shown, line, column),
        hint="correct `encoding:` under `participants:` in the workshop file, or leave it out "
        "to have the encoding guessed",
    )


def _delimiter(text: str) -> str:
    """The delimiter that reads the first record with text best.

    Each candidate reads the record with the csv module. A reading in which a quote stands inside
    an unquoted cell (``Name;"Function, title"`` read with commas) is a misreading and loses to one
    without; then the most cells win, and on a tie (a one-column file) the comma.
    """
    return max(_DELIMITERS, key=lambda delimiter: _reading(_from_first_text(text), delimiter))


def _from_first_text(text: str) -> Iterator[str]:
    """The physical lines of ``text`` from the first that holds more than spaces.

    Only the first :data:`_HEAD_CHARACTERS` characters from there are looked at: a heading row
    is never longer, and the rest of a large file is not copied three times.
    """
    first = _FIRST_TEXT.search(text)
    end = first.start() if first else len(text)
    start = max(text.rfind("\n", 0, end), text.rfind("\r", 0, end)) + 1
    lines = io.StringIO(text[start : start + _HEAD_CHARACTERS], newline="")
    return itertools.dropwhile(lambda line: not line.strip(), lines)


def _reading(lines: Iterator[str], delimiter: str) -> tuple[bool, int]:
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
    """The physical lines of a file, handed to ``csv.reader`` one by one, with a count.

    Only the lines of the record being read are held; every line handed out is also added to
    ``keep`` (without its line break, and with each byte that is not UTF-8 shown as U+FFFD when
    ``clean``), which is the file's source map.
    """

    def __init__(
        self, lines: Iterator[str], keep: list[str] | None = None, *, clean: bool = False
    ) -> None:
        self._lines = lines
        self._keep = keep
        self._clean = clean
        #: The lines of the record being read.
        self._record: list[str] = []
        #: How many lines were handed out.
        self._count = 0
        #: The index of the first line of the record being read.
        self._first = 0

    def __iter__(self) -> Iterator[str]:
        return self

    def __next__(self) -> str:
        line = next(self._lines)
        self._record.append(line)
        self._count += 1
        if self._keep is not None:
            kept = line.rstrip("\r\n")
            self._keep.append(_ESCAPED_BYTE.sub("\ufffd", kept) if self._clean else kept)
        return line

    def take(self) -> tuple[int, list[str]]:
        """The 1-based number of the first line, and the lines, of the record just read."""
        first, lines = self._first + 1, self._record
        self._first, self._record = self._count, []
        return first, lines


def _row(first: int, lines: list[str], cells: list[str], delimiter: str) -> Row:
    """The row of one record that starts on line ``first`` and took ``lines``."""
    if len(lines) == 1:
        # NOTE: the common case, a record on one line: every cell starts on it.
        starts = [offset + 1 for offset in _cell_starts(lines[0], cells, delimiter)]
        return Row(first, cells, starts, cell_lines=(first,) * len(starts))
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
    if not cells:
        return []
    if '"' not in text:
        # NOTE: without a quote, the csv module splits the record at every delimiter: each cell
        # starts one past the end of the one before (the common case, and a quick one).
        return list(itertools.accumulate((len(cell) + 1 for cell in cells[:-1]), initial=0))
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
