"""Write a build's documents into the output folder: atomically, and never over someone's edits.

``build`` keeps a record of what it wrote, at the top of the output folder
(``OUT/.facilitation-build.json``): for each workshop folder, each file's name, SHA-256 and size,
the document it is, and whether it holds contact details. Before a folder is written, every file
the build would replace or remove is compared with that record:

- a file that is what the last build wrote is replaced (or removed, when this build no longer
  makes it);
- a file that differs from it (edited in Word since), or that no build recorded (a folder that
  held documents before), is kept, and the build refuses that folder: nothing of it is written,
  and each such file is named. ``--force`` replaces and removes them anyway.

Why the record sits at the top and not in each workshop's folder: a workshop's folder is what
people zip and send, and holds the documents only. Why a file no build recorded is kept: nothing
tells a document that an older version of the tool wrote from one that someone put there or
edited, and losing someone's work silently is the failure this guards against; ``--force`` says
"these are mine to replace". A file that already holds exactly what the build would write is taken
into the record without a question.

Writing holds the output folder (a second build into it waits for the first). Each workshop's
folder is written in three steps: the record lists the new files together with what they replace;
the files are written one by one, each atomically; the files no longer made are removed. When
every folder is written, the files are flushed to disk in one step and the record is written
again, naming the new files only. The first step is the commit point: Ctrl-C before it stops
with nothing of the folder written, Ctrl-C after it lets the folder finish first. An interrupted
or failed build leaves a record that accepts the old and the new version of each file, so the
next build goes on without a question. Temporary files that a killed build left in a folder are
removed.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import math
import os
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from facilitation.documents.registry import DocumentSpec
from facilitation.errors import UserError, display_path
from facilitation.fileio import (
    NO_FLOCK,
    CommitPoint,
    acquire_lock_file,
    atomic_write,
    flock_until,
    remove_stale_temporaries,
    sync_written,
)

#: The record of what ``build`` wrote, at the top of the output folder.
MANIFEST_NAME = ".facilitation-build.json"
#: The record of ``facilitation site``: a site and documents may share a folder, and neither
#: removes what the other wrote.
SITE_MANIFEST_NAME = ".facilitation-site.json"
#: Held while a build writes into the output folder, where ``flock`` cannot hold the folder.
LOCK_NAME = ".facilitation-build.lock"
MANIFEST_FORMAT = 1
#: How long a build waits for another build that writes into the same folder.
LOCK_TIMEOUT_SECONDS = 30


@dataclass(frozen=True)
class BuiltFile:
    """A file that ``build`` wrote, for a workshop, an agreement or the synthesis."""

    subject: str
    path: Path
    size: int
    purpose: str
    private: bool


@dataclass(frozen=True)
class PlannedFile:
    """A rendered file, not yet written: its name in the folder, the document it is, its bytes."""

    name: str
    document: str
    data: bytes
    purpose: str
    #: Holds contact details: readable by its owner only, and removed by a ``--shared`` build.
    private: bool


@dataclass
class FolderPlan:
    """Everything a build writes into ``OUT/<subject>/``, rendered and ready."""

    subject: str
    #: The workshop or agreement file it is built from.
    source: Path
    files: list[PlannedFile] = field(default_factory=list)
    #: The documents this build makes for the folder (``--only``); ``None``: all of them. A file
    #: of a document left out stays as it is.
    selected: frozenset[str] | None = None
    #: A ``--shared`` build: files with contact details from earlier builds are removed.
    shared: bool = False
    #: The names that documents with contact details have in this folder (Word and PDF): in a
    #: ``--shared`` build, such a file is removed even when no build recorded it.
    contact_files: frozenset[str] = frozenset()


@dataclass(frozen=True)
class RemovedFile:
    """A file of an earlier build that this build removed, and why."""

    path: Path
    reason: str

    @property
    def name(self) -> str:
        """The file's name."""
        return self.path.name


@dataclass(frozen=True)
class KeptFile:
    """A file the build would have replaced or removed, kept because it was changed by hand."""

    subject: str
    path: Path
    reason: str


