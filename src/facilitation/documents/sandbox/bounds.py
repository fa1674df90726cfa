"""The budget of one render, and the checks that keep a template from building huge values.

A sandbox stops a template from reaching Python, not from asking for unbounded work, so every
render also keeps a budget (:class:`RenderBudget`): loop rounds (all loops together), macro calls,
and the text it produces. Operators and methods that could build one huge value (``'A' * 10**9``,
``9**9**9``, ``'x'.center(10**9)``) are checked before they run. Running over any limit raises
:class:`TemplateLimitError`, which the renderers report as R309. The limits are far above what a
document needs: a sign-in sheet for 20,000 participants over 4 days takes 100,876 loop rounds,
no macro call and about 220 million characters of Word XML (each page of a day repeats
the event's facts and the column headings).
"""

from __future__ import annotations

import contextlib
import contextvars
import math
import re
import string
import time
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

#: Longest ``range()`` a template may ask for.
MAX_RANGE = 10_000
#: Loop rounds of one document, all loops together (nested ones included).
MAX_STEPS = 1_000_000
#: Macro calls of one document (a macro call takes 20 times as long as a loop round).
MAX_CALLS = 200_000
#: Characters one document may produce: printed values plus the template text of every loop
#: round (an estimate from above): twice a sign-in sheet for 20,000 participants over 4 days.
MAX_OUTPUT = 500_000_000
#: Characters (or items) of one value that an operator, filter or call may build.
MAX_VALUE = 10_000_000
#: Decimal digits of a whole number (Python itself prints no longer ones).
MAX_DIGITS = 4_300
#: Longest time one document may take to render, in seconds (a 20,000-person sign-in sheet over
#: four days takes about half of it on a slow machine).
MAX_SECONDS = 60.0
#: Bytes of a text template file.
MAX_TEXT_TEMPLATE_BYTES = 1024 * 1024

_MAX_BITS = math.ceil(MAX_DIGITS * math.log2(10))


class TemplateLimitError(Exception):
    """A template asked for more work or output than a document needs (R309)."""


# --- the budget of one render ------------------------------------------------------------------


class RenderBudget:
    """What one document has spent so far: loop rounds, calls and characters."""

    __slots__ = ("calls", "deadline", "output", "steps")

    def __init__(self) -> None:
        self.steps = 0
        self.calls = 0
        self.output = 0
        self.deadline = time.monotonic() + MAX_SECONDS

    def step(self, weight: int) -> None:
        """One loop round, and the template text it repeats."""
        self.steps += 1
        self.output += weight
        if self.steps > MAX_STEPS or self.output > MAX_OUTPUT:
            raise self._overrun()
        if not self.steps % 1024:
            self.check_time()

    def work(self, items: int) -> None:
        """A filter that goes through ``items`` items: counted as loop rounds."""
        self.steps += items
        if self.steps > MAX_STEPS:
            raise self._overrun()
        self.check_time()

    def check_time(self) -> None:
        """Stop a render that has run past :data:`MAX_SECONDS`."""
        if time.monotonic() > self.deadline:
            raise TemplateLimitError(f"it runs longer than {MAX_SECONDS:.0f} seconds")

    def call(self) -> None:
        """One call of a macro (or one level of a recursive loop)."""
        self.calls += 1
        if self.calls > MAX_CALLS:
            raise TemplateLimitError(f"it calls macros more than {MAX_CALLS:,} times")

    def _overrun(self) -> TemplateLimitError:
        if self.steps > MAX_STEPS:
            return TemplateLimitError(f"it runs more than {MAX_STEPS:,} loop rounds")
        return too_much_output()

    def produce(self, size: int) -> None:
        """``size`` characters of output."""
        self.output += size
        if self.output > MAX_OUTPUT:
            raise too_much_output()


def too_much_output() -> TemplateLimitError:
    """The error for a document that produces more than :data:`MAX_OUTPUT` characters."""
    return TemplateLimitError(f"it produces more than {MAX_OUTPUT:,} characters")


#: The budget of the render under way; None outside any render.
ACTIVE_BUDGET: contextvars.ContextVar[RenderBudget | None] = contextvars.ContextVar(
    "facilitation_render_budget", default=None
)


def current_budget() -> RenderBudget:
    """The budget of the render under way (a fresh one outside any render)."""
    return ACTIVE_BUDGET.get() or RenderBudget()


@contextlib.contextmanager
def render_budget() -> Iterator[RenderBudget]:
    """One budget for everything rendered inside (all parts of one Word document).

    Inside another ``render_budget()``, the outer budget is used (and so measured).
    """
    active = ACTIVE_BUDGET.get()
    if active is not None:
        yield active
        return
    budget = RenderBudget()
    token = ACTIVE_BUDGET.set(budget)
    try:
        yield budget
    finally:
        ACTIVE_BUDGET.reset(token)


def too_large(what: str) -> TemplateLimitError:
    """The error for a value (``what``) longer than :data:`MAX_VALUE`."""
    return TemplateLimitError(f"{what} would be longer than {MAX_VALUE:,} characters or items")


