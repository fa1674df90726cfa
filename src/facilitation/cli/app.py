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
from typing import Annotated, Any, NoReturn

import typer
from rich.text import Text

from facilitation import __version__, codes
from facilitation.cli.console import agenda_tables, err, out, print_diagnostics, summary
from facilitation.errors import (
    Diagnostic,
    FacilitationError,
    InputError,
    Location,
    UserError,
    display_path,
)

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
    outcomes = "outcomes"
    agreement = "agreement"


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
    err.print(text, soft_wrap=True)
    raise typer.Exit(EXIT_USAGE)


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


@app.command()
def check(
    paths: PathsArgument,
    output_format: Annotated[
        Format, typer.Option("--format", "-f", help="human, concise (one line each) or json.")
    ] = Format.human,
    strict: Annotated[bool, typer.Option(help="Treat warnings as errors.")] = False,
) -> None:
    """Check workshop files: structure, timing, references and balance; every problem at once."""
    from facilitation.checking.analyse import analyse_paths

    with _user_errors():
        report = analyse_paths(paths)
    print_diagnostics(report.diagnostics, report.sources, output_format.value)
    if output_format is not Format.json:
        err.print(summary(report.diagnostics, report.files))
    if report.failed(strict):
        raise typer.Exit(EXIT_PROBLEMS)


@app.command()
def show(
    path: Annotated[Path, typer.Argument(help="A workshop file.", show_default=False)],
) -> None:
    """Print the timed agenda: a table per day with times, kinds, leads, methods and totals."""
    from facilitation.checking.analyse import analyse_paths

    with _user_errors():
        if path.is_dir():
            raise UserError(f"{path} is a folder; show takes one workshop file")
        report = analyse_paths([path])
    if not report.analyses:
        _fail(f"{path} is not a workshop file", "show takes a file with a top-level `workshop:`")
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
    from facilitation.model.json_schema import schemas

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

    from facilitation.cli.console import written_table
    from facilitation.documents.build import build as build_documents

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
    err.print(summary([*report.diagnostics, *result.problems], report.files))
    if result.failed:
        raise typer.Exit(EXIT_PROBLEMS)


class RecordKind(StrEnum):
    """What ``record`` adds."""

    decision = "decision"
    activity = "activity"
    role = "role"
    action = "action"
    question = "question"
    photo = "photo"
    result = "result"


#: The options of ``record``, by the entry kinds they apply to.
_RECORD_OPTIONS: dict[str, tuple[str, ...]] = {
    "id": ("decision", "activity"),
    "title": ("activity",),
    "description": ("activity",),
    "lead": ("activity",),
    "partners": ("activity",),
    "scope": ("activity",),
    "lead_country": ("activity",),
    "countries": ("activity",),
    "timeframe": ("activity",),
    "dcm_phase": ("activity",),
    "status": ("activity", "action"),
    "what": ("decision", "role", "action"),
    "why": ("decision",),
    "decided_by": ("decision",),
    "date": ("decision",),
    "who": ("role",),
    "team": ("role",),
    "owner": ("action", "question"),
    "due": ("action",),
    "text": ("question",),
    "kind": ("question",),
    "file": ("photo",),
    "caption": ("photo",),
    "consent": ("photo",),
    "session": ("result",),
    "summary": ("result",),
    "points": ("result",),
}


def _split(value: str | None) -> list[str] | None:
    if value is None:
        return None
    return [part.strip() for part in value.split(",") if part.strip()]


