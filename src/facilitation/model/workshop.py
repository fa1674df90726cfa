"""A workshop file: the workshop, its days and sessions, its participants."""

from __future__ import annotations

import re
from typing import Annotated, Any, ClassVar, Literal, get_args

from pydantic import BeforeValidator, Discriminator, Field, Tag, WithJsonSchema, model_validator
from pydantic_core import PydanticCustomError

from facilitation.catalogue.methodology import Format, Kind
from facilitation.model.assessment import AssessmentInput
from facilitation.model.fields import (
    DOCUMENT_STATUSES,
    CalendarDate,
    ClockTime,
    CompassTag,
    CountryCode,
    DcmPhase,
    DocumentStatus,
    Email,
    Identifier,
    LocalParagraph,
    LocalShort,
    Minutes,
    OneOrMany,
    StrictModel,
    Text,
    Timezone,
    Version,
    YesNo,
    choice,
    is_blank,
)
from facilitation.model.outcomes import Outcomes
from facilitation.model.programme import (
    CONFIDENTIALITY_LEVELS,
    Confidentiality,
    LanguageTag,
    ProgrammeFile,
)

WorkshopType = Literal[
    "strategic-planning", "kick-off", "review", "training", "core-group", "other"
]
WORKSHOP_TYPES: tuple[str, ...] = get_args(WorkshopType)
KINDS: tuple[str, ...] = get_args(Kind)
FORMATS: tuple[str, ...] = get_args(Format)

ParticipantRole = Literal[
    "participant", "speaker", "organiser", "interpreter", "facilitator", "observer"
]
ROLES: tuple[str, ...] = get_args(ParticipantRole)
Gender = Literal["female", "male", "diverse", "not-stated"]
GENDERS: tuple[str, ...] = get_args(Gender)
EventMode = Literal["in-person", "online", "hybrid"]
EVENT_MODES: tuple[str, ...] = get_args(EventMode)
Interpretation = Literal["simultaneous", "consecutive", "whispered", "none"]
INTERPRETATIONS: tuple[str, ...] = get_args(Interpretation)


class Group(StrictModel):
    """One of several breakout groups that work in parallel during a session."""

    name: LocalShort | None = Field(None, description="Name of the group, e.g. Serbia or Group A.")
    topic: LocalShort | None = Field(None, description="What this group works on.")
    room: LocalShort | None = None
    facilitator: Identifier | None = Field(None, description="Team id of the group's facilitator.")
    note_taker: Identifier | None = Field(None, description="Team id of the group's note-taker.")


GroupsBy = Literal["by-country"]


def _groups_tag(value: Any) -> str:
    return "group-list" if isinstance(value, list) else "group-rule"


GroupsInput = Annotated[
    Annotated[list[Group], Tag("group-list")]
    | Annotated[Annotated[GroupsBy, choice(("by-country",), what="group rule")], Tag("group-rule")],
    Discriminator(_groups_tag),
]


#: Kinds of session that may go without a title: the document names them by their kind.
_UNTITLED_KINDS = frozenset({"break", "lunch", "dinner", "free", "energiser"})


