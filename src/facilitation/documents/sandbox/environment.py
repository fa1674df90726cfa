"""The one Jinja environment every template is rendered with.

Templates are user-editable files, so they are treated as untrusted: the environment is sandboxed
(no attribute access to Python internals, no mutation of the data), undefined names are errors,
every value is XML-escaped in Word templates, and the globals that could be abused are removed.
Text templates (Markdown) escape with the ``md`` filter instead of XML escaping.

Every loop, join, call and printed value is counted against the budget of the render
(:mod:`.bounds`); the filters are bounded too (:mod:`.filters`). Text templates are read by
:class:`.loader.FolderLoader`, which keeps every name inside its folder.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Iterator, MutableMapping
from pathlib import Path
from types import CodeType
from typing import Any, Literal, overload

from jinja2 import ChoiceLoader, StrictUndefined, nodes
from jinja2.compiler import CodeGenerator, Frame
from jinja2.environment import Environment, Template
from jinja2.exceptions import SecurityError
from jinja2.runtime import LoopContext, Macro
from jinja2.sandbox import ImmutableSandboxedEnvironment

from facilitation.documents.sandbox.bounds import (
    ACTIVE_BUDGET,
    MAX_OUTPUT,
    MAX_VALUE,
    check_binop,
    check_format_string,
    check_string_method,
    check_value,
    current_budget,
    render_budget,
    size_of,
    too_large,
    too_much_output,
)
from facilitation.documents.sandbox.compiled import stored_code
from facilitation.documents.sandbox.filters import (
    bounded_range,
    checked_filter,
    duration,
    escape_markdown,
    filter_checks,
    hhmm,
    language_filters,
)
from facilitation.documents.sandbox.loader import FolderLoader
from facilitation.resources import find_packaged


class Opaque:
    """A value templates may print but not look into (a picture holds the whole document)."""


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
            current_budget().produce(size)
            return root(context)

        template.root_render_func = counted
        return template

    def render(self, *args: Any, **kwargs: Any) -> str:
        """Render within the budget under way, or a budget of its own."""
        if ACTIVE_BUDGET.get() is not None:
            return super().render(*args, **kwargs)
        with render_budget():
            return super().render(*args, **kwargs)


# --- the environment -----------------------------------------------------------------------------


_COUNTED_RESULTS = (Macro, LoopContext)
#: Compiled templates, by their environment's settings and their text (see ``from_string``).
_COMPILED: dict[tuple[Any, ...], CodeType] = {}
_COMPILED_KEPT = 64


class TemplateEnvironment(ImmutableSandboxedEnvironment):
    """Sandboxed, strict, escaping; bounded in work and output."""

    code_generator_class = _GuardedCodeGenerator
    template_class = _BoundedTemplate
    intercepted_binops = frozenset({"*", "**", "+", "%"})

    def from_string(
        self,
        source: str | nodes.Template,
        globals: MutableMapping[str, Any] | None = None,
        template_class: type[Template] | None = None,
    ) -> Template:
        """A template from ``source``, compiled once for every environment configured alike.

        Why: docxtpl compiles each part of a Word template from its text for every document;
        the example's build compiled the same few templates hundreds of times.
        """
        if not isinstance(source, str) or template_class is not None:
            return super().from_string(source, globals, template_class)
        key = (self._compile_settings(), source)
        code = _COMPILED.get(key)
        if code is None:
            code = self.compile(source)
            if len(_COMPILED) >= _COMPILED_KEPT:
                del _COMPILED[next(iter(_COMPILED))]
            _COMPILED[key] = code
        return self.template_class.from_code(self, code, self.make_globals(globals))

    @overload
    def compile(
        self,
        source: str | nodes.Template,
        name: str | None = None,
        filename: str | None = None,
        raw: Literal[False] = False,
        defer_init: bool = False,
    ) -> CodeType: ...

    @overload
    def compile(
        self,
        source: str | nodes.Template,
        name: str | None = None,
        filename: str | None = None,
        raw: Literal[True] = ...,
        defer_init: bool = False,
    ) -> str: ...

    def compile(
        self,
        source: str | nodes.Template,
        name: str | None = None,
        filename: str | None = None,
        raw: bool = False,
        defer_init: bool = False,
    ) -> str | CodeType:
        """Compile as Jinja does; a text compiled in an earlier run is read from the disk cache.

        See :mod:`.compiled`: the code depends on the text, the name, the file name and the
        environment's settings, which make the cache's key.
        """
        if raw:
            return super().compile(source, name, filename, True, defer_init)
        if not isinstance(source, str):
            return super().compile(source, name, filename, False, defer_init)

        def compile_now() -> CodeType:
            return super(TemplateEnvironment, self).compile(
                source, name, filename, False, defer_init
            )

        settings = (self._compile_settings(), name, filename, defer_init)
        return stored_code(self, settings, source, compile_now)

    def _compile_settings(self) -> tuple[Any, ...]:
        """What the compiled code of a template depends on, besides its text."""
        return (
            type(self),
            self.autoescape,
            self.finalize,
            self.trim_blocks,
            self.lstrip_blocks,
            self.keep_trailing_newline,
            self.newline_sequence,
            self.block_start_string,
            self.variable_start_string,
            self.comment_start_string,
            self.line_statement_prefix,
            tuple(sorted(self.filters)),
            tuple(sorted(self.tests)),
            tuple(sorted(self.extensions)),
        )

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        """Compute ``left operator right`` unless its result would be huge."""
        check_binop(operator, left, right)
        return super().call_binop(context, operator, left, right)

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        """Call ``__obj`` as the sandbox does, counted, and refused when it would be huge.

        (``__self``, as in Jinja: a template may pass an argument named ``self``.)
        """
        if getattr(__obj, "__func__", None) is _GUARD_LOOP:  # our own, from the loop code
            return __obj(*args)
        budget = current_budget()
        # NOTE: macros (and the levels of a recursive loop) are counted: they can call
        # themselves. Other calls (methods, range) run a fixed number of times per loop round.
        counted = isinstance(__obj, _COUNTED_RESULTS)
        if counted:
            budget.call()
            if isinstance(__obj, LoopContext) and args:
                args = (__self.guard_loop(args[0], 0), *args[1:])
        for value in args:
            check_value(value, "a value given to a call")
        for value in kwargs.values():
            check_value(value, "a value given to a call")
        check_string_method(__obj, args, kwargs)
        result = super().call(__context, __obj, *args, **kwargs)
        if counted and isinstance(result, str):
            budget.produce(len(result))
        else:
            check_value(result, "the result of a call")
        return result

    def guard_loop(self, iterable: Any, weight: int) -> Iterator[Any]:
        """The items of a loop, each one counted with the template text it repeats."""
        budget = current_budget()
        step = budget.step
        for item in iterable:
            step(weight)
            yield item

    def guard_concat(self, join: Callable[[tuple[Any, ...]], str], parts: tuple[Any, ...]) -> str:
        """``a ~ b ~ c``, refused when the result would be huge."""
        if sum(size_of(part) for part in parts) > MAX_VALUE:
            raise too_large("a joined text")
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
            check_format_string(template, args, kwargs)
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
    budget = ACTIVE_BUDGET.get()
    if budget is not None:
        budget.output += len(value)
        if budget.output > MAX_OUTPUT:
            raise too_much_output()
    return value


def _autoescape(name: str | None) -> bool:
    # NOTE: docxtpl renders Word XML with from_string (no name): always escape it. Named text
    # templates (agenda.md.j2) are not XML; they escape with the `md` filter.
    return name is None or not name.endswith((".md.j2", ".txt.j2"))


def make_environment(
    user_templates: Path | None = None, *, word: bool = False, language: str | None = None
) -> TemplateEnvironment:
    """The environment, reading text templates from ``user_templates`` first.

    ``word``: for a Word template, where everything is XML-escaped, what it includes too (a
    text template included into a Word part must not let participant data write Word XML).
    ``language``: the document's language, for the filters that format dates, times,
    durations and numbers.
    """
    folders = [user_templates] if user_templates else []
    folders.append(Path(str(find_packaged("templates"))))
    env = TemplateEnvironment(
        loader=ChoiceLoader([FolderLoader(folder) for folder in folders]),
        undefined=StrictUndefined,
        autoescape=True if word else _autoescape,
        finalize=_finalize,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    for name in ("lipsum", "cycler", "joiner", "namespace"):
        env.globals.pop(name, None)
    env.globals["range"] = bounded_range
    for name, check in filter_checks().items():
        env.filters[name] = checked_filter(env.filters[name], check)
    env.filters["hhmm"] = hhmm
    env.filters["duration"] = duration
    env.filters["md"] = escape_markdown
    if language is not None:
        env.filters.update(language_filters(language))
    return env


__all__ = [
    "Opaque",
    "TemplateEnvironment",
    "make_environment",
]
