"""Commands that change a user's files: ``record`` and ``new``."""

from __future__ import annotations

import inspect
from pathlib import Path
from typing import Annotated, Any, Literal

import typer

from facilitation.cli.shared import InteractiveOption, is_terminal, user_errors
from facilitation.editing.entries import ENTRY_FIELDS, EntryField, list_record_options
from facilitation.errors import display_path


class TerminalAsker:
    """Asks ``record``'s questions on the terminal (stderr, so stdout stays clean)."""

    def ask(self, question: str, *, required: bool) -> str:
        """The answer typed; empty when the user just presses Enter on an optional question."""
        from rich.prompt import Prompt

        from facilitation.cli.terminal import err

        return Prompt.ask(question, console=err, default=None if required else "") or ""

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
    interactive: InteractiveOption = None,
    **given: Any,
) -> None:
    """Add an outcome to a workshop's record, keeping every other byte of the file.

    `record WORKSHOP.yaml assessment` adds one respondent's answers to the workshop's
    self-assessment (a CSV file) instead.
    """
    from rich.text import Text

    from facilitation.cli.terminal import err
    from facilitation.editing import record as recording
    from facilitation.editing.entries import article, collect_values

    with user_errors():
        values = collect_values(kind, given)
        recording.check_target(path)
        if kind == "assessment":
            _record_response(path, values, interactive)
            return
        # NOTE: the snapshot holds the file's lock from this read to add()'s rename; leaving the
        # block (a refused answer, Ctrl-C) releases it.
        with recording.Snapshot.read(path) as snapshot:
            asker = (
                TerminalAsker() if (is_terminal() if interactive is None else interactive) else None
            )
            recorded = recording.record_entry(path, kind, values, snapshot, asker)
    err.print(
        Text.assemble(
            ("✓ ", "ok"),
            f"added {article(kind)} to ",
            (f"{display_path(path)}:{recorded.line}", "path"),
        )
    )


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
    from rich.prompt import Prompt
    from rich.text import Text

    from facilitation.cli.terminal import err, out
    from facilitation.editing.blueprints import create, find_blueprint, propose_defaults

    given = {"title": title, "start": start, "venue": venue, "country": country}
    given["language"] = language
    with user_errors():
        chosen = find_blueprint(blueprint)
        defaults = propose_defaults(chosen, path)
        if is_terminal() if interactive is None else interactive:
            for key, value in given.items():
                if value is None:
                    given[key] = Prompt.ask(
                        key.capitalize(), console=err, default=defaults[key] or None
                    )
        create(path, chosen, given, programme)
    err.print(
        Text.assemble(
            ("✓ ", "ok"), "created ", (display_path(path), "path"), f" from {chosen.name}"
        )
    )
    out.print("Next:")
    for command in ("check", "show", "build"):
        out.print(f"  facilitation {command} {display_path(path)}")
