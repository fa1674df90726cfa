"""Action items as a spreadsheet (CSV or Excel), for teams who track them there."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Sequence
from pathlib import Path

from facilitation.catalogue.labels import load_labels
from facilitation.checking.analyse import Report, analyse_paths
from facilitation.errors import UserError, display_path
from facilitation.fileio import atomic_write

#: Cells that a spreadsheet would run as a formula start with one of these.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def list_action_rows(report: Report, as_of: dt.date) -> tuple[list[str], list[list[str]]]:
    """The headings and one row per action of every workshop, sorted by due date."""
    rows: list[tuple[tuple[bool, dt.date], list[str]]] = []
    language = "en"
    for analysis in report.analyses:
        workshop = analysis.workshop
        outcomes = workshop.all_outcomes() if workshop else None
        if workshop is None or outcomes is None:
            continue
        language = workshop.programme_language
        country = (
            workshop.programme.country_name(workshop.national_country)
            if workshop.national_country
            else ""
        )
        for action in outcomes.actions:
            overdue = action.is_overdue(as_of)
            row = [
                workshop.info.title,
                country,
                action.what,
                workshop.programme.owner_name(action.owner),
                action.due.isoformat() if action.due else "",
                action.status,
                "yes" if overdue else "",
            ]
            rows.append(((action.due is None, action.due or dt.date.max), row))
    words = load_labels(language)["actions_export"]
    headings = [
        words[key] for key in ("workshop", "country", "action", "owner", "due", "status", "overdue")
    ]
    return headings, [row for _, row in sorted(rows, key=lambda pair: pair[0])]


def _safe(cell: str) -> str:
    # NOTE: a leading apostrophe keeps "=HYPERLINK(...)" and the like as text (CSV injection).
    return "'" + cell if cell.startswith(_FORMULA_START) else cell


def export_actions(paths: Sequence[Path], target: Path, as_of: dt.date) -> tuple[Report, int]:
    """Write every action of the workshops ``paths`` name to ``target`` (.csv or .xlsx)."""
    suffix = target.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise UserError(f"{display_path(target)}: choose a .csv or .xlsx file name")
    report = analyse_paths(paths)
    if report.errors:
        return report, 0
    headings, rows = list_action_rows(report, as_of)
    if not rows:
        raise UserError(
            "none of these workshops has action items recorded",
            hint="record them with `facilitation record FILE action --what ... --owner ...`",
        )
    if suffix == ".csv":
        buffer = io.StringIO(newline="")
        writer = csv.writer(buffer)
        writer.writerow(headings)
        writer.writerows([[_safe(cell) for cell in row] for row in rows])
        data = ("\ufeff" + buffer.getvalue()).encode("utf-8")
    else:
        data = _xlsx(headings, rows)
    atomic_write(target, data, keep_mode=False)
    return report, len(rows)


def _xlsx(headings: list[str], rows: list[list[str]]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = "Actions"
    sheet.append(headings)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([None] * len(row))
        for column, value in enumerate(row, start=1):
            cell = sheet.cell(row=sheet.max_row, column=column)
            # NOTE: set as text explicitly, so a value starting with "=" is never a formula.
            cell.value = value
            cell.data_type = "s"
    for letter, width in zip("ABCDEFG", (34, 20, 60, 30, 12, 12, 10), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
