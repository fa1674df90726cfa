"""Read a regular file safely: never a folder, a pipe or a device, within a size limit, as UTF-8.

A file that cannot be read gives a diagnostic that says why; a file that is not UTF-8 gives the
line and column of its first bad byte, lines counted as an editor counts them (see
:mod:`facilitation.source_map`).
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
from collections.abc import Iterator
from pathlib import Path

from facilitation import codes
from facilitation.errors import Diagnostic, Location

#: Files larger than this are refused before parsing.
MAX_FILE_BYTES = 4 * 1024 * 1024

#: Line ends as an editor counts them (as :func:`facilitation.source_map.split_lines` does), in
#: bytes.
_LINE_END_BYTES = re.compile(rb"\r\n|\r|\n")


#: The paths read or looked at while :func:`recording_touched` runs; ``None`` when it does not.
#:
#: Why: ``check`` answers from its cache only while nothing it looked at has changed
#: (:mod:`facilitation.checking.cache`); every place that reads or probes an input file
#: calls :func:`note_touched` (reading through :func:`read_regular_file` does so by itself).
touched: set[Path] | None = None


def note_touched(path: Path) -> None:
    """Note that the analysis read or looked at ``path``: a file or folder, or a missing one."""
    if touched is not None:
        touched.add(path)


@contextlib.contextmanager
def recording_touched() -> Iterator[set[Path]]:
    """Collect every path noted by :func:`note_touched` in this block, into the set it yields."""
    # NOTE: a module global, not a parameter through every reader: one command records at a time.
    global touched
    previous, touched = touched, set()
    try:
        yield touched
    finally:
        touched = previous


class NotAFileError(OSError):
    """The path is a folder, a pipe, a device or a socket: nothing that is read as a file."""

    def __init__(self, what: str) -> None:
        super().__init__(what)
        #: What the path is, in words: "a folder", "a pipe", ...
        self.what = what


class TooLargeError(OSError):
    """The file is larger than the limit it is read with."""

    def __init__(self, size: int) -> None:
        super().__init__(f"{size} bytes")
        #: The size found: the size on disk, or more than the limit when it grew while read.
        self.size = size


def _kind_of(mode: int) -> str | None:
    """What a path with ``mode`` is when it is not a regular file, in words."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a pipe (such as `<(...)` in a shell gives), not a file"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device, not a file"
    if stat.S_ISSOCK(mode):
        return "a socket, not a file"
    return "not a regular file"


def read_regular_file(path: Path, limit: int) -> bytes:
    """The bytes of the regular file at ``path``, at most ``limit`` of them.

    The path is looked at (``stat``) before it is opened: a folder, a pipe (a FIFO, or the
    ``/dev/fd/N`` of a shell's process substitution), a device such as ``/dev/zero`` or a
    socket is never opened or read, and raises :class:`NotAFileError`. The file is opened
    without blocking and checked again (it may have been replaced in between), and no more than
    ``limit + 1`` bytes are read, so that a file that grows is refused too
    (:class:`TooLargeError`).

    Raises:
        FileNotFoundError, NotADirectoryError, PermissionError, OSError: as :func:`os.stat` and
            :func:`os.open` raise them.
        NotAFileError: the path is not a regular file.
        TooLargeError: the file is larger than ``limit``.
    """
    note_touched(path)
    info = path.stat()
    what = _kind_of(info.st_mode)
    if what is not None:
        raise NotAFileError(what)
    if info.st_size > limit:
        raise TooLargeError(info.st_size)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    descriptor = os.open(path, flags)
    try:
        what = _kind_of(os.fstat(descriptor).st_mode)
        if what is not None:
            raise NotAFileError(what)
        chunks: list[bytes] = []
        total = 0
        while total <= limit:
            chunk = os.read(descriptor, min(1 << 20, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        if total > limit:
            raise TooLargeError(total)
        return b"".join(chunks)
    finally:
        os.close(descriptor)


def read_text(path: Path, file: str) -> tuple[str | None, list[Diagnostic]]:
    """Read ``path`` as UTF-8 text (a BOM is allowed), within the size limit.

    Only a regular file is read: a folder, a pipe or a device is refused by what it is, before
    it is opened (see :func:`read_regular_file`).

    Returns the text, or ``None`` and the diagnostics that say why it could not be read.
    """
    try:
        raw = read_regular_file(path, MAX_FILE_BYTES)
    except TooLargeError as error:
        return None, [
            Diagnostic(
                codes.FILE_TOO_LARGE,
                f"the file is {error.size / 1048576:.1f} MB; files up to "
                f"{MAX_FILE_BYTES // 1048576} MB are read",
                Location(file),
                hint="split it, or keep long lists such as participants in a CSV file",
            )
        ]
    except FileNotFoundError:
        return None, [Diagnostic(codes.FILE_NOT_FOUND, "the file does not exist", Location(file))]
    except NotAFileError as error:
        return None, [
            Diagnostic(
                codes.FILE_NOT_FOUND,
                f"this is {error.what}; it is not read",
                Location(file),
                hint="save the text to a file and name that file",
            )
        ]
    except IsADirectoryError:
        return None, [
            Diagnostic(codes.FILE_NOT_FOUND, "this is a folder, not a file", Location(file))
        ]
    except OSError as error:
        reason = error.strerror or str(error)
        return None, [
            Diagnostic(codes.FILE_NOT_FOUND, f"the file cannot be read: {reason}", Location(file))
        ]
    return decode_utf8(raw, file)


def decode_utf8(raw: bytes, file: str) -> tuple[str | None, list[Diagnostic]]:
    """Decode ``raw`` as UTF-8 (with or without BOM); name the byte position if it is not."""
    try:
        return raw.decode("utf-8-sig"), []
    except UnicodeDecodeError as error:
        start = error.start
        before = raw[:start]
        breaks = list(_LINE_END_BYTES.finditer(before))
        line_start = breaks[-1].end() if breaks else 0
        # NOTE: the bytes before the bad one on its line are valid UTF-8: count their characters.
        column = len(raw[line_start:start].decode("utf-8-sig", errors="replace")) + 1
        return None, [
            Diagnostic(
                codes.NOT_UTF8,
                f"the byte at offset {start} (0x{raw[start]:02X}) is not valid UTF-8; "
                "the file must be saved as UTF-8",
                Location(file, len(breaks) + 1, column),
                hint="in your editor, choose 'Save with encoding' and pick UTF-8",
            )
        ]
