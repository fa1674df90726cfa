"""`facilitation record`: one insertion, every other byte kept, nothing written on any failure."""

from __future__ import annotations

import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import BASE_WORKSHOP
from facilitation.checking.analyse import analyse_paths
from facilitation.cli.app import app
from facilitation.editing import record as recording

WORKSHOP = BASE_WORKSHOP.replace(
    "      - title: Welcome\n", "      - id: welcome\n        title: Welcome\n"
)


def single_insertion(old: bytes, new: bytes) -> bytes:
    """The inserted bytes, asserting that ``new`` is ``old`` with one contiguous insertion."""
    prefix = 0
    while prefix < len(old) and old[prefix] == new[prefix]:
        prefix += 1
    suffix = 0
    while suffix < len(old) - prefix and old[len(old) - 1 - suffix] == new[len(new) - 1 - suffix]:
        suffix += 1
    assert prefix + suffix == len(old), "bytes of the old file were changed"
    return new[prefix : len(new) - suffix]


HAND_WRITTEN = {
    "comments, flow lists and odd indentation": (
        "outcomes:\n"
        "    workshop: w.yaml   # the kick-off\n"
        "    # activities agreed in the plenary\n"
        "    activities:\n"
        "    -   id: a1   # first\n"
        "        title: 'NO'\n"
        "        countries: [RS,   XK]\n"
        "        scope: cross-border\n"
        "        lead_country: RS\n"
        "\n"
        "    # more to come\n"
        '    decisions: [{what: "Meet monthly"}]\n'
    ),
    "windows line endings and a BOM": (
        "\ufeff# record\r\noutcomes:\r\n  workshop: w.yaml\r\n  activities:\r\n    - id: a1\r\n      title: x\r\n"
    ),
    "no newline at the end": 'outcomes:\n  workshop: w.yaml\n  activities:\n  - id: a1\n    title: "x"',
    "empty flow list": "outcomes:\n  workshop: w.yaml\n  activities: []  # none yet\n",
    "flow mapping": "outcomes: {workshop: w.yaml}\n",
    "list missing, folded text": (
        "outcomes:\n  workshop: w.yaml\n  summary: >-\n    A long\n    folded text.\n\n# end of file\n"
    ),
    "empty list key": "outcomes:\n  workshop: w.yaml\n  activities:\n  decisions: []\n",
}


@pytest.mark.parametrize("name", list(HAND_WRITTEN))
def test_every_other_byte_is_kept(name: str, write: Callable[..., Path], runner: CliRunner) -> None:
    write("w.yaml", WORKSHOP)
    record = write("outcomes.yaml", HAND_WRITTEN[name].encode("utf-8"))
    old = record.read_bytes()
    result = runner.invoke(
        app,
        [
            "record",
            str(record),
            "activity",
            "--id",
            "new-one",
            "--title",
            "No: 14:30 & <b>",
            "--countries",
            "RS,XK",
            "--scope",
            "cross-border",
            "--lead-country",
            "RS",
            "--no-interactive",
        ],
    )
    assert result.exit_code == 0, result.output
    inserted = single_insertion(old, record.read_bytes())
    assert b'"No: 14:30 & <b>"' in inserted
    report = analyse_paths([record])
    assert report.errors == 0, report.diagnostics
    workshop = report.analyses[0].workshop
    assert workshop is not None
    outcomes = workshop.all_outcomes()
    assert outcomes is not None
    new = [a for a in outcomes.activities if a.id == "new-one"]
    assert len(new) == 1
    assert new[0].title == "No: 14:30 & <b>"
    assert new[0].countries == ["RS", "XK"]
    if b"\r\n" in old:
        assert b"\n" not in inserted.replace(b"\r\n", b"")


def test_record_into_a_workshop_without_outcomes(
    write: Callable[..., Path], runner: CliRunner
) -> None:
    path = write("w.yaml", WORKSHOP)
    old = path.read_bytes()
    for arguments in (
        ["decision", "--what", "Meet every month", "--why", "Keep momentum"],
        ["action", "--what", "Send the minutes", "--owner", "ek", "--due", "2026-03-20"],
        ["role", "--who", "rs-police", "--what", "Coordinates the national team"],
        ["question", "--text", "Who funds the travel?", "--risk"],
        [
            "result",
            "--session",
            "welcome",
            "--summary",
            "Everyone arrived",
            "--point",
            "a",
            "--point",
            "b",
        ],
    ):
        result = runner.invoke(app, ["record", str(path), *arguments, "--no-interactive"])
        assert result.exit_code == 0, result.output
    text = path.read_text(encoding="utf-8")
    assert text.startswith(old.decode("utf-8"))
    outcomes = analyse_paths([path]).analyses[0].workshop.all_outcomes()  # type: ignore[union-attr]
    assert outcomes is not None
    assert [d.what for d in outcomes.decisions] == ["Meet every month"]
    assert [(a.owner, str(a.due)) for a in outcomes.actions] == [("ek", "2026-03-20")]
    assert outcomes.questions[0].kind == "risk"
    assert outcomes.results[0].points == ["a", "b"]


