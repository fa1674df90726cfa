"""The ``facilitation`` command: options in, one stage call, output out.

Heavy libraries (python-docx, docxtpl, lxml, openpyxl) are imported inside the commands that need
them, so ``check`` and ``show`` start fast.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from enum import StrEnum
from pathlib import Path
from typing import Annotated, NoReturn

import typer
from rich.text import Text

from facilitation import __version__
from facilitation.console import agenda_tables, err, out, print_diagnostics, summary
from facilitation.errors import FacilitationError, InputError, UserError

app = typer.Typer(
    name="facilitation",
    help="Plan, check and document Dialogic Change Model workshops from one YAML file.",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
    add_completion=False,
    rich_markup_mode=None,
)

#: Exit codes: 0 ok, 1 the input has problems, 2 usage or environment, 130 interrupted.
EXIT_PROBLEMS, EXIT_USAGE, EXIT_INTERRUPTED = 1, 2, 130


class Format(StrEnum):
    """How ``check`` prints problems."""

    human = "human"
    concise = "concise"
    json = "json"


class SchemaKind(StrEnum):
    """Which file the schema describes."""

    workshop = "workshop"
    programme = "programme"


def _version(value: bool) -> None:
    if value:
        out.print(f"facilitation {__version__}")
        raise typer.Exit


@app.callback()
def _main(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    """Plan, check and document Dialogic Change Model workshops from one YAML file."""


@contextlib.contextmanager
def _user_errors() -> Iterator[None]:
    """Turn our errors into messages and exit codes; anything else is a bug and shows a trace."""
    try:
        yield
    except InputError as error:
        print_diagnostics(error.diagnostics, {})
        raise typer.Exit(EXIT_PROBLEMS) from None
    except UserError as error:
        _fail(error.message, error.hint)
    except FacilitationError as error:  # pragma: no cover - every raise site uses a subclass
        _fail(str(error))
    except KeyboardInterrupt:
        err.print("interrupted; nothing was written", style="warning")
        raise typer.Exit(EXIT_INTERRUPTED) from None


def _fail(message: str, hint: str | None = None) -> NoReturn:
    text = Text.assemble(("error", "error"), ": ", message)
    if hint:
        text.append("\n  = ", "muted")
        text.append("help: ", "heading")
        text.append(hint)
    err.print(text)
    raise typer.Exit(EXIT_USAGE)


PathsArgument = Annotated[
    list[Path],
    typer.Argument(help="Workshop files, or folders to search for them.", show_default=False),
]


@app.command()
def check(
    paths: PathsArgument,
    output_format: Annotated[
        Format, typer.Option("--format", "-f", help="human, concise (one line each) or json.")
    ] = Format.human,
    strict: Annotated[bool, typer.Option(help="Treat warnings as errors.")] = False,
) -> None:
    """Check workshop files: structure, timing, references and balance; every problem at once."""
    from facilitation.project import analyse_paths

    with _user_errors():
        report = analyse_paths(paths)
    print_diagnostics(report.diagnostics, report.sources, output_format.value)
    if output_format is not Format.json:
        err.print(summary(report.diagnostics, len(report.analyses)))
    if report.failed(strict):
        raise typer.Exit(EXIT_PROBLEMS)


@app.command()
def show(
    path: Annotated[Path, typer.Argument(help="A workshop file.", show_default=False)],
) -> None:
    """Print the timed agenda: a table per day with times, kinds, leads, methods and totals."""
    from facilitation.project import analyse_paths

    with _user_errors():
        if path.is_dir():
            raise UserError(f"{path} is a folder; show takes one workshop file")
        report = analyse_paths([path])
    analysis = report.analyses[0]
    print_diagnostics(report.diagnostics, report.sources)
    if analysis.workshop is None or analysis.schedule is None or analysis.has_errors:
        err.print(summary(report.diagnostics, 1))
        raise typer.Exit(EXIT_PROBLEMS)
    workshop = analysis.workshop
    team = {member.id: member.name for member in workshop.programme.team}
    title = f"{workshop.info.title} · {workshop.info.venue or ''}".rstrip(" ·")
    themes = [day.theme for day in workshop.days]
    out.print(agenda_tables(title, analysis.schedule, themes, team))


@app.command()
def schema(
    kind: Annotated[
        SchemaKind, typer.Option("--kind", "-k", help="Which file: workshop or programme.")
    ] = SchemaKind.workshop,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write every schema into this folder instead."),
    ] = None,
) -> None:
    """Print the JSON Schema of the files, for completion and checks in editors."""
    from facilitation.fileio import atomic_write
    from facilitation.schema import schemas

    documents = schemas()
    if output is None:
        out.print_json(json.dumps(documents[kind.value], ensure_ascii=False))
        return
    with _user_errors():
        for name, document in documents.items():
            target = output / f"{name}.schema.json"
            text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
            atomic_write(target, text.encode("utf-8"))
            err.print(Text.assemble("wrote ", (str(target), "path")))


@app.command()
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
            "(agenda, run-sheet, participants, participants-shared, sign-in, agenda-md, calendar).",
        ),
    ] = None,
    pdf: Annotated[
        bool, typer.Option("--pdf", help="Also convert each Word file to PDF (LibreOffice).")
    ] = False,
    templates: Annotated[
        Path | None, typer.Option("--templates", help="Use your own templates from this folder.")
    ] = None,
    shared: Annotated[
        bool, typer.Option("--shared", help="Leave every contact detail out, for circulation.")
    ] = False,
    strict: Annotated[bool, typer.Option(help="Treat warnings as errors.")] = False,
) -> None:
    """Build every document of each workshop: agenda, run sheet, participants, sign-in sheets."""
    from rich.progress import Progress, SpinnerColumn, TextColumn

    from facilitation.building import build as build_documents
    from facilitation.console import written_table

    with (
        _user_errors(),
        Progress(
            SpinnerColumn(),
            TextColumn("{task.description}"),
            console=err,
            transient=True,
            disable=not err.is_terminal,
        ) as progress,
    ):
        task = progress.add_task("checking", total=None)
        result = build_documents(
            paths,
            output,
            only=only,
            pdf=pdf,
            templates=templates,
            shared=shared,
            strict=strict,
            step=lambda text: progress.update(task, description=text),
        )
    report = result.report
    print_diagnostics([*report.diagnostics, *result.problems], report.sources)
    if result.written:
        out.print(written_table(result.written))
    for skipped in result.skipped:
        err.print(Text.assemble(("not built: ", "error"), skipped, " (see the problems above)"))
    err.print(summary([*report.diagnostics, *result.problems], len(report.analyses)))
    if result.failed:
        raise typer.Exit(EXIT_PROBLEMS)


templates_app = typer.Typer(help="Work with the document templates.", no_args_is_help=True)
app.add_typer(templates_app, name="templates")


@templates_app.command("copy")
def templates_copy(
    folder: Annotated[
        Path, typer.Argument(help="Folder to copy the templates into.", show_default=False)
    ],
    force: Annotated[bool, typer.Option(help="Overwrite templates already in the folder.")] = False,
) -> None:
    """Copy the default templates out, to restyle in Word and use with --templates."""
    from facilitation.rendering.templates import copy_templates

    with _user_errors():
        written = copy_templates(folder, force=force)
    for path in written:
        out.print(Text.assemble("wrote ", (str(path), "path")))
    err.print(f"use them with: facilitation build FILE --templates {folder}")


def main() -> None:
    """Entry point of the console script."""
    app()
