"""Commands that read and check the plan: ``check``, ``show`` and ``schema``."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.text import Text

from facilitation.cli.console import err, out, print_diagnostics, render_agenda, summarise
from facilitation.cli.shared import EXIT_PROBLEMS, PathsArgument, fail, user_errors
from facilitation.errors import UserError


class Format(StrEnum):
    """How ``check`` prints problems."""

    human = "human"
    concise = "concise"
    json = "json"


class SchemaKind(StrEnum):
    """Which file the schema describes."""

    workshop = "workshop"
    programme = "programme"
    outcomes = "outcomes"
    agreement = "agreement"


def check(
    paths: PathsArgument,
    output_format: Annotated[
        Format, typer.Option("--format", "-f", help="human, concise (one line each) or json.")
    ] = Format.human,
    strict: Annotated[bool, typer.Option(help="Treat warnings as errors.")] = False,
) -> None:
    """Check workshop files: structure, timing, references and balance; every problem at once."""
    from facilitation.checking.analyse import analyse_paths

    with user_errors():
        report = analyse_paths(paths)
    print_diagnostics(report.diagnostics, report.sources, output_format.value)
    if output_format is not Format.json:
        err.print(summarise(report.diagnostics, report.files))
    if report.failed(strict):
        raise typer.Exit(EXIT_PROBLEMS)


def show(
    path: Annotated[Path, typer.Argument(help="A workshop file.", show_default=False)],
) -> None:
    """Print the timed agenda: a table per day with times, kinds, leads, methods and totals."""
    from facilitation.checking.analyse import analyse_paths

    with user_errors():
        if path.is_dir():
            raise UserError(f"{path} is a folder; show takes one workshop file")
        report = analyse_paths([path])
    if not report.analyses:
        fail(f"{path} is not a workshop file", "show takes a file with a top-level `workshop:`")
    analysis = report.analyses[0]
    print_diagnostics(report.diagnostics, report.sources)
    if analysis.workshop is not None and analysis.schedule is not None:
        # NOTE: a plan with errors is still shown, marked where it breaks: the table is what a
        # facilitator needs to see to fix an overrun or a passed fixed start.
        out.print(render_agenda(analysis.workshop, analysis.schedule))
    if analysis.workshop is None or analysis.schedule is None or analysis.has_errors:
        err.print(summarise(report.diagnostics, 1))
        raise typer.Exit(EXIT_PROBLEMS)


def schema(
    kind: Annotated[
        SchemaKind,
        typer.Option(
            "--kind", "-k", help="Which file: workshop, programme, outcomes or agreement."
        ),
    ] = SchemaKind.workshop,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write every schema into this folder instead."),
    ] = None,
) -> None:
    """Print the JSON Schema of the files, for completion and checks in editors."""
    from facilitation.fileio import atomic_write
    from facilitation.model.json_schema import make_schemas

    documents = make_schemas()
    if output is None:
        out.print_json(json.dumps(documents[kind.value], ensure_ascii=False))
        return
    with user_errors():
        for name, document in documents.items():
            target = output / f"{name}.schema.json"
            text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
            atomic_write(target, text.encode("utf-8"))
            err.print(Text.assemble("wrote ", (str(target), "path")))