def test_refuses_a_file_with_a_syntax_error(write: Callable[..., Path], runner: CliRunner) -> None:
    path = write("w.yaml", WORKSHOP + "outcomes:\n  decisions: [what: 'open\n")
    old = path.read_bytes()
    result = runner.invoke(
        app, ["record", str(path), "decision", "--what", "x", "--no-interactive"]
    )
    assert result.exit_code == 1
    assert "Y103" in result.stderr
    assert path.read_bytes() == old


def test_refuses_a_file_with_errors(write: Callable[..., Path], runner: CliRunner) -> None:
    path = write("w.yaml", WORKSHOP.replace("lead: ek", "lead: nobody"))
    old = path.read_bytes()
    result = runner.invoke(
        app, ["record", str(path), "decision", "--what", "x", "--no-interactive"]
    )
    assert result.exit_code == 1
    assert "P205" in result.stderr
    assert path.read_bytes() == old


@pytest.mark.parametrize(
    ("arguments", "words"),
    [
        (["action", "--what", "x", "--owner", "ek", "--due", "2026-02-30"], "not a real date"),
        (["action", "--what", "x", "--owner", "nobody"], "the new action: the owner `nobody`"),
        (["action", "--what", "x", "--owner", "ek", "--due", "2025-01-01"], "due on 2025-01-01"),
        (["action", "--what", "x"], "an action needs --owner"),
        (
            [
                "activity",
                "--id",
                "x",
                "--title",
                "T",
                "--scope",
                "cross-border",
                "--lead-country",
                "RS",
                "--countries",
                "RS",
            ],
            "needs at least two",
        ),
        (["activity", "--id", "Bad Id", "--title", "T"], "not an id"),
        (["activity", "--id", "x", "--title", "T", "--lead", "police-hq"], "not an institution"),
        (["result", "--session", "welcom", "--summary", "s"], "did you mean `welcome`?"),
        (["photo", "--file", "missing.jpg", "--caption", "c", "--consent"], "does not exist"),
    ],
)
def test_a_value_that_fails_names_the_field_and_writes_nothing(
    arguments: list[str], words: str, write: Callable[..., Path], runner: CliRunner
) -> None:
    path = write("w.yaml", WORKSHOP)
    old = path.read_bytes()
    result = runner.invoke(app, ["record", str(path), *arguments, "--no-interactive"])
    assert result.exit_code == 1, result.output
    assert words in result.stderr
    assert path.read_bytes() == old
    assert not list(path.parent.glob(".~tmp-*"))


def test_an_option_for_another_kind_is_a_usage_error(
    write: Callable[..., Path], runner: CliRunner
) -> None:
    path = write("w.yaml", WORKSHOP)
    result = runner.invoke(app, ["record", str(path), "decision", "--what", "x", "--owner", "ek"])
    assert result.exit_code == 2
    assert "--owner does not apply to a decision" in result.stderr


def test_interactive_asks_again_until_an_answer_is_valid(
    write: Callable[..., Path], runner: CliRunner
) -> None:
    path = write("w.yaml", WORKSHOP)
    answers = "Send the minutes\nnobody\nek\n2026-02-30\n2026-03-20\n"
    result = runner.invoke(app, ["record", str(path), "action", "--interactive"], input=answers)
    assert result.exit_code == 0, result.output
    assert "`nobody` is not on the team" in result.stderr
    assert "not a real date" in result.stderr or "day value is outside" in result.stderr
    outcomes = analyse_paths([path]).analyses[0].workshop.all_outcomes()  # type: ignore[union-attr]
    assert outcomes is not None
    assert [(a.what, a.owner, str(a.due)) for a in outcomes.actions] == [
        ("Send the minutes", "ek", "2026-03-20")
    ]


def test_interactive_offers_the_known_ids(write: Callable[..., Path], runner: CliRunner) -> None:
    path = write("w.yaml", WORKSHOP)
    answers = "cross-border\nrs-police\nRS\nRS,XK\nQ3 2026\n"
    result = runner.invoke(
        app,
        ["record", str(path), "activity", "--id", "j1", "--title", "Joint", "--interactive"],
        input=answers,
    )
    assert result.exit_code == 0, result.output
    assert "choose from: rs-police" in result.stderr
    assert "choose from: RS, XK" in result.stderr


