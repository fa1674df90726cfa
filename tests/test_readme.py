"""The README stays true: its commands, its codes."""

from __future__ import annotations

import re
from pathlib import Path

from facilitation.codes import CODES

REPO = Path(__file__).resolve().parent.parent
README = (REPO / "README.md").read_text(encoding="utf-8")


def _command_after(heading: str) -> str:
    section = README.split(heading, 1)[1]
    match = re.search(r"```sh\n(.+?)\n```", section, re.DOTALL)
    assert match, heading
    return match.group(1).strip()


def test_ci_runs_the_readme_test_command() -> None:
    command = _command_after("**Tests**")
    assert command in (REPO / ".ci" / "run").read_text(encoding="utf-8").splitlines()


def test_main_job_runs_on_the_bundled_example() -> None:
    assert "examples/western-balkans" in _command_after("**Main job**")


def test_every_code_is_in_the_readme_table() -> None:
    rows = dict(re.findall(r"^\| `([A-Z]\d{3})` \| ([a-z0-9-]+) \|", README, re.MULTILINE))
    assert rows == {code.code: code.name for code in CODES.values()}


def test_every_picture_the_readme_shows_is_there() -> None:
    pictures = re.findall(r"!\[([^\]]*)\]\(([^)]+)\)", README)
    assert pictures
    for alt, path in pictures:
        assert alt, path  # every picture says what it shows
        assert (REPO / path).is_file(), path
