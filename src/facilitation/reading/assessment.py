"""Read a Compass self-assessment from a form export (CSV or Excel) into an :class:`Assessment`.

The file is read with the participant readers' machinery (:mod:`.participants`): the encoding
and the delimiter of a CSV file are found the same way, an Excel sheet is read the same way, and
every cell keeps its line and column. The heading row is the first of the file's first ten rows
with text that names a Compass aspect. A heading names an aspect by its id (``empathy``), by its
name in English or in any supported language (``Empathy``, ``Empathie``), as the bracketed item
of a form's grid question (``How do we do? [Empathy]``), or by its first words before a colon
or a dash (``Empathy: we listen to each other``); the workshop's ``columns:`` map says the rest.
A country column is read when there is one; every other column (a name, an e-mail address, a
time stamp) is not read: the assessment is anonymous.

A skipped answer is a blank cell: it counts as missing, without a word. An answer that is not a
number on the scale is a warning (C803) at its cell, and is left out.

This is not the publisher's official Collective Leadership Compass assessment; see
:mod:`facilitation.model.assessment`.
"""

from __future__ import annotations

import codecs
import functools
import itertools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from facilitation import codes
from facilitation.catalogue.countries import find_country_code
from facilitation.catalogue.locales import LOCALES
from facilitation.catalogue.methodology import load_methodology
from facilitation.catalogue.translations import translate
from facilitation.errors import Diagnostic, Location, Severity
from facilitation.model.assessment import Assessment, AssessmentFile, Response
from facilitation.reading.participants import HEADING_SYNONYMS, fold
from facilitation.reading.participants.csv_file import read_csv
from facilitation.reading.participants.headings import HEADING_ROWS
from facilitation.reading.participants.rows import MAX_ROWS, Row
from facilitation.reading.participants.xlsx_file import xlsx_rows
from facilitation.source_map import SourceMap
from facilitation.textfile import MAX_FILE_BYTES, NotAFileError, TooLargeError, read_regular_file

#: What a ``columns:`` entry maps a heading to, besides an aspect.
COUNTRY = "country"
#: An assessment file may be this much larger than a workshop file.
_MAX_BYTES = 8 * MAX_FILE_BYTES
#: A number, then perhaps the words of its point on the scale (``4 - agree``, ``4 (often)``).
_ANSWER = re.compile(r"^([+-]?\d+(?:[.,]\d+)?)(?:\s*[-–:(/.)]\s*[^\d\s].*)?$")
#: The bracketed item of a form's grid question: ``How do we do? [Empathy]``.
_BRACKETED = re.compile(r"\[([^\[\]]+)\]\s*$")
#: The first words of a heading, before a colon or a dash that follows them.
_LEAD = re.compile(r"^(.+?)\s*(?::|\s[-–]\s|\()")
#: How long an answer may be in a message.
_SHOWN_LENGTH = 30


@dataclass
class AssessmentRead:
    """The outcome of reading an assessment file: the assessment (or None) and its problems."""

    assessment: Assessment | None = None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    source: SourceMap | None = None
    #: The heading row, when one names an aspect (for a tool that adds a row under it).
    heading: Row | None = None
    #: The index of each column the heading row names → its aspect id, or :data:`COUNTRY`.
    fields: dict[int, str] = field(default_factory=dict)


def list_aspects() -> list[tuple[str, str, str]]:
    """Every Compass aspect in catalogue order, as (dimension id, aspect id, English name)."""
    return [
        (dimension.id, aspect.id, aspect.name)
        for dimension in load_methodology().dimensions
        for aspect in dimension.aspects
    ]


@functools.cache
def _english_aspect_words() -> dict[str, str]:
    """Folded heading → aspect id: the aspects' ids and English names (they win over any other)."""
    words: dict[str, str] = {}
    for _, aspect, name in list_aspects():
        words[fold(aspect)] = aspect
        words[fold(name)] = aspect
    return words


@functools.cache
def _aspect_words() -> dict[str, str]:
    """Folded heading → aspect id: ids and names in English and in every supported language."""
    words: dict[str, str] = {}
    for dimension, aspect, name in list_aspects():
        words[fold(aspect)] = aspect
        words[fold(name)] = aspect
        context = f"dimensions.{dimension}.aspects.{aspect}.name"
        for language in LOCALES:
            words.setdefault(fold(translate(language, context, name)), aspect)
    return words


@functools.cache
def _country_words() -> frozenset[str]:
    return frozenset(fold(word) for word in HEADING_SYNONYMS["country"])


