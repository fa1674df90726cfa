"""From the rows of a participant file to validated participants, with located problems.

Each row under the heading row becomes one participant. A value is cleaned (line breaks become
spaces, invisible characters are removed with a warning), yes and no, gender, role and language
words in the supported languages are understood (:mod:`.values`), and the row is validated like
a participant written in the workshop file. Problems
with e-mail addresses or phone numbers never repeat the value.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from facilitation import codes
from facilitation.errors import Diagnostic, Location, Severity, YamlPath
from facilitation.model.fields import find_bad_characters
from facilitation.model.workshop import Participant, ParticipantFile
from facilitation.reading.participants.headings import HEADING_ROWS, Headings, read_headings
from facilitation.reading.participants.rows import Row, RowCounter, too_many_rows
from facilitation.reading.participants.values import field_value, has_words
from facilitation.reading.validation import PRIVATE_FIELDS, diagnostics_from_validation
from facilitation.source_map import Position, SourceMap

#: Characters a spreadsheet puts in a cell for a line break; they become a space.
_LINE_BREAKS = "\x0b\r\n\u2028\u2029"
_LINE_BREAK_RUNS = re.compile(f"[{_LINE_BREAKS}]+")


@dataclass
class ParticipantTable:
    """Participants read from a file, where each came from, and what was wrong."""

    participants: list[Participant] = field(default_factory=list)
    #: For each participant: the file and the path of its row in that file's source map.
    origins: list[tuple[str, YamlPath]] = field(default_factory=list)
    source: SourceMap | None = None
    diagnostics: list[Diagnostic] = field(default_factory=list)


def inline_participants(
    items: Sequence[Participant], file: str, prefix: YamlPath = ("participants",)
) -> ParticipantTable:
    """Participants written in the workshop file itself.

    Args:
        items: The participants as the workshop file lists them.
        file: The workshop file, as it is named in messages.
        prefix: The path of the list in the workshop file.

    Returns:
        A table whose origins point at the list items in the workshop file.
    """
    return ParticipantTable(
        participants=list(items),
        origins=[(file, (*prefix, index)) for index in range(len(items))],
    )


def read_rows(
    rows: Iterable[Row],
    spec: ParticipantFile,
    shown: str,
    source: SourceMap,
    table: ParticipantTable,
) -> None:
    """Find the headings among ``rows`` and add a participant to ``table`` for each row below.

    The rows are read one at a time and not kept. After :data:`~.rows.MAX_ROWS` rows with text
    the rest is not read: the file is refused with an error at the row that passed the limit,
    and the participants read so far are dropped.

    Args:
        rows: The rows of the file, in order.
        spec: The participant file as the workshop names it, with its explicit map from heading
            to field (may be empty).
        shown: The file as it is named in messages.
        source: The file's source map; it receives the position of every row and value read.
        table: The table to fill with participants, their origins and the problems found.
    """
    rows = iter(rows)
    head = _head(rows)
    headings = read_headings(head, spec, shown, table.diagnostics)
    if headings is None:
        return
    reader = _RowReader(table, source, shown, headings)
    # NOTE: the readers counted every row of the file already, empty ones too; merged cells
    # (Excel) may give text to a row that had none, so the rows with text are counted again.
    counter = RowCounter()
    for row in head[: headings.index + 1]:
        if row.has_text:
            counter.passed(True)
    for row in itertools.chain(head[headings.index + 1 :], rows):
        if not row.has_text:
            continue
        if counter.passed(True):
            table.diagnostics.append(too_many_rows(shown, row.line, counter))
            table.participants.clear()
            table.origins.clear()
            return
        reader.read(row)
    if reader.count == 0:
        table.diagnostics.append(
            Diagnostic(
                codes.NO_PARTICIPANTS,
                "the participant file has headings but no participants",
                Location(shown, headings.row.line, 1),
                severity=Severity.WARNING,
            )
        )


def _head(rows: Iterator[Row]) -> list[Row]:
    """The first rows of a file, up to the last of those where headings are looked for."""
    head: list[Row] = []
    with_text = 0
    for row in rows:
        head.append(row)
        with_text += row.has_text
        if with_text == HEADING_ROWS:
            break
    return head


@dataclass
class _RowReader:
    """Reads the rows under the headings one by one into a table."""

    table: ParticipantTable
    source: SourceMap
    shown: str
    headings: Headings
    #: The rows read so far (valid or not); row ``count`` is at ``(count,)`` in the source map.
    count: int = 0
    #: The line of the first row with each e-mail address (folded).
    emails: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        #: The columns read, in order: the cell index, its field, and whether the field takes
        #: words that :func:`~.values.field_value` turns into its values.
        self._columns = [
            (index, name, has_words(name)) for index, name in sorted(self.headings.fields.items())
        ]
        self._cells = _CellPositions([name for _, name, _ in self._columns])
        self.source.more = self._cells

    def read(self, row: Row) -> None:
        """Validate ``row`` and add its participant to the table, or say what is wrong."""
        record = self._record(row)
        self.source.values[(self.count,)] = Position(row.line, 1, 1)
        try:
            participant = Participant.model_validate(record)
        except ValidationError as error:
            self.table.diagnostics.extend(
                _row_diagnostic(diagnostic, row.line)
                for diagnostic in diagnostics_from_validation(
                    error, Participant, record, self.source, (self.count,)
                )
            )
        else:
            self._check_email(participant, row)
            self.table.participants.append(participant)
            self.table.origins.append((self.shown, (self.count,)))
        self.count += 1

    def _record(self, row: Row) -> dict[str, Any]:
        """The row's values by field, cleaned; every value's position goes to the source map."""
        record: dict[str, Any] = {}
        cells, (lines, columns) = row.cells, row.starts()
        # NOTE: line breaks and invisible characters are not printable (str.isprintable); in a
        # row whose text is all printable (nearly every row) the values need only be stripped.
        plain = "".join(cells).isprintable()
        places: list[int] = []
        for index, name, words in self._columns:
            if index >= len(cells):
                break
            cell = cells[index]
            value = cell.strip() if plain else self._clean_cell(cell, name, index, row)
            places += (lines[index], columns[index], len(cell) or 1)
            if value == "":
                continue
            if words:
                value = field_value(name, value)
            # NOTE: two heading columns may map to one field (e.g. Phone and Mobile): first wins.
            record.setdefault(name, value)
        self._cells.add(places)
        return record

    def _clean_cell(self, cell: str, name: str, index: int, row: Row) -> str:
        """The cell's text with line breaks as spaces and invisible characters removed."""
        value = _LINE_BREAK_RUNS.sub(" ", cell)
        found = find_bad_characters(value)
        if not found:
            return value.strip()
        offsets = {offset for offset, _ in found}
        value = "".join(char for offset, char in enumerate(value) if offset not in offsets)
        shown_chars = ", ".join(sorted({char for _, char in found}))
        heading = self.headings.heading(index, name)
        what = "the e-mail or phone value" if name in PRIVATE_FIELDS else f"`{heading}`"
        self.table.diagnostics.append(
            Diagnostic(
                codes.CONTROL_CHARACTERS,
                f"removed the invisible character(s) {shown_chars} from {what} in row {row.line}",
                Location(self.shown, row.line_of(index), row.column_of(index)),
                severity=Severity.WARNING,
            )
        )
        return value.strip()

    def _check_email(self, participant: Participant, row: Row) -> None:
        """Warn when the participant's e-mail address was on an earlier row too."""
        email = (participant.email or "").strip().lower()
        if not email:
            return
        if email in self.emails:
            self.table.diagnostics.append(
                Diagnostic(
                    codes.DUPLICATE_EMAIL,
                    f"row {row.line} has the same e-mail address as row {self.emails[email]}",
                    self.source.locate((self.count, "email")),
                    severity=Severity.WARNING,
                    hint="is this person registered twice?",
                )
            )
        else:
            self.emails[email] = row.line


