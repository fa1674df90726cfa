"""The programme: funders, partners, countries, institutions and the facilitation team.

A programme lives in its own file, which every workshop of the programme names
(``programme: programme.yaml``). A workshop may override any of it; see :func:`merge_programme`.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal, get_args

from pydantic import BeforeValidator, Field

from facilitation.model.common import (
    CountryCode,
    Email,
    Identifier,
    OneOrMany,
    Paragraph,
    StrictModel,
    Text,
    Timezone,
    YesNo,
    choice,
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
    name: Text = Field(description="Full name, e.g. European Union.")
    statement: Text | None = Field(
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
    name: Text
    short_name: Text | None = None
    logo: Text | None = Field(None, description="PNG or JPEG file, relative to this file.")


class Country(StrictModel):
    """A country that takes part, by its two-letter code."""

    code: CountryCode = Field(description="Two-letter code (ISO 3166; XK for Kosovo*).")
    name: Text = Field(description="Name as printed, with any footnote marker (Kosovo*).")
    local_name: Text | None = Field(None, description="Name in the country's language.")


class Institution(StrictModel):
    """An institution that sends participants or takes on commitments."""

    id: Identifier
    name: Text
    short_name: Text | None = None
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
    role: Text | None = None
    organisation: Text | None = None
    email: Email | None = None
    phone: Text | None = None


class Footnote(StrictModel):
    """A note that every document prints when its marker appears in the text."""

    marker: Text = Field(description="The text that calls the note, e.g. Kosovo*.")
    text: Paragraph


class ProgrammeFields(StrictModel):
    """Fields shared by the programme file and a workshop's ``programme:`` overrides."""

    name: Text | None = Field(None, description="Programme name.")
    short_name: Text | None = None
    reference: Text | None = Field(None, description="Contract or project number.")
    funders: list[Funder] = []
    partners: list[Partner] = []
    countries: list[Country] = []
    institutions: list[Institution] = []
    team: list[TeamMember] = []
    footnotes: list[Footnote] = []
    language: LanguageTag | None = None
    confidentiality: (
        Annotated[Confidentiality, choice(CONFIDENTIALITY_LEVELS, what="confidentiality level")]
        | None
    ) = None
    timezone: Timezone | None = Field(None, description="IANA time zone, e.g. Europe/Belgrade.")
    organiser: Text | None = Field(
        None, description="Who organises the events (certifies the attendance sheets)."
    )
    templates: Text | None = Field(
        None, description="Folder of your own document templates, relative to this file."
    )


class Programme(ProgrammeFields):
    """A programme file."""

    name: Text = Field(description="Programme name.")


def _file_or_mapping(value: Any) -> Any:
    if isinstance(value, str):
        return {"file": value}
    return value


class ProgrammeRef(ProgrammeFields):
    """What a workshop says about its programme: a file, and anything it overrides."""

    file: Text | None = Field(None, description="The programme file, relative to the workshop.")


#: ``programme: programme.yaml`` or ``programme: {file: programme.yaml, team: [...]}``.
ProgrammeInput = Annotated[ProgrammeRef, BeforeValidator(_file_or_mapping)]

_KEYED_LISTS = {
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
            key = _KEYED_LISTS.get(name)
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
    "Footnote",
    "Funder",
    "Institution",
    "InstitutionType",
    "LanguageTag",
    "OneOrMany",
    "Partner",
    "Programme",
    "ProgrammeFields",
    "ProgrammeInput",
    "ProgrammeRef",
    "TeamMember",
]