@app.command()
def record(
    path: Annotated[
        Path,
        typer.Argument(help="The workshop file or outcome file to add to.", show_default=False),
    ],
    kind: Annotated[RecordKind, typer.Argument(help="What to add.", show_default=False)],
    entry_id: Annotated[
        str | None, typer.Option("--id", help="Short id (activity, decision).")
    ] = None,
    title: Annotated[str | None, typer.Option(help="Title (activity).")] = None,
    description: Annotated[str | None, typer.Option(help="Description (activity).")] = None,
    lead: Annotated[str | None, typer.Option(help="Lead institution id (activity).")] = None,
    partners: Annotated[
        str | None, typer.Option(help="Partner institution ids, comma-separated.")
    ] = None,
    scope: Annotated[str | None, typer.Option(help="national or cross-border (activity).")] = None,
    lead_country: Annotated[
        str | None, typer.Option(help="Lead country code (cross-border).")
    ] = None,
    countries: Annotated[
        str | None, typer.Option(help="Country codes, comma-separated: RS,BA.")
    ] = None,
    timeframe: Annotated[str | None, typer.Option(help="When, e.g. Q3 2026 (activity).")] = None,
    phase: Annotated[str | None, typer.Option("--phase", help="DCM phase (activity).")] = None,
    status: Annotated[str | None, typer.Option(help="Status (activity, action).")] = None,
    what: Annotated[str | None, typer.Option(help="What (decision, role, action).")] = None,
    why: Annotated[str | None, typer.Option(help="Why (decision).")] = None,
    decided_by: Annotated[str | None, typer.Option(help="Who decided (decision).")] = None,
    date: Annotated[str | None, typer.Option(help="Date, YYYY-MM-DD (decision).")] = None,
    who: Annotated[str | None, typer.Option(help="Who (role).")] = None,
    team: Annotated[str | None, typer.Option(help="Which team (role).")] = None,
    owner: Annotated[str | None, typer.Option(help="Owner (action, question).")] = None,
    due: Annotated[str | None, typer.Option(help="Due date, YYYY-MM-DD (action).")] = None,
    text: Annotated[str | None, typer.Option(help="The question or risk (question).")] = None,
    risk: Annotated[bool, typer.Option("--risk", help="It is a risk, not a question.")] = False,
    photo_file: Annotated[str | None, typer.Option("--file", help="Photo file (photo).")] = None,
    caption: Annotated[str | None, typer.Option(help="Caption (photo).")] = None,
    consent: Annotated[
        bool | None, typer.Option("--consent/--no-consent", help="Everyone on the photo agreed.")
    ] = None,
    session: Annotated[str | None, typer.Option(help="Session id (result).")] = None,
    summary_text: Annotated[str | None, typer.Option("--summary", help="Summary (result).")] = None,
    point: Annotated[
        list[str] | None, typer.Option("--point", help="A point (result); repeat it.")
    ] = None,
    interactive: InteractiveOption = None,
) -> None:
    """Add an outcome to a workshop's record, keeping every other byte of the file."""
    import sys

    from facilitation.editing import record as recording
    from facilitation.editing.record import article

    given: dict[str, Any] = {
        "id": entry_id,
        "title": title,
        "description": description,
        "lead": lead,
        "partners": _split(partners),
        "scope": scope,
        "lead_country": lead_country,
        "countries": _split(countries),
        "timeframe": timeframe,
        "dcm_phase": phase,
        "status": status,
        "what": what,
        "why": why,
        "decided_by": decided_by,
        "date": date,
        "who": who,
        "team": team,
        "owner": owner,
        "due": due,
        "text": text,
        "kind": "risk" if risk else None,
        "file": photo_file,
        "caption": caption,
        "consent": consent,
        "session": session,
        "summary": summary_text,
        "points": point or None,
    }
    values = {name: value for name, value in given.items() if value is not None}
    wrong = [name for name in values if kind.value not in _RECORD_OPTIONS[name]]
    if wrong:
        options = ", ".join(
            "--" + ("phase" if name == "dcm_phase" else name.replace("_", "-")) for name in wrong
        )
        _fail(f"{options} does not apply to {article(kind.value)}")
    with _user_errors():
        recording.target_of(path)
        snapshot = recording.Snapshot.read(path)
        report = recording.check_current(path, snapshot)
        workshop = report.analyses[0].workshop if report.analyses else None
        if interactive is None:
            interactive = sys.stdin.isatty() and sys.stdout.isatty()
        if interactive and workshop is not None:
            from facilitation.editing.questions import ask_missing

            values = ask_missing(kind.value, values, workshop, err)
        from facilitation.editing.questions import required_fields

        missing = required_fields(kind.value, values)
        if missing:
            names = ", ".join("--" + name.replace("_", "-") for name in missing)
            raise InputError(
                [
                    Diagnostic(
                        codes.MISSING_FIELD,
                        f"{article(kind.value)} needs {names}",
                        Location("command line"),
                        hint="give the option(s), or run in a terminal to be asked",
                    )
                ]
            )
        entry = recording.validate_entry(kind.value, values)
        recorded = recording.add(path, kind.value, entry, snapshot)
    err.print(
        Text.assemble(
            ("✓ ", "ok"),
            f"added {article(kind.value)} to ",
            (f"{display_path(path)}:{recorded.line}", "path"),
        )
    )


