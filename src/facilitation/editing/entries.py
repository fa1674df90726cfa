"""The fields of every outcome entry that ``record`` adds, described once.

Each :class:`EntryField` says how a field is given on the command line (its option and help) and
how it is asked in a terminal (its question, whether it must be answered, when it applies). The
command's options, its help, the check for options that do not apply and the questions are all
derived from :data:`ENTRY_FIELDS`. This module imports no models, so the command line can build
its options without loading them; :mod:`facilitation.editing.questions` types the answers.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from facilitation import codes
from facilitation.errors import Diagnostic, InputError, Location, UserError

#: How a field is typed on the command line: a text, a comma-separated list, a repeated option,
#: a yes/no switch (``--consent/--no-consent``) or a flag that sets a fixed word (``--risk``).
OptionShape = Literal["text", "list", "repeat", "switch", "flag"]


@dataclass(frozen=True)
class EntryField:
    """One field of an entry: its option, its help, and its question in a terminal."""

    name: str
    help: str
    question: str | None = None
    option: str | None = None
    shape: OptionShape = "text"
    #: Asked until answered (and reported as missing without a terminal).
    required: bool = False
    #: The field is asked only when this holds for the values so far.
    when: Callable[[dict[str, Any]], bool] | None = None
    #: The word a ``flag`` option sets.
    flag_value: str | None = None

    @property
    def option_name(self) -> str:
        """The command-line option: ``--lead-country``."""
        return self.option or "--" + self.name.replace("_", "-")

    @property
    def parameter(self) -> str:
        """The option as a Python name: ``lead_country``."""
        return self.option_name.removeprefix("--").replace("-", "_")


def _cross_border(values: dict[str, Any]) -> bool:
    return values.get("scope") == "cross-border"


_ID = EntryField("id", "Short id", "Short id of the activity (e.g. rs-focal-points)")
_WHAT = EntryField("what", "What")

#: The fields of each kind of entry, in the order they are asked.
ENTRY_FIELDS: dict[str, tuple[EntryField, ...]] = {
    "decision": (
        EntryField("what", "What", "What was decided", required=True),
        EntryField("why", "Why", "Why (Enter to skip)"),
        EntryField("decided_by", "Who decided", "Decided by (Enter to skip)"),
        EntryField("id", "Short id"),
        EntryField("date", "Date, e.g. 2027-03-14 or 14.03.2027"),
    ),
    "activity": (
        EntryField("id", "Short id", _ID.question, required=True),
        EntryField("title", "Title", "Title", required=True),
        EntryField("scope", "national or cross-border", "Scope (national or cross-border)"),
        EntryField(
            "lead", "Lead institution (id or short name)", "Lead institution (id or short name)"
        ),
        EntryField(
            "lead_country",
            "Lead country code, for cross-border",
            "Lead country (code)",
            required=True,
            when=_cross_border,
        ),
        EntryField(
            "countries",
            "Country codes, comma-separated: RS,BA",
            "Countries that take part (codes, separated by commas)",
            shape="list",
            required=True,
            when=_cross_border,
        ),
        EntryField("timeframe", "When, e.g. Q3 2026", "Timeframe (e.g. Q3 2026; Enter to skip)"),
        EntryField("description", "Description"),
        EntryField("partners", "Partner institution ids, comma-separated", shape="list"),
        EntryField("dcm_phase", "DCM phase", option="--phase"),
        EntryField("status", "Status"),
    ),
    "role": (
        EntryField("who", "Who", "Who", required=True),
        EntryField("what", "What", "Does what", required=True),
        EntryField("team", "Which team", "In which team (Enter to skip)"),
    ),
    "action": (
        EntryField("what", "What", "What is to be done", required=True),
        EntryField(
            "owner",
            "Owner",
            "Owner (team id, institution id, country code or name)",
            required=True,
        ),
        EntryField(
            "due",
            "Due date, e.g. 2027-03-14 or 14.03.2027",
            "Due date (e.g. 2027-03-14 or 14.03.2027; Enter to skip)",
        ),
        EntryField("status", "Status"),
    ),
    "question": (
        EntryField("text", "The question or risk", "The open question or risk", required=True),
        EntryField("owner", "Owner"),
        EntryField(
            "kind", "It is a risk, not a question", option="--risk", shape="flag", flag_value="risk"
        ),
    ),
    "photo": (
        EntryField(
            "file",
            "Photo file",
            "Photo file (PNG or JPEG, relative to the record file)",
            required=True,
        ),
        EntryField("caption", "Caption", "Caption", required=True),
        EntryField(
            "consent",
            "Everyone on the photo agreed",
            "Did everyone on the photo agree to its use? (yes/no)",
            shape="switch",
            required=True,
        ),
    ),
    "result": (
        EntryField("session", "Session id", "Session id", required=True),
        EntryField("summary", "Summary", "Summary", required=True),
        EntryField("points", "A point; repeat it", option="--point", shape="repeat"),
    ),
    # NOTE: the summary and the feedback are written once, as parts of `outcomes:`, not as
    # entries of a list (see :mod:`facilitation.editing.outcome_file`).
    "summary": (
        EntryField(
            "summary",
            "Summary",
            "Key insights, for the report's executive summary",
            required=True,
        ),
    ),
    "feedback": (
        EntryField(
            "responses",
            "How many people answered the feedback",
            "How many people answered (Enter to skip)",
        ),
        EntryField(
            "comments",
            "A participant's comment; repeat it",
            "A comment (Enter to skip)",
            option="--comment",
            shape="repeat",
        ),
    ),
    # NOTE: a response goes into the self-assessment file, not into the outcomes; its questions
    # (one an aspect) are asked by :mod:`facilitation.editing.record_assessment`.
    "assessment": (
        EntryField(
            "ratings",
            "An answer, ASPECT=N (e.g. empathy=4); repeat it",
            option="--rating",
            shape="repeat",
        ),
        EntryField("country", "The respondent's country code"),
    ),
}


def list_record_options() -> dict[str, tuple[EntryField, tuple[str, ...]]]:
    """Every option of ``record``: the field it sets and the kinds of entry it applies to."""
    options: dict[str, tuple[EntryField, tuple[str, ...]]] = {}
    for kind, fields in ENTRY_FIELDS.items():
        for entry_field in fields:
            first, kinds = options.get(entry_field.parameter, (entry_field, ()))
            options[entry_field.parameter] = (first, (*kinds, kind))
    return options


def collect_values(kind: str, given: dict[str, Any]) -> dict[str, Any]:
    """The values of ``kind``'s fields from the options that were given (``None``: not given).

    Raises:
        UserError: an option was given that does not apply to ``kind``.
    """
    fields = {entry_field.parameter: entry_field for entry_field in ENTRY_FIELDS[kind]}
    options = list_record_options()
    given = {name: value for name, value in given.items() if _given(options[name][0], value)}
    wrong = [name for name in given if name not in fields]
    if wrong:
        names = ", ".join(options[name][0].option_name for name in wrong)
        raise UserError(f"{names} does not apply to {article(kind)}")
    values: dict[str, Any] = {}
    for parameter, value in given.items():
        entry_field = fields[parameter]
        if entry_field.shape == "list":
            value = [part.strip() for part in str(value).split(",") if part.strip()]
        elif entry_field.shape == "flag":
            value = entry_field.flag_value
        values[entry_field.name] = value
    return values


def _given(entry_field: EntryField, value: Any) -> bool:
    """False for an option left at its default: no value, an unset flag, no repeats."""
    if value is None:
        return False
    if entry_field.shape == "flag":
        return bool(value)
    return not (entry_field.shape == "repeat" and not value)


def find_missing_fields(kind: str, values: dict[str, Any]) -> list[EntryField]:
    """The required fields of ``kind`` that ``values`` lacks."""
    return [
        entry_field
        for entry_field in ENTRY_FIELDS[kind]
        if entry_field.required
        and (entry_field.when is None or entry_field.when(values))
        and values.get(entry_field.name) in (None, "", [])
    ]


def require_fields(kind: str, values: dict[str, Any]) -> None:
    """Refuse an entry that lacks a field it needs, naming the options to give.

    Raises:
        InputError: one or more required fields are missing.
    """
    missing = find_missing_fields(kind, values)
    if kind == "feedback" and all(values.get(f.name) in (None, "", []) for f in ENTRY_FIELDS[kind]):
        missing = list(ENTRY_FIELDS[kind])
    if missing:
        joiner = " or " if kind == "feedback" else ", "
        names = joiner.join(entry_field.option_name for entry_field in missing)
        raise InputError(
            [
                Diagnostic(
                    codes.MISSING_FIELD,
                    f"{article(kind)} needs {names}",
                    Location("command line"),
                    hint="give the option(s), or run in a terminal to be asked",
                )
            ]
        )


def article(word: str) -> str:
    """``a decision``, ``an activity``; ``feedback`` (it takes no article)."""
    if word == "feedback":
        return word
    return f"an {word}" if word[:1] in "aeiou" else f"a {word}"
