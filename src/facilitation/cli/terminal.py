"""The consoles and the diagnostics printer: what every command prints with.

Main output goes to stdout; diagnostics and progress go to stderr. User text is always passed to
rich as :class:`~rich.text.Text`, never as markup, so a title with ``[brackets]`` prints as written.

The consoles are made when one is first used, and rich is imported then: ``--help`` prints
through typer alone. The tables (the agenda, the Compass balance, the catalogue) are in
:mod:`facilitation.cli.console`.
"""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, Literal

from facilitation.errors import Diagnostic, count

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text
    from rich.theme import Theme

    from facilitation.source_map import SourceMap

OutputFormat = Literal["human", "concise", "json"]

#: The styles of the consoles' theme, by name.
STYLES: dict[str, str] = {
    "error": "bold red",
    "warning": "bold yellow",
    "ok": "bold green",
    "path": "cyan",
    "muted": "dim",
    "kind.work": "",
    "kind.break": "cyan",
    "kind.lunch": "cyan",
    "kind.free": "cyan",
    "kind.energiser": "magenta",
    "kind.check-in": "green",
    "kind.check-out": "green",
    "kind.presentation": "blue",
    "heading": "bold",
}

#: The standard output, for what a command produces.
out: Console
#: The standard error, for diagnostics, progress and summaries.
err: Console
#: The theme of both consoles.
THEME: Theme


def __getattr__(name: str) -> Any:
    """``out``, ``err`` and ``THEME``, made when one is first used."""
    if name in ("out", "err", "THEME"):
        return _make_consoles()[name]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _make_consoles() -> dict[str, Any]:
    """The consoles and their theme: made once, then module attributes like any other."""
    made = globals()
    if "out" not in made:
        from rich.console import Console
        from rich.theme import Theme

        theme = Theme(STYLES)
        made["THEME"] = theme
        made["out"] = Console(theme=theme, highlight=False)
        made["err"] = Console(theme=theme, highlight=False, stderr=True)
    return made


def reattach() -> None:
    """Look again at the terminal and the environment, once the standard streams changed.

    A child of ``facilitation server`` takes over its client's descriptors and environment after
    the consoles were made: colours, width and ``NO_COLOR`` are read again, in the same objects
    (other modules hold them).
    """
    made = globals()
    if "out" in made:
        from rich.console import Console

        Console.__init__(made["out"], theme=made["THEME"], highlight=False)
        Console.__init__(made["err"], theme=made["THEME"], highlight=False, stderr=True)


def get_out() -> Console:
    """The standard output console."""
    console: Console = _make_consoles()["out"]
    return console


def get_err() -> Console:
    """The standard error console."""
    console: Console = _make_consoles()["err"]
    return console


def print_diagnostics(
    diagnostics: Sequence[Diagnostic],
    sources: dict[str, SourceMap],
    output: OutputFormat = "human",
) -> None:
    """Print ``diagnostics`` in the chosen format (JSON to stdout, the others to stderr)."""
    if output == "json":
        get_out().print_json(json.dumps([d.to_dict() for d in diagnostics], ensure_ascii=False))
        return
    err = get_err()
    for diagnostic in diagnostics:
        if output == "concise":
            err.print(_concise(diagnostic), soft_wrap=True)
        else:
            err.print(_human(diagnostic, sources.get(diagnostic.location.file)), soft_wrap=True)


def _concise(diagnostic: Diagnostic) -> Text:
    from rich.text import Text

    loc = diagnostic.location
    where = f"{loc.file}:{loc.line or 1}:{loc.column or 1}"
    text = Text.assemble((where, "path"), ": ", (diagnostic.code, diagnostic.severity.value), " ")
    text.append(diagnostic.message)
    return text


