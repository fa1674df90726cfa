"""Registration exports: CSV and Excel, headings in six languages, encodings, bad rows."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest

from conftest import BASE_WORKSHOP, analyse
from facilitation import codes

WORKSHOP = BASE_WORKSHOP + "participants: people.csv\n"


def report_for(
    write: Callable[..., Path], csv: str | bytes, workshop: str = WORKSHOP, name: str = "people.csv"
):
    write(name, csv)
    return analyse(write("w.yaml", workshop))


def people(report):  # type: ignore[no-untyped-def]
    workshop = report.analyses[0].workshop
    assert workshop is not None, report.diagnostics
    return workshop.participants


def test_english_headings_and_our_own(write: Callable[..., Path]) -> None:
    report = report_for(
        write,
        """\
        First name,Last name,Position,Organisation,Country,E-mail,Phone,Gender,Photo consent,Share contact
        Ana,Jovanović,Inspector,Police Directorate,RS,a@example.org,+381 1,F,yes,no
        Besa,Krasniqi,Prosecutor,Police Directorate,XK,b@example.org,,female,no,da
        """,
    )
    assert report.diagnostics == []
    first, second = people(report)
    assert (first.first_name, first.last_name, first.function, first.gender) == (
        "Ana",
        "Jovanović",
        "Inspector",
        "female",
    )
    assert (first.photo_consent, first.share_contact) == (True, False)
    assert (second.photo_consent, second.share_contact) == (False, True)


@pytest.mark.parametrize(
    ("headings", "row"),
    [
        (
            "Ime;Prezime;Funkcija;Institucija;Država;E-pošta",
            "Ana;Jovanović;Inspektor;Police Directorate;RS;a@example.org",
        ),
        (
            "Име\tПрезиме\tФункција\tИнституција\tДржава\tЕ-пошта",
            "Ана\tЈовановић\tИнспектор\tPolice Directorate\tRS\ta@example.org",
        ),
        (
            "Emri,Mbiemri,Pozita,Institucioni,Shteti,Emaili",
            "Besa,Krasniqi,Prokurore,Police Directorate,XK,b@example.org",
        ),
        (
            "Име,Презиме,Позиција,Институција,Земја,Е-пошта",
            "Ѓорѓи,Трајковски,Обвинител,Police Directorate,RS,g@example.org",
        ),
    ],
)
def test_local_headings_and_delimiters(write: Callable[..., Path], headings: str, row: str) -> None:
    report = report_for(write, f"{headings}\n{row}\n")
    assert report.diagnostics == []
    [person] = people(report)
    assert person.last_name
    assert person.function
    assert person.email
    assert person.institution


def test_explicit_column_map(write: Callable[..., Path]) -> None:
    workshop = BASE_WORKSHOP + (
        "participants:\n  file: people.csv\n  columns:\n    Teilnehmer: name\n    Dienststelle: institution\n"
    )
    report = report_for(
        write, "Teilnehmer,Dienststelle\nAna Jovanović,Police Directorate\n", workshop
    )
    assert report.diagnostics == []
    assert people(report)[0].name == "Ana Jovanović"


def test_unknown_columns_are_named_and_kept_out(write: Callable[..., Path]) -> None:
    report = report_for(write, "Name,Dietary needs,Hotel\nAna,vegetarian,Europe\n")
    [diagnostic] = report.diagnostics
    assert diagnostic.code == codes.UNKNOWN_COLUMN
    assert "`Dietary needs`, `Hotel`" in diagnostic.message
    assert "vegetarian" not in diagnostic.message


def test_blank_rows_are_skipped_and_duplicate_email_flagged_without_echo(
    write: Callable[..., Path],
) -> None:
    report = report_for(write, "Name,Email\nAna,ana@example.org\n,\n\nBesa,ANA@example.org\n")
    assert [p.name for p in people(report)] == ["Ana", "Besa"]
    [diagnostic] = report.diagnostics
    assert (diagnostic.code, diagnostic.location.line) == (codes.DUPLICATE_EMAIL, 5)
    assert "row 5 has the same e-mail address as row 2" in diagnostic.message
    assert "example.org" not in json.dumps(diagnostic.to_dict())


def test_bad_row_values_name_row_and_column_but_not_contact_data(
    write: Callable[..., Path],
) -> None:
    report = report_for(
        write, "Name,E-mail,Photo consent\nAna,not-an-address,maybe\n,b@example.org,yes\n"
    )
    found = [
        (d.code, d.location.file.endswith("people.csv"), d.location.line, d.location.column)
        for d in report.diagnostics
    ]
    assert found == [
        (codes.INVALID_EMAIL, True, 2, 5),
        (codes.INVALID_BOOLEAN, True, 2, 20),
        (codes.MISSING_FIELD, True, 3, 1),
    ]
    text = json.dumps([d.to_dict() for d in report.diagnostics])
    assert "not-an-address" not in text
    assert "b@example.org" not in text
    assert "`maybe`" in text


def test_control_characters_are_removed_with_a_warning(write: Callable[..., Path]) -> None:
    report = report_for(write, "Name,Function\nAna\x0bJovanović,Inspector\x00 General\n")
    assert [d.code for d in report.diagnostics] == [codes.CONTROL_CHARACTERS]
    [person] = people(report)
    assert (person.name, person.function) == ("Ana Jovanović", "Inspector General")


def test_only_a_header(write: Callable[..., Path]) -> None:
    report = report_for(write, "Name,Institution,Email\n")
    assert [d.code for d in report.diagnostics] == [codes.NO_PARTICIPANTS]
    assert people(report) == []


def test_no_name_column(write: Callable[..., Path]) -> None:
    report = report_for(write, "Institution,Email\nPolice,a@example.org\n")
    assert [d.code for d in report.diagnostics] == [codes.PARTICIPANTS_HEADINGS]


def test_cp1250_is_read_with_a_warning(write: Callable[..., Path]) -> None:
    data = "Ime;Prezime;Institucija\nĐorđe;Šćekić;Police Directorate\nŽana;Čolić;Police Directorate\n".encode(
        "cp1250"
    )
    report = report_for(write, data)
    assert [d.code for d in report.diagnostics] == [codes.LEGACY_ENCODING]
    assert "cp1250" in report.diagnostics[0].message
    assert [p.last_name for p in people(report)] == ["Šćekić", "Čolić"]


def test_cp1251_is_read_with_a_warning(write: Callable[..., Path]) -> None:
    data = "Име;Презиме\nЈелена;Марковић\nЂорђе;Шћекић\n".encode("cp1251")
    report = report_for(write, data)
    assert "cp1251" in report.diagnostics[0].message
    assert [p.last_name for p in people(report)] == ["Марковић", "Шћекић"]


def test_missing_file_points_at_the_workshop(write: Callable[..., Path]) -> None:
    report = analyse(write("w.yaml", WORKSHOP))
    [diagnostic] = report.diagnostics
    assert (diagnostic.code, diagnostic.location.line) == (codes.PARTICIPANTS_NOT_FOUND, 29)


def _xlsx(path: Path, rows: list[list[object]], merge: str | None = None) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    if merge:
        sheet.merge_cells(merge)
    book.save(path)


def test_xlsx_with_a_title_row(write: Callable[..., Path], tmp_path: Path) -> None:
    _xlsx(
        tmp_path / "people.xlsx",
        [
            ["Registration list", None, None],
            ["First name", "Surname", "Organization"],
            ["Ana", "Jovanović", "Police Directorate"],
            [None, None, None],
            ["Besa", "Krasniqi", 12],
        ],
        merge="A1:C1",
    )
    report = analyse(write("w.yaml", BASE_WORKSHOP + "participants: people.xlsx\n"))
    assert [(p.first_name, p.institution) for p in people(report)] == [
        ("Ana", "Police Directorate"),
        ("Besa", "12"),
    ]


def test_xlsx_with_merged_heading_cells(write: Callable[..., Path], tmp_path: Path) -> None:
    _xlsx(
        tmp_path / "people.xlsx",
        [["Name", None, "Institution"], ["First", "Last", None], ["Ana", "Jovanović", "Police"]],
        merge="A1:B1",
    )
    report = analyse(write("w.yaml", BASE_WORKSHOP + "participants: people.xlsx\n"))
    [diagnostic] = report.diagnostics
    assert (diagnostic.code, diagnostic.location.line, diagnostic.location.column) == (
        codes.PARTICIPANTS_HEADINGS,
        1,
        2,
    )
    assert "column B is merged" in diagnostic.message
    assert report.analyses[0].workshop is None


def test_not_a_spreadsheet(write: Callable[..., Path]) -> None:
    write("people.xlsx", b"this is not a zip")
    report = analyse(write("w.yaml", BASE_WORKSHOP + "participants: people.xlsx\n"))
    assert [d.code for d in report.diagnostics] == [codes.PARTICIPANTS_FORMAT]
