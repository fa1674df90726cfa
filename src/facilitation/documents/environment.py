"""The one Jinja environment every template is rendered with.

Templates are user-editable files, so they are treated as untrusted: the environment is sandboxed
(no attribute access to Python internals, no mutation of the data), undefined names are errors,
every value is XML-escaped in Word templates, and the globals that could be abused are removed.
Text templates (Markdown) escape with the ``md`` filter instead of XML escaping.

A sandbox stops a template from reaching Python, not from asking for unbounded work, so every
render also keeps a budget (:class:`RenderBudget`): loop rounds (all loops together), macro calls,
and the text it produces. Operators and filters that could build one huge value (``'A' * 10**9``,
``9**9**9``, ``'x'|center(10**9)``) are checked before they run. Running over any limit raises
:class:`TemplateLimitError`, which the renderers report as R309. The limits are far above what a
document needs: a sign-in sheet for 20,000 participants over 4 days takes 80,105 loop rounds,
no macro call and 121 million characters of Word XML.

Text templates are read by :class:`FolderLoader`, which keeps every name inside its folder.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import inspect
import math
import re
import string
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import BaseLoader, ChoiceLoader, StrictUndefined, TemplateNotFound, nodes
from jinja2 import TemplateError as JinjaTemplateError
from jinja2.compiler import CodeGenerator, Frame
from jinja2.environment import Environment, Template
from jinja2.exceptions import SecurityError, TemplateSyntaxError, UndefinedError
from jinja2.nodes import EvalContext
from jinja2.runtime import Context, LoopContext, Macro
from jinja2.sandbox import ImmutableSandboxedEnvironment

from facilitation import codes
from facilitation.checking.scheduling import format_clock, format_duration
from facilitation.resources import find_packaged

#: Longest ``range()`` a template may ask for.
MAX_RANGE = 10_000
#: Loop rounds of one document, all loops together (nested ones included).
MAX_STEPS = 1_000_000
#: Macro calls of one document (a macro call takes 20 times as long as a loop round).
MAX_CALLS = 200_000
#: Characters one document may produce: printed values plus the template text of every loop
#: round (an estimate from above): twice a sign-in sheet for 20,000 participants over 4 days.
MAX_OUTPUT = 250_000_000
#: Characters (or items) of one value that an operator, filter or call may build.
MAX_VALUE = 10_000_000
#: Decimal digits of a whole number (Python itself prints no longer ones).
MAX_DIGITS = 4_300
#: Bytes of a text template file.
MAX_TEXT_TEMPLATE_BYTES = 1024 * 1024

_MAX_BITS = math.ceil(MAX_DIGITS * math.log2(10))


class TemplateLimitError(Exception):
    """A template asked for more work or output than a document needs (R309)."""


class IncludeOutsideFolder(SecurityError):
    """A template named a file outside its template folder (an absolute name, ``..``, a link)."""

    def __init__(self, name: str) -> None:
        super().__init__(
            f"`{name}` is outside the template folder; templates may include only files from it"
        )
        self.name = name


class NotATextTemplate(JinjaTemplateError):
    """A file that a text template names is not a text template (binary, or not UTF-8)."""

    def __init__(self, name: str, reason: str) -> None:
        super().__init__(f"`{name}` is not a text template: {reason}")
        self.name = name


class Opaque:
    """A value templates may print but not look into (a picture holds the whole document)."""


# --- the budget of one render ------------------------------------------------------------------


class RenderBudget:
    """What one document has spent so far: loop rounds, calls and characters."""

    __slots__ = ("calls", "output", "steps")

    def __init__(self) -> None:
        self.steps = 0
        self.calls = 0
        self.output = 0

    def step(self, weight: int) -> None:
        """One loop round, and the template text it repeats."""
        self.steps += 1
        self.output += weight
        if self.steps > MAX_STEPS or self.output > MAX_OUTPUT:
            raise self._overrun()

    def call(self) -> None:
        """One call of a macro (or one level of a recursive loop)."""
        self.calls += 1
        if self.calls > MAX_CALLS:
            raise TemplateLimitError(f"it calls macros more than {MAX_CALLS:,} times")

    def _overrun(self) -> TemplateLimitError:
        if self.steps > MAX_STEPS:
            return TemplateLimitError(f"it runs more than {MAX_STEPS:,} loop rounds")
        return _too_much_output()

    def produce(self, size: int) -> None:
        """``size`` characters of output."""
        self.output += size
        if self.output > MAX_OUTPUT:
            raise _too_much_output()


def _too_much_output() -> TemplateLimitError:
    return TemplateLimitError(f"it produces more than {MAX_OUTPUT:,} characters")


_BUDGET: contextvars.ContextVar[RenderBudget | None] = contextvars.ContextVar(
    "facilitation_render_budget", default=None
)


def _budget() -> RenderBudget:
    """The budget of the render under way (a fresh one outside any render)."""
    return _BUDGET.get() or RenderBudget()


@contextlib.contextmanager
def render_budget() -> Iterator[RenderBudget]:
    """One budget for everything rendered inside (all parts of one Word document).

    Inside another ``render_budget()``, the outer budget is used (and so measured).
    """
    active = _BUDGET.get()
    if active is not None:
        yield active
        return
    budget = RenderBudget()
    token = _BUDGET.set(budget)
    try:
        yield budget
    finally:
        _BUDGET.reset(token)


def _too_large(what: str) -> TemplateLimitError:
    return TemplateLimitError(f"{what} would be longer than {MAX_VALUE:,} characters or items")


def _size(value: Any) -> int:
    """The length of a text, list or mapping; 0 for anything else."""
    if isinstance(value, _SIZED):
        return len(value)
    return 0


_SIZED = (str, bytes, list, tuple, dict, set, frozenset, range)


def _check_value(value: Any, what: str) -> None:
    if _size(value) > MAX_VALUE:
        raise _too_large(what)


def _check_count(count: Any, what: str, limit: int = MAX_VALUE) -> None:
    if isinstance(count, int) and count > limit:
        raise _too_large(what)


# --- operators -----------------------------------------------------------------------------------

_PERCENT_SPEC = re.compile(r"%(?:\([^)]*\))?[#0 +\-]*(\*|\d+)?(?:\.(\*|\d+))?")


def _check_percent_format(template: str, arguments: Any) -> None:
    """``'%09d' % x``: no width or precision that makes a huge text."""
    starred = False
    for match in _PERCENT_SPEC.finditer(template):
        for number in match.groups():
            if number == "*":
                starred = True
            elif number is not None and int(number) > MAX_VALUE:
                raise _too_large("a formatted text")
    if starred:
        values = arguments if isinstance(arguments, tuple) else (arguments,)
        for value in values:
            _check_count(value, "a formatted text")


def _check_format_string(template: str, args: Iterable[Any], kwargs: Mapping[str, Any]) -> None:
    """``'{:>9999999999}'.format(x)``: no width or precision that makes a huge text."""
    nested = False
    for _, _, spec, _ in string.Formatter().parse(template):
        if not spec:
            continue
        nested = nested or "{" in spec
        for number in re.findall(r"\d+", spec):
            if int(number) > MAX_VALUE:
                raise _too_large("a formatted text")
    if nested:
        for value in [*args, *kwargs.values()]:
            _check_count(value, "a formatted text")


def _check_binop(operator: str, left: Any, right: Any) -> None:
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
            if _size(left) * right > MAX_VALUE:
                raise _too_large("a repeated text or list")
        elif isinstance(left, int) and left > 0 and _size(right) * left > MAX_VALUE:
            raise _too_large("a repeated text or list")
    elif operator == "+":
        if _size(left) + _size(right) > MAX_VALUE:
            raise _too_large("a joined text or list")
    elif operator == "%" and isinstance(left, str):
        _check_percent_format(left, right)


def _check_string_method(method: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    """``'x'.center(10**9)``, ``'x'.replace('', big)``: refused before they run."""
    owner = getattr(method, "__self__", None)
    if not isinstance(owner, str):
        return
    name = getattr(method, "__name__", "")
    first = args[0] if args else None
    if name in ("center", "ljust", "rjust", "zfill"):
        _check_count(first, "a padded text")
    elif name == "expandtabs":
        size = first if isinstance(first, int) else kwargs.get("tabsize", 8)
        if isinstance(size, int) and size > 0 and owner.count("\t") * size > MAX_VALUE:
            raise _too_large("a text with tabs expanded")
    elif name == "replace" and len(args) >= 2:
        _check_replace(owner, args[0], args[1])
    elif name == "join" and isinstance(first, list | tuple):
        total = len(owner) * len(first) + sum(_size(item) for item in first)
        if total > MAX_VALUE:
            raise _too_large("a joined text")


def _check_replace(text: Any, old: Any, new: Any) -> None:
    if not (isinstance(text, str) and isinstance(old, str) and isinstance(new, str)):
        return
    found = text.count(old) if old else len(text) + 1
    if len(text) + found * (len(new) - len(old)) > MAX_VALUE:
        raise _too_large("a text with replacements")


# --- filters -------------------------------------------------------------------------------------


def _filter_checks() -> dict[str, Callable[[Mapping[str, Any]], None]]:
    """Checks of the built-in filters that could build a huge value from small arguments."""

    def center(a: Mapping[str, Any]) -> None:
        _check_count(a.get("width"), "a centred text")

    def indent(a: Mapping[str, Any]) -> None:
        width, text = a.get("width"), a.get("s")
        size = width if isinstance(width, int) else _size(width)
        lines = text.count("\n") + 1 if isinstance(text, str) else 1
        if size * lines > MAX_VALUE:
            raise _too_large("an indented text")

    def batch(a: Mapping[str, Any]) -> None:
        _check_count(a.get("linecount"), "a batch")

    def slice_(a: Mapping[str, Any]) -> None:
        _check_count(a.get("slices"), "the slices of a list", MAX_RANGE)

    def join(a: Mapping[str, Any]) -> None:
        value, separator = a.get("value"), a.get("d")
        if not isinstance(value, _SIZED) or not isinstance(separator, str):
            return
        total = len(separator) * len(value)
        if isinstance(value, list | tuple):
            total += sum(_size(item) for item in value)
        if total > MAX_VALUE:
            raise _too_large("a joined text")

    def replace(a: Mapping[str, Any]) -> None:
        _check_replace(a.get("s"), a.get("old"), a.get("new"))

    def wordwrap(a: Mapping[str, Any]) -> None:
        text, width, wrap = a.get("s"), a.get("width"), a.get("wrapstring")
        if not (isinstance(text, str) and isinstance(wrap, str) and isinstance(width, int)):
            return
        if (len(text) // max(width, 1) + text.count("\n") + 1) * len(wrap) > MAX_VALUE:
            raise _too_large("a wrapped text")

    def format_(a: Mapping[str, Any]) -> None:
        value = a.get("value")
        if isinstance(value, str):
            _check_percent_format(value, tuple(a.get("args", ())) or a.get("kwargs"))

    return {
        "center": center,
        "indent": indent,
        "batch": batch,
        "slice": slice_,
        "join": join,
        "replace": replace,
        "wordwrap": wordwrap,
        "format": format_,
    }


def _checked_filter(
    function: Callable[..., Any], check: Callable[[Mapping[str, Any]], None]
) -> Callable[..., Any]:
    """``function`` (a built-in filter), checked before it runs."""
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
        result = function(*args, **kwargs)
        _check_value(result, f"the result of the filter `{function.__name__}`")
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


def _bounded_range(*args: Any) -> range:
    """``range()`` as templates get it: at most :data:`MAX_RANGE` numbers."""
    for arg in args:
        if isinstance(arg, bool) or not isinstance(arg, int):
            raise TypeError(f"range() needs whole numbers, not {_kind(arg)}")
    numbers = range(*args)
    if len(numbers) > MAX_RANGE:
        raise TemplateLimitError(f"range() is limited to {MAX_RANGE:,} numbers in templates")
    return numbers


# --- compiling: every loop, join and template counts ---------------------------------------------


def _literal_size(body: Iterable[nodes.Node]) -> int:
    """Characters of template text a loop body writes per round (nested loops count theirs)."""
    total = 0
    stack = list(body)
    while stack:
        node = stack.pop()
        if isinstance(node, nodes.TemplateData):
            total += len(node.data)
        elif isinstance(node, nodes.For):
            stack.extend(node.else_)
        elif not isinstance(node, nodes.Macro | nodes.CallBlock):
            stack.extend(node.iter_child_nodes())
    return total


class _GuardedCodeGenerator(CodeGenerator):
    """Jinja's code generator, with every loop, ``~`` join and template body counted."""

    def visit_Template(self, node: nodes.Template, frame: Frame | None = None) -> None:
        super().visit_Template(node, frame)
        self.writeline(f"literal_size = {_literal_size(node.body)}")

    def visit_For(self, node: nodes.For, frame: Frame) -> None:
        guard = node.iter
        if not (
            isinstance(guard, nodes.Call) and isinstance(guard.node, nodes.EnvironmentAttribute)
        ):
            weight = nodes.Const(_literal_size(node.body), lineno=node.lineno)
            attribute = nodes.EnvironmentAttribute("guard_loop", lineno=node.lineno)
            node.iter = nodes.Call(
                attribute, [node.iter, weight], [], None, None, lineno=node.lineno
            )
        super().visit_For(node, frame)

    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:
        if frame.eval_ctx.volatile:
            join = "(markup_join if context.eval_ctx.volatile else str_join)"
        elif frame.eval_ctx.autoescape:
            join = "markup_join"
        else:
            join = "str_join"
        self.write(f"environment.guard_concat({join}, (")
        for argument in node.nodes:
            self.visit(argument, frame)
            self.write(", ")
        self.write("))")


