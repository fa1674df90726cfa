"""Read the rows of an Excel workbook (.xlsx, .xlsm) one at a time, with merged cells filled in.

The workbook is opened in openpyxl's read-only mode, which reads a worksheet's XML as its rows are
asked for, so that a sheet of half a million rows costs neither minutes nor gigabytes. Before
that, the sheet's XML is read once, without building anything (:class:`_SheetScan`): it counts
the rows (a sheet with more than :data:`~facilitation.reading.participants.rows.MAX_ROWS` rows
with text is refused there, before openpyxl reads the workbook's shared strings, which for such a
file alone take half a minute) and collects the merged ranges, which read-only mode does not read.

openpyxl is imported only here, when an Excel file is read, so that checking a workshop whose
participants are in a CSV file (or in the workshop file) does not load it.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from collections.abc import Iterator
from typing import Any
from xml.etree import ElementTree
from xml.parsers import expat

from facilitation import codes
from facilitation.errors import Diagnostic, Location
from facilitation.reading.participants.rows import Row, RowCounter, too_many_rows
from facilitation.source_map import SourceMap

#: A merged range fills cells up to this column at most (Excel has 16,384 columns).
MAX_COLUMNS = 256
#: What openpyxl and the XML parser raise for a workbook that is not what it says.
_BROKEN = (
    zipfile.BadZipFile,
    zlib.error,
    ElementTree.ParseError,
    EOFError,
    OSError,
    KeyError,
    ValueError,
    TypeError,
    IndexError,
    AttributeError,
)

#: A merged range: its first row, first column, last row and last column (1-based).
Range = tuple[int, int, int, int]


def xlsx_rows(
    raw: bytes, shown: str, sheet: str | None, diagnostics: list[Diagnostic], reference: Location
) -> tuple[Iterator[Row] | None, SourceMap]:
    """Read the rows of a worksheet: the one named ``sheet``, else the first.

    A cell covered by a merged range reads as the range's first cell (a country merged over
    several rows), and is marked as merged for the heading check.

    Args:
        raw: The bytes of the file.
        shown: The file as it is named in messages.
        sheet: The worksheet the workshop file names, if any.
        diagnostics: Where problems are added: a file openpyxl cannot read, a missing sheet, a
            sheet with too many rows.
        reference: Where the workshop file names the participant file.

    Returns:
        The rows, read as they are asked for (None when the file cannot be read or has too many
        rows), and an empty source map for the file.
    """
    source = SourceMap(shown, [])
    try:
        import openpyxl
        from openpyxl.reader.excel import ExcelReader
        from openpyxl.utils.exceptions import InvalidFileException
    except ImportError:  # pragma: no cover - openpyxl is a dependency
        diagnostics.append(
            Diagnostic(codes.PARTICIPANTS_FORMAT, "openpyxl is not installed", reference)
        )
        return None, source
    book: Any = None
    try:
        chosen = _scan_sheet(ExcelReader, raw, shown, sheet, diagnostics, reference)
        if chosen is None:
            return None, source
        name, scan = chosen
        if scan.passed is not None:
            diagnostics.append(scan.passed)
            return None, source
        book = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
        worksheet = book[name]
        # NOTE: read-only mode trusts the size the sheet states, which some programs write
        # wrong (or not at all); read every row there is instead.
        worksheet.reset_dimensions()
        ranges = scan.ranges()
    except (InvalidFileException, *_BROKEN) as error:
        if book is not None:
            book.close()
        diagnostics.append(_broken(shown, error))
        return None, source
    return _sheet_rows(book, worksheet, ranges, shown, diagnostics), source


def _scan_sheet(
    reader: Any,
    raw: bytes,
    shown: str,
    sheet: str | None,
    diagnostics: list[Diagnostic],
    reference: Location,
) -> tuple[str, _SheetScan] | None:
    """Find the worksheet to read and count its rows and merged ranges, before openpyxl loads it.

    ``reader`` is openpyxl's ``ExcelReader`` (imported by the caller, which keeps openpyxl off
    the path of files that are not Excel). ``None`` when the sheet is not there (said in
    ``diagnostics``).
    """
    package = reader(io.BytesIO(raw), read_only=True, data_only=True)
    try:
        package.read_manifest()
        package.read_workbook()
        found = [
            (entry.name, relation.target, "chartsheet" not in relation.Type)
            for entry, relation in package.parser.find_sheets()
            if relation.target in package.valid_files
        ]
        name, part = _choose_sheet(found, sheet, diagnostics, reference)
        if part is None:
            return None
        with package.archive.open(part) as stream:
            return name, _SheetScan.read(stream, shown)
    finally:
        package.archive.close()


def _choose_sheet(
    found: list[tuple[str, str, bool]],
    sheet: str | None,
    diagnostics: list[Diagnostic],
    reference: Location,
) -> tuple[str, str | None]:
    """The name and the part of the worksheet to read; no part (with an error) when there is none.

    ``found`` holds every sheet's name, part and whether it is a worksheet (not a chart).
    """
    names = [name for name, _, _ in found]
    for name, part, is_worksheet in found:
        if (name == sheet or sheet is None) and is_worksheet:
            return name, part
    if sheet is None:
        message = "the Excel file has no worksheet"
    elif sheet in names:
        message = f"the sheet `{sheet}` of the Excel file is a chart, not a table"
    else:
        message = f"the Excel file has no sheet `{sheet}`"
    diagnostics.append(
        Diagnostic(
            codes.PARTICIPANTS_FORMAT,
            message,
            reference,
            hint="sheets: " + ", ".join(names) if names else None,
        )
    )
    return "", None


def _broken(shown: str, error: BaseException) -> Diagnostic:
    return Diagnostic(
        codes.PARTICIPANTS_FORMAT,
        f"the Excel file cannot be read ({type(error).__name__})",
        Location(shown),
        hint="open it in Excel and save it again as .xlsx, or export CSV (UTF-8)",
    )


class _Stop(Exception):
    """Raised inside the XML parser to stop reading a sheet that has too many rows."""


class _SheetScan:
    """One pass over a worksheet's XML: its rows counted, its merged ranges kept.

    The XML is read by expat with a handler for the start of each element only, and nothing is
    built. A row counts as one with text when a cell of it has a value (``<v>``) or an inline
    text (``<is>``), whatever it holds; a row is counted when the next one starts, and the last
    one at the end.
    """

    def __init__(self, shown: str) -> None:
        self.shown = shown
        self.counter = RowCounter()
        #: The number of the row being read (1-based; 0 before the first).
        self.row = 0
        self.row_has_text = False
        self.refs: list[str] = []
        #: The error for a sheet with too many rows, when the scan stopped at one.
        self.passed: Diagnostic | None = None

    @classmethod
    def read(cls, stream: Any, shown: str) -> _SheetScan:
        """Scan the worksheet XML in ``stream``, in pieces of a megabyte."""
        scan = cls(shown)
        parser = expat.ParserCreate()
        parser.StartElementHandler = scan.start
        try:
            while chunk := stream.read(1 << 20):
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
            scan.count_row()
        except _Stop:
            pass
        except expat.ExpatError as error:
            raise ElementTree.ParseError(str(error)) from None
        return scan

    def start(self, tag: str, attributes: dict[str, str]) -> None:
        name = tag.rpartition(":")[2] if ":" in tag else tag
        if name == "row":
            self.count_row()
            number = attributes.get("r", "")
            self.row = int(number) if number.isdigit() else self.row + 1
            self.row_has_text = False
        elif name in ("v", "is"):
            self.row_has_text = True
        elif name == "mergeCell":
            self.refs.append(attributes.get("ref", ""))

    def count_row(self) -> None:
        """Count the row just read; stop the scan when it is one too many."""
        if self.row and self.counter.passed(self.row_has_text):
            self.passed = too_many_rows(self.shown, self.row, self.counter)
            raise _Stop

    def ranges(self) -> list[Range]:
        """The merged ranges found, as first row, first column, last row, last column."""
        from openpyxl.utils.cell import range_boundaries

        ranges: list[Range] = []
        for ref in self.refs:
            min_col, min_row, max_col, max_row = range_boundaries(ref)
            if min_col and min_row and max_col and max_row:
                ranges.append((min_row, min_col, max_row, max_col))
        return sorted(ranges)


def _sheet_rows(
    book: Any, worksheet: Any, ranges: list[Range], shown: str, diagnostics: list[Diagnostic]
) -> Iterator[Row]:
    """The rows of a worksheet as text, merged cells filled in from their range's first cell.

    Cells covered by a merged range read as empty in openpyxl; the first cell of each range
    keeps its own value, which is remembered when its row is read and given to the others.
    """
    waiting = iter(ranges)
    upcoming = next(waiting, None)
    active: list[Range] = []
    firsts: dict[Range, object] = {}
    try:
        rows = worksheet.iter_rows(min_row=1, values_only=True)
        for number, values in enumerate(rows, start=1):
            while upcoming is not None and upcoming[0] <= number:
                active.append(upcoming)
                upcoming = next(waiting, None)
            active = [span for span in active if span[2] >= number]
            texts = [_cell_text(value) for value in values]
            merged: set[int] = set()
            for span in active:
                first_row, first_column, _, last_column = span
                if first_row == number:
                    firsts[span] = values[first_column - 1] if first_column <= len(values) else None
                for column in range(first_column, min(last_column, MAX_COLUMNS) + 1):
                    if (number, column) == (first_row, first_column):
                        continue
                    while len(texts) < column:
                        texts.append("")
                    texts[column - 1] = _cell_text(firsts.get(span))
                    merged.add(column - 1)
            yield Row(number, texts, list(range(1, len(texts) + 1)), frozenset(merged))
    except _BROKEN as error:
        diagnostics.append(_broken(shown, error))
    finally:
        book.close()


def _cell_text(value: object) -> str:
    """A cell's value as text: whole numbers without ``.0``, dates without midnight."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, bool):
        return "yes" if value else "no"
    text = str(value)
    return text[:-9] if text.endswith(" 00:00:00") else text