class Session(StrictModel):
    """A block of the agenda: a work session, a break, lunch, an energiser..."""

    id: Identifier | None = Field(None, description="Short id, for outcomes that refer to it.")
    title: LocalShort | None = Field(None, description="Title as participants read it.")
    minutes: Minutes | None = Field(None, description="Duration; defaults to the method's.")
    at: ClockTime | None = Field(None, description="Fixed start time (an anchor), e.g. 12:30.")
    kind: Annotated[Kind, choice(KINDS, {"energizer": "energiser", "coffee": "break"})] | None = (
        Field(None, description="work, break, lunch, energiser, check-in, check-out, ...")
    )
    method: Text | None = Field(None, description="Method id from the catalogue.")
    format: Annotated[Format, choice(FORMATS, {"group": "groups", "pair": "pairs"})] | None = None
    groups: GroupsInput | None = Field(
        None, description="Parallel breakout groups, or by-country for one group per country."
    )
    objective: LocalParagraph | None = None
    outputs: Annotated[list[LocalParagraph], OneOrMany] = []
    materials: Annotated[list[LocalShort], OneOrMany] = []
    room: LocalShort | None = None
    location: LocalShort | None = Field(
        None, description="Where an off-site session (a field visit) takes place, e.g. the address."
    )
    travel: Minutes | None = Field(
        None, description="Travel time each way of an off-site session, within its minutes."
    )
    speakers: Annotated[list[LocalShort], OneOrMany] = Field(
        [], description="Who speaks, as printed: `Name, function`."
    )
    moderator: LocalShort | None = Field(None, description="Who moderates, as printed.")
    lead: Identifier | None = Field(None, description="Team id of the lead facilitator.")
    co_facilitators: Annotated[list[Identifier], OneOrMany] = []
    note_taker: Identifier | None = Field(None, description="Team id of the note-taker.")
    dcm_phase: DcmPhase | None = None
    compass: Annotated[list[CompassTag], OneOrMany] = Field(
        [],
        description="Compass dimensions the session serves, or their aspects (empathy counts "
        "for humanity, and shows in the run sheet's time per aspect).",
    )
    notes: LocalParagraph | None = Field(
        None, description="For facilitators only; not in the agenda."
    )

    @model_validator(mode="before")
    @classmethod
    def _shorthand(cls, data: Any) -> Any:
        """``break: Coffee`` (or ``lunch:``, ``dinner:``, ``free:``, ``visit:``): a kind, titled."""
        if not isinstance(data, dict):
            return data
        for kind in ("break", "lunch", "dinner", "free", "visit"):
            if kind in data:
                data = dict(data)
                title = data.pop(kind)
                if data.get("kind") not in (None, kind):
                    raise PydanticCustomError(
                        "conflicting_kind",
                        "`{short}:` says this is a {short}, but `kind:` says {kind}",
                        {"short": kind, "kind": data["kind"]},
                    )
                data["kind"] = kind
                if title is not None and "title" not in data:
                    data["title"] = title
        return data

    @model_validator(mode="after")
    def _needs_title(self) -> Session:
        if self.title is not None and is_blank(self.title):
            # NOTE: a break may go without a title, but a title that is written must show.
            raise PydanticCustomError("blank_text", "`{field}` is empty", {"field": "title"})
        if self.title is None and self.kind not in (
            "break",
            "lunch",
            "dinner",
            "free",
            "energiser",
        ):
            raise PydanticCustomError(
                "missing_title", "this session has no `title:`", {"field": "title"}
            )
        return self


class Day(StrictModel):
    """One day of the workshop."""

    date: CalendarDate | None = Field(None, description="Defaults to the day after the previous.")
    theme: LocalShort | None = Field(
        None, description="The day's theme, e.g. Exploring and engaging."
    )
    objective: LocalParagraph | None = None
    start: ClockTime = Field(description="When the day starts, e.g. 9:00.")
    end: ClockTime = Field(description="When the day ends, e.g. 17:30.")
    venue: LocalShort | None = Field(None, description="If this day is somewhere else.")
    registration: ClockTime | None = Field(
        None, description="When registration opens, before the first session, e.g. 8:30."
    )
    online: YesNo | None = Field(
        None,
        description="Held online (a hybrid event's online day); the workshop's mode if not set.",
    )
    sessions: list[Session] = []


