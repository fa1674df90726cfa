"""Diagnostics and the error hierarchy shared by every stage.

A :class:`Diagnostic` is one problem found in the user's input: a stable code, a severity, the
place (file, line, column) and plain words. Stages collect diagnostics and return them; they
raise only for conditions that stop the whole run (a usage error, an unreadable template).
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

#: A path into a YAML document: mapping keys (str) and sequence indexes (int).
YamlPath = tuple[str | int, ...]


class Severity(enum.StrEnum):
    """How much a diagnostic matters: errors block, warnings inform (unless ``--strict``)."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Location:
    """Where a problem is: a file and, when known, a line and column (both 1-based).

    A YAML path becomes a location through the file's
    :class:`~facilitation.source_map.SourceMap`. ``span`` is how many characters the caret under
    the source line covers.
    """

    file: str
    line: int | None = None
    column: int | None = None
    span: int = 1

    def __str__(self) -> str:
        if self.line is None:
            return self.file
        return f"{self.file}:{self.line}:{self.column or 1}"


@dataclass(frozen=True)
class Diagnostic:
    """One problem in the input, reported with a stable code and plain words."""

    code: str
    message: str
    location: Location
    severity: Severity = Severity.ERROR
    hint: str | None = None
    #: Extra lines shown under the message (e.g. the sessions that overrun an anchor).
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def is_error(self) -> bool:
        """True for errors, False for warnings."""
        return self.severity is Severity.ERROR

    def to_dict(self) -> dict[str, Any]:
        """Plain data for ``--format json``."""
        return {
            "code": self.code,
            "severity": self.severity.value,
            "message": self.message,
            "file": self.location.file,
            "line": self.location.line,
            "column": self.location.column,
            "hint": self.hint,
            "notes": list(self.notes),
        }

    def sort_key(self) -> tuple[str, int, int, str]:
        """Order by file, line, column, code."""
        loc = self.location
        return (loc.file, loc.line or 0, loc.column or 0, self.code)


def count(diagnostics: Iterable[Diagnostic]) -> tuple[int, int]:
    """Return ``(errors, warnings)``."""
    errors = warnings = 0
    for diagnostic in diagnostics:
        if diagnostic.is_error:
            errors += 1
        else:
            warnings += 1
    return errors, warnings


def dedupe(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """Drop repeats of the same code at the same place, keep order by location."""
    seen: set[tuple[str, str, int | None, int | None, str]] = set()
    unique = []
    for diagnostic in diagnostics:
        loc = diagnostic.location
        key = (diagnostic.code, loc.file, loc.line, loc.column, diagnostic.message)
        if key not in seen:
            seen.add(key)
            unique.append(diagnostic)
    return sorted(unique, key=Diagnostic.sort_key)


def display_path(path: Path) -> str:
    """A path as the user should read it: relative to the working folder when below it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


class FacilitationError(Exception):
    """Base of every error this package raises on purpose."""


class UserError(FacilitationError):
    """A problem the user can fix: bad usage, a missing file, an unwritable folder (exit code 2)."""

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


class InputError(FacilitationError):
    """The input has errors; the diagnostics say which (exit code 1)."""

    def __init__(self, diagnostics: Sequence[Diagnostic]) -> None:
        super().__init__(f"{len(diagnostics)} problem(s) in the input")
        self.diagnostics = list(diagnostics)


class TemplateError(FacilitationError):
    """A template cannot be used; carries the diagnostic that says why."""

    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(diagnostic.message)
        self.diagnostic = diagnostic