#: An e-mail address, as it may stand in a YAML line or a CSV row.
_EMAIL = re.compile(r"[^\s@,;:\"'<>\[\]{}]+@[^\s@,;:\"'<>\[\]{}]+")
#: A phone number: starts with + or 0 and holds at least eight digits (so no date, time or
#: postcode is taken for one).
_PHONE = re.compile(r"(?<![\w+-])(?:\+|0)[\d ()/.-]{6,}\d(?![\w-])")


def mask_contacts(line: str) -> str:
    """``line`` with every e-mail address and phone number masked, character for character.

    Why: a source excerpt under a diagnostic would otherwise repeat contact data that the
    messages themselves never repeat. The length stays, so the caret stays under its column.
    """

    def dots(match: re.Match[str]) -> str:
        value = match.group(0)
        if match.re is _PHONE and sum(char.isdigit() for char in value) < 8:
            return value
        return "".join("•" if not char.isspace() else char for char in value)

    return _PHONE.sub(dots, _EMAIL.sub(dots, line))


def _human(diagnostic: Diagnostic, source: SourceMap | None) -> Text:
    from rich.text import Text

    style = diagnostic.severity.value
    loc = diagnostic.location
    text = Text.assemble((f"{diagnostic.severity.value}[{diagnostic.code}]", style), ": ")
    text.append(diagnostic.message, "heading")
    text.append("\n")
    line_text = source.line_text(loc.line) if source and loc.line else None
    gutter = len(str(loc.line)) if loc.line else 1
    pad = " " * gutter
    text.append(f"{pad}--> ", "muted")
    text.append(str(loc), "path")
    text.append("\n")
    if line_text is not None and loc.line is not None:
        shown = mask_contacts(line_text.replace("\t", " ").rstrip())
        column = max(1, loc.column or 1)
        span = max(1, min(loc.span, len(shown) - column + 1)) if len(shown) >= column else 1
        text.append(f"{pad} |\n", "muted")
        text.append(f"{loc.line} | ", "muted")
        text.append(shown)
        text.append("\n")
        text.append(f"{pad} | ", "muted")
        text.append(" " * (column - 1) + "^" * span, style)
        text.append("\n")
    for note in diagnostic.notes:
        text.append(f"{pad} = ", "muted")
        text.append("note: ", "heading")
        text.append(note)
        text.append("\n")
    if diagnostic.hint:
        text.append(f"{pad} = ", "muted")
        text.append("help: ", "heading")
        text.append(diagnostic.hint)
        text.append("\n")
    return text


@contextlib.contextmanager
def progress_steps() -> Iterator[Callable[[str], None]]:
    """A spinner on stderr that shows each step of a long command (nothing when piped).

    It moves with each step and not on a timer: a refreshing thread would be copied, half-way
    through its work, into every process a build forks to render documents.
    """
    from rich.progress import Progress, SpinnerColumn, TextColumn

    err = get_err()
    columns = (SpinnerColumn(), TextColumn("{task.description}"))
    shown = Progress(
        *columns, console=err, transient=True, disable=not err.is_terminal, auto_refresh=False
    )
    with shown as progress:
        task = progress.add_task("checking", total=None)
        progress.refresh()
        yield lambda text: progress.update(task, description=text, refresh=True)


def summarise(diagnostics: Sequence[Diagnostic], files: int) -> Text:
    """``2 errors, 1 warning in 3 files`` or ``All checks passed for 3 files``."""
    from rich.text import Text

    errors, warnings = count(diagnostics)
    noun = "file" if files == 1 else "files"
    if not errors and not warnings:
        return Text.assemble(("✓ ", "ok"), f"no problems in {files} {noun}")
    parts = []
    if errors:
        parts.append((f"{errors} error{'s' if errors != 1 else ''}", "error"))
    if warnings:
        parts.append((f"{warnings} warning{'s' if warnings != 1 else ''}", "warning"))
    text = Text()
    for index, part in enumerate(parts):
        if index:
            text.append(", ")
        text.append(*part)
    text.append(f" in {files} {noun}")
    return text
