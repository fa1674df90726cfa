"""The ``site`` command: the participants' web agenda and, for the team, the dashboard."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from facilitation.cli.shared import (
    PathsArgument,
    TemplatesOption,
    parse_date_option,
    user_errors,
)

if TYPE_CHECKING:
    from rich.text import Text

    from facilitation.documents.build import BuildResult


def site(
    paths: PathsArgument,
    output: Annotated[
        Path,
        typer.Option("--output", "-o", help="Folder for the site; open its index.html."),
    ] = Path("site"),
    internal: Annotated[
        bool,
        typer.Option(
            "--internal",
            help="Also write the programme dashboard (dashboard.html), for the team only.",
        ),
    ] = False,
    as_of: Annotated[
        str,
        typer.Option(
            "--as-of",
            help="The dashboard's date: actions are overdue as of it, e.g. 2026-11-27 "
            "(default: today).",
        ),
    ] = "",
    templates: TemplatesOption = None,
    force: Annotated[
        bool,
        typer.Option("--force", help="Replace or remove pages even when they were changed."),
    ] = False,
) -> None:
    """Write a static web site: each workshop's agenda for phones, in every language."""
    from facilitation.cli.documents import report_build, report_partial
    from facilitation.cli.terminal import progress_steps
    from facilitation.documents.output import PartialWrite
    from facilitation.documents.site.build import build_site

    day = parse_date_option(as_of)
    with user_errors(), progress_steps() as step:
        try:
            result = build_site(
                paths, output, internal=internal, as_of=day, templates=templates, force=force,
                step=step,
            )  # fmt: skip
        except PartialWrite as stopped:
            report_partial(stopped)
    report_build(result, _written(result, output))


def _written(result: BuildResult, output: Path) -> Text:
    """What was written, and how to open it."""
    from rich.text import Text

    from facilitation.errors import display_path

    pages = sum(1 for item in result.written if item.path.suffix == ".html")
    return Text.assemble(
        f"wrote {len(result.written)} files ({pages} pages) into ",
        (display_path(output) + "/", "path"),
        "; open ",
        (display_path(output / "index.html"), "path"),
    )
