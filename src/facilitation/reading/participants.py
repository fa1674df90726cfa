"""Read participant lists from registration exports (CSV or Excel) into participants.

Registration tools export whatever headings their form had, in whatever language and encoding.
This module finds the heading row, matches headings to our fields (with synonyms in English,
Serbian, Bosnian, Croatian, Albanian and Macedonian, or an explicit column map), detects the
delimiter and the encoding, and validates row by row. Every problem names the row and the column;
problems with e-mail addresses or phone numbers never repeat the value.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from facilitation import codes
from facilitation.errors import Diagnostic, Location, Severity, YamlPath
from facilitation.model.fields import bad_characters
from facilitation.model.workshop import Participant, ParticipantFile
from facilitation.reading.validation import PRIVATE_FIELDS, diagnostics_from_validation
from facilitation.yaml_source import MAX_FILE_BYTES, Position, SourceMap

#: Heading words per field (compared after folding case, accents and punctuation).
HEADING_SYNONYMS: dict[str, tuple[str, ...]] = {
    "id": ("id", "no", "nr", "number", "participant id", "registration id", "rb", "redni broj"),
    "name": (
        "name",
        "full name",
        "participant",
        "participant name",
        "name and surname",
        "ime i prezime",
        "ime prezime",
        "име и презиме",
        "емри",
        "emri dhe mbiemri",
        "emri i plote",
        "emri mbiemri",
        "име и презиме на учесник",
    ),
    "first_name": (
        "first name",
        "firstname",
        "given name",
        "forename",
        "ime",
        "име",
        "emri",
    ),
    "last_name": (
        "last name",
        "lastname",
        "surname",
        "family name",
        "prezime",
        "презиме",
        "mbiemri",
    ),
    "function": (
        "function",
        "position",
        "title",
        "job title",
        "job",
        "funkcija",
        "pozicija",
        "radno mjesto",
        "radno mesto",
        "zvanje",
        "функција",
        "позиција",
        "работно место",
        "радно место",
        "pozita",
        "funksioni",
        "titulli",
    ),
    "institution": (
        "institution",
        "organisation",
        "organization",
        "agency",
        "employer",
        "affiliation",
        "institucija",
        "organizacija",
        "ustanova",
        "институција",
        "организација",
        "установа",
        "institucioni",
        "organizata",
    ),
    "country": (
        "country",
        "drzava",
        "država",
        "држава",
        "земја",
        "shteti",
        "vendi",
        "country of residence",
    ),
    "email": (
        "email",
        "e-mail",
        "e mail",
        "email address",
        "e-mail address",
        "mail",
        "e-posta",
        "e-pošta",
        "е-пошта",
        "е-маил",
        "електронска пошта",
        "emaili",
        "posta elektronike",
        "adresa e-poste",
        "imejl",
    ),
    "phone": (
        "phone",
        "telephone",
        "mobile",
        "tel",
        "phone number",
        "mobile phone",
        "telefon",
        "broj telefona",
        "mobitel",
        "mobilni",
        "телефон",
        "број телефона",
        "мобилен",
        "numri i telefonit",
        "celulari",
    ),
    "gender": ("gender", "sex", "pol", "spol", "пол", "gjinia", "род"),
    "language": ("language", "jezik", "језик", "јазик", "gjuha"),
    "role": ("role", "participant role", "uloga", "улога", "roli", "улога на учесник"),
    "photo_consent": (
        "photo consent",
        "photos",
        "photo",
        "photography consent",
        "consent to photos",
        "consent to photography",
        "foto",
        "fotografisanje",
        "fotografiranje",
        "фотографисање",
        "фотографирање",
        "pelqim per foto",
        "fotografi",
    ),
    "share_contact": (
        "share contact",
        "share contact details",
        "contact sharing",
        "consent to share contact",
        "share email",
        "dijeljenje kontakta",
        "deljenje kontakta",
        "споделување контакт",
        "ndarja e kontaktit",
    ),
}

_BOOLEAN_WORDS = {
    **dict.fromkeys(("da", "да", "po", "ja", "oui", "si", "x", "✓", "✔", "yes", "y"), "yes"),
    **dict.fromkeys(("ne", "не", "jo", "nein", "non", "no", "n", "-"), "no"),
}
_BOOLEAN_FIELDS = frozenset({"photo_consent", "share_contact"})
#: Characters a spreadsheet puts in a cell for a line break; they become a space.
_LINE_BREAKS = "\x0b\r\n\u2028\u2029"


def fold(text: str) -> str:
    """Fold a heading for matching: lowercase, no accents (Latin), single spaces."""
    text = unicodedata.normalize("NFKD", text.strip().lower())
    text = "".join(char for char in text if not unicodedata.combining(char))
    text = text.replace("đ", "d").replace("_", " ")
    text = re.sub(r"[\s:*.()/\\]+", " ", text).strip()
    return text


_HEADINGS: dict[str, str] = {
    fold(word): name for name, words in HEADING_SYNONYMS.items() for word in words
}
_FIELDS = frozenset(HEADING_SYNONYMS)


@dataclass
class ParticipantTable:
    """Participants read from a file, where each came from, and what was wrong."""

    participants: list[Participant] = field(default_factory=list)
    #: For each participant: the file and the path of its row in that file's source map.
    origins: list[tuple[str, YamlPath]] = field(default_factory=list)
    source: SourceMap | None = None
    diagnostics: list[Diagnostic] = field(default_factory=list)


def read_participant_file(
    spec: ParticipantFile, base_dir: Path, shown_base: str, reference: Location
) -> ParticipantTable:
    """Read the participant file that ``spec`` names, relative to ``base_dir``.

    ``shown_base`` is how ``base_dir`` is shown in messages; ``reference`` is where the workshop
    file names the participant file (for "file not found").
    """
    path = base_dir / spec.file
    shown = str(Path(shown_base) / spec.file) if shown_base else spec.file
    table = ParticipantTable()
    try:
        size = path.stat().st_size
        if path.is_dir():
            raise IsADirectoryError
        if size > 8 * MAX_FILE_BYTES:
            table.diagnostics.append(
                Diagnostic(
                    codes.FILE_TOO_LARGE,
                    f"the participant file `{spec.file}` is {size / 1048576:.1f} MB; "
                    f"up to {8 * MAX_FILE_BYTES // 1048576} MB is read",
                    reference,
                )
            )
            return table
        raw = path.read_bytes()
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
        table.diagnostics.append(
            Diagnostic(
                codes.PARTICIPANTS_NOT_FOUND,
                f"the participant file `{spec.file}` does not exist (looked in {shown})",
                reference,
                hint="give the path relative to the workshop file",
            )
        )
        return table
    except OSError as error:
        table.diagnostics.append(
            Diagnostic(
                codes.PARTICIPANTS_NOT_FOUND,
                f"the participant file `{spec.file}` cannot be read: {error.strerror or error}",
                reference,
            )
        )
        return table

    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        rows, source = _xlsx_rows(raw, shown, spec.sheet, table.diagnostics, reference)
    elif suffix in (".csv", ".txt", ".tsv"):
        rows, source = _csv_rows(raw, shown, table.diagnostics)
    else:
        table.diagnostics.append(
            Diagnostic(
                codes.PARTICIPANTS_FORMAT,
                f"`{spec.file}` is not a CSV or Excel (.xlsx) file",
                reference,
                hint="export the registration list as CSV (UTF-8) or .xlsx",
            )
        )
        return table
    table.source = source
    if rows is not None:
        _read_rows(rows, spec, shown, source, table)
    return table


@dataclass
class _Row:
    line: int
    cells: list[str]
    columns: list[int]
    #: Indexes of cells covered by a merged range (Excel).
    merged: frozenset[int] = frozenset()


def _read_rows(
    rows: list[_Row], spec: ParticipantFile, shown: str, source: SourceMap, table: ParticipantTable
) -> None:
    header_index = _find_header(rows, spec.columns)
    if header_index is None:
        first = rows[0] if rows else None
        table.diagnostics.append(
            Diagnostic(
                codes.PARTICIPANTS_HEADINGS,
                "no heading row with a name column was found"
                + (" (the file is empty)" if not rows else ""),
                Location(shown, first.line if first else 1, 1),
                hint="the first row should hold headings such as Name, Institution, E-mail",
            )
        )
        return
    header = rows[header_index]
    mapping, unknown, merged = _map_headings(header, spec.columns)
    for column in merged:
        table.diagnostics.append(
            Diagnostic(
                codes.PARTICIPANTS_HEADINGS,
                f"the heading cell in column {column_letter(column)} is merged with its neighbour",
                Location(shown, header.line, column),
                hint="unmerge the heading cells and give each column its own heading",
            )
        )
    if merged:
        return
    if unknown:
        names = ", ".join(f"`{name}`" for name in unknown)
        table.diagnostics.append(
            Diagnostic(
                codes.UNKNOWN_COLUMN,
                f"column(s) {names} are not used; they are kept out of every document",
                Location(shown, header.line, 1),
                severity=Severity.WARNING,
                hint="to use one, map it in the workshop file under participants: columns:",
            )
        )
    emails: dict[str, int] = {}
    count = 0
    for row in rows[header_index + 1 :]:
        if not any(cell.strip() for cell in row.cells):
            continue
        record: dict[str, Any] = {}
        for index, cell in enumerate(row.cells):
            name = mapping.get(index)
            if name is None:
                continue
            value = _clean_cell(cell, name, index, row, header, shown, table.diagnostics)
            column = row.columns[index] if index < len(row.columns) else index + 1
            source.values[(count, name)] = Position(row.line, column, max(1, len(cell)))
            if value == "":
                continue
            if name in _BOOLEAN_FIELDS:
                value = _BOOLEAN_WORDS.get(value.strip().lower(), value)
            # NOTE: two heading columns may map to one field (e.g. Phone and Mobile): first wins.
            record.setdefault(name, value)
        source.values[(count,)] = Position(row.line, 1, 1)
        try:
            participant = Participant.model_validate(record)
        except ValidationError as error:
            table.diagnostics.extend(
                _row_diagnostic(diagnostic, row.line)
                for diagnostic in diagnostics_from_validation(
                    error, Participant, record, source, (count,)
                )
            )
            count += 1
            continue
        email = (participant.email or "").strip().lower()
        if email:
            if email in emails:
                table.diagnostics.append(
                    Diagnostic(
                        codes.DUPLICATE_EMAIL,
                        f"row {row.line} has the same e-mail address as row {emails[email]}",
                        source.locate((count, "email")),
                        severity=Severity.WARNING,
                        hint="is this person registered twice?",
                    )
                )
            else:
                emails[email] = row.line
        table.participants.append(participant)
        table.origins.append((shown, (count,)))
        count += 1
    if count == 0:
        table.diagnostics.append(
            Diagnostic(
                codes.NO_PARTICIPANTS,
                "the participant file has headings but no participants",
                Location(shown, header.line, 1),
                severity=Severity.WARNING,
            )
        )


def _row_diagnostic(diagnostic: Diagnostic, line: int) -> Diagnostic:
    message = diagnostic.message.replace(" in participant ", " in row ")
    if message == diagnostic.message:
        message = f"{message} (row {line})"
    return Diagnostic(
        diagnostic.code, message, diagnostic.location, diagnostic.severity, diagnostic.hint
    )


def _clean_cell(
    cell: str,
    name: str,
    index: int,
    row: _Row,
    header: _Row,
    shown: str,
    diagnostics: list[Diagnostic],
) -> str:
    value = cell
    if any(char in value for char in _LINE_BREAKS):
        value = " ".join(re.split(f"[{_LINE_BREAKS}]+", value))
    found = bad_characters(value)
    if found:
        value = "".join(
            char for offset, char in enumerate(value) if offset not in {o for o, _ in found}
        )
        heading = header.cells[index] if index < len(header.cells) else name
        shown_chars = ", ".join(sorted({char for _, char in found}))
        column = row.columns[index] if index < len(row.columns) else index + 1
        what = "the e-mail or phone value" if name in PRIVATE_FIELDS else f"`{heading}`"
        diagnostics.append(
            Diagnostic(
                codes.CONTROL_CHARACTERS,
                f"removed the invisible character(s) {shown_chars} from {what} in row {row.line}",
                Location(shown, row.line, column),
                severity=Severity.WARNING,
            )
        )
    return value.strip()


def _find_header(rows: list[_Row], columns: dict[str, str]) -> int | None:
    """The heading row: the first with a name column, among the first ten rows.

    A title row above the headings ("Registration list") is skipped; a row with only a name
    heading counts when it is the first row with text.
    """
    explicit = {fold(heading): target for heading, target in columns.items()}
    first_with_text = True
    for index, row in enumerate(rows[:10]):
        folded = [fold(cell) for cell in row.cells]
        if not any(folded):
            continue
        matched = {explicit.get(cell) or _HEADINGS.get(cell) for cell in folded}
        matched.discard(None)
        if matched & {"name", "last_name", "first_name"} and (len(matched) >= 2 or first_with_text):
            return index
        first_with_text = False
    return None


def _map_headings(
    header: _Row, columns: dict[str, str]
) -> tuple[dict[int, str], list[str], list[int]]:
    explicit = {fold(heading): target for heading, target in columns.items()}
    mapping: dict[int, str] = {}
    unknown: list[str] = []
    merged: list[int] = []
    for index, cell in enumerate(header.cells):
        if index in header.merged:
            merged.append(header.columns[index])
            continue
        folded = fold(cell)
        if not folded:
            continue
        target = explicit.get(folded) or _HEADINGS.get(folded)
        if target in _FIELDS:
            mapping[index] = target
        else:
            unknown.append(cell.strip())
    return mapping, unknown, merged


# --- CSV --------------------------------------------------------------------------------------


def decode_export(raw: bytes) -> tuple[str, str | None]:
    """Decode a registration export: UTF-8 (with or without BOM), else cp1250 or cp1251.

    Returns the text and, when it was not UTF-8, the encoding that was guessed.
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