#: Days a participant came: day numbers (from 1), all days, or none.
Attendance = list[int] | Literal["all", "none"]
_MAX_DAY = 366
_ATTENDANCE_WORDS = {"all": "all", "yes": "all", "none": "none", "no": "none", "-": "none"}
#: What editors accept for ``attended:``: ``[1, 2]``, ``2``, ``1,2``, ``1-3``, ``all``, ``none``.
_ATTENDANCE_SCHEMA: dict[str, Any] = {
    "anyOf": [
        {"type": "array", "items": {"type": "integer", "minimum": 1}},
        {"type": "integer", "minimum": 1},
        {"type": "string"},
        {"type": "boolean"},
        {"type": "null"},
    ]
}
_DAY_RANGE = re.compile(r"(\d{1,3})[-–](\d{1,3})")


def _read_attendance(value: Any) -> Any:
    """``1,2``, ``1-3``, ``[1, 2]``, ``3``, ``all``, ``none`` (also yes and no): days or a word.

    Anything else is refused with the forms that are understood; an empty text is no record.
    """
    if value is None or isinstance(value, bool):
        return value if value is None else ("all" if value else "none")
    if isinstance(value, str):
        text = value.strip()
        if not text:
            return None
        word = _ATTENDANCE_WORDS.get(text.casefold())
        if word:
            return word
        items: list[Any] = re.split(r"[,;/\s]+", re.sub(r"\s*([-–])\s*", r"\1", text))
    else:
        items = value if isinstance(value, list) else [value]
    days = {day for item in items if item != "" for day in _attendance_days(item, value)}
    return sorted(days) or "none"


def _attendance_days(item: Any, whole: Any) -> list[int]:
    """The days one item of an attendance value names: ``2`` or ``1-3``."""
    text = str(item).strip()
    if isinstance(item, float) and item.is_integer():
        text = str(int(item))
    match = _DAY_RANGE.fullmatch(text)
    first, last = (text, text) if text.isdigit() else match.groups() if match else ("", "")
    if first.isdigit() and last.isdigit() and 1 <= int(first) <= int(last) <= _MAX_DAY:
        return list(range(int(first), int(last) + 1))
    shown = ", ".join(map(str, whole)) if isinstance(whole, list) else str(whole)
    raise PydanticCustomError(
        "invalid_attendance",
        "`{value}` is not a list of days: write the numbers of the days the person came, "
        "such as 1,2 or 1-3, or all, or none",
        {"value": shown[:40]},
    )


class Participant(StrictModel):
    """A person who takes part."""

    id: Identifier | None = None
    name: Text | None = Field(None, description="Full name; or first_name and last_name.")
    first_name: Text | None = None
    last_name: Text | None = None
    function: Text | None = Field(None, description="Position or function.")
    institution: Text | None = Field(None, description="Institution id or name.")
    country: Text | None = Field(None, description="Country code or name.")
    email: Email | None = None
    phone: Text | None = None
    gender: (
        Annotated[
            Gender,
            choice(
                GENDERS,
                {
                    "f": "female",
                    "w": "female",
                    "woman": "female",
                    "m": "male",
                    "man": "male",
                    "d": "diverse",
                    "other": "diverse",
                    "x": "diverse",
                    "": "not-stated",
                    "prefer-not-to-say": "not-stated",
                },
                what="gender",
            ),
        ]
        | None
    ) = None
    language: LanguageTag | None = None
    role: Annotated[
        ParticipantRole, choice(ROLES, {"organizer": "organiser", "presenter": "speaker"})
    ] = "participant"
    photo_consent: YesNo = Field(False, description="Agrees to be photographed.")
    share_contact: YesNo = Field(
        False, description="Agrees that other participants see e-mail and phone."
    )
    attended: Annotated[
        Attendance | None, BeforeValidator(_read_attendance), WithJsonSchema(_ATTENDANCE_SCHEMA)
    ] = Field(
        None,
        description="Days the person came, from the signed sheets: day numbers such as 1,2 or "
        "1-3, all, or none. Left out until attendance is recorded.",
    )

    #: Roles of the people who run the workshop: listed apart, never counted as participants.
    STAFF_ROLES: ClassVar[frozenset[str]] = frozenset({"organiser", "facilitator", "interpreter"})

    @model_validator(mode="after")
    def _needs_name(self) -> Participant:
        if all(
            part is None or is_blank(part) for part in (self.name, self.first_name, self.last_name)
        ):
            raise PydanticCustomError(
                "missing_name", "this participant has no name", {"field": "name"}
            )
        return self

    @property
    def full_name(self) -> str:
        """The name as printed."""
        name, first, last = self.name, self.first_name, self.last_name
        if name and not is_blank(name):
            return name
        # NOTE: no generator to join: a list of 20,000 people asks for every name more than once.
        first = first if first and not is_blank(first) else ""
        last = last if last and not is_blank(last) else ""
        return f"{first} {last}" if first and last else first or last

    @property
    def is_staff(self) -> bool:
        """True for organisers, facilitators and interpreters: they run the workshop."""
        return self.role in self.STAFF_ROLES

    def days_attended(self, days: int) -> frozenset[int] | None:
        """The days (1 to ``days``) the person came, or None while attendance is not recorded."""
        if self.attended is None:
            return None
        if self.attended == "all":
            return frozenset(range(1, days + 1))
        if self.attended == "none":
            return frozenset()
        return frozenset(day for day in self.attended if day <= days)


