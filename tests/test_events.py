"""Events as facilitators run them: a field visit, a dinner, an evening session and a free
afternoon over two days, and an online half-day with participants in four time zones.

Both workshops are in ``tests/fixtures/events`` and build without any workaround; the agenda
says where to go and when, in every participant's zone.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from conftest import REPO, analyse, codes_of
from facilitation.documents.build import build
from helpers.docx_text import docx_parts, docx_text

EVENTS = REPO / "tests" / "fixtures" / "events"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("events")
    result = build([EVENTS], out)
    assert not result.failed, result.problems
    return out


def test_both_workshops_check_clean() -> None:
    for name in ("field-week.yaml", "online-review.yaml"):
        report = analyse(EVENTS / name)
        assert codes_of(report) == [], name


def test_a_field_visit_is_not_a_stretch_without_a_break(tmp_path: Path) -> None:
    text = (EVENTS / "field-week.yaml").read_text(encoding="utf-8")
    # Without `visit:`, the same four and a half hours are work without a break.
    as_work = text.replace("- visit: Field visit", "- title: Field visit").replace(
        "        method: field-visit\n", ""
    )
    path = tmp_path / "field-week.yaml"
    shutil.copy(EVENTS / "programme.yaml", tmp_path / "programme.yaml")
    path.write_text(as_work, encoding="utf-8")
    assert "P203" in codes_of(analyse(path))


def test_check_knows_that_a_longer_journey_needs_a_longer_visit(tmp_path: Path) -> None:
    shutil.copy(EVENTS / "programme.yaml", tmp_path / "programme.yaml")
    text = (EVENTS / "field-week.yaml").read_text(encoding="utf-8")
    path = tmp_path / "field-week.yaml"
    path.write_text(text.replace("travel: 30", "travel: 130"), encoding="utf-8")
    report = analyse(path)
    assert "P219" in codes_of(report)
    message = next(d.message for d in report.diagnostics if d.code == "P219")
    assert "needs 290–650 min with 130 min travel each way" in message


def test_the_agenda_says_where_to_go_and_who_speaks(built: Path) -> None:
    body = "\n".join(docx_parts(built / "field-week-bar" / "agenda.docx")["body"])
    assert "08:30–09:00 | Registration" in body
    assert "Speakers: Milica Vuković, State prosecutor, Ambassador of the EU Delegation" in body
    assert "Moderator: Eva Kessler" in body
    assert "Location: Port of Bar, container terminal" in body
    assert "30 mins travel each way, included" in body
    assert "Prosecution: Room Budva · Police and customs: Room Kotor" in body
    assert "Room: Terrace restaurant" in body
    for title in (
        "Free time",
        "Free afternoon",
        "Dinner with the port authority",
        "Closing dinner",
    ):
        assert title in body
    assert "Evening session: stories from the border" in body
    assert "| Venue | Hotel Adriatic, conference hall, Jadranska magistrala bb, 85000 Bar |" in body
    assert "English and Montenegrin, with simultaneous interpretation" in body
    assert "Eva Kessler, Lead facilitator, e.kessler@example.org" in body


def test_outputs_are_a_list_not_a_joined_line(built: Path) -> None:
    body = docx_parts(built / "field-week-bar" / "agenda.docx")["body"]
    row = next(line for line in body if "Preparing the visit" in line)
    assert "• Questions for the port authority / • Roles during the visit" in row
    assert "authority; Roles" not in row


def test_a_final_document_has_no_draft_mark_and_says_its_version(built: Path) -> None:
    parts = docx_parts(built / "field-week-bar" / "agenda.docx")
    assert not any("DRAFT" in line for line in parts["header"])
    assert any("Version 1.0 · Final · issued 28 April 2026" in line for line in parts["footer"])
    online = docx_parts(built / "online-review" / "agenda.docx")
    assert any("DRAFT" in line for line in online["header"])


def test_every_online_time_carries_its_zone_and_new_york_time(built: Path) -> None:
    body = docx_parts(built / "online-review" / "agenda.docx")["body"]
    rows = [line for line in body if re.match(r"\| \d\d:\d\d–\d\d:\d\d", line)]
    assert len(rows) == 6
    for row in rows:
        assert re.match(r"\| \d\d:\d\d–\d\d:\d\d CEST / \d\d:\d\d–\d\d:\d\d GMT−04:00 \|", row), row
    assert "| 14:00–14:15 CEST / 08:00–08:15 GMT−04:00 | Check-in |" in rows
    text = "\n".join(body)
    assert "All times are Central European Summer Time (CEST)." in text
    assert (
        "14:00 CEST is 13:00 in London (BST), 08:00 in New York (GMT−04:00) "
        "and 15:00 in Istanbul (GMT+03:00)." in text
    )
    assert "https://meet.example.org/csc-wb-review" in text
    assert "Day 1 · Wednesday, 3 June 2026 · Online" in text


def test_the_calendar_sends_people_to_the_port_and_to_the_link(built: Path) -> None:
    field = (built / "field-week-bar" / "agenda.ics").read_text(encoding="utf-8")
    unfolded = field.replace("\r\n ", "")
    assert "LOCATION:Port of Bar\\, container terminal\\, Obala 13. jula bb\\, Bar" in unfolded
    free = unfolded.split("SUMMARY:Free afternoon")[1].split("END:VEVENT")[0]
    assert "TRANSP:TRANSPARENT" in free
    online = (built / "online-review" / "agenda.ics").read_text(encoding="utf-8")
    assert "URL:https://meet.example.org/csc-wb-review" in online
    assert "LOCATION:https://meet.example.org/csc-wb-review" in online


def test_a_private_link_stays_out_of_the_agenda_and_calendar(tmp_path: Path) -> None:
    shutil.copy(EVENTS / "programme.yaml", tmp_path / "programme.yaml")
    text = (EVENTS / "online-review.yaml").read_text(encoding="utf-8")
    private = text.replace(
        "  meeting_link: https://meet", "  share_meeting_link: no\n  meeting_link: https://meet"
    )
    (tmp_path / "online-review.yaml").write_text(private, encoding="utf-8")
    result = build([tmp_path / "online-review.yaml"], tmp_path / "out")
    assert not result.failed, result.problems
    folder = tmp_path / "out" / "online-review"
    assert "meet.example.org" not in docx_text(folder / "agenda.docx")
    assert "meet.example.org" not in (folder / "agenda.ics").read_text(encoding="utf-8")
    assert "meet.example.org" not in (folder / "agenda.md").read_text(encoding="utf-8")


def test_online_sessions_need_no_room_materials(built: Path, tmp_path: Path) -> None:
    assert "paper and pens" not in docx_text(built / "online-review" / "run-sheet.docx")
    # The same session in a room needs its method's materials.
    shutil.copy(EVENTS / "programme.yaml", tmp_path / "programme.yaml")
    text = (EVENTS / "online-review.yaml").read_text(encoding="utf-8")
    in_person = text.replace("  mode: online\n", "")
    (tmp_path / "online-review.yaml").write_text(in_person, encoding="utf-8")
    result = build([tmp_path / "online-review.yaml"], tmp_path / "out")
    assert not result.failed, result.problems
    assert "paper and pens" in docx_text(tmp_path / "out" / "online-review" / "run-sheet.docx")


def test_an_online_day_has_no_sheet_to_sign(built: Path) -> None:
    online = docx_parts(built / "online-review" / "sign-in.docx")["body"]
    assert any("there is no sheet to sign" in line for line in online)
    assert not any("Signature" in line for line in online)
    field = "\n".join(docx_parts(built / "field-week-bar" / "sign-in.docx")["body"])
    for day in (1, 2):
        assert f"Day {day} · page 1 of 2" in field
        assert f"Day {day} · page 2 of 2" in field
