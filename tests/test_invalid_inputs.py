"""The canonical bad inputs: each gets its code at its line and column, exit 1, no traceback,
and nothing is written."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from facilitation import codes
from facilitation.cli.app import app

INVALID = Path(__file__).parent / "data" / "invalid"

CASES: list[tuple[str, list[tuple[str, int, int]]]] = [
    ("key-typo.yaml", [(codes.UNKNOWN_FIELD, 12, 9)]),
    ("minutes-negative.yaml", [(codes.NON_POSITIVE_DURATION, 11, 18)]),
    ("minutes-words.yaml", [(codes.INVALID_NUMBER, 11, 18)]),
    ("start-25.yaml", [(codes.INVALID_TIME, 7, 12)]),
    ("date-feb-30.yaml", [(codes.INVALID_DATE, 12, 11)]),
    ("lead-not-on-team.yaml", [(codes.NO_LUNCH, 7, 5), (codes.UNKNOWN_FACILITATOR, 12, 15)]),
    ("method-unknown.yaml", [(codes.NO_LUNCH, 7, 5), (codes.UNKNOWN_METHOD, 11, 17)]),
    (
        "anchor-passed.yaml",
        [(codes.NO_LUNCH, 7, 5), (codes.NO_BREAK, 12, 9), (codes.ANCHOR_PASSED, 15, 13)],
    ),
    ("overrun.yaml", [(codes.OVERRUN, 24, 9)]),
    ("duplicate-session-id.yaml", [(codes.NO_LUNCH, 7, 5), (codes.DUPLICATE_ID, 13, 13)]),
    ("empty.yaml", [(codes.NOT_A_MAPPING, 1, 1)]),
    ("a-list.yaml", [(codes.NOT_A_MAPPING, 1, 1)]),
    ("a-sentence.yaml", [(codes.NOT_A_MAPPING, 1, 1)]),
    ("not-utf8.yaml", [(codes.NOT_UTF8, 3, 13)]),
    ("tab.yaml", [(codes.TAB_INDENT, 3, 1)]),
    ("unclosed-quote.yaml", [(codes.YAML_SYNTAX, 3, 10)]),
    ("duplicate-key.yaml", [(codes.DUPLICATE_KEY, 4, 3)]),
    ("alias-bomb.yaml", [(codes.ALIAS_LIMIT, 3, 50)]),
    # libyaml stops at its own limit of 1000 levels; the pure-Python reader at ours (64).
    ("deep-list.yaml", [(codes.TOO_DEEP, 1, 1010 if yaml.__with_libyaml__ else 74)]),
    ("python-tag.yaml", [(codes.TAG_NOT_ALLOWED, 1, 11)]),
]


def _listing(folder: Path) -> list[str]:
    return sorted(str(path.relative_to(folder)) for path in folder.rglob("*"))


@pytest.mark.parametrize(("name", "expected"), CASES, ids=[name for name, _ in CASES])
def test_bad_input_gets_code_line_and_column(
    name: str, expected: list[tuple[str, int, int]], runner: CliRunner, tmp_path: Path
) -> None:
    shutil.copy(INVALID / name, tmp_path / name)
    shutil.copy(INVALID / "_programme.yaml", tmp_path / "_programme.yaml")
    before = _listing(tmp_path)
    result = runner.invoke(app, ["check", "--format", "json", str(tmp_path / name)])
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output + result.stderr
    found = [(d["code"], d["line"], d["column"]) for d in json.loads(result.stdout)]
    assert found == expected
    assert _listing(tmp_path) == before


@pytest.mark.parametrize(("name", "_expected"), CASES, ids=[name for name, _ in CASES])
def test_human_output_shows_the_line_and_a_hint(
    name: str, _expected: object, runner: CliRunner, tmp_path: Path
) -> None:
    shutil.copy(INVALID / name, tmp_path / name)
    shutil.copy(INVALID / "_programme.yaml", tmp_path / "_programme.yaml")
    result = runner.invoke(app, ["check", str(tmp_path / name)])
    assert result.exit_code == 1
    assert "Traceback" not in result.stderr
    assert "-->" in result.stderr
    assert "error[" in result.stderr


def test_messages_word_for_word(runner: CliRunner) -> None:
    result = runner.invoke(
        app,
        [
            "check",
            "--format",
            "concise",
            str(INVALID / "key-typo.yaml"),
            str(INVALID / "method-unknown.yaml"),
            str(INVALID / "anchor-passed.yaml"),
            str(INVALID / "overrun.yaml"),
        ],
    )
    lines = result.stderr.splitlines()
    assert any(
        line.endswith(
            'key-typo.yaml:12:9: S102 unknown field `facilitatr` in session "Welcome" (day 1)'
        )
        for line in lines
    ), lines
    assert any(
        line.endswith(
            'anchor-passed.yaml:15:13: P202 session "Coffee" is fixed at 10:00, but the '
            "sessions before it run until 10:40 (40 min too long)"
        )
        for line in lines
    ), lines
    assert any(
        line.endswith(
            "overrun.yaml:24:9: P201 day 1 runs 60 min past its end at 17:00: it finishes at "
            '18:00; "Tea" is the first session past the end'
        )
        for line in lines
    ), lines


def test_hints_suggest_the_nearest_names(runner: CliRunner) -> None:
    result = runner.invoke(
        app,
        [
            "check",
            "-f",
            "json",
            str(INVALID / "method-unknown.yaml"),
            str(INVALID / "key-typo.yaml"),
        ],
    )
    hints = {d["code"]: d["hint"] for d in json.loads(result.stdout)}
    assert hints[codes.UNKNOWN_METHOD] == "did you mean `world-cafe`?"
    assert hints[codes.UNKNOWN_FIELD] == "did you mean `lead`?"


def test_anchor_names_the_sessions_that_overlap(runner: CliRunner) -> None:
    result = runner.invoke(app, ["check", "-f", "json", str(INVALID / "anchor-passed.yaml")])
    [anchor] = [d for d in json.loads(result.stdout) if d["code"] == codes.ANCHOR_PASSED]
    assert anchor["notes"] == ['"Expectations" runs 09:40–10:40']


def test_python_tag_runs_nothing(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copy(INVALID / "python-tag.yaml", tmp_path / "w.yaml")
    monkeypatch.chdir(tmp_path)
    runner.invoke(app, ["check", "w.yaml"])
    assert not (tmp_path / "owned.txt").exists()
