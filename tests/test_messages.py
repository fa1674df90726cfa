"""Messages and excerpts never repeat contact data."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import BASE_WORKSHOP
from facilitation.cli.app import app
from facilitation.cli.terminal import mask_contacts

CONTACTS = ("j.markovic@example.org", "+381 64 123 4567", "064/123-4567")


@pytest.mark.parametrize(
    ("line", "kept"),
    [
        ("    email: j.markovic@example.org", "    email: "),
        ("Ana Jovanović,rs-police,RS,a.j@example.org,+381 64 123 4567,yes", "Ana Jovanović,"),
        ("  phone: 064/123-4567", "  phone: "),
        ("  mobile: '0038164123456'", "  mobile: '"),
    ],
)
def test_contact_data_is_masked_character_for_character(line: str, kept: str) -> None:
    masked = mask_contacts(line)
    assert len(masked) == len(line)
    assert masked.startswith(kept)
    assert not any(value in masked for value in CONTACTS)
    assert "@" not in masked
    assert sum(char.isdigit() for char in masked) < 4


@pytest.mark.parametrize(
    "line",
    ["  start: 2026-03-02", "  at: 09:30", "  postcode: 01067", "  title: Room 0800, floor 2"],
)
def test_dates_times_and_short_numbers_are_not_taken_for_contacts(line: str) -> None:
    assert mask_contacts(line) == line


def test_the_excerpt_under_a_participant_row_hides_its_contacts(
    write: Callable[..., Path], runner: CliRunner
) -> None:
    write(
        "participants.csv",
        "Name,Institution,Country,E-mail,Phone,Gender\n"
        "Jelena Marković,rs-police,RS,j.markovic@example.org,+381 64 123 4567,sometimes\n",
    )
    path = write("w.yaml", BASE_WORKSHOP + "participants: participants.csv\n")
    result = runner.invoke(app, ["check", str(path)])
    assert result.exit_code == 1, result.output
    assert "gender" in result.stderr
    assert "Jelena Marković" in result.stderr  # the row is shown ...
    assert not any(value in result.stderr for value in CONTACTS)  # ... without its contacts


def test_the_excerpt_under_a_bad_email_hides_it(
    write: Callable[..., Path], runner: CliRunner
) -> None:
    path = write(
        "w.yaml",
        BASE_WORKSHOP + "participants:\n  - name: Jelena Marković\n    email: j.markovic@example\n",
    )
    result = runner.invoke(app, ["check", str(path)])
    assert result.exit_code == 1, result.output
    assert "S114" in result.stderr
    assert "j.markovic" not in result.stderr


@pytest.mark.parametrize(
    ("arguments", "option", "value"),
    [
        (["action", "--what", "w", "--owner", "ek", "--due", "2027-13-01"], "--due", "2027-13-01"),
        (["activity", "--id", "x", "--title", "T", "--phase", "nonsense"], "--phase", "nonsense"),
        (["decision", "--what", "w", "--date", "14.13.2027"], "--date", "14.13.2027"),
    ],
)
def test_a_bad_option_value_names_the_option(
    arguments: list[str], option: str, value: str, write: Callable[..., Path], runner: CliRunner
) -> None:
    path = write("w.yaml", BASE_WORKSHOP)
    result = runner.invoke(app, ["record", str(path), *arguments, "--no-interactive"])
    assert result.exit_code == 1, result.output
    message = result.stderr.splitlines()[0]
    assert option in message, message
    assert f"`{value}`" in message, message


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
@pytest.mark.parametrize("where", ["workshop", "programme"])
def test_a_named_pipe_given_as_a_file_is_refused_by_name(
    where: str, write: Callable[..., Path], tmp_path: Path
) -> None:
    pipe = tmp_path / "pipe.yaml"
    os.mkfifo(pipe)
    target = pipe
    if where == "programme":
        target = write(
            "w.yaml", BASE_WORKSHOP.replace("programme:\n", "programme:\n  file: pipe.yaml\n", 1)
        )
    # NOTE: a subprocess with a timeout: opening a pipe that no one writes to would block.
    result = subprocess.run(
        [sys.executable, "-m", "facilitation", "check", str(target)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 1, result.stderr
    assert "pipe" in result.stderr
    assert "does not exist" not in result.stderr