def resolve_aspect(text: str) -> str | None:
    """The aspect id that ``text`` names (id, or name in a supported language), if any."""
    return _aspect_words().get(fold(text))


def _match_heading(cell: str, explicit: dict[str, str]) -> str | None:
    """The aspect id (or :data:`COUNTRY`) that heading ``cell`` names, if any."""
    folded = fold(cell)
    if not folded:
        return None
    if folded in explicit:
        return explicit[folded]
    if folded in _country_words():
        return COUNTRY
    # NOTE: English headings first: the other languages' catalogues are read only for others.
    english = _english_aspect_words()
    if folded in english:
        return english[folded]
    words = _aspect_words()
    if folded in words:
        return words[folded]
    for pattern in (_BRACKETED, _LEAD):
        part = pattern.search(cell.strip())
        if part and fold(part[1]) in words:
            return words[fold(part[1])]
    return None


def read_assessment_file(
    spec: AssessmentFile, base_dir: Path, shown_base: str, reference: Location
) -> AssessmentRead:
    """Read the self-assessment that ``spec`` names, relative to ``base_dir``.

    Args:
        spec: The assessment file as the workshop names it: file, sheet, columns, scale, when.
        base_dir: The folder of the workshop file.
        shown_base: How ``base_dir`` is shown in messages ("" for the current folder).
        reference: Where the workshop file names the assessment (for problems with the file).

    Returns:
        The assessment (None when the file cannot be read or has no aspect column), the file's
        source map, and every problem found.
    """
    shown = str(Path(shown_base) / spec.file) if shown_base else spec.file
    problems: list[Diagnostic] = []
    raw = _read_bytes(base_dir / spec.file, spec.file, reference, problems)
    if raw is None:
        read = AssessmentRead()
        _explicit_columns(spec, reference, read.diagnostics)
        read.diagnostics.extend(problems)
        return read
    return read_assessment_bytes(raw, spec, shown, reference)


def read_assessment_bytes(
    raw: bytes, spec: AssessmentFile, shown: str, reference: Location
) -> AssessmentRead:
    """Read the self-assessment in ``raw``, the bytes of the file that ``spec`` names.

    Args:
        raw: The bytes of the file.
        spec: The assessment file as the workshop names it.
        shown: How the file is named in messages.
        reference: Where the workshop file names the assessment (for problems with the file).

    Returns:
        As :func:`read_assessment_file`, with the heading row and the columns it names.
    """
    read = AssessmentRead()
    explicit = _explicit_columns(spec, reference, read.diagnostics)
    if explicit is None:
        return read
    suffix = Path(spec.file).suffix.lower()
    rows: Iterator[Row] | None
    if suffix in (".xlsx", ".xlsm"):
        rows, read.source = xlsx_rows(raw, shown, spec.sheet, read.diagnostics, reference)
    elif suffix in (".csv", ".txt", ".tsv"):
        if not _known_encoding(spec.encoding, reference, read.diagnostics):
            return read
        rows, read.source = read_csv(raw, shown, read.diagnostics, spec.encoding)
    else:
        read.diagnostics.append(
            Diagnostic(
                codes.ASSESSMENT_FILE,
                f"`{spec.file}` is not a CSV or Excel (.xlsx) file",
                reference,
                hint="export the form's answers as CSV (UTF-8) or .xlsx",
            )
        )
        return read
    if rows is not None:
        read.assessment = _read_rows(rows, spec, explicit, read)
    return read


def _known_encoding(
    encoding: str | None, reference: Location, diagnostics: list[Diagnostic]
) -> bool:
    """True when the workshop gives no encoding, or one that Python knows (else a C801 error)."""
    try:
        codecs.lookup(encoding or "utf-8")
    except LookupError:
        diagnostics.append(
            Diagnostic(
                codes.ASSESSMENT_FILE,
                f"`{encoding}` is not an encoding",
                reference,
                hint="encodings: utf-8, cp1250, cp1251, cp1252",
            )
        )
        return False
    return True


