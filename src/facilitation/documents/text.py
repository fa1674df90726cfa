"""Render text templates (Markdown) with the shared environment."""

from __future__ import annotations

from typing import Any

from jinja2 import TemplateError as JinjaTemplateError
from jinja2 import TemplateNotFound, TemplateSyntaxError, UndefinedError
from jinja2.exceptions import SecurityError

from facilitation import codes
from facilitation.documents.environment import TemplateEnvironment
from facilitation.errors import Diagnostic, Location, TemplateError


def render_text(name: str, view: dict[str, Any], env: TemplateEnvironment) -> bytes:
    """Render the text template ``name``; return UTF-8 bytes with a final newline."""
    try:
        template = env.get_template(name)
        text = template.render(view)
    except TemplateNotFound as error:
        missing = error.name or name
        included = f", which `{name}` includes" if missing != name else ""
        raise TemplateError(
            Diagnostic(
                codes.TEMPLATE_MISSING,
                f"there is no template `{missing}`{included}",
                Location(name),
                hint="put it beside the template, in the --templates folder",
            )
        ) from None
    except (SecurityError, UndefinedError, TemplateSyntaxError, JinjaTemplateError) as error:
        if isinstance(error, SecurityError):
            code = codes.TEMPLATE_UNSAFE
        elif isinstance(error, UndefinedError):
            code = codes.TEMPLATE_UNDEFINED
        else:
            code = codes.TEMPLATE_SYNTAX
        line = getattr(error, "lineno", None)
        file = getattr(error, "filename", None) or name
        raise TemplateError(
            Diagnostic(
                code,
                f"template `{name}`: {error.message or error}",
                Location(file, line, 1 if line else None),
            )
        ) from None
    return (text.rstrip("\n") + "\n").encode("utf-8")
