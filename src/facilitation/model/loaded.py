"""The loaded aggregates: a workshop or an agreement with its programme, and where each came from.

The reader builds them from valid models; every later stage (timing, checks, documents, editing)
works on them and never on files. Each knows its source maps, so a check can name the line of
anything it is about.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from facilitation.catalogue.locales import DEFAULT_SERBIAN, normalise_tag
from facilitation.errors import Location, YamlPath
from facilitation.model.agreement import AgreementFile
from facilitation.model.assessment import Assessment
from facilitation.model.outcomes import Outcomes
from facilitation.model.programme import Programme, ProgrammeFields
from facilitation.model.workshop import Day, Group, Participant, WorkshopFile, WorkshopInfo
from facilitation.source_map import SourceMap


def session_path(day: int, index: int, *rest: str | int) -> YamlPath:
    """The YAML path of session ``index`` of day ``day`` (both 0-based)."""
    return ("days", day, "sessions", index, *rest)


@dataclass(frozen=True)
class OutcomeSource:
    """Outcomes of a workshop, and where they are written (file and path of ``outcomes:``)."""

    outcomes: Outcomes
    path: Path
    file: str
    prefix: YamlPath = ("outcomes",)

    def photo_path(self, file: str) -> Path:
        """Where a photo named in these outcomes is on disk."""
        return self.path.parent / file


class Locating:
    """Turns YAML paths into locations, for objects that know their file and source maps."""

    file: str
    sources: dict[str, SourceMap]

    def where(self, path: YamlPath, *, file: str | None = None, key: bool = False) -> Location:
        """The location of ``path`` in ``file`` (this object's own file unless given)."""
        shown = file or self.file
        source = self.sources.get(shown)
        if source is None:
            return Location(shown)
        return source.locate(path, key=key)


@dataclass
class Workshop(Locating):
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
    #: The outcomes recorded in the workshop file and in outcome files that name it.
    outcomes: list[OutcomeSource] = field(default_factory=list)
    #: The Compass self-assessment the workshop names, as read.
    assessment: Assessment | None = None

    @property
    def info(self) -> WorkshopInfo:
        """The ``workshop:`` section."""
        return self.spec.workshop

    @property
    def days(self) -> list[Day]:
        """The days as written."""
        return self.spec.days

    @property
    def national_country(self) -> str | None:
        """The country whose workshop this is; ``None`` for a regional one.

        A workshop with ``scope: regional`` takes place in a country (its ``country:``) but
        belongs to the region: its outcomes count for no one country.
        """
        info = self.info
        return None if info.scope == "regional" else info.country

    @property
    def requested_language(self) -> str:
        """The language tag as written: the workshop's, else the programme's, else English."""
        return self.info.language or self.programme.language or "en"

    @property
    def serbian(self) -> str:
        """What plain ``sr`` means for this programme."""
        return self.programme.serbian or DEFAULT_SERBIAN

    @property
    def language(self) -> str:
        """The language of the documents: a supported locale (English for any other tag)."""
        return normalise_tag(self.requested_language, self.serbian) or "en"

    @property
    def programme_language(self) -> str:
        """The language the programme file's plain texts are written in."""
        return normalise_tag(self.programme.language or "en", self.serbian) or "en"

    def document_languages(self) -> list[tuple[str, tuple[str, ...]]]:
        """Each language to build in, with the documents it is for (empty: every document).

        The workshop's own language comes first; then the ``languages:`` it lists, once each.
        """
        result: list[tuple[str, tuple[str, ...]]] = [(self.language, ())]
        for choice in self.info.languages:
            tag = normalise_tag(choice.language, self.serbian)
            if tag and all(tag != seen for seen, _ in result):
                result.append((tag, tuple(choice.documents)))
        return result

    @property
    def confidentiality(self) -> str:
        """The workshop's confidentiality level, else the programme's, else internal."""
        return self.info.confidentiality or self.programme.confidentiality or "internal"

    @property
    def timezone(self) -> str | None:
        """The workshop's time zone, else the programme's."""
        return self.info.timezone or self.programme.timezone

    def is_online(self, day: int) -> bool:
        """Whether day ``day`` (0-based) is held online: its own `online:`, else the mode's."""
        own = self.days[day].online if 0 <= day < len(self.days) else None
        return own if own is not None else self.info.mode == "online"

    def country_groups(self) -> tuple[Group, ...]:
        """One group per country, for ``groups: by-country``.

        The participants' countries in the programme's order; every country of the programme
        when no participant names one.
        """
        programme = self.programme
        # NOTE: each country as written once: a long list names the same few thousands of times.
        written = {person.country for person in self.participants}
        present = {programme.country_code(country) for country in written}
        codes = [country.code for country in programme.countries if country.code in present]
        codes = codes or [country.code for country in programme.countries]
        return tuple(Group(name=programme.country_name(code)) for code in codes)

    def session_title(self, day: int, index: int) -> str:
        """How a session is named in messages: its title, else its kind, else its number."""
        session = self.days[day].sessions[index]
        return session.title or session.kind or f"session {index + 1}"

    def programme_sources(self) -> Iterator[tuple[str | None, YamlPath, ProgrammeFields]]:
        """The programme file as written and the workshop's overrides, with where each is.

        Each is ``(file, prefix, fields)``: the file to locate problems in (``None``: the
        workshop's own) and the YAML path of the fields in it.
        """
        if self.programme_base is not None and self.programme_file is not None:
            yield self.programme_file, (), self.programme_base
        if self.spec.programme is not None:
            yield None, ("programme",), self.spec.programme

    def session_ids(self) -> list[str]:
        """The ids of the sessions that have one, in agenda order."""
        return [session.id for day in self.days for session in day.sessions if session.id]

    def knows_owner(self, owner: str) -> bool:
        """True when ``owner`` is known to the programme or is a participant's name."""
        if self.programme.knows_owner(owner):
            return True
        folded = owner.strip().casefold()
        return any(person.full_name.casefold() == folded for person in self.participants)

    def owner_names(self) -> list[str]:
        """Every word that names a known owner, for did-you-mean hints."""
        return [
            *self.programme.owner_names(),
            *(person.full_name for person in self.participants),
        ]

    def all_outcomes(self) -> Outcomes | None:
        """Every outcome recorded for the workshop, merged into one (``None`` if there is none)."""
        if not self.outcomes:
            return None
        merged: dict[str, Any] = {}
        for source in self.outcomes:
            for name in Outcomes.model_fields:
                value = getattr(source.outcomes, name)
                if isinstance(value, list):
                    merged.setdefault(name, []).extend(value)
                elif value is not None and name not in merged:
                    merged[name] = value
        merged.pop("workshop", None)
        return Outcomes.model_validate(merged)

    def participant_location(self, index: int, field_name: str | None = None) -> Location:
        """Where participant ``index`` (or one of its fields) is written."""
        file, path = self.participant_origins[index]
        return self.where((*path, field_name) if field_name else path, file=file)


@dataclass
class AgreementDocument(Locating):
    """A valid agreement with its programme (and overrides)."""

    path: Path
    file: str
    spec: AgreementFile
    programme: Programme
    programme_path: Path | None
    programme_file: str | None
    sources: dict[str, SourceMap] = field(default_factory=dict)
    #: The title of the workshop the agreement came from (``workshop:``), if it can be read.
    workshop_title: str | None = None

    @property
    def serbian(self) -> str:
        """What plain ``sr`` means for this programme."""
        return self.programme.serbian or DEFAULT_SERBIAN

    @property
    def programme_language(self) -> str:
        """The language the programme file's plain texts are written in."""
        return normalise_tag(self.programme.language or "en", self.serbian) or "en"

    @property
    def written_in(self) -> str:
        """The language of the file's plain texts: the agreement's, else the programme's."""
        tag = self.spec.agreement.language or self.programme.language or "en"
        return normalise_tag(tag, self.serbian) or "en"

    @property
    def versions(self) -> list[str]:
        """The language of each version the document holds (one, unless it is bilingual).

        ``languages:`` in the agreement are the languages the parties communicate in, which the
        document lists; ``versions:`` are the languages the document itself is written in.
        """
        tags = [normalise_tag(tag, self.serbian) for tag in self.spec.agreement.versions]
        found = list(dict.fromkeys(tag for tag in tags if tag))
        return found or [self.written_in]

    @property
    def language(self) -> str:
        """The language of the document: its first version's."""
        return self.versions[0]

    @property
    def prevailing(self) -> str | None:
        """The version that prevails in a bilingual document (``None`` for one version)."""
        if len(self.versions) < 2:
            return None
        tag = self.spec.agreement.prevails
        return (normalise_tag(tag, self.serbian) if tag else None) or self.versions[0]

    @property
    def confidentiality(self) -> str:
        """The programme's confidentiality level, else internal."""
        return self.programme.confidentiality or "internal"
