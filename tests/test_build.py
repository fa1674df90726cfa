"""`facilitation build`: what it writes, what it refuses, and what it never leaves behind."""

from __future__ import annotations

import io
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import BASE_WORKSHOP, EXAMPLE
from facilitation import codes
from facilitation.cli.app import app
from facilitation.documents.build import build
from facilitation.documents.workers import Job, _batches, render_all
from facilitation.errors import display_path
from helpers.docx_text import docx_text

TRICKY = [
    "Zack & Tyler <b>not bold</b>",
    "Quotes \"double\" and 'single' and 100<200>50",
    "Emoji 🤝🌍 and Ђорђе Ѓорѓи Ѕвезда Ќерка",
    "Shqipëri: Çela, Lëkaj; Crna Gora: Śekloća Źeljko",
    "Right to left: مرحبا بكم and שלום",
    "</w:t></w:r><w:r><w:t>injected",
    "{{ 7*7 }} {% raw %}",
]


def _yaml_quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


@pytest.fixture
def tricky(write: Callable[..., Path]) -> Path:
    long_title = "A" * 200 + " " + "Б" * 199
    sessions = "".join(f"      - title: {_yaml_quote(t)}\n        minutes: 10\n" for t in TRICKY)
    text = BASE_WORKSHOP.replace(
        "  title: Test workshop\n", f"  title: {_yaml_quote(long_title)}\n"
    )
    text = text.replace("      - title: Welcome\n        minutes: 45\n        lead: ek\n", sessions)
    text += "participants:\n" + "".join(
        f"  - {{name: {_yaml_quote(t)}, country: RS}}\n" for t in TRICKY
    )
    return write("w.yaml", text)


def test_tricky_text_comes_through_intact(tricky: Path, tmp_path: Path) -> None:
    result = build([tricky], tmp_path / "out")
    assert not result.failed, [d.message for d in result.problems + result.report.diagnostics]
    folder = tmp_path / "out" / "test"
    long_title = "A" * 200 + " " + "Б" * 199
    for name in ("agenda.docx", "run-sheet.docx", "participants.docx", "sign-in.docx"):
        text = docx_text(folder / name)
        assert long_title in text, name
        for title in TRICKY:
            assert title in text, (name, title)
    markdown = (folder / "agenda.md").read_text(encoding="utf-8")
    assert "Zack & Tyler \\<b\\>not bold\\</b\\>" in markdown
    assert "Ђорђе Ѓорѓи" in markdown


def test_workshop_with_errors_builds_nothing(
    write: Callable[..., Path], tmp_path: Path, runner: CliRunner
) -> None:
    path = write("w.yaml", BASE_WORKSHOP.replace("lead: ek", "lead: nobody"))
    result = runner.invoke(app, ["build", str(path), "-o", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert "P205" in result.stderr
    assert "not built" in result.stderr
    assert not (tmp_path / "out").exists()


def test_warnings_block_only_under_strict(
    write: Callable[..., Path], tmp_path: Path, runner: CliRunner
) -> None:
    path = write("w.yaml", BASE_WORKSHOP.replace("    end: 12:00\n", "    end: 17:00\n"))
    assert runner.invoke(app, ["build", str(path), "-o", str(tmp_path / "a")]).exit_code == 0
    assert (tmp_path / "a" / "test" / "agenda.docx").exists()
    assert (
        runner.invoke(app, ["build", "--strict", str(path), "-o", str(tmp_path / "b")]).exit_code
        == 1
    )
    assert not (tmp_path / "b").exists()


def test_only_picks_documents(
    write: Callable[..., Path], tmp_path: Path, runner: CliRunner
) -> None:
    path = write("w.yaml", BASE_WORKSHOP)
    result = runner.invoke(
        app, ["build", str(path), "-o", str(tmp_path), "--only", "agenda,calendar"]
    )
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "test").iterdir()) == ["agenda.docx", "agenda.ics"]
    result = runner.invoke(
        app, ["build", str(path), "-o", str(tmp_path), "--only", "agenda,minutes"]
    )
    assert result.exit_code == 2
    assert "unknown document(s): minutes" in result.stderr


