"""Turn pydantic's validation errors into diagnostics in the user's words.

Pydantic reports ``('days', 0, 'sessions', 2, 'minutes')`` and "Input should be a valid integer";
the user should read ``workshop.yaml:31:18``, "`ninety` is not a whole number of minutes" and the
session's title. This module does that translation, and suggests the closest key or word.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Iterator
from typing import Any, get_args, get_origin

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from facilitation import codes
from facilitation.errors import Diagnostic, Location, YamlPath
from facilitation.model.fields import is_blank
from facilitation.model.workshop import UNION_TAGS
from facilitation.source_map import SourceMap
from facilitation.suggest import find_closest

#: Fields whose values are never repeated in a message (personal contact data).
PRIVATE_FIELDS = frozenset({"email", "phone"})

#: Words users often write for a field, by model: ``facilitator`` means ``lead`` in a session.
KEY_SYNONYMS: dict[str, dict[str, str]] = {
    "Session": {
        "facilitator": "lead",
        "facilitators": "co_facilitators",
        "presenter": "lead",
        "moderator": "lead",
        "duration": "minutes",
        "length": "minutes",
        "mins": "minutes",
        "time": "at",
        "start": "at",
        "starts": "at",
        "phase": "dcm_phase",
        "dimension": "compass",
        "dimensions": "compass",
        "output": "outputs",
        "rapporteur": "note_taker",
        "notetaker": "note_taker",
        "co": "co_facilitators",
        "cofacilitators": "co_facilitators",
        "goal": "objective",
        "description": "objective",
        "type": "kind",
        "name": "title",
        "note": "notes",
        "material": "materials",
        "location": "room",
    },
    "Day": {
        "title": "theme",
        "name": "theme",
        "begin": "start",
        "finish": "end",
        "goal": "objective",
        "agenda": "sessions",
        "blocks": "sessions",
        "location": "venue",
    },
    "WorkshopInfo": {
        "name": "title",
        "date": "start",
        "start_date": "start",
        "end_date": "end",
        "location": "venue",
        "place": "venue",
        "phase": "dcm_phase",
        "tz": "timezone",
        "time_zone": "timezone",
        "objective": "objectives",
        "results": "expected_results",
        "outputs": "expected_results",
    },
    "Participant": {
        "organisation": "institution",
        "organization": "institution",
        "position": "function",
        "title": "function",
        "e-mail": "email",
        "mail": "email",
        "telephone": "phone",
        "mobile": "phone",
        "sex": "gender",
    },
    "Group": {"title": "name", "subject": "topic", "lead": "facilitator"},
    "TeamMember": {"title": "role", "organization": "organisation", "e-mail": "email"},
}


def diagnostics_from_validation(
    error: ValidationError,
    model: type[BaseModel],
    data: Any,
    source: SourceMap,
    prefix: YamlPath = (),
) -> list[Diagnostic]:
    """Translate every error of ``error`` (from validating ``data`` as ``model``).

    ``prefix`` is where ``data`` sits in the file (for a model validated from part of a file).
    """
    errors = error.errors()
    # A misspelt key also makes its field "missing": report the misspelling only.
    misspelt = {
        (tuple(details["loc"][:-1]), suggestion)
        for details in errors
        if details["type"] == "extra_forbidden"
        and (suggestion := suggest_key_at(model, tuple(details["loc"])))
    }
    return [
        _translate(details, model, data, source, prefix)
        for details in errors
        if not (
            details["type"] == "missing"
            and (tuple(details["loc"][:-1]), details["loc"][-1]) in misspelt
        )
    ]


def suggest_key_at(model: type[BaseModel], loc: tuple[str | int, ...]) -> str | None:
    """The field that the unknown key at ``loc`` most likely means."""
    path: YamlPath = tuple(part for part in loc if part not in UNION_TAGS)
    known = list_fields_at(model, path[:-1])
    synonyms = KEY_SYNONYMS.get(_model_name_at(model, path[:-1]), {})
    return _suggest_key(str(path[-1]), known, synonyms)


def _translate(
    details: ErrorDetails, model: type[BaseModel], data: Any, source: SourceMap, prefix: YamlPath
) -> Diagnostic:
    path: YamlPath = tuple(part for part in details["loc"] if part not in UNION_TAGS)
    kind = details["type"]
    ctx: dict[str, Any] = dict(details.get("ctx") or {})
    value = details.get("input")
    field = next((part for part in reversed(path) if isinstance(part, str)), "")
    private = field in PRIVATE_FIELDS
    where = describe(path, data)
    full_path = (*prefix, *path)
    location = source.locate(full_path)
    hint: str | None = None
    if "language" in ctx or ctx.get("what") == "language":  # a text written per language
        location, value, field = _language_entry(ctx, value, field, source, full_path)
    shown = "this value" if private else f"`{_short(value)}`"

    if kind == "extra_forbidden":
        key = str(path[-1])
        known = list_fields_at(model, path[:-1])
        synonyms = KEY_SYNONYMS.get(_model_name_at(model, path[:-1]), {})
        suggestion = _suggest_key(key, known, synonyms)
        hint = (
            f"did you mean `{suggestion}`?" if suggestion else _list_choices("known fields", known)
        )
        return Diagnostic(
            codes.UNKNOWN_FIELD,
            f"unknown field `{key}`{_in(describe(path[:-1], data))}",
            source.locate(full_path, key=True),
            hint=hint,
        )
    if kind in ("missing", "missing_title", "missing_name"):
        name = str(path[-1]) if kind == "missing" else str(ctx.get("field", ""))
        container = path[:-1] if kind == "missing" else path
        if kind == "missing_name":
            hint = "give `name:`, or `first_name:` and `last_name:`"
        else:
            hint = f"add `{name}:` to it"
        return Diagnostic(
            codes.MISSING_FIELD,
            f"`{name}` is missing{_in(describe(container, data))}",
            source.locate((*prefix, *container)),
            hint=hint,
        )

    if kind == "blank_text" or (kind == "string_type" and value is None):
        return _empty(path, ctx, data, source, prefix)
    code, message = _problem(kind, ctx, shown, details["msg"], field)
    if kind in ("invalid_choice", "invalid_timezone"):
        choices = [str(choice) for choice in ctx.get("choices", [])]
        near = find_closest(str(value), choices) if kind == "invalid_choice" else choices
        if near:
            hint = f"did you mean `{near[0]}`?"
        elif choices:
            hint = _list_choices("choose one of", choices)
    elif kind == "clock_time":
        hint = "use 24-hour time from 0:00 to 23:59"
    elif kind == "int_parsing" and field == "minutes":
        hint = "write the duration in minutes as digits, e.g. `minutes: 90`"
    return Diagnostic(code, f"{where}: {message}" if where else message, location, hint=hint)


def _language_entry(
    ctx: dict[str, Any], value: Any, field: str, source: SourceMap, path: YamlPath
) -> tuple[Location, Any, str]:
    """A problem in a text written per language: the entry's location, value and name."""
    key = str(ctx.get("language", ctx.get("value")))
    location = source.locate((*path, key), key="language" not in ctx)
    if "language" not in ctx:  # the language key itself is wrong
        return location, key, field
    entry = value.get(key) if isinstance(value, dict) else value
    # Shown as "`title` in `de`": the label's own backticks close around both.
    return location, entry, f"{field}` in `{key}"


