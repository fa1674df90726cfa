"""The programme: funders, partners, countries, institutions and the facilitation team.

A programme lives in its own file, which every workshop of the programme names
(``programme: programme.yaml``). A workshop may override any of it; see :func:`merge_programme`.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from typing import Annotated, Any, Literal, get_args

from pydantic import BeforeValidator, Field, model_validator

from facilitation.errors import YamlPath
from facilitation.model.fields import (
    CalendarDate,
    CountryCode,
    Email,
    Identifier,
    LocalParagraph,
    LocalShort,
    OneOrMany,
    StrictModel,
    Text,
    Timezone,
    YesNo,
    choice,
    every_spelling,
    every_text,
)

InstitutionType = Literal[
    "prosecution",
    "police",
    "ministry-of-interior",
    "ministry-of-justice",
    "judiciary",
    "customs",
    "international-organisation",
    "project-team",
    "other",
]
INSTITUTION_TYPES: tuple[str, ...] = get_args(InstitutionType)

#: The script that plain ``sr`` means.
SerbianScript = Literal["sr-Cyrl", "sr-Latn"]

Confidentiality = Literal["public", "internal", "restricted", "confidential"]
CONFIDENTIALITY_LEVELS: tuple[str, ...] = get_args(Confidentiality)

_LANGUAGE = r"^[a-z]{2,3}(-[A-Z][a-z]{3})?(-[A-Z]{2}|-[0-9]{3})?$"
#: A language tag: ``en``, ``sr-Latn``, ``sr-Cyrl``, ``sq``, ``mk``, ``bs``.
LanguageTag = Annotated[
    str,
    Field(pattern=_LANGUAGE, max_length=20, description="Language tag, e.g. en, sr-Latn, mk."),
]


class Funder(StrictModel):
    """A donor whose funding the documents acknowledge."""

    id: Identifier = Field(description="Short id, e.g. eu.")
    name: LocalShort = Field(description="Full name, e.g. European Union.")
    statement: LocalShort | None = Field(
        None,
        description="Funding statement printed with the logo, e.g. Funded by the European Union.",
    )
    logo: Text | None = Field(None, description="PNG or JPEG file, relative to this file.")
    emblem: YesNo = Field(
        False, description="The logo is an emblem that must always stand with its statement (EU)."
    )


class Partner(StrictModel):
    """An implementing partner of the programme."""

    id: Identifier
    name: LocalShort
    short_name: LocalShort | None = None
    logo: Text | None = Field(None, description="PNG or JPEG file, relative to this file.")


class Country(StrictModel):
    """A country that takes part, by its two-letter code."""

    code: CountryCode = Field(description="Two-letter code (ISO 3166; XK for Kosovo*).")
    name: LocalShort = Field(description="Name as printed, with any footnote marker (Kosovo*).")
    local_name: Text | None = Field(None, description="Name in the country's language.")


class Institution(StrictModel):
    """An institution that sends participants or takes on commitments."""

    id: Identifier
    name: LocalShort
    short_name: LocalShort | None = None
    type: Annotated[
        InstitutionType,
        choice(
            INSTITUTION_TYPES,
            {
                "prosecutor": "prosecution",
                "prosecutors-office": "prosecution",
                "ministry-of-interior": "ministry-of-interior",
                "moi": "ministry-of-interior",
                "interior": "ministry-of-interior",
                "moj": "ministry-of-justice",
                "justice": "ministry-of-justice",
                "court": "judiciary",
                "project": "project-team",
                "team": "project-team",
                "international-organization": "international-organisation",
                "io": "international-organisation",
            },
            what="institution type",
        ),
    ] = "other"
    country: CountryCode | None = None


class TeamMember(StrictModel):
    """A member of the facilitation team, referred to by a short id."""

    id: Identifier = Field(description="Short id used in sessions, e.g. ek.")
    name: Text
    role: LocalShort | None = None
    organisation: LocalShort | None = None
    email: Email | None = None
    phone: Text | None = None


class Footnote(StrictModel):
    """A note that every document prints when its marker appears in the text."""

    marker: LocalShort = Field(description="The text that calls the note, e.g. Kosovo*.")
    text: LocalParagraph


class ShownBy(StrictModel):
    """The outcome record that shows a milestone: a workshop (and its decision) or an agreement."""

    workshop: Identifier | None = Field(
        None, description="The id of the workshop whose outcomes show it."
    )
    decision: Identifier | None = Field(
        None, description="The id of the workshop's decision that shows it."
    )
    agreement: Identifier | None = Field(None, description="The id of the agreement that shows it.")

    @model_validator(mode="after")
    def _one_record(self) -> ShownBy:
        if (self.workshop is None) == (self.agreement is None):
            raise ValueError("name a `workshop:` (with its `decision:`) or an `agreement:`")
        if self.decision is not None and self.workshop is None:
            raise ValueError("a `decision:` belongs to a `workshop:`")
        return self


class MilestoneReached(StrictModel):
    """A DCM milestone that a country has reached, when, and what shows it."""

    milestone: Identifier = Field(
        description="A milestone id: one of the DCM phases' results in the catalogue, "
        "e.g. collaboration-agreements."
    )
    date: CalendarDate = Field(description="When it was reached.")
    shown_by: ShownBy = Field(description="The outcome record that shows it.")
    note: LocalShort | None = None


class CountryProgress(StrictModel):
    """One country's way through the DCM: the milestones it has reached."""

    country: CountryCode = Field(description="The country's code, e.g. RS.")
    milestones: list[MilestoneReached] = []


