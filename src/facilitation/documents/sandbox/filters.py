"""The filters and globals templates get, each bounded.

The built-in filters that could build a huge value from small arguments (``'x'|center(10**9)``)
are checked before they run (:func:`filter_checks`, :func:`checked_filter`); ``range()`` is
bounded. Our own filters: ``hhmm`` and ``duration`` (minutes), and ``md``, which escapes
Markdown in text templates instead of XML escaping.
"""

from __future__ import annotations

import functools
import inspect
import re
from collections.abc import Callable, Mapping, Sized
from typing import Any

from jinja2.environment import Environment
from jinja2.nodes import EvalContext
from jinja2.runtime import Context

from facilitation.checking.scheduling import format_clock, format_duration
from facilitation.documents.sandbox.bounds import (
    MAX_RANGE,
    MAX_VALUE,
    SIZED,
    TemplateLimitError,
    check_count,
    check_percent_format,
    check_replace,
    check_value,
    current_budget,
    size_of,
    too_large,
)

#: Filters that go through their whole value: :func:`checked_filter` counts its items as work.
_WALKING = [
    "select",
    "reject",
    "selectattr",
    "rejectattr",
    "map",
    "sort",
    "unique",
    "groupby",
    "list",
    "sum",
    "min",
    "max",
    "dictsort",
]


def _walk(_: Mapping[str, Any]) -> None:
    """Nothing to check before the filter runs; its items are counted as work."""


