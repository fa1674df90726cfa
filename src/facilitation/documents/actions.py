"""Action items as a spreadsheet (CSV or Excel), for teams who track them there."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Sequence
from pathlib import Path

from facilitation.catalogue.labels import load_labels
from facilitation.checking.analyse import Report, analyse_paths
from facilitation.documents.views.outcomes import describe_owner
from facilitation.documents.views.synthesis import find_synthesis_date
from facilitation.errors import UserError, display_path
from facilitation.fileio import atomic_write

#: Cells that a spreadsheet would run as a formula start with one of these.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def list_action_rows(
    report: Report, as_of: dt.date | None = None
) -> tuple[list[str], list[list[str]]]:
    """The headings and one row per action of every workshop, sorted by due date.

    Overdue is judged as of ``as_of``; when ``None``, as of the date the synthesis of the same
    workshops would give (:func:`~facilitation.documents.views.synthesis.find_synthesis_date`),
    never the day of the export. The heading of the column says which date it is.
    """
    pairs = [
        (analysis.workshop, analysis.schedule)
        for analysis in report.analyses
        if analysis.workshop is not None
        and analysis.schedule is not None
        and analysis.workshop.all_outcomes() is not None
    ]
    if not pairs:
        return [], []
    language = pairs[-1][0].programme_language
    labels = load_labels(language)
    day = find_synthesis_date([w for w, _ in pairs], [s for _, s in pairs], as_of)
    rows: list[tuple[tuple[bool, dt.date], list[str]]] = []
    for workshop, _ in pairs:
        outcomes = workshop.all_outcomes()
        assert outcomes is not None
        country = (
            workshop.programme.country_name(workshop.national_country)
            if workshop.national_country
            else labels["synthesis"]["region"]
        )
        for action in outcomes.actions:
            row = [
                workshop.info.title,
                country,
                action.what,
                describe_owner(workshop.programme, action.owner, labels),
                action.due.isoformat() if action.due else "",
                action.status,
                "yes" if action.is_overdue(day) else "",
            ]
            rows.append(((action.due is None, action.due or dt.date.max), row))
    words = labels["actions_export"]
    headings = [words[key] for key in ("workshop", "country", "action", "owner", "due", "status")]
    headings.append(str(words["overdue_as_of"]).format(date=day.isoformat()))
    return headings, [row for _, row in sorted(rows, key=lambda pair: pair[0])]


def _safe(cell: str) -> str:
    # NOTE: a leading apostrophe keeps "=HYPERLINK(...)" and the like as text (CSV injection).
    return "'" + cell if cell.startswith(_FORMULA_START) else cell


def export_actions(
    paths: Sequence[Path], target: Path, as_of: dt.date | None = None
) -> tuple[Report, int]:
    """Write every action of the workshops ``paths`` name to ``target`` (.csv or .xlsx).

    Overdue is judged as of ``as_of`` (see :func:`list_action_rows` when it is ``None``).
    """
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
