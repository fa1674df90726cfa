"""Sign-in sheets and the participant list as an EU auditor reads them; attendance as recorded.

The sheets are broken into pages by the view, so that each page can say "Day 2 · page 1 of 3":
these tests check the measuring and the packing, what a row holds (never a tick of consent),
that the people who run the workshop are not counted, the percentages, and attendance read from
the participant file. One test converts the example's sheets with LibreOffice and reads every
page of the PDF.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from conftest import BASE_WORKSHOP, EXAMPLE, analyse, needs_libreoffice, tuples
from facilitation import codes
from facilitation.catalogue.labels import list_label_catalogues, load_labels
from facilitation.checking.analyse import Analysis, analyse_paths
from facilitation.checking.scheduling import schedule_workshop
from facilitation.documents.build import build
from facilitation.documents.language import localise_workshop
from facilitation.documents.measure import char_width, count_lines, mm, text_width
from facilitation.documents.views.base import ViewContext
from facilitation.documents.views.paging import paginate
from facilitation.documents.views.participants import (
    count_attendance,
    count_participants,
    make_participants_view,
)
from facilitation.documents.views.sign_in import (
    LAYOUT,
    closing_height,
    count_walk_in_rows,
    headings_fit,
    make_sign_in_view,
    page_top,
    row_height,
    split_email,
)
from facilitation.model.workshop import Participant
from helpers.docx_text import docx_parts

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
REGIONAL = EXAMPLE / "regional-strategic-planning.yaml"
SERBIA = EXAMPLE / "kickoffs" / "serbia.yaml"


def context(path: Path, *, shared: bool = False) -> ViewContext:
    """The view context of a workshop file as a build makes it (in its own language)."""
    [analysis] = [a for a in analyse_paths([path]).analyses if a.path == path]
    return context_of(analysis, shared=shared)


def context_of(analysis: Analysis, *, shared: bool = False) -> ViewContext:
    assert analysis.workshop is not None, analysis.diagnostics
    workshop = localise_workshop(analysis.workshop, analysis.workshop.language)
    return ViewContext.of(workshop, schedule_workshop(workshop), dt.date(2026, 1, 5), shared=shared)


# --- measuring text and packing rows into pages ---------------------------------------------------


def test_text_is_measured_with_arial_widths() -> None:
    assert text_width("Illi", 10) == pytest.approx((278 + 222 + 222 + 222) / 100)
    assert text_width("Illi", 10, bold=True) == pytest.approx((278 + 278 + 278 + 278) / 100)
    # Accented letters are as wide as their base letter; Cyrillic has its own widths.
    assert text_width("Đorđević", 9) > text_width("Dordevic", 9) - 1
    assert text_width("Ж", 10) == pytest.approx(9.23)


@pytest.mark.parametrize("text", ["", "Illi", "Đorđević", "Ćirić", "Жарко Ђурић", "東京 e\u0301"])
@pytest.mark.parametrize("bold", [False, True])
def test_a_text_is_as_wide_as_its_characters(text: str, bold: bool) -> None:
    assert text_width(text, 9, bold) == sum(char_width(char, bold) for char in text) * 9 / 1000


def test_lines_wrap_at_spaces_and_long_words_break_between_letters() -> None:
    width = text_width("Head of Section,", 9)
    assert count_lines("", width, 9) == 1
    assert count_lines("Head of Section", width, 9) == 1
    assert count_lines("Head of Section, Service", width, 9) == 2
    assert count_lines("a.dzvezdanovski@example.org", mm(25), 8) == 2
    assert count_lines("one\ntwo", mm(50), 9) == 2


def test_rows_fill_pages_in_order_and_the_closing_block_stays_with_the_last_row() -> None:
    assert paginate([10] * 10, 35, 0) == [[0, 1, 2], [3, 4, 5], [6, 7, 8], [9]]
    # The certification (12) does not fit after rows 6-8: row 8 moves on to the last page.
    assert paginate([10] * 9, 35, 12) == [[0, 1, 2], [3, 4, 5], [6, 7], [8]]
    # A group heading (row 2) never ends a page.
    assert paginate([10, 10, 5, 10, 10], 25, 0, [False, False, True]) == [[0, 1], [2, 3, 4]]
    # The first page holds less (the logos).
    assert paginate([10] * 5, 30, 0, first=20) == [[0, 1], [2, 3, 4]]
    assert paginate([], 30, 10) == [[]]


# --- the sign-in sheets -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def regional_sign_in() -> dict[str, Any]:
    return make_sign_in_view(context(REGIONAL))


def test_each_day_has_its_own_numbered_pages(regional_sign_in: dict[str, Any]) -> None:
    sheets = regional_sign_in["sheets"]
    assert [sheet["label"] for sheet in sheets] == ["Day 1", "Day 2", "Day 3", "Day 4"]
    for sheet in sheets:
        count = len(sheet["pages"])
        assert count >= 2
        assert [page["label"] for page in sheet["pages"]] == [
            f"{sheet['label']} · page {number} of {count}" for number in range(1, count + 1)
        ]
        assert [page["last"] for page in sheet["pages"]] == [False] * (count - 1) + [True]
        assert sheet["place"] == "Hotel Europe, conference centre, Sarajevo, Bosnia and Herzegovina"


def test_every_page_holds_what_the_view_put_on_it(regional_sign_in: dict[str, Any]) -> None:
    """Top, rows and (on the last page) the certification fit in the page with room to spare."""
    view = regional_sign_in
    room = LAYOUT.body - LAYOUT.spare
    for sheet in view["sheets"]:
        for page in sheet["pages"]:
            used = page_top(view, sheet, logos=page["number"] == 1)
            used += sum(row_height(row) for row in page["rows"])
            used += closing_height(view) if page["last"] else 0
            assert used <= room, (sheet["label"], page["number"])
            assert page["rows"][-1]["kind"] != "group"  # a heading never ends a page
    first = view["sheets"][0]["pages"]
    assert first[0]["rows"][0]["number"] == 1
    numbers = [row["number"] for page in first for row in page["rows"] if row["kind"] != "group"]
    assert numbers == list(range(1, len(numbers) + 1))


def test_rows_are_at_least_12_5_mm_and_grow_with_their_text() -> None:
    blank = {"kind": "blank", "number": 1, **dict.fromkeys(
        ("name", "function", "institution", "country", "contact", "contact_domain", "gender"), ""
    )}  # fmt: skip
    assert row_height(blank) == pytest.approx(mm(12.5), abs=0.1)
    long = {**blank, "kind": "person", "function": "Head of Unit, " * 12}
    assert row_height(long) > mm(20)


def test_staff_sign_in_a_group_of_their_own_and_walk_ins_come_last(
    regional_sign_in: dict[str, Any],
) -> None:
    rows = [row for page in regional_sign_in["sheets"][0]["pages"] for row in page["rows"]]
    groups = [index for index, row in enumerate(rows) if row["kind"] == "group"]
    assert [rows[index]["label"] for index in groups] == [
        "Organisers, facilitators and interpreters (not counted as participants)",
        "Participants who are not on the list",
    ]
    participants = rows[: groups[0]]
    staff = rows[groups[0] + 1 : groups[1]]
    walk_ins = rows[groups[1] + 1 :]
    assert len(participants) == 38
    assert [row["name"] for row in staff] == ["Lejla Bašić", "Vesna Ristić"]
    assert len(walk_ins) >= count_walk_in_rows(38) == 5
    assert all(row["kind"] == "blank" and row["name"] == "" for row in walk_ins)
    assert walk_ins[0]["number"] == 41
    assert {row["gender"] for row in participants} == {"F", "M"}


def test_consent_to_photos_is_never_taken_from_the_registration(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = build([REGIONAL], out, only=["sign-in"])
    assert not result.failed, result.problems
    body = docx_parts(out / "regional-strategic-planning" / "sign-in.docx")["body"]
    rows = [line for line in body if re.match(r"\| \d+ \|", line)]
    assert len(rows) > 4 * 45
    for line in rows:
        photos = line.split(" | ")[-2]
        assert photos == "□ Yes\n□ No", line
    assert "■" not in "\n".join(body)


def test_the_signature_rows_are_at_least_12_mm_and_never_split(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert not build([SERBIA], out, only=["sign-in"]).failed
    with zipfile.ZipFile(out / "kickoff-serbia" / "sign-in.docx") as archive:
        root = etree.fromstring(archive.read("word/document.xml"))
    numbered = 0
    for row in root.iter(f"{W}tr"):
        assert row.find(f"{W}trPr/{W}cantSplit") is not None
        first = "".join(row.find(f"{W}tc").itertext()) if row.find(f"{W}tc") is not None else ""
        if first.strip().isdigit():
            numbered += 1
            height = row.find(f"{W}trPr/{W}trHeight")
            assert height is not None
            assert height.get(f"{W}hRule") == "atLeast"
            assert int(height.get(f"{W}val")) >= round(12 * 1440 / 25.4)
    assert numbered >= 20


@pytest.mark.parametrize("language", list_label_catalogues())
def test_column_headings_do_not_break_inside_a_word(language: str) -> None:
    assert headings_fit(load_labels(language)), language


def test_an_address_too_wide_for_its_column_breaks_before_the_at_sign() -> None:
    assert split_email("a.ilic@example.org") == ("a.ilic@example.org", "")
    long = "aleksandra.dzvezdanovska-petrovska@ministry.example.gov.mk"
    assert split_email(long) == (
        "aleksandra.dzvezdanovska-petrovska",
        "@ministry.example.gov.mk",
    )


def test_a_shared_copy_of_the_sheet_prints_no_contact() -> None:
    view = make_sign_in_view(context(REGIONAL, shared=True))
    rows = [row for sheet in view["sheets"] for page in sheet["pages"] for row in page["rows"]]
    assert all(not row.get("contact") for row in rows)


ONLINE = BASE_WORKSHOP.replace("  start: 2026-03-02\n", "  start: 2026-03-02\n  mode: online\n")


def test_online_days_have_no_sheet(write: Callable[..., Path]) -> None:
    path = write("w.yaml", ONLINE + "participants:\n  - name: Ana Ilić\n")
    [analysis] = analyse(path).analyses
    view = make_sign_in_view(context_of(analysis))
    assert view["sheets"] == []
    assert view["pages"] == []


# --- the participant list -----------------------------------------------------------------------


def test_the_list_names_the_institution_on_every_row_and_lists_the_team_apart() -> None:
    view = make_participants_view(context(REGIONAL))
    rows = [row for group in view["groups"] for row in group["rows"]]
    assert len(rows) == 38
    assert all(row["institution"] for row in rows if row["country"] != "")
    serbia = view["groups"][0]["rows"]
    assert [row["institution"] for row in serbia[:2]] == [
        "Criminal Police Directorate, Ministry of Interior"
    ] * 2
    assert [(row["name"], row["role"]) for row in view["staff"]] == [
        ("Lejla Bašić", "Organiser"),
        ("Vesna Ristić", "Interpreter"),
    ]
    assert [row["number"] for row in view["staff"]] == [39, 40]
    assert any(row["role"] == "Speaker" for row in rows)


def test_people_are_placed_by_what_the_programme_makes_of_each_spelling(
    write: Callable[..., Path],
) -> None:
    people = """\
