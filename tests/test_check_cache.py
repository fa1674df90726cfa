"""The cache of `check`: the same answer at once while nothing changed, a fresh check otherwise."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import EXAMPLE
from facilitation.checking import analyse as analyse_module
from facilitation.checking import cache
from facilitation.checking.cache import CheckResult
from facilitation.cli.app import app
from facilitation.cli.plan import Format, _read_check_arguments
from facilitation.errors import Diagnostic, Location, Severity
from facilitation.source_map import SourceMap

#: Long enough ago that no file counts as just changed.
OLD = time.time_ns() - 3600 * 10**9

#: A workshop with two warnings that show source lines.
LONG_DAY = """\
programme:
  name: Test programme
  team:
    - id: ek
      name: Elena Kovač
workshop:
  id: test
  title: Test workshop
  start: 2026-03-02
days:
  - start: 8:00
    end: 21:00
    sessions:
      - title: Welcome
        minutes: 45
        lead: ek
"""


def age(folder: Path, when: int = OLD) -> None:
    """Give every file below ``folder`` a modification time long past."""
    for path in folder.rglob("*"):
        if path.is_file():
            os.utime(path, ns=(when, when))


@pytest.fixture
def analyses(monkeypatch: pytest.MonkeyPatch) -> list[list[Path]]:
    """The paths of every analysis that runs (none when the cache answers)."""
    calls: list[list[Path]] = []
    real = analyse_module.analyse_paths

    def counted(paths: list[Path]) -> analyse_module.Report:
        calls.append(list(paths))
        return real(paths)

    monkeypatch.setattr(analyse_module, "analyse_paths", counted)
    return calls


@pytest.fixture
def check(runner: CliRunner) -> Callable[..., tuple[int, str]]:
    """Run `check` with these arguments in-process; return the exit code and everything printed."""

    def _check(*arguments: str | Path) -> tuple[int, str]:
        result = runner.invoke(app, ["check", *map(str, arguments)])
        assert result.exception is None or isinstance(result.exception, SystemExit), result.output
        return result.exit_code, result.output

    return _check


@pytest.fixture
def workshop(tmp_path: Path) -> Path:
    path = tmp_path / "plan" / "workshop.yaml"
    path.parent.mkdir()
    path.write_text(LONG_DAY, encoding="utf-8")
    age(path.parent)
    return path


@pytest.fixture
def example(tmp_path: Path) -> Path:
    folder = tmp_path / "western-balkans"
    shutil.copytree(EXAMPLE, folder)
    age(folder)
    return folder


def entries(cache_home: Path) -> list[Path]:
    return sorted((cache_home / "facilitation" / "check").glob("*.json"))


# --- the whole command, as a user runs it -------------------------------------------------------

_RUN = """
import atexit, json, sys
from facilitation.cli.app import main
modules = sys.argv.pop(1)
atexit.register(lambda: open(modules, "w").write(json.dumps(sorted(sys.modules))))
main()
"""


def run(arguments: list[str], cwd: Path, modules: Path) -> tuple[int, bytes, bytes, list[str]]:
    """`facilitation ARGUMENTS` as a process: exit code, stdout, stderr and the modules it loaded."""
    done = subprocess.run(
        [sys.executable, "-c", _RUN, str(modules), *arguments],
        cwd=cwd,
        capture_output=True,
        check=False,
        timeout=120,
    )
    return done.returncode, done.stdout, done.stderr, json.loads(modules.read_text())


@pytest.mark.parametrize("output", ["human", "concise", "json"])
@pytest.mark.usefixtures("workshop")
def test_a_second_check_answers_from_the_cache_with_the_same_bytes(
    output: str, tmp_path: Path, cache_home: Path
) -> None:
    arguments = ["check", "-f", output, "plan"]
    first = run(arguments, tmp_path, tmp_path / "first.json")
    assert len(entries(cache_home)) == 1
    second = run(arguments, tmp_path, tmp_path / "second.json")
    assert second[:3] == first[:3]
    assert first[0] == 0
    assert b"P211" in (first[1] + first[2])
    assert "pydantic" in first[3]
    loaded = [
        name
        for name in second[3]
        if name.split(".")[0] == "pydantic"
        or name.startswith(("facilitation.model", "facilitation.reading"))
    ]
    assert loaded == []


def test_the_example_answers_from_the_cache(example: Path, tmp_path: Path) -> None:
    first = run(["check", str(example)], tmp_path, tmp_path / "first.json")
    second = run(["check", str(example)], tmp_path, tmp_path / "second.json")
    assert first[:3] == second[:3]
    assert b"no problems in 14 files" in second[2]
    assert "facilitation.model" not in second[3]


@pytest.mark.usefixtures("workshop")
def test_strict_takes_its_exit_code_from_the_cache(tmp_path: Path) -> None:
    assert run(["check", "plan"], tmp_path, tmp_path / "m.json")[0] == 0
    code, _, err, modules = run(["check", "--strict", "plan"], tmp_path, tmp_path / "m.json")
    assert code == 1
    assert b"2 warnings in 1 file" in err
    assert "facilitation.model" not in modules


# --- what the answer depends on ----------------------------------------------------------------


def test_warnings_with_their_lines_print_the_same_from_the_cache(
    workshop: Path, check: Callable[..., tuple[int, str]], analyses: list[list[Path]]
) -> None:
    first = check(workshop)
    assert check(workshop) == first
    assert len(analyses) == 1
    assert "12 |     end: 21:00" in first[1]
    assert check("--strict", workshop)[0] == 1
    assert check("-f", "json", workshop)[1] == check("-f", "json", "--no-cache", workshop)[1]
    assert len(analyses) == 2


def test_the_same_size_with_another_time_is_a_change(
    workshop: Path, check: Callable[..., tuple[int, str]], analyses: list[list[Path]]
) -> None:
    check(workshop)
    workshop.write_text(LONG_DAY.replace("lead: ek", "lead: zz"), encoding="utf-8")
    os.utime(workshop, ns=(OLD + 10**9, OLD + 10**9))
    code, output = check(workshop)
    assert len(analyses) == 2
    assert code == 1
    assert "P205" in output


def test_another_size_at_the_same_time_is_a_change(
    workshop: Path, check: Callable[..., tuple[int, str]], analyses: list[list[Path]]
) -> None:
    check(workshop)
    workshop.write_text(LONG_DAY.replace("end: 21:00", "end: 17:00 "), encoding="utf-8")
    os.utime(workshop, ns=(OLD, OLD))
    _, output = check(workshop)
    assert len(analyses) == 2
    assert "P211" not in output


def test_a_new_yaml_file_in_the_folder_is_a_change(
    workshop: Path, check: Callable[..., tuple[int, str]], analyses: list[list[Path]]
) -> None:
    check(workshop.parent)
    second = workshop.with_name("second.yaml")
    second.write_text(LONG_DAY.replace("id: test", "id: second"), encoding="utf-8")
    age(workshop.parent)
    _, output = check(workshop.parent)
    assert len(analyses) == 2
    assert "4 warnings in 2 files" in output


def test_a_deleted_logo_is_a_change(
    example: Path, check: Callable[..., tuple[int, str]], analyses: list[list[Path]]
) -> None:
    assert check(example) == check(example)
    assert len(analyses) == 1
    (example / "logos" / "giz.png").unlink()
    code, output = check(example)
    assert len(analyses) == 2
    assert code == 1
    assert "R305" in output


def test_a_programme_outside_the_given_folder_is_followed(
    example: Path, check: Callable[..., tuple[int, str]], analyses: list[list[Path]]
) -> None:
    kickoff = example / "kickoffs" / "albania.yaml"
    assert check(kickoff)[0] == 0
    assert check(kickoff)[0] == 0
    assert len(analyses) == 1
    programme = example / "programme.yaml"
    text = programme.read_text(encoding="utf-8")
    programme.write_text(text.replace("logos/giz.png", "logos/gyz.png"), encoding="utf-8")
    os.utime(programme, ns=(OLD + 10**9, OLD + 10**9))
    code, output = check(kickoff)
    assert len(analyses) == 2
    assert code == 1
    assert "gyz.png" in output


def test_a_file_changed_just_now_is_not_trusted(
    tmp_path: Path,
    check: Callable[..., tuple[int, str]],
    analyses: list[list[Path]],
    cache_home: Path,
) -> None:
    path = tmp_path / "plan" / "workshop.yaml"
    path.parent.mkdir()
    path.write_text(LONG_DAY, encoding="utf-8")
    check(path)
    check(path)
    assert len(analyses) == 2
    assert entries(cache_home) == []


def test_another_working_folder_is_another_answer(
    workshop: Path,
    check: Callable[..., tuple[int, str]],
    analyses: list[list[Path]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(workshop.parent)
    check("workshop.yaml")
    monkeypatch.chdir(workshop.parent.parent)
    _, output = check("plan/workshop.yaml")
    assert len(analyses) == 2
    assert "--> plan/workshop.yaml:12:10" in output


# --- turning it off, and a cache that cannot be used -------------------------------------------


def test_no_cache_checks_again_and_keeps_nothing_new(
    workshop: Path,
    check: Callable[..., tuple[int, str]],
    analyses: list[list[Path]],
    cache_home: Path,
) -> None:
    check("--no-cache", workshop)
    assert entries(cache_home) == []
    check(workshop)
    check("--no-cache", workshop)
    assert len(analyses) == 3


def test_the_environment_turns_it_off(
    workshop: Path,
    check: Callable[..., tuple[int, str]],
    analyses: list[list[Path]],
    monkeypatch: pytest.MonkeyPatch,
    cache_home: Path,
) -> None:
    monkeypatch.setenv("FACILITATION_NO_CACHE", "1")
    check(workshop)
    assert entries(cache_home) == []
    monkeypatch.setenv("FACILITATION_NO_CACHE", "0")
    check(workshop)
    monkeypatch.setenv("FACILITATION_NO_CACHE", "1")
    check(workshop)
    assert len(analyses) == 3
    monkeypatch.delenv("FACILITATION_NO_CACHE")
    check(workshop)
    assert len(analyses) == 3


def test_a_corrupt_entry_is_a_miss(
    workshop: Path,
    check: Callable[..., tuple[int, str]],
    analyses: list[list[Path]],
    cache_home: Path,
) -> None:
    first = check(workshop)
    for text in ("{not json", "[]", '{"format": 1}', ""):
        (entry,) = entries(cache_home)
        entry.write_text(text, encoding="utf-8")
        assert check(workshop) == first
    assert len(analyses) == 5


def test_an_entry_with_bad_values_is_a_miss(
    workshop: Path,
    check: Callable[..., tuple[int, str]],
    analyses: list[list[Path]],
    cache_home: Path,
) -> None:
    first = check(workshop)
    (entry,) = entries(cache_home)
    data = json.loads(entry.read_text(encoding="utf-8"))
    data["diagnostics"][0]["line"] = "twelve"
    entry.write_text(json.dumps(data), encoding="utf-8")
    assert check(workshop) == first
    assert len(analyses) == 2


def test_a_cache_folder_that_cannot_be_written_is_skipped(
    workshop: Path,
    tmp_path: Path,
    check: Callable[..., tuple[int, str]],
    analyses: list[list[Path]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    first = check(workshop)
    assert check(workshop) == first
    assert first[0] == 0
    assert len(analyses) == 2


def test_the_oldest_entries_go(
    workshop: Path, monkeypatch: pytest.MonkeyPatch, cache_home: Path
) -> None:
    folder = cache_home / "facilitation" / "check"
    folder.mkdir(parents=True)
    for number in range(3):
        old = folder / f"{number}.json"
        old.write_text("{}", encoding="utf-8")
        os.utime(old, ns=(OLD + number, OLD + number))
    monkeypatch.setattr(cache, "MAX_ENTRIES", 2)
    CliRunner().invoke(app, ["check", str(workshop)])
    assert [path.name for path in entries(cache_home)].count("0.json") == 0
    assert len(entries(cache_home)) == 2


def test_a_root_too_wide_is_not_cached(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    folder = tmp_path / "cache"
    assert cache._root([Path("/")], folder) is None
    assert cache._root([tmp_path / "a.yaml", tmp_path / "b" / "c.yaml"], folder) is None
    assert cache._root([tmp_path / "b" / "c.yaml"], folder) == tmp_path / "b"
    assert cache._root([folder / "x" / "y.yaml"], folder) is None


def test_a_root_with_too_many_files_is_not_cached(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in "abc":
        (tmp_path / name).write_text("", encoding="utf-8")
    monkeypatch.setattr(cache, "MAX_LISTED", 2)
    assert cache._listing(tmp_path, tmp_path / "cache") is None


def test_the_listing_skips_version_control_bytecode_and_the_cache(tmp_path: Path) -> None:
    own = tmp_path / "cache" / "facilitation" / "check"
    skipped = [tmp_path / ".git", tmp_path / "__pycache__", tmp_path / ".venv", own]
    for folder in skipped:
        folder.mkdir(parents=True)
    (tmp_path / "w.yaml").write_text("", encoding="utf-8")
    before = cache._listing(tmp_path, own)
    for folder in skipped:
        (folder / "x").write_text("1", encoding="utf-8")
    assert cache._listing(tmp_path, own) == before
    (tmp_path / "w.yaml").write_text("changed", encoding="utf-8")
    assert cache._listing(tmp_path, own) != before


# --- what is kept -------------------------------------------------------------------------------


def test_a_result_is_kept_exactly() -> None:
    diagnostics = [
        Diagnostic(
            "P204",
            "day 1 lasts 13 h but has no lunch",
            Location("plan/w.yaml", 11, 5, 3),
            Severity.WARNING,
            hint="add a lunch",
            notes=("one", "two — ünïcode"),
        ),
        Diagnostic("S101", "no line", Location("plan/other.yaml")),
        Diagnostic("S102", "no source", Location("plan/gone.yaml", 2, 1)),
    ]
    source = SourceMap("plan/w.yaml", [f"line {number}" for number in range(1, 20)])
    result = CheckResult(diagnostics, 3, True, True, {"plan/w.yaml": source})
    data = json.loads(json.dumps(cache._result_data(result)))
    assert data["lines"] == {"plan/w.yaml": {"11": "line 11"}}
    back = cache._result_from(data)
    assert back.diagnostics == diagnostics
    assert (back.files, back.failed, back.failed_strict) == (3, True, True)
    assert back.sources["plan/w.yaml"].line_text(11) == "line 11"


@pytest.mark.parametrize(
    ("arguments", "expected"),
    [
        (["check", "a"], ([Path("a")], Format.human, False)),
        (
            ["check", "--strict", "-f", "json", "a", "b"],
            ([Path("a"), Path("b")], Format.json, True),
        ),
        (["check", "--format=concise", "a", "--no-strict"], ([Path("a")], Format.concise, False)),
        (["check", "--", "-odd"], ([Path("-odd")], Format.human, False)),
        (["check"], None),
        (["check", "--help", "a"], None),
        (["check", "--no-cache", "a"], None),
        (["check", "-f", "yaml", "a"], None),
        (["check", "a", "-f"], None),
        (["check", "-fjson", "a"], None),
        (["check", "-", "a"], None),
        (["show", "a"], None),
        (["--version"], None),
        ([], None),
    ],
)
def test_only_plain_check_command_lines_are_read_before_typer(
    arguments: list[str], expected: tuple[list[Path], Format, bool] | None
) -> None:
    if sys.platform == "win32":
        expected = None
    assert _read_check_arguments(arguments) == expected