def filter_checks() -> dict[str, Callable[[Mapping[str, Any]], None]]:
    """Checks of the built-in filters that could build a huge value from small arguments."""

    def center(a: Mapping[str, Any]) -> None:
        check_count(a.get("width"), "a centred text")

    def indent(a: Mapping[str, Any]) -> None:
        width, text = a.get("width"), a.get("s")
        size = width if isinstance(width, int) else size_of(width)
        lines = text.count("\n") + 1 if isinstance(text, str) else 1
        if size * lines > MAX_VALUE:
            raise too_large("an indented text")

    def batch(a: Mapping[str, Any]) -> None:
        check_count(a.get("linecount"), "a batch")

    def slice_(a: Mapping[str, Any]) -> None:
        check_count(a.get("slices"), "the slices of a list", MAX_RANGE)

    def join(a: Mapping[str, Any]) -> None:
        value, separator = a.get("value"), a.get("d")
        if not isinstance(value, SIZED) or not isinstance(separator, str):
            return
        total = len(separator) * len(value)
        if isinstance(value, list | tuple):
            total += sum(size_of(item) for item in value)
        if total > MAX_VALUE:
            raise too_large("a joined text")

    def replace(a: Mapping[str, Any]) -> None:
        check_replace(a.get("s"), a.get("old"), a.get("new"))

    def wordwrap(a: Mapping[str, Any]) -> None:
        text, width, wrap = a.get("s"), a.get("width"), a.get("wrapstring")
        if not (isinstance(text, str) and isinstance(wrap, str) and isinstance(width, int)):
            return
        if (len(text) // max(width, 1) + text.count("\n") + 1) * len(wrap) > MAX_VALUE:
            raise too_large("a wrapped text")

    def format_(a: Mapping[str, Any]) -> None:
        value = a.get("value")
        if isinstance(value, str):
            check_percent_format(value, tuple(a.get("args", ())) or a.get("kwargs"))

    return {
        **dict.fromkeys(_WALKING, _walk),
        "center": center,
        "indent": indent,
        "batch": batch,
        "slice": slice_,
        "join": join,
        "replace": replace,
        "wordwrap": wordwrap,
        "format": format_,
    }


def checked_filter(
    function: Callable[..., Any], check: Callable[[Mapping[str, Any]], None]
) -> Callable[..., Any]:
    """``function`` (a built-in filter), checked before it runs and its result measured."""
    signature = inspect.signature(function)
    parameters = list(signature.parameters.values())
    if parameters and parameters[0].name in _PASSED:
        signature = signature.replace(parameters=parameters[1:])

    @functools.wraps(function)
    def checked(*args: Any, **kwargs: Any) -> Any:
        values = args[1:] if args and isinstance(args[0], _PASSED_TYPES) else args
        try:
            bound = signature.bind(*values, **kwargs)
        except TypeError:
            return function(*args, **kwargs)  # the filter says what is wrong
        bound.apply_defaults()
        check(bound.arguments)
        if values and isinstance(values[0], Sized):
            # NOTE: a filter goes through its whole value; in a loop that is quadratic work.
            current_budget().work(len(values[0]))
        result = function(*args, **kwargs)
        check_value(result, f"the result of the filter `{function.__name__}`")
        return result

    return checked


#: What Jinja passes to a filter before its value (``pass_eval_context`` and the like).
_PASSED = ("eval_ctx", "context", "environment")
_PASSED_TYPES = (EvalContext, Context, Environment)


def _minutes(value: Any, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"the filter `{name}` needs a whole number of minutes, not {_kind(value)}")
    if abs(value) > 10**9:
        raise TemplateLimitError(f"the filter `{name}` got more than 10**9 minutes")
    return value


def _kind(value: Any) -> str:
    if isinstance(value, str):
        return "a text"
    return f"a value of type {type(value).__name__}"


def hhmm(value: Any) -> str:
    """The ``hhmm`` filter: minutes since midnight as ``09:05``."""
    return format_clock(_minutes(value, "hhmm"))


def duration(value: Any) -> str:
    """The ``duration`` filter: minutes as ``1 h 15 min``."""
    return format_duration(_minutes(value, "duration"))


#: The longest date pattern a template may give ``format_date`` (``EEEE, d. MMMM y``).
MAX_PATTERN = 60
_DATE_FORMATS = ("short", "medium", "long", "full")


def language_filters(language: str) -> dict[str, Callable[..., str]]:
    """The filters that print in the document's language (CLDR through Babel).

    ``format_date(date, 'long')`` takes ``short``, ``medium``, ``long``, ``full`` or a CLDR
    pattern such as ``'d. MMMM'``; ``hhmm`` and ``duration`` format minutes; ``format_number``
    a number with the locale's decimal sign.
    """
    import datetime as dt

    from babel.dates import format_date

    from facilitation.documents.language import Words

    words = Words.of(language)

    def date_filter(value: Any, format: str = "long") -> str:
        if not isinstance(value, dt.date):
            raise TypeError(f"the filter `format_date` needs a date, not {_kind(value)}")
        if not isinstance(format, str) or len(format) > MAX_PATTERN:
            raise TypeError("the filter `format_date` takes short, medium, long, full or a pattern")
        return format_date(value, format, locale=words.locale)

    def number_filter(value: Any, digits: int = 1) -> str:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise TypeError(f"the filter `format_number` needs a number, not {_kind(value)}")
        places = 0 if isinstance(value, int) and digits == 1 else min(max(int(digits), 0), 6)
        return words.number(value, places)

    return {
        "format_date": date_filter,
        "format_number": number_filter,
        "hhmm": lambda value: words.clock(_minutes(value, "hhmm")),
        "duration": lambda value: words.duration(_minutes(value, "duration")),
    }


def bounded_range(*args: Any) -> range:
    """``range()`` as templates get it: at most :data:`.bounds.MAX_RANGE` numbers."""
    for arg in args:
        if isinstance(arg, bool) or not isinstance(arg, int):
            raise TypeError(f"range() needs whole numbers, not {_kind(arg)}")
    numbers = range(*args)
    if len(numbers) > MAX_RANGE:
        raise TemplateLimitError(f"range() is limited to {MAX_RANGE:,} numbers in templates")
    return numbers


_MD_INLINE = re.compile(r"([\\`*_\[\]<>|])")
_MD_LINE_START = re.compile(r"^(\s*)([#+\-]|\d+[.)])(?=\s|$)")


def escape_markdown(value: Any) -> str:
    """Escape what Markdown would read as markup; keep the text on one line (table cells)."""
    text = " ".join(str(value).split("\n"))
    text = _MD_INLINE.sub(r"\\\1", text)
    return _MD_LINE_START.sub(_escape_line_start, text)


def _escape_line_start(match: re.Match[str]) -> str:
    marker = match.group(2)
    if marker[0].isdigit():
        return match.group(1) + marker[:-1] + "\\" + marker[-1]
    return match.group(1) + "\\" + marker


__all__ = [
    "bounded_range",
    "checked_filter",
    "duration",
    "escape_markdown",
    "filter_checks",
    "hhmm",
]