def test_ctrl_c_in_a_prompt_leaves_the_file_unchanged(
    write: Callable[..., Path], runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    import rich.prompt

    def interrupted(*_args: object, **_kwargs: object) -> str:
        raise KeyboardInterrupt

    monkeypatch.setattr(rich.prompt.Prompt, "ask", interrupted)
    path = write("w.yaml", WORKSHOP)
    old = path.read_bytes()
    result = runner.invoke(app, ["record", str(path), "decision", "--interactive"])
    assert result.exit_code == 130
    assert "nothing was written" in result.stderr
    assert path.read_bytes() == old


def test_refuses_when_the_file_changed_meanwhile(write: Callable[..., Path]) -> None:
    path = write("w.yaml", WORKSHOP)
    snapshot = recording.Snapshot.read(path)
    entry = recording.validate_entry("decision", {"what": "Meet monthly"})
    someone_else = WORKSHOP + "# edited by a colleague\n"
    path.write_text(someone_else, encoding="utf-8")
    with pytest.raises(recording.ConcurrentEditError):
        recording.add(path, "decision", entry, snapshot)
    assert path.read_text(encoding="utf-8") == someone_else


#: Runs ``python -m facilitation`` with ``os.replace`` patched: when the file named first is
#: renamed into place, the process kills itself (SIGKILL: no ``finally``, no clean-up) just before
#: or just after the rename, or is interrupted (Ctrl-C) just before it. Arguments: the target,
#: ``before-rename``, ``after-rename`` or ``interrupted-before-rename``, then the command line.
KILL_AT_WRITE = """\
import os
import runpy
import signal
import sys
from pathlib import Path

target = Path(sys.argv.pop(1)).resolve()
when = sys.argv.pop(1)
real_replace = os.replace


def die():
    if hasattr(signal, "SIGKILL"):
        os.kill(os.getpid(), signal.SIGKILL)
    os._exit(137)  # Windows: end at once, as abruptly


def replace(source, destination, *args, **kwargs):
    if Path(destination).resolve() != target:
        return real_replace(source, destination, *args, **kwargs)
    if when == "before-rename":
        die()
    if when == "interrupted-before-rename":
        raise KeyboardInterrupt
    real_replace(source, destination, *args, **kwargs)
    die()


os.replace = replace
sys.argv[0] = "facilitation"
runpy.run_module("facilitation", run_name="__main__", alter_sys=True)
"""


@pytest.mark.parametrize("when", ["before-rename", "after-rename", "interrupted-before-rename"])
def test_a_record_killed_at_the_write_leaves_old_or_new(
    when: str, tmp_path: Path, runner: CliRunner
) -> None:
    """A kill at the write itself: the file is the old bytes or the complete new content.

    Killed before the rename, the temporary file cannot be removed (SIGKILL runs no clean-up): it
    is left next to the file, complete, as a hidden ``.~tmp-*`` file that folder checks skip. An
    interrupt (Ctrl-C) at the same moment removes it.
    """
    folder = tmp_path / "work"
    folder.mkdir()
    path = folder / "w.yaml"
    # NOTE: a workshop with an `outcomes:` section is recorded into; without one, `record`
    # would start an outcome file next to it.
    path.write_text(WORKSHOP + "outcomes:\n  summary: Kick-off\n", encoding="utf-8")
    original = path.read_bytes()
    # The complete new content: what the same record writes when nothing interrupts it.
    finished = tmp_path / "finished" / "w.yaml"
    finished.parent.mkdir()
    finished.write_bytes(original)
    arguments = ["decision", "--what", "Meet monthly", "--no-interactive"]
    assert runner.invoke(app, ["record", str(finished), *arguments]).exit_code == 0
    new = finished.read_bytes()
    assert b'"Meet monthly"' in single_insertion(original, new)

    script = tmp_path / "kill_at_write.py"
    script.write_text(KILL_AT_WRITE, encoding="utf-8")
    command = [sys.executable, str(script), str(path), when, "record", str(path), *arguments]
    process = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    killed = -signal.SIGKILL if hasattr(signal, "SIGKILL") else 137
    expected = 130 if when.startswith("interrupted") else killed
    assert process.returncode == expected, f"the write was not reached: {process.stderr}"

    data = path.read_bytes()
    leftovers = sorted(item for item in folder.iterdir() if item != path)
    if when == "interrupted-before-rename":
        assert "nothing was written" in process.stderr
        assert data == original
        assert leftovers == []
    elif when == "before-rename":
        assert data == original
        [temporary] = leftovers
        assert temporary.name.startswith(".~tmp-")
        assert temporary.suffix == ".yaml"
        assert temporary.read_bytes() == new
        assert [analysis.path for analysis in analyse_paths([folder]).analyses] == [path]
    else:
        assert data == new
        assert leftovers == []
    report = analyse_paths([path])
    assert report.errors == 0
    assert report.analyses[0].workshop is not None


def test_a_missing_record_file_is_named_as_missing(runner: CliRunner, tmp_path: Path) -> None:
    missing = tmp_path / "kickoff.yaml"
    result = runner.invoke(app, ["record", str(missing), "decision", "--what", "x"])
    assert result.exit_code == 2, result.output
    assert "kickoff.yaml does not exist" in result.stderr
    assert not missing.exists()
