"""The one Jinja environment every template is rendered with.

Templates are user-editable files, so they are treated as untrusted: the environment is sandboxed
(no attribute access to Python internals, no mutation of the data), undefined names are errors,
every value is XML-escaped in Word templates, and the globals that could be abused are removed.
Text templates (Markdown) escape with the ``md`` filter instead of XML escaping.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from jinja2 import ChoiceLoader, FileSystemLoader, StrictUndefined
from jinja2.sandbox import ImmutableSandboxedEnvironment

from facilitation.checking.scheduling import format_clock, format_duration
from facilitation.resources import find_packaged

#: Longest ``range()`` a template may ask for.
MAX_RANGE = 10_000


class TemplateEnvironment(ImmutableSandboxedEnvironment):
    """Sandboxed, strict, escaping; with a smaller ``range``."""

    def call(self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        """Call ``__obj`` as the sandbox does, refusing ranges that are too long."""
        if __obj is range and args and any(isinstance(a, int) and abs(a) > MAX_RANGE for a in args):
            from jinja2.exceptions import SecurityError

            raise SecurityError(f"range() is limited to {MAX_RANGE} items in templates")
        return super().call(__context, __obj, *args, **kwargs)


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


def make_environment(user_templates: Path | None = None) -> TemplateEnvironment:
    """The environment, reading text templates from ``user_templates`` first."""
    folders = [str(user_templates)] if user_templates else []
    folders.append(str(find_packaged("templates")))
    env = TemplateEnvironment(
        loader=ChoiceLoader([FileSystemLoader(folder) for folder in folders]),
        undefined=StrictUndefined,
        autoescape=_autoescape,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    for name in ("lipsum", "cycler", "joiner", "namespace"):
        env.globals.pop(name, None)
    env.filters["hhmm"] = format_clock
    env.filters["duration"] = format_duration
    env.filters["md"] = escape_markdown
    return env
