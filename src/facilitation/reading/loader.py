"""Read workshop and agreement files into the loaded aggregates, with every problem located.

Reading validates and locates; it checks nothing (the plan, outcome and agreement checks are the
next stage). The result is a :class:`~facilitation.model.loaded.Workshop` or
:class:`~facilitation.model.loaded.AgreementDocument` (valid models, and where everything came
from), or the diagnostics that say why there is none. Files read once are cached by the
:class:`Loader`, so six workshops that share one programme file read it once and report its
problems once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, Literal, TypeVar

from pydantic import BaseModel, ValidationError

from facilitation import codes
from facilitation.catalogue.locales import normalise_tag
from facilitation.errors import Diagnostic, YamlPath, display_path
from facilitation.fileio import is_scratch_file
from facilitation.model import Programme, ProgrammeRef, WorkshopFile, merge_programme
from facilitation.model.agreement import AgreementFile
from facilitation.model.fields import LocalText
from facilitation.model.loaded import AgreementDocument, OutcomeSource, Workshop
from facilitation.model.outcomes import OutcomeFile
from facilitation.model.programme import ProgrammeFile
from facilitation.model.workshop import ParticipantFile
from facilitation.reading.assessment import AssessmentRead, read_assessment_file
from facilitation.reading.participants import (
    ParticipantTable,
    inline_participants,
    read_participant_file,
)
from facilitation.reading.validation import diagnostics_from_validation
from facilitation.source_map import SourceMap
from facilitation.textfile import note_touched
from facilitation.yaml_source import ParsedYaml, load_yaml_file, parse_yaml

M = TypeVar("M", bound=BaseModel)
F = TypeVar("F", bound=ProgrammeFile)


@dataclass
class ReadFile(Generic[F]):
    """A file read as a model, with the programme file it names (before its overrides)."""

    parsed: ParsedYaml
    spec: F | None
    diagnostics: list[Diagnostic]
    programme_path: Path | None = None
    programme: Programme | None = None
    sources: dict[str, SourceMap] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.sources.setdefault(self.parsed.source.file, self.parsed.source)


@dataclass
class LoadedAgreement:
    """The outcome of loading an agreement file."""

    agreement: AgreementDocument | None
    diagnostics: list[Diagnostic]
    sources: dict[str, SourceMap]


@dataclass
class Loaded:
    """The outcome of loading one file: the workshop (or ``None``) and every problem found."""

    workshop: Workshop | None
    diagnostics: list[Diagnostic]
    sources: dict[str, SourceMap]


def validate(
    model: type[M], data: Any, source: SourceMap, prefix: YamlPath = ()
) -> tuple[M | None, list[Diagnostic]]:
    """Validate ``data`` as ``model``; on failure return located diagnostics."""
    try:
        return model.model_validate(data), []
    except ValidationError as error:
        return None, diagnostics_from_validation(error, model, data, source, prefix)


class Loader:
    """Loads files for one run of a command, reading each file once."""

    def __init__(self) -> None:
        self._parsed: dict[Path, ParsedYaml] = {}
        self._programmes: dict[Path, tuple[Programme | None, list[Diagnostic]]] = {}
        self._outcome_index: dict[Path, list[tuple[Path, ParsedYaml, Path | None]]] = {}
        self._registered: dict[Path, list[Path]] = {}
        self._merged: dict[Path, Programme] = {}

    def register_outcome_file(self, path: Path, workshop: Path) -> None:
        """Attach the outcome file at ``path`` to ``workshop`` (for files in other folders)."""
        self._registered.setdefault(workshop.resolve(), []).append(path)

    def preload(self, path: Path, text: str) -> None:
        """Read ``path`` as ``text`` in this run (to check a change before it is written)."""
        self._parsed[path.resolve()] = parse_yaml(text, display_path(path))

    def parse(self, path: Path) -> ParsedYaml:
        """Read and parse ``path`` (cached)."""
        key = path.resolve()
        if key not in self._parsed:
            self._parsed[key] = load_yaml_file(path, display_path(path))
        return self._parsed[key]

    def load_workshop(self, path: Path) -> Loaded:
        """Load the workshop file at ``path`` with its programme, participants and outcomes."""
        read = self.read_with_programme(path, WorkshopFile)
        if read.spec is None:
            return Loaded(None, read.diagnostics, read.sources)
        spec, parsed, diagnostics = read.spec, read.parsed, read.diagnostics
        table = self._participants_of(spec, path, parsed)
        diagnostics.extend(table.diagnostics)
        if table.source is not None:
            read.sources[table.source.file] = table.source
        outcomes = self._outcomes_of(path, spec, read)
        assessment = _assessment_of(spec, path, parsed)
        diagnostics.extend(assessment.diagnostics)
        if assessment.source is not None:
            read.sources[assessment.source.file] = assessment.source
        if any(diagnostic.is_error for diagnostic in diagnostics):
            return Loaded(None, diagnostics, read.sources)
        workshop = Workshop(
            path=path,
            file=parsed.source.file,
            spec=spec,
            programme=self.resolve_programme(spec.programme, read, path),
            participants=table.participants,
            participant_origins=table.origins,
            programme_path=read.programme_path,
            programme_file=display_path(read.programme_path) if read.programme_path else None,
            programme_base=read.programme,
            sources=read.sources,
            outcomes=outcomes,
            assessment=assessment.assessment,
        )
        return Loaded(workshop, diagnostics, read.sources)

    def resolve_programme(
        self, reference: ProgrammeRef | None, read: ReadFile[Any], path: Path
    ) -> Programme:
        """:func:`resolve_programme` for the file at ``path``, read as ``read``.

        A file that overrides nothing gets the programme merged once per programme file: the
        workshops and agreements of a folder share it instead of validating it again each.
        """
        programme, programme_path = read.programme, read.programme_path
        if programme is None or programme_path is None or _overrides(reference):
            merged = merge_programme(programme, reference)
        else:
            key = programme_path.resolve()
            if key not in self._merged:
                self._merged[key] = merge_programme(programme, reference)
            merged = self._merged[key]
        return resolve_files(merged, programme, programme_path, path)

    def read_with_programme(self, path: Path, model: type[F]) -> ReadFile[F]:
        """Read ``path`` as ``model`` and load the programme file it names; check nothing."""
        parsed = self.parse(path)
        read: ReadFile[F] = ReadFile(parsed, None, list(parsed.diagnostics))
        if not parsed.ok:
            return read
        spec, found = validate(model, parsed.data, parsed.source)
        read.diagnostics.extend(found)
        if spec is not None:
            read.spec = spec
            read.programme_path, read.programme = self.programme_of(
                spec.programme, path, parsed, read.sources, read.diagnostics
            )
        return read

    def _outcomes_of(
        self, path: Path, spec: WorkshopFile, read: ReadFile[Any]
    ) -> list[OutcomeSource]:
        """The outcomes in the workshop file and in the outcome files that name it."""
        outcomes = []
        if spec.outcomes is not None:
            outcomes.append(OutcomeSource(spec.outcomes, path, read.parsed.source.file))
        for outcome_path, outcome_parsed in self.outcome_files_for(path):
            read.sources[outcome_parsed.source.file] = outcome_parsed.source
            if not outcome_parsed.ok:
                read.diagnostics.extend(outcome_parsed.diagnostics)
                continue
            outcome_file, found = validate(OutcomeFile, outcome_parsed.data, outcome_parsed.source)
            read.diagnostics.extend(found)
            if outcome_file is not None:
                outcomes.append(
                    OutcomeSource(outcome_file.outcomes, outcome_path, outcome_parsed.source.file)
                )
        return outcomes

    def outcome_files_for(self, workshop: Path) -> list[tuple[Path, ParsedYaml]]:
        """The outcome files next to ``workshop`` that name it.

        An outcome file in the same folder that cannot be read is returned too: it may belong to
        this workshop, and its problems must not go unseen.
        """
        folder = workshop.parent.resolve()
        if folder not in self._outcome_index:
            note_touched(folder)
            index = []
            for candidate in sorted(folder.glob("*.y*ml")):
                # A write's temporary file is a copy of an outcome file: never a second one.
                if is_scratch_file(candidate) or detect_file_kind(candidate) != "outcomes":
                    continue
                parsed = self.parse(candidate)
                target = find_outcome_target(candidate, parsed)
                index.append((candidate, parsed, target))
            self._outcome_index[folder] = index
        found: list[tuple[Path, ParsedYaml]] = []
        extra = [
            (path, self.parse(path), workshop)
            for path in self._registered.get(workshop.resolve(), [])
        ]
        for candidate, parsed, target in [*self._outcome_index[folder], *extra]:
            if any(candidate.resolve() == known.resolve() for known, _ in found):
                continue
            if not parsed.ok or (target is not None and target.resolve() == workshop.resolve()):
                found.append((candidate, parsed))
        return found

    def load_programme(self, path: Path) -> tuple[Programme | None, list[Diagnostic]]:
        """Load a programme file (cached). Repeated problems are merged by the report's dedupe."""
        key = path.resolve()
        if key not in self._programmes:
            parsed = self.parse(path)
            if not parsed.ok:
                self._programmes[key] = (None, parsed.diagnostics)
            else:
                self._programmes[key] = validate(Programme, parsed.data, parsed.source)
        return self._programmes[key]

    def programme_of(
        self,
        reference: ProgrammeRef | None,
        path: Path,
        parsed: ParsedYaml,
        sources: dict[str, SourceMap],
        diagnostics: list[Diagnostic],
    ) -> tuple[Path | None, Programme | None]:
        """The programme file that ``reference`` (in the file at ``path``) names, loaded.

        Its problems are added to ``diagnostics`` and its source map to ``sources``.
        """
        programme_path, programme, found = self._programme_file(reference, path, parsed)
        diagnostics.extend(found)
        if programme_path is not None:
            source = self.parse(programme_path).source
            sources[source.file] = source
        return programme_path, programme

    def _programme_file(
        self, reference: ProgrammeRef | None, path: Path, parsed: ParsedYaml
    ) -> tuple[Path | None, Programme | None, list[Diagnostic]]:
        if reference is None or reference.file is None:
            return None, None, []
        programme_path = path.parent / reference.file
        location = (
            parsed.source.locate(("programme", "file"))
            if isinstance(parsed.data.get("programme"), dict)
            else parsed.source.locate(("programme",))
        )
        note_touched(programme_path)
        if not programme_path.exists():
            return (
                None,
                None,
                [
                    Diagnostic(
                        codes.FILE_NOT_FOUND,
                        f"the programme file `{reference.file}` does not exist",
                        location,
                        hint="give the path relative to the workshop file",
                    )
                ],
            )
        programme, diagnostics = self.load_programme(programme_path)
        return programme_path, programme, list(diagnostics)

    def _participants_of(
        self, spec: WorkshopFile, path: Path, parsed: ParsedYaml
    ) -> ParticipantTable:
        participants = spec.participants
        if participants is None:
            return ParticipantTable()
        if isinstance(participants, list):
            return inline_participants(participants, parsed.source.file)
        assert isinstance(participants, ParticipantFile)
        raw = parsed.data.get("participants")
        reference = parsed.source.locate(
            ("participants", "file") if isinstance(raw, dict) else ("participants",)
        )
        shown_base = str(Path(parsed.source.file).parent)
        return read_participant_file(
            participants, path.parent, "" if shown_base == "." else shown_base, reference
        )


