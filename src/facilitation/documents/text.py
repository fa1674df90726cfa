"""Render text templates (Markdown) with the shared environment.

Every error of a text template, from a broken tag to a division by zero or a loop without end,
becomes a diagnostic at the template file and line that holds the tag (the line of the
``{% include %}`` when an included file is missing, refused or not text), never a traceback.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jinja2 import TemplateNotFound, TemplateSyntaxError

from facilitation import codes
from facilitation.documents.sandbox.bounds import render_budget
from facilitation.documents.sandbox.environment import TemplateEnvironment
from facilitation.documents.sandbox.errors import (
    describe_error,
    template_position,
    unclosed_block_line,
)
from facilitation.errors import Diagnostic, Location, TemplateError, display_path


def render_text(name: str, view: dict[str, Any], env: TemplateEnvironment) -> bytes:
    """Render the text template ``name``; return UTF-8 bytes with a final newline."""
    try:
        with render_budget():
            template = env.get_template(name)
            text = template.render(view)
    except Exception as error:  # every template mistake becomes a diagnostic
        raise TemplateError(_diagnostic(name, error, env)) from None
    return (text.rstrip("\n") + "\n").encode("utf-8")


def _diagnostic(name: str, error: Exception, env: TemplateEnvironment) -> Diagnostic:
    problem = describe_error(error)
    file, line = template_position(error)
    if isinstance(error, TemplateSyntaxError) and "nexpected end of template" in str(error.message):
        line = _unclosed_line(file, env) or line
    message = problem.message
    shown = _shown(file) if file else name
    if isinstance(error, TemplateNotFound) and problem.code == codes.TEMPLATE_MISSING:
        missing = error.name or name
        if missing != name:
            message += f", which `{name}` includes"
        shown, line = name, None  # NOTE: as before: the template, without a line
    around = _line_of(file, line) if file and line else ""
    return Diagnostic(
        problem.code,
        message,
        Location(shown, line, 1 if line else None),
        hint=problem.hint,
        notes=(f"near: {around}",) if around else (),
    )


def _line_of(file: str, line: int) -> str:
    """Line ``line`` of the template ``file``, as the error quotes it."""
    try:
        lines = Path(file).read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError):
        return ""
    text = lines[line - 1].strip() if 0 < line <= len(lines) else ""
    return text if len(text) <= 160 else text[:159] + "…"


def _shown(file: str) -> str:
    path = Path(file)
    return display_path(path) if path.is_absolute() else file


def _unclosed_line(file: str | None, env: TemplateEnvironment) -> int | None:
    if not file or not Path(file).is_file():
        return None
    try:
        return unclosed_block_line(env, Path(file).read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError):
        return None
