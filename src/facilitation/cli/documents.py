"""Commands that write documents: ``build``, ``synthesis``, ``actions`` and ``templates copy``."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.text import Text

from facilitation.cli.console import err, out, print_diagnostics, summarise
from facilitation.cli.shared import (
    EXIT_PROBLEMS,
    AsOfOption,
    PathsArgument,
    TemplatesOption,
    parse_date_option,
    user_errors,
)
from facilitation.documents.registry import DOCUMENT_NAMES
from facilitation.errors import display_path

if TYPE_CHECKING:
    from facilitation.documents.build import BuildResult


def build(
    paths: PathsArgument,
    output: Annotated[
        Path,
        typer.Option(
            "--output", "-o", help="Folder for the documents; one subfolder per workshop."
        ),
    ] = Path("out"),
    only: Annotated[
        list[str] | None,
        typer.Option(
            "--only",
            help="Build only these documents, e.g. --only agenda,sign-in "
            f"({', '.join(DOCUMENT_NAMES)}).",
        ),
    ] = None,
    pdf: Annotated[
        bool, typer.Option("--pdf", help="Also convert each Word file to PDF (LibreOffice).")
    ] = False,
    templates: TemplatesOption = None,
    shared: Annotated[
        bool, typer.Option("--shared", help="Leave every contact detail out, for circulation.")
    ] = False,
    strict: Annotated[bool, typer.Option(help="Treat warnings as errors.")] = False,
) -> None:
    """Build every document of each workshop: agenda, run sheet, participants, sign-in sheets."""
    from facilitation.cli.console import progress_steps
    from facilitation.documents.build import build as build_documents

    with user_errors(), progress_steps() as step:
        result = build_documents(
            paths,
            output,
            only=only,
            pdf=pdf,
            templates=templates,
            shared=shared,
            strict=strict,
            step=step,
        )
    _report(result)


def synthesis(
    paths: PathsArgument,
    output: Annotated[
        Path, typer.Option("--output", "-o", help="Folder for synthesis.docx.")
    ] = Path("out"),
    as_of: AsOfOption = "",
    pdf: Annotated[bool, typer.Option("--pdf", help="Also write a PDF (LibreOffice).")] = False,
    templates: TemplatesOption = None,
) -> None:
    """Write the regional synthesis of many workshops' outcomes: activities, joint actions, plan."""
    from facilitation.documents.build import build_synthesis

    day = parse_date_option(as_of)
    with user_errors():
        result = build_synthesis(paths, output, as_of=day, pdf=pdf, templates=templates)
    _report(result)


def actions(
    paths: PathsArgument,
    output: Annotated[
        Path, typer.Option("--output", "-o", help="A .xlsx or .csv file to write.")
    ] = Path("actions.xlsx"),
    as_of: AsOfOption = "",
) -> None:
    """Export every action item of the workshops to a spreadsheet (Excel or CSV)."""
    from facilitation.documents.actions import export_actions

    day = parse_date_option(as_of)
    with user_errors():
        report, count = export_actions(paths, output, day)
    print_diagnostics(report.diagnostics, report.sources)
    if report.errors:
        err.print(summarise(report.diagnostics, report.files))
        raise typer.Exit(EXIT_PROBLEMS)
    err.print(
        Text.assemble(("✓ ", "ok"), f"wrote {count} action(s) to ", (display_path(output), "path"))
    )


def templates_copy(
    folder: Annotated[
        Path, typer.Argument(help="Folder to copy the templates into.", show_default=False)
    ],
    force: Annotated[bool, typer.Option(help="Overwrite templates already in the folder.")] = False,
) -> None:
    """Copy the default templates out, to restyle in Word and use with --templates."""
    from facilitation.documents.templates import copy_templates

    with user_errors():
        written = copy_templates(folder, force=force)
    for path in written:
        out.print(Text.assemble("wrote ", (str(path), "path")))
    err.print(f"use them with: facilitation build FILE --templates {folder}")


def _report(result: BuildResult) -> None:
    """Print a build's problems, what it wrote and what it skipped; exit 1 when it skipped any."""
    from facilitation.cli.console import render_written

    report = result.report
    problems = [*report.diagnostics, *result.problems]
    print_diagnostics(problems, report.sources)
    if result.written:
        out.print(render_written(result.written))
    for skipped in result.skipped:
        err.print(Text.assemble(("not built: ", "error"), skipped, " (see the problems above)"))
    err.print(summarise(problems, report.files))
    if result.failed:
        raise typer.Exit(EXIT_PROBLEMS)