def _explicit_columns(
    spec: AssessmentFile, reference: Location, diagnostics: list[Diagnostic]
) -> dict[str, str] | None:
    """The ``columns:`` map as folded heading → aspect id or country (None, with errors, if bad)."""
    explicit: dict[str, str] = {}
    bad = False
    for heading, target in spec.columns.items():
        aspect = COUNTRY if fold(target) == COUNTRY else resolve_aspect(target)
        if aspect is None:
            bad = True
            diagnostics.append(
                Diagnostic(
                    codes.ASSESSMENT_HEADINGS,
                    f"`columns:` maps `{heading}` to `{target}`, which is not a Compass aspect",
                    reference,
                    hint="aspects: " + ", ".join(aspect for _, aspect, _ in list_aspects()),
                )
            )
        explicit[fold(heading)] = aspect or ""
    return None if bad else explicit


def _read_bytes(
    path: Path, name: str, reference: Location, diagnostics: list[Diagnostic]
) -> bytes | None:
    """The bytes of the file at ``path``, or None (with a C801 error) when it cannot be read."""
    try:
        return read_regular_file(path, _MAX_BYTES)
    except TooLargeError as error:
        problem = f"is {error.size / 1048576:.1f} MB; up to {_MAX_BYTES // 1048576} MB is read"
    except NotAFileError as error:
        problem = "does not exist" if error.what == "a folder" else f"is {error.what}"
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
        problem = "does not exist"
    except OSError as error:
        problem = f"cannot be read: {error.strerror or error}"
    diagnostics.append(
        Diagnostic(
            codes.ASSESSMENT_FILE,
            f"the self-assessment file `{name}` {problem}",
            reference,
            hint="give the path of the form export (CSV or .xlsx) relative to the workshop file",
        )
    )
    return None


@dataclass
class _Columns:
    """The heading row: its row, and the aspect (or country) of each column that holds one."""

    row: Row
    fields: dict[int, str]


def _read_rows(
    rows: Iterable[Row],
    spec: AssessmentFile,
    explicit: dict[str, str],
    read: AssessmentRead,
) -> Assessment | None:
    """The assessment in ``rows``: the heading row, then one respondent a row with an answer.

    A row without an answer (a time stamp alone) is no respondent. The heading row and its
    columns are kept in ``read``, whose source map and diagnostics are added to.
    """
    source, diagnostics = read.source, read.diagnostics
    assert source is not None
    shown = source.file
    rows = iter(rows)
    head = list(itertools.islice((row for row in rows if row.has_text), HEADING_ROWS))
    columns = _find_columns(head, explicit, shown, diagnostics)
    if columns is None:
        return None
    read.heading, read.fields = columns.row, columns.fields
    low, high = spec.bounds
    order = [aspect for _, aspect, _ in list_aspects()]
    assessment = Assessment(
        file=shown,
        when=spec.when,
        low=low,
        high=high,
        aspects=[aspect for aspect in order if aspect in columns.fields.values()],
    )
    below = itertools.chain(head[head.index(columns.row) + 1 :], rows)
    for count, row in enumerate((row for row in below if row.has_text), start=1):
        if count > MAX_ROWS:
            diagnostics.append(
                Diagnostic(
                    codes.ASSESSMENT_FILE,
                    f"the self-assessment has more than {MAX_ROWS:,} rows; reading stopped",
                    Location(shown, row.line, 1),
                )
            )
            return None
        _mask_unread(row, columns, source)
        response = _response(row, columns, assessment, diagnostics)
        if response.answers:
            assessment.responses.append(response)
    return assessment


def _mask_unread(row: Row, columns: _Columns, source: SourceMap) -> None:
    """Mask the cells of ``row`` that are not read in the file's lines, as messages show them.

    Why: a form export may hold a respondent's name or e-mail address; the assessment is
    anonymous, so a message that shows the row shows only the answers. Each character becomes
    a bullet, so the columns of the answers stay where they are.
    """
    for index, cell in enumerate(row.cells):
        if index in columns.fields or not cell.strip():
            continue
        line = row.line_of(index)
        if not 0 < line <= len(source.lines):
            continue
        text = source.lines[line - 1]
        start = row.column_of(index) - 1
        start += text.startswith('"', start)
        if text.startswith(cell, start):
            source.lines[line - 1] = text[:start] + "•" * len(cell) + text[start + len(cell) :]


