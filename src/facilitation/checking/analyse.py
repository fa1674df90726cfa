"""Find the files a command is pointed at, and run load → schedule → checks on each.

This is the stage the CLI calls for ``check``, ``show`` and ``build``; it imports nothing heavy.
Workshop files, agreement files and outcome files are told apart by their top-level key; an
outcome file brings the workshop it names into the run.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from facilitation import codes
from facilitation.checking.agreements import check_agreement
from facilitation.checking.assessment import check_assessment
from facilitation.checking.outcomes import check_outcomes
from facilitation.checking.plan import check_workshop
from facilitation.checking.progress import check_run_progress
from facilitation.checking.scheduling import Schedule, schedule_workshop
from facilitation.errors import Diagnostic, UserError, count, dedupe, display_path
from facilitation.fileio import is_scratch_file
from facilitation.model.loaded import AgreementDocument, Workshop
from facilitation.reading.loader import (
    Loader,
    detect_file_kind,
    find_outcome_target,
    load_agreement,
)
from facilitation.source_map import SourceMap
from facilitation.textfile import note_touched

YAML_SUFFIXES = (".yaml", ".yml")


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
class AgreementAnalysis:
    """One agreement file after loading and checking."""

    path: Path
    agreement: AgreementDocument | None
    diagnostics: list[Diagnostic]
    sources: dict[str, SourceMap] = field(default_factory=dict)

    @property
    def has_errors(self) -> bool:
        """True when the agreement must not be built."""
        return self.agreement is None or any(d.is_error for d in self.diagnostics)


@dataclass
class Report:
    """Every analysed file, with all diagnostics deduplicated and sorted."""

    analyses: list[Analysis]
    diagnostics: list[Diagnostic]
    sources: dict[str, SourceMap] = field(default_factory=dict)
    agreements: list[AgreementAnalysis] = field(default_factory=list)

    @property
    def errors(self) -> int:
        """How many errors."""
        return count(self.diagnostics)[0]

    @property
    def warnings(self) -> int:
        """How many warnings."""
        return count(self.diagnostics)[1]

    #: Outcome files that could not be tied to a workshop (they count as checked files).
    unattached: int = 0

    @property
    def files(self) -> int:
        """How many workshop, agreement and unattached outcome files were checked."""
        return len(self.analyses) + len(self.agreements) + self.unattached

    def failed(self, strict: bool = False) -> bool:
        """True when the input has errors (or warnings under ``strict``)."""
        return bool(self.errors or (strict and self.warnings))


def find_yaml_files(folder: Path) -> list[Path]:
    """YAML files below ``folder``, skipping hidden files and folders and build output, sorted.

    Hidden names include the temporary and lock files of a write (``.~tmp-*``, ``.~lock-*``).
    """
    note_touched(folder)
    found = []
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder).parts
        if any(part.startswith(".") for part in relative) or is_scratch_file(path):
            continue
        if path.suffix.lower() in YAML_SUFFIXES and path.is_file():
            found.append(path)
    return found


@dataclass
class Targets:
    """The files a run works on."""

    workshops: list[Path] = field(default_factory=list)
    agreements: list[Path] = field(default_factory=list)
    problems: list[Diagnostic] = field(default_factory=list)
    sources: dict[str, SourceMap] = field(default_factory=dict)
    unattached: int = 0


def discover(paths: Sequence[Path], loader: Loader | None = None) -> Targets:
    """The workshop and agreement files named by ``paths``; folders are searched.

    An outcome file brings in the workshop it names. A file given by name is taken as what its
    top-level key says (a workshop when it says nothing we know).
    """
    loader = loader or Loader()
    if not paths:
        raise UserError("name at least one workshop file or folder")
    targets = Targets()
    for path in paths:
        note_touched(path)
        if path.is_dir():
            files = [(file, detect_file_kind(file)) for file in find_yaml_files(path)]
            files = [(file, kind) for file, kind in files if kind != "other"]
            if not files:
                raise UserError(
                    f"no workshop files in {display_path(path)}",
                    hint="a workshop file is a .yaml file with a top-level `workshop:` key",
                )
        elif path.exists():
            kind = detect_file_kind(path)
            files = [(path, "workshop" if kind == "other" else kind)]
        else:
            raise UserError(f"{display_path(path)} does not exist")
        for file, kind in files:
            if kind == "workshop":
                targets.workshops.append(file)
            elif kind == "agreement":
                targets.agreements.append(file)
            else:
                _outcome_file(file, loader, targets)
    targets.workshops = _unique(targets.workshops)
    targets.agreements = _unique(targets.agreements)
    return targets


def _unique(paths: list[Path]) -> list[Path]:
    seen: dict[Path, Path] = {}
    for path in paths:
        seen.setdefault(path.resolve(), path)
    return list(seen.values())


def _outcome_file(path: Path, loader: Loader, targets: Targets) -> None:
    parsed = loader.parse(path)
    targets.sources[parsed.source.file] = parsed.source
    if not parsed.ok:
        targets.problems.extend(parsed.diagnostics)
        targets.unattached += 1
        return
    target = find_outcome_target(path, parsed)
    if target is not None:
        note_touched(target)
    if target is None or not target.is_file():
        targets.unattached += 1
    if target is None:
        targets.problems.append(
            Diagnostic(
                codes.NO_WORKSHOP,
                "this outcome file does not say which workshop it belongs to",
                parsed.source.locate(("outcomes",), key=True),
                hint="add `workshop: FILE.yaml` under `outcomes:`, naming the workshop file",
            )
        )
    elif not target.is_file():
        targets.problems.append(
            Diagnostic(
                codes.NO_WORKSHOP,
                f"the workshop file `{parsed.data['outcomes']['workshop']}` does not exist",
                parsed.source.locate(("outcomes", "workshop")),
                hint="give the path relative to this outcome file",
            )
        )
    else:
        loader.register_outcome_file(path, target)
        targets.workshops.append(target)


def analyse(path: Path, loader: Loader) -> Analysis:
    """Load, time and check the workshop at ``path``, with its outcomes."""
    loaded = loader.load_workshop(path)
    if loaded.workshop is None:
        return Analysis(path, None, None, loaded.diagnostics, loaded.sources)
    schedule = schedule_workshop(loaded.workshop)
    diagnostics = [
        *loaded.diagnostics,
        *check_workshop(loaded.workshop, schedule),
        *check_outcomes(loaded.workshop, schedule),
        *check_assessment(loaded.workshop),
    ]
    return Analysis(path, loaded.workshop, schedule, diagnostics, loaded.sources)


def analyse_paths(paths: Iterable[Path]) -> Report:
    """Analyse every workshop and agreement that ``paths`` name (see :func:`discover`)."""
    return analyse_paths_with(paths, Loader())


def analyse_paths_with(paths: Iterable[Path], loader: Loader) -> Report:
    """Like :func:`analyse_paths`, with a loader that may hold text not yet on disk."""
    given = list(paths)
    targets = discover(given, loader)
    sources: dict[str, SourceMap] = dict(targets.sources)
    analyses = []
    for path in targets.workshops:
        analysis = analyse(path, loader)
        analyses.append(analysis)
        sources.update(analysis.sources)
    agreements = []
    for path in targets.agreements:
        loaded = load_agreement(path, loader)
        diagnostics = list(loaded.diagnostics)
        if loaded.agreement is not None:
            diagnostics.extend(check_agreement(loaded.agreement))
        agreements.append(AgreementAnalysis(path, loaded.agreement, diagnostics, loaded.sources))
        sources.update(loaded.sources)
    _shared_ids(analyses, agreements)
    everything = [
        *targets.problems,
        *check_run_progress(
            [item.workshop for item in analyses if item.workshop is not None],
            [item.agreement for item in agreements if item.agreement is not None],
            [path for path in given if path.is_dir()],
            all_read=all(item.workshop is not None for item in analyses)
            and all(item.agreement is not None for item in agreements),
        ),
        *(d for analysis in analyses for d in analysis.diagnostics),
        *(d for agreement in agreements for d in agreement.diagnostics),
    ]
    return Report(analyses, dedupe(everything), sources, agreements, targets.unattached)


def _shared_ids(analyses: list[Analysis], agreements: list[AgreementAnalysis]) -> None:
    """Report two workshops or agreements with one id: their documents would share a folder.

    The error stands at the ``id:`` line of the later file and names the earlier one; it is
    added to both, so that neither is built (``build`` writes ``OUT/<id>/`` for each).
    """
    first: dict[str, tuple[str, str, Analysis | AgreementAnalysis]] = {}
    items: list[Analysis | AgreementAnalysis] = [*analyses, *agreements]
    for item in items:
        owner: Workshop | AgreementDocument
        if isinstance(item, Analysis):
            if item.workshop is None:
                continue
            what, owner, key = "workshop", item.workshop, ("workshop", "id")
            ident = item.workshop.info.id
        else:
            if item.agreement is None:
                continue
            what, owner, key = "agreement", item.agreement, ("agreement", "id")
            ident = item.agreement.spec.agreement.id
        earlier = first.setdefault(ident.casefold(), (what, owner.file, item))
        if earlier[2] is item:
            continue
        earlier_what, earlier_file, other = earlier
        diagnostic = Diagnostic(
            codes.DUPLICATE_ID,
            f"the id `{ident}` of this {what} is also the id of the {earlier_what} in "
            f"{earlier_file}; both would be built into the folder `{ident}/`",
            owner.where(key),
            hint=f"give each workshop and agreement its own id; neither {earlier_file} nor "
            f"{owner.file} is built until then",
        )
        item.diagnostics.append(diagnostic)
        other.diagnostics.append(diagnostic)