def test_shared_build_has_no_contact_details(tmp_path: Path) -> None:
    result = build(
        [EXAMPLE], tmp_path, shared=True, only=["participants", "participants-shared", "sign-in"]
    )
    assert not result.failed
    folder = tmp_path / "regional-strategic-planning"
    assert sorted(p.name for p in folder.iterdir()) == ["participants-shared.docx", "sign-in.docx"]
    for path in folder.iterdir():
        text = docx_text(path)
        assert "@example.org" not in text
        assert "+381" not in text


def test_output_folder_that_cannot_be_written(
    write: Callable[..., Path], tmp_path: Path, runner: CliRunner
) -> None:
    path = write("w.yaml", BASE_WORKSHOP)
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    result = runner.invoke(app, ["build", str(path), "-o", str(blocker / "out")])
    assert result.exit_code == 2
    assert "cannot write" in result.stderr
    assert "Traceback" not in result.stderr


def test_pdf_without_libreoffice_says_how_to_install(
    write: Callable[..., Path], tmp_path: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(shutil, "which", lambda _name: None)
    path = write("w.yaml", BASE_WORKSHOP)
    result = runner.invoke(app, ["build", str(path), "--pdf", "-o", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert "needs LibreOffice" in result.stderr
    assert "apt-get install libreoffice-writer-nogui" in result.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("logo", "problem"),
    [("missing.png", "does not exist"), ("notes.txt", "is not a PNG or JPEG image")],
)
def test_logo_problems(write: Callable[..., Path], tmp_path: Path, logo: str, problem: str) -> None:
    write("notes.txt", "hello")
    text = BASE_WORKSHOP.replace(
        "  team:\n", f"  funders:\n    - id: eu\n      name: EU\n      logo: {logo}\n  team:\n"
    )
    result = build([write("w.yaml", text)], tmp_path / "out")
    [diagnostic] = result.report.diagnostics
    assert (diagnostic.code, diagnostic.location.line) == (codes.LOGO_PROBLEM, 6)
    assert problem in diagnostic.message
    assert result.failed
    assert not (tmp_path / "out").exists()


# --- templates --------------------------------------------------------------------------------


def _template_with(text: str, *, in_title: bool = False) -> bytes:
    """The default agenda template with `text` added to the body (or the document title)."""
    from docx import Document

    from facilitation.resources import find_packaged

    document = Document(io.BytesIO(find_packaged("templates").joinpath("agenda.docx").read_bytes()))
    if in_title:
        document.core_properties.title = text
    else:
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("text", "in_title", "code", "words"),
    [
        ("{{ workshop.nonsense }}", False, codes.TEMPLATE_UNDEFINED, "has no attribute 'nonsense'"),
        ("{{ ''.__class__ }}", False, codes.TEMPLATE_UNSAFE, "__class__"),
        ("{{ cycler.__init__.__globals__ }}", False, codes.TEMPLATE_UNSAFE, "__init__"),
        ("{{ labels.__class__.__mro__ }}", False, codes.TEMPLATE_UNSAFE, "__class__"),
        ("{% for x in workshop %}", False, codes.TEMPLATE_SYNTAX, "endfor"),
    ],
)
def test_template_problems_name_the_template_and_the_tag(
    write: Callable[..., Path],
    tmp_path: Path,
    text: str,
    in_title: bool,
    code: str,
    words: str,
) -> None:
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "agenda.docx").write_bytes(_template_with(text, in_title=in_title))
    result = build(
        [write("w.yaml", BASE_WORKSHOP)], tmp_path / "out", templates=folder, only=["agenda"]
    )
    [problem] = result.problems
    assert problem.code == code
    assert words in problem.message
    assert problem.location.file.endswith("agenda.docx")
    assert result.failed
    assert not (tmp_path / "out").exists()


def test_document_properties_are_not_template_code(
    write: Callable[..., Path], tmp_path: Path
) -> None:
    folder = tmp_path / "mine"
    folder.mkdir()
    escape = "{{ ''.__class__.__mro__[1].__subclasses__() }}"
    (folder / "agenda.docx").write_bytes(_template_with(escape, in_title=True))
    out = tmp_path / "out"
    result = build([write("w.yaml", BASE_WORKSHOP)], out, templates=folder, only=["agenda"])
    assert not result.failed, result.problems
    from docx import Document

    title = Document(str(out / "test" / "agenda.docx")).core_properties.title
    assert "__class__" not in title