class ProgrammeFields(StrictModel):
    """Fields shared by the programme file and a workshop's ``programme:`` overrides."""

    name: LocalShort | None = Field(None, description="Programme name.")
    short_name: LocalShort | None = None
    reference: Text | None = Field(None, description="Contract or project number.")
    funders: list[Funder] = []
    partners: list[Partner] = []
    countries: list[Country] = []
    institutions: list[Institution] = []
    team: list[TeamMember] = []
    footnotes: list[Footnote] = []
    language: LanguageTag | None = None
    serbian: (
        Annotated[SerbianScript, choice(("sr-Cyrl", "sr-Latn"), what="Serbian script")] | None
    ) = Field(None, description="What plain `sr` means: sr-Cyrl (the default) or sr-Latn.")
    confidentiality: (
        Annotated[Confidentiality, choice(CONFIDENTIALITY_LEVELS, what="confidentiality level")]
        | None
    ) = None
    timezone: Timezone | None = Field(None, description="IANA time zone, e.g. Europe/Belgrade.")
    organiser: LocalShort | None = Field(
        None, description="Who organises the events (certifies the attendance sheets)."
    )
    contact: Text | None = Field(
        None, description="The documents' contact person: a team id, or a name."
    )
    templates: Text | None = Field(
        None, description="Folder of your own document templates, relative to this file."
    )


class Programme(ProgrammeFields):
    """A programme file."""

    name: LocalShort = Field(description="Programme name.")
    progress: list[CountryProgress] = Field(
        [], description="DCM milestones reached, per country, with the records that show them."
    )

    # NOTE: the lookups below are the programme's own answers. Countries, institutions and team
    # members are named in many places (participants, sessions, outcomes, agreements) by id,
    # code, name or short name; only the programme says what they are. (The docstring above is
    # the schema's description, so it stays short.)

    def country_code(self, value: str | None) -> str | None:
        """The code of the programme's country that ``value`` names, else ``None``.

        ``value`` is the country's code, name or local name, or any code or name that
        :func:`~facilitation.catalogue.countries.find_country_code` knows (``SRB``, ``Srbija``,
        ``Србија``), ignoring case, accents and punctuation.
        """
        from facilitation.catalogue.countries import find_country_code, fold_name

        if not value or not self.countries:
            return None
        named: str | None = _indexed(self.countries, _country_names).get(fold_name(value))
        if named is not None:
            return named
        # NOTE: the programme's own words first, so that CLDR's names load only for others.
        found = find_country_code(value)
        return found if any(country.code == found for country in self.countries) else None

    def country_name(self, code: str | None) -> str:
        """The printed name of the country ``code`` (the code itself when unknown)."""
        for country in self.countries:
            if country.code == code:
                return country.name
        return code or ""

    def institution(self, value: str | None) -> Institution | None:
        """The institution that ``value`` names (an id, a name or a short name)."""
        if not value:
            return None
        return _institution_index(self.institutions).get(value.strip().lower())

    def institution_id(self, value: str | None) -> str | None:
        """The id of the institution that ``value`` names."""
        found = self.institution(value)
        return found.id if found else None

    def member(self, value: str | None) -> TeamMember | None:
        """The team member with the id ``value``."""
        return next((member for member in self.team if member.id == value), None)

    def member_name(self, team_id: str | None) -> str:
        """A team member's name (the id when unknown, empty for none)."""
        found = self.member(team_id)
        return found.name if found else (team_id or "")

    def owner_name(self, owner: str) -> str:
        """An owner as people read it: a team member's or institution's name, or a country."""
        member = self.member(owner)
        if member is not None:
            return member.name
        institution = self.institution(owner)
        if institution is not None:
            return institution.name
        country = self.country_code(owner)
        return self.country_name(country) if country else owner

    def knows_owner(self, owner: str) -> bool:
        """True when ``owner`` is a team member (id or name), an institution or a country."""
        text = owner.strip()
        folded = text.casefold()
        if any(member.id == text or member.name.casefold() == folded for member in self.team):
            return True
        return bool(self.institution(text) or self.country_code(text))

    def owner_names(self) -> list[str]:
        """The words that name an owner: team ids and names, institution ids, country codes."""
        return [
            *(member.id for member in self.team),
            *(member.name for member in self.team),
            *(institution.id for institution in self.institutions),
            *(item.short_name for item in self.institutions if item.short_name),
            *(country.code for country in self.countries),
        ]


