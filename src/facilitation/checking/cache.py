"""The result cache of ``check``: an unchanged input is answered without reading it again.

Loading the models and validating a folder of workshops costs several times the start of the
program; a facilitator who checks again after changing nothing (or an editor that checks on every
save of another file) should not pay it again. As ruff and mypy do, ``check`` keeps its last
results and answers from them while nothing it depends on has changed.

Why by hand: no library at hand keeps such a cache. ``functools`` caches live in one process;
pydantic and PyYAML cache nothing across runs; a general disk cache (diskcache, joblib) would be
a new dependency, would import more than it saves, and would still need what is the real work
here: knowing when the answer is stale.

An answer depends on:

- the program: its version, its code and catalogue data (the size and modification time of
  every file of the package: cheap, and it follows an edit of an installed or editable copy),
  the Python it runs on and the libraries that word the messages (pydantic, PyYAML);
- the command line: the paths as given, what they resolve to and the working folder (the
  diagnostics name files relative to it); and the date;
- the input: every file the analysis read or looked at (recorded through
  :func:`facilitation.textfile.note_touched`). They all lie below one folder, the *root*: the
  common ancestor of the given paths and of every path touched. The fingerprint of the input is
  the listing of that root: each file's relative path, size and modification time. A new YAML
  file in a searched folder, a deleted logo, a file edited to the same size all change it.

The entry is found by the first (its file name is the SHA-256 of it) and used only while the
fingerprint of its root is unchanged. An entry that cannot be read, or that another version
wrote, is a miss; a cache folder that cannot be written is skipped: ``check`` never fails because
of its cache.

Kept: the diagnostics, the number of files checked, whether the run failed with and without
``--strict``, and for each file a diagnostic points at, only the lines it points at (the
excerpt under a diagnostic). Entries are written readable by their owner only: an excerpt may
come from a participant list.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import importlib.util
import json
import os
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import facilitation
from facilitation.errors import Diagnostic, FacilitationError, Location, Severity
from facilitation.fileio import atomic_write, is_scratch_file
from facilitation.source_map import SourceMap
from facilitation.textfile import recording_touched

if TYPE_CHECKING:
    from facilitation.checking.analyse import Report

#: The layout of an entry; an entry of another layout is a miss.
CACHE_FORMAT = 1
#: At most this many entries are kept; the oldest go first.
MAX_ENTRIES = 200
#: A root with more entries than this is not cached: listing it would cost what it saves.
MAX_LISTED = 20_000
#: Folders never listed: version control, bytecode and virtual environments.
SKIPPED_FOLDERS = frozenset({".git", "__pycache__", ".venv"})
#: A file changed this recently may change again within its time stamp's resolution (two seconds
#: on FAT): a result read from it is not kept (git calls such files "racily clean").
RACY_NS = 2_000_000_000
#: The environment variable that turns the cache off (any value but empty or ``0``).
NO_CACHE_VARIABLE = "FACILITATION_NO_CACHE"
#: The libraries whose wording reaches the diagnostics.
_LIBRARIES = ("pydantic", "pydantic_core", "yaml")


@dataclass
class CheckResult:
    """What ``check`` prints and how it exits: from a fresh analysis or from the cache."""

    diagnostics: list[Diagnostic]
    #: How many files were checked (the summary line).
    files: int
    failed: bool
    failed_strict: bool
    #: The source maps the printer draws excerpts from (from the cache: only the lines needed).
    sources: dict[str, SourceMap] = field(default_factory=dict)

    @classmethod
    def of_report(cls, report: Report) -> CheckResult:
        """The result of an analysis."""
        return cls(
            report.diagnostics,
            report.files,
            report.failed(),
            report.failed(strict=True),
            report.sources,
        )

    def has_failed(self, strict: bool) -> bool:
        """True when the input has errors (or warnings under ``strict``)."""
        return self.failed_strict if strict else self.failed


def check_with_cache(
    paths: Sequence[Path],
    analyse: Callable[[], CheckResult],
    *,
    enabled: bool = True,
    folder: Path | None = None,
) -> CheckResult:
    """The result of ``analyse()`` on ``paths``: from the cache when nothing changed since.

    On a miss, ``analyse`` runs while the paths it touches are recorded, and its result is kept.
    Its errors pass through; the cache's own never do.

    Args:
        paths: the paths ``check`` was given.
        analyse: runs the analysis.
        enabled: ``False`` for ``--no-cache``; the environment variable also turns it off.
        folder: where the entries are (default: :func:`cache_folder`).
    """
    cache = _open(paths, folder) if enabled and not cache_disabled() else None
    found = cache.lookup() if cache is not None else None
    if found is not None:
        return found
    with recording_touched() as touched:
        result = analyse()
    if cache is not None:
        cache.store(result, touched)
    return result


def cached_result(paths: Sequence[Path], folder: Path | None = None) -> CheckResult | None:
    """The kept result of ``check`` on ``paths``, if nothing changed since (never an error)."""
    if cache_disabled():
        return None
    cache = _open(paths, folder)
    return cache.lookup() if cache is not None else None


def cache_disabled() -> bool:
    """True when the environment turns the cache off."""
    return os.environ.get(NO_CACHE_VARIABLE, "").strip() not in ("", "0")


def cache_folder() -> Path:
    """``$XDG_CACHE_HOME/facilitation/check``, by default ``~/.cache/facilitation/check``."""
    base = os.environ.get("XDG_CACHE_HOME", "").strip()
    root = Path(base) if base and Path(base).is_absolute() else Path.home() / ".cache"
    return root / "facilitation" / "check"


def _open(paths: Sequence[Path], folder: Path | None) -> _CheckCache | None:
    """The cache for ``paths``, or ``None`` when it cannot be used here."""
    try:
        return _CheckCache(paths, folder or cache_folder())
    except (OSError, RuntimeError, ValueError):  # no home folder, a path that cannot resolve
        return None


class _CheckCache:
    """The cache entry of one command line: found by its key, valid while its root is unchanged."""

    def __init__(self, paths: Sequence[Path], folder: Path) -> None:
        self.folder = folder
        self.started_ns = time.time_ns()
        self.key = _key(paths)
        self.given = [path.resolve() for path in paths]
        digest = hashlib.sha256(json.dumps(self.key, sort_keys=True).encode()).hexdigest()
        self.entry = folder / f"{digest}.json"

    def lookup(self) -> CheckResult | None:
        """The kept result, if there is one and nothing it depends on changed."""
        try:
            entry = json.loads(self.entry.read_bytes())
            if entry.get("format") != CACHE_FORMAT or entry.get("key") != self.key:
                return None
            root = Path(entry["root"])
            if _fingerprint(root, self.folder) != entry["fingerprint"]:
                return None
            return _result_from(entry)
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None  # no entry, or one that is unreadable, corrupt or of another version

    def store(self, result: CheckResult, touched: set[Path]) -> None:
        """Keep ``result``, valid while the files below the root of ``touched`` are unchanged."""
        with contextlib.suppress(OSError, ValueError, RuntimeError, FacilitationError):
            root = _root([*self.given, *(path.resolve() for path in touched)], self.folder)
            if root is None:
                return
            listing = _listing(root, self.folder)
            if listing is None or listing.newest_ns > self.started_ns - RACY_NS:
                return
            entry = {
                "format": CACHE_FORMAT,
                "key": self.key,
                "root": str(root),
                "fingerprint": listing.digest,
                **_result_data(result),
            }
            data = json.dumps(entry, ensure_ascii=False).encode("utf-8")
            atomic_write(self.entry, data, private=True, durable=False)
            _prune(self.folder, keep=self.entry)


# --- the key --------------------------------------------------------------------------------


def _key(paths: Sequence[Path]) -> dict[str, Any]:
    """What the answer depends on besides the input files (see the module's notes)."""
    return {
        "version": facilitation.__version__,
        "program": _program_fingerprint(),
        "python": sys.version,
        "paths": [str(path) for path in paths],
        "resolved": [str(path.resolve()) for path in paths],
        "cwd": str(Path.cwd()),
        "date": dt.date.today().isoformat(),
    }


def _program_fingerprint() -> str:
    """A digest of the package's code and data files and of the libraries' installed files.

    Why sizes and times, not contents: reading the package would cost more than the cache
    saves; an install or an edit writes the files anew, so their times change.
    """
    digest = hashlib.sha256()
    package = Path(facilitation.__file__).parent
    for relative, info in _walk(package, skip=None):
        if info is None:
            continue
        digest.update(f"{relative}\0{info.st_size}\0{info.st_mtime_ns}\n".encode())
    for name in _LIBRARIES:
        spec = importlib.util.find_spec(name)
        origin = spec.origin if spec is not None else None
        if origin:
            info = Path(origin).stat()
            digest.update(f"{name}\0{origin}\0{info.st_size}\0{info.st_mtime_ns}\n".encode())
    return digest.hexdigest()


# --- the fingerprint of the input ------------------------------------------------------------


@dataclass
class _Listing:
    """The digest of a root's listing and the newest modification time in it."""

    digest: str
    newest_ns: int


def _root(paths: list[Path], cache: Path) -> Path | None:
    """The folder below which every path lies, or ``None`` when it is too wide to list.

    The file system's root and the home folder (or a folder above it) are too wide; so is the
    cache's own folder.
    """
    common = Path(os.path.commonpath([str(path) for path in paths]))
    root = common if common.is_dir() else common.parent
    home = Path.home().resolve()
    if root.parent == root or root == home or root in home.parents:
        return None
    if _below(root, cache.resolve()):
        return None
    return root


def _below(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def _fingerprint(root: Path, cache: Path) -> str | None:
    listing = _listing(root, cache)
    return listing.digest if listing is not None else None


def _listing(root: Path, cache: Path) -> _Listing | None:
    """The listing of ``root`` (``None`` when it holds more than :data:`MAX_LISTED` entries)."""
    digest = hashlib.sha256()
    newest = 0
    count = 0
    for relative, info in _walk(root, skip=cache.resolve()):
        count += 1
        if count > MAX_LISTED:
            return None
        if info is None:
            digest.update(f"{relative}\0?\n".encode())
            continue
        digest.update(f"{relative}\0{info.st_mode}\0{info.st_size}\0{info.st_mtime_ns}\n".encode())
        newest = max(newest, info.st_mtime_ns)
    return _Listing(digest.hexdigest(), newest)


def _walk(root: Path, skip: Path | None) -> Iterator[tuple[str, Any]]:
    """Every entry below ``root``, sorted, with its ``stat`` (``None`` for a broken link).

    Folders are listed by name and entered, except :data:`SKIPPED_FOLDERS`, ``skip``, and links
    to folders (a link may loop); a link to a file is listed with the file's own size and time.
    """
    pending = [(root, "")]
    while pending:
        folder, prefix = pending.pop()
        with os.scandir(folder) as scan:
            entries = sorted(scan, key=lambda entry: entry.name)
        for entry in entries:
            relative = f"{prefix}{entry.name}"
            if entry.is_dir(follow_symlinks=False):
                if entry.name in SKIPPED_FOLDERS or (skip is not None and Path(entry.path) == skip):
                    continue
                yield f"{relative}/", None
                pending.append((Path(entry.path), f"{relative}/"))
                continue
            if is_scratch_file(Path(entry.name)):
                continue  # a write in progress, never input
            try:
                yield relative, entry.stat()
            except OSError:
                yield relative, None


# --- entries ---------------------------------------------------------------------------------


def _result_data(result: CheckResult) -> dict[str, Any]:
    """``result`` as plain data, with only the source lines the diagnostics point at."""
    lines: dict[str, dict[str, str]] = {}
    for diagnostic in result.diagnostics:
        location = diagnostic.location
        source = result.sources.get(location.file)
        if source is None or location.line is None:
            continue
        text = source.line_text(location.line)
        if text is not None:
            lines.setdefault(location.file, {})[str(location.line)] = text
    return {
        "files": result.files,
        "failed": result.failed,
        "failed_strict": result.failed_strict,
        "diagnostics": [_diagnostic_data(diagnostic) for diagnostic in result.diagnostics],
        "lines": lines,
    }


def _diagnostic_data(diagnostic: Diagnostic) -> dict[str, Any]:
    location = diagnostic.location
    return {
        "code": diagnostic.code,
        "message": diagnostic.message,
        "file": location.file,
        "line": location.line,
        "column": location.column,
        "span": location.span,
        "severity": diagnostic.severity.value,
        "hint": diagnostic.hint,
        "notes": list(diagnostic.notes),
    }


def _result_from(entry: dict[str, Any]) -> CheckResult:
    """The result kept in ``entry``; raises ``KeyError``, ``TypeError`` or ``ValueError`` if bad."""
    diagnostics = [
        Diagnostic(
            code=_text(item["code"]),
            message=_text(item["message"]),
            location=Location(
                _text(item["file"]),
                _number(item["line"]),
                _number(item["column"]),
                _number(item["span"]) or 1,
            ),
            severity=Severity(item["severity"]),
            hint=None if item["hint"] is None else _text(item["hint"]),
            notes=tuple(_text(note) for note in item["notes"]),
        )
        for item in entry["diagnostics"]
    ]
    sources = {}
    for file, kept in entry["lines"].items():
        numbered = {int(number): _text(text) for number, text in kept.items()}
        # NOTE: the printer asks a source map only for the lines its diagnostics point at; the
        # others stay empty.
        lines = [""] * max(numbered, default=0)
        for number, text in numbered.items():
            lines[number - 1] = text
        sources[file] = SourceMap(file, lines)
    return CheckResult(
        diagnostics,
        _number(entry["files"]) or 0,
        _flag(entry["failed"]),
        _flag(entry["failed_strict"]),
        sources,
    )


def _text(value: object) -> str:
    if not isinstance(value, str):
        raise TypeError(value)
    return value


def _number(value: object) -> int | None:
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise TypeError(value)
    return value


def _flag(value: object) -> bool:
    if not isinstance(value, bool):
        raise TypeError(value)
    return value


def _prune(folder: Path, keep: Path) -> None:
    """Remove the oldest entries beyond :data:`MAX_ENTRIES` (never ``keep``)."""
    entries = []
    with os.scandir(folder) as scan:
        for entry in scan:
            if entry.name.endswith(".json") and entry.is_file(follow_symlinks=False):
                with contextlib.suppress(OSError):
                    entries.append((entry.stat().st_mtime_ns, Path(entry.path)))
    if len(entries) <= MAX_ENTRIES:
        return
    entries.sort()
    for _, path in entries[: len(entries) - MAX_ENTRIES]:
        if path != keep:
            with contextlib.suppress(OSError):
                path.unlink()
