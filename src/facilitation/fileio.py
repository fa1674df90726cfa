"""Write files so that nothing is ever half-written.

Every output is written to a temporary file in the target folder, flushed to disk and then renamed
over the target in one step (``os.replace``). After a failure or an interrupt, the target is either
the old file or the complete new one, and the temporary file is removed.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import sys
import tempfile
import time
from pathlib import Path

from facilitation.errors import UserError, display_path

#: Mode of files that hold contact details: readable by the owner only.
PRIVATE_MODE = 0o600
_RETRIES = 5


def atomic_write(
    target: Path,
    data: bytes,
    *,
    private: bool = False,
    keep_mode: bool = True,
    exclusive: bool = False,
) -> None:
    """Write ``data`` to ``target`` atomically.

    Args:
        target: the file to write.
        data: its whole content.
        private: make the file readable by its owner only (files with contact details).
        keep_mode: when replacing a file, keep its permissions (unless ``private``).
        exclusive: refuse if ``target`` exists (checked without a race on POSIX).

    Raises:
        UserError: the folder cannot be written, the file is open in another program, or
            ``exclusive`` and the file exists.
    """
    folder = target.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
        descriptor, temporary = tempfile.mkstemp(dir=folder, prefix=".~tmp-", suffix=target.suffix)
    except OSError as error:
        raise _write_error(target, error) from None
    temp_path = Path(temporary)
    try:
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        mode = _target_mode(target, private=private, keep_mode=keep_mode)
        temp_path.chmod(mode)
        if exclusive:
            _link_exclusive(temp_path, target)
        else:
            _replace(temp_path, target)
        _sync_folder(folder)
    except OSError as error:
        raise _write_error(target, error) from None
    finally:
        with contextlib.suppress(FileNotFoundError):
            temp_path.unlink()


def _target_mode(target: Path, *, private: bool, keep_mode: bool) -> int:
    if private:
        return PRIVATE_MODE
    if keep_mode:
        with contextlib.suppress(FileNotFoundError):
            return stat.S_IMODE(target.stat().st_mode)
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _replace(source: Path, target: Path) -> None:
    for attempt in range(_RETRIES):
        try:
            source.replace(target)
            return
        except PermissionError:
            # NOTE: on Windows the rename fails while Word or an indexer holds the file open.
            if sys.platform != "win32" or attempt == _RETRIES - 1:
                raise
            time.sleep(0.2 * (attempt + 1))


def _link_exclusive(source: Path, target: Path) -> None:
    if sys.platform == "win32":  # pragma: no cover - os.rename refuses an existing target there
        source.rename(target)
        return
    try:
        os.link(source, target)
    except FileExistsError:
        raise
    except OSError as error:
        if error.errno not in (errno.EPERM, errno.ENOTSUP, errno.EXDEV):
            raise
        # File systems without hard links: a best-effort check, then a plain rename.
        if target.exists():
            raise FileExistsError(errno.EEXIST, "exists", str(target)) from None
        source.rename(target)


def _sync_folder(folder: Path) -> None:
    if sys.platform == "win32":  # pragma: no cover
        return
    with contextlib.suppress(OSError):
        descriptor = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)


def _write_error(target: Path, error: OSError) -> UserError:
    shown = display_path(target)
    if isinstance(error, FileExistsError):
        return UserError(f"{shown} already exists; it was left as it is")
    lock = target.with_name(f"~${target.name}")
    if isinstance(error, PermissionError) and lock.exists():
        return UserError(
            f"cannot write {shown}: it is open in Word", hint="close it in Word and run again"
        )
    reason = error.strerror or str(error)
    if isinstance(error, PermissionError):
        return UserError(
            f"cannot write {shown}: permission denied",
            hint="choose another output folder with -o, or close the program that has it open",
        )
    return UserError(f"cannot write {shown}: {reason}")
