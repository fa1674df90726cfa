"""The Compass at the terminal: `show --compass` and `facilitation compass`."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import BASE_WORKSHOP, EXAMPLE
from facilitation.cli import console
from facilitation.cli.app import app

REGIONAL = EXAMPLE / "regional-strategic-planning.yaml"


@pytest.fixture(autouse=True)
def wide(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(console.out, "_width", 200)


def test_share_bar_fills_eighths_and_stops_at_full() -> None:
    assert console.share_bar(0, 100) == ""
    assert console.share_bar(50, 100, width=4) == "██"
    assert console.share_bar(1, 8, width=1) == "▏"
    assert console.share_bar(300, 100, width=3) == "███"
    assert console.share_bar(1, 1000, width=10) == "▏"  # some time is never drawn as none


def test_show_compass_draws_every_dimension_and_phase(runner: CliRunner) -> None:
    result = runner.invoke(app, ["show", "--compass", str(REGIONAL)])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    engagement = next(line for line in lines if line.startswith("Engagement"))
    assert "12 h 30 min" in engagement
    assert "51 %" in engagement
    assert "█" * 10 + "▏" in engagement
    building = next(line for line in lines if "Building and formalizing" in line)
    assert "Building and formalizing *" in building
    assert "* the workshop's own phase" in result.stdout
    assert "88 %" in building
    assert "Sessions" not in result.stdout  # the balance, not the agenda


def test_show_compass_on_untagged_sessions(runner: CliRunner, write: Callable[..., Path]) -> None:
    result = runner.invoke(app, ["show", "--compass", str(write("w.yaml", BASE_WORKSHOP))])
    assert result.exit_code == 0, result.output
    assert "Future possibilities" in result.stdout
    assert "No phase" in result.stdout


def test_compass_prints_the_workshops_side_by_side(runner: CliRunner) -> None:
    result = runner.invoke(app, ["compass", str(EXAMPLE)])
    assert result.exit_code == 0, result.output
    out = result.stdout
    lines = out.splitlines()
    # a row in the dimensions' table, one in the phases' (with the work time): both have minutes
    serbia = [line for line in lines if line.startswith("kickoff-serbia ") and "min" in line]
    regional = [
        line for line in lines if line.startswith("regional-strategic-planning ") and "min" in line
    ]
    assert len(serbia) == len(regional) == 2
    cells = [cell.strip() for cell in serbia[0].split("│")[1:]]
    assert cells == ["160 min", "135 min", "25 min", "90 min", "130 min", "170 min"]
    assert "280 min" in regional[0]
    assert "24 h 45 min" in regional[1]
    assert "1305 min" in regional[1]
    assert "88 % *" in lines[lines.index(regional[1]) + 1]


def test_compass_summarises_the_self_assessments_and_hides_small_groups(
    runner: CliRunner,
) -> None:
    out = runner.invoke(app, ["compass", str(EXAMPLE)]).stdout
    if "Compass self-assessment" not in out:
        pytest.skip("the example carries no self-assessment yet")
    region = next(line for line in out.splitlines() if line.startswith("region · baseline"))
    assert any(character.isdigit() for character in region)
    # four respondents from Serbia at the follow-up: counted, but no mean of theirs is shown
    small = next(line for line in out.splitlines() if line.startswith("country RS · follow-up"))
    cells = [cell.strip() for cell in small.split("│")[1:]]
    assert cells[0].isdigit()
    assert int(cells[0]) < 5
    assert cells[1:] == ["—"] * 6
    assert "a group of fewer than 5 is not shown" in out


def test_compass_without_assessments_prints_only_the_balance(
    runner: CliRunner, write: Callable[..., Path]
) -> None:
    result = runner.invoke(app, ["compass", str(write("w.yaml", BASE_WORKSHOP))])
    assert result.exit_code == 0, result.output
    assert "Compass balance" in result.stdout
    assert "self-assessment" not in result.stdout


def test_compass_with_a_broken_workshop_exits_with_problems(
    runner: CliRunner, write: Callable[..., Path]
) -> None:
    write("a.yaml", BASE_WORKSHOP)
    write("b.yaml", BASE_WORKSHOP.replace("id: test", "id: other").replace("lead: ek", "lead: zz"))
    result = runner.invoke(app, ["compass", str(write("a.yaml", BASE_WORKSHOP).parent)])
    assert result.exit_code == 1
    assert "P205" in result.stderr
    assert "other" in result.stdout


@pytest.mark.parametrize(
    "args",
    [["check", str(EXAMPLE)], ["show", str(REGIONAL)], ["show", "--compass", str(REGIONAL)]],
    ids=["check", "show", "show-compass"],
)
def test_check_and_show_import_no_plotting_or_document_library(
    tmp_path: Path, args: list[str]
) -> None:
    code = (
        "import sys\n"
        "from facilitation.cli.app import app\n"
        "try:\n"
        f"    app({args!r})\n"
        "except SystemExit as exit:\n"
        "    code = exit.code\n"
        "heavy = sorted(m for m in ('matplotlib', 'numpy', 'PIL', 'docx', 'docxtpl', 'lxml',\n"
        "    'openpyxl', 'jinja2') if m in sys.modules)\n"
        "print('HEAVY', heavy, code)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, cwd=tmp_path
    )
    assert "HEAVY [] 0" in result.stdout, result.stdout + result.stderr


def test_show_compass_marks_a_small_share_of_a_long_workshop(
    runner: CliRunner, write: Callable[..., Path]
) -> None:
    day = (
        "  - start: 9:00\n    end: 13:00\n    sessions:\n"
        "      - {title: Vision, minutes: 150, compass: [future-possibilities, wholeness]}\n"
        "      - {title: Ideas, minutes: 10, compass: [innovation]}\n"
    )
    text = BASE_WORKSHOP.split("days:\n")[0] + "days:\n" + day * 2
    result = runner.invoke(app, ["show", "--compass", str(write("w.yaml", text))])
    assert result.exit_code == 0, result.output
    innovation = next(line for line in result.stdout.splitlines() if line.startswith("Innovation"))
    assert innovation.rstrip().endswith("6 % !")
    assert "a share under 10 % is marked !" in result.stdout
    # the same day once: a one-day workshop may choose its focus, nothing is marked
    once = BASE_WORKSHOP.split("days:\n")[0] + "days:\n" + day
    result = runner.invoke(app, ["show", "--compass", str(write("one.yaml", once))])
    assert " !" not in result.stdout