#: The name indexes of recent lists (institutions, countries), by the list's id and the index's
#: kind: the list and its items (to tell a list that was changed or replaced since) and the index.
_INDEXES: dict[tuple[int, Any], tuple[list[Any], tuple[Any, ...], dict[str, Any]]] = {}
#: How many lists keep their index (a run has a few programmes; tests make many).
_MAX_INDEXES = 32


def _institution_index(institutions: list[Institution]) -> dict[str, Institution]:
    """Each word that names an institution of ``institutions`` (lowercase), and the first it names.

    The words are an institution's id and every spelling of its name and short name, as
    :meth:`Programme.institution` compares them. Why: a workshop names institutions hundreds of
    times, and spelling every name (in both Serbian scripts) for every look-up made a check
    quadratic in the programme's size.
    """
    return _indexed(institutions, _institution_names)


def _institution_names(institutions: list[Any]) -> dict[str, Any]:
    index: dict[str, Institution] = {}
    for institution in institutions:
        names = {institution.id, *(name.lower() for name in every_spelling(institution.name))}
        if institution.short_name:
            names.update(name.lower() for name in every_spelling(institution.short_name))
        for name in names:
            index.setdefault(name, institution)
    return index


def _country_names(countries: list[Any]) -> dict[str, Any]:
    """Each folded code, name and local name of ``countries``, and the code of the first it names.

    Why: a participant list of 20,000 names a country 20,000 times; folding every country's
    names for each of them was most of the time a list took to check.
    """
    from facilitation.catalogue.countries import fold_name

    index: dict[str, str] = {}
    for country in countries:
        names = [country.code, *every_text(country.name)]
        if country.local_name:
            names.append(country.local_name)
        for name in names:
            index.setdefault(fold_name(name), country.code)
    return index


def _indexed(items: list[Any], build: Callable[[list[Any]], dict[str, Any]]) -> dict[str, Any]:
    """The index ``build`` makes of ``items``, made once while the list stays the same."""
    cached = _INDEXES.get((id(items), build))
    if (
        cached is not None
        and cached[0] is items
        and len(cached[1]) == len(items)
        and all(map(operator.is_, cached[1], items))
    ):
        return cached[2]
    index = build(items)
    if len(_INDEXES) >= _MAX_INDEXES:
        del _INDEXES[next(iter(_INDEXES))]
    _INDEXES[(id(items), build)] = (items, tuple(items), index)
    return index


def _file_or_mapping(value: Any) -> Any:
    if isinstance(value, str):
        return {"file": value}
    return value


class ProgrammeRef(ProgrammeFields):
    """What a workshop says about its programme: a file, and anything it overrides."""

    file: Text | None = Field(None, description="The programme file, relative to the workshop.")


#: ``programme: programme.yaml`` or ``programme: {file: programme.yaml, team: [...]}``.
ProgrammeInput = Annotated[ProgrammeRef, BeforeValidator(_file_or_mapping)]


class ProgrammeFile(StrictModel):
    """A file that names its programme: a workshop file or an agreement file."""

    programme: ProgrammeInput | None = Field(None, description="The programme file, or overrides.")


#: The lists whose entries an override replaces one by one, and the key that pairs them.
KEYED_LISTS = {
    "funders": "id",
    "partners": "id",
    "countries": "code",
    "institutions": "id",
    "team": "id",
}


def merge_programme(base: Programme | None, override: ProgrammeRef | None) -> Programme:
    """Apply a workshop's overrides to its programme.

    Plain fields replace the programme's; list entries replace the entry with the same id (or
    country code) and new entries are added at the end, so a national workshop can add a local
    co-facilitator without repeating the team.
    """
    merged: dict[str, Any] = base.model_dump() if base else {}
    if override is not None:
        for name in override.model_fields_set - {"file"}:
            value = getattr(override, name)
            key = KEYED_LISTS.get(name)
            if key is None:
                merged[name] = value if not isinstance(value, list) else [*value]
                continue
            entries = {item[key]: item for item in merged.get(name, [])}
            for item in value:
                entries[getattr(item, key)] = item.model_dump()
            merged[name] = list(entries.values())
    merged.setdefault("name", "")
    return Programme.model_validate(merged)


__all__ = [
    "CONFIDENTIALITY_LEVELS",
    "INSTITUTION_TYPES",
    "Confidentiality",
    "Country",
    "CountryProgress",
    "Footnote",
    "Funder",
    "Institution",
    "InstitutionType",
    "LanguageTag",
    "MilestoneReached",
    "OneOrMany",
    "Partner",
    "Programme",
    "ProgrammeFields",
    "ProgrammeFile",
    "ProgrammeInput",
    "ProgrammeRef",
    "ShownBy",
    "TeamMember",
]


def is_overridden(base: ProgrammeFields, override: ProgrammeRef, path: YamlPath) -> bool:
    """Whether ``override`` replaces what ``base`` holds at ``path`` (so no document prints it)."""
    name = str(path[0])
    if name not in override.model_fields_set:
        return False
    key = KEYED_LISTS.get(name)
    if key is None or len(path) < 2:
        return True
    entry = getattr(base, name)[int(path[1])]
    return any(getattr(item, key) == getattr(entry, key) for item in getattr(override, name))