participants:
  - {first_name: Ana, last_name: Zec, country: Serbia, institution: rs-police}
  - {name: Ema Muster, country: Austria, institution: Nowhere}
  - {first_name: Bo, last_name: Ilić, country: RS, institution: Police Directorate}
  - {name: Fatos Kola, country: XK, role: organiser}
  - {first_name: Cvijeta, last_name: Avdić, institution: police directorate}
  - {name: Dren Gashi, country: kosovo, institution: Nowhere}
  - {name: Goran Nikolić, country: srb}
"""
    [analysis] = analyse(write("w.yaml", BASE_WORKSHOP + people)).analyses
    view = make_participants_view(context_of(analysis))
    listed = [
        (group["country"], row["name"], row["institution"], row["country"])
        for group in view["groups"]
        for row in group["rows"]
    ]
    police = "Police Directorate"
    assert listed == [
        ("Serbia", "Goran Nikolić", "", "Serbia"),
        ("Serbia", "Cvijeta Avdić", police, "Serbia"),
        ("Serbia", "Bo Ilić", police, "Serbia"),
        ("Serbia", "Ana Zec", police, "Serbia"),
        ("Kosovo*", "Dren Gashi", "Nowhere", "Kosovo*"),
        ("Regional and international", "Ema Muster", "Nowhere", "Austria"),
    ]
    assert [(row["name"], row["country"]) for row in view["staff"]] == [("Fatos Kola", "Kosovo*")]


def test_figures_leave_out_the_team_and_give_percentages() -> None:
    counts = count_participants(context(REGIONAL))
    assert counts["total"] == 38
    assert sum(item["count"] for item in counts["countries"]) == 38
    assert counts["countries"][0] == {"label": "Serbia", "count": 6, "percent": "16%"}
    assert counts["genders"] == [
        {"label": "Women", "count": 19, "percent": "50%"},
        {"label": "Men", "count": 19, "percent": "50%"},
    ]
    assert [row[0]["label"] for row in counts["rows"]][:2] == ["Serbia", "Bosnia and Herzegovina"]


def test_percentages_are_written_as_the_language_writes_them(write: Callable[..., Path]) -> None:
    people = "participants:\n" + "".join(
        f"  - {{name: P {index}, gender: {gender}}}\n"
        for index, gender in enumerate(["female", "female", "male"])
    )
    path = write(
        "w.yaml",
        BASE_WORKSHOP.replace("  start: 2026-03-02\n", "  start: 2026-03-02\n  language: de\n")
        + people,
    )
    [analysis] = analyse(path).analyses
    genders = count_participants(context_of(analysis))["genders"]
    assert [(item["count"], item["percent"]) for item in genders] == [
        (2, "67\xa0%"),
        (1, "33\xa0%"),
    ]


# --- attendance ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "read"),
    [
        ("1,2", [1, 2]),
        ("1; 3", [1, 3]),
        ("1 - 3", [1, 2, 3]),
        ("2–3", [2, 3]),
        (2, [2]),
        ([2, 1, 2], [1, 2]),
        ("all", "all"),
        ("none", "none"),
        (True, "all"),
        (False, "none"),
        ("", None),
        (None, None),
    ],
)
def test_attendance_is_read_in_the_forms_people_write(written: Any, read: Any) -> None:
    assert Participant(name="Ana", attended=written).attended == read


@pytest.mark.parametrize("written", ["Monday", "0", "3-1", "1.5", "day 1", "1-999"])
def test_other_attendance_is_refused(written: str) -> None:
    with pytest.raises(ValueError, match="is not a list of days"):
        Participant(name="Ana", attended=written)


TWO_DAYS = (
    BASE_WORKSHOP
    + """\
  - start: 9:00
    end: 12:00
    sessions:
      - title: Planning
        minutes: 45
        lead: ek
