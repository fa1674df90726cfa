"""The heading row of a participant file: which row it is and which field each column holds.

Registration tools export whatever headings their form had, in whatever language. Headings are
matched to our fields after folding case, accents and punctuation (:func:`fold`), with the
headings of every supported locale (:mod:`.synonyms`), or through an explicit column map from the
workshop file. When no heading row is found, the error names the headings it found and shows
the column map that would fix it (:func:`_column_map_hint`).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from facilitation import codes
from facilitation.catalogue.countries import fold_name
from facilitation.errors import Diagnostic, Location, Severity
from facilitation.model.workshop import ParticipantFile
from facilitation.reading.participants.rows import Row
from facilitation.reading.participants.synonyms import HEADING_SYNONYMS


def fold(text: str) -> str:
    """Fold a heading for matching: no case, accents or punctuation, single spaces.

    ``E-Mail-Adresse`` and ``e mail adresse`` fold alike, as do ``Država`` and ``drzava``. A
    heading of punctuation alone (``#``) stays as it is written.

    Args:
        text: A heading as written in the file or in the workshop's column map.

    Returns:
        The heading in the form that :data:`HEADING_SYNONYMS` is compared in.
    """
    return fold_name(text) or text.strip()


#: The heading row is one of this many first rows with text.
HEADING_ROWS = 10

_HEADINGS: dict[str, str] = {
    fold(word): name for name, words in HEADING_SYNONYMS.items() for word in words
}
_FIELDS = frozenset(HEADING_SYNONYMS)
#: A heading row has one of these (with another known heading, unless it is the first row).
_NAME_FIELDS = frozenset({"name", "last_name", "first_name"})
#: The headings that are the family name next to a first name, and the full name otherwise.
_BARE_NAME = frozenset({"name"})
#: How close (difflib's ratio) a heading must be to a known one to be guessed as its field.
_GUESS_CUTOFF = 0.8
#: How many of a row's cells a D403 message names, and how long each may be.
_SHOWN_HEADINGS = 8
_SHOWN_LENGTH = 30
#: A phone number: starts with + or 0 and holds eight digits or more (not a date).
_PHONE = re.compile(r"(?:\+|0)[\d ()/.-]{6,}\d")
#: Text that YAML reads as the same string without quotes.
_PLAIN_YAML = re.compile(r"^[^\W\d_][\w .()/+-]*(?<! )$")
#: Words that YAML 1.1 reads as booleans or null, not as text.
_YAML_WORDS = frozenset({"yes", "no", "y", "n", "on", "off", "true", "false", "null"})


@dataclass
class Headings:
    """The heading row of a file and the field that each of its columns holds."""

    #: The index of the heading row among the file's rows.
    index: int
    row: Row
    #: The field of each cell index that holds one; other columns are not read.
    fields: dict[int, str]

    def heading(self, index: int, default: str) -> str:
        """The heading of cell ``index`` as written, or ``default`` past the last heading."""
        return self.row.cells[index] if index < len(self.row.cells) else default


def read_headings(
    rows: list[Row], spec: ParticipantFile, shown: str, diagnostics: list[Diagnostic]
) -> Headings | None:
    """Find the heading row among ``rows`` and map its headings to participant fields.

    Args:
        rows: The first rows of the file, in order (at least its first :data:`HEADING_ROWS`
            rows with text, if it has so many).
        spec: The participant file as the workshop names it, with its explicit map from
            heading to field (``columns:``, may be empty).
        shown: The file as it is named in messages.
        diagnostics: Where problems are added: no heading row, merged heading cells (both
            errors), and headings that match no field (a warning).

    Returns:
        The heading row and its fields, or None when the file cannot be read on (no heading
        row, or merged heading cells).
    """
    columns = spec.columns
    index = _find_header(rows, columns)
    if index is None:
        diagnostics.append(_no_heading_row(rows, spec, shown))
        return None
    header = rows[index]
    fields, unknown, merged = _map_headings(header, columns)
    if merged:
        diagnostics.extend(_merged_heading(header, column, shown) for column in merged)
        return None
    if unknown:
        names = ", ".join(f"`{name}`" for name in unknown)
        diagnostics.append(
            Diagnostic(
                codes.UNKNOWN_COLUMN,
                f"column(s) {names} are not used; they are kept out of every document",
                Location(shown, header.line, 1),
                severity=Severity.WARNING,
                hint="to use one, map it in the workshop file under participants: columns:",
            )
        )
    return Headings(index, header, fields)


def _merged_heading(header: Row, column: int, shown: str) -> Diagnostic:
    # NOTE: only Excel files have merged cells, so openpyxl is loaded already; import it here
    # all the same, so that reading a CSV file never does.
    from openpyxl.utils import get_column_letter

    return Diagnostic(
        codes.PARTICIPANTS_HEADINGS,
        f"the heading cell in column {get_column_letter(column)} is merged with its neighbour",
        Location(shown, header.line, column),
        hint="unmerge the heading cells and give each column its own heading",
    )


def _find_header(rows: list[Row], columns: dict[str, str]) -> int | None:
    """The heading row: the first with a name column, among the first ten rows with text.

    A title row above the headings ("Registration list") is skipped; a row with only a name
    heading counts when it is the first row with text.
    """
    explicit = {fold(heading): target for heading, target in columns.items()}
    first_with_text = True
    with_text = 0
    for index, row in enumerate(rows):
        folded = [fold(cell) for cell in row.cells]
        if not any(folded):
            continue
        with_text += 1
        if with_text > HEADING_ROWS:
            break
        matched = {explicit.get(cell) or _HEADINGS.get(cell) for cell in folded}
        matched.discard(None)
        if matched & _NAME_FIELDS and (len(matched) >= 2 or first_with_text):
            return index
        first_with_text = False
    return None


def _map_headings(
    header: Row, columns: dict[str, str]
) -> tuple[dict[int, str], list[str], list[int]]:
    """The field of each heading cell, the unknown headings, and the columns of merged cells."""
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
    found = set(mapping.values())
    if "first_name" in found and "last_name" not in found:
        # NOTE: German forms head the family name `Name` next to `Vorname` (as English ones
        # sometimes do next to `First name`); `Name` alone is the full name.
        for index, target in mapping.items():
            folded = fold(header.cells[index])
            if target == "name" and folded in _BARE_NAME and folded not in explicit:
                mapping[index] = "last_name"
    return mapping, unknown, merged


def _no_heading_row(rows: list[Row], spec: ParticipantFile, shown: str) -> Diagnostic:
    """D403 for a file without a heading row: the headings it has, and the map that reads them.

    The headings shown are those of the first row with two cells of text or more (a title row
    above the headings has one), else of the first row with text.
    """
    with_text = [row for row in rows if row.has_text]
    sample = next(
        (row for row in with_text if _texts(row)[1:]), with_text[0] if with_text else None
    )
    if sample is None:
        return Diagnostic(
            codes.PARTICIPANTS_HEADINGS,
            "no heading row with a name column was found (the file is empty)",
            Location(shown, rows[0].line if rows else 1, 1),
            hint="the first row should hold headings such as Name, Institution, E-mail",
        )
    cells = _texts(sample)
    shown_cells = [_shown_heading(cell) for cell in cells[:_SHOWN_HEADINGS]]
    more = len(cells) - len(shown_cells)
    listed = ", ".join(shown_cells) + (f" and {more} more" if more > 0 else "")
    return Diagnostic(
        codes.PARTICIPANTS_HEADINGS,
        f"no heading row with a name column was found; row {sample.line} holds {listed}",
        Location(shown, sample.line, 1),
        hint=_column_map_hint(cells, spec),
    )


def _is_contact(cell: str) -> bool:
    """True for an e-mail address or a phone number: a participant's cell, not a heading."""
    phone = _PHONE.search(cell)
    return "@" in cell or (phone is not None and sum(c.isdigit() for c in phone.group()) >= 8)


def _texts(row: Row) -> list[str]:
    """The cells of ``row`` that hold text, stripped."""
    return [cell.strip() for cell in row.cells if cell.strip()]


def _shown_heading(cell: str) -> str:
    """A cell as a message names it: shortened, and never an e-mail address or phone number."""
    if _is_contact(cell):
        return "(an e-mail address or phone number)"
    if len(cell) > _SHOWN_LENGTH:
        cell = cell[: _SHOWN_LENGTH - 1].rstrip() + "…"
    return f"`{cell}`"


def _column_map_hint(cells: list[str], spec: ParticipantFile) -> str:
    """The ``participants:`` entry with a ``columns:`` map that reads ``cells`` as headings.

    Each heading goes to the field whose heading it is closest to (each field once); when none
    goes to a name, the first heading left is offered as the name. A row that holds an e-mail
    address or a phone number is a participant, not headings: then a heading row is asked for.
    """
    if any(map(_is_contact, cells)):
        return (
            "the file seems to start with a participant; add a heading row above, with "
            "headings such as Name, Institution, Country, E-mail"
        )
    mapped = {fold(heading) for heading in spec.columns}
    taken = set(spec.columns.values())
    guesses: dict[str, str] = {}
    for cell in cells:
        field = None if fold(cell) in mapped else _guess_field(cell)
        if field is not None and field not in taken:
            guesses[cell] = field
            taken.add(field)
    left = [cell for cell in cells if cell not in guesses and fold(cell) not in mapped]
    offered = left.pop(0) if left and not taken & _NAME_FIELDS else None
    entries = [f"{_yaml_key(heading)}: {field}" for heading, field in spec.columns.items()]
    for cell in cells:
        if cell in guesses:
            entries.append(f"{_yaml_key(cell)}: {guesses[cell]}")
        elif cell == offered:
            entries.append(f"{_yaml_key(cell)}: name    # the column of names?")
    lines = [
        "participants:",
        f"  file: {_yaml_key(spec.file)}",
        *(f"  {key}: {_yaml_key(value)}" for key, value in _settings(spec)),
        "  columns:",
        *(f"    {entry}" for entry in entries),
    ]
    hint = "map the headings to fields in the workshop file, for example:\n" + "\n".join(
        f"    {line}" for line in lines
    )
    if left:
        hint += "\n  not read: " + ", ".join(left)
    return hint + "\n  fields: " + ", ".join(HEADING_SYNONYMS)


def _settings(spec: ParticipantFile) -> list[tuple[str, str]]:
    """The other settings of the participant file that the workshop gives (sheet, encoding)."""
    return [
        (key, value)
        for key in ("sheet", "encoding")
        if isinstance(value := getattr(spec, key), str)
    ]


def _guess_field(cell: str) -> str | None:
    """The field whose heading ``cell`` is, or is closest to (did you mean?), if any."""
    folded = fold(cell)
    if folded in _HEADINGS:
        return _HEADINGS[folded]
    if len(folded) < 3:
        return None
    # NOTE: closer than suggest.find_closest asks, and without its prefix and first-word
    # fallbacks: a wrong guess here (Hotel as `tel`, Gast as `last`) would read a column wrong.
    near = difflib.get_close_matches(folded, list(_HEADINGS), n=1, cutoff=_GUESS_CUTOFF)
    return _HEADINGS[near[0]] if near else None


def _yaml_key(text: str) -> str:
    """``text`` as a plain YAML scalar when it reads back as the same text, else quoted."""
    if _PLAIN_YAML.match(text) and fold(text) not in _YAML_WORDS:
        return text
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
