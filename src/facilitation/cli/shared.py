"""What every command shares: exit codes, error handling, common arguments and options."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, NoReturn

import typer

from facilitation.cli.terminal import get_err, print_diagnostics
from facilitation.errors import FacilitationError, InputError, UserError

#: Exit codes: 0 ok, 1 the input has problems, 2 usage or environment, 130 interrupted.
EXIT_PROBLEMS, EXIT_USAGE, EXIT_INTERRUPTED = 1, 2, 130


@contextlib.contextmanager
def user_errors() -> Iterator[None]:
    """Turn our errors into messages and exit codes; anything else is a bug and shows a trace."""
    try:
        yield
    except InputError as error:
        print_diagnostics(error.diagnostics, {})
        raise typer.Exit(EXIT_PROBLEMS) from None
    except UserError as error:
        fail(error.message, error.hint)
    except FacilitationError as error:  # pragma: no cover - every raise site uses a subclass
        fail(str(error))
    except KeyboardInterrupt:
        get_err().print("interrupted; nothing was written", style="warning")
        raise typer.Exit(EXIT_INTERRUPTED) from None


def fail(message: str, hint: str | None = None) -> NoReturn:
    """Print a usage or environment error and exit with code 2."""
    from rich.text import Text

    text = Text.assemble(("error", "error"), ": ", message)
    if hint:
        text.append("\n  = ", "muted")
        text.append("help: ", "heading")
        text.append(hint)
    get_err().print(text, soft_wrap=True)
    raise typer.Exit(EXIT_USAGE)


def is_terminal() -> bool:
    """True when a person can answer questions (both ends are a terminal)."""
    import sys

    return sys.stdin.isatty() and sys.stdout.isatty()


def parse_date_option(value: str) -> dt.date | None:
    """A ``--as-of`` date (``None`` when not given: the document picks its date, never today)."""
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date like 2026-11-27") from None


InteractiveOption = Annotated[
    bool | None,
    typer.Option(
        "--interactive/--no-interactive",
        help="Ask for what is missing (default: when the terminal is interactive).",
    ),
]

PathsArgument = Annotated[
    list[Path],
    typer.Argument(help="Workshop files, or folders to search for them.", show_default=False),
]

TemplatesOption = Annotated[
    Path | None, typer.Option("--templates", help="Use your own templates from this folder.")
]

JobsOption = Annotated[
    int | None,
    typer.Option(
        "--jobs",
        "-j",
        min=1,
        metavar="N",
        help="How many documents to render at once (default: one per core).",
        show_default=False,
    ),
]

LanguageOption = Annotated[
    list[str] | None,
    typer.Option(
        "--language",
        "-l",
        help="Also build every document in this language, into OUT/<id>/<language>/ "
        "(en, de, it, fr, sr-Latn, sr-Cyrl, bs, hr, cnr, sq, mk); repeat for more.",
    ),
]

AsOfOption = Annotated[
    str,
    typer.Option(
        "--as-of",
        help="Judge actions done or overdue as of this date, e.g. 2026-11-27 (default: the date "
        "the outcomes were reported, else the workshop's last day).",
    ),
]
