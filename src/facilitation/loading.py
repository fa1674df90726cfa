"""Load a workshop: its file, its programme and its participants, with every problem located.

The result is a :class:`Workshop` (valid models, and where everything came from) or the
diagnostics that say why there is none. Files read once are cached by the :class:`Loader`, so six
workshops that share one programme file read it once and report its problems once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from facilitation import codes
from facilitation.errors import Diagnostic, Location, YamlPath, display_path
from facilitation.model import Programme, WorkshopFile, merge_programme
from facilitation.model.programme import ProgrammeFields
from facilitation.model.workshop import Day, Participant, ParticipantFile, Session, WorkshopInfo
from facilitation.participants import ParticipantTable, inline_participants, read_participant_file
from facilitation.schema_errors import diagnostics_from_validation
from facilitation.yaml_source import ParsedYaml, SourceMap, load_yaml_file

M = TypeVar("M", bound=BaseModel)


@dataclass
class Workshop:
    """A valid workshop, its programme (with the workshop's overrides) and its participants."""

    path: Path
    file: str
    spec: WorkshopFile
    programme: Programme
    participants: list[Participant]
    #: For each participant: the file it was read from and its path in that file.
    participant_origins: list[tuple[str, YamlPath]]
    programme_path: Path | None
    programme_file: str | None
    #: The programme file as written, before the workshop's overrides (for locating problems).
    programme_base: Programme | None = None
    sources: dict[str, SourceMap] = field(default_factory=dict)

    @property
    def info(self) -> WorkshopInfo:
        """The ``workshop:`` section."""
        return self.spec.workshop

    @property
    def days(self) -> list[Day]:
        """The days as written."""
        return self.spec.days

    @property
    def language(self) -> str:
        """The workshop's language, else the programme's, else English."""
        return self.info.language or self.programme.language or "en"

    @property
    def confidentiality(self) -> str:
        """The workshop's confidentiality level, else the programme's, else internal."""
        return self.info.confidentiality or self.programme.confidentiality or "internal"

    @property
    def timezone(self) -> str | None:
        """The workshop's time zone, else the programme's."""
        return self.info.timezone or self.programme.timezone

    def where(self, path: YamlPath, *, file: str | None = None, key: bool = False) -> Location:
        """The location of ``path`` in ``file`` (the workshop file unless given)."""
        shown = file or self.file
        source = self.sources.get(shown)
        if source is None:
            return Location(shown, path=path)
        return source.locate(path, key=key)

    def participant_location(self, index: int, field_name: str | None = None) -> Location:
        """Where participant ``index`` (or one of its fields) is written."""
        file, path = self.participant_origins[index]
        return self.where((*path, field_name) if field_name else path, file=file)


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

    def parse(self, path: Path) -> ParsedYaml:
        """Read and parse ``path`` (cached)."""
        key = path.resolve()
        if key not in self._parsed:
            self._parsed[key] = load_yaml_file(path, display_path(path))
        return self._parsed[key]

    def load_workshop(self, path: Path) -> Loaded:
        """Load the workshop file at ``path`` with its programme and participants."""
        parsed = self.parse(path)
        sources = {parsed.source.file: parsed.source}
        if not parsed.ok:
            return Loaded(None, parsed.diagnostics, sources)
        spec, diagnostics = validate(WorkshopFile, parsed.data, parsed.source)
        if spec is None:
            return Loaded(None, diagnostics, sources)

        programme_path, programme, programme_diagnostics = self._programme_of(spec, path, parsed)
        diagnostics.extend(programme_diagnostics)
        if programme_path is not None:
            programme_source = self.parse(programme_path).source
            sources[programme_source.file] = programme_source
        table = self._participants_of(spec, path, parsed)
        diagnostics.extend(table.diagnostics)
        if table.source is not None:
            sources[table.source.file] = table.source
        if any(diagnostic.is_error for diagnostic in diagnostics):
            return Loaded(None, diagnostics, sources)
        merged = merge_programme(programme, spec.programme)
        workshop = Workshop(
            path=path,
            file=parsed.source.file,
            spec=spec,
            programme=_with_files_resolved(merged, programme, programme_path, path),
            participants=table.participants,
            participant_origins=table.origins,
            programme_path=programme_path,
            programme_file=display_path(programme_path) if programme_path else None,
            programme_base=programme,
            sources=sources,
        )
        return Loaded(workshop, diagnostics, sources)

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

    def _programme_of(
        self, spec: WorkshopFile, path: Path, parsed: ParsedYaml
    ) -> tuple[Path | None, Programme | None, list[Diagnostic]]:
        reference = spec.programme
        if reference is None or reference.file is None:
            return None, None, []
        programme_path = path.parent / reference.file
        location = (
            parsed.source.locate(("programme", "file"))
            if isinstance(parsed.data.get("programme"), dict)
            else parsed.source.locate(("programme",))
        )
        if not programme_path.is_file():
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


def _with_files_resolved(
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


def session_path(day: int, index: int, *rest: str | int) -> YamlPath:
    """The YAML path of session ``index`` of day ``day`` (both 0-based)."""
    return ("days", day, "sessions", index, *rest)


__all__ = [
    "Loaded",
    "Loader",
    "ProgrammeFields",
    "Session",
    "Workshop",
    "session_path",
    "validate",
]
