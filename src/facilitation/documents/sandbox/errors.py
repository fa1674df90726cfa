"""What went wrong in a template, in words: the diagnostic's code, message, hint and place."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from jinja2 import TemplateError as JinjaTemplateError
from jinja2 import TemplateNotFound
from jinja2.environment import Environment
from jinja2.exceptions import SecurityError, TemplateSyntaxError, UndefinedError

from facilitation import codes
from facilitation.documents.sandbox.bounds import (
    MAX_CALLS,
    MAX_OUTPUT,
    MAX_STEPS,
    TemplateLimitError,
)
from facilitation.documents.sandbox.loader import IncludeOutsideFolder, NotATextTemplate


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
    stopped = _describe_stop(error, message)
    if stopped is not None:
        return stopped
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


def _describe_stop(error: BaseException, message: str) -> TemplateProblem | None:
    """A file the template may not read, or more work than a document needs; else None."""
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
    return None


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
    "TemplateProblem",
    "describe_error",
    "template_position",
    "unclosed_block_line",
]
