"""Field types shared by every model: texts, ids, clock times, dates, choices.

Values arrive as the text the user typed (see :mod:`facilitation.yaml_source`); these types turn
that text into Python values and raise :class:`~pydantic_core.PydanticCustomError` with our own
error types, which :mod:`facilitation.reading.loader` turns into diagnostics in plain words.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
import zoneinfo
from collections.abc import Callable, Mapping
from typing import Annotated, Any, Literal, get_args

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    ValidationError,
    ValidatorFunctionWrapHandler,
    WithJsonSchema,
    WrapValidator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from facilitation.catalogue.locales import LOCALES, normalise_tag, transliterate
from facilitation.catalogue.methodology import (
    list_compass_ids,
    list_phase_ids,
    resolve_compass,
    resolve_phase,
)
from facilitation.source_map import describe_character
from facilitation.suggest import find_closest, normalise_word


class StrictModel(BaseModel):
    """Base of every model read from a user's file: unknown keys are errors, inputs stay private."""

    model_config = ConfigDict(
        extra="forbid",
        hide_input_in_errors=True,
        populate_by_name=True,
        validate_default=False,
    )

    @model_validator(mode="before")
    @classmethod
    def _empty_lists(cls, data: Any) -> Any:
        """A list key with nothing after it (``decisions:``) is an empty list, not an error."""
        if not isinstance(data, dict):
            return data
        empty = [
            key
            for key, value in data.items()
            if value is None
            and key in cls.model_fields
            and isinstance(cls.model_fields[key].default, list)
        ]
        return {key: value for key, value in data.items() if key not in empty} if empty else data

    @model_validator(mode="after")
    def _no_blank_texts(self) -> Any:
        """A required text, and every text in a list, must hold something visible.

        ``title: ' '`` would print an empty title; a text of spaces or invisible characters is
        refused like a missing one (optional texts may stay blank).
        """
        checked = _text_fields(type(self))
        if _NOT_LISTS.issuperset(map(type, self.__dict__.values())):
            # NOTE: an object without a list (a participant read from a row) needs only its
            # required fields looked at: this runs for each of thousands of rows.
            checked = _required_fields(type(self))
        for name, shown, required in checked:
            value = getattr(self, name, None)
            if isinstance(value, str):
                if required and is_blank(value) and (type(self).__name__, name) not in _NO_CHECK:
                    raise PydanticCustomError("blank_text", "`{field}` is empty", {"field": shown})
            elif isinstance(value, list):
                for index, item in enumerate(value):
                    if isinstance(item, str) and is_blank(item):
                        raise PydanticCustomError(
                            "blank_text",
                            "item {number} of `{field}` is empty",
                            {"field": shown, "index": index, "number": index + 1},
                        )
        return self


#: Required texts that are not checked: the programme's name, which
#: :func:`~facilitation.model.programme.merge_programme` sets to "" for a workshop that names no
#: programme (and validates without reporting), so that a blank one would end the run.
_NO_CHECK = frozenset({("Programme", "name")})


@functools.cache
def _text_fields(model: type[BaseModel]) -> tuple[tuple[str, str, bool], ...]:
    """Each field of ``model``: its name, its key in a file, and whether it is required."""
    return tuple(
        (name, info.alias or name, info.is_required()) for name, info in model.model_fields.items()
    )


@functools.cache
def _required_fields(model: type[BaseModel]) -> tuple[tuple[str, str, bool], ...]:
    """The fields of :func:`_text_fields` that are required."""
    return tuple(field for field in _text_fields(model) if field[2])


#: Types of the values that are never a list, whatever the field.
_NOT_LISTS = frozenset({str, bool, int, float, type(None)})

#: Categories of characters that show nothing: controls, format characters, separators.
_INVISIBLE = frozenset({"Cc", "Cf", "Zl", "Zp", "Zs"})


def is_blank(value: str) -> bool:
    """True when ``value`` shows nothing: only spaces, line breaks or invisible characters."""
    for char in value:
        if not char.isspace() and unicodedata.category(char) not in _INVISIBLE:
            return False
    return True


#: Characters that corrupt documents or hide text: C0/C1 controls (but tab and newline),
#: unpaired surrogates, non-characters, the bidirectional overrides, and the line and paragraph
#: separators U+2028 and U+2029 (line breaks to YAML, invisible to editors).
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
#: All of them, as one character class: C0 controls but tab and newline, C1 controls, U+2028
#: and U+2029, the bidirectional overrides, surrogates, and the non-characters (U+FDD0 to
#: U+FDEF, and the last two code points of every plane). None of them is printable
#: (:meth:`str.isprintable`), so a printable text, checked many times faster, has none.
_BAD = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069"
    "\ud800-\udfff\ufdd0-\ufdef"
    + "".join(f"{chr(plane << 16 | 0xFFFE)}{chr(plane << 16 | 0xFFFF)}" for plane in range(17))
    + "]"
)


