"""Add one respondent's answers to a workshop's Compass self-assessment, as a new CSV row.

The row goes after the last row of the file the workshop names under ``assessment:``, under the
file's own headings (matched as the reader matches them), in its encoding, delimiter, quoting and
line ending; every old byte stays. Only the columns the reader reads get a value: the other ones
(a time stamp, a name) stay empty, for the assessment is anonymous. The new file is read back
before it is written: it must hold one more response, the one given, and no new problem;
otherwise nothing is written. The lock, the recheck of the old bytes and the atomic write are
those of :mod:`facilitation.editing.record`.

A workshop without ``assessment:`` gets a new file, ``<workshop>-assessment.csv`` beside it (a
heading row of the 18 aspects, after a ``Country`` column when the workshop is national or the
programme has countries), and the line ``assessment: <file>`` at the end of the workshop file.
An Excel file is not rewritten.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import hashlib
import io
import re
from dataclasses import dataclass
from pathlib import Path

from facilitation import codes
from facilitation.checking.analyse import analyse_paths_with
from facilitation.editing.assessment_answers import Answers, collect_answers, format_number
from facilitation.editing.questions import Asker
from facilitation.editing.record import (
    ConcurrentEditError,
    Snapshot,
    check_current,
    lock_target,
    writable_target,
)
from facilitation.editing.yaml_edit import quote
from facilitation.errors import Diagnostic, InputError, Location, UserError, display_path
from facilitation.fileio import CommitPoint, FileLock, atomic_write
from facilitation.model.assessment import AssessmentFile, Response
from facilitation.model.loaded import Workshop
from facilitation.reading.assessment import (
    COUNTRY,
    AssessmentRead,
    list_aspects,
    read_assessment_bytes,
)
from facilitation.reading.loader import Loader
from facilitation.reading.participants.encoding import decode_guessed

_XLSX_SUFFIXES = (".xlsx", ".xlsm")
#: A file name that YAML reads as itself without quotes.
_PLAIN_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
#: The characters a new row can hold; an encoding must write them as ASCII does.
_ROW_CHARACTERS = '0123456789.-+ABCDEFGHIJKLMNOPQRSTUVWXYZ,;\t"\r\n'


@dataclass(frozen=True)
class RecordedResponse:
    """What ``record … assessment`` added: the file, the row's line, the respondents now."""

    path: Path
    line: int
    respondents: int
    #: The file was created, and named under ``assessment:`` in ``workshop``.
    created: bool = False
    workshop: Path | None = None


@dataclass(frozen=True)
class _Layout:
    """How a CSV file writes its rows."""

    newline: str
    delimiter: str
    quote_all: bool
    encoding: str


def record_response(
    path: Path, ratings: list[str], country: str | None, asker: Asker | None
) -> RecordedResponse:
    """Add one respondent's answers to the self-assessment of the workshop at ``path``.

    Args:
        path: The workshop file, or an outcome file that names it.
        ratings: ``ASPECT=N`` answers from the command line (empty: ask ``asker``).
        country: The respondent's country, for a file with a country column.
        asker: Asks each aspect in a terminal; ``None`` without one.

    Raises:
        InputError: the workshop has errors, an answer is wrong or missing, or the file with
            the new row would not read back as it should (nothing is written).
        UserError: the file is an Excel file, or cannot be read or written (nothing is written).
    """
    with Snapshot.read(path) as snapshot:
        report = check_current(path, snapshot)
    workshop = report.analyses[0].workshop if report.analyses else None
    if workshop is None:  # pragma: no cover - check_current refuses a workshop with errors
        raise UserError(f"{display_path(path)} names no workshop")
    spec = workshop.spec.assessment
    if spec is None:
        return _create(workshop, ratings, country, asker)
    if Path(spec.file).suffix.lower() in _XLSX_SUFFIXES:
        raise UserError(
            f"the self-assessment `{spec.file}` is an Excel file; record adds rows to CSV files",
            hint="add the answers in the spreadsheet, or export it as CSV and name the CSV "
            "under `assessment:`",
        )
    return _append(workshop, spec, ratings, country, asker)


# --- adding to an existing file -----------------------------------------------------------------


