"""What a workshop agreed: decisions, activities, roles, actions, questions, feedback, photos.

Outcomes are written in a workshop file's ``outcomes:`` section, or in a file of their own:

.. code-block:: yaml

    outcomes:
      workshop: kickoff-serbia.yaml     # the workshop they belong to
      activities:
        - id: jit-drugs
          title: Joint investigation team on cocaine trafficking
          scope: cross-border
          lead: rs-prosecution
          lead_country: RS
          countries: [RS, BA, ME]
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal, get_args

from pydantic import Field, field_serializer, model_validator
from pydantic_core import PydanticCustomError

from facilitation.model.fields import (
    DOCUMENT_STATUSES,
    CalendarDate,
    ClockTime,
    CountryCode,
    DcmPhase,
    DocumentStatus,
    Identifier,
    LocalParagraph,
    LocalShort,
    OneOrMany,
    StrictModel,
    Text,
    Version,
    YesNo,
    choice,
)

Scope = Literal["national", "cross-border"]
SCOPES: tuple[str, ...] = get_args(Scope)
ActivityStatus = Literal["planned", "ongoing", "done", "postponed", "dropped"]
ACTIVITY_STATUSES: tuple[str, ...] = get_args(ActivityStatus)
ActionStatus = Literal["open", "in-progress", "done", "cancelled"]
ACTION_STATUSES: tuple[str, ...] = get_args(ActionStatus)
QuestionKind = Literal["question", "risk"]
QUESTION_KINDS: tuple[str, ...] = get_args(QuestionKind)
#: What can happen to a session while the workshop runs (see :class:`Actual`).
ActualKind = Literal["start", "end", "pause", "resume", "add", "take", "skip", "later", "shorten"]
ACTUAL_KINDS: tuple[str, ...] = get_args(ActualKind)


class Decision(StrictModel):
    """A decision taken at the workshop."""

    id: Identifier | None = None
    what: LocalParagraph = Field(description="What was decided.")
    why: LocalParagraph | None = Field(None, description="The reason for it.")
    decided_by: LocalShort | None = Field(
        None, description="Who decided: a body, a team, the plenary."
    )
    date: CalendarDate | None = Field(None, description="Defaults to the workshop's first day.")


class Activity(StrictModel):
    """An activity the partners agreed to carry out, national or across borders."""

    id: Identifier = Field(
        description="Short id; the same id in several workshops is one joint activity."
    )
    title: LocalShort
    description: LocalParagraph | None = None
    lead: Text | None = Field(None, description="Lead institution (id from the programme).")
    partners: Annotated[list[Text], OneOrMany] = Field(
        [], description="Partner institutions (ids from the programme)."
    )
    scope: Annotated[
        Scope, choice(SCOPES, {"joint": "cross-border", "regional": "cross-border"}, what="scope")
    ] = "national"
    lead_country: CountryCode | None = Field(None, description="For cross-border activities.")
    countries: Annotated[list[CountryCode], OneOrMany] = Field(
        [], description="Countries that take part (cross-border activities)."
    )
    timeframe: LocalShort | None = Field(
        None, description="When, e.g. Q3 2026 or May–September 2026."
    )
    dcm_phase: DcmPhase | None = None
    status: Annotated[ActivityStatus, choice(ACTIVITY_STATUSES, what="activity status")] = "planned"


class Responsibility(StrictModel):
    """Who takes on which task, in which team."""

    who: Text = Field(description="A person, an institution (id) or a team member (id).")
    what: LocalParagraph
    team: Text | None = Field(
        None, description="The team or structure, e.g. national working group."
    )


#: Action statuses that need nothing more.
CLOSED_STATUSES: frozenset[str] = frozenset({"done", "cancelled"})


class Action(StrictModel):
    """An action item: what, who, by when."""

    what: LocalParagraph
    owner: Text = Field(description="Team member id, institution id, country code or a name.")
    due: CalendarDate | None = None
    status: Annotated[
        ActionStatus, choice(ACTION_STATUSES, {"in progress": "in-progress"}, what="action status")
    ] = "open"

    @property
    def is_closed(self) -> bool:
        """Done or cancelled: nothing more to do."""
        return self.status in CLOSED_STATUSES

    def is_overdue(self, as_of: dt.date) -> bool:
        """Due before ``as_of`` (the date a report is as of) and still open."""
        return self.due is not None and self.due < as_of and not self.is_closed


class Question(StrictModel):
    """An open question or a risk."""

    text: LocalParagraph
    kind: Annotated[QuestionKind, choice(QUESTION_KINDS, what="kind")] = "question"
    owner: Text | None = None


class Rating(StrictModel):
    """Answers to one feedback question, on a scale from 1 to ``scale``."""

    question: LocalShort
    scale: int = Field(5, ge=2, le=10)
    scores: Annotated[list[int], OneOrMany] = Field(description="One score per answer.")

    @model_validator(mode="after")
    def _scores_on_scale(self) -> Rating:
        for score in self.scores:
            if not 1 <= score <= self.scale:
                raise PydanticCustomError(
                    "score_off_scale",
                    "a score of {score} is outside the scale 1 to {scale}",
                    {"score": score, "scale": self.scale},
                )
        return self


class Feedback(StrictModel):
    """What participants said about the workshop."""

    responses: int | None = Field(None, ge=0, description="How many people answered.")
    ratings: list[Rating] = []
    comments: Annotated[list[LocalParagraph], OneOrMany] = []


class Photo(StrictModel):
    """A photo for the report; used only if everyone on it agreed."""

    file: Text = Field(description="PNG or JPEG, relative to this file.")
    caption: LocalShort
    consent: YesNo = Field(False, description="Everyone on the photo agreed to its use.")


class SessionResult(StrictModel):
    """What came out of one agenda session."""

    session: Identifier = Field(description="The session's id in the agenda.")
    summary: LocalParagraph | None = None
    points: Annotated[list[LocalParagraph], OneOrMany] = []


class Actual(StrictModel):
    """One thing that happened to a session while the workshop ran, as the live console saw it.

    Read in order, the entries of a day replay the day: the console that recorded them resumes
    from them.
    """

    day: int = Field(ge=1, le=366, description="The day of the workshop, counted from 1.")
    session: Text = Field(
        description="The session's id in the agenda, else its title as the agenda gives it "
        "(followed by its planned start in brackets, e.g. Coffee (10:30), when two sessions of "
        "the day share the title)."
    )
    what: Annotated[ActualKind, choice(ACTUAL_KINDS, what="event")] = Field(
        description="start, end, pause, resume, add or take (minutes of the session), skip, "
        "later (moved one place later), shorten (to win back time before a fixed start)."
    )
    at: ClockTime = Field(description="When it happened, e.g. 10:42.")
    minutes: int | None = Field(
        None, ge=0, le=24 * 60, description="The minutes added, taken or shortened by."
    )
    reason: LocalParagraph | None = Field(None, description="Why, in a few words.")

    @field_serializer("at")
    def _hours_and_minutes(self, value: dt.time) -> str:
        return f"{value.hour:02d}:{value.minute:02d}"


class Outcomes(StrictModel):
    """Everything recorded for a workshop."""

    workshop: Text | None = Field(
        None, description="In a file of its own: the workshop file these outcomes belong to."
    )
    reported: CalendarDate | None = Field(
        None,
        description="The date the record is up to date: the outcome report's status is as of "
        "this day (overdue and done are judged against it); the workshop's last day when not "
        "given.",
    )
    version: Version | None = Field(None, description="The outcome report's version, e.g. 1.0.")
    status: Annotated[DocumentStatus, choice(DOCUMENT_STATUSES, what="status")] | None = Field(
        None,
        description="draft (every page of the report is marked DRAFT) or final; draft "
        "when not given.",
    )
    summary: LocalParagraph | None = Field(
        None, description="Key insights for the executive summary."
    )
    decisions: list[Decision] = []
    activities: list[Activity] = []
    roles: list[Responsibility] = []
    actions: list[Action] = []
    questions: list[Question] = []
    feedback: Feedback | None = None
    photos: list[Photo] = []
    results: list[SessionResult] = []
    actuals: list[Actual] = Field(
        [],
        description="What happened while the workshop ran (starts, ends, changes and their "
        "reasons), as the live console records it.",
    )


class OutcomeFile(StrictModel):
    """A file that holds only the outcomes of a workshop."""

    outcomes: Outcomes


#: What ``facilitation record`` can add, and the list of ``outcomes:`` it goes into.
RECORD_KINDS: dict[str, tuple[str, type[StrictModel]]] = {
    "decision": ("decisions", Decision),
    "activity": ("activities", Activity),
    "role": ("roles", Responsibility),
    "action": ("actions", Action),
    "question": ("questions", Question),
    "photo": ("photos", Photo),
    "result": ("results", SessionResult),
    "actual": ("actuals", Actual),
}
