"""`--help` of the app and of every command and subcommand, compared with golden files.

The commands are discovered from the typer app, so a new command gets its snapshot (and a failing
test until its golden file is written with ``pytest --update-golden``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from facilitation.cli.app import app

HELP_GOLDEN = Path(__file__).parent / "golden" / "help"
#: The golden file of the app itself; a command's is its path, e.g. ``templates/copy.txt``.
ROOT_NAME = "facilitation"


def _command_paths(command: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    """``command``'s path and those of its subcommands, depth first, hidden ones included."""
    yield path
    # NOTE: typer vendors click, so test for a group by its ``commands``, not by isinstance.
    for name, subcommand in sorted((getattr(command, "commands", None) or {}).items()):
        yield from _command_paths(subcommand, (*path, name))


COMMAND_PATHS = list(_command_paths(typer.main.get_command(app)))


def golden_name(path: tuple[str, ...]) -> str:
    """``()`` → ``facilitation.txt``; ``("templates", "copy")`` → ``templates/copy.txt``."""
    return "/".join(path or (ROOT_NAME,)) + ".txt"


def test_the_commands_are_discovered() -> None:
    assert () in COMMAND_PATHS
    assert ("check",) in COMMAND_PATHS
    assert ("templates", "copy") in COMMAND_PATHS
    assert len(set(map(golden_name, COMMAND_PATHS))) == len(COMMAND_PATHS)


@pytest.mark.parametrize(
    "path", COMMAND_PATHS, ids=[" ".join(p) or ROOT_NAME for p in COMMAND_PATHS]
)
def test_help_matches_its_golden_file(
    path: tuple[str, ...], runner: CliRunner, golden: Callable[[str, str], None]
) -> None:
    result = runner.invoke(app, [*path, "--help"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"Usage: {' '.join((ROOT_NAME, *path))} ")
    golden(f"help/{golden_name(path)}", result.stdout)


def test_no_golden_help_file_for_a_command_that_is_gone() -> None:
    expected = {golden_name(path) for path in COMMAND_PATHS}
    present = {file.relative_to(HELP_GOLDEN).as_posix() for file in HELP_GOLDEN.rglob("*.txt")}
    stale = sorted(present - expected)
    assert not stale, f"golden help files for commands that no longer exist: {stale}"