def _append(
    workshop: Workshop,
    spec: AssessmentFile,
    ratings: list[str],
    country: str | None,
    asker: Asker | None,
) -> RecordedResponse:
    """Add the response as a new row of the existing CSV file ``spec`` names."""
    path = workshop.path.parent / spec.file
    shown = display_path(path)
    reference = workshop.where(("assessment",))
    lock = lock_target(path)
    try:
        raw = lock.read()
        digest = hashlib.sha256(raw).hexdigest()
        before = read_assessment_bytes(raw, spec, shown, reference)
        if before.assessment is None or before.heading is None:
            raise InputError([d for d in before.diagnostics if d.is_error] or [_unreadable(shown)])
        layout = _layout(raw, spec, before, shown)
        answers = collect_answers(workshop, before.fields, spec.bounds, (ratings, country), asker)
        lead = b"" if not raw or raw.endswith((b"\n", b"\r")) else layout.newline.encode()
        row = _row_text(len(before.heading.cells), before.fields, answers, layout)
        data = raw + lead + row.encode(layout.encoding)
        # NOTE: lines as the reader counts them (any line break); latin-1 keeps every byte.
        line = len(io.StringIO((raw + lead).decode("latin-1"), newline="").readlines()) + 1
        after = read_assessment_bytes(data, spec, shown, reference)
        respondents = _check_read_back(before, after, answers, line, shown)
        with CommitPoint() as commit:
            _write(lock, writable_target(path), data, digest, shown, commit)
    finally:
        lock.release()
    return RecordedResponse(path, line, respondents)


def _layout(raw: bytes, spec: AssessmentFile, read: AssessmentRead, shown: str) -> _Layout:
    """The line ending, delimiter, quoting and encoding the file's rows are written in."""
    ranking = [] if spec.encoding else decode_guessed(raw)[1]
    encoding = spec.encoding or (ranking[0] if ranking else "utf-8")
    sample = _ROW_CHARACTERS
    try:
        writes_ascii = sample.encode(encoding) == sample.encode("ascii")
    except (LookupError, UnicodeError):  # pragma: no cover - the reader checked the encoding
        writes_ascii = False
    if not writes_ascii:
        raise UserError(
            f"{shown} is in {codecs.lookup(encoding).name}, which record cannot add rows to",
            hint="save the file as CSV UTF-8 and run the command again",
        )
    first = raw.find(b"\n")
    if first > 0 and raw[first - 1 : first] == b"\r":
        newline = "\r\n"
    elif first < 0 and b"\r" in raw:
        newline = "\r"
    else:
        newline = "\n"
    delimiter = _delimiter_of(read)
    lines = read.source.lines if read.source is not None else []
    last = next((line for line in reversed(lines) if line.strip()), "")
    return _Layout(newline, delimiter, _quotes_all(last, delimiter), encoding)


def _delimiter_of(read: AssessmentRead) -> str:
    """The character before the heading row's second cell: the file's delimiter."""
    heading, source = read.heading, read.source
    assert heading is not None
    assert source is not None
    if len(heading.cells) < 2:
        return ","
    text = source.lines[heading.line_of(1) - 1]
    index = heading.column_of(1) - 2
    return text[index] if 0 <= index < len(text) and text[index] in ",;\t" else ","


def _quotes_all(line: str, delimiter: str) -> bool:
    """True when ``line`` (the file's last line) quotes every cell, as some form exports do."""
    if not line.startswith('"'):
        return False
    cells = next(csv.reader([line], delimiter=delimiter), [])
    return _format(cells, delimiter, quote_all=True) == line


def _format(cells: list[str], delimiter: str, *, quote_all: bool) -> str:
    buffer = io.StringIO()
    writer = csv.writer(
        buffer,
        delimiter=delimiter,
        quoting=csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL,
        lineterminator="",
    )
    writer.writerow(cells)
    return buffer.getvalue()


def _row_text(width: int, columns: dict[int, str], answers: Answers, layout: _Layout) -> str:
    """The new row: an answer under each aspect's heading, the country under its own."""
    cells = [""] * max(width, max(columns, default=0) + 1)
    for index, target in columns.items():
        if target == COUNTRY:
            cells[index] = answers.country or ""
        elif target in answers.ratings:
            cells[index] = format_number(answers.ratings[target])
    return _format(cells, layout.delimiter, quote_all=layout.quote_all) + layout.newline


def _unreadable(shown: str) -> Diagnostic:  # pragma: no cover - the check refuses it first
    return Diagnostic(
        codes.ASSESSMENT_FILE,
        f"{shown} cannot be read as a self-assessment; run `facilitation check`",
        Location(shown),
    )


def _check_read_back(
    before: AssessmentRead, after: AssessmentRead, answers: Answers, line: int, shown: str
) -> int:
    """The respondents now; refused unless ``after`` has one more, the new one, no new problem."""
    old = {_key(d) for d in before.diagnostics}
    new = [d for d in after.diagnostics if _key(d) not in old]
    if new:
        raise InputError(new)
    expected = Response(line, answers.ratings, answers.country)
    assert before.assessment is not None
    responses = after.assessment.responses if after.assessment is not None else []
    if len(responses) != len(before.assessment.responses) + 1 or responses[-1] != expected:
        raise UserError(
            f"{shown} would not read back with the new response; nothing was written",
            hint="run `facilitation check` on the workshop, and add the answers in the file",
        )
    return len(responses)


