"""Every document of the example, read back as text, against golden files; and what they hold."""

from __future__ import annotations

import io
import zipfile
from collections import OrderedDict
from pathlib import Path
from typing import Any

import icalendar
import pytest
from docx import Document

from conftest import EXAMPLE
from facilitation.checking.analyse import Analysis
from facilitation.documents.build import BuildResult, build
from facilitation.documents.views.base import add_footnotes
from facilitation.model import Programme
from helpers.docx_text import docx_parts, docx_text


def regional(result: BuildResult) -> Analysis:
    """The analysis of the regional workshop, among all the example's workshops."""
    return next(
        a for a in result.report.analyses if a.path.name == "regional-strategic-planning.yaml"
    )


WORKSHOP = "regional-strategic-planning"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[BuildResult, Path]:
    out = tmp_path_factory.mktemp("out")
    result = build([EXAMPLE], out)
    assert not result.failed, result.problems
    return result, out / WORKSHOP


def test_build_writes_every_document(built: tuple[BuildResult, Path]) -> None:
    result, folder = built
    assert sorted(path.name for path in folder.iterdir()) == [
        "agenda.docx",
        "agenda.ics",
        "agenda.md",
        "de",
        "it",
        "outcome-report.docx",
        "participants-shared.docx",
        "participants.docx",
        "run-sheet.docx",
        "sign-in.docx",
    ]
    # `languages: [{de: [agenda, agenda-md, calendar]}, ...]`: those documents, in a folder each.
    for language in ("de", "it"):
        files = sorted(path.name for path in (folder / language).iterdir())
        assert files == ["agenda.docx", "agenda.ics", "agenda.md"]
    assert {item.path.name for item in result.written if item.private} == {
        "participants.docx",
        "sign-in.docx",
    }
    assert (folder / "participants.docx").stat().st_mode & 0o077 == 0
    assert not list(folder.glob(".~tmp-*"))


@pytest.mark.parametrize(
    "name",
    [
        "agenda.docx",
        "run-sheet.docx",
        "participants.docx",
        "participants-shared.docx",
        "sign-in.docx",
    ],
)
def test_golden_text(built: tuple[BuildResult, Path], golden: object, name: str) -> None:
    _, folder = built
    golden(f"western-balkans/{name}.txt", docx_text(folder / name) + "\n")  # type: ignore[operator]


def test_golden_markdown(built: tuple[BuildResult, Path], golden: object) -> None:
    _, folder = built
    golden("western-balkans/agenda.md", (folder / "agenda.md").read_text(encoding="utf-8"))  # type: ignore[operator]


def test_agenda_has_every_session_and_nothing_for_facilitators(
    built: tuple[BuildResult, Path],
) -> None:
    result, folder = built
    analysis = regional(result)
    assert analysis.workshop is not None
    text = docx_text(folder / "agenda.docx")
    for day in analysis.workshop.days:
        for session in day.sessions:
            if session.title:
                assert session.title in text
            if session.notes:
                assert session.notes[:60] not in text
    # Who leads a session is for the run sheet; the agenda names her only where she moderates.
    assert text.count("Eva Kessler") == text.count("Moderator: Eva Kessler") == 1


def test_run_sheet_has_methods_people_notes_and_totals(built: tuple[BuildResult, Path]) -> None:
    result, folder = built
    text = docx_text(folder / "run-sheet.docx")
    analysis = regional(result)
    assert analysis.workshop is not None
    notes = [s.notes for d in analysis.workshop.days for s in d.sessions if s.notes]
    assert all(note.split()[0] in text for note in notes)
    for expected in (
        "1-2-4-All",
        "Eva Kessler",
        "Note-taker: Dragana Petrović",
        "Totals of the day",
    ):
        assert expected in text
    assert "Time per Compass dimension" in text


