"""`build` keeps a record of what it wrote: it never replaces or removes what someone edited.

Also: files a build no longer makes are removed (contact details after a --shared build), two
workshops or agreements with one id are refused, Ctrl-C says what was written, a programme's
`templates:` that names no folder is an error, and nothing temporary is left behind.
"""

from __future__ import annotations

import hashlib
import json
import os
import signal
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest
from typer.testing import CliRunner

import facilitation.documents.output as output_module
from conftest import BASE_WORKSHOP, analyse, needs_libreoffice
from facilitation import codes
from facilitation.cli.app import app
from facilitation.documents import build as build_module
from facilitation.documents.build import build, build_synthesis
from helpers.docx_text import docx_text
from test_agreements import AGREEMENT
from test_outcomes import PROGRAMME

#: The record of what builds wrote, at the top of the output folder (documented in the README).
MANIFEST_NAME = ".facilitation-build.json"

WITH_PARTICIPANTS = (
    BASE_WORKSHOP
    + """\
participants:
  - name: Ana Ilić
    country: RS
    email: a.ilic@example.org
    share_contact: yes
"""
)


def _run(runner: CliRunner, *args: str | Path) -> tuple[int, str, str]:
    result = runner.invoke(app, ["build", *(str(arg) for arg in args)])
    return result.exit_code, result.stdout, result.stderr


def _names(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir())


def _manifest(out: Path) -> dict[str, dict[str, dict[str, object]]]:
    data = json.loads((out / MANIFEST_NAME).read_text(encoding="utf-8"))
    folders: dict[str, dict[str, dict[str, object]]] = data["folders"]
    return folders


# --- 1. a document edited since the last build is kept ----------------------------------------


def test_a_document_edited_since_the_last_build_is_kept_and_named(
    write: Callable[..., Path], tmp_path: Path, runner: CliRunner
) -> None:
    path = write("w.yaml", BASE_WORKSHOP)
    out = tmp_path / "out"
    assert _run(runner, path, "-o", out)[0] == 0
    folder = out / "test"
    (folder / "agenda.md").write_text("My own notes, typed into the agenda.\n", encoding="utf-8")
    (folder / "agenda.docx").write_bytes(b"saved from Word")
    ics_before = (folder / "agenda.ics").read_bytes()
    write("w.yaml", BASE_WORKSHOP.replace("Test workshop", "Renamed workshop"))

    code, stdout, stderr = _run(runner, path, "-o", out)

    assert code == 1
    assert "agenda.md was changed since the last build" in stderr
    assert "agenda.docx was changed since the last build" in stderr
    assert "--force" in stderr
    assert "not built" in stderr
    assert "no problems" not in stderr
    assert (folder / "agenda.md").read_text(encoding="utf-8").startswith("My own notes")
    assert (folder / "agenda.docx").read_bytes() == b"saved from Word"
    # Nothing of that workshop was written: not even the files nobody edited.
    assert (folder / "agenda.ics").read_bytes() == ics_before
    assert "Written to" not in stdout

    code, _, stderr = _run(runner, path, "-o", out, "--force")
    assert code == 0, stderr
    assert "Renamed workshop" in (folder / "agenda.md").read_text(encoding="utf-8")
    assert (folder / "agenda.ics").read_bytes() != ics_before


def test_a_document_no_build_recorded_is_kept_unless_forced(
    write: Callable[..., Path], tmp_path: Path, runner: CliRunner
) -> None:
    path = write("w.yaml", BASE_WORKSHOP)
    out = tmp_path / "out"
    (out / "test").mkdir(parents=True)
    (out / "test" / "run-sheet.docx").write_bytes(b"a run sheet someone put here")

    code, _, stderr = _run(runner, path, "-o", out)

    assert code == 1
    assert "run-sheet.docx was not written by an earlier build" in stderr
    assert _names(out / "test") == ["run-sheet.docx"]
    assert (out / "test" / "run-sheet.docx").read_bytes() == b"a run sheet someone put here"
    assert _run(runner, path, "-o", out, "--force")[0] == 0
    assert "agenda.docx" in _names(out / "test")


def test_a_file_that_already_holds_what_the_build_writes_is_taken_in(
    write: Callable[..., Path], tmp_path: Path
) -> None:
    path = write("w.yaml", BASE_WORKSHOP)
    assert not build([path], tmp_path / "a", only=["agenda-md"]).failed
    (tmp_path / "b" / "test").mkdir(parents=True)
    (tmp_path / "b" / "test" / "agenda.md").write_bytes(
        (tmp_path / "a" / "test" / "agenda.md").read_bytes()
    )
    result = build([path], tmp_path / "b", only=["agenda-md"])
    assert not result.failed
    assert "agenda.md" in _manifest(tmp_path / "b")["test"]


