"""The heading row of a participant file: which row it is and which field each column holds.

Registration tools export whatever headings their form had, in whatever language. Headings are
matched to our fields after folding case, accents and punctuation, with synonyms in English,
Serbian, Bosnian, Croatian, Albanian and Macedonian, or through an explicit column map from the
workshop file.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from facilitation import codes
from facilitation.errors import Diagnostic, Location, Severity
from facilitation.reading.participants.rows import Row

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


def fold(text: str) -> str:
    """Fold a heading for matching: lowercase, no accents (Latin), single spaces.

    Args:
        text: A heading as written in the file or in the workshop's column map.

    Returns:
        The heading in the form that :data:`HEADING_SYNONYMS` is compared in.
    """
    text = unicodedata.normalize("NFKD", text.strip().lower())
    text = "".join(char for char in text if not unicodedata.combining(char))
    text = text.replace("đ", "d").replace("_", " ")
    text = re.sub(r"[\s:*.()/\\]+", " ", text).strip()
    return text


#: The heading row is one of this many first rows with text.
HEADING_ROWS = 10

_HEADINGS: dict[str, str] = {
    fold(word): name for name, words in HEADING_SYNONYMS.items() for word in words
}
_FIELDS = frozenset(HEADING_SYNONYMS)
#: A heading row has one of these (with another known heading, unless it is the first row).
_NAME_FIELDS = frozenset({"name", "last_name", "first_name"})


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
    rows: list[Row], columns: dict[str, str], shown: str, diagnostics: list[Diagnostic]
) -> Headings | None:
    """Find the heading row among ``rows`` and map its headings to participant fields.

    Args:
        rows: The first rows of the file, in order (at least its first :data:`HEADING_ROWS`
            rows with text, if it has so many).
        columns: The workshop's explicit map from heading to field (may be empty).
        shown: The file as it is named in messages.
        diagnostics: Where problems are added: no heading row, merged heading cells (both
            errors), and headings that match no field (a warning).

    Returns:
        The heading row and its fields, or None when the file cannot be read on (no heading
        row, or merged heading cells).
    """
    index = _find_header(rows, columns)
    if index is None:
        first = rows[0] if rows else None
        diagnostics.append(
            Diagnostic(
                codes.PARTICIPANTS_HEADINGS,
                "no heading row with a name column was found"
                + (" (the file is empty)" if not rows else ""),
                Location(shown, first.line if first else 1, 1),
                hint="the first row should hold headings such as Name, Institution, E-mail",
            )
        )
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
    return mapping, unknown, merged