def find_bad_characters(value: str) -> list[tuple[int, str]]:
    """Return ``(offset, 'U+XXXX')`` for every character that must not reach a document."""
    if value.isprintable() or _BAD.search(value) is None:
        return []
    return [(match.start(), f"U+{ord(match.group()):04X}") for match in _BAD.finditer(value)]


def _clean_text(value: str) -> str:
    if value.isprintable() or _BAD.search(value) is None:
        return value
    found = find_bad_characters(value)
    if found:
        offset = found[0][0]
        raise PydanticCustomError(
            "bad_characters",
            "the text holds the invisible character {char} at position {offset}",
            {"char": describe_character(value[offset]), "offset": offset + 1, "count": len(found)},
        )
    return value


#: A short text that is never translated: file names, phone numbers, references.
Text = Annotated[str, Field(max_length=500), AfterValidator(_clean_text)]
#: A longer text that is never translated.
Paragraph = Annotated[str, Field(max_length=5000), AfterValidator(_clean_text)]


class LocalText(str):
    """A text written per language: ``{en: Agenda, sr-Cyrl: Дневни ред}``.

    The string itself is the first language's text, so that messages and lookups that know
    nothing of languages still read a text; ``texts`` holds every language's text, keyed by the
    language tag as normalised (``sr-cyrl`` → ``sr-Cyrl``; plain ``sr`` stays ``sr`` until the
    programme says which script it means). A text written once stays a plain ``str``.
    """

    texts: dict[str, str]

    def __new__(cls, texts: Mapping[str, str], text: str | None = None) -> LocalText:
        """``text`` (the first of ``texts`` unless given), knowing all of ``texts``."""
        self = super().__new__(cls, next(iter(texts.values())) if text is None else text)
        self.texts = dict(texts)
        return self

    def __reduce__(self) -> tuple[Any, ...]:
        return (LocalText, (self.texts, str(self)))


def every_text(value: str) -> list[str]:
    """``value`` and, for a text written per language, its text in every language."""
    if isinstance(value, LocalText):
        return [str(value), *value.texts.values()]
    return [value]


def every_spelling(value: str) -> list[str]:
    """:func:`every_text`, and Serbian texts in the other script too (names people type)."""
    texts = every_text(value)
    if not isinstance(value, LocalText):
        return texts
    serbian = [text for tag, text in value.texts.items() if tag.startswith("sr")]
    return [
        *texts,
        *(transliterate(text, to="sr-Latn") for text in serbian),
        *(transliterate(text, to="sr-Cyrl") for text in serbian),
    ]


def _language_key(key: str) -> str:
    tag = normalise_tag(key, serbian="sr")
    if tag is None:
        raise PydanticCustomError(
            "invalid_choice",
            "`{value}` is not a language of the documents",
            {"value": str(key)[:40], "what": "language", "choices": [*LOCALES, "sr"]},
        )
    return tag


def _per_language(value: Any, handler: ValidatorFunctionWrapHandler) -> Any:
    """A plain text as usual; a mapping of language → text becomes a :class:`LocalText`."""
    if isinstance(value, LocalText):  # validated before (a programme merged with overrides)
        return value
    if not isinstance(value, dict):
        return handler(value)
    if not value:
        raise PydanticCustomError("string_type", "a text or a mapping of languages to texts")
    texts: dict[str, str] = {}
    for key, text in value.items():
        tag = _language_key(key)
        if tag in texts:
            raise PydanticCustomError(
                "duplicate_language", "`{key}` repeats a language", {"key": key, "language": key}
            )
        if text is None or (isinstance(text, str) and is_blank(text)):
            raise PydanticCustomError(
                "blank_language_text", "the `{key}` text is empty", {"key": key, "language": key}
            )
        try:
            texts[tag] = handler(text)
        except ValidationError as error:
            problem = error.errors()[0]
            raise PydanticCustomError(
                problem["type"], problem["msg"], {**problem.get("ctx", {}), "language": key}
            ) from None
    return LocalText(texts)


def _dump_texts(value: str) -> Any:
    """A text per language dumps as its mapping, so that a dumped model validates back whole."""
    return dict(value.texts) if isinstance(value, LocalText) else value


def _local_schema(limit: int) -> dict[str, Any]:
    text = {"type": "string", "maxLength": limit}
    return {
        "anyOf": [
            text,
            {
                "type": "object",
                "description": "The text per language: en, de, it, fr, sr-Latn, sr-Cyrl, ...",
                "properties": {tag: text for tag in (*LOCALES, "sr")},
                "additionalProperties": False,
                "minProperties": 1,
            },
        ]
    }


