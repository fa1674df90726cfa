"""Commands that change a user's files: ``record`` and ``new``."""

from __future__ import annotations

import inspect
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal

import typer

from facilitation.cli.shared import InteractiveOption, is_terminal, user_errors
from facilitation.editing.entries import ENTRY_FIELDS, EntryField, list_record_options
from facilitation.errors import InputError, display_path

if TYPE_CHECKING:
    from facilitation.editing import record as recording_types


class TerminalAsker:
    """Asks ``record``'s questions on the terminal (stderr, so stdout stays clean)."""

    def ask(self, question: str, *, required: bool, default: str = "") -> str:
        """The answer typed; ``default`` (shown in brackets unless empty) when Enter is pressed.

        An empty answer to a required question is returned as it is: the caller explains.
        """
        from rich.prompt import Prompt

        from facilitation.cli.terminal import err

        del required  # NOTE: the callers ask again, with the reason, when an answer is needed.
        return Prompt.ask(question, console=err, default=default or None) or ""

    def tell(self, text: str, *, problem: bool = False) -> None:
        """Show choices (muted) or why an answer was refused (a warning)."""
        from rich.text import Text

        from facilitation.cli.terminal import err

        err.print(Text(text, "warning" if problem else "muted"))


def record(
    path: Annotated[
        Path,
        typer.Argument(help="The workshop file or outcome file to add to.", show_default=False),
    ],
    kind: Annotated[str, typer.Argument(help="What to add.", show_default=False)],
    new: Annotated[
        bool,
        typer.Option(
            "--new",
            help="Start an outcome file for the workshop (WORKSHOP-outcomes.yaml) and add to it.",
        ),
    ] = False,
    interactive: InteractiveOption = None,
    **given: Any,
) -> None:
    """Add an outcome to a workshop's record, keeping every other byte of the file.

    Given a workshop file, the outcome goes where the workshop's record is: its `outcomes:`,
    else its outcome file; a workshop with neither gets WORKSHOP-outcomes.yaml next to it.
    `record WORKSHOP.yaml assessment` adds one respondent's answers to the workshop's
    self-assessment (a CSV file) instead.
    """
    from facilitation.editing import record as recording
    from facilitation.editing.entries import article, collect_values
    from facilitation.editing.outcome_file import choose_record_target, start_outcome_file

    with user_errors():
        values = collect_values(kind, given)
        recording.check_target(path)
        if kind == "assessment":
            _record_response(path, values, interactive)
            return
        target = choose_record_target(path, kind, new=new)
        if target.start:
            start_outcome_file(target.path, path)
        try:
            recorded = _record_into(target.path, kind, values, interactive)
        except BaseException:
            if target.start:
                target.path.unlink(missing_ok=True)
            raise
    _say_recorded(path, target.path, target.start, f"{article(kind)}", recorded.line)


def _say_recorded(workshop: Path, path: Path, started: bool, what: str, line: int) -> None:
    """Say where the entry went, and that its outcome file was started, when it was."""
    from rich.text import Text

    from facilitation.cli.terminal import err

    if started:
        err.print(
            Text.assemble(
                ("✓ ", "ok"),
                "started ",
                (display_path(path), "path"),
                ", the outcome file of ",
                (display_path(workshop), "path"),
            ),
            soft_wrap=True,
        )
    err.print(
        Text.assemble(("✓ ", "ok"), f"added {what} to ", (f"{display_path(path)}:{line}", "path")),
        soft_wrap=True,
    )


def _record_into(
    path: Path, kind: str, values: dict[str, Any], interactive: bool | None
) -> recording_types.Recorded:
    """Add the entry to ``path``, asking for what is missing in a terminal."""
    from facilitation.editing import record as recording

    # NOTE: the snapshot holds the file's lock from this read to add()'s rename; leaving the
    # block (a refused answer, Ctrl-C) releases it.
    with recording.Snapshot.read(path) as snapshot:
        asker = TerminalAsker() if (is_terminal() if interactive is None else interactive) else None
        return recording.record_entry(path, kind, values, snapshot, asker)