def test_the_other_workshops_are_still_built(write: Callable[..., Path], tmp_path: Path) -> None:
    first = write("a.yaml", BASE_WORKSHOP)
    second = write("b.yaml", BASE_WORKSHOP.replace("id: test", "id: other"))
    out = tmp_path / "out"
    assert not build([first, second], out).failed
    (out / "test" / "agenda.md").write_text("edited\n", encoding="utf-8")
    write("b.yaml", BASE_WORKSHOP.replace("id: test", "id: other").replace("Test w", "Other w"))
    result = build([first, second], out)
    assert result.failed
    assert [kept.path.name for kept in result.kept] == ["agenda.md"]
    [skipped] = result.skipped
    assert skipped.endswith("a.yaml")
    assert {item.subject for item in result.written} == {"other"}
    assert "Other workshop" in (out / "other" / "agenda.md").read_text(encoding="utf-8")


def test_the_record_is_hidden_at_the_top_and_lists_every_file(
    write: Callable[..., Path], tmp_path: Path
) -> None:
    out = tmp_path / "out"
    result = build([write("w.yaml", WITH_PARTICIPANTS)], out)
    assert not result.failed
    assert _names(out) == [MANIFEST_NAME, "test"]
    assert not any(name.startswith(".") for name in _names(out / "test"))
    record = _manifest(out)["test"]
    assert sorted(record) == _names(out / "test")
    for name, entry in record.items():
        data = (out / "test" / name).read_bytes()
        assert entry["sha256"] == hashlib.sha256(data).hexdigest()
        assert entry["size"] == len(data)
    assert record["participants.docx"]["contacts"] is True
    assert record["participants-shared.docx"]["contacts"] is False
    assert record["agenda.md"]["document"] == "agenda-md"


# --- 2. files a build no longer makes are removed ---------------------------------------------


def test_documents_no_longer_made_are_removed(
    write: Callable[..., Path], tmp_path: Path, runner: CliRunner
) -> None:
    path = write("w.yaml", WITH_PARTICIPANTS)
    out = tmp_path / "out"
    assert not build([path], out).failed
    assert "participants.docx" in _names(out / "test")
    write("w.yaml", BASE_WORKSHOP)
    code, stdout, stderr = _run(runner, path, "-o", out)
    assert code == 0, stderr
    assert _names(out / "test") == [
        "agenda.docx",
        "agenda.ics",
        "agenda.md",
        "run-sheet.docx",
    ]
    assert "removed" in stdout
    assert "participants.docx" in stdout
    assert "participants.docx" not in _manifest(out)["test"]


def test_documents_that_only_leaves_out_stay(write: Callable[..., Path], tmp_path: Path) -> None:
    path = write("w.yaml", WITH_PARTICIPANTS)
    out = tmp_path / "out"
    assert not build([path], out).failed
    everything = _names(out / "test")
    result = build([path], out, only=["agenda"])
    assert not result.failed
    assert result.removed == []
    assert _names(out / "test") == everything
    assert sorted(_manifest(out)["test"]) == everything


def test_a_shared_build_removes_the_contact_details_of_an_earlier_build(
    write: Callable[..., Path], tmp_path: Path
) -> None:
    path = write("w.yaml", WITH_PARTICIPANTS)
    out = tmp_path / "out"
    assert not build([path], out).failed
    assert "a.ilic@example.org" in docx_text(out / "test" / "sign-in.docx")

    result = build([path], out, shared=True)

    assert not result.failed
    assert "participants.docx" not in _names(out / "test")
    assert "participants-shared.docx" in _names(out / "test")
    for name in _names(out / "test"):
        if name.endswith(".docx"):
            assert "a.ilic@example.org" not in docx_text(out / "test" / name), name
    assert not any(entry["contacts"] for entry in _manifest(out)["test"].values())


def test_a_shared_build_removes_contact_details_that_only_leaves_out(
    write: Callable[..., Path], tmp_path: Path
) -> None:
    path = write("w.yaml", WITH_PARTICIPANTS)
    out = tmp_path / "out"
    assert not build([path], out).failed
    result = build([path], out, shared=True, only=["agenda"])
    assert not result.failed
    assert sorted(item.name for item in result.removed) == ["participants.docx", "sign-in.docx"]
    assert "participants-shared.docx" in _names(out / "test")