@dataclass
class WriteOutcome:
    """What writing the plans did."""

    written: list[BuiltFile] = field(default_factory=list)
    removed: list[RemovedFile] = field(default_factory=list)
    kept: list[KeptFile] = field(default_factory=list)
    #: The plans that were refused because of kept files: nothing of them was written.
    refused: list[FolderPlan] = field(default_factory=list)


class PartialWrite(UserError):
    """Writing stopped part way (Ctrl-C, or a file that cannot be written); says what was done."""

    def __init__(
        self,
        message: str,
        *,
        hint: str | None,
        written: Sequence[BuiltFile],
        removed: Sequence[RemovedFile],
        interrupted: bool,
    ) -> None:
        super().__init__(message, hint)
        self.written = list(written)
        self.removed = list(removed)
        self.interrupted = interrupted


Fingerprint = tuple[str, int]


@dataclass(frozen=True)
class Record:
    """What the manifest says about one file."""

    sha256: str
    size: int
    document: str
    contacts: bool
    #: While a folder is being written: the file this one replaces, which is also accepted.
    previous: Fingerprint | None = None

    def accepts(self, found: Fingerprint) -> bool:
        """True when ``found`` is what a build wrote (this file, or the one it replaces)."""
        return found == (self.sha256, self.size) or found == self.previous

    def to_json(self) -> dict[str, Any]:
        """The entry as it is stored in the manifest."""
        data: dict[str, Any] = {
            "sha256": self.sha256,
            "size": self.size,
            "document": self.document,
            "contacts": self.contacts,
        }
        if self.previous is not None:
            data["previous"] = {"sha256": self.previous[0], "size": self.previous[1]}
        return data

    @classmethod
    def from_json(cls, data: object) -> Record | None:
        """An entry read back from the manifest; ``None`` when it is damaged."""
        if not isinstance(data, dict):
            return None
        sha, size, document = data.get("sha256"), data.get("size"), data.get("document")
        if not (isinstance(sha, str) and isinstance(size, int) and isinstance(document, str)):
            return None
        previous = data.get("previous")
        before: Fingerprint | None = None
        if isinstance(previous, dict):
            old_sha, old_size = previous.get("sha256"), previous.get("size")
            if isinstance(old_sha, str) and isinstance(old_size, int):
                before = (old_sha, old_size)
        return cls(sha, size, document, data.get("contacts") is True, before)


class Manifest:
    """The record of what builds wrote into an output folder, by workshop folder and file."""

    def __init__(self, root: Path, name: str = MANIFEST_NAME) -> None:
        self.path = root / name
        self.folders: dict[str, dict[str, Record]] = {}

    @classmethod
    def load(cls, root: Path, name: str = MANIFEST_NAME) -> Manifest:
        """Read the manifest; a missing or unreadable one records nothing (so nothing is lost)."""
        manifest = cls(root, name)
        try:
            data = json.loads(manifest.path.read_bytes())
        except (OSError, ValueError):
            return manifest
        folders = data.get("folders") if isinstance(data, dict) else None
        for folder, files in (folders or {}).items() if isinstance(folders, dict) else []:
            if not _folder_name(folder) or not isinstance(files, dict):
                continue
            records = {
                name: record
                for name, value in files.items()
                if _plain_name(name) and (record := Record.from_json(value)) is not None
            }
            manifest.folders[folder] = records
        return manifest

    def save(self, on_commit: Callable[[], None] | None = None) -> None:
        """Write the manifest atomically (``on_commit``: see :func:`atomic_write`)."""
        data = {
            "written_by": "facilitation site"
            if self.path.name == SITE_MANIFEST_NAME
            else "facilitation build",
            "format": MANIFEST_FORMAT,
            "folders": {
                folder: {name: record.to_json() for name, record in sorted(files.items())}
                for folder, files in sorted(self.folders.items())
                if files
            },
        }
        text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
        atomic_write(self.path, text.encode("utf-8"), keep_mode=False, on_commit=on_commit)


