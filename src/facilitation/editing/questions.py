"""Ask for what ``facilitation record`` still needs, and check every answer as it is given.

Answers are typed by the model's own field types (a date must be a date), and ids are checked
against the workshop: institutions, countries, owners and sessions must exist, and the prompt
lists them. A wrong answer is explained and asked again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import TypeAdapter, ValidationError
from rich.console import Console
from rich.prompt import Prompt
from rich.text import Text

from facilitation.model.loaded import Workshop
from facilitation.model.outcomes import RECORD_KINDS
from facilitation.suggest import did_you_mean


@dataclass(frozen=True)
class Question:
    """One thing to ask: the field, the words of the question, and when to ask it."""

    field: str
    prompt: str
    required: bool = True
    when: Callable[[dict[str, Any]], bool] | None = None
    many: bool = False
    #: Asked in a terminal, but the model's default serves when it is not given.
    has_default: bool = False


QUESTIONS: dict[str, list[Question]] = {
    "decision": [
        Question("what", "What was decided"),
        Question("why", "Why (Enter to skip)", required=False),
        Question("decided_by", "Decided by (Enter to skip)", required=False),
    ],
    "activity": [
        Question("id", "Short id of the activity (e.g. rs-focal-points)"),
        Question("title", "Title"),
        Question("scope", "Scope (national or cross-border)", has_default=True),
        Question("lead", "Lead institution (id)", required=False),
        Question(
            "lead_country",
            "Lead country (code)",
            when=lambda values: values.get("scope") == "cross-border",
        ),
        Question(
            "countries",
            "Countries that take part (codes, separated by commas)",
            when=lambda values: values.get("scope") == "cross-border",
            many=True,
        ),
        Question("timeframe", "Timeframe (e.g. Q3 2026; Enter to skip)", required=False),
    ],
    "role": [
        Question("who", "Who"),
        Question("what", "Does what"),
        Question("team", "In which team (Enter to skip)", required=False),
    ],
    "action": [
        Question("what", "What is to be done"),
        Question("owner", "Owner (team id, institution id, country code or name)"),
        Question("due", "Due date (YYYY-MM-DD; Enter to skip)", required=False),
    ],
    "question": [Question("text", "The open question or risk")],
    "photo": [
        Question("file", "Photo file (PNG or JPEG, relative to the record file)"),
        Question("caption", "Caption"),
        Question("consent", "Did everyone on the photo agree to its use? (yes/no)"),
    ],
    "result": [
        Question("session", "Session id"),
        Question("summary", "Summary"),
    ],
}


def required_fields(kind: str, values: dict[str, Any]) -> list[str]:
    """The fields ``kind`` still needs, given ``values``."""
    return [
        question.field
        for question in QUESTIONS[kind]
        if question.required
        and not question.has_default
        and (question.when is None or question.when(values))
        and values.get(question.field) in (None, "", [])
    ]


def check_answer(kind: str, field: str, value: Any, workshop: Workshop) -> str | None:
    """Why ``value`` cannot be the ``field`` of a ``kind`` entry, or ``None`` when it can."""
    _, model = RECORD_KINDS[kind]
    info = model.model_fields[field]
    field_type: Any = info.annotation
    if info.metadata:
        field_type = Annotated[(field_type, *info.metadata)]
    adapter: TypeAdapter[Any] = TypeAdapter(field_type)
    try:
        typed = adapter.validate_python(value)
    except ValidationError as error:
        return str(error.errors()[0]["msg"])
    return check_reference(field, typed, workshop)


def check_reference(field: str, value: Any, workshop: Workshop) -> str | None:
    """Whether the ids in ``value`` exist in the workshop's programme."""
    items = value if isinstance(value, list) else [value]
    for item in items:
        if item in (None, ""):
            continue
        text = str(item)
        if field in ("lead", "partners") and workshop.programme.institution_id(text) is None:
            return _unknown("an institution", text, [i.id for i in workshop.programme.institutions])
        if field in ("lead_country", "countries") and workshop.programme.country_code(text) is None:
            return _unknown("a country", text, [c.code for c in workshop.programme.countries])
        if field == "owner" and not workshop.knows_owner(text):
            return f"`{text}` is not on the team, an institution, a country or a participant"
        if field == "session":
            sessions = [s.id for day in workshop.days for s in day.sessions if s.id]
            if text not in sessions:
                return _unknown("a session id", text, sessions)
    return None


def _unknown(what: str, value: str, choices: list[str]) -> str:
    hint = did_you_mean(value, choices)
    return f"`{value}` is not {what} of this workshop" + (f"; {hint}" if hint else "")


def choices_for(field: str, workshop: Workshop) -> list[str]:
    """The ids a field can take, to show with the prompt."""
    programme = workshop.programme
    if field in ("lead", "partners"):
        return [institution.id for institution in programme.institutions]
    if field in ("lead_country", "countries"):
        return [country.code for country in programme.countries]
    if field == "session":
        return [s.id for day in workshop.days for s in day.sessions if s.id]
    if field == "scope":
        return ["national", "cross-border"]
    return []


def ask_missing(
    kind: str, values: dict[str, Any], workshop: Workshop, console: Console
) -> dict[str, Any]:
    """Ask for every field of ``kind`` that ``values`` lacks; return the completed values."""
    values = dict(values)
    for question in QUESTIONS[kind]:
        if question.when is not None and not question.when(values):
            continue
        if values.get(question.field) not in (None, "", []):
            continue
        choices = choices_for(question.field, workshop)
        if choices:
            console.print(Text("  choose from: " + ", ".join(choices), "muted"))
        while True:
            answer = Prompt.ask(
                question.prompt, console=console, default="" if not question.required else None
            )
            answer = (answer or "").strip()
            if not answer:
                if question.required:
                    console.print(Text("  an answer is needed here", "warning"))
                    continue
                break
            value: Any = (
                [part.strip() for part in answer.split(",") if part.strip()]
                if question.many
                else answer
            )
            problem = check_answer(kind, question.field, value, workshop)
            if problem is None:
                values[question.field] = value
                break
            console.print(Text(f"  {problem}", "warning"))
    return values