def test_participants_lists_everyone_and_hides_contacts_without_consent(
    built: tuple[BuildResult, Path],
) -> None:
    result, folder = built
    analysis = regional(result)
    assert analysis.workshop is not None
    internal = docx_text(folder / "participants.docx")
    shared = docx_text(folder / "participants-shared.docx")
    for participant in analysis.workshop.participants:
        assert participant.full_name in internal
        assert participant.full_name in shared
        assert participant.email
        assert participant.email not in shared
        assert (participant.email in internal) == participant.share_contact
        assert participant.phone
        assert (participant.phone in internal) == participant.share_contact
    assert "Serbia (6)" in internal
    # 40 registered: 38 participants, and an organiser and an interpreter listed apart.
    assert "Participants in total: 38" in internal
    assert "Organisers, facilitators and interpreters (2)" in internal


def test_sign_in_has_one_sheet_per_day_and_blank_rows(built: tuple[BuildResult, Path]) -> None:
    result, folder = built
    body = docx_parts(folder / "sign-in.docx")["body"]
    days = [line.split(" | ")[-1].rstrip(" |") for line in body if line.startswith("| Event |")]
    assert sorted(set(days)) == [
        "Day 1 · Monday, 2 March 2026",
        "Day 2 · Tuesday, 3 March 2026",
        "Day 3 · Wednesday, 4 March 2026",
        "Day 4 · Thursday, 5 March 2026",
    ]
    text = "\n".join(body)
    # 38 participants, 2 of the team, then rows for walk-ins: at least 5, up to the page's end.
    assert text.count("| 45 |") == 4
    assert text.count("Data protection") == 4
    analysis = regional(result)
    assert analysis.workshop is not None
    flat = text.replace("\n@", "@")  # an address too wide for its column breaks before the @
    for participant in analysis.workshop.participants:
        assert participant.email is not None
        assert (participant.email in flat) == participant.share_contact


def test_every_document_carries_marking_pages_and_footnote(built: tuple[BuildResult, Path]) -> None:
    _, folder = built
    for name in ("agenda.docx", "run-sheet.docx", "participants.docx", "sign-in.docx"):
        parts = docx_parts(folder / name)
        assert any("RESTRICTED" in line for line in parts["header"]), name
        assert any("Page" in line and "of" in line for line in parts["footer"]), name
    # Kosovo* appears in the participant lists, so their footer carries the designation note.
    assert any(
        "UNSCR 1244/1999" in line for line in docx_parts(folder / "participants.docx")["footer"]
    )


def test_a_footnote_is_added_wherever_its_marker_stands_in_the_view_but_in_labels() -> None:
    notes = [
        {"marker": marker, "text": "A note."}
        for marker in ("Kosovo*", "Deep†", "Tuple‡", "Key¹", "Label§")
    ]
    programme = Programme.model_validate({"name": "P", "footnotes": notes})

    class Rows(list[Any]):
        pass

    class Text(str):
        pass

    view: dict[str, Any] = {
        "labels": {"title": "Label§"},
        "document": {"footnotes": []},
        "groups": [{"rows": Rows([{"number": 1, "country": "Kosovo*", "none": None}])}],
        "more": OrderedDict(deep=[[{"cell": ("x", {"text": Text("in Deep† water")})}]]),
        "tuple": ("Tuple‡", 3, 2.5),
        "keys": {"Key¹": 1},
        "nested": {"labels": "Label§", "text": "plain"},
    }
    found = add_footnotes(view, programme)["document"]["footnotes"]
    assert [note["marker"] for note in found] == ["Kosovo*", "Deep†", "Tuple‡"]
    assert [note["symbol"] for note in found] == ["*", "†", "‡"]


def test_documents_carry_no_inherited_metadata(built: tuple[BuildResult, Path]) -> None:
    _, folder = built
    for name in ("agenda.docx", "run-sheet.docx", "participants.docx", "sign-in.docx"):
        data = (folder / name).read_bytes()
        properties = Document(io.BytesIO(data)).core_properties
        assert properties.author == ""
        assert properties.last_modified_by == ""
        assert properties.comments == ""
        assert properties.keywords == ""
        assert properties.title.endswith("Regional strategic planning workshop")
        assert properties.created.year >= 2025
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
            assert "docProps/custom.xml" not in names
            app = archive.read("docProps/app.xml").decode()
            assert "<Company>" not in app
            assert "python-docx" not in archive.read("docProps/core.xml").decode()


