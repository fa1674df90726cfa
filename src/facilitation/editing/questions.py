"""Ask for what ``record`` still needs, and check every answer as it is given.

Answers are typed by the model's own field types (a date must be a date), and ids are checked
against the workshop: institutions, countries, owners and sessions must exist, and the question
lists them. A wrong answer is explained and asked again. Asking is done through an
:class:`Asker`, so this module prints nothing itself: the command line gives it a terminal, the
tests a list of answers.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Protocol

from pydantic import TypeAdapter, ValidationError

from facilitation.editing.answers import AnswerError, read_date
from facilitation.editing.entries import ENTRY_FIELDS, EntryField
from facilitation.editing.outcome_file import find_entry_model
from facilitation.model.loaded import Workshop
from facilitation.suggest import did_you_mean

#: The fields whose value is a date, read in any of the forms of :func:`read_date`.
DATE_FIELDS = frozenset({"due", "date"})


def name_ids(field: str, value: Any, workshop: Workshop) -> Any:
    """``value`` as the file stores it: the id, code or ISO date it names.

    ``LfU`` (an institution's short name) becomes ``lfu`` (its id), ``Srbija`` becomes ``RS``,
    a team member's name their id, ``14.03.2027`` becomes ``2027-03-14``. A value that names
    nothing is kept as it is, for the checks to explain.
    """
    if isinstance(value, list):
        return [name_ids(field, item, workshop) for item in value]
    if not isinstance(value, str) or not value.strip():
        return value
    text = value.strip()
    programme = workshop.programme
    if field in DATE_FIELDS:
        try:
            return read_date(text).isoformat()
        except AnswerError:
            return value
    if field in ("lead", "partners"):
        return programme.institution_id(text) or value
    if field in ("lead_country", "countries"):
        return programme.country_code(text) or value
    if field in ("owner", "who"):
        folded = text.casefold()
        member = next(
            (m for m in programme.team if folded in (m.id.casefold(), m.name.casefold())), None
        )
        if member is not None:
            return member.id
        return programme.institution_id(text) or programme.country_code(text) or value
    return value


def check_answer(kind: str, field: str, value: Any, workshop: Workshop) -> str | None:
    """Why ``value`` cannot be the ``field`` of a ``kind`` entry, or ``None`` when it can."""
    model = find_entry_model(kind)
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
    programme = workshop.programme
    items = value if isinstance(value, list) else [value]
    for item in items:
        if item in (None, ""):
            continue
        text = str(item)
        if field in ("lead", "partners") and programme.institution_id(text) is None:
            return _unknown("an institution", text, choices_for(field, workshop))
        if field in ("lead_country", "countries") and programme.country_code(text) is None:
            return _unknown("a country", text, choices_for(field, workshop))
        if field == "owner" and not workshop.knows_owner(text):
            return f"`{text}` is not on the team, an institution, a country or a participant"
        if field == "session" and text not in workshop.session_ids():
            return _unknown("a session id", text, workshop.session_ids())
        if field == "due" and isinstance(item, dt.date) and item < workshop.info.start:
            return (
                f"{item.isoformat()} is before the workshop started ({workshop.info.start}); "
                "check the year and the month"
            )
    return None


def _unknown(what: str, value: str, choices: list[str]) -> str:
    hint = did_you_mean(value, choices)
    return f"`{value}` is not {what} of this workshop" + (f"; {hint}" if hint else "")


def choices_for(field: str, workshop: Workshop) -> list[str]:
    """The ids a field can take, to show with the question."""
    programme = workshop.programme
    if field in ("lead", "partners"):
        return [institution.id for institution in programme.institutions]
    if field in ("lead_country", "countries"):
        return [country.code for country in programme.countries]
    if field == "session":
        return workshop.session_ids()
    if field == "owner":
        return [
            *(member.id for member in programme.team),
            *(institution.id for institution in programme.institutions),
            *(country.code for country in programme.countries),
        ]
    if field == "scope":
        return ["national", "cross-border"]
    return []


class Asker(Protocol):
    """Asks one question and tells the user why an answer is refused (a terminal, a test)."""

    def ask(self, question: str, *, required: bool) -> str:
        """The answer to ``question``; an empty string for no answer."""

    def tell(self, text: str, *, problem: bool = False) -> None:
        """Show ``text``: a list of choices, or (``problem``) why an answer was refused."""


def ask_missing(
    kind: str, values: dict[str, Any], workshop: Workshop, asker: Asker
) -> dict[str, Any]:
    """Ask for every field of ``kind`` that ``values`` lacks; return the completed values."""
    values = dict(values)
    for entry_field in ENTRY_FIELDS[kind]:
        if entry_field.question is None:
            continue
        if entry_field.when is not None and not entry_field.when(values):
            continue
        if values.get(entry_field.name) not in (None, "", []):
            continue
        value = _ask_until_valid(kind, entry_field, workshop, asker)
        if value is not None:
            values[entry_field.name] = value
    return values


def _ask_until_valid(
    kind: str, entry_field: EntryField, workshop: Workshop, asker: Asker
) -> Any | None:
    """Ask ``entry_field`` until its answer is valid (``None``: skipped, where allowed)."""
    assert entry_field.question is not None
    choices = choices_for(entry_field.name, workshop)
    if choices:
        asker.tell("  choose from: " + ", ".join(choices))
    while True:
        answer = asker.ask(entry_field.question, required=entry_field.required).strip()
        if not answer:
            if entry_field.required:
                asker.tell("  an answer is needed here", problem=True)
                continue
            return None
        value: Any = answer
        if entry_field.shape == "list":
            value = [part.strip() for part in answer.split(",") if part.strip()]
        value = name_ids(entry_field.name, value, workshop)
        problem = check_answer(kind, entry_field.name, value, workshop)
        if problem is None:
            return value
        asker.tell(f"  {problem}", problem=True)