def _folder_name(name: object) -> bool:
    """A workshop's folder (``kickoff``), a language folder of it (``…/de``), or the top (``.``)."""
    if not isinstance(name, str):
        return False
    if name == ".":
        return True
    parts = name.split("/")
    return len(parts) <= 2 and all(_plain_name(part) for part in parts)


def _plain_name(name: object) -> bool:
    """A file or folder name without a path in it (a damaged manifest must not reach elsewhere)."""
    return (
        isinstance(name, str)
        and name not in ("", ".", "..")
        and "/" not in name
        and "\\" not in name
        and "\0" not in name
    )


def fingerprint(data: bytes) -> Fingerprint:
    """The SHA-256 and size of ``data``."""
    return hashlib.sha256(data).hexdigest(), len(data)


def _on_disk(path: Path) -> Fingerprint | None:
    """The fingerprint of the file at ``path``; ``None`` when there is none."""
    try:
        return fingerprint(path.read_bytes())
    except FileNotFoundError:
        return None
    except IsADirectoryError:
        return ("", -1)  # never what a build wrote: a folder where a document should be
    except OSError as error:
        raise UserError(f"cannot read {display_path(path)}: {error.strerror or error}") from None


@dataclass
class _Changes:
    """What writing one plan replaces and removes, and what it must keep."""

    found: dict[str, Fingerprint | None]
    #: The files to remove, by name, with the reason.
    removals: dict[str, str]
    kept: list[KeptFile]


def _changes(plan: FolderPlan, folder: Path, records: dict[str, Record]) -> _Changes:
    found: dict[str, Fingerprint | None] = {}
    kept: list[KeptFile] = []
    names = {item.name for item in plan.files}
    for item in plan.files:
        path = folder / item.name
        on_disk = found[item.name] = _on_disk(path)
        record = records.get(item.name)
        if on_disk is None or on_disk == fingerprint(item.data):
            continue
        if record is not None and record.accepts(on_disk):
            continue
        reason = (
            "was changed since the last build"
            if record is not None
            else "was not written by an earlier build (it is not in the build record)"
        )
        kept.append(KeptFile(plan.subject, path, reason))
    removals = _removals(plan, folder, records, names, kept)
    return _Changes(found, removals, kept)


_CONTACTS_REMOVED = "holds contact details, which a --shared build removes"


def _removals(
    plan: FolderPlan,
    folder: Path,
    records: dict[str, Record],
    names: set[str],
    kept: list[KeptFile],
) -> dict[str, str]:
    """The files of earlier builds that this build removes, with why; a changed one is kept."""
    removals: dict[str, str] = {}
    for name, record in records.items():
        if name in names or not _no_longer_made(record, plan):
            continue
        on_disk = _on_disk(folder / name)
        if on_disk is None:
            continue
        why = _CONTACTS_REMOVED if plan.shared and record.contacts else "is no longer built"
        removals[name] = why
        if not record.accepts(on_disk):
            kept.append(KeptFile(plan.subject, folder / name, f"{why}, but was changed since"))
    if plan.shared:
        # NOTE: contact lists that no build recorded (a folder from before the record, a deleted
        # record) must not stay next to the shared copies either: removed with --force.
        for name in sorted(plan.contact_files - names - set(records)):
            if _on_disk(folder / name) is not None:
                removals[name] = _CONTACTS_REMOVED
                kept.append(
                    KeptFile(
                        plan.subject,
                        folder / name,
                        f"{_CONTACTS_REMOVED}, and no build recorded it",
                    )
                )
    return removals


def _no_longer_made(record: Record, plan: FolderPlan) -> bool:
    """True when a recorded file that this build does not write is to be removed."""
    if plan.shared and record.contacts:
        return True
    return plan.selected is None or record.document in plan.selected