class _PerLanguage:
    """Marks the field types whose texts may be written per language (see :func:`is_local`)."""


PER_LANGUAGE = _PerLanguage()


def is_local(annotation: Any) -> bool:
    """True when ``annotation`` is, or holds, a text that may be written per language."""
    if annotation is None or isinstance(annotation, str):
        return False
    if any(item is PER_LANGUAGE for item in getattr(annotation, "__metadata__", ())):
        return True
    return any(is_local(item) for item in get_args(annotation))


@functools.cache
def local_fields(model: type[BaseModel]) -> frozenset[str]:
    """The fields of ``model`` whose texts may be written per language."""
    return frozenset(
        name
        for name, info in model.model_fields.items()
        if any(item is PER_LANGUAGE for item in info.metadata) or is_local(info.annotation)
    )


#: A short text that documents print and that may be written per language: names, titles, rooms.
LocalShort = Annotated[
    str,
    PER_LANGUAGE,
    Field(max_length=500),
    AfterValidator(_clean_text),
    WrapValidator(_per_language),
    PlainSerializer(_dump_texts),
    WithJsonSchema(_local_schema(500)),
]
#: A longer text that may be written per language: objectives, notes, descriptions.
LocalParagraph = Annotated[
    str,
    PER_LANGUAGE,
    Field(max_length=5000),
    AfterValidator(_clean_text),
    WrapValidator(_per_language),
    PlainSerializer(_dump_texts),
    WithJsonSchema(_local_schema(5000)),
]

_ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]{0,59}$")


def _identifier(value: Any) -> Any:
    if isinstance(value, str) and not _ID_PATTERN.match(value):
        raise PydanticCustomError(
            "invalid_id",
            "`{value}` is not an id: use lowercase letters, digits and hyphens, up to 60",
            {"value": value[:80]},
        )
    return value


#: A short id that other parts of the files refer to: ``ek``, ``rs-prosecution``.
Identifier = Annotated[str, BeforeValidator(_identifier)]


def _country_code(value: Any) -> Any:
    if isinstance(value, str):
        code = value.strip().upper()
        if not re.fullmatch(r"[A-Z]{2}", code):
            raise PydanticCustomError(
                "invalid_country_code",
                "`{value}` is not a two-letter country code such as RS, BA, AL, ME, XK or MK",
                {"value": value[:40]},
            )
        return code
    return value


#: A two-letter country code (ISO 3166; XK for Kosovo*).
CountryCode = Annotated[str, BeforeValidator(_country_code)]

_CLOCK = re.compile(r"^(\d{1,2})[:.h](\d{2})$")


def _clock_time(value: Any) -> Any:
    if isinstance(value, dt.time):
        return value
    if isinstance(value, str):
        match = _CLOCK.match(value.strip())
        if match:
            hour, minute = int(match.group(1)), int(match.group(2))
            if hour < 24 and minute < 60:
                return dt.time(hour, minute)
    raise PydanticCustomError(
        "clock_time",
        "`{value}` is not a clock time; write hours and minutes like 9:00 or 14:30",
        {"value": str(value)[:40]},
    )


#: A time of day written ``9:00``, ``09:00`` or ``14:30``.
ClockTime = Annotated[
    dt.time,
    BeforeValidator(_clock_time),
    WithJsonSchema(
        {"type": "string", "pattern": r"^\d{1,2}:\d{2}$", "examples": ["9:00", "14:30"]}
    ),
]


def _calendar_date(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        try:
            return dt.date.fromisoformat(text)
        except ValueError as error:
            raise PydanticCustomError(
                "calendar_date",
                "`{value}` is not a real date: {reason}",
                {"value": text, "reason": str(error)},
            ) from None
    raise PydanticCustomError(
        "calendar_date",
        "`{value}` is not a date; write year-month-day like 2026-03-02",
        {"value": text[:40], "reason": "format"},
    )


#: A date written ``2026-03-02``.
CalendarDate = Annotated[
    dt.date, BeforeValidator(_calendar_date), WithJsonSchema({"type": "string", "format": "date"})
]


def _version(value: Any) -> Any:
    # NOTE: YAML reads `version: 2` and `version: 1.5` as numbers; a version is a label.
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return value


#: A document's version as written: ``1.0``, ``2``, ``2026-03 rev. B``.
Version = Annotated[Text, BeforeValidator(_version)]

#: Where a document stands: a draft is marked DRAFT on every page; an agreement is also signed.
DocumentStatus = Literal["draft", "final"]
DOCUMENT_STATUSES: tuple[str, ...] = get_args(DocumentStatus)


#: yes or no (also true/false, on/off); editors read ``yes`` as text, so the schema allows both.
YesNo = Annotated[
    bool,
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "boolean"},
                {"type": "string", "enum": ["yes", "no", "true", "false", "on", "off"]},
            ]
        }
    ),
]