class _BoundedTemplate(Template):
    """A template whose every render runs within a budget, and which pays for its own text."""

    @classmethod
    def _from_namespace(
        cls,
        environment: Environment,
        namespace: Any,
        globals: Any,
    ) -> Template:
        template = super()._from_namespace(environment, namespace, globals)
        root = template.root_render_func
        size = int(namespace.get("literal_size", 0))

        def counted(context: Any) -> Iterator[str]:
            _budget().produce(size)
            return root(context)

        template.root_render_func = counted
        return template

    def render(self, *args: Any, **kwargs: Any) -> str:
        """Render within the budget under way, or a budget of its own."""
        if _BUDGET.get() is not None:
            return super().render(*args, **kwargs)
        with render_budget():
            return super().render(*args, **kwargs)


# --- the environment -----------------------------------------------------------------------------


_COUNTED_RESULTS = (Macro, LoopContext)


class TemplateEnvironment(ImmutableSandboxedEnvironment):
    """Sandboxed, strict, escaping; bounded in work and output."""

    code_generator_class = _GuardedCodeGenerator
    template_class = _BoundedTemplate
    intercepted_binops = frozenset({"*", "**", "+", "%"})

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        """Compute ``left operator right`` unless its result would be huge."""
        _check_binop(operator, left, right)
        return super().call_binop(context, operator, left, right)

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        """Call ``__obj`` as the sandbox does, counted, and refused when it would be huge.

        (``__self``, as in Jinja: a template may pass an argument named ``self``.)
        """
        if getattr(__obj, "__func__", None) is _GUARD_LOOP:  # our own, from the loop code
            return __obj(*args)
        budget = _budget()
        # NOTE: macros (and the levels of a recursive loop) are counted: they can call
        # themselves. Other calls (methods, range) run a fixed number of times per loop round.
        counted = isinstance(__obj, _COUNTED_RESULTS)
        if counted:
            budget.call()
            if isinstance(__obj, LoopContext) and args:
                args = (__self.guard_loop(args[0], 0), *args[1:])
        for value in args:
            _check_value(value, "a value given to a call")
        for value in kwargs.values():
            _check_value(value, "a value given to a call")
        _check_string_method(__obj, args, kwargs)
        result = super().call(__context, __obj, *args, **kwargs)
        if counted and isinstance(result, str):
            budget.produce(len(result))
        else:
            _check_value(result, "the result of a call")
        return result

    def guard_loop(self, iterable: Any, weight: int) -> Iterator[Any]:
        """The items of a loop, each one counted with the template text it repeats."""
        budget = _budget()
        step = budget.step
        for item in iterable:
            step(weight)
            yield item

    def guard_concat(self, join: Callable[[tuple[Any, ...]], str], parts: tuple[Any, ...]) -> str:
        """``a ~ b ~ c``, refused when the result would be huge."""
        if sum(_size(part) for part in parts) > MAX_VALUE:
            raise _too_large("a joined text")
        return join(parts)

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        """No attribute of an opaque value (a picture) is safe, nor what the sandbox refuses."""
        return not isinstance(obj, Opaque) and super().is_safe_attribute(obj, attr, value)

    def unsafe_undefined(self, obj: Any, attribute: str) -> Any:
        """Refuse at once: an unsafe name is an error wherever it is used, filters included.

        Jinja returns an undefined value that fails only when printed, so ``map(attribute=
        '__class__')``, ``attr('_x') is defined`` or a ``default=`` rendered silently.
        """
        raise SecurityError(
            f"access to attribute {attribute!r} of {type(obj).__name__!r} object is unsafe"
        )

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        """``str.format`` as the sandbox wraps it, refusing widths that make a huge text."""
        wrapper = super().wrap_str_format(value)
        if wrapper is None:
            return None
        template = value.__self__
        formatted = wrapper

        def checked(*args: Any, **kwargs: Any) -> str:
            _check_format_string(template, args, kwargs)
            return formatted(*args, **kwargs)

        return functools.update_wrapper(checked, value)