class ParticipantFile(StrictModel):
    """Participants in a CSV or Excel file next to the workshop."""

    file: Text = Field(description="CSV or XLSX file, relative to the workshop file.")
    sheet: Text | None = Field(None, description="Worksheet name (Excel).")
    columns: dict[Text, Text] = Field(
        {}, description="Column heading in the file → field (name, email, institution, ...)."
    )
    encoding: Text | None = Field(
        None,
        description="Encoding of a CSV file that is not UTF-8, e.g. cp1250, cp1251 or cp1252; "
        "guessed when not given.",
    )


def _participants_tag(value: Any) -> str:
    return "participant-list" if isinstance(value, list) else "participant-file"


def _participants_file(value: Any) -> Any:
    return {"file": value} if isinstance(value, str) else value


#: Discriminator tags that pydantic adds to error locations; they are not keys in the file.
UNION_TAGS = frozenset({"participant-list", "participant-file", "group-list", "group-rule"})

ParticipantsInput = Annotated[
    Annotated[list[Participant], Tag("participant-list")]
    | Annotated[
        Annotated[ParticipantFile, BeforeValidator(_participants_file)], Tag("participant-file")
    ],
    Discriminator(_participants_tag),
]


#: The documents ``build`` writes for a workshop (the registry in ``documents`` describes them;
#: a test keeps the two lists the same).
DocumentName = Literal[
    "agenda", "run-sheet", "participants", "participants-shared", "sign-in", "agenda-md",
    "calendar", "outcome-report",
]  # fmt: skip
WORKSHOP_DOCUMENTS: tuple[str, ...] = get_args(DocumentName)

WorkshopScope = Literal["national", "regional"]
WORKSHOP_SCOPES: tuple[str, ...] = get_args(WorkshopScope)


class LanguageChoice(StrictModel):
    """A further language of the workshop's documents: for all of them, or for the ones named."""

    language: LanguageTag
    documents: list[Annotated[DocumentName, choice(WORKSHOP_DOCUMENTS, what="document")]] = Field(
        [], description="Only these documents, e.g. [agenda]; all of them when left out."
    )


def _language_choice(value: Any) -> Any:
    """``de`` is every document in German; ``de: [agenda]`` only the agenda."""
    if isinstance(value, str):
        return {"language": value}
    if isinstance(value, dict) and len(value) == 1 and "language" not in value:
        ((language, documents),) = value.items()
        return {"language": language, "documents": documents}
    return value


