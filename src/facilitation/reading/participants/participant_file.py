"""Find and read the participant file a workshop names, and pick its reader by its suffix.

Only a regular file is read: a folder, a pipe (a shell's ``<(...)``) or a device such as
``/dev/zero`` is refused by what it is, before it is opened. The readers hand out the file's
rows one at a time, and :func:`~.table.read_rows` validates each as it comes: a file is never
held as a list of rows, and one with too many rows is refused when the limit is passed.
"""

from __future__ import annotations

import codecs
from collections.abc import Iterator
from pathlib import Path

from facilitation import codes
from facilitation.errors import Diagnostic, Location
from facilitation.model.workshop import ParticipantFile
from facilitation.reading.participants.csv_file import read_csv
from facilitation.reading.participants.encoding import LEGACY_ENCODINGS
from facilitation.reading.participants.rows import Row
from facilitation.reading.participants.table import ParticipantTable, read_rows
from facilitation.reading.participants.xlsx_file import xlsx_rows
from facilitation.suggest import did_you_mean
from facilitation.textfile import (
    MAX_FILE_BYTES,
    NotAFileError,
    TooLargeError,
    read_regular_file,
)

#: The encodings a registration export is in, as suggested for an unknown one.
_ENCODINGS = ["utf-8", *LEGACY_ENCODINGS]
#: A participant file may be this much larger than a workshop file.
_MAX_BYTES = 8 * MAX_FILE_BYTES


def read_participant_file(
    spec: ParticipantFile, base_dir: Path, shown_base: str, reference: Location
) -> ParticipantTable:
    """Read the participant file that ``spec`` names, relative to ``base_dir``.

    Args:
        spec: The participant file as the workshop file names it, with its sheet and columns.
        base_dir: The folder of the workshop file.
        shown_base: How ``base_dir`` is shown in messages ("" for the current folder).
        reference: Where the workshop file names the participant file (for "file not found").

    Returns:
        The participants, where each came from, the file's source map and every problem found.
    """
    path = base_dir / spec.file
    shown = str(Path(shown_base) / spec.file) if shown_base else spec.file
    table = ParticipantTable()
    raw = _read_bytes(path, spec.file, shown, reference, table.diagnostics)
    if raw is None:
        return table
    suffix = path.suffix.lower()
    rows: Iterator[Row] | None
    if suffix in (".xlsx", ".xlsm"):
        rows, source = xlsx_rows(raw, shown, spec.sheet, table.diagnostics, reference)
    elif suffix in (".csv", ".txt", ".tsv"):
        if not _known_encoding(spec.encoding, reference, table.diagnostics):
            return table
        rows, source = read_csv(raw, shown, table.diagnostics, spec.encoding)
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
        read_rows(rows, spec, shown, source, table)
    return table


def _known_encoding(
    encoding: str | None, reference: Location, diagnostics: list[Diagnostic]
) -> bool:
    """True when the workshop gives no encoding, or one that Python knows (else an error)."""
    if encoding is None:
        return True
    try:
        codecs.lookup(encoding)
    except LookupError:
        diagnostics.append(
            Diagnostic(
                codes.PARTICIPANTS_FORMAT,
                f"`{encoding}` is not an encoding",
                reference,
                hint=did_you_mean(encoding, _ENCODINGS, "encodings: " + ", ".join(_ENCODINGS)),
            )
        )
        return False
    return True


def _read_bytes(
    path: Path, name: str, shown: str, reference: Location, diagnostics: list[Diagnostic]
) -> bytes | None:
    """The bytes of the file at ``path``, or None (with an error) when it cannot be read.

    ``name`` is the file as the workshop names it; ``shown`` is its path as shown in messages.
    A path that is not a regular file is refused before it is opened.
    """
    try:
        return read_regular_file(path, _MAX_BYTES)
    except TooLargeError as error:
        diagnostics.append(
            Diagnostic(
                codes.FILE_TOO_LARGE,
                f"the participant file `{name}` is {error.size / 1048576:.1f} MB; "
                f"up to {_MAX_BYTES // 1048576} MB is read",
                reference,
            )
        )
    except NotAFileError as error:
        if error.what == "a folder":
            diagnostics.append(_not_found(name, shown, reference))
        else:
            diagnostics.append(
                Diagnostic(
                    codes.PARTICIPANTS_FORMAT,
                    f"the participant file `{name}` is {error.what}; it is not read",
                    reference,
                    hint="save the registrations to a CSV or .xlsx file and name that file",
                )
            )
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
        diagnostics.append(_not_found(name, shown, reference))
    except OSError as error:
        diagnostics.append(
            Diagnostic(
                codes.PARTICIPANTS_NOT_FOUND,
                f"the participant file `{name}` cannot be read: {error.strerror or error}",
                reference,
            )
        )
    return None


def _not_found(name: str, shown: str, reference: Location) -> Diagnostic:
    return Diagnostic(
        codes.PARTICIPANTS_NOT_FOUND,
        f"the participant file `{name}` does not exist (looked in {shown})",
        reference,
        hint="give the path relative to the workshop file",
    )