_GUARD_LOOP = TemplateEnvironment.guard_loop
_PLAIN = (int, float, bool, type(None))


def _finalize(value: Any) -> Any:
    """Every printed value: counted against the output budget."""
    if not isinstance(value, str):
        if type(value) not in _PLAIN and hasattr(value, "__html__"):
            return value  # a picture: printed by the escape that follows
        value = str(value)
    budget = _BUDGET.get()
    if budget is not None:
        budget.output += len(value)
        if budget.output > MAX_OUTPUT:
            raise _too_much_output()
    return value


def _autoescape(name: str | None) -> bool:
    # NOTE: docxtpl renders Word XML with from_string (no name): always escape it. Named text
    # templates (agenda.md.j2) are not XML; they escape with the `md` filter.
    return name is None or not name.endswith((".md.j2", ".txt.j2"))


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


# --- the loader ----------------------------------------------------------------------------------

_DRIVE = re.compile(r"^[A-Za-z]:")


class FolderLoader(BaseLoader):
    """Text templates from one folder; no name leads outside it.

    An absolute name, a name with ``..`` and a link that points outside the folder are refused
    (:class:`IncludeOutsideFolder`), not looked up elsewhere; a file that is not UTF-8 text is
    refused as :class:`NotATextTemplate`.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder.resolve()

    def get_source(
        self,
        environment: Environment,  # noqa: ARG002 - Jinja's signature
        template: str,
    ) -> tuple[str, str, Callable[[], bool]]:
        """The text of ``template``, its file name, and whether it is still up to date."""
        pieces = re.split(r"[/\\]", template)
        if template.startswith(("/", "\\")) or _DRIVE.match(template) or ".." in pieces:
            raise IncludeOutsideFolder(template)
        path = self.folder.joinpath(*[piece for piece in pieces if piece not in ("", ".")])
        if not path.exists() and not path.is_symlink():
            raise TemplateNotFound(template)
        resolved = path.resolve()
        if not resolved.is_relative_to(self.folder):
            raise IncludeOutsideFolder(template)
        if not resolved.is_file():
            raise TemplateNotFound(template)
        if resolved.stat().st_size > MAX_TEXT_TEMPLATE_BYTES:
            raise TemplateLimitError(f"`{template}` is larger than 1 MB")
        data = resolved.read_bytes()
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise NotATextTemplate(template, "it is not UTF-8 text (a binary file?)") from None
        if "\x00" in text:
            raise NotATextTemplate(template, "it holds binary data")
        mtime = resolved.stat().st_mtime
        return text, str(resolved), lambda: _unchanged(resolved, mtime)


def _unchanged(path: Path, mtime: float) -> bool:
    try:
        return path.stat().st_mtime == mtime
    except OSError:
        return False


def make_environment(user_templates: Path | None = None) -> TemplateEnvironment:
    """The environment, reading text templates from ``user_templates`` first."""
    folders = [user_templates] if user_templates else []
    folders.append(Path(str(find_packaged("templates"))))
    env = TemplateEnvironment(
        loader=ChoiceLoader([FolderLoader(folder) for folder in folders]),
        undefined=StrictUndefined,
        autoescape=_autoescape,
        finalize=_finalize,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    for name in ("lipsum", "cycler", "joiner", "namespace"):
        env.globals.pop(name, None)
    env.globals["range"] = _bounded_range
    for name, check in _filter_checks().items():
        env.filters[name] = _checked_filter(env.filters[name], check)
    env.filters["hhmm"] = hhmm
    env.filters["duration"] = duration
    env.filters["md"] = escape_markdown
    return env


# --- what went wrong, in words -------------------------------------------------------------------


@dataclass(frozen=True)
class TemplateProblem:
    """A template error as a diagnostic's code, message and hint."""

    code: str
    message: str
    hint: str | None = None