def _today() -> str:
    import datetime as dt

    return dt.date.today().isoformat()


def _date_option(value: str) -> Any:
    import datetime as dt

    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date like 2026-11-27") from None


@app.command()
def synthesis(
    paths: PathsArgument,
    output: Annotated[
        Path, typer.Option("--output", "-o", help="Folder for synthesis.docx.")
    ] = Path("out"),
    as_of: Annotated[
        str,
        typer.Option("--as-of", help="Mark actions overdue against this date (default: today)."),
    ] = "",
    pdf: Annotated[bool, typer.Option("--pdf", help="Also write a PDF (LibreOffice).")] = False,
    templates: Annotated[
        Path | None, typer.Option("--templates", help="Use your own templates from this folder.")
    ] = None,
) -> None:
    """Write the regional synthesis of many workshops' outcomes: activities, joint actions, plan."""
    from facilitation.cli.console import written_table
    from facilitation.documents.build import build_synthesis

    day = _date_option(as_of or _today())
    with _user_errors():
        result = build_synthesis(paths, output, as_of=day, pdf=pdf, templates=templates)
    report = result.report
    print_diagnostics([*report.diagnostics, *result.problems], report.sources)
    if result.written:
        out.print(written_table(result.written))
    if result.failed:
        err.print(Text.assemble(("not built: ", "error"), "fix the problems above first"))
        raise typer.Exit(EXIT_PROBLEMS)


@app.command()
def actions(
    paths: PathsArgument,
    output: Annotated[
        Path, typer.Option("--output", "-o", help="A .xlsx or .csv file to write.")
    ] = Path("actions.xlsx"),
    as_of: Annotated[
        str,
        typer.Option("--as-of", help="Mark actions overdue against this date (default: today)."),
    ] = "",
) -> None:
    """Export every action item of the workshops to a spreadsheet (Excel or CSV)."""
    from facilitation.documents.actions import export_actions

    day = _date_option(as_of or _today())
    with _user_errors():
        report, count = export_actions(paths, output, day)
    print_diagnostics(report.diagnostics, report.sources)
    if report.errors:
        err.print(summary(report.diagnostics, report.files))
        raise typer.Exit(EXIT_PROBLEMS)
    err.print(
        Text.assemble(("✓ ", "ok"), f"wrote {count} action(s) to ", (display_path(output), "path"))
    )


@app.command()
def new(
    path: Annotated[Path, typer.Argument(help="The workshop file to create.", show_default=False)],
    blueprint: Annotated[
        str,
        typer.Option("--blueprint", "-b", help="Blueprint name (see `facilitation blueprints`)."),
    ] = "national-kick-off-1-day",
    title: Annotated[str | None, typer.Option(help="Workshop title.")] = None,
    start: Annotated[str | None, typer.Option(help="First day, YYYY-MM-DD.")] = None,
    country: Annotated[str | None, typer.Option(help="Country code, e.g. RS.")] = None,
    language: Annotated[
        str | None, typer.Option(help="Language tag, e.g. en, sr-Latn, sq, mk.")
    ] = None,
    venue: Annotated[str | None, typer.Option(help="Venue.")] = None,
    programme: Annotated[
        Path | None, typer.Option(help="Programme file to use (instead of the placeholder team).")
    ] = None,
    interactive: InteractiveOption = None,
) -> None:
    """Create a new workshop file from a blueprint; never overwrites a file."""
    import os
    import sys

    from rich.prompt import Prompt

    from facilitation.editing.blueprints import create, find_blueprint, next_monday, workshop_id

    with _user_errors():
        chosen = find_blueprint(blueprint)
        if path.exists():
            raise UserError(f"{display_path(path)} already exists; it was left as it is")
        if interactive is None:
            interactive = sys.stdin.isatty() and sys.stdout.isatty()
        defaults = {
            "title": chosen.default("title") or "",
            "start": next_monday().isoformat(),
            "venue": chosen.default("venue") or "",
            "country": "",
            "language": chosen.default("language") or "en",
        }
        given = {
            "title": title,
            "start": start,
            "venue": venue,
            "country": country,
            "language": language,
        }
        values: dict[str, str] = {}
        for key, value in given.items():
            if value is None and interactive:
                value = (
                    Prompt.ask(key.capitalize(), console=err, default=defaults[key] or None) or ""
                )
            value = defaults[key] if value is None else value
            if value:
                values[key] = value.upper() if key == "country" else value
        values["id"] = workshop_id(path)
        reference = None
        if programme is not None:
            if not programme.is_file():
                raise UserError(f"the programme file {display_path(programme)} does not exist")
            reference = Path(os.path.relpath(programme.resolve(), path.resolve().parent)).as_posix()
        create(path, chosen, values, reference)
    err.print(
        Text.assemble(
            ("✓ ", "ok"), "created ", (display_path(path), "path"), f" from {chosen.name}"
        )
    )
    out.print("Next:")
    for command in ("check", "show", "build"):
        out.print(f"  facilitation {command} {display_path(path)}")