def size_of(value: Any) -> int:
    """The length of a text, list or mapping; 0 for anything else."""
    if isinstance(value, SIZED):
        return len(value)
    return 0


#: The types whose length :func:`size_of` measures.
SIZED = (str, bytes, list, tuple, dict, set, frozenset, range)


def check_value(value: Any, what: str) -> None:
    """Refuse ``value`` (described as ``what``) if it is longer than :data:`MAX_VALUE`."""
    if size_of(value) > MAX_VALUE:
        raise too_large(what)


def check_count(count: Any, what: str, limit: int = MAX_VALUE) -> None:
    """Refuse a width, count or repeat ``count`` above ``limit`` (it would build ``what``)."""
    if isinstance(count, int) and count > limit:
        raise too_large(what)


# --- operators -----------------------------------------------------------------------------------

_PERCENT_SPEC = re.compile(r"%(?:\([^)]*\))?[#0 +\-]*(\*|\d+)?(?:\.(\*|\d+))?")


def check_percent_format(template: str, arguments: Any) -> None:
    """``'%09d' % x``: no width or precision that makes a huge text."""
    starred = False
    for match in _PERCENT_SPEC.finditer(template):
        for number in match.groups():
            if number == "*":
                starred = True
            elif number is not None and int(number) > MAX_VALUE:
                raise too_large("a formatted text")
    if starred:
        values = arguments if isinstance(arguments, tuple) else (arguments,)
        for value in values:
            check_count(value, "a formatted text")


def check_format_string(template: str, args: Iterable[Any], kwargs: Mapping[str, Any]) -> None:
    """``'{:>9999999999}'.format(x)``: no width or precision that makes a huge text."""
    nested = False
    for _, _, spec, _ in string.Formatter().parse(template):
        if not spec:
            continue
        nested = nested or "{" in spec
        for number in re.findall(r"\d+", spec):
            if int(number) > MAX_VALUE:
                raise too_large("a formatted text")
    if nested:
        for value in [*args, *kwargs.values()]:
            check_count(value, "a formatted text")


def check_binop(operator: str, left: Any, right: Any) -> None:
    """Refuse ``*``, ``**``, ``+`` and ``%`` whose result would be huge, before computing it."""
    if operator == "**":
        integers = isinstance(left, int) and isinstance(right, int)
        if integers and right > 0 and abs(left) > 1 and right * math.log2(abs(left)) > _MAX_BITS:
            raise TemplateLimitError(f"a number would have more than {MAX_DIGITS:,} digits")
    elif operator == "*":
        if isinstance(left, int) and isinstance(right, int):
            if left.bit_length() + right.bit_length() > _MAX_BITS + 1:
                raise TemplateLimitError(f"a number would have more than {MAX_DIGITS:,} digits")
        elif isinstance(right, int) and right > 0:
            if size_of(left) * right > MAX_VALUE:
                raise too_large("a repeated text or list")
        elif isinstance(left, int) and left > 0 and size_of(right) * left > MAX_VALUE:
            raise too_large("a repeated text or list")
    elif operator == "+":
        if size_of(left) + size_of(right) > MAX_VALUE:
            raise too_large("a joined text or list")
    elif operator == "%" and isinstance(left, str):
        check_percent_format(left, right)


def check_string_method(method: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    """``'x'.center(10**9)``, ``'x'.replace('', big)``: refused before they run."""
    owner = getattr(method, "__self__", None)
    if not isinstance(owner, str):
        return
    name = getattr(method, "__name__", "")
    first = args[0] if args else None
    if name in ("center", "ljust", "rjust", "zfill"):
        check_count(first, "a padded text")
    elif name == "expandtabs":
        size = first if isinstance(first, int) else kwargs.get("tabsize", 8)
        if isinstance(size, int) and size > 0 and owner.count("\t") * size > MAX_VALUE:
            raise too_large("a text with tabs expanded")
    elif name == "replace" and len(args) >= 2:
        check_replace(owner, args[0], args[1])
    elif name == "join" and isinstance(first, list | tuple):
        total = len(owner) * len(first) + sum(size_of(item) for item in first)
        if total > MAX_VALUE:
            raise too_large("a joined text")


def check_replace(text: Any, old: Any, new: Any) -> None:
    """``text.replace(old, new)``: refused when the result would be huge."""
    if not (isinstance(text, str) and isinstance(old, str) and isinstance(new, str)):
        return
    found = text.count(old) if old else len(text) + 1
    if len(text) + found * (len(new) - len(old)) > MAX_VALUE:
        raise too_large("a text with replacements")


__all__ = [
    "ACTIVE_BUDGET",
    "MAX_CALLS",
    "MAX_DIGITS",
    "MAX_OUTPUT",
    "MAX_RANGE",
    "MAX_STEPS",
    "MAX_TEXT_TEMPLATE_BYTES",
    "MAX_VALUE",
    "SIZED",
    "RenderBudget",
    "TemplateLimitError",
    "check_binop",
    "check_count",
    "check_format_string",
    "check_percent_format",
    "check_replace",
    "check_string_method",
    "check_value",
    "current_budget",
    "render_budget",
    "size_of",
    "too_large",
    "too_much_output",
]