_LIMIT_HINT = (
    "templates loop over the data they are given; no document needs more than "
    f"{MAX_STEPS:,} loop rounds, {MAX_CALLS:,} macro calls or {MAX_OUTPUT:,} characters"
)
_TYPE_HINT = (
    "check the filters and operators of the tag: `hhmm` and `duration` take minutes (numbers), "
    "`format` and `%` take values that match their placeholders"
)


def describe_error(error: BaseException) -> TemplateProblem:
    """The code and words for an error raised while compiling or rendering a template."""
    message = str(getattr(error, "message", None) or error)
    if isinstance(error, IncludeOutsideFolder):
        return TemplateProblem(
            codes.TEMPLATE_UNSAFE,
            message,
            "put the file in the template folder and include it by its name",
        )
    if isinstance(error, NotATextTemplate):
        return TemplateProblem(
            codes.TEMPLATE_SYNTAX, message, "include only text templates (.md.j2, .txt.j2)"
        )
    if isinstance(error, TemplateNotFound):
        return TemplateProblem(
            codes.TEMPLATE_MISSING,
            f"there is no template `{error.name or message}`",
            "put it beside the template, in the --templates folder",
        )
    if isinstance(error, TemplateLimitError):
        return TemplateProblem(
            codes.TEMPLATE_LIMIT, f"the template is stopped: {message}", _LIMIT_HINT
        )
    if isinstance(error, RecursionError):
        return TemplateProblem(
            codes.TEMPLATE_LIMIT,
            "the template is stopped: a macro, loop or include calls itself without end",
            "a macro may call itself only for data that gets smaller each time",
        )
    if isinstance(error, OverflowError | MemoryError):
        return TemplateProblem(
            codes.TEMPLATE_LIMIT,
            f"the template is stopped: a value grows too large ({message})",
            _LIMIT_HINT,
        )
    if isinstance(error, SecurityError):
        return TemplateProblem(
            codes.TEMPLATE_UNSAFE,
            f"the template tries to reach Python internals, and the sandbox stopped it: {message}",
            "templates may only print the values they are given",
        )
    if isinstance(error, UndefinedError):
        return TemplateProblem(
            codes.TEMPLATE_UNDEFINED,
            f"the template uses a name that does not exist: {message}",
            "the default templates show every name there is (facilitation templates copy)",
        )
    if isinstance(error, TemplateSyntaxError):
        return TemplateProblem(
            codes.TEMPLATE_SYNTAX,
            f"broken tag in the template: {message}",
            "every {{ must close with }}, every {% for %} with {% endfor %}",
        )
    if isinstance(error, ZeroDivisionError):
        return TemplateProblem(
            codes.TEMPLATE_SYNTAX,
            "the template divides by zero",
            "check that the number after / or // or % cannot be 0 (wrap it in an {% if %})",
        )
    if isinstance(error, TypeError | ValueError | LookupError | AttributeError):
        return TemplateProblem(
            codes.TEMPLATE_SYNTAX,
            f"a tag in the template got a value of the wrong kind: {message}",
            _TYPE_HINT,
        )
    return TemplateProblem(
        codes.TEMPLATE_SYNTAX,
        f"the template failed: {message}"
        if isinstance(error, JinjaTemplateError)
        else f"the template failed ({type(error).__name__}: {message})",
        "every {{ must close with }}, every {% for %} with {% endfor %}",
    )