def test_documents_are_a4_with_fonts_for_cyrillic(built: tuple[BuildResult, Path]) -> None:
    _, folder = built
    for name, landscape in (
        ("agenda.docx", False),
        ("run-sheet.docx", True),
        ("sign-in.docx", True),
    ):
        document = Document(str(folder / name))
        section = document.sections[0]
        width, height = round(section.page_width.mm), round(section.page_height.mm)
        assert (width, height) == ((297, 210) if landscape else (210, 297)), name
        assert document.styles["Normal"].font.name == "Arial"


def test_calendar_parses_with_an_independent_reader(built: tuple[BuildResult, Path]) -> None:
    result, folder = built
    calendar = icalendar.Calendar.from_ical((folder / "agenda.ics").read_bytes())
    events = list(calendar.walk("VEVENT"))
    schedule = regional(result).schedule
    assert schedule is not None
    assert len(events) == len(schedule.sessions())
    assert len(list(calendar.walk("VTIMEZONE"))) == 1
    first = events[0]
    start = first["DTSTART"].dt
    assert (start.year, start.month, start.day, start.hour, start.minute) == (2026, 3, 2, 9, 0)
    assert start.utcoffset().total_seconds() == 3600  # CET in March, before the change
    assert str(first["SUMMARY"]) == "Official opening · Regional strategic planning workshop"
    assert len({str(event["UID"]) for event in events}) == len(events)
    for line in (folder / "agenda.ics").read_bytes().split(b"\r\n"):
        assert len(line) <= 75


@pytest.mark.parametrize(
    "name",
    [
        "kickoff-serbia/outcome-report.docx",
        "kickoff-albania/outcome-report.docx",
        "agreement-regional/agreement.docx",
        "agreement-north-macedonia/agreement.docx",
    ],
)
def test_golden_outcomes_and_agreements(
    built: tuple[BuildResult, Path], golden: object, name: str
) -> None:
    _, folder = built
    path = folder.parent / name
    golden(f"western-balkans/{name.replace('/', '--')}.txt", docx_text(path) + "\n")  # type: ignore[operator]


def test_golden_synthesis(tmp_path: Path, golden: object) -> None:
    import datetime as dt

    from facilitation.documents.build import build_synthesis

    result = build_synthesis([EXAMPLE], tmp_path, as_of=dt.date(2026, 11, 27))
    assert not result.failed
    golden("western-balkans/synthesis.docx.txt", docx_text(tmp_path / "synthesis.docx") + "\n")  # type: ignore[operator]


def _word_files(folder: Path) -> list[Path]:
    return sorted(folder.parent.rglob("*.docx"))


def test_no_table_row_splits_across_pages(built: tuple[BuildResult, Path]) -> None:
    """Every row of every table of every document has ``w:cantSplit``."""
    from lxml import etree

    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    _, folder = built
    split = []
    for path in _word_files(folder):
        with zipfile.ZipFile(path) as archive:
            for name in archive.namelist():
                if name.startswith("word/") and name.endswith(".xml") and "/_rels/" not in name:
                    root = etree.fromstring(archive.read(name))
                    rows = list(root.iter(f"{w}tr"))
                    split += [
                        f"{path.name}:{name}"
                        for r in rows
                        if r.find(f"{w}trPr/{w}cantSplit") is None
                    ]
    assert split == []


def test_documents_follow_the_wordprocessingml_schema(built: tuple[BuildResult, Path]) -> None:
    """openxml-audit (strict reading of on/off values included) finds nothing to report."""
    from openxml_audit import OpenXmlValidator

    _, folder = built
    validator = OpenXmlValidator()
    found = {
        path.name: [error.description for error in validator.validate(path).errors][:5]
        for path in _word_files(folder)
    }
    assert {name: errors for name, errors in found.items() if errors} == {}


def test_list_bullets_are_characters_the_font_has(built: tuple[BuildResult, Path]) -> None:
    """No bullet is a Symbol-font private-use character (U+F0B7), which Arial lacks."""
    _, folder = built
    for path in _word_files(folder):
        with zipfile.ZipFile(path) as archive:
            if "word/numbering.xml" in archive.namelist():
                numbering = archive.read("word/numbering.xml").decode("utf-8")
                assert not any("\ue000" <= char <= "\uf8ff" for char in numbering), path.name
