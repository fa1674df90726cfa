"""`record` and the atomic writes under stress: concurrent writers, links, modes, leftovers, Ctrl-C.

Each test reproduces one way the file on disk and what the command said could disagree.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import BASE_WORKSHOP
from facilitation.checking.analyse import analyse_paths
from facilitation.cli.app import app
from facilitation.editing import record as recording
from facilitation.errors import UserError, display_path
from facilitation.fileio import atomic_write

POSIX = sys.platform != "win32"

#: Rounds of eight concurrent `record` processes. Each round starts eight interpreters (about
#: 1 s of CPU each), so a round takes 4-5 s on two idle cores and up to 16 s on two busy ones: the
#: default run does 4 rounds; FACILITATION_RECORD_RACE_ROUNDS=20 runs the long version.
RACE_ROUNDS = int(os.environ.get("FACILITATION_RECORD_RACE_ROUNDS", "4"))
RACE_WRITERS = 8

OUTCOMES = "outcomes:\n  workshop: w.yaml\n  decisions:\n    - what: First\n"


def python_command(*arguments: str) -> list[str]:
    return [sys.executable, "-m", "facilitation", *arguments]


def decisions_of(workshop_path: Path) -> list[str]:
    report = analyse_paths([workshop_path])
    assert report.errors == 0, report.diagnostics
    workshop = report.analyses[0].workshop
    assert workshop is not None
    outcomes = workshop.all_outcomes()
    return [] if outcomes is None else [decision.what for decision in outcomes.decisions]


def leftovers(folder: Path) -> list[str]:
    return sorted(item.name for item in folder.iterdir() if item.name.startswith(".~"))


# --- 1. concurrent writers --------------------------------------------------------------------


def test_concurrent_records_report_only_entries_that_landed(tmp_path: Path) -> None:
    """Eight `record` processes at once, again and again: "added" means it is in the file."""
    started = time.monotonic()
    added_total = refused_total = 0
    for round_number in range(RACE_ROUNDS):
        folder = tmp_path / f"round-{round_number}"
        folder.mkdir()
        (folder / "w.yaml").write_text(BASE_WORKSHOP, encoding="utf-8")
        record = folder / "outcomes.yaml"
        record.write_text(OUTCOMES, encoding="utf-8")
        whats = [f"Decision {round_number}-{writer}" for writer in range(RACE_WRITERS)]
        processes = [
            subprocess.Popen(
                python_command(
                    "record", str(record), "decision", "--what", what, "--no-interactive"
                ),
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                cwd=folder,
            )
            for what in whats
        ]
        results = [
            (what, *process.communicate(timeout=120))
            for what, process in zip(whats, processes, strict=True)
        ]
        codes = [process.returncode for process in processes]
        recorded = decisions_of(folder / "w.yaml")
        for (what, _, stderr), code in zip(results, codes, strict=True):
            if code == 0:
                assert "added a decision" in stderr, stderr
                assert recorded.count(what) == 1, f"{what!r} reported added, missing: {stderr}"
                added_total += 1
            else:
                assert code == 2, stderr
                assert "nothing was written" in stderr, stderr
                assert what not in recorded, f"{what!r} refused, yet in the file"
                refused_total += 1
        assert recorded[0] == "First"
        assert sorted(recorded[1:]) == sorted(
            what for what, code in zip(whats, codes, strict=True) if code == 0
        )
        assert leftovers(folder) == []
    elapsed = time.monotonic() - started
    rounds = f"{RACE_ROUNDS} rounds of {RACE_WRITERS} writers"
    print(f"{rounds}: {added_total} added, {refused_total} refused, {elapsed:.1f} s")


def test_a_record_waits_while_another_holds_the_file(tmp_path: Path) -> None:
    """The lock is held from the read to the rename: a second writer waits, then adds on top."""
    (tmp_path / "w.yaml").write_text(BASE_WORKSHOP, encoding="utf-8")
    record = tmp_path / "outcomes.yaml"
    record.write_text(OUTCOMES, encoding="utf-8")
    snapshot = recording.Snapshot.read(record)
    command = python_command(
        "record", str(record), "decision", "--what", "Second", "--no-interactive"
    )
    process = subprocess.Popen(command, stderr=subprocess.PIPE, text=True, cwd=tmp_path)
    try:
        time.sleep(3)
        assert process.poll() is None, process.communicate()[1]
        assert record.read_text(encoding="utf-8") == OUTCOMES
        entry = recording.validate_entry("decision", {"what": "Held"})
        recording.add(record, "decision", entry, snapshot)
        _, stderr = process.communicate(timeout=60)
    finally:
        if process.poll() is None:  # pragma: no cover - only when an assertion failed
            process.kill()
            process.wait()
    assert process.returncode == 0, stderr
    assert decisions_of(tmp_path / "w.yaml") == ["First", "Held", "Second"]


def test_a_read_whose_write_never_came_does_not_block_the_next_record(
    tmp_path: Path, runner: CliRunner
) -> None:
    """In one process, a snapshot left behind (say, by a refused entry) gives way at once."""
    (tmp_path / "w.yaml").write_text(BASE_WORKSHOP, encoding="utf-8")
    record = tmp_path / "outcomes.yaml"
    record.write_text(OUTCOMES, encoding="utf-8")
    abandoned = recording.Snapshot.read(record)
    started = time.monotonic()
    result = runner.invoke(
        app, ["record", str(record), "decision", "--what", "Next", "--no-interactive"]
    )
    assert result.exit_code == 0, result.output
    assert time.monotonic() - started < recording.LOCK_TIMEOUT / 3
    assert decisions_of(tmp_path / "w.yaml") == ["First", "Next"]
    entry = recording.validate_entry("decision", {"what": "Stale"})
    with pytest.raises(recording.ConcurrentEditError):
        recording.add(record, "decision", entry, abandoned)
    assert decisions_of(tmp_path / "w.yaml") == ["First", "Next"]


# --- 2. links -----------------------------------------------------------------------------------


@pytest.mark.skipif(not POSIX, reason="symbolic links need privileges on Windows")
def test_record_through_a_link_writes_the_target_and_keeps_the_link(
    tmp_path: Path, runner: CliRunner
) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    (shared / "w.yaml").write_text(BASE_WORKSHOP, encoding="utf-8")
    target = shared / "outcomes.yaml"
    target.write_text(OUTCOMES, encoding="utf-8")
    target.chmod(0o640)
    link = shared / "latest.yaml"  # the current record, under a stable name
    link.symlink_to("outcomes.yaml")
    result = runner.invoke(
        app, ["record", str(link), "decision", "--what", "Through the link", "--no-interactive"]
    )
    assert result.exit_code == 0, result.output
    assert link.is_symlink()
    assert link.readlink() == Path("outcomes.yaml")
    assert decisions_of(shared / "w.yaml") == ["First", "Through the link"]
    assert "Through the link" in target.read_text(encoding="utf-8")
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert leftovers(shared) == []


# --- 3. read-only files -------------------------------------------------------------------------


def test_a_read_only_record_file_is_refused(tmp_path: Path, runner: CliRunner) -> None:
    (tmp_path / "w.yaml").write_text(BASE_WORKSHOP, encoding="utf-8")
    record = tmp_path / "outcomes.yaml"
    record.write_text(OUTCOMES, encoding="utf-8")
    record.chmod(0o444)
    try:
        result = runner.invoke(
            app, ["record", str(record), "decision", "--what", "Not here", "--no-interactive"]
        )
        assert result.exit_code == 2, result.output
        assert "outcomes.yaml" in result.stderr
        assert "read-only" in result.stderr
        assert record.read_text(encoding="utf-8") == OUTCOMES
        assert stat.S_IMODE(record.stat().st_mode) == 0o444
        assert leftovers(tmp_path) == []
    finally:
        record.chmod(0o644)


def test_add_refuses_a_file_made_read_only_after_it_was_read(tmp_path: Path) -> None:
    (tmp_path / "w.yaml").write_text(BASE_WORKSHOP, encoding="utf-8")
    record = tmp_path / "outcomes.yaml"
    record.write_text(OUTCOMES, encoding="utf-8")
    snapshot = recording.Snapshot.read(record)
    record.chmod(0o444)
    try:
        entry = recording.validate_entry("decision", {"what": "Not here"})
        with pytest.raises(UserError, match="read-only"):
            recording.add(record, "decision", entry, snapshot)
        assert record.read_text(encoding="utf-8") == OUTCOMES
    finally:
        record.chmod(0o644)


# --- 4. temporary files -------------------------------------------------------------------------

ACTIONS = (
    "outcomes:\n"
    "  workshop: w.yaml\n"
    "  actions:\n"
    "    - what: Send the minutes\n"
    "      owner: ek\n"
    "      due: 2026-03-20\n"
)


def test_a_leftover_temporary_file_is_not_read_as_input(tmp_path: Path) -> None:
    workshop = tmp_path / "w.yaml"
    workshop.write_text(BASE_WORKSHOP, encoding="utf-8")
    (tmp_path / "outcomes.yaml").write_text(ACTIONS, encoding="utf-8")
    # What a `record` killed before its rename leaves behind: a complete copy, hidden.
    (tmp_path / ".~tmp-k1ll3d.yaml").write_text(ACTIONS, encoding="utf-8")
    (tmp_path / ".~lock-outcomes.yaml").write_text("", encoding="utf-8")
    for paths in ([workshop], [tmp_path], [tmp_path / "outcomes.yaml"]):
        report = analyse_paths(paths)
        assert report.errors == 0, report.diagnostics
        [analysis] = report.analyses
        assert analysis.workshop is not None
        outcomes = analysis.workshop.all_outcomes()
        assert outcomes is not None
        assert len(outcomes.actions) == 1
        assert [source.path.name for source in analysis.workshop.outcomes] == ["outcomes.yaml"]


def test_the_next_record_removes_stale_temporary_files(tmp_path: Path, runner: CliRunner) -> None:
    (tmp_path / "w.yaml").write_text(BASE_WORKSHOP, encoding="utf-8")
    record = tmp_path / "outcomes.yaml"
    record.write_text(OUTCOMES, encoding="utf-8")
    an_hour_ago = time.time() - 3600
    stale = [tmp_path / ".~tmp-old1.yaml", tmp_path / ".~tmp-old2.docx"]
    for path in stale:
        path.write_text(OUTCOMES, encoding="utf-8")
        os.utime(path, (an_hour_ago, an_hour_ago))
    fresh = tmp_path / ".~tmp-busy.yaml"  # a live writer's file: just written
    fresh.write_text(OUTCOMES, encoding="utf-8")
    result = runner.invoke(
        app, ["record", str(record), "decision", "--what", "Tidy", "--no-interactive"]
    )
    assert result.exit_code == 0, result.output
    assert leftovers(tmp_path) == [fresh.name]
    assert decisions_of(tmp_path / "w.yaml") == ["First", "Tidy"]


def test_any_write_removes_stale_temporary_files_and_leaves_none(tmp_path: Path) -> None:
    stale = tmp_path / ".~tmp-build.docx"
    stale.write_bytes(b"half a document")
    os.utime(stale, (time.time() - 3600, time.time() - 3600))
    atomic_write(tmp_path / "agenda.docx", b"whole document")
    assert sorted(item.name for item in tmp_path.iterdir()) == ["agenda.docx"]


# --- 5. a file where a folder should be ---------------------------------------------------------


@pytest.mark.parametrize("below", ["out/agenda.docx", "agenda.docx", "out/deeper/agenda.docx"])
def test_a_file_in_the_way_of_the_output_folder_is_named(tmp_path: Path, below: str) -> None:
    blocker = tmp_path / "somefile.txt"
    blocker.write_text("not a folder", encoding="utf-8")
    with pytest.raises(UserError) as caught:
        atomic_write(blocker / below, b"data")
    message = caught.value.message
    assert message.startswith(f"cannot write {display_path(blocker / below)}: ")
    assert message.endswith(f"`{display_path(blocker)}` is a file, not a folder")
    assert blocker.read_text(encoding="utf-8") == "not a folder"


def test_an_output_option_below_a_file_says_so(
    tmp_path: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("somefile.txt").write_text("", encoding="utf-8")
    result = runner.invoke(app, ["schema", "-o", "somefile.txt/out"])
    assert result.exit_code == 2, result.output
    assert "cannot write" in result.stderr
    assert "`somefile.txt` is a file, not a folder" in result.stderr


# --- 6. Ctrl-C at the rename --------------------------------------------------------------------

#: Runs ``python -m facilitation`` with ``os.replace`` patched: right after the rename of the file
#: named first, the process gets SIGINT (Ctrl-C). Arguments: the target, then the command line.
INTERRUPT_AFTER_RENAME = """\
import os
import runpy
import signal
import sys
from pathlib import Path