def template_position(error: BaseException) -> tuple[str | None, int | None]:
    """The template file (``<template>`` for a Word part) and line where ``error`` was raised."""
    if isinstance(error, TemplateSyntaxError) and error.lineno:
        return error.filename or error.name, error.lineno
    found: tuple[str | None, int | None] = (None, None)
    trace = error.__traceback__
    while trace is not None:
        if "__jinja_exception__" in trace.tb_frame.f_globals:
            found = (trace.tb_frame.f_code.co_filename, trace.tb_lineno)
        trace = trace.tb_next
    return found


_BLOCK_END = {
    "endfor",
    "endif",
    "endmacro",
    "endcall",
    "endfilter",
    "endwith",
    "endblock",
    "endset",
    "endautoescape",
    "endtrans",
}
_BLOCK_START = {name[3:] for name in _BLOCK_END}


def unclosed_block_line(env: Environment, source: str) -> int | None:
    """The line of the innermost block tag (``{% for %}``, ``{% if %}``...) never closed."""
    stack: list[int] = []
    tokens = iter(_safe_lex(env, source))
    for lineno, kind, _ in tokens:
        if kind != "block_begin":
            continue
        name_token = next(tokens, None)
        if name_token is None or name_token[1] != "name":
            continue
        name = name_token[2]
        if name == "set":
            if not _set_has_value(tokens):
                stack.append(lineno)
        elif name in _BLOCK_START:
            stack.append(lineno)
        elif name in _BLOCK_END and stack:
            stack.pop()
    return stack[-1] if stack else None


def _set_has_value(tokens: Iterator[tuple[int, str, str]]) -> bool:
    for _, kind, _ in tokens:
        if kind == "assign":
            return True
        if kind == "block_end":
            return False
    return False


def _safe_lex(env: Environment, source: str) -> list[tuple[int, str, str]]:
    try:
        return [token for token in env.lex(source) if token[1] != "whitespace"]
    except JinjaTemplateError:
        return []


__all__ = [
    "MAX_OUTPUT",
    "MAX_RANGE",
    "MAX_STEPS",
    "MAX_VALUE",
    "FolderLoader",
    "IncludeOutsideFolder",
    "NotATextTemplate",
    "Opaque",
    "RenderBudget",
    "TemplateEnvironment",
    "TemplateLimitError",
    "TemplateProblem",
    "describe_error",
    "escape_markdown",
    "make_environment",
    "render_budget",
    "template_position",
    "unclosed_block_line",
]