participants: people.csv
"""
)


def test_a_wrong_attendance_cell_is_reported_where_it_is(write: Callable[..., Path]) -> None:
    write(
        "people.csv",
        """\
        Name,Gender,Attended
        Ana Ilić,F,"1,2"
        Besa Krasniqi,F,Monday
        """,
    )
    report = analyse(write("w.yaml", TWO_DAYS))
    assert tuples(report.diagnostics) == [(codes.INVALID_VALUE, 3, 17)]
    [problem] = report.diagnostics
    assert problem.message == (
        "`attended`: `Monday` is not a list of days: write the numbers of the days the person "
        "came, such as 1,2 or 1-3, or all, or none (row 3)"
    )


def test_a_day_the_workshop_does_not_have_is_reported(write: Callable[..., Path]) -> None:
    write("people.csv", "Name,Attended\nAna Ilić,1\nMarko Jović,1-3\n")
    report = analyse(write("w.yaml", TWO_DAYS))
    assert tuples(report.diagnostics) == [(codes.DAY_OUTSIDE_WORKSHOP, 3, 13)]
    assert report.diagnostics[0].message == (
        "Marko Jović attended day 3, but the workshop has 2 day(s)"
    )


def test_attendance_counts_each_day_by_sex(write: Callable[..., Path]) -> None:
    write(
        "people.csv",
        """\
        Name,Gender,Присуство,Role
        Ana Ilić,F,да,participant
        Besa Krasniqi,F,1,speaker
        Marko Jović,M,2,participant
        Ivo Ban,,1-2,participant
        Alex Roe,X,не,participant
        Lea Kern,F,,participant
        Tea Staff,F,all,organiser
        """,
    )
    [analysis] = analyse(write("w.yaml", TWO_DAYS)).analyses
    assert analysis.diagnostics == []
    attendance = count_attendance(context_of(analysis))
    assert attendance["recorded"]
    day_one, day_two = attendance["days"]
    assert (day_one["label"], day_one["total"]) == ("Day 1", 3)
    assert {key: day_one[key] for key in ("female", "male", "other", "not_stated")} == {
        "female": 2, "male": 0, "other": 0, "not_stated": 1,
    }  # fmt: skip
    assert {key: day_two[key] for key in ("female", "male", "not_stated", "total")} == {
        "female": 1, "male": 1, "not_stated": 1, "total": 3,
    }  # fmt: skip
    assert attendance["overall"]["total"] == 4  # Alex came on no day; the organiser is not counted
    assert attendance["person_days"] == 6
    assert (attendance["registered"], attendance["missing"]) == (6, 1)
    assert "1" in attendance["missing_note"]
    view = make_participants_view(context_of(analysis))
    assert view["attendance"]["recorded"]


def test_without_records_attendance_says_so(tmp_path: Path) -> None:
    # The regional workshop's file without its "Attended" column.
    shutil.copytree(EXAMPLE, tmp_path / "example")
    registrations = tmp_path / "example" / "participants.csv"
    lines = registrations.read_text(encoding="utf-8").splitlines()
    registrations.write_text(
        "\n".join(line.rsplit(",", 1)[0] for line in lines) + "\n", encoding="utf-8"
    )
    attendance = count_attendance(context(tmp_path / "example" / REGIONAL.name))
    assert not attendance["recorded"]
    assert attendance["note"].startswith("Attendance is not recorded yet")
    assert attendance["overall"]["total"] == 0
    assert len(attendance["days"]) == 4


# --- the PDF, page by page ----------------------------------------------------------------------


def _pdf_pages(pdf: Path) -> list[str]:
    count = int(re.search(r"Pages:\s+(\d+)", _run(["pdfinfo", str(pdf)]))[1])  # type: ignore[index]
    return [
        " ".join(_run(["pdftotext", "-f", str(n), "-l", str(n), "-layout", str(pdf), "-"]).split())
        for n in range(1, count + 1)
    ]


def _run(command: list[str]) -> str:
    return subprocess.run(command, check=True, capture_output=True, text=True).stdout


@pytest.mark.libreoffice
@pytest.mark.parametrize("path", [REGIONAL, SERBIA], ids=["regional", "kickoff-serbia"])
def test_every_pdf_page_names_the_event_its_day_and_its_page_of_the_day(
    path: Path, tmp_path: Path
) -> None:
    needs_libreoffice()
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext is not installed")
    out = tmp_path / "out"
    result = build([path], out, only=["sign-in"], pdf=True)
    assert not result.failed, result.problems
    ctx = context(path)
    view = make_sign_in_view(ctx)
    folder = out / ctx.workshop.info.id
    pages = _pdf_pages(folder / "sign-in.pdf")
    expected = [(sheet, page) for sheet in view["sheets"] for page in sheet["pages"]]
    assert len(pages) == len(expected)
    title = " ".join(ctx.workshop.info.title.split())
    for text, (sheet, page) in zip(pages, expected, strict=True):
        label = str(ctx.labels["sign_in"]["page_of"]).format(
            day=sheet["label"], page=page["number"], pages=len(sheet["pages"])
        )
        assert label in text, (label, text[:300])
        assert title in text
        assert str(sheet["date"]) in text
        # Exactly the rows the view put on the page, each with two empty boxes.
        numbers = [str(row["number"]) for row in page["rows"] if row["kind"] != "group"]
        assert text.count("□") == 2 * len(numbers), label
        assert re.search(rf"\b{numbers[0]}\b", text)
        assert re.search(rf"\b{numbers[-1]}\b", text)
        yes, no = ctx.labels["sign_in"]["yes"], ctx.labels["sign_in"]["no"]
        assert text.count(f"□ {yes}") == text.count(f"□ {no}") == len(numbers)
        assert (str(ctx.labels["sign_in"]["certification"])[:30] in text) == page["last"]
    with zipfile.ZipFile(folder / "sign-in.docx") as archive:
        root = etree.fromstring(archive.read("word/document.xml"))
    rows = list(root.iter(f"{W}tr"))
    assert rows
    assert all(row.find(f"{W}trPr/{W}cantSplit") is not None for row in rows)
