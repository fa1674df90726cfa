"""Any input, good or bad, ends with an exit code and a message: never a traceback.

The inputs are the example's own files, damaged the way files get damaged: lines lost, doubled or
swapped, characters replaced by awkward ones, the file cut short. Each run is bounded: hypothesis
derandomized, a fixed number of examples.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from conftest import EXAMPLE
from facilitation.cli.app import app

SOURCE = (EXAMPLE / "regional-strategic-planning.yaml").read_text(encoding="utf-8")
LINES = SOURCE.splitlines(keepends=True)
AWKWARD = [
    "", ":", "- ", "  ", "\t", "'", '"', "{", "[", "&a", "*a", "!!python/object", "<<: *a", "~",
    "Null", "no", "9:00", "24:61", "9999-12-31", "0000-01-01", "-5", "1e309", "\u2028", "\u200b",
    "\u202e", "\x00", "\ufeff", "{{ 7*7 }}", "{% for %}", "&amp;", "<w:p>", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢", "ﷺ",
    "\u0644\u0627", "x" * 600,
]  # fmt: skip


def _companions(folder: Path) -> None:
    """The programme, participants and logos the workshop names, next to it."""
    for name in ("programme.yaml", "participants.csv"):
        (folder / name).write_bytes((EXAMPLE / name).read_bytes())
    if not (folder / "logos").exists():
        shutil.copytree(EXAMPLE / "logos", folder / "logos")


@st.composite
def damaged(draw: st.DrawFn) -> str:
    lines = list(LINES)
    for _ in range(draw(st.integers(1, 4))):
        index = draw(st.integers(0, len(lines) - 1))
        action = draw(st.sampled_from(["drop", "double", "swap", "replace", "cut"]))
        if action == "drop":
            del lines[index]
        elif action == "double":
            lines.insert(index, lines[index])
        elif action == "swap" and index + 1 < len(lines):
            lines[index], lines[index + 1] = lines[index + 1], lines[index]
        elif action == "replace":
            line = lines[index]
            cut = draw(st.integers(0, max(0, len(line) - 1)))
            lines[index] = line[:cut] + draw(st.sampled_from(AWKWARD)) + line[cut + 1 :]
        elif action == "cut":
            lines = lines[: index + 1]
        if not lines:
            break
    return "".join(lines)


@settings(
    max_examples=100,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(text=damaged())
def test_check_of_a_damaged_workshop_ends_with_a_message(tmp_path: Path, text: str) -> None:
    folder = tmp_path / "w"
    folder.mkdir(exist_ok=True)
    _companions(folder)
    path = folder / "workshop.yaml"
    path.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(app, ["check", str(path)])
    assert result.exit_code in (0, 1, 2), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )


@settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(text=damaged())
def test_build_of_a_damaged_workshop_ends_with_a_message(tmp_path: Path, text: str) -> None:
    folder = tmp_path / "w"
    folder.mkdir(exist_ok=True)
    _companions(folder)
    (folder / "workshop.yaml").write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(
        app, ["build", str(folder / "workshop.yaml"), "-o", str(out), "--only", "agenda,calendar"]
    )
    assert result.exit_code in (0, 1, 2), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