def _empty(
    path: YamlPath, ctx: dict[str, Any], data: Any, source: SourceMap, prefix: YamlPath
) -> Diagnostic:
    """A required text that is empty: nothing after its key, or only invisible characters.

    ``blank_text`` comes from the model, at the model's path, and names the field in ``ctx``;
    ``string_type`` of ``None`` (``title:`` with nothing after it) comes at the value's path.
    """
    if "field" in ctx:
        field = str(ctx["field"])
        container = path
        target: YamlPath = (*path, field, *((int(ctx["index"]),) if "index" in ctx else ()))
    else:
        field = next((str(part) for part in reversed(path) if isinstance(part, str)), "value")
        container = tuple(path[: max(0, len(path) - 1 - isinstance(path[-1], int))])
        target = path
        if path and isinstance(path[-1], int):
            ctx = {**ctx, "number": path[-1] + 1}
    what = f"item {ctx['number']} of `{field}`" if "number" in ctx else f"`{field}`"
    return Diagnostic(
        codes.MISSING_FIELD,
        f"{what} is empty{_in(describe(container, data))}",
        source.locate((*prefix, *target)),
        hint="write the text; spaces and invisible characters alone do not count",
    )


#: Problems said the same way whatever the value: code and what is wrong.
_SIMPLE_PROBLEMS = {
    "invalid_email": (codes.INVALID_EMAIL, "is not a valid e-mail address"),
    "blank_language_text": (codes.MISSING_FIELD, "is empty"),
    "duplicate_language": (codes.DUPLICATE_KEY, "is written twice for one language"),
}