def test_undefined_name_shows_the_text_around_it(
    write: Callable[..., Path], tmp_path: Path
) -> None:
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "agenda.docx").write_bytes(_template_with("Welcome to {{ workshop.venu }} everyone"))
    result = build(
        [write("w.yaml", BASE_WORKSHOP)], tmp_path / "out", templates=folder, only=["agenda"]
    )
    [problem] = result.problems
    assert any("Welcome to {{ workshop.venu }} everyone" in note for note in problem.notes)


def _zip(parts: dict[str, bytes | str]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return out.getvalue()


def _docx_parts() -> dict[str, bytes]:
    from facilitation.resources import find_packaged

    data = find_packaged("templates").joinpath("agenda.docx").read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _changed(name: str, old: bytes, new: bytes) -> bytes:
    parts = _docx_parts()
    assert old in parts[name]
    parts[name] = parts[name].replace(old, new, 1)
    return _zip(parts)  # type: ignore[arg-type]


REFUSALS = {
    "not a docx": (b"This is a letter, saved with the wrong name.", "not a Word (.docx) file"),
    "encrypted": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "encrypted"),
    "macro-enabled": (
        _changed(
            "[Content_Types].xml",
            b"document.main+xml",
            b'document.main+xml"/><Override PartName="/word/vbaProject.bin" ContentType="application/vnd.ms-office.vbaProject',
        ),
        "macro-enabled",
    ),
    "doctype": (
        _changed("word/document.xml", b"<w:document", b"<!DOCTYPE x [<!ENTITY a 'b'>]><w:document"),
        "DOCTYPE",
    ),
    "external link": (
        _changed(
            "word/_rels/document.xml.rels",
            b"</Relationships>",
            b'<Relationship Id="rIdX" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/attachedTemplate" Target="http://example.org/t.dotm" TargetMode="External"/></Relationships>',
        ),
        "links to an outside file",
    ),
    "zip bomb": (
        _zip({**_docx_parts(), "word/media/big.bin": b"\0" * (30 * 1024 * 1024)}),  # type: ignore[dict-item]
        "compressed suspiciously well",
    ),
}


@pytest.mark.parametrize("case", list(REFUSALS))
def test_unsafe_templates_get_a_one_line_refusal(
    case: str, write: Callable[..., Path], tmp_path: Path, runner: CliRunner
) -> None:
    data, words = REFUSALS[case]
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "agenda.docx").write_bytes(data)
    path = write("w.yaml", BASE_WORKSHOP)
    result = runner.invoke(
        app,
        [
            "build",
            str(path),
            "-o",
            str(tmp_path / "out"),
            "--templates",
            str(folder),
            "--only",
            "agenda",
        ],
    )
    assert result.exit_code == 1
    assert "R301" in result.stderr
    assert words in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()


def test_templates_copy_then_use(
    tmp_path: Path, runner: CliRunner, write: Callable[..., Path]
) -> None:
    folder = tmp_path / "my-templates"
    result = runner.invoke(app, ["templates", "copy", str(folder)])
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in folder.iterdir())
    assert names == [
        "README.md",
        "agenda.docx",
        "agenda.md.j2",
        "agreement.docx",
        "outcome-report.docx",
        "participants.docx",
        "run-sheet.docx",
        "sign-in.docx",
        "site",
        "synthesis.docx",
    ]
    again = runner.invoke(app, ["templates", "copy", str(folder)])
    assert again.exit_code == 2
    assert "already has" in again.stderr
    (folder / "agenda.md.j2").write_text(
        "# {{ workshop.title | md }} (our own look)\n", encoding="utf-8"
    )
    path = write("w.yaml", BASE_WORKSHOP)
    result = runner.invoke(
        app, ["build", str(path), "-o", str(tmp_path / "out"), "--templates", str(folder)]
    )
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "test" / "agenda.md").read_text(
        encoding="utf-8"
    ) == "# Test workshop (our own look)\n"


def test_templates_key_in_the_programme(write: Callable[..., Path], tmp_path: Path) -> None:
    write("look/agenda.md.j2", "Custom: {{ workshop.title | md }}\n")
    text = BASE_WORKSHOP.replace(
        "  name: Test programme\n", "  name: Test programme\n  templates: look\n"
    )
    result = build([write("w.yaml", text)], tmp_path / "out", only=["agenda-md"])
    assert not result.failed
    assert (tmp_path / "out" / "test" / "agenda.md").read_text(
        encoding="utf-8"
    ) == "Custom: Test workshop\n"