def _key(diagnostic: Diagnostic) -> tuple[str, str, int | None, int | None]:
    location = diagnostic.location
    return diagnostic.code, diagnostic.message, location.line, location.column


def _write(
    lock: FileLock, target: Path, data: bytes, digest: str, shown: str, commit: CommitPoint
) -> None:
    """Write ``data`` over the locked file, unless it changed since it was read."""
    if not lock.unchanged(digest):
        raise ConcurrentEditError(
            f"{shown} changed on disk while the response was prepared; nothing was written",
            hint="run the command again to add the response to the new version",
        )
    atomic_write(target, data, keep_mode=True, on_commit=commit.commit)


# --- a new file ---------------------------------------------------------------------------------


def _create(
    workshop: Workshop, ratings: list[str], country: str | None, asker: Asker | None
) -> RecordedResponse:
    """Create ``<workshop>-assessment.csv`` with the response, and name it in the workshop."""
    name = f"{workshop.path.stem}-assessment.csv"
    path = workshop.path.parent / name
    shown = display_path(path)
    if path.exists() or path.is_symlink():
        raise UserError(
            f"the workshop names no self-assessment, and {shown} already exists; nothing was "
            "written",
            hint=f"name it in the workshop file (`assessment: {name}`) and run the command again",
        )
    spec = AssessmentFile(file=name)
    with_country = workshop.national_country is not None or bool(workshop.programme.countries)
    heading = (["Country"] if with_country else []) + [english for *_, english in list_aspects()]
    columns = dict(enumerate([COUNTRY] if with_country else []))
    columns |= {len(columns) + i: aspect for i, (_, aspect, _) in enumerate(list_aspects())}
    answers = collect_answers(workshop, columns, spec.bounds, (ratings, country), asker)
    layout = _Layout("\n", ",", quote_all=False, encoding="utf-8")
    head = _format(heading, ",", quote_all=False) + "\n"
    data = (head + _row_text(len(heading), columns, answers, layout)).encode("utf-8")
    reference = Location(display_path(workshop.path))
    after = read_assessment_bytes(data, spec, shown, reference)
    _check_new_file(after, answers, shown)
    with Snapshot.read(workshop.path) as snapshot, CommitPoint() as commit:
        text = _with_assessment_key(snapshot.text, name)
        encoded = (("\ufeff" if snapshot.bom else "") + text).encode("utf-8")
        target = writable_target(workshop.path)
        lock = snapshot.lock or lock_target(workshop.path)
        # NOTE: the workshop is checked with the new file in place; until the workshop names
        # it (the commit point), any failure or interrupt removes it again.
        atomic_write(path, data, exclusive=True)
        try:
            _check_workshop(workshop.path, text)
            _write(lock, target, encoded, snapshot.digest, display_path(workshop.path), commit)
        except BaseException:
            if not commit.committed:
                with contextlib.suppress(FileNotFoundError):
                    path.unlink()
            raise
    return RecordedResponse(path, 2, 1, created=True, workshop=workshop.path)


def _check_new_file(read: AssessmentRead, answers: Answers, shown: str) -> None:
    """The new file must read back as one response, the one given, with no problem."""
    if read.diagnostics:  # pragma: no cover - the file is written from the catalogue
        raise InputError(read.diagnostics)
    expected = Response(2, answers.ratings, answers.country)
    if read.assessment is None or read.assessment.responses != [expected]:  # pragma: no cover
        raise UserError(f"{shown} would not read back with the new response; nothing was written")


def _with_assessment_key(text: str, name: str) -> str:
    """``text`` with ``assessment: NAME`` on a line of its own at the end."""
    newline = "\r\n" if "\r\n" in text else "\n"
    value = name if _PLAIN_NAME.match(name) else quote(name)
    lead = newline if text and not text.endswith("\n") else ""
    return f"{text}{lead}assessment: {value}{newline}"


def _check_workshop(path: Path, text: str) -> None:
    """The workshop with ``assessment:`` must check without errors (the new file is there)."""
    loader = Loader()
    loader.preload(path, text)
    report = analyse_paths_with([path], loader)
    errors = [d for d in report.diagnostics if d.is_error]
    if errors:
        raise InputError(errors)


__all__ = ["RecordedResponse", "record_response"]