def write_plans(
    out: Path,
    plans: Sequence[FolderPlan],
    *,
    force: bool = False,
    step: Callable[[str], None] | None = None,
    record: str = MANIFEST_NAME,
) -> WriteOutcome:
    """Write each plan into ``out/<subject>/``, keeping files changed by hand (unless ``force``).

    A folder is written whole: Ctrl-C once its first file is in place lets it finish, then stops.
    What was written is recorded in ``out/<record>``.

    Raises:
        PartialWrite: interrupted or failed after some files were written or removed.
        UserError: failed before anything was written.
        KeyboardInterrupt: interrupted before anything was written.
    """
    outcome = WriteOutcome()
    if not plans:
        return outcome
    try:
        with _locked(out):
            manifest = Manifest.load(out, record)
            settled: list[tuple[str, dict[str, Record]]] = []
            try:
                _write_folders(out, plans, manifest, outcome, settled, force=force, step=step)
            finally:
                _settle(manifest, settled, outcome)
            _remove_temporaries(out, suffix=".json")
    except KeyboardInterrupt:
        if not (outcome.written or outcome.removed):
            raise
        raise PartialWrite(
            "interrupted while writing the documents",
            hint="each folder listed was written whole; build again to write the others",
            written=outcome.written,
            removed=outcome.removed,
            interrupted=True,
        ) from None
    except UserError as error:
        if not (outcome.written or outcome.removed):
            raise
        raise PartialWrite(
            error.message,
            hint=error.hint,
            written=outcome.written,
            removed=outcome.removed,
            interrupted=False,
        ) from None
    return outcome


def _write_folders(
    out: Path,
    plans: Sequence[FolderPlan],
    manifest: Manifest,
    outcome: WriteOutcome,
    settled: list[tuple[str, dict[str, Record]]],
    *,
    force: bool,
    step: Callable[[str], None] | None,
) -> None:
    """Write the plans one folder at a time.

    What the record is to say of each folder written goes to ``settled``.
    """
    for number, plan in enumerate(plans, start=1):
        folder = out / plan.subject
        records = manifest.folders.get(plan.subject, {})
        changes = _changes(plan, folder, records)
        if changes.kept and not force:
            outcome.kept.extend(changes.kept)
            outcome.refused.append(plan)
            continue
        if not plan.files and not changes.removals:
            continue
        if step:
            step(f"writing {display_path(folder)}")
        with CommitPoint() as point:
            settled.append(_write_folder(plan, folder, manifest, changes, outcome, point))
        if point.interrupted and number < len(plans):
            raise KeyboardInterrupt


def _write_folder(
    plan: FolderPlan,
    folder: Path,
    manifest: Manifest,
    changes: _Changes,
    outcome: WriteOutcome,
    point: CommitPoint,
) -> tuple[str, dict[str, Record]]:
    """Write one folder: the record (old or new), the files, the removals.

    Returns what the record is to say of the folder once its files are on disk (see
    :func:`_settle`).
    """
    records = manifest.folders.get(plan.subject, {})
    new = {
        item.name: Record(*fingerprint(item.data), item.document, item.private)
        for item in plan.files
    }
    manifest.folders[plan.subject] = {
        **records,
        **{
            name: Record(
                record.sha256, record.size, record.document, record.contacts, changes.found[name]
            )
            for name, record in new.items()
        },
    }
    # NOTE: the commit point. Ctrl-C before this rename stops with nothing written; after it,
    # the folder is finished first, so that it is never left half old and half new.
    manifest.save(on_commit=point.commit)
    for item in plan.files:
        target = folder / item.name
        built = BuiltFile(plan.subject, target, len(item.data), item.purpose, item.private)
        atomic_write(
            target,
            item.data,
            private=item.private,
            keep_mode=False,
            on_commit=functools.partial(outcome.written.append, built),
            durable=False,
        )
    for name, reason in changes.removals.items():
        path = folder / name
        try:
            path.unlink(missing_ok=True)
        except OSError as error:
            raise UserError(
                f"cannot remove {display_path(path)}, which this build no longer makes: "
                f"{error.strerror or error}",
                hint="close the program that has it open, or remove it yourself",
            ) from None
        outcome.removed.append(RemovedFile(path, reason))
    _remove_temporaries(folder)
    kept = {
        name: record
        for name, record in records.items()
        if name not in new and name not in changes.removals and (folder / name).is_file()
    }
    return plan.subject, {**kept, **new}


