"""Find the workshop files a command is pointed at, and run load → schedule → checks on each.

This is the stage the CLI calls for ``check``, ``show`` and ``build``; it imports nothing heavy.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from facilitation.checks import check_workshop
from facilitation.errors import Diagnostic, UserError, count, dedupe, display_path
from facilitation.loading import Loader, Workshop
from facilitation.scheduling import Schedule, build_schedule
from facilitation.yaml_source import SourceMap

YAML_SUFFIXES = (".yaml", ".yml")
_WORKSHOP_KEY = re.compile(r"^workshop:", re.MULTILINE)


@dataclass
class Analysis:
    """One workshop file after loading, timing and checking."""

    path: Path
    workshop: Workshop | None
    schedule: Schedule | None
    diagnostics: list[Diagnostic]
    sources: dict[str, SourceMap] = field(default_factory=dict)

    @property
    def has_errors(self) -> bool:
        """True when the workshop must not be built."""
        return self.workshop is None or any(d.is_error for d in self.diagnostics)


@dataclass
class Report:
    """Every analysed workshop, with all diagnostics deduplicated and sorted."""

    analyses: list[Analysis]
    diagnostics: list[Diagnostic]
    sources: dict[str, SourceMap] = field(default_factory=dict)

    @property
    def errors(self) -> int:
        """How many errors."""
        return count(self.diagnostics)[0]

    @property
    def warnings(self) -> int:
        """How many warnings."""
        return count(self.diagnostics)[1]

    def failed(self, strict: bool = False) -> bool:
        """True when the input has errors (or warnings under ``strict``)."""
        return bool(self.errors or (strict and self.warnings))


def is_workshop_file(path: Path) -> bool:
    """True for a YAML file with a top-level ``workshop:`` key (a cheap look, no parsing)."""
    try:
        with path.open("rb") as stream:
            head = stream.read(1 << 20).decode("utf-8", errors="replace")
    except OSError:
        return False
    return bool(_WORKSHOP_KEY.search(head))


def yaml_files(folder: Path) -> list[Path]:
    """YAML files below ``folder``, skipping hidden folders and build output, sorted."""
    found = []
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder).parts
        if any(part.startswith(".") for part in relative):
            continue
        if path.suffix.lower() in YAML_SUFFIXES and path.is_file():
            found.append(path)
    return found


def discover(paths: Sequence[Path]) -> list[Path]:
    """The workshop files named by ``paths``: files as given, folders searched for workshops."""
    if not paths:
        raise UserError("name at least one workshop file or folder")
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            workshops = [file for file in yaml_files(path) if is_workshop_file(file)]
            if not workshops:
                raise UserError(
                    f"no workshop files in {display_path(path)}",
                    hint="a workshop file is a .yaml file with a top-level `workshop:` key",
                )
            found.extend(workshops)
        elif path.exists():
            found.append(path)
        else:
            raise UserError(f"{display_path(path)} does not exist")
    return list(dict.fromkeys(found))


def analyse(path: Path, loader: Loader) -> Analysis:
    """Load, time and check the workshop at ``path``."""
    loaded = loader.load_workshop(path)
    if loaded.workshop is None:
        return Analysis(path, None, None, loaded.diagnostics, loaded.sources)
    schedule = build_schedule(loaded.workshop)
    diagnostics = [*loaded.diagnostics, *check_workshop(loaded.workshop, schedule)]
    return Analysis(path, loaded.workshop, schedule, diagnostics, loaded.sources)


def analyse_paths(paths: Iterable[Path]) -> Report:
    """Analyse every workshop that ``paths`` name (see :func:`discover`)."""
    loader = Loader()
    analyses = []
    sources: dict[str, SourceMap] = {}
    for path in discover(list(paths)):
        analysis = analyse(path, loader)
        analyses.append(analysis)
        sources.update(analysis.sources)
    diagnostics = dedupe(d for analysis in analyses for d in analysis.diagnostics)
    return Report(analyses, diagnostics, sources)
