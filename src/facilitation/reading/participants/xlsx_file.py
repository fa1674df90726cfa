"""Read the rows of an Excel workbook (.xlsx, .xlsm), with merged cells filled in.

openpyxl is imported only here, when an Excel file is read, so that checking a workshop whose
participants are in a CSV file (or in the workshop file) does not load it.
"""

from __future__ import annotations

import io
import zipfile
from typing import Any

from facilitation import codes
from facilitation.errors import Diagnostic, Location
from facilitation.reading.participants.rows import Row
from facilitation.yaml_source import SourceMap


def xlsx_rows(
    raw: bytes, shown: str, sheet: str | None, diagnostics: list[Diagnostic], reference: Location
) -> tuple[list[Row] | None, SourceMap]:
    """Read the rows of a worksheet: the one named ``sheet``, else the first.

    A cell covered by a merged range reads as the range's first cell (a country merged over
    several rows), and is marked as merged for the heading check.

    Args:
        raw: The bytes of the file.
        shown: The file as it is named in messages.
        sheet: The worksheet the workshop file names, if any.
        diagnostics: Where problems are added: a file openpyxl cannot read, a missing sheet.
        reference: Where the workshop file names the participant file.

    Returns:
        The rows (None when the file cannot be read) and an empty source map for the file.
    """
    source = SourceMap(shown, [])
    book = _open_workbook(raw, shown, diagnostics, reference)
    if book is None:
        return None, source
    if sheet is not None and sheet not in book.sheetnames:
        diagnostics.append(
            Diagnostic(
                codes.PARTICIPANTS_FORMAT,
                f"the Excel file has no sheet `{sheet}`",
                reference,
                hint="sheets: " + ", ".join(book.sheetnames),
            )
        )
        return None, source
    worksheet = book[sheet] if sheet else book.worksheets[0]
    return _sheet_rows(worksheet), source


def _open_workbook(
    raw: bytes, shown: str, diagnostics: list[Diagnostic], reference: Location
) -> Any | None:
    """The workbook in ``raw``, or None (with an error) when openpyxl cannot read it."""
    try:
        import openpyxl
        from openpyxl.utils.exceptions import InvalidFileException
    except ImportError:  # pragma: no cover - openpyxl is a dependency
        diagnostics.append(
            Diagnostic(codes.PARTICIPANTS_FORMAT, "openpyxl is not installed", reference)
        )
        return None
    try:
        return openpyxl.load_workbook(io.BytesIO(raw), read_only=False, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, OSError, KeyError, ValueError) as error:
        diagnostics.append(
            Diagnostic(
                codes.PARTICIPANTS_FORMAT,
                f"the Excel file cannot be read ({type(error).__name__})",
                Location(shown),
                hint="open it in Excel and save it again as .xlsx, or export CSV (UTF-8)",
            )
        )
        return None


def _sheet_rows(worksheet: Any) -> list[Row]:
    """The rows of a worksheet as text, merged cells filled in from their range's first cell."""
    covered = _covered_cells(worksheet)
    rows: list[Row] = []
    for cells in worksheet.iter_rows():
        if not cells:
            continue
        number = cells[0].row
        texts: list[str] = []
        merged: set[int] = set()
        for index, cell in enumerate(cells):
            if (number, cell.column) in covered:
                merged.add(index)
                texts.append(_cell_text(covered[(number, cell.column)]))
            else:
                texts.append(_cell_text(cell.value))
        rows.append(Row(number, texts, [cell.column for cell in cells], frozenset(merged)))
    return rows


def _covered_cells(worksheet: Any) -> dict[tuple[int, int], object]:
    """The value of each (row, column) hidden under a merged range: the range's first value.

    Cells covered by a merged range read as empty in openpyxl; the first cell of each range
    keeps its own value and is not in the result.
    """
    covered: dict[tuple[int, int], object] = {}
    for merged in worksheet.merged_cells.ranges:
        first = worksheet.cell(merged.min_row, merged.min_col).value
        for row in range(merged.min_row, merged.max_row + 1):
            for column in range(merged.min_col, merged.max_col + 1):
                if (row, column) != (merged.min_row, merged.min_col):
                    covered[(row, column)] = first
    return covered


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
