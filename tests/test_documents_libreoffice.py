"""The documents are real: LibreOffice converts each to PDF, and independent readers (pandoc,
pdftotext) find every session title and every participant name in them.

Needs LibreOffice, pandoc and poppler; `.ci/run` installs them. Without them these tests skip
locally and fail under CI=true.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest

from conftest import EXAMPLE, needs_libreoffice
from facilitation.checking.analyse import Analysis
from facilitation.documents.build import BuildResult, build


def regional(result: BuildResult) -> Analysis:
    """The analysis of the regional workshop, among all the example's workshops."""
    return next(
        a for a in result.report.analyses if a.path.name == "regional-strategic-planning.yaml"
    )


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
    workshop = regional(result).workshop
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


def _pandoc(path: Path) -> str:
    return _normal(
        subprocess.run(
            ["pandoc", "--from", "docx", "--to", "plain", "--wrap", "none", str(path)],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    )


def test_outcome_reports_and_agreements_convert_and_hold_titles_and_parties(
    built_pdf: tuple[BuildResult, Path],
) -> None:
    _needs("pandoc")
    result, folder = built_pdf
    out = folder.parent
    reports = 0
    for analysis in result.report.analyses:
        workshop = analysis.workshop
        outcomes = workshop.all_outcomes() if workshop else None
        if workshop is None or outcomes is None:
            continue
        report = out / workshop.info.id / "outcome-report.docx"
        assert report.with_suffix(".pdf").read_bytes().startswith(b"%PDF")
        text = _pandoc(report)
        for activity in outcomes.activities:
            assert _normal(activity.title) in text, (report, activity.title)
        reports += 1
    assert reports == 7
    agreements = 0
    for agreement in result.report.agreements:
        document = agreement.agreement
        assert document is not None
        path = out / document.spec.agreement.id / "agreement.docx"
        assert path.with_suffix(".pdf").read_bytes().startswith(b"%PDF")
        text = _pandoc(path)
        names = {i.id: i.name for i in document.programme.institutions}
        for party in document.spec.agreement.parties:
            assert _normal(names[party.institution]) in text, (path, party.institution)
            if party.representative:
                assert _normal(party.representative.name) in text
        agreements += 1
    assert agreements == 7


def test_synthesis_converts_and_holds_every_joint_activity(tmp_path: Path) -> None:
    needs_libreoffice()
    _needs("pandoc")
    import datetime as dt

    from facilitation.documents.build import build_synthesis

    result = build_synthesis([EXAMPLE], tmp_path, as_of=dt.date(2026, 11, 27), pdf=True)
    assert not result.failed, result.problems
    assert (tmp_path / "synthesis.pdf").read_bytes().startswith(b"%PDF")
    text = _pandoc(tmp_path / "synthesis.docx")
    for analysis in result.report.analyses:
        outcomes = analysis.workshop.all_outcomes() if analysis.workshop else None
        for activity in outcomes.activities if outcomes else []:
            if activity.scope == "cross-border":
                assert activity.id not in text, activity.id  # no internal ids for the donor
                if analysis.workshop and analysis.workshop.national_country is None:
                    assert _normal(activity.title) in text, activity.title
            else:
                assert _normal(activity.title) in text, activity.title


def _font_families(pdf: Path) -> set[str]:
    """The font families a PDF embeds: ``BAAAAA+LiberationSans-Bold`` is LiberationSans."""
    listing = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True)
    names = [line.split()[0] for line in listing.stdout.splitlines()[2:] if line.strip()]
    return {name.split("+")[-1].split("-")[0] for name in names}


def test_every_document_is_in_one_typeface(built_pdf: tuple[BuildResult, Path]) -> None:
    """Headings, body, tables, marks: one family (Arial, which LibreOffice sets in Liberation
    Sans), with its bold and italic faces; no glyph falls back to another font."""
    _needs("pdffonts")
    _, folder = built_pdf
    pdfs = sorted(folder.parent.rglob("*.pdf"))
    assert len(pdfs) >= 40
    found = {pdf.relative_to(folder.parent).as_posix(): _font_families(pdf) for pdf in pdfs}
    assert {
        name: families for name, families in found.items() if families != {"LiberationSans"}
    } == {}


#: The band of a page that holds the body, as shares of its height: above it the header, below
#: it the footer (the templates' margins are 2.2 cm and 2 cm of an A4 page, 1.9 cm in landscape).
_BODY_BAND = (0.085, 0.9)
_LINE = re.compile(
    r'<line xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">(.*?)</line>', re.S
)


def page_fill(pdf: Path) -> list[float]:
    """How full each page's body is: how far down the body band its text reaches, 0 to 1."""
    listing = subprocess.run(
        ["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    )
    fills = []
    for page in re.findall(r"<page (.*?)</page>", listing.stdout, re.S):
        height = float(re.search(r'height="([\d.]+)"', page).group(1))  # type: ignore[union-attr]
        top, bottom = (share * height for share in _BODY_BAND)
        spans = [
            (float(start), float(end))
            for start, end, words in _LINE.findall(page)
            if top <= float(start) and float(end) <= bottom and re.search(r"\w", words)
        ]
        if not spans:
            fills.append(0.0)
            continue
        # NOTE: how far down the body its text reaches: two rows at the top of a page fill 4 %.
        fills.append((max(end for _, end in spans) - top) / (bottom - top))
    return fills


def test_no_page_is_under_a_tenth_full_but_the_last(built_pdf: tuple[BuildResult, Path]) -> None:
    """A day's last two rows, or a heading, never sit alone on a page of their own."""
    _needs("pdftotext")
    _, folder = built_pdf
    thin = {}
    for pdf in sorted(folder.parent.rglob("*.pdf")):
        fills = page_fill(pdf)
        pages = [number for number, fill in enumerate(fills[:-1], start=1) if fill < 0.1]
        if pages:
            thin[pdf.relative_to(folder.parent).as_posix()] = pages
    assert thin == {}