def _assessment_of(spec: WorkshopFile, path: Path, parsed: ParsedYaml) -> AssessmentRead:
    """The self-assessment the workshop names under ``assessment:``, read (or nothing)."""
    if spec.assessment is None:
        return AssessmentRead()
    raw = parsed.data.get("assessment")
    reference = parsed.source.locate(
        ("assessment", "file") if isinstance(raw, dict) else ("assessment",)
    )
    shown_base = str(Path(parsed.source.file).parent)
    return read_assessment_file(
        spec.assessment, path.parent, "" if shown_base == "." else shown_base, reference
    )


def resolve_programme(
    reference: ProgrammeRef | None,
    programme: Programme | None,
    programme_path: Path | None,
    path: Path,
) -> Programme:
    """The programme with the overrides of the file at ``path``, file paths made absolute."""
    merged = merge_programme(programme, reference)
    return resolve_files(merged, programme, programme_path, path)


def _overrides(reference: ProgrammeRef | None) -> bool:
    """Whether ``reference`` sets anything besides the programme's file."""
    return reference is not None and bool(reference.model_fields_set - {"file"})


def resolve_files(
    merged: Programme, programme: Programme | None, programme_path: Path | None, workshop_path: Path
) -> Programme:
    """Make logo and template paths absolute: relative to the file that named them."""

    def resolve(path: str | None, from_programme: bool) -> str | None:
        if path is None:
            return None
        base = programme_path.parent if from_programme and programme_path else workshop_path.parent
        return str((base / path).resolve())

    def named_by_programme(section: str, key: str, value: str | None) -> bool:
        items = getattr(programme, section) if programme else []
        return any(item.id == key and item.logo == value for item in items)

    return merged.model_copy(
        update={
            "funders": [
                funder.model_copy(
                    update={
                        "logo": resolve(
                            funder.logo, named_by_programme("funders", funder.id, funder.logo)
                        )
                    }
                )
                for funder in merged.funders
            ],
            "partners": [
                partner.model_copy(
                    update={
                        "logo": resolve(
                            partner.logo, named_by_programme("partners", partner.id, partner.logo)
                        )
                    }
                )
                for partner in merged.partners
            ],
            "templates": resolve(
                merged.templates,
                programme is not None and programme.templates == merged.templates,
            ),
        }
    )