def _settle(
    manifest: Manifest, settled: list[tuple[str, dict[str, Record]]], outcome: WriteOutcome
) -> None:
    """Put the written files on disk, all at once, then record them as the only versions.

    Why one sync for the build: the files are written without flushing each (two ``fsync``
    each were most of the writing time). Until the record says what ``settled`` says, it
    accepts the old and the new version of each file, so it never points at a file that a crash
    could have left half-written; it says so only after the sync.
    """
    if not settled:
        return
    sync_written(item.path for item in outcome.written)
    for subject, records in settled:
        manifest.folders[subject] = records
    manifest.save()


def _remove_temporaries(folder: Path, suffix: str = "") -> None:
    """Remove what a killed build left: the temporary files of its atomic writes, of any age.

    Why all of them (``atomic_write`` removes only old ones): the build holds the output
    folder's lock, and nothing but a build writes into a workshop's folder, so none is in use.
    In the output folder itself only the record's are removed (the synthesis writes there too).
    """
    remove_stale_temporaries(folder, now=math.inf, suffix=suffix)


@contextlib.contextmanager
def _locked(out: Path) -> Iterator[None]:
    """Hold the output folder while writing into it: a second build waits for the first.

    POSIX: ``flock`` on the folder itself, so no lock file is left behind (the kernel drops the
    lock with the process). Windows, or a file system without ``flock``: filelock's lock file
    ``.facilitation-build.lock`` in the folder.
    """
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise _folder_error(out, error) from None
    deadline = time.monotonic() + LOCK_TIMEOUT_SECONDS
    if sys.platform == "win32":  # pragma: no cover
        with _lock_file(out, deadline):
            yield
        return
    try:
        descriptor = os.open(out, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
    except OSError as error:
        raise _folder_error(out, error) from None
    try:
        if _flock_folder(descriptor, out, deadline):
            yield
        else:  # pragma: no cover - e.g. some network file systems
            with _lock_file(out, deadline):
                yield
    finally:
        os.close(descriptor)  # drops the flock


def _flock_folder(descriptor: int, out: Path, deadline: float) -> bool:
    """Lock the folder open at ``descriptor``; False when its file system cannot."""
    try:
        flock_until(descriptor, deadline)
    except TimeoutError:
        raise _busy(out) from None
    except OSError as error:  # pragma: no cover
        if error.errno in NO_FLOCK:
            return False
        raise _folder_error(out, error) from None
    return True


@contextlib.contextmanager
def _lock_file(out: Path, deadline: float) -> Iterator[None]:  # pragma: no cover - Windows
    try:
        lock = acquire_lock_file(out / LOCK_NAME, deadline)
    except TimeoutError:
        raise _busy(out) from None
    except OSError as error:
        raise _folder_error(out, error) from None
    try:
        yield
    finally:
        lock.release()


def _busy(out: Path) -> UserError:
    return UserError(
        f"another build is writing into {display_path(out)}",
        hint="wait for it to finish, or choose another output folder with -o",
    )


def _folder_error(out: Path, error: OSError) -> UserError:
    reason = error.strerror or str(error)
    if isinstance(error, (FileExistsError, NotADirectoryError)):
        reason = "a file is in the way of the folder"
    return UserError(
        f"cannot write {display_path(out)}: {reason}",
        hint="choose another output folder with -o",
    )


def write_documents(
    folder: Path, subject_id: str, rendered: list[tuple[DocumentSpec, bytes]], *, shared: bool
) -> list[BuiltFile]:
    """Write rendered documents atomically into ``folder``; files with contacts are private.

    For the synthesis, which keeps no record; ``build`` writes through :func:`write_plans`.
    """
    written = []
    for spec, data in rendered:
        target = folder / spec.filename
        private = spec.contacts and not shared
        atomic_write(target, data, private=private, keep_mode=False)
        written.append(BuiltFile(subject_id, target, len(data), spec.purpose, private))
    return written
