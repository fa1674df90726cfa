"""``facilitation run FILE``: the live console for the day of a workshop.

The console shows the running session and its countdown, what comes next with re-timed starts,
the fixed starts with the slack left before each, and the day as planned against actual. Each key
adds an event (:mod:`facilitation.checking.live`), which is written at once into the workshop's
outcome file (:mod:`facilitation.editing.actuals`); started again, the console reads them back and
resumes where it was.

Three views: the full-screen console (Textual), ``--projector`` (the title, the countdown and
what comes next, large, for the room) and ``--plain`` (one screen of text and one-letter commands
typed with Enter: an 80×24 terminal over SSH, or no Textual). Textual is imported only when the
console starts, so the other commands start fast.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from facilitation.cli.shared import user_errors


def run(
    path: Annotated[Path, typer.Argument(help="The workshop file.", show_default=False)],
    day: Annotated[
        int | None,
        typer.Option(
            "--day", min=1, help="The day to run, from 1 (default: today's, else the first)."
        ),
    ] = None,
    projector: Annotated[
        bool, typer.Option("--projector", help="Large view for the room: title, countdown, next.")
    ] = False,
    plain: Annotated[
        bool, typer.Option("--plain", help="One screen of text and one-letter commands (80×24).")
    ] = False,
    clock: Annotated[
        str | None,
        typer.Option(
            "--clock",
            metavar="HH:MM",
            help="Start a simulated clock at HH:MM (HH:MM*N runs N times faster), for rehearsal.",
        ),
    ] = None,
) -> None:
    """Run the day live: countdown, re-timed agenda, and what really happened, recorded."""
    from facilitation.cli.live_console import make_clock, open_console, run_plain

    with user_errors():
        console = open_console(path, day, make_clock(clock))
        if plain:
            run_plain(console, sys.stdin, sys.stdout)
            return
        try:
            from facilitation.cli.live_screen import LiveApp
        except ImportError:  # pragma: no cover - textual is a dependency
            run_plain(console, sys.stdin, sys.stdout)
            return
        LiveApp(console, projector=projector).run()