FileKind = Literal["workshop", "agreement", "outcomes", "other"]
_TOP_KEY = re.compile(r"^(workshop|agreement|outcomes):", re.MULTILINE)


def detect_file_kind(path: Path) -> FileKind:
    """What a YAML file is, from its top-level keys (a cheap look, no parsing).

    Only a regular file is looked into: a pipe or a device is "other", and the reader refuses it
    by name (opening a pipe with no writer would wait for ever).
    """
    note_touched(path)
    try:
        if not path.is_file():
            return "other"
        with path.open("rb") as stream:
            head = stream.read(1 << 20).decode("utf-8", errors="replace")
    except OSError:
        return "other"
    keys = set(_TOP_KEY.findall(head))
    if "workshop" in keys:
        return "workshop"
    if "agreement" in keys:
        return "agreement"
    if "outcomes" in keys:
        return "outcomes"
    return "other"


def find_outcome_target(path: Path, parsed: ParsedYaml) -> Path | None:
    """The workshop file that the outcome file at ``path`` names, if it names one."""
    if not parsed.ok or not isinstance(parsed.data, dict):
        return None
    outcomes = parsed.data.get("outcomes")
    reference = outcomes.get("workshop") if isinstance(outcomes, dict) else None
    if not isinstance(reference, str) or not reference.strip():
        return None
    return path.parent / reference