def _find_columns(
    head: list[Row], explicit: dict[str, str], shown: str, diagnostics: list[Diagnostic]
) -> _Columns | None:
    """The heading row among ``head``: the first with an aspect heading (else a C802 error)."""
    for row in head:
        fields = {
            index: target
            for index, cell in enumerate(row.cells)
            if (target := _match_heading(cell, explicit))
        }
        if any(target != COUNTRY for target in fields.values()):
            if not _one_column_each(row, fields, shown, diagnostics):
                return None
            diagnostics.extend(_missing_aspects(row, fields, shown))
            return _Columns(row, fields)
    first = head[0] if head else None
    found = ", ".join(
        f"`{cell.strip()[:_SHOWN_LENGTH]}`"
        for cell in (first.cells if first else [])
        if cell.strip()
    )
    diagnostics.append(
        Diagnostic(
            codes.ASSESSMENT_HEADINGS,
            "no heading names a Compass aspect"
            + (f"; row {first.line} holds {found}" if first and found else " (the file is empty)"),
            Location(shown, first.line if first else 1, 1),
            hint="head each column with an aspect's name (Future orientation, Empathy, ...) or "
            "map the headings under `assessment: columns:`, for example:\n"
            '    columns:\n      "How future-oriented are we?": future-orientation',
        )
    )
    return None


def _missing_aspects(row: Row, fields: dict[int, str], shown: str) -> Iterator[Diagnostic]:
    """C805 when the heading row has no column for some of the 18 aspects."""
    missing = [name for _, aspect, name in list_aspects() if aspect not in fields.values()]
    if not missing:
        return
    unread = [
        f"`{cell.strip()[:_SHOWN_LENGTH]}`"
        for index, cell in enumerate(row.cells)
        if cell.strip() and index not in fields
    ]
    yield Diagnostic(
        codes.MISSING_ASPECTS,
        f"no column answers {len(missing)} of the 18 aspects ({', '.join(missing)}); "
        "their means are missing from the documents",
        Location(shown, row.line, 1),
        severity=Severity.WARNING,
        hint=(
            "map the headings that ask about them under `assessment: columns:`"
            + (f"; the columns not read are {', '.join(unread[:6])}" if unread else "")
        ),
    )


def _one_column_each(
    row: Row, fields: dict[int, str], shown: str, diagnostics: list[Diagnostic]
) -> bool:
    """True when no aspect (or country) has two columns; else a C802 error for each repeat."""
    seen: dict[str, int] = {}
    ok = True
    for index, target in fields.items():
        if target in seen:
            ok = False
            diagnostics.append(
                Diagnostic(
                    codes.ASSESSMENT_HEADINGS,
                    f"`{row.cells[index].strip()}` and `{row.cells[seen[target]].strip()}` both "
                    f"name `{target}`; which one holds its answers is unclear",
                    Location(shown, row.line_of(index), row.column_of(index)),
                    hint="map each heading to its aspect under `assessment: columns:`",
                )
            )
        seen.setdefault(target, index)
    return ok


def _response(
    row: Row, columns: _Columns, assessment: Assessment, diagnostics: list[Diagnostic]
) -> Response:
    """The answers of one row; an answer that is not a number on the scale is a C803 warning."""
    answers: dict[str, float] = {}
    country = None
    for index, target in columns.fields.items():
        cell = row.cells[index].strip() if index < len(row.cells) else ""
        if not cell:
            continue
        if target == COUNTRY:
            country = find_country_code(cell)
            continue
        value = read_answer(cell)
        if value is not None and assessment.low <= value <= assessment.high:
            answers[target] = value
            continue
        diagnostics.append(_bad_answer(row, index, cell, value, target, assessment))
    return Response(row.line, answers, country)


def read_answer(cell: str) -> float | None:
    """The number an answer cell holds (``4``, ``3.5``, ``3,5``, ``4 - agree``), else None."""
    match = _ANSWER.match(cell.strip())
    return float(match[1].replace(",", ".")) if match else None


def _bad_answer(
    row: Row, index: int, cell: str, value: float | None, aspect: str, assessment: Assessment
) -> Diagnostic:
    shown = cell if len(cell) <= _SHOWN_LENGTH else cell[: _SHOWN_LENGTH - 1] + "…"
    scale = f"{assessment.low}-{assessment.high}"
    what = "not a number" if value is None else f"outside the scale {scale}"
    return Diagnostic(
        codes.ASSESSMENT_ANSWER,
        f"row {row.line}: the answer `{shown}` to {_english_name(aspect)} is {what}; "
        "it is left out",
        Location(assessment.file, row.line_of(index), row.column_of(index)),
        severity=Severity.WARNING,
        hint=f"write a number from {assessment.low} to {assessment.high}, or leave the cell "
        "empty for no answer (the scale is set by `assessment: scale:`)",
    )


def _english_name(aspect: str) -> str:
    return next((name for _, candidate, name in list_aspects() if candidate == aspect), aspect)
