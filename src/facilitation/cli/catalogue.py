"""The method catalogue at the terminal: ``blueprints``, ``methods`` and ``explain``."""

from __future__ import annotations

from typing import Annotated

import typer

from facilitation.cli.shared import EXIT_PROBLEMS, fail, user_errors
from facilitation.errors import UserError


def list_blueprints() -> None:
    """List the blueprints that `facilitation new` can start from."""
    from rich.table import Table

    from facilitation.cli.terminal import out
    from facilitation.editing.blueprints import load_blueprints

    table = Table(show_edge=False, pad_edge=False)
    table.add_column("Blueprint", style="path", no_wrap=True)
    table.add_column("What it is")
    for blueprint in load_blueprints():
        table.add_row(blueprint.name, blueprint.description)
    out.print(table)
    out.print("Start one with: facilitation new FILE --blueprint NAME")


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
    from facilitation.cli.console import render_method, render_methods
    from facilitation.cli.terminal import err, out

    with user_errors():
        if name is not None:
            method = resolve_method(name)
            if method is None:
                from facilitation.catalogue.methodology import find_closest_methods

                near = find_closest_methods(name)
                raise UserError(
                    f"`{name}` is not in the method catalogue",
                    hint=f"did you mean `{near[0]}`?" if near else "see `facilitation methods`",
                )
            out.print(render_method(method))
            return
        found = filter_methods(
            phase=phase, dimension=dimension, group_size=group_size, max_minutes=max_minutes
        )
    if not found:
        err.print("no method matches these filters")
        raise typer.Exit(EXIT_PROBLEMS)
    out.print(render_methods(found))


def explain(
    code: Annotated[
        str,
        typer.Argument(
            help="A diagnostic code or its name, e.g. P205 or unknown-facilitator.",
            show_default=False,
        ),
    ],
) -> None:
    """Explain a diagnostic code, with a bad and a good example."""
    from facilitation.catalogue.explanations import explain_code
    from facilitation.cli.console import render_explanation
    from facilitation.cli.terminal import out
    from facilitation.codes import CODES
    from facilitation.suggest import did_you_mean

    key = code.strip().upper()
    names = {entry.name: entry.code for entry in CODES.values()}
    key = names.get(code.strip().lower().replace("_", "-").replace(" ", "-"), key)
    if key not in CODES:
        fail(
            f"there is no code `{code}`",
            did_you_mean(
                code.strip().lower(),
                [*names],
                did_you_mean(key, list(CODES), "codes are listed in the README"),
            ),
        )
    out.print(render_explanation(CODES[key], explain_code(key)))