def _problem(
    kind: str, ctx: dict[str, Any], shown: str, fallback: str, field: str
) -> tuple[str, str]:
    label = f"`{field}`" if field else "the value"
    if kind in ("int_parsing", "int_type", "int_from_float"):
        what = "a whole number of minutes" if field == "minutes" else "a whole number"
        return codes.INVALID_NUMBER, f"{label} must be {what}, not {shown}"
    if kind in ("less_than_equal", "greater_than_equal", "greater_than", "less_than"):
        limits = {"le": "at most", "ge": "at least", "gt": "more than", "lt": "less than"}
        bound = next((f"{word} {ctx[key]}" for key, word in limits.items() if key in ctx), "")
        return codes.INVALID_NUMBER, f"{label} must be {bound}, not {shown}"
    if kind == "bool_parsing" or kind == "bool_type":
        return codes.INVALID_BOOLEAN, f"{label} must be yes or no, not {shown}"
    if kind == "clock_time":
        return codes.INVALID_TIME, f"{label} must be a clock time like 9:00 or 14:30, not {shown}"
    if kind == "calendar_date":
        if ctx.get("reason") == "format":
            return codes.INVALID_DATE, f"{label} must be a date like 2026-03-02, not {shown}"
        return codes.INVALID_DATE, f"{shown} is not a real date ({ctx.get('reason')})"
    if kind == "invalid_choice":
        return codes.INVALID_CHOICE, f"{shown} is not a known {ctx.get('what', 'value')}"
    if kind == "invalid_timezone":
        return codes.INVALID_TIMEZONE, f"{shown} is not a known time zone"
    if kind == "non_positive_duration":
        return codes.NON_POSITIVE_DURATION, f"a duration must be more than 0 minutes, not {shown}"
    if kind == "bad_characters":
        return (
            codes.BAD_CHARACTERS,
            f"{label} holds the invisible character {ctx.get('char')} at position "
            f"{ctx.get('offset')}",
        )
    if kind in _SIMPLE_PROBLEMS:
        code, what = _SIMPLE_PROBLEMS[kind]
        return code, f"{label} {what}"
    if kind == "string_too_long":
        return codes.TEXT_TOO_LONG, f"{label} is longer than {ctx.get('max_length')} characters"
    if kind == "invalid_id":
        return codes.INVALID_ID, (
            f"{shown} is not an id: use lowercase letters, digits and hyphens (up to 60)"
        )
    if kind == "string_pattern_mismatch" and field == "language":
        return codes.INVALID_VALUE, f"{shown} is not a language tag like en, sr-Latn, sq or mk"
    if kind == "string_type":
        return codes.WRONG_TYPE, f"{label} must be a text, not {_shape(shown)}"
    if kind in ("list_type", "tuple_type"):
        return codes.WRONG_TYPE, f"{label} must be a list (items starting with `- `)"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return codes.WRONG_TYPE, f"{label} must be a mapping of keys (`key: value` lines)"
    if kind == "too_short":
        return codes.MISSING_FIELD, f"{label} needs at least {ctx.get('min_length', 1)} item(s)"
    if kind == "too_long":
        return codes.INVALID_VALUE, f"{label} has more than {ctx.get('max_length')} items"
    if kind == "invalid_country_code":
        return codes.INVALID_VALUE, (
            f"{shown} is not a two-letter country code such as RS, BA, AL, ME, XK or MK"
        )
    if kind == "conflicting_kind":
        return codes.INVALID_VALUE, f"`{ctx.get('short')}:` and `kind: {ctx.get('kind')}` disagree"
    return codes.INVALID_VALUE, f"{label}: {fallback}"


