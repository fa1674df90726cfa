"""The ``facilitation`` command: options in, one stage call, output out.

Each command lives in the module of its group (:mod:`~facilitation.cli.plan`,
:mod:`~facilitation.cli.documents`, :mod:`~facilitation.cli.editing`,
:mod:`~facilitation.cli.catalogue`) and imports its stage when it runs, so ``--help``, ``check``
and ``show`` start without the document libraries, and ``--help`` without the models and rich.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Any, Protocol

import typer

from facilitation import __version__
from facilitation.cli import catalogue, documents, editing, live, plan, server, site


class CommandLine(Protocol):
    """The click command typer builds from :data:`app` (``typer.main.get_command``)."""

    def main(self, args: Sequence[str] | None = None, prog_name: str | None = None) -> Any:
        """Run the command line ``args`` in standalone mode (it exits)."""


app = typer.Typer(
    name="facilitation",
    help="Plan, check and document Dialogic Change Model workshops from one YAML file.",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
    add_completion=False,
    rich_markup_mode=None,
)


def _version(value: bool) -> None:
    if value:
        from facilitation.cli.terminal import out

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


app.command()(plan.check)
app.command()(plan.show)
app.command()(plan.compass)
app.command()(plan.schema)
app.command()(documents.build)
app.command()(editing.record)
app.command()(documents.synthesis)
app.command()(documents.actions)
app.command()(site.site)
app.command()(editing.new)
app.command()(live.run)
app.command("blueprints")(catalogue.list_blueprints)
app.command()(catalogue.methods)
app.command()(catalogue.explain)

templates_app = typer.Typer(help="Work with the document templates.", no_args_is_help=True)
templates_app.command("copy")(documents.templates_copy)
app.add_typer(templates_app, name="templates")

server_app = typer.Typer(
    help="Keep check, show and build loaded in the background, to start at once.",
    no_args_is_help=True,
)
server_app.command("start")(server.start)
server_app.command("stop")(server.stop)
server_app.command("status")(server.status)
server_app.command("run")(server.run)
app.add_typer(server_app, name="server")


def main(
    arguments: Sequence[str] | None = None,
    program: str | None = None,
    command: CommandLine | None = None,
) -> None:
    """Run the command line ``arguments`` (default: the process's) in this process.

    ``command`` is the command line's click command when it was built before (the server builds
    it once; typer builds it again on each call).
    """
    import sys

    arguments = sys.argv[1:] if arguments is None else list(arguments)
    # NOTE: `check` answers from its cache before typer reads the command line (see
    # plan.answer_check_from_cache): typer's parameter conversion costs more than the answer.
    code = plan.answer_check_from_cache(arguments)
    if code is not None:
        sys.exit(code)
    if command is None:
        app(args=arguments, prog_name=program)
    else:
        command.main(args=arguments, prog_name=program)