def _csv_rows(
    raw: bytes, shown: str, diagnostics: list[Diagnostic]
) -> tuple[list[_Row] | None, SourceMap]:
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
    lines = text.splitlines()
    source = SourceMap(shown, lines)
    first = next((line for line in lines if line.strip()), "")
    delimiter = max((",", ";", "\t"), key=lambda char: _count_outside_quotes(first, char))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[_Row] = []
    try:
        for cells in reader:
            line = reader.line_num
            rows.append(
                _Row(
                    line,
                    cells,
                    _cell_columns(
                        lines[line - 1] if line <= len(lines) else "", delimiter, len(cells)
                    ),
                )
            )
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


def _count_outside_quotes(line: str, char: str) -> int:
    count, quoted = 0, False
    for current in line:
        if current == '"':
            quoted = not quoted
        elif current == char and not quoted:
            count += 1
    return count


def _cell_columns(line: str, delimiter: str, count: int) -> list[int]:
    columns, quoted = [1], False
    for offset, char in enumerate(line):
        if char == '"':
            quoted = not quoted
        elif char == delimiter and not quoted:
            columns.append(offset + 2)
    columns.extend([columns[-1]] * (count - len(columns)))
    return columns[: max(count, 1)]


# --- Excel ------------------------------------------------------------------------------------


