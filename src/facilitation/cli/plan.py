"""Commands that read and check the plan: ``check``, ``show``, ``compass`` and ``schema``."""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from facilitation.cli.shared import EXIT_PROBLEMS, PathsArgument, fail, user_errors
from facilitation.cli.terminal import print_diagnostics, summarise
from facilitation.errors import UserError

if TYPE_CHECKING:
    from facilitation.checking.cache import CheckResult
    from facilitation.cli.console import AssessmentRow
    from facilitation.model.loaded import Workshop


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
    no_cache: Annotated[
        bool,
        typer.Option(
            "--no-cache",
            help="Check again even when nothing changed since the last check "
            "(also: FACILITATION_NO_CACHE=1).",
        ),
    ] = False,
) -> None:
    """Check workshop files: structure, timing, references and balance; every problem at once."""
    from facilitation.checking.cache import CheckResult, check_with_cache

    def analyse() -> CheckResult:
        # NOTE: imported here, on a miss only: an answer from the cache loads no model.
        from facilitation.checking.analyse import analyse_paths

        return CheckResult.of_report(analyse_paths(paths))

    with user_errors():
        result = check_with_cache(paths, analyse, enabled=not no_cache)
    _print_check(result, output_format)
    if result.has_failed(strict):
        raise typer.Exit(EXIT_PROBLEMS)


def _print_check(result: CheckResult, output_format: Format) -> None:
    from facilitation.cli.terminal import err

    print_diagnostics(result.diagnostics, result.sources, output_format.value)
    if output_format is not Format.json:
        err.print(summarise(result.diagnostics, result.files))


def answer_check_from_cache(arguments: Sequence[str]) -> int | None:
    """The exit code of ``check`` run with ``arguments``, when its cache answers; else ``None``.

    Why before typer: this typer builds a pydantic ``TypeAdapter`` for every parameter that is
    not a flag, which alone costs most of what an answer from the cache may take. So the
    console script reads the common forms of a ``check`` command line itself (paths,
    ``--format``/``-f``, ``--strict``) and, when the cache has the answer, prints it exactly as
    :func:`check` would. Anything else (``--help``, ``--no-cache``, an unknown or malformed
    option) returns ``None``, and typer reads the command line as usual; so does a miss, and
    :func:`check` then checks.
    """
    parsed = _read_check_arguments(arguments)
    if parsed is None:
        return None
    from facilitation.checking.cache import cached_result

    paths, output_format, strict = parsed
    result = cached_result(paths)
    if result is None:
        return None
    _print_check(result, output_format)
    return EXIT_PROBLEMS if result.has_failed(strict) else 0


def _read_check_arguments(arguments: Sequence[str]) -> tuple[list[Path], Format, bool] | None:
    """Paths, format and ``--strict`` of a plain ``check`` command line; ``None`` for others."""
    # NOTE: click expands wildcards in the arguments on Windows; leave that to it there.
    if not arguments or arguments[0] != "check" or sys.platform == "win32":
        return None
    paths: list[Path] = []
    output_format, strict, only_paths = Format.human, False, False
    rest = iter(arguments[1:])
    for argument in rest:
        if only_paths or not argument.startswith("-"):
            paths.append(Path(argument))
        elif argument == "--":
            only_paths = True
        elif argument in ("--strict", "--no-strict"):
            strict = argument == "--strict"
        elif argument in ("--format", "-f") or argument.startswith("--format="):
            value = argument.partition("=")[2] if "=" in argument else next(rest, None)
            if value is None or value not in Format.__members__:
                return None
            output_format = Format(value)
        else:
            return None
    return (paths, output_format, strict) if paths else None


def show(
    path: Annotated[Path, typer.Argument(help="A workshop file.", show_default=False)],
    compass: Annotated[
        bool,
        typer.Option(
            "--compass", help="Draw the Compass balance: work time per dimension and DCM phase."
        ),
    ] = False,
) -> None:
    """Print the timed agenda: a table per day with times, kinds, leads, methods and totals.

    With --compass, draw the Compass balance instead: the work time per dimension and DCM phase.
    """
    from facilitation.checking.analyse import analyse_paths
    from facilitation.cli.console import render_agenda, render_compass
    from facilitation.cli.terminal import err, out

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
        shown = render_compass if compass else render_agenda
        out.print(shown(analysis.workshop, analysis.schedule))
    if analysis.workshop is None or analysis.schedule is None or analysis.has_errors:
        err.print(summarise(report.diagnostics, 1))
        raise typer.Exit(EXIT_PROBLEMS)


def compass(
    paths: PathsArgument,
) -> None:
    """Print the Compass balance of each workshop side by side, and any self-assessments."""
    from facilitation.checking.analyse import analyse_paths
    from facilitation.cli.console import render_assessment_rows, render_compass_overview
    from facilitation.cli.terminal import err, out

    with user_errors():
        report = analyse_paths(paths)
    items = [
        (analysis.workshop, analysis.schedule)
        for analysis in report.analyses
        if analysis.workshop is not None and analysis.schedule is not None
    ]
    problems = [d for d in report.diagnostics if d.is_error]
    print_diagnostics(problems, report.sources)
    if not items:
        fail("no workshop to show", "name workshop files, or a folder that holds them")
    out.print(render_compass_overview(items))
    rows = assessment_rows([workshop for workshop, _ in items])
    if rows:
        from facilitation.model.assessment import MIN_GROUP

        out.print()
        out.print(render_assessment_rows(rows, MIN_GROUP, "1–5"))
    if problems:
        err.print(summarise(problems, report.files))
        raise typer.Exit(EXIT_PROBLEMS)


def assessment_rows(workshops: list[Workshop]) -> list[AssessmentRow]:
    """The self-assessment of ``workshops`` per workshop, country and region, for the terminal.

    The numbers come from :func:`facilitation.documents.views.assessment.group_assessments`
    (the same as the documents'), put on the scale 1–5.
    """
    if not any(workshop.assessment is not None for workshop in workshops):
        return []
    from facilitation.documents.views.assessment import group_assessments

    rows: list[AssessmentRow] = []
    for group in group_assessments(workshops):
        label = {"workshop": group.key, "country": f"country {group.key}", "region": "region"}
        summary = group.summary
        means = {stats.id: stats.mean for stats in summary.dimensions}
        rows.append(
            (f"{label[group.kind]} · {group.when}", summary.respondents, summary.shown, means)
        )
    return rows


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
    from rich.text import Text

    from facilitation.cli.terminal import err, out
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