_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def _email(value: str) -> str:
    # NOTE: the value is never repeated: it is personal contact data. A format character (a
    # zero-width space, a soft hyphen, a direction mark) is invisible, and makes the address
    # one that no mail server knows; it is named by its code point and position only. (An ASCII
    # address has none: every ASCII character is assigned, and none is a format character.)
    for offset, char in enumerate("" if value.isascii() else value):
        if unicodedata.category(char) in ("Cf", "Co", "Cn"):
            raise PydanticCustomError(
                "bad_characters",
                "the e-mail address holds the invisible character {char} at position {offset}",
                {"char": describe_character(char), "offset": offset + 1, "count": 1},
            )
    if not _EMAIL.match(value.strip()):
        raise PydanticCustomError("invalid_email", "this is not a valid e-mail address")
    return value.strip()


#: An e-mail address (checked for shape only).
Email = Annotated[Text, AfterValidator(_email)]


def _positive_minutes(value: int) -> int:
    if value <= 0:
        raise PydanticCustomError(
            "non_positive_duration",
            "a duration must be more than 0 minutes, not {value}",
            {"value": value},
        )
    return value


#: A duration in whole minutes, more than zero.
Minutes = Annotated[int, AfterValidator(_positive_minutes), Field(le=24 * 60)]


def _one_or_many(value: Any) -> Any:
    if isinstance(value, str):
        return [value]
    return value


#: A list that may also be written as a single value: ``compass: humanity``.
OneOrMany = BeforeValidator(_one_or_many)


def choice(
    choices: tuple[str, ...], aliases: Mapping[str, str] | None = None, *, what: str = "value"
) -> BeforeValidator:
    """A validator that accepts ``choices`` in any case or spacing, and known ``aliases``.

    An unknown word raises ``invalid_choice`` with the choices and the closest ones, which the
    diagnostics show as a did-you-mean hint.
    """
    known = {normalise_word(item): item for item in choices}
    known.update({normalise_word(alias): target for alias, target in (aliases or {}).items()})

    def _validate(value: Any) -> Any:
        if not isinstance(value, str):
            return value
        word = normalise_word(value)
        if word in known:
            return known[word]
        raise PydanticCustomError(
            "invalid_choice",
            "`{value}` is not a known {what}",
            {"value": value[:60], "what": what, "choices": list(choices)},
        )

    return BeforeValidator(_validate)


def resolver_choice(
    resolve: Callable[[str], str | None], choices: Callable[[], list[str]], *, what: str
) -> BeforeValidator:
    """Like :func:`choice`, for the methodology's vocabularies (phases, dimensions)."""

    def _validate(value: Any) -> Any:
        if not isinstance(value, str):
            return value
        resolved = resolve(value)
        if resolved is None:
            raise PydanticCustomError(
                "invalid_choice",
                "`{value}` is not a known {what}",
                {"value": value[:60], "what": what, "choices": choices()},
            )
        return resolved

    return BeforeValidator(_validate)


@functools.cache
def _known_timezones() -> list[str]:
    return sorted(zoneinfo.available_timezones())


def _timezone(value: str) -> str:
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise PydanticCustomError(
            "invalid_timezone",
            "`{value}` is not a known time zone; write a name like Europe/Belgrade",
            {"value": value[:60], "choices": find_closest(value, _known_timezones())},
        ) from None
    return value


Timezone = Annotated[Text, AfterValidator(_timezone)]


PhaseId = Literal[
    "exploring-and-engaging",
    "building-and-formalizing",
    "implementing-and-evaluating",
    "sustaining-and-expanding",
]
DimensionId = Literal[
    "future-possibilities",
    "engagement",
    "innovation",
    "humanity",
    "collective-intelligence",
    "wholeness",
]

DcmPhase = Annotated[PhaseId, resolver_choice(resolve_phase, list_phase_ids, what="DCM phase")]
AspectId = Literal[
    "future-orientation",
    "empowerment",
    "decisiveness",
    "process-quality",
    "connectivity",
    "collective-action",
    "excellence",
    "adaptability",
    "creativity",
    "mindfulness",
    "balance",
    "empathy",
    "dialogic-quality",
    "diversity",
    "iterative-learning",
    "contextuality",
    "vitality",
    "contribution",
]
#: What a session serves of the Compass: a dimension, or one of its aspects (which counts for
#: its dimension too).
CompassTag = Annotated[
    DimensionId | AspectId,
    resolver_choice(resolve_compass, list_compass_ids, what="Compass dimension or aspect"),
]