def test_a_failed_render_leaves_nothing(write: Callable[..., Path], tmp_path: Path) -> None:
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "sign-in.docx").write_bytes(_template_with("{{ nope }}"))
    out = tmp_path / "out"
    path = write("w.yaml", BASE_WORKSHOP + "participants:\n  - {name: Ana}\n")
    result = build([path], out, templates=folder)
    assert result.failed
    assert not out.exists()


def _texts(folder: Path) -> dict[str, str]:
    """Every file below ``folder`` by its relative name: a Word file's text, other files' text."""
    texts = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file() and path.suffix in {".docx", ".md"}:
            data = path.read_bytes()
            text = docx_text(data) if path.suffix == ".docx" else data.decode("utf-8")
            texts[str(path.relative_to(folder))] = text
    return texts


def test_documents_rendered_in_workers_are_the_ones_rendered_in_turn(tmp_path: Path) -> None:
    one = build([EXAMPLE], tmp_path / "one", workers=1, only=["agenda", "agreement", "sign-in"])
    two = build([EXAMPLE], tmp_path / "two", workers=2, only=["agenda", "agreement", "sign-in"])
    assert not one.failed
    assert not two.failed
    assert [str(p) for p in two.problems] == [str(p) for p in one.problems]
    assert [item.path.relative_to(tmp_path / "two") for item in two.written] == [
        item.path.relative_to(tmp_path / "one") for item in one.written
    ]
    first, second = _texts(tmp_path / "one"), _texts(tmp_path / "two")
    assert len(first) > 20
    assert second == first


def _job(label: str, charts: bool = False) -> Job:
    return Job(label, lambda _warnings: label.encode(), charts=charts)


def test_documents_with_charts_are_rendered_by_as_few_workers_as_keep_the_build_short() -> None:
    # The example on two cores: one worker draws every chart, the other renders the rest.
    example = [_job("report", True)] * 7 + [_job("agenda")] * 62
    assert [len(batch) for batch in _batches(example, 2)] == [7] + [1] * 62
    # On four, two of them draw; with nothing but charts, both workers of two draw.
    assert [len(batch) for batch in _batches(example, 4)[:3]] == [4, 3, 1]
    assert _batches(example[:7], 2) == [[0, 2, 4, 6], [1, 3, 5]]
    assert _batches(example[:1], 3) == [[0]]
    assert _batches(example[7:9], 2) == [[0], [1]]
    jobs = [_job("a"), _job("report 1", True), _job("b"), _job("report 2", True), _job("c")]
    assert _batches(jobs, 2) == [[1], [3], [0], [2], [4]]
    announced: list[str] = []
    rendered = render_all(jobs, 2, announced.append)
    assert [result.data for result in rendered] == [b"a", b"report 1", b"b", b"report 2", b"c"]
    assert sorted(announced) == sorted(job.label for job in jobs)


def test_a_template_error_in_workers_is_reported_once(
    write: Callable[..., Path], tmp_path: Path
) -> None:
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "sign-in.docx").write_bytes(_template_with("{{ nope }}"))
    path = write("w.yaml", BASE_WORKSHOP + "participants:\n  - {name: Ana}\n")
    other = write("other.yaml", BASE_WORKSHOP.replace("id: test", "id: other"))
    result = build([path, other], tmp_path / "out", templates=folder, workers=2)
    assert [problem.code for problem in result.problems] == [codes.TEMPLATE_UNDEFINED]
    assert result.skipped == [display_path(path)]
    assert (tmp_path / "out" / "other").is_dir()  # no participants: no sign-in sheet to fail
    assert not (tmp_path / "out" / "test").exists()


def test_build_on_every_core_from_the_command_line(tmp_path: Path) -> None:
    out = tmp_path / "out"
    done = CliRunner().invoke(app, ["build", str(EXAMPLE), "-o", str(out), "--only", "agenda"])
    assert done.exit_code == 0, done.output
    serial = CliRunner().invoke(
        app, ["build", str(EXAMPLE), "-o", str(tmp_path / "serial"), "--only", "agenda", "-j", "1"]
    )
    assert serial.exit_code == 0, serial.output
    assert _texts(out) == _texts(tmp_path / "serial")
    refused = CliRunner().invoke(app, ["build", str(EXAMPLE), "-o", str(out), "-j", "0"])
    assert refused.exit_code == 2