def _record_response(path: Path, values: dict[str, Any], interactive: bool | None) -> None:
    """Add one respondent's answers to the workshop's self-assessment, and say where."""
    from rich.text import Text

    from facilitation.cli.terminal import err
    from facilitation.editing.record_assessment import record_response

    asker = TerminalAsker() if (is_terminal() if interactive is None else interactive) else None
    recorded = record_response(path, values.get("ratings") or [], values.get("country"), asker)
    if recorded.created and recorded.workshop is not None:
        err.print(
            Text.assemble(
                ("✓ ", "ok"),
                "created ",
                (display_path(recorded.path), "path"),
                " and named it under `assessment:` in ",
                (display_path(recorded.workshop), "path"),
            )
        )
    count = recorded.respondents
    err.print(
        Text.assemble(
            ("✓ ", "ok"),
            "added a response to ",
            (f"{display_path(recorded.path)}:{recorded.line}", "path"),
            f" ({count} respondent{'' if count == 1 else 's'} now)",
        )
    )


def _option(entry_field: EntryField, kinds: tuple[str, ...]) -> inspect.Parameter:
    """The typer option of one entry field, its help naming the kinds it applies to."""
    help_text = f"{entry_field.help} ({', '.join(kinds)})."
    name = entry_field.option_name
    annotation: Any
    default: Any = None
    if entry_field.shape == "switch":
        annotation = Annotated[bool | None, typer.Option(f"{name}/--no-{name[2:]}", help=help_text)]
    elif entry_field.shape == "flag":
        annotation, default = Annotated[bool, typer.Option(name, help=help_text)], False
    elif entry_field.shape == "repeat":
        annotation = Annotated[list[str] | None, typer.Option(name, help=help_text)]
    else:
        annotation = Annotated[str | None, typer.Option(name, help=help_text)]
    return inspect.Parameter(
        entry_field.parameter,
        inspect.Parameter.POSITIONAL_OR_KEYWORD,
        default=default,
        annotation=annotation,
    )


def _with_entry_options(command: Any) -> Any:
    """Give ``command`` one option per field of :data:`ENTRY_FIELDS`.

    Why: the fields of an entry are described once (``editing/entries.py``); typer reads a
    command's options from its signature, so the signature is derived from that description.
    """
    signature = inspect.signature(command, eval_str=True)
    path, kind, *rest = [p for p in signature.parameters.values() if p.kind is not p.VAR_KEYWORD]
    choices: Any = Literal[tuple(ENTRY_FIELDS)]
    kind = kind.replace(annotation=Annotated[choices, *kind.annotation.__metadata__])
    options = [_option(field, kinds) for field, kinds in list_record_options().values()]
    parameters = [path, kind, *options, *rest]
    command.__signature__ = signature.replace(parameters=parameters)
    command.__annotations__ = {p.name: p.annotation for p in parameters} | {"return": None}
    return command


record = _with_entry_options(record)


#: The blueprint ``new`` takes when it is not told which and cannot ask.
DEFAULT_BLUEPRINT = "national-kick-off-1-day"


