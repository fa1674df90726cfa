"""Registration exports: CSV and Excel, headings in six languages, encodings, bad rows."""

from __future__ import annotations

import csv as csv_module
import io
import json
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import BASE_WORKSHOP, analyse
from facilitation import codes
from facilitation.errors import Location
from facilitation.model.workshop import ParticipantFile
from facilitation.reading.participants import read_participant_file
from facilitation.reading.participants.csv_file import csv_rows
from facilitation.reading.participants.headings import Headings
from facilitation.reading.participants.rows import Row
from facilitation.reading.participants.table import ParticipantTable, _RowReader
from facilitation.reading.participants.values import field_value
from facilitation.source_map import Position, SourceMap

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


def _position_of(text: str, needle: str) -> tuple[int, int]:
    """The 1-based line and column where ``needle`` starts in ``text``."""
    before = text[: text.index(needle)]
    return before.count("\n") + 1, len(before) - (before.rfind("\n") + 1) + 1


@pytest.mark.parametrize(
    "csv_text",
    [
        pytest.param(
            'Name,Function,E-mail\nAna,"Head of\nthe unit",not-an-address\n',
            id="after-a-multi-line-cell",
        ),
        pytest.param(
            'Name,Function,E-mail\nAna,"Head, of\nthe, ""first"", unit\n",not-an-address\n',
            id="after-a-cell-of-three-lines-with-delimiters-and-doubled-quotes",
        ),
        pytest.param(
            'Name,E-mail,Function\nAna,not-an-address,"Head of\nthe unit"\n',
            id="before-a-multi-line-cell",
        ),
        pytest.param(
            'Name,Function,E-mail\nAna,"a ""b"" c",not-an-address\n',
            id="after-doubled-quotes",
        ),
        pytest.param(
            'Name,Function,E-mail\nAna,"a ""b, c"" d",not-an-address\n',
            id="after-doubled-quotes-around-a-delimiter",
        ),
        pytest.param(
            'Name,Function,E-mail\nAna,"""quoted""",not-an-address\n',
            id="after-a-cell-that-is-only-doubled-quotes",
        ),
        pytest.param(
            'Name,Function,E-mail\nAna,"Head of\n""the"" unit",not-an-address\n',
            id="after-a-multi-line-cell-with-doubled-quotes",
        ),
        pytest.param(
            'Name,Function,E-mail\nAna,24" screen,not-an-address\n',
            id="after-a-quote-inside-an-unquoted-cell",
        ),
        pytest.param(
            'Name;Function;E-mail\r\nAna;"Head;\r\nof";not-an-address\r\n',
            id="semicolons-and-crlf",
        ),
        pytest.param(
            'Name\tFunction\tE-mail\nAna\t"Head\tof\nthe unit"\tnot-an-address\n',
            id="tabs",
        ),
    ],
)
def test_a_cell_is_located_where_the_csv_reader_found_it(
    write: Callable[..., Path], csv_text: str
) -> None:
    report = report_for(write, csv_text.encode())
    [diagnostic] = report.diagnostics
    line, column = _position_of(csv_text.replace("\r\n", "\n"), "not-an-address")
    assert (diagnostic.code, diagnostic.location.line, diagnostic.location.column) == (
        codes.INVALID_EMAIL,
        line,
        column,
    )
    assert "not-an-address" not in json.dumps(diagnostic.to_dict())


def test_a_row_is_its_first_line_and_each_cell_is_where_it_starts(
    write: Callable[..., Path],
) -> None:
    csv_text = (
        "Name,Function,E-mail,Photo consent\n"  # line 1
        'Ana,"Head of\nthe ""first""\nunit",ana@example.org,yes\n'  # lines 2-4
        'Besa,"Deputy,\nhead",ana@example.org,no\n'  # lines 5-6
        'Cara,"Adviser\non ""law""",c@example.org,maybe\n'  # lines 7-8
        ',"Intern\n",d@example.org,no\n'  # lines 9-10
    )
    report = report_for(write, csv_text.encode())
    found = [(d.code, d.location.line, d.location.column, d.message) for d in report.diagnostics]
    assert found == [
        (codes.DUPLICATE_EMAIL, 6, 7, "row 5 has the same e-mail address as row 2"),
        (
            codes.INVALID_BOOLEAN,
            8,
            27,
            "`photo_consent` must be yes or no, not `maybe` (row 7)",
        ),
        (codes.MISSING_FIELD, 9, 1, "`name` is missing (row 9)"),
    ]


def test_a_one_column_file(write: Callable[..., Path]) -> None:
    report = report_for(write, b'Name\nAna Jovanovic\n"Krasniqi, Besa"\n')
    assert report.diagnostics == []
    assert [p.name for p in people(report)] == ["Ana Jovanovic", "Krasniqi, Besa"]


def test_the_delimiter_is_counted_outside_quoted_cells(write: Callable[..., Path]) -> None:
    workshop = BASE_WORKSHOP + (
        "participants:\n  file: people.csv\n  columns:\n    'Function, title, rank': function\n"
    )
    report = report_for(
        write,
        b'Name;"Function, title, rank";Institution\nAna;Inspector;Police Directorate\n',
        workshop,
    )
    assert report.diagnostics == []
    [person] = people(report)
    assert (person.name, person.function, person.institution) == (
        "Ana",
        "Inspector",
        "Police Directorate",
    )