class _CellPositions:
    """Where each value read from the rows of a file is, for the file's source map to find.

    A file of 20,000 rows has 180,000 values or more, and a message points at a few of them:
    rather than a path and a :class:`~facilitation.source_map.Position` for each, the numbers
    of a row are kept in one tuple, and a position is made when one is asked for. A value is at
    ``(row, field)``, where ``row`` counts the rows read.
    """

    def __init__(self, fields: list[str]) -> None:
        #: The field of each column read, in the order of the columns.
        self._fields = fields
        #: For each row: the line, the column and the span of each of its values in turn.
        self._rows: list[tuple[int, ...]] = []

    def add(self, places: list[int]) -> None:
        """Keep the line, column and span of each value of the next row (a short row has fewer)."""
        self._rows.append(tuple(places))

    def __call__(self, path: YamlPath) -> Position | None:
        """The position of the value at ``path``, or None when no value was read there."""
        if len(path) != 2 or not isinstance(path[0], int) or not 0 <= path[0] < len(self._rows):
            return None
        places = self._rows[path[0]]
        # NOTE: two columns may hold one field (Phone and Mobile): the first one's value is
        # read, and the last one's place in the row is the field's.
        for slot in reversed(range(len(places) // 3)):
            if self._fields[slot] == path[1]:
                line, column, span = places[3 * slot : 3 * slot + 3]
                return Position(line, column, span)
        return None


def _row_diagnostic(diagnostic: Diagnostic, line: int) -> Diagnostic:
    """A validation problem worded for a row of a file instead of a participant."""
    message = diagnostic.message.replace(" in participant ", " in row ")
    if message == diagnostic.message:
        message = f"{message} (row {line})"
    return Diagnostic(
        diagnostic.code, message, diagnostic.location, diagnostic.severity, diagnostic.hint
    )
