"""Write files so that nothing is ever half-written.

Every output is written to a temporary file in the target folder, flushed to disk and then renamed
over the target in one step (``os.replace``). After a failure or an interrupt, the target is either
the old file or the complete new one, and the temporary file is removed.

Temporary files are named ``.~tmp-*`` and lock files ``.~lock-*`` (:func:`is_scratch_file`); they
are never read as input. A process killed between creating its temporary file and the rename
cannot remove it; the next write into that folder removes it once it is :data:`STALE_AFTER`
seconds old (see :func:`remove_stale_temporaries`).

The rename is the commit point: Ctrl-C is held off while it runs, so an interrupt lands either
before it (nothing was written) or after it (the file is written; see :class:`CommitPoint`).
:class:`FileLock` lets a writer hold a file from the moment it reads it until its rename.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import signal
import stat
import sys
import tempfile
import threading
import time
import weakref
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from types import FrameType, TracebackType
from typing import Any

from facilitation.errors import UserError, display_path

#: Mode of files that hold contact details: readable by the owner only.
PRIVATE_MODE = 0o600
_RETRIES = 5

#: Name prefixes of the files this module leaves beside a target for a moment.
TEMPORARY_PREFIX = ".~tmp-"
LOCK_PREFIX = ".~lock-"

#: A temporary file not touched for this long belongs to a writer that was killed.
#:
#: Why an age: a temporary file lives from ``mkstemp`` to the rename, and the data is rendered in
#: memory before it, so a live writer's file is seconds old at most; whether its writer still
#: lives cannot be asked portably (a PID may be reused, or be on another machine sharing the
#: folder). The age is measured against the writer's own new temporary file, so it compares two
#: times of the same file system and a clock difference with a network share does not matter. If a
#: writer is ever slower than this, its rename fails and it says so: nothing is half-written.
STALE_AFTER = 60.0


def is_scratch_file(path: Path) -> bool:
    """True for the temporary and lock files of a write: never input, whatever their suffix."""
    return path.name.startswith((TEMPORARY_PREFIX, LOCK_PREFIX))


def atomic_write(
    target: Path,
    data: bytes,
    *,
    private: bool = False,
    keep_mode: bool = True,
    exclusive: bool = False,
    on_commit: Callable[[], None] | None = None,
    durable: bool = True,
) -> None:
    """Write ``data`` to ``target`` atomically.

    Args:
        target: the file to write (a link is replaced; resolve it first to write through it).
        data: its whole content.
        private: make the file readable by its owner only (files with contact details).
        keep_mode: when replacing a file, keep its permissions (unless ``private``).
        exclusive: refuse if ``target`` exists (checked without a race on POSIX).
        on_commit: called right after the rename, with Ctrl-C still held off (see
            :class:`CommitPoint`).
        durable: flush the file and its folder to disk before returning. ``False`` for a
            writer that makes many files durable at once with :func:`sync_written` (after a
            crash such a file is the old one, the new one or empty, never a mix of the two).

    Raises:
        UserError: the folder cannot be written (or a file is where a folder should be), the
            file is open in another program, or ``exclusive`` and the file exists.
    """
    folder = target.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
        descriptor, temporary = tempfile.mkstemp(
            dir=folder, prefix=TEMPORARY_PREFIX, suffix=target.suffix
        )
    except OSError as error:
        raise _folder_error(target, error) from None
    temp_path = Path(temporary)
    try:
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(data)
            stream.flush()
            if durable:
                os.fsync(stream.fileno())
        remove_stale_temporaries(folder, now=temp_path.stat().st_mtime, keep=temp_path)
        mode = _target_mode(target, private=private, keep_mode=keep_mode)
        temp_path.chmod(mode)
        with _interrupts_held():
            if exclusive:
                _link_exclusive(temp_path, target)
            else:
                _replace(temp_path, target)
            if on_commit is not None:
                on_commit()
        if durable:
            _sync_folder(folder)
    except OSError as error:
        raise _write_error(target, error) from None
    finally:
        with contextlib.suppress(FileNotFoundError):
            temp_path.unlink()


def sync_written(paths: Iterable[Path]) -> None:
    """Flush to disk the files written with ``durable=False`` and their folders, in one step.

    POSIX: one ``sync`` of the file systems (cheaper than two ``fsync`` per file). Elsewhere
    each file is flushed.
    """
    sync = getattr(os, "sync", None)
    if sync is not None and sys.platform != "win32":
        sync()
        return
    for path in paths:  # pragma: no cover - Windows
        with contextlib.suppress(OSError), path.open("rb+") as stream:
            os.fsync(stream.fileno())


def remove_stale_temporaries(
    folder: Path,
    *,
    now: float,
    keep: Path | None = None,
    suffix: str = "",
) -> list[Path]:
    """Remove the ``.~tmp-*<suffix>`` files in ``folder`` older than :data:`STALE_AFTER`.

    Their age is counted back from ``now``, a time of the same file system (the modification
    time of a file just created there). A caller that holds the folder's lock passes
    ``math.inf``: every one is then a leftover. Returns the files removed; a file that cannot
    be removed is left.
    """
    removed = []
    with contextlib.suppress(OSError), os.scandir(folder) as entries:
        for entry in entries:
            name = entry.name
            if not (name.startswith(TEMPORARY_PREFIX) and name.endswith(suffix)):
                continue
            if entry.path == str(keep):
                continue
            with contextlib.suppress(OSError):
                info = entry.stat(follow_symlinks=False)
                if stat.S_ISREG(info.st_mode) and now - info.st_mtime > STALE_AFTER:
                    stale = Path(entry.path)
                    stale.unlink()
                    removed.append(stale)
    return removed


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


def _folder_error(target: Path, error: OSError) -> UserError:
    """Why the folder of ``target`` cannot take a file: most often, a file is in its place."""
    for folder in (target.parent, *target.parent.parents):
        if folder.is_dir():
            break
        if folder.exists():
            return UserError(
                f"cannot write {display_path(target)}: "
                f"`{display_path(folder)}` is a file, not a folder",
                hint="choose another output folder, or move that file away",
            )
    if isinstance(error, FileExistsError):  # pragma: no cover - not "the target exists"
        error = OSError(error.errno, error.strerror or str(error))
    return _write_error(target, error)


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


# --- the commit point: Ctrl-C before or after the rename, never in between ---------------------


@contextlib.contextmanager
def _interrupts_held() -> Iterator[None]:
    """Hold Ctrl-C (SIGINT) back while the rename runs; it is delivered when this block ends."""
    if sys.platform == "win32":  # pragma: no cover - no signal masks; the window is a few bytecodes
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


class CommitPoint:
    """Ctrl-C before the commit interrupts as usual; after it, the block runs to its end.

    ``with CommitPoint() as point: atomic_write(..., on_commit=point.commit); ...`` Before the
    rename an interrupt raises ``KeyboardInterrupt`` (nothing was written, and the caller can say
    so). Once the file is renamed into place, the change is made: an interrupt is only noted in
    :attr:`interrupted`, and the block finishes, so the caller reports what it wrote rather than
    "nothing was written". Only the main thread receives signals; elsewhere this does nothing.
    """

    def __init__(self) -> None:
        self.committed = False
        self.interrupted = False
        self._previous: Callable[[int, FrameType | None], Any] | None = None

    def commit(self) -> None:
        """The change is on disk (called by :func:`atomic_write` right after the rename)."""
        self.committed = True

    def __enter__(self) -> CommitPoint:
        if threading.current_thread() is threading.main_thread():
            previous = signal.getsignal(signal.SIGINT)
            if callable(previous):  # not when Ctrl-C is ignored or handled outside Python
                self._previous = previous
                signal.signal(signal.SIGINT, self._on_interrupt)
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if self._previous is not None:
            signal.signal(signal.SIGINT, self._previous)
            self._previous = None

    def _on_interrupt(self, number: int, frame: FrameType | None) -> None:
        if self.committed:
            self.interrupted = True
            return
        if self._previous is not None:
            self._previous(number, frame)
        else:  # pragma: no cover - the handler is installed only with a previous one
            raise KeyboardInterrupt


# --- holding a file from the read to the rename ------------------------------------------------

_LOCK_POLL = 0.02
#: The errors of a file system that cannot ``flock``: a lock file is used there instead.
NO_FLOCK = {errno.ENOLCK, errno.EOPNOTSUPP, errno.ENOTSUP, errno.ENOSYS, errno.EINVAL}


class FileLock:
    """An exclusive advisory lock on a file, held from a read of it to the rename that replaces it.

    POSIX: ``flock`` on the file itself. There is no lock file to leave behind, even when the
    process is killed (the kernel drops the lock with the process). The rename puts a new file in
    the old one's place; a writer that was waiting then holds the old file, sees that it is no
    longer the one at the path, and locks the new one.

    Windows, or a file system without ``flock``: filelock's ``FileLock`` on a hidden
    ``.~lock-NAME`` beside the file (``os.replace`` fails on Windows while any program holds the
    target open, so the file itself cannot be held). It is never read as input.

    Only writers that take the lock wait for each other. A program that saves the file without it
    (an editor) is caught by comparing the bytes before the rename (:meth:`unchanged`).
    """

    def __init__(self, path: Path, descriptor: int | None, fallback: Any = None) -> None:
        self.path = path
        self._descriptor = descriptor
        self._fallback = fallback
        self._thread = threading.get_ident()
        # NOTE: a lock that is never released is released when the object goes away.
        self._closer = weakref.finalize(self, _close_lock, descriptor, fallback)

    @classmethod
    def acquire(cls, path: Path, *, timeout: float) -> FileLock:
        """Lock ``path`` (a file, not a link), waiting at most ``timeout`` seconds.

        Raises:
            TimeoutError: another writer held it for longer.
            OSError: the file cannot be opened.
        """
        deadline = time.monotonic() + timeout
        if sys.platform == "win32":  # pragma: no cover
            return cls._with_lock_file(path, deadline)
        while True:
            descriptor = _open_for_lock(path)
            try:
                key = _file_key(descriptor)
                earlier = _HELD.get(key)
                if earlier is not None and earlier._thread == threading.get_ident():
                    # A thread never waits for itself: a lock it still holds on this file was
                    # left by a read whose write never came (a refused entry, say).
                    earlier.release()
                flock_until(descriptor, deadline)
                if _is_file_at(descriptor, path):
                    lock = cls(path, descriptor)
                    _HELD[key] = lock
                    return lock
            except OSError as error:
                os.close(descriptor)
                if isinstance(error, TimeoutError) or error.errno not in NO_FLOCK:
                    raise
                return cls._with_lock_file(path, deadline)  # pragma: no cover - e.g. some FUSE
            except BaseException:
                os.close(descriptor)
                raise
            # The file was replaced while this writer waited: lock the new one.
            os.close(descriptor)
            if time.monotonic() >= deadline:  # pragma: no cover - replaced again and again
                raise TimeoutError(errno.ETIMEDOUT, "replaced again and again")

    @classmethod
    def _with_lock_file(cls, path: Path, deadline: float) -> FileLock:  # pragma: no cover
        lock = acquire_lock_file(path.with_name(f"{LOCK_PREFIX}{path.name}"), deadline)
        return cls(path, None, lock)

    @property
    def held(self) -> bool:
        """True until :meth:`release`."""
        return self._closer.alive

    def read(self) -> bytes:
        """The bytes of the locked file."""
        if self._descriptor is None:  # pragma: no cover - Windows
            return self.path.read_bytes()
        os.lseek(self._descriptor, 0, os.SEEK_SET)
        chunks = []
        while chunk := os.read(self._descriptor, 1 << 20):
            chunks.append(chunk)
        return b"".join(chunks)

    def unchanged(self, digest: str) -> bool:
        """True when the file at the path still holds the bytes whose SHA-256 is ``digest``."""
        try:
            if self._descriptor is not None and not _is_file_at(self._descriptor, self.path):
                return False  # replaced by a rename (an editor's save)
            return hashlib.sha256(self.read()).hexdigest() == digest
        except OSError:
            return False

    def release(self) -> None:
        """Let the next writer in (again: nothing)."""
        self._closer()


#: The locks this process holds (on POSIX), by file.
_HELD: weakref.WeakValueDictionary[tuple[int, int], FileLock] = weakref.WeakValueDictionary()


def _file_key(descriptor: int) -> tuple[int, int]:
    opened = os.fstat(descriptor)
    return opened.st_dev, opened.st_ino


def _close_lock(descriptor: int | None, fallback: Any) -> None:
    if descriptor is not None:
        os.close(descriptor)  # closing the last descriptor drops the flock
    if fallback is not None:  # pragma: no cover - Windows
        fallback.release()


def _open_for_lock(path: Path) -> int:
    flags = getattr(os, "O_CLOEXEC", 0)
    try:
        # NOTE: NFS emulates flock with byte-range locks, which need a file open for writing.
        return os.open(path, os.O_RDWR | flags)
    except PermissionError:
        return os.open(path, os.O_RDONLY | flags)


def flock_until(descriptor: int, deadline: float) -> None:
    """Take an exclusive ``flock`` on ``descriptor``, polling until ``deadline`` (monotonic).

    Raises:
        TimeoutError: another process held it until the deadline.
        OSError: the file system cannot lock (its ``errno`` is in :data:`NO_FLOCK`), or another
            failure.
    """
    import fcntl

    while True:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if time.monotonic() >= deadline:
                raise TimeoutError(errno.ETIMEDOUT, "held by another writer") from None
            time.sleep(_LOCK_POLL)


def acquire_lock_file(path: Path, deadline: float) -> Any:
    """Filelock's lock on the lock file ``path``, acquired by ``deadline`` (monotonic).

    Where ``flock`` is missing (Windows, some network file systems).

    Raises:
        TimeoutError: another process held it until the deadline (filelock's ``Timeout``).
    """
    import filelock

    lock = filelock.FileLock(str(path), timeout=max(0.0, deadline - time.monotonic()))
    lock.acquire()
    return lock


def _is_file_at(descriptor: int, path: Path) -> bool:
    """True when ``descriptor`` is still the file at ``path`` (not renamed over or deleted)."""
    opened = os.fstat(descriptor)
    try:
        current = path.stat()
    except FileNotFoundError:
        return False
    return opened.st_nlink > 0 and os.path.samestat(opened, current)