def test_a_shared_build_says_why_it_removes_what_only_leaves_out(
    write: Callable[..., Path], tmp_path: Path, runner: CliRunner
) -> None:
    path = write("w.yaml", WITH_PARTICIPANTS)
    out = tmp_path / "out"
    assert not build([path], out).failed
    code, stdout, _ = _run(runner, path, "-o", out, "--shared", "--only", "agenda")
    assert code == 0
    assert "no longer makes" not in stdout
    assert stdout.count("holds contact details, which a --shared build removes") == 2


def test_a_shared_build_does_not_leave_unrecorded_contact_lists(
    write: Callable[..., Path], tmp_path: Path, runner: CliRunner
) -> None:
    path = write("w.yaml", WITH_PARTICIPANTS)
    out = tmp_path / "out"
    assert not build([path], out).failed
    (out / MANIFEST_NAME).unlink()  # a folder built before the record, or a deleted record

    code, _, stderr = _run(runner, path, "-o", out, "--shared")
    assert code == 1
    assert "participants.docx" in stderr
    assert "no build recorded it" in stderr
    assert "participants.docx" in _names(out / "test")  # kept: nothing is removed unasked

    code, stdout, _ = _run(runner, path, "-o", out, "--shared", "--force")
    assert code == 0, stdout
    assert "participants.docx" not in _names(out / "test")
    for name in _names(out / "test"):
        if name.endswith(".docx"):
            assert "a.ilic@example.org" not in docx_text(out / "test" / name), name


def test_a_shared_build_refuses_when_the_contact_document_was_edited(
    write: Callable[..., Path], tmp_path: Path, runner: CliRunner
) -> None:
    path = write("w.yaml", WITH_PARTICIPANTS)
    out = tmp_path / "out"
    assert not build([path], out).failed
    (out / "test" / "participants.docx").write_bytes(b"with a phone number added by hand")
    code, _, stderr = _run(runner, path, "-o", out, "--shared")
    assert code == 1
    assert "participants.docx holds contact details" in stderr
    assert "a --shared build removes" in stderr
    assert (out / "test" / "participants.docx").exists()
    assert "a.ilic@example.org" in docx_text(out / "test" / "sign-in.docx")
    assert _run(runner, path, "-o", out, "--shared", "--force")[0] == 0
    assert "participants.docx" not in _names(out / "test")