def _shape(shown: str) -> str:
    if shown.startswith("`[") or shown.startswith("`{"):
        return "a list or a mapping"
    return shown


def _short(value: Any) -> str:
    if isinstance(value, dict):
        return "{…}"
    if isinstance(value, list):
        return "[…]"
    text = str(value)
    return text if len(text) <= 60 else text[:57] + "…"


def _in(where: str) -> str:
    return f" in {where}" if where else ""


def _list_choices(label: str, choices: list[str]) -> str | None:
    if not choices or len(choices) > 12:
        return None
    return f"{label}: " + ", ".join(choices)


def _suggest_key(key: str, known: list[str], synonyms: dict[str, str]) -> str | None:
    folded = key.lower().replace(" ", "_")
    if folded in known:
        return folded
    if folded in synonyms:
        return synonyms[folded]
    near = find_closest(folded, [*known, *synonyms])
    if not near:
        return None
    best = near[0].replace("-", "_") if near[0].replace("-", "_") in known else near[0]
    return synonyms.get(best, best)


def describe(path: YamlPath, data: Any) -> str:
    """Name the thing at ``path`` the way a facilitator would: `session "Welcome" (day 1)`."""
    match path:
        case ("days", int(day), "sessions", int(index), *_):
            title = _get(data, ("days", day, "sessions", index))
            name = _title_of(title)
            label = f'session "{name}"' if name else f"session {index + 1}"
            return f"{label} (day {day + 1})"
        case ("days", int(day), *_):
            return f"day {day + 1}"
        case ("participants", int(index), *_):
            return f"participant {index + 1}"
        case ("workshop", *_):
            return "the workshop"
        case ("programme", section, int(index), *_):
            return f"{section} entry {index + 1} of the programme"
        case ("programme", *_):
            return "the programme"
        case (str(section), int(index), *_):
            return f"{section} entry {index + 1}"
        case ("outcomes", str(section), int(index), *_):
            return f"{section} entry {index + 1} of the outcomes"
    return ""


def _title_of(item: Any) -> str | None:
    if not isinstance(item, dict):
        return None
    for key in ("title", "break", "lunch"):
        value = item.get(key)
        if isinstance(value, str) and not is_blank(value):
            return value if len(value) <= 50 else value[:47] + "…"
    return None


def _get(data: Any, path: YamlPath) -> Any:
    for part in path:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


# --- the model's structure, for did-you-mean on keys -------------------------------------------


def list_fields_at(model: type[BaseModel], path: YamlPath) -> list[str]:
    """The keys that the mapping at ``path`` may have."""
    names: list[str] = []
    for cls in _models_at(model, path):
        for name, info in cls.model_fields.items():
            names.append(info.alias or name)
        if cls.__name__ == "Session":
            names.extend(["break", "lunch"])
    return list(dict.fromkeys(names))


def _model_name_at(model: type[BaseModel], path: YamlPath) -> str:
    found = list(_models_at(model, path))
    return found[0].__name__ if found else ""


def _models_at(model: type[BaseModel], path: YamlPath) -> Iterator[type[BaseModel]]:
    current: list[Any] = [model]
    for part in path:
        following: list[Any] = []
        for annotation in current:
            for candidate in _unwrap(annotation):
                if isinstance(part, int):
                    if get_origin(candidate) in (list, tuple):
                        following.extend(get_args(candidate)[:1])
                elif isinstance(candidate, type) and issubclass(candidate, BaseModel):
                    info = candidate.model_fields.get(part)
                    if info is not None:
                        following.append(info.annotation)
                elif get_origin(candidate) is dict:
                    following.append(get_args(candidate)[1])
        current = following
    for annotation in current:
        for candidate in _unwrap(annotation):
            if isinstance(candidate, type) and issubclass(candidate, BaseModel):
                yield candidate


def _unwrap(annotation: Any) -> list[Any]:
    """Strip ``Annotated`` and ``X | None``; return the member types."""
    origin = get_origin(annotation)
    if origin is typing.Annotated:
        return _unwrap(get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        members: list[Any] = []
        for arg in get_args(annotation):
            members.extend(_unwrap(arg))
        return members
    return [annotation]