def new(
    path: Annotated[Path, typer.Argument(help="The workshop file to create.", show_default=False)],
    blueprint: Annotated[
        str | None,
        typer.Option(
            "--blueprint",
            "-b",
            help="Blueprint name (see `facilitation blueprints`); asked in a terminal, else "
            f"{DEFAULT_BLUEPRINT}.",
            show_default=False,
        ),
    ] = None,
    title: Annotated[str | None, typer.Option(help="Workshop title.")] = None,
    start: Annotated[
        str | None, typer.Option(help="First day, e.g. 2027-03-14, 14.03.2027 or 14 March 2027.")
    ] = None,
    country: Annotated[
        str | None, typer.Option(help="Country code or name, e.g. RS or Serbia.")
    ] = None,
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
    from facilitation.editing.blueprints import (
        create,
        find_blueprint,
        list_programme_countries,
        propose_defaults,
    )

    given = {"title": title, "start": start, "venue": venue, "country": country}
    given["language"] = language
    asking = is_terminal() if interactive is None else interactive
    with user_errors():
        chosen = find_blueprint(blueprint or _choose_blueprint(asking))
        defaults = propose_defaults(chosen, path)
        countries = list_programme_countries(programme) if programme is not None else None
        given = _read_given(given, countries)
        if asking:
            asker = TerminalAsker()
            for key, value in given.items():
                if value is None:
                    given[key] = _ask_new(asker, key, defaults[key], countries)
        create(path, chosen, given, programme)
    _say_created(path, chosen.name)


def _say_created(path: Path, blueprint: str) -> None:
    """Say what was created, and what to do next."""
    from rich.text import Text

    from facilitation.cli.terminal import err, out

    created = Text.assemble(("✓ ", "ok"), "created ", (display_path(path), "path"))
    err.print(Text.assemble(created, f" from {blueprint}"), soft_wrap=True)
    out.print("Next:")
    for command in ("check", "show", "build"):
        out.print(f"  facilitation {command} {display_path(path)}")


def _read_given(given: dict[str, Any], countries: Any) -> dict[str, Any]:
    """The options given to ``new``, read as their answers would be; all their problems at once.

    Raises:
        InputError: an option cannot be read (each named by its option).
    """
    from facilitation.editing.answers import AnswerError, read_new_answer

    read = dict(given)
    problems = []
    for key, value in given.items():
        if value is not None:
            try:
                read[key] = read_new_answer(key, value, countries)
            except AnswerError as error:
                problems.append(error.as_diagnostic(f"--{key}"))
    if problems:
        raise InputError(problems)
    return read


def _choose_blueprint(asking: bool) -> str:
    """The blueprint the user picks from the list (by number or name), or the default."""
    from rich.table import Table
    from rich.text import Text

    from facilitation.cli.terminal import err
    from facilitation.editing.blueprints import load_blueprints

    if not asking:
        err.print(
            Text.assemble(
                f"using the blueprint {DEFAULT_BLUEPRINT}",
                ("; choose another with ", "muted"),
                ("--blueprint NAME (see `facilitation blueprints`)", "muted"),
            ),
            soft_wrap=True,
        )
        return DEFAULT_BLUEPRINT
    blueprints = load_blueprints()
    names = [item.name for item in blueprints]
    listing = Table.grid(padding=(0, 1))
    listing.add_column(justify="right", no_wrap=True)
    listing.add_column(style="path", no_wrap=True)
    listing.add_column()
    for number, item in enumerate(blueprints, start=1):
        listing.add_row(f"  {number}.", item.name, item.description)
    err.print(Text("Blueprints:", "heading"))
    err.print(listing)
    asker = TerminalAsker()
    while True:
        answer = asker.ask("Blueprint (number or name)", required=True, default=DEFAULT_BLUEPRINT)
        answer = answer.strip()
        if answer.isdigit() and 1 <= int(answer) <= len(names):
            return names[int(answer) - 1]
        if answer in names:
            return answer
        asker.tell(
            f"  `{answer}` is not one of the blueprints: type 1 to {len(names)}", problem=True
        )


def _ask_new(asker: TerminalAsker, key: str, default: str, countries: list[str] | None) -> str:
    """Ask one question of ``new`` until its answer can be stored (earlier answers stay)."""
    from facilitation.catalogue.locales import LOCALES
    from facilitation.editing.answers import NEW_QUESTIONS, AnswerError, read_new_answer

    if key == "country" and countries:
        asker.tell("  choose from: " + ", ".join(countries))
    if key == "language":
        asker.tell("  choose from: " + ", ".join(LOCALES))
    while True:
        answer = asker.ask(NEW_QUESTIONS[key], required=key != "country", default=default)
        try:
            return read_new_answer(key, answer, countries)
        except AnswerError as error:
            asker.tell(f"  {error}", problem=True)