class WorkshopInfo(StrictModel):
    """What the workshop is: title, dates, place, language and purpose."""

    id: Identifier = Field(description="Short id; documents are written to a folder of this name.")
    title: LocalShort
    subtitle: LocalShort | None = None
    type: Annotated[
        WorkshopType,
        choice(
            WORKSHOP_TYPES,
            {
                "kickoff": "kick-off",
                "strategic": "strategic-planning",
                "planning": "strategic-planning",
            },
            what="workshop type",
        ),
    ] = "other"
    dcm_phase: DcmPhase | None = None
    start: CalendarDate = Field(description="First day, e.g. 2026-03-02.")
    end: CalendarDate | None = Field(None, description="Last day; defaults to the last day's date.")
    venue: LocalShort | None = None
    city: LocalShort | None = None
    country: CountryCode | None = Field(None, description="Where it takes place.")
    scope: Annotated[WorkshopScope, choice(WORKSHOP_SCOPES, what="scope")] | None = Field(
        None,
        description="national (its country's) or regional (several countries'); "
        "national when it has a country.",
    )
    language: LanguageTag | None = Field(None, description="Overrides the programme's language.")
    languages: list[Annotated[LanguageChoice, BeforeValidator(_language_choice)]] = Field(
        [],
        description="More languages to build the documents in: `de`, or `de: [agenda]`.",
    )
    timezone: Timezone | None = Field(None, description="IANA time zone, e.g. Europe/Sarajevo.")
    confidentiality: (
        Annotated[Confidentiality, choice(CONFIDENTIALITY_LEVELS, what="confidentiality level")]
        | None
    ) = None
    objectives: Annotated[list[LocalParagraph], OneOrMany] = []
    expected_results: Annotated[list[LocalParagraph], OneOrMany] = []
    calendar_breaks: YesNo = Field(
        True, description="Put breaks, lunch and free time in the calendar file (agenda.ics)."
    )
    week_at_a_glance: YesNo | None = Field(
        None, description="Show the week at a glance in the agenda; by default from three days."
    )
    status: Annotated[DocumentStatus, choice(DOCUMENT_STATUSES, what="status")] = Field(
        "draft", description="draft (every page is marked DRAFT) or final."
    )
    version: Version | None = Field(None, description="The documents' version, e.g. 1.0.")
    issued: CalendarDate | None = Field(
        None, description="Date of issue of the documents; the day of the build when not given."
    )
    contact: Text | None = Field(
        None, description="The contact person: a team id from the programme, or a name."
    )
    address: Text | None = Field(
        None, description="The venue's address, as the post writes it (one text in every language)."
    )
    working_languages: Annotated[list[LanguageTag], OneOrMany] = Field(
        [], description="Languages spoken at the workshop, e.g. [en, sr-Latn]."
    )
    interpretation: (
        Annotated[Interpretation, choice(INTERPRETATIONS, what="interpretation")] | None
    ) = Field(None, description="simultaneous, consecutive, whispered or none.")
    mode: Annotated[EventMode, choice(EVENT_MODES, {"onsite": "in-person"}, what="mode")] = Field(
        "in-person", description="in-person, online or hybrid (some days online)."
    )
    meeting_link: Text | None = Field(None, description="The online meeting's link.")
    share_meeting_link: YesNo = Field(
        True, description="Print the meeting link in the agenda; `no` keeps it to the run sheet."
    )
    participant_timezones: Annotated[list[Timezone], OneOrMany] = Field(
        [],
        description="Time zones participants join from; times are printed with their zone.",
    )
    second_timezone: Timezone | None = Field(
        None, description="Print every time also in this zone, e.g. America/New_York."
    )


class WorkshopFile(ProgrammeFile):
    """A workshop file as written."""

    workshop: WorkshopInfo
    days: list[Day] = Field(min_length=1)
    participants: ParticipantsInput | None = Field(
        None, description="A list of participants, or a CSV/XLSX file."
    )
    outcomes: Outcomes | None = Field(None, description="What the workshop agreed.")
    assessment: AssessmentInput | None = Field(
        None, description="A Compass self-assessment: a CSV/XLSX form export, one row a respondent."
    )