def _xlsx_rows(
    raw: bytes, shown: str, sheet: str | None, diagnostics: list[Diagnostic], reference: Location
) -> tuple[list[_Row] | None, SourceMap]:
    source = SourceMap(shown, [])
    try:
        import openpyxl
        from openpyxl.utils.exceptions import InvalidFileException
    except ImportError:  # pragma: no cover - openpyxl is a dependency
        diagnostics.append(
            Diagnostic(codes.PARTICIPANTS_FORMAT, "openpyxl is not installed", reference)
        )
        return None, source
    try:
        book = openpyxl.load_workbook(io.BytesIO(raw), read_only=False, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, OSError, KeyError, ValueError) as error:
        diagnostics.append(
            Diagnostic(
                codes.PARTICIPANTS_FORMAT,
                f"the Excel file cannot be read ({type(error).__name__})",
                Location(shown),
                hint="open it in Excel and save it again as .xlsx, or export CSV (UTF-8)",
            )
        )
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
    # Cells covered by a merged range read as empty; they take the value of the range's first
    # cell (a country merged over several rows), and are remembered for the heading check.
    covered: dict[tuple[int, int], object] = {}
    for merged in worksheet.merged_cells.ranges:
        first = worksheet.cell(merged.min_row, merged.min_col).value
        for row in range(merged.min_row, merged.max_row + 1):
            for column in range(merged.min_col, merged.max_col + 1):
                if (row, column) != (merged.min_row, merged.min_col):
                    covered[(row, column)] = first
    rows: list[_Row] = []
    for cells in worksheet.iter_rows():
        if not cells:
            continue
        number = cells[0].row
        texts, merged_indexes = [], set()
        for index, cell in enumerate(cells):
            if (number, cell.column) in covered:
                merged_indexes.add(index)
                texts.append(_cell_text(covered[(number, cell.column)]))
            else:
                texts.append(_cell_text(cell.value))
        rows.append(_Row(number, texts, [cell.column for cell in cells], frozenset(merged_indexes)))
    return rows, source


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, bool):
        return "yes" if value else "no"
    text = str(value)
    return text[:-9] if text.endswith(" 00:00:00") else text


def column_letter(column: int) -> str:
    """Excel's name for a 1-based column number: 1 → A, 28 → AB."""
    letters = ""
    while column:
        column, remainder = divmod(column - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def inline_participants(
    items: Sequence[Participant], file: str, prefix: YamlPath = ("participants",)
) -> ParticipantTable:
    """Participants written in the workshop file itself."""
    return ParticipantTable(
        participants=list(items),
        origins=[(file, (*prefix, index)) for index in range(len(items))],
    )
