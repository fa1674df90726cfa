"""Commands that write documents: ``build``, ``synthesis``, ``actions`` and ``templates copy``."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from facilitation.cli.shared import (
    EXIT_INTERRUPTED,
    EXIT_PROBLEMS,
    EXIT_USAGE,
    AsOfOption,
    JobsOption,
    LanguageOption,
    PathsArgument,
    TemplatesOption,
    parse_date_option,
    user_errors,
)
from facilitation.cli.terminal import print_diagnostics, summarise
from facilitation.documents.registry import DOCUMENT_NAMES
from facilitation.errors import dedupe, display_path

if TYPE_CHECKING:
    from rich.text import Text

    from facilitation.documents.build import BuildResult
    from facilitation.documents.output import BuiltFile, PartialWrite, RemovedFile


OnlyOption = Annotated[
    list[str] | None,
    typer.Option(
        "--only",
        help="Build only these documents, e.g. --only agenda,sign-in "
        f"({', '.join(DOCUMENT_NAMES)}).",
    ),
]


def build(
    paths: PathsArgument,
    output: Annotated[
        Path,
        typer.Option(
            "--output", "-o", help="Folder for the documents; one subfolder per workshop."
        ),
    ] = Path("out"),
    only: OnlyOption = None,
    pdf: Annotated[
        bool, typer.Option("--pdf", help="Also convert each Word file to PDF (LibreOffice).")
    ] = False,
    templates: TemplatesOption = None,
    shared: Annotated[
        bool, typer.Option("--shared", help="Leave every contact detail out, for circulation.")
    ] = False,
    strict: Annotated[bool, typer.Option(help="Treat warnings as errors.")] = False,
    force: Annotated[
        bool,
        typer.Option(
            "--force",
            help="Replace or remove documents even when they were changed since the last build.",
        ),
    ] = False,
    language: LanguageOption = None,
    as_of: AsOfOption = "",
    jobs: JobsOption = None,
) -> None:
    """Build every document of each workshop: agenda, run sheet, participants, sign-in sheets."""
    from facilitation.cli.terminal import progress_steps
    from facilitation.documents.build import build as build_documents
    from facilitation.documents.output import PartialWrite
    from facilitation.documents.workers import available_cores

    day = parse_date_option(as_of)
    with user_errors(), progress_steps() as step:
        try:
            result = build_documents(
                paths,
                output,
                only=only,
                pdf=pdf,
                templates=templates,
                shared=shared,
                strict=strict,
                force=force,
                step=step,
                languages=language or (),
                as_of=day,
                workers=jobs or available_cores(),
            )
        except PartialWrite as stopped:
            report_partial(stopped)
    report_build(result)


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
    report_build(result)


def actions(
    paths: PathsArgument,
    output: Annotated[
        Path, typer.Option("--output", "-o", help="A .xlsx or .csv file to write.")
    ] = Path("actions.xlsx"),
    as_of: AsOfOption = "",
) -> None:
    """Export every action item of the workshops to a spreadsheet (Excel or CSV)."""
    from rich.text import Text

    from facilitation.cli.terminal import err
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
    from rich.text import Text

    from facilitation.cli.terminal import err, out
    from facilitation.documents.templates import copy_templates

    with user_errors():
        written = copy_templates(folder, force=force)
    for path in written:
        out.print(Text.assemble("wrote ", (str(path), "path")))
    err.print(f"use them with: facilitation build FILE --templates {folder}")


def report_build(result: BuildResult, summary: Text | None = None) -> None:
    """Print a build's problems, what it wrote and what it skipped; exit 1 when it skipped any.

    ``summary`` says what was written (default: the documents, by :func:`summarise_written`).
    """
    from rich.text import Text

    from facilitation.cli.terminal import err, out

    report = result.report
    # NOTE: a template shared by several workshops warns once, not once per workshop.
    problems = dedupe([*report.diagnostics, *result.problems])
    print_diagnostics(problems, report.sources)
    for kept in result.kept:
        err.print(
            Text.assemble(
                ("error", "error"),
                ": ",
                (display_path(kept.path), "path"),
                f" {kept.reason}; it was kept, and nothing was written into "
                f"{display_path(kept.path.parent)}/",
            ),
            soft_wrap=True,
        )
    if result.kept:
        err.print(
            Text.assemble(
                ("  = ", "muted"),
                ("help: ", "heading"),
                "save your changes elsewhere (or in the input files), then build again with "
                "--force to replace them",
            ),
            soft_wrap=True,
        )
    if result.written:
        out.print(summary or summarise_written(result.written), soft_wrap=True)
    _print_removed(result.removed)
    for skipped in result.skipped:
        err.print(
            Text.assemble(("not built: ", "error"), skipped, " (see the problems above)"),
            soft_wrap=True,
        )
    if problems or not result.kept:
        err.print(summarise(problems, report.files), soft_wrap=True)
    else:
        count = len(result.kept)
        err.print(Text.assemble((f"{count} file{'s' if count != 1 else ''} kept", "error")))
    if result.failed:
        raise typer.Exit(EXIT_PROBLEMS)


def summarise_written(written: Sequence[BuiltFile]) -> Text:
    """What a build wrote, in a few lines: the folder, the documents, those only you can read.

    Why: a table per workshop made fourteen tables for a programme of fourteen workshops; the
    documents are the same in every folder, so they are counted once.
    """
    from rich.text import Text

    from facilitation.catalogue.locales import LOCALES

    # NOTE: a language's documents go into a subfolder of their workshop's (OUT/<id>/de/).
    parents = dict.fromkeys(item.path.parent for item in written)
    folders = list(dict.fromkeys(f.parent if f.name in LOCALES else f for f in parents))
    common = Path(os.path.commonpath(folders)) if len(folders) > 1 else folders[0]
    count = len(written)
    text = Text.assemble(
        f"wrote {count} document{'s' if count != 1 else ''} into ",
        (display_path(common) + "/", "path"),
    )
    if len(folders) > 1:
        text.append(f", one folder for each of {len(folders)} workshops or agreements")
    names: dict[str, int] = {}
    for item in written:
        names[item.path.name] = names.get(item.path.name, 0) + 1
    listed = (name if number == 1 else f"{name} ×{number}" for name, number in names.items())
    text.append("\n  ")
    text.append(", ".join(listed), "path")
    private = list(dict.fromkeys(item.path.name for item in written if item.private))
    if private:
        text.append("\n  only you can read ", "muted")
        text.append(", ".join(private), "path")
        text.append(" (they hold contact details)", "muted")
    return text


def _print_removed(removed: Sequence[RemovedFile]) -> None:
    from rich.text import Text

    from facilitation.cli.terminal import out

    for item in removed:
        out.print(
            Text.assemble("removed ", (display_path(item.path), "path"), f" (it {item.reason})"),
            soft_wrap=True,
        )


def report_partial(stopped: PartialWrite) -> NoReturn:
    """Say what an interrupted or failed build wrote and removed before it stopped."""
    from rich.text import Text

    from facilitation.cli.console import render_written
    from facilitation.cli.terminal import err, out

    if stopped.written:
        out.print(render_written(stopped.written))
    _print_removed(stopped.removed)
    count = len(stopped.written)
    done = f"{count} file{'s' if count != 1 else ''} written"
    if stopped.removed:
        done += f" and {len(stopped.removed)} removed"
    if stopped.interrupted:
        text = Text.assemble(
            ("interrupted", "warning"), f": {done} (listed above); the other documents were not"
        )
    else:
        text = Text.assemble(
            ("error", "error"), f": {stopped.message}; {done} before it stopped (listed above)"
        )
    if stopped.hint:
        text.append("\n  = ", "muted")
        text.append("help: ", "heading")
        text.append(stopped.hint)
    err.print(text, soft_wrap=True)
    raise typer.Exit(EXIT_INTERRUPTED if stopped.interrupted else EXIT_USAGE)
