"""The documents are real: LibreOffice converts each to PDF, and independent readers (pandoc,
pdftotext) find every session title and every participant name in them.

Needs LibreOffice, pandoc and poppler; `.ci/run` installs them. Without them these tests skip
locally and fail under CI=true.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest

from conftest import EXAMPLE, needs_libreoffice
from facilitation.building import BuildResult, build

pytestmark = pytest.mark.libreoffice

DOCUMENTS = (
    "agenda.docx",
    "run-sheet.docx",
    "participants.docx",
    "participants-shared.docx",
    "sign-in.docx",
)


def _needs(tool: str) -> None:
    if shutil.which(tool):
        return
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{tool} is required under CI=true but is not installed")
    pytest.skip(f"{tool} is not installed")


def _normal(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


@pytest.fixture(scope="module")
def built_pdf(tmp_path_factory: pytest.TempPathFactory) -> tuple[BuildResult, Path]:
    needs_libreoffice()
    out = tmp_path_factory.mktemp("out")
    result = build([EXAMPLE], out, pdf=True)
    assert not result.failed, result.problems
    return result, out / "regional-strategic-planning"


def test_every_word_file_converts_to_pdf(built_pdf: tuple[BuildResult, Path]) -> None:
    result, folder = built_pdf
    for name in DOCUMENTS:
        pdf = folder / name.replace(".docx", ".pdf")
        assert pdf.is_file(), name
        assert pdf.read_bytes().startswith(b"%PDF"), name
    private = {item.path.name for item in result.written if item.private}
    assert {"participants.pdf", "sign-in.pdf"} <= private


def _expected(result: BuildResult) -> tuple[list[str], list[str]]:
    workshop = result.report.analyses[0].workshop
    assert workshop is not None
    titles = [s.title for d in workshop.days for s in d.sessions if s.title]
    names = [p.full_name for p in workshop.participants]
    return titles, names


def test_pandoc_reads_titles_and_names(built_pdf: tuple[BuildResult, Path]) -> None:
    _needs("pandoc")
    result, folder = built_pdf
    titles, names = _expected(result)

    def read(name: str) -> str:
        return _normal(
            subprocess.run(
                ["pandoc", "--from", "docx", "--to", "plain", "--wrap", "none", str(folder / name)],
                check=True,
                capture_output=True,
                text=True,
            ).stdout
        )

    agenda, run_sheet = read("agenda.docx"), read("run-sheet.docx")
    for title in titles:
        assert _normal(title) in agenda, title
        assert _normal(title) in run_sheet, title
    for document in ("participants.docx", "participants-shared.docx", "sign-in.docx"):
        text = read(document)
        for name in names:
            assert _normal(name) in text, (document, name)


def test_pdf_text_holds_titles_and_names_in_both_scripts(
    built_pdf: tuple[BuildResult, Path],
) -> None:
    _needs("pdftotext")
    result, folder = built_pdf
    titles, names = _expected(result)

    def read(name: str) -> str:
        return _normal(
            subprocess.run(
                ["pdftotext", "-layout", str(folder / name), "-"],
                check=True,
                capture_output=True,
                text=True,
            ).stdout
        )

    participants = read("participants.pdf")
    for name in names:
        # Layout may break a long name across lines; every word must be there.
        for word in name.split():
            assert _normal(word) in participants, name
    assert "Ѓорѓи" in participants
    assert "Śekloća" in participants
    assert "Lëkaj" in participants
    agenda = read("agenda.pdf")
    for title in titles:
        first_words = " ".join(title.split()[:3])
        assert _normal(first_words) in agenda, title