@app.command("blueprints")
def list_blueprints() -> None:
    """List the blueprints that `facilitation new` can start from."""
    from rich.table import Table

    from facilitation.editing.blueprints import blueprints

    table = Table(show_edge=False, pad_edge=False)
    table.add_column("Blueprint", style="path", no_wrap=True)
    table.add_column("What it is")
    for blueprint in blueprints():
        table.add_row(blueprint.name, blueprint.description)
    out.print(table)
    out.print("Start one with: facilitation new FILE --blueprint NAME")


@app.command()
def methods(
    name: Annotated[
        str | None, typer.Argument(help="Show one method in full.", show_default=False)
    ] = None,
    phase: Annotated[
        str | None, typer.Option(help="Only methods for this DCM phase (1-4 or name).")
    ] = None,
    dimension: Annotated[
        str | None, typer.Option(help="Only methods for this Compass dimension.")
    ] = None,
    group_size: Annotated[
        int | None, typer.Option(help="Only methods that work for this many people.")
    ] = None,
    max_minutes: Annotated[
        int | None, typer.Option(help="Only methods that fit in this many minutes.")
    ] = None,
) -> None:
    """The method catalogue: list and filter, or show one method."""
    from facilitation.catalogue.methodology import filter_methods, resolve_method
    from facilitation.cli.console import method_detail, method_table

    with _user_errors():
        if name is not None:
            method = resolve_method(name)
            if method is None:
                from facilitation.catalogue.methodology import closest_methods

                near = closest_methods(name)
                raise UserError(
                    f"`{name}` is not in the method catalogue",
                    hint=f"did you mean `{near[0]}`?" if near else "see `facilitation methods`",
                )
            out.print(method_detail(method))
            return
        found = filter_methods(
            phase=phase, dimension=dimension, group_size=group_size, max_minutes=max_minutes
        )
    if not found:
        err.print("no method matches these filters")
        raise typer.Exit(EXIT_PROBLEMS)
    out.print(method_table(found))


@app.command()
def explain(
    code: Annotated[str, typer.Argument(help="A diagnostic code, e.g. P201.", show_default=False)],
) -> None:
    """Explain a diagnostic code, with a bad and a good example."""
    from facilitation.catalogue.explanations import explanation
    from facilitation.cli.console import explanation_text
    from facilitation.codes import CODES
    from facilitation.suggest import did_you_mean

    key = code.strip().upper()
    if key not in CODES:
        _fail(
            f"there is no code `{code}`",
            did_you_mean(key, list(CODES), "codes are listed in the README"),
        )
    out.print(explanation_text(CODES[key], explanation(key)))


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
    from facilitation.documents.templates import copy_templates

    with _user_errors():
        written = copy_templates(folder, force=force)
    for path in written:
        out.print(Text.assemble("wrote ", (str(path), "path")))
    err.print(f"use them with: facilitation build FILE --templates {folder}")


def main() -> None:
    """Entry point of the console script."""
    app()
