"""The command line: wiring, exit codes, formats, and what `check` must not import."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import BASE_WORKSHOP
from facilitation import __version__
from facilitation.cli.app import app

COMMANDS = ["check", "show", "schema"]


def test_version(runner: CliRunner) -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.stdout.strip() == f"facilitation {__version__}"


@pytest.mark.parametrize("command", [[], *([c] for c in COMMANDS)])
def test_help_on_every_command(runner: CliRunner, command: list[str]) -> None:
    result = runner.invoke(app, [*command, "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage:" in result.stdout


def test_python_dash_m(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "facilitation", "--version"],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
    )
    assert result.returncode == 0
    assert result.stdout.strip() == f"facilitation {__version__}"


def test_clean_file_exits_zero(runner: CliRunner, write: Callable[..., Path]) -> None:
    result = runner.invoke(app, ["check", str(write("w.yaml", BASE_WORKSHOP))])
    assert result.exit_code == 0, result.output
    assert "no problems in 1 file" in result.stderr


def test_warnings_fail_only_under_strict(runner: CliRunner, write: Callable[..., Path]) -> None:
    path = write("w.yaml", BASE_WORKSHOP.replace("    end: 12:00\n", "    end: 17:00\n"))
    assert runner.invoke(app, ["check", str(path)]).exit_code == 0
    result = runner.invoke(app, ["check", "--strict", str(path)])
    assert result.exit_code == 1
    assert "1 warning" in result.stderr


def test_usage_errors_exit_two(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["check", str(tmp_path / "missing.yaml")])
    assert result.exit_code == 2
    assert "does not exist" in result.stderr
    assert runner.invoke(app, ["check", "--bogus", "x"]).exit_code == 2
    assert runner.invoke(app, ["check"]).exit_code == 2
    empty = tmp_path / "empty-folder"
    empty.mkdir()
    result = runner.invoke(app, ["check", str(empty)])
    assert result.exit_code == 2
    assert "no workshop files" in result.stderr


def test_folder_checks_every_workshop(runner: CliRunner, write: Callable[..., Path]) -> None:
    write("a/one.yaml", BASE_WORKSHOP)
    two = BASE_WORKSHOP.replace("lead: ek", "lead: zz").replace("id: test", "id: test-two")
    write("a/two.yaml", two)
    write("a/programme.yaml", "name: Not a workshop\n")
    write("a/.hidden/three.yaml", BASE_WORKSHOP)
    folder = write("a/one.yaml", BASE_WORKSHOP).parent
    result = runner.invoke(app, ["check", "-f", "json", str(folder)])
    assert result.exit_code == 1
    found = json.loads(result.stdout)
    assert [(Path(d["file"]).name, d["code"]) for d in found] == [("two.yaml", "P205")]


def test_concise_format(runner: CliRunner, write: Callable[..., Path]) -> None:
    path = write("w.yaml", BASE_WORKSHOP.replace("lead: ek", "lead: zz"))
    result = runner.invoke(app, ["check", "-f", "concise", str(path)])
    first = result.stderr.splitlines()[0]
    assert first.endswith("w.yaml:28:15: P205 `zz` is not on the facilitation team")


def test_show_prints_the_timed_agenda_at_80_columns(
    runner: CliRunner, write: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    from facilitation.cli import console

    monkeypatch.setattr(console.out, "_width", 80)
    text = BASE_WORKSHOP + (
        "      - {break: Coffee, minutes: 15}\n"
        "      - {title: 'Mapping our stakeholders [group work]', method: stakeholder-mapping}\n"
    )
    result = runner.invoke(app, ["show", str(write("w.yaml", text))])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert max(len(line) for line in lines) <= 80
    assert any("09:00–09:45" in line and "Welcome" in line for line in lines)
    assert any("Coffee (break)" in line for line in lines)
    assert "Mapping our stakeholders [group" in result.stdout
    assert "Work 1 h" in result.stdout


def test_show_refuses_a_file_with_errors(runner: CliRunner, write: Callable[..., Path]) -> None:
    result = runner.invoke(
        app, ["show", str(write("w.yaml", BASE_WORKSHOP + "      - {title: X, minutes: ten}\n"))]
    )
    assert result.exit_code == 1
    assert "S104" in result.stderr
    assert result.stdout == ""


def test_schema_is_json_with_our_fields(runner: CliRunner) -> None:
    result = runner.invoke(app, ["schema"])
    assert result.exit_code == 0
    document = json.loads(result.stdout)
    assert set(document["properties"]) >= {"programme", "workshop", "days", "participants"}
    assert document["$defs"]["Session"]["additionalProperties"] is False
    programme = json.loads(runner.invoke(app, ["schema", "--kind", "programme"]).stdout)
    assert "team" in programme["properties"]


def test_committed_schemas_are_current(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["schema", "--output", str(tmp_path)])
    assert result.exit_code == 0
    committed = Path(__file__).resolve().parent.parent / "schema"
    for written in sorted(tmp_path.glob("*.schema.json")):
        assert (committed / written.name).read_text(encoding="utf-8") == written.read_text(
            encoding="utf-8"
        ), f"schema/{written.name} is stale: run `facilitation schema -o schema`"


def test_help_imports_neither_the_models_nor_rich(tmp_path: Path) -> None:
    # NOTE: typer needs only the commands' signatures; a command imports its stage when it runs.
    code = (
        "import sys\n"
        "from facilitation.cli.app import app\n"
        "try:\n"
        "    app(['--help'])\n"
        "except SystemExit as exit:\n"
        "    code = exit.code\n"
        "heavy = sorted(m for m in ('facilitation.model', 'facilitation.checking', "
        "'facilitation.reading', 'rich.console', 'pydantic.main') if m in sys.modules)\n"
        "print('HEAVY', heavy, code)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, cwd=tmp_path
    )
    assert "HEAVY [] 0" in result.stdout, result.stdout + result.stderr


def test_check_does_not_import_document_libraries(tmp_path: Path) -> None:
    example = Path(__file__).resolve().parent.parent / "examples" / "western-balkans"
    code = (
        "import sys\n"
        "from facilitation.cli.app import app\n"
        "try:\n"
        f"    app(['check', {str(example)!r}])\n"
        "except SystemExit as exit:\n"
        "    code = exit.code\n"
        "heavy = sorted(m for m in ('docx', 'docxtpl', 'lxml', 'openpyxl', 'jinja2', 'babel') if m in sys.modules)\n"
        "print('HEAVY', heavy, code)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, cwd=tmp_path
    )
    assert "HEAVY [] 0" in result.stdout, result.stdout + result.stderr


def test_show_prints_a_plan_with_timing_errors_marked_where_it_breaks(
    runner: CliRunner, write: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    from facilitation.cli import console

    monkeypatch.setattr(console.out, "_width", 120)
    text = (
        "workshop:\n  id: w\n  title: Test\n  start: 2026-03-02\n"
        "days:\n  - start: 9:00\n    end: 11:00\n    sessions:\n"
        "      - {title: Long work, minutes: 90}\n"
        "      - {title: Fixed, minutes: 30, at: '10:00'}\n"
        "      - {title: Too late, minutes: 45}\n"
    )
    result = runner.invoke(app, ["show", str(write("w.yaml", text))])
    assert result.exit_code == 1
    assert "P202" in result.stderr
    assert "P201" in result.stderr
    assert "Fixed  ◀ 30 min into the session before" in result.stdout
    assert "Too late  ◀ past the day's end at 11:00" in result.stdout