def _fake_pdfs(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Convert without LibreOffice: each PDF holds the name it was made from."""
    runs: list[int] = []

    def convert(_converter: str, documents: Sequence[tuple[str, bytes]]) -> list[bytes]:
        runs.append(len(documents))
        return [b"%PDF-fake " + name.encode() for name, _ in documents]

    monkeypatch.setattr(build_module, "find_soffice", lambda: "soffice")
    monkeypatch.setattr(build_module, "convert_to_pdf", convert)
    return runs


def test_pdfs_are_in_the_record_and_go_with_the_contact_details(
    write: Callable[..., Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    runs = _fake_pdfs(monkeypatch)
    path = write("w.yaml", WITH_PARTICIPANTS)
    out = tmp_path / "out"
    result = build([path], out, pdf=True)
    assert not result.failed
    assert runs == [5]
    record = _manifest(out)["test"]
    assert record["participants.pdf"]["contacts"] is True
    assert record["agenda.pdf"]["document"] == "agenda"
    assert sorted(record) == _names(out / "test")

    result = build([path], out, shared=True)

    assert not result.failed
    names = _names(out / "test")
    assert "participants.pdf" not in names
    assert "sign-in.pdf" not in names  # it held the contacts; the new sign-in.docx does not
    assert sorted(_manifest(out)["test"]) == names


def test_pdf_conversion_comes_before_any_write(
    write: Callable[..., Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from facilitation.errors import UserError

    def broken(_converter: str, _documents: Sequence[tuple[str, bytes]]) -> list[bytes]:
        raise UserError("LibreOffice could not convert the documents to PDF")

    monkeypatch.setattr(build_module, "find_soffice", lambda: "soffice")
    monkeypatch.setattr(build_module, "convert_to_pdf", broken)
    with pytest.raises(UserError):
        build([write("w.yaml", BASE_WORKSHOP)], tmp_path / "out", pdf=True)
    assert not (tmp_path / "out").exists()


@pytest.mark.libreoffice
def test_real_pdfs_are_converted_and_recorded(write: Callable[..., Path], tmp_path: Path) -> None:
    needs_libreoffice()
    out = tmp_path / "out"
    result = build([write("w.yaml", BASE_WORKSHOP)], out, pdf=True, only=["agenda"])
    assert not result.failed, result.problems
    assert (out / "test" / "agenda.pdf").read_bytes().startswith(b"%PDF")
    assert sorted(_manifest(out)["test"]) == ["agenda.docx", "agenda.pdf"]
    assert not list(out.rglob(".~tmp-*"))


# --- 3. two workshops or agreements with one id -----------------------------------------------


def test_two_workshops_with_one_id_are_reported_and_neither_is_built(
    write: Callable[..., Path], tmp_path: Path, runner: CliRunner
) -> None:
    write("plans/a.yaml", BASE_WORKSHOP)
    second = write("plans/b.yaml", BASE_WORKSHOP.replace("Test workshop", "Another workshop"))
    folder = second.parent
    report = analyse(folder)
    [problem] = report.diagnostics
    assert problem.code == codes.DUPLICATE_ID
    assert problem.location.file.endswith("b.yaml")
    assert problem.location.line == BASE_WORKSHOP.splitlines().index("  id: test") + 1
    assert "a.yaml" in problem.message
    assert "b.yaml" in (problem.hint or "")
    check = runner.invoke(app, ["check", str(folder)])
    assert check.exit_code == 1
    assert "P209" in check.stderr

    code, _, stderr = _run(runner, folder, "-o", tmp_path / "out")

    assert code == 1
    assert "P209" in stderr
    assert "no problems" not in stderr
    assert stderr.count("not built") == 2
    assert not (tmp_path / "out").exists()


def test_two_agreements_with_one_id_are_reported_and_neither_is_built(
    write: Callable[..., Path], tmp_path: Path
) -> None:
    write("programme.yaml", PROGRAMME)
    write("national.yaml", AGREEMENT)
    write("copy.yaml", AGREEMENT.replace("National collaboration", "Another"))
    result = build([tmp_path], tmp_path / "out")
    problems = [d for d in result.report.diagnostics if d.code == codes.DUPLICATE_ID]
    assert len(problems) == 1
    assert problems[0].location.file.endswith("national.yaml")
    assert problems[0].location.line == 3
    assert "copy.yaml" in problems[0].message
    assert result.failed
    assert not (tmp_path / "out").exists()


def test_a_workshop_and_an_agreement_with_one_id_share_no_folder(
    write: Callable[..., Path], tmp_path: Path
) -> None:
    write("programme.yaml", PROGRAMME)
    write("agreement.yaml", AGREEMENT)
    workshop = BASE_WORKSHOP.replace("id: test", "id: rs-agreement")
    write("workshop.yaml", workshop)
    report = analyse(tmp_path)
    assert [d.code for d in report.diagnostics if d.is_error] == [codes.DUPLICATE_ID]


# --- 4. Ctrl-C says what was written ----------------------------------------------------------


def test_ctrl_c_while_rendering_writes_nothing(
    write: Callable[..., Path], tmp_path: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = write("a.yaml", BASE_WORKSHOP)
    second = write("b.yaml", BASE_WORKSHOP.replace("id: test", "id: other"))
    real = build_module.render_document
    seen: list[str] = []

    def render(spec, workshop, *args, **kwargs):  # type: ignore[no-untyped-def]
        seen.append(workshop.info.id)
        if workshop.info.id == "other":
            raise KeyboardInterrupt
        return real(spec, workshop, *args, **kwargs)

    monkeypatch.setattr(build_module, "render_document", render)
    result = runner.invoke(app, ["build", str(first), str(second), "-o", str(tmp_path / "out")])
    assert result.exit_code == 130
    assert "nothing was written" in result.stderr
    assert not (tmp_path / "out").exists()


def test_ctrl_c_while_writing_names_what_was_written(
    write: Callable[..., Path], tmp_path: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write("w.yaml", BASE_WORKSHOP)
    out = tmp_path / "out"
    real = output_module.atomic_write
    documents: list[str] = []

    def interrupted(target: Path, data: bytes, **kwargs: object) -> None:
        if not target.name.startswith("."):
            documents.append(target.name)
            if len(documents) == 3:
                raise KeyboardInterrupt
        real(target, data, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(output_module, "atomic_write", interrupted)
    result = runner.invoke(app, ["build", str(path), "-o", str(out)])

    assert result.exit_code == 130
    assert "nothing was written" not in result.stderr
    assert "2 files written" in result.stderr
    written = sorted(p.name for p in (out / "test").iterdir())
    assert len(written) == 2
    for name in written:
        assert name in result.stdout
    # The record still knows both versions: the next build goes on without a question.
    monkeypatch.setattr(output_module, "atomic_write", real)
    again = runner.invoke(app, ["build", str(path), "-o", str(out)])
    assert again.exit_code == 0, again.stderr


def test_ctrl_c_finishes_the_folder_it_is_writing(
    write: Callable[..., Path], tmp_path: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = write("a.yaml", BASE_WORKSHOP)
    second = write("b.yaml", BASE_WORKSHOP.replace("id: test", "id: other"))
    out = tmp_path / "out"
    real = output_module.atomic_write
    documents: list[str] = []

    def signalled(target: Path, data: bytes, **kwargs: object) -> None:
        real(target, data, **kwargs)  # type: ignore[arg-type]
        if not target.name.startswith("."):
            documents.append(target.name)
            if len(documents) == 2:
                os.kill(os.getpid(), signal.SIGINT)  # Ctrl-C, after the second file is in place

    monkeypatch.setattr(output_module, "atomic_write", signalled)
    result = runner.invoke(app, ["build", str(first), str(second), "-o", str(out)])

    assert result.exit_code == 130, result.output
    assert _names(out / "test") == ["agenda.docx", "agenda.ics", "agenda.md", "run-sheet.docx"]
    assert not (out / "other").exists()
    assert "4 files written" in result.stderr


# --- 5. a `templates:` folder that does not exist ---------------------------------------------


def test_templates_key_naming_no_folder_is_an_error_at_its_line(
    write: Callable[..., Path], tmp_path: Path, runner: CliRunner
) -> None:
    text = BASE_WORKSHOP.replace(
        "  name: Test programme\n", "  name: Test programme\n  templates: my-templats\n"
    )
    path = write("w.yaml", text)
    result = build([path], tmp_path / "out")
    [problem] = result.problems
    assert problem.code == codes.TEMPLATE_MISSING
    assert "my-templats" in problem.message
    assert problem.location.file.endswith("w.yaml")
    assert problem.location.line == 3
    assert result.failed
    assert not (tmp_path / "out").exists()
    cli = runner.invoke(app, ["build", str(path), "-o", str(tmp_path / "out")])
    assert cli.exit_code == 1
    assert "R307" in cli.stderr
    assert "templates: my-templats" in cli.stderr


def test_templates_key_in_a_programme_file_points_at_the_programme(
    write: Callable[..., Path], tmp_path: Path
) -> None:
    write("programme.yaml", PROGRAMME + "templates: my-templats\n")
    path = write("w.yaml", AGREEMENT)
    result = build([path], tmp_path / "out")
    [problem] = result.problems
    assert problem.code == codes.TEMPLATE_MISSING
    assert problem.location.file.endswith("programme.yaml")
    assert problem.location.line == PROGRAMME.count("\n") + 1
    assert not (tmp_path / "out").exists()


def test_templates_option_naming_no_folder_says_where_it_was_given(
    write: Callable[..., Path], tmp_path: Path, runner: CliRunner
) -> None:
    path = write("w.yaml", BASE_WORKSHOP)
    result = runner.invoke(
        app, ["build", str(path), "-o", str(tmp_path / "out"), "--templates", "my-templats"]
    )
    assert result.exit_code == 2
    assert "my-templats" in result.stderr
    assert "--templates" in result.stderr


def test_synthesis_refuses_a_template_folder_that_does_not_exist(
    write: Callable[..., Path], tmp_path: Path
) -> None:
    import datetime as dt

    from facilitation.errors import UserError

    path = write("w.yaml", BASE_WORKSHOP)
    with pytest.raises(UserError, match="my-templats"):
        build_synthesis(
            [path], tmp_path / "out", as_of=dt.date(2026, 5, 1), templates=Path("my-templats")
        )


# --- 6. nothing temporary is left -------------------------------------------------------------


def test_a_build_leaves_no_temporary_files(write: Callable[..., Path], tmp_path: Path) -> None:
    out = tmp_path / "out"
    path = write("w.yaml", WITH_PARTICIPANTS)
    assert not build([path], out).failed
    # What a build that was killed (not interrupted) leaves: its temporary files.
    (out / "test" / ".~tmp-abc123.docx").write_bytes(b"half a document")
    (out / ".~tmp-def456.json").write_bytes(b"{")
    assert not build([path], out).failed
    assert not list(out.rglob(".~tmp-*"))