def test_the_shown_source_lines_are_the_lines_the_csv_reader_counted(tmp_path: Path) -> None:
    # A vertical tab or a line separator is a line break for str.splitlines, not for csv.
    (tmp_path / "people.csv").write_bytes(
        'Name,Function\nAna\x0bJovanovic,"Head\u2028of\nunit"\nBesa,bad\x00value\n'.encode()
    )
    table = read_participant_file(
        ParticipantFile(file="people.csv"), tmp_path, "", Location("w.yaml", 1, 1)
    )
    [diagnostic] = table.diagnostics
    assert (diagnostic.code, diagnostic.location.line, diagnostic.location.column) == (
        codes.CONTROL_CHARACTERS,
        4,
        6,
    )
    assert table.source is not None
    assert table.source.line_text(4) == "Besa,bad\x00value"
    assert [p.name for p in table.participants] == ["Ana Jovanovic", "Besa"]
    row = table.source.locate((1,))
    assert (row.line, row.column) == (4, 1)


def _written(cells: list[str], delimiter: str) -> str:
    """One cell or one record as the csv module writes it, without the line ending."""
    out = io.StringIO(newline="")
    csv_module.writer(out, delimiter=delimiter, lineterminator="\r\n").writerow(cells)
    return out.getvalue()[:-2]


@settings(max_examples=300, deadline=None, database=None, derandomize=True)
@given(
    delimiter=st.sampled_from([",", ";", "\t"]),
    records=st.lists(
        st.lists(st.text(alphabet='ab ,;\t"\r\n', max_size=6), min_size=2, max_size=5),
        min_size=1,
        max_size=4,
    ),
    line_ending=st.sampled_from(["\n", "\r\n"]),
)
def test_every_written_cell_is_found_where_it_was_written(
    delimiter: str, records: list[list[str]], line_ending: str
) -> None:
    # Write the records cell by cell, noting the offset where each cell starts; the heading row
    # has the most cells, so that it decides the delimiter.
    text, expected = delimiter.join("H" * 6) + line_ending, []
    for cells in records:
        starts = []
        for index, cell in enumerate(cells):
            text += delimiter if index else ""
            starts.append(len(text))
            text += _written([cell], delimiter)
        text += line_ending
        expected.append(starts)
    line_starts = [0]
    for line in io.StringIO(text, newline="").readlines():
        line_starts.append(line_starts[-1] + len(line))

    def position(offset: int) -> tuple[int, int]:
        line = max(index for index, start in enumerate(line_starts) if start <= offset)
        return line + 1, offset - line_starts[line] + 1

    rows, _ = csv_rows(text.encode(), "people.csv", [])
    assert rows is not None
    assert [row.cells for row in rows[1:]] == records
    for row, starts in zip(rows[1:], expected, strict=True):
        assert list(zip(row.cell_lines, row.columns, strict=True)) == [position(s) for s in starts]
        assert row.line == row.cell_lines[0]


#: Cell text: letters, spaces (a no-break one too), and the line breaks and invisible characters
#: that a cell is cleaned of (U+200B is invisible but kept; U+202E and U+FFFE are removed).
_CELL_TEXT = st.text(
    alphabet="aé Ž@.\u00a0\t\n\r\x0b\x01\u2028\u2029\u200b\u202e\ufffe", max_size=8
)


@settings(max_examples=300, deadline=None, database=None, derandomize=True)
@given(cells=st.lists(_CELL_TEXT, max_size=8), lines=st.integers(0, 8), columns=st.integers(0, 8))
def test_a_printable_row_is_read_as_each_cell_would_be_cleaned(
    cells: list[str], lines: int, columns: int
) -> None:
    # The reader strips the values of a row whose text is all printable and cleans each cell of
    # any other row: both must give the values, positions and warnings that cleaning every cell
    # gives (the lines and columns a row knows may be fewer than its cells).
    fields = {0: "name", 1: "gender", 3: "phone", 4: "phone", 6: "email"}
    headings = Headings(
        0, Row(1, ["Name", "Gender", "", "Phone", "Mobile"], [1, 6, 13, 14, 20]), fields
    )
    row = Row(
        7,
        cells,
        [3 * index + 1 for index in range(min(columns, len(cells)))],
        cell_lines=tuple(range(7, 7 + min(lines, len(cells)))),
    )
    read, cleaned = (
        _RowReader(ParticipantTable(), SourceMap("p.csv", []), "p.csv", headings) for _ in "ab"
    )
    record: dict[str, str] = {}
    expected = SourceMap("p.csv", [])
    for index, cell in enumerate(cells):
        name = headings.fields.get(index)
        if name is None:
            continue
        value = cleaned._clean_cell(cell, name, index, row)
        expected.values[(0, name)] = Position(
            row.line_of(index), row.column_of(index), max(1, len(cell))
        )
        if value:
            record.setdefault(name, field_value(name, value))
    assert read._record(row) == record
    paths = [(0, name) for name in ("name", "gender", "phone", "email", "role")]
    located = [read.source.locate(path) for path in [*paths, (0, "phone", 0), (1, "name")]]
    assert located == [expected.locate(path) for path in [*paths, (0, "phone", 0), (1, "name")]]
    assert read.table.diagnostics == cleaned.table.diagnostics