target = Path(sys.argv.pop(1)).resolve()
real_replace = os.replace


def replace(source, destination, *args, **kwargs):
    real_replace(source, destination, *args, **kwargs)
    if Path(destination).resolve() == target:
        signal.raise_signal(signal.SIGINT)


os.replace = replace
sys.argv[0] = "facilitation"
runpy.run_module("facilitation", run_name="__main__", alter_sys=True)
"""


def test_ctrl_c_right_after_the_rename_reports_the_entry(tmp_path: Path) -> None:
    (tmp_path / "w.yaml").write_text(BASE_WORKSHOP, encoding="utf-8")
    record = tmp_path / "outcomes.yaml"
    record.write_text(OUTCOMES, encoding="utf-8")
    script = tmp_path / "interrupt_after_rename.py"
    script.write_text(INTERRUPT_AFTER_RENAME, encoding="utf-8")
    command = [sys.executable, str(script), str(record)]
    command += ["record", str(record), "decision", "--what", "Committed", "--no-interactive"]
    process = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    recorded = decisions_of(tmp_path / "w.yaml")
    assert recorded == ["First", "Committed"]  # the rename happened: the entry is there
    assert "nothing was written" not in process.stderr
    assert "added a decision" in process.stderr, process.stderr
    assert process.returncode == 0, process.stderr
    assert leftovers(tmp_path) == []


def test_ctrl_c_before_the_rename_still_writes_nothing(
    tmp_path: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "w.yaml").write_text(BASE_WORKSHOP, encoding="utf-8")
    record = tmp_path / "outcomes.yaml"
    record.write_text(OUTCOMES, encoding="utf-8")

    def interrupted(_descriptor: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupted)
    result = runner.invoke(
        app, ["record", str(record), "decision", "--what", "Never", "--no-interactive"]
    )
    assert result.exit_code == 130, result.output
    assert "nothing was written" in result.stderr
    assert record.read_text(encoding="utf-8") == OUTCOMES
    assert leftovers(tmp_path) == []