def load_agreement(path: Path, loader: Loader) -> LoadedAgreement:
    """Read and validate the agreement file at ``path`` with its programme; check nothing."""
    read = loader.read_with_programme(path, AgreementFile)
    spec, diagnostics = read.spec, read.diagnostics
    if spec is None or any(d.is_error for d in diagnostics):
        return LoadedAgreement(None, diagnostics, read.sources)
    document = AgreementDocument(
        path=path,
        file=read.parsed.source.file,
        spec=spec,
        programme=loader.resolve_programme(spec.programme, read, path),
        workshop_title=_workshop_title(loader, path, spec.agreement.workshop),
        programme_path=read.programme_path,
        programme_file=display_path(read.programme_path) if read.programme_path else None,
        sources=read.sources,
    )
    return LoadedAgreement(document, diagnostics, read.sources)


def _workshop_title(loader: Loader, path: Path, reference: str | None) -> str | None:
    """The title in the workshop file that ``reference`` names, or the reference itself."""
    if not reference:
        return None
    workshop = path.parent / reference
    note_touched(workshop)
    if not workshop.is_file():
        return reference
    data = loader.parse(workshop).data
    section = data.get("workshop") if isinstance(data, dict) else None
    title = section.get("title") if isinstance(section, dict) else None
    if isinstance(title, dict) and title and all(isinstance(text, str) for text in title.values()):
        return LocalText(
            {normalise_tag(str(key), "sr") or str(key): text for key, text in title.items()}
        )
    return title if isinstance(title, str) else reference


__all__ = [
    "Loaded",
    "LoadedAgreement",
    "Loader",
    "load_agreement",
    "validate",
]
