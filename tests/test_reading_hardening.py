"""Reading hardened, one class of input at a time: dates at the end of the calendar, huge
registration exports, paths that are not files, `Null` as text, invisible and blank texts, line
separators, values that need quotes, and UTF-8 files with a few bad bytes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import threading
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import yaml
from pydantic import BaseModel, TypeAdapter, ValidationError
from typer.testing import CliRunner

from conftest import BASE_WORKSHOP, analyse, dedent
from facilitation import codes
from facilitation.cli.app import app
from facilitation.errors import Location
from facilitation.model.agreement import AgreementFile
from facilitation.model.fields import StrictModel, find_bad_characters
from facilitation.model.outcomes import OutcomeFile
from facilitation.model.workshop import ParticipantFile, WorkshopFile
from facilitation.reading.participants import read_participant_file
from facilitation.reading.participants.rows import MAX_ROWS
from facilitation.yaml_source import load_yaml_file, parse_yaml

SRC = Path(__file__).resolve().parent.parent / "src"


def _json(runner: CliRunner, *args: str) -> tuple[int, list[dict[str, Any]], str]:
    """Run ``check --format json`` (or ``build``); the exit code, the diagnostics, all output."""
    result = runner.invoke(app, list(args))
    output = result.output + result.stderr
    assert "Traceback" not in output
    assert result.exception is None or isinstance(result.exception, SystemExit), output
    found = json.loads(result.stdout) if "--format" in args and result.stdout.strip() else []
    return result.exit_code, found, output


def _found(found: list[dict[str, Any]]) -> list[tuple[str, int | None]]:
    return [(item["code"], item["line"]) for item in found]


# --- 1. dates at the end of the calendar --------------------------------------------------------

_TWO_DAYS = """\
  - start: 9:00
    end: 12:00
    sessions:
      - {title: Second day, minutes: 45, lead: ek}
"""


@pytest.mark.parametrize(
    ("start", "first_day", "line"),
    [
        pytest.param("9999-12-31", "", 21, id="starting-on-the-last-day"),
        pytest.param("9998-12-31", "", 21, id="the-second-day-after-the-last-year"),
        pytest.param(
            "2026-03-02", "    date: 9999-12-31\n", 25, id="a-dated-day-followed-by-another"
        ),
    ],
)
def test_a_date_at_the_end_of_the_calendar_is_an_error_at_its_line(
    start: str, first_day: str, line: int, write: Callable[..., Path], tmp_path: Path
) -> None:
    text = BASE_WORKSHOP.replace("start: 2026-03-02", f"start: {start}")
    text = text.replace("    end: 12:00\n", "    end: 12:00\n" + first_day, 1) + _TWO_DAYS
    path = write("w.yaml", text)
    runner = CliRunner()
    code, found, _ = _json(runner, "check", "--format", "json", str(path))
    assert code == 1
    assert _found(found) == [(codes.INVALID_DATE, line)]
    assert "9998-12-31" in found[0]["message"]
    code, _, output = _json(runner, "build", str(path), "-o", str(tmp_path / "out"))
    assert code == 1
    assert "S106" in output
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").rglob("*.docx"))


# --- 2. registration exports too large to read ---------------------------------------------------


def _measure(code: str, timeout: float = 60) -> dict[str, Any]:
    """Run ``code`` in a fresh Python; it prints JSON. Adds the seconds and the peak memory."""
    wrapper = textwrap.dedent(
        """\
        import json, resource, sys, time
        started = time.perf_counter()
        result = {}
        exec(sys.argv[1], {"result": result})
        result["seconds"] = time.perf_counter() - started
        result["megabytes"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(json.dumps(result))
        """
    )
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    done = subprocess.run(
        [sys.executable, "-c", wrapper, code],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
        preexec_fn=_limit_memory if sys.platform == "linux" else None,
        check=True,
    )
    measured: dict[str, Any] = json.loads(done.stdout.splitlines()[-1])
    return measured


def _limit_memory() -> None:  # pragma: no cover - runs in the child
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (3 << 30, 3 << 30))


_ANALYSE = """\
from pathlib import Path
from facilitation.checking.analyse import analyse_paths
report = analyse_paths([Path({path!r})])
result["found"] = [(d.code, d.location.line) for d in report.diagnostics]
"""


def _workshop_with(tmp_path: Path, participants: str) -> Path:
    path = tmp_path / "w.yaml"
    path.write_text(dedent(BASE_WORKSHOP) + f"participants: {participants}\n", encoding="utf-8")
    return path


def _xlsx(path: Path, rows: Iterator[list[str]]) -> None:
    """A minimal .xlsx with inline strings and no stated size, written without openpyxl (fast)."""
    namespace = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    relations = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    package = "http://schemas.openxmlformats.org/package/2006/relationships"
    types = "application/vnd.openxmlformats-officedocument.spreadsheetml"
    parts = {
        "[Content_Types].xml": (
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{types}.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" '
            f'ContentType="{types}.worksheet+xml"/></Types>'
        ),
        "_rels/.rels": (
            f'<Relationships xmlns="{package}"><Relationship Id="rId1" '
            f'Type="{relations}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
        ),
        "xl/workbook.xml": (
            f'<workbook xmlns="{namespace}" xmlns:r="{relations}"><sheets>'
            '<sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            f'<Relationships xmlns="{package}"><Relationship Id="rId1" '
            f'Type="{relations}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
        ),
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
        with archive.open("xl/worksheets/sheet1.xml", "w") as sheet:
            sheet.write(f'<worksheet xmlns="{namespace}"><sheetData>'.encode())
            for number, row in enumerate(rows, start=1):
                cells = "".join(
                    f'<c r="{chr(65 + index)}{number}" t="inlineStr"><is><t>{value}</t></is></c>'
                    for index, value in enumerate(row)
                )
                sheet.write(f'<row r="{number}">{cells}</row>'.encode())
            sheet.write(b"</sheetData></worksheet>")


def _registrations(count: int) -> Iterator[list[str]]:
    yield ["Name", "Institution", "Country", "E-mail"]
    for index in range(count):
        yield [f"Marija Ilić {index}", "Police Directorate", "RS", f"m{index}@example.org"]


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_a_registration_export_of_500000_rows_is_refused_in_seconds(
    suffix: str, tmp_path: Path
) -> None:
    target = tmp_path / f"all.{suffix}"
    if suffix == "csv":
        with target.open("w", encoding="utf-8", newline="") as stream:
            stream.writelines(",".join(row) + "\n" for row in _registrations(500_000))
    else:
        _xlsx(target, _registrations(500_000))
    path = _workshop_with(tmp_path, target.name)
    measured = _measure(_ANALYSE.format(path=str(path)))
    # Row MAX_ROWS + 1 with text is the line that passes the limit (the headings count).
    assert measured["found"] == [[codes.TOO_MANY_PARTICIPANTS, MAX_ROWS + 1]]
    # NOTE: generous bounds for a busy machine; before, this took minutes and over 1.5 GB.
    assert measured["seconds"] < 20, measured
    assert measured["megabytes"] < 600, measured


def test_a_file_at_the_limit_is_read(tmp_path: Path) -> None:
    target = tmp_path / "people.csv"
    rows = ["Name,Country"] + [f"Ana {index},RS" for index in range(MAX_ROWS - 1)]
    target.write_text("\n".join(rows) + "\n\n\n", encoding="utf-8")
    table = read_participant_file(
        ParticipantFile(file="people.csv"), tmp_path, "", Location("w.yaml", 1, 1)
    )
    assert table.diagnostics == []
    assert len(table.participants) == MAX_ROWS - 1
    target.write_text("\n".join([*rows, "Besa,XK"]) + "\n", encoding="utf-8")
    table = read_participant_file(
        ParticipantFile(file="people.csv"), tmp_path, "", Location("w.yaml", 1, 1)
    )
    assert [(d.code, d.location.line) for d in table.diagnostics] == [
        (codes.TOO_MANY_PARTICIPANTS, MAX_ROWS + 1)
    ]
    assert table.participants == []


def test_merged_cells_are_filled_in_when_the_sheet_is_streamed(
    write: Callable[..., Path], tmp_path: Path
) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row in [
        ["Participants", None, None],
        ["Name", "Country", "Institution"],
        ["Ana", "RS", "Police"],
        ["Besa", None, "Police"],
        ["Cara", None, None],
    ]:
        sheet.append(row)
    sheet.merge_cells("A1:C1")
    sheet.merge_cells("B3:B5")
    sheet.merge_cells("C3:C5")
    book.save(tmp_path / "people.xlsx")
    report = analyse(write("w.yaml", BASE_WORKSHOP + "participants: people.xlsx\n"))
    workshop = report.analyses[0].workshop
    assert workshop is not None, report.diagnostics
    assert [(p.name, p.country, p.institution) for p in workshop.participants] == [
        ("Ana", "RS", "Police"),
        ("Besa", "RS", "Police"),
        ("Cara", "RS", "Police"),
    ]


# --- 3. paths that are not regular files ---------------------------------------------------------


def _finishes(action: Callable[[], object], seconds: float = 10) -> object:
    """Run ``action`` in a thread; fail (instead of hanging) when it does not return in time."""
    outcome: list[object] = []
    thread = threading.Thread(target=lambda: outcome.append(action()), daemon=True)
    thread.start()
    thread.join(seconds)
    assert outcome, "blocked: the path was opened for reading before it was checked"
    return outcome[0]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes on this system")
def test_a_named_pipe_is_refused_before_it_is_opened(tmp_path: Path) -> None:
    fifo = tmp_path / "w.yaml"
    os.mkfifo(fifo)
    parsed = _finishes(lambda: load_yaml_file(fifo, "w.yaml"))
    [diagnostic] = parsed.diagnostics  # type: ignore[attr-defined]
    assert diagnostic.code == codes.FILE_NOT_FOUND
    assert "a pipe" in diagnostic.message
    os.mkfifo(tmp_path / "people.csv")
    table = _finishes(
        lambda: read_participant_file(
            ParticipantFile(file="people.csv"), tmp_path, "", Location("w.yaml", 1, 1)
        )
    )
    [diagnostic] = table.diagnostics  # type: ignore[attr-defined]
    assert (diagnostic.code, "a pipe" in diagnostic.message) == (codes.PARTICIPANTS_FORMAT, True)


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero on this system")
def test_a_device_is_refused_before_it_is_read(tmp_path: Path) -> None:
    # In a child with a memory limit: reading /dev/zero would never end.
    path = _workshop_with(tmp_path, "/dev/zero")
    code = """\
from pathlib import Path
from facilitation.yaml_source import load_yaml_file
from facilitation.checking.analyse import analyse_paths
result["workshop"] = [(d.code, d.message) for d in load_yaml_file(Path("/dev/zero")).diagnostics]
report = analyse_paths([Path({path!r})])
result["participants"] = [(d.code, d.message) for d in report.diagnostics]
"""
    measured = _measure(code.format(path=str(path)), timeout=30)
    [(code_1, message_1)] = measured["workshop"]
    assert (code_1, "a device" in message_1) == (codes.FILE_NOT_FOUND, True)
    [(code_2, message_2)] = measured["participants"]
    assert (code_2, "a device" in message_2) == (codes.PARTICIPANTS_FORMAT, True)


@pytest.mark.skipif(not Path("/dev/fd").is_dir(), reason="no /dev/fd on this system")
def test_process_substitution_is_refused_by_name_not_read_as_empty() -> None:
    read_end, write_end = os.pipe()
    os.write(write_end, dedent(BASE_WORKSHOP).encode())
    os.close(write_end)
    try:
        code, found, _ = _json(CliRunner(), "check", "--format", "json", f"/dev/fd/{read_end}")
    finally:
        os.close(read_end)
    assert code == 1
    [diagnostic] = found
    assert "a pipe" in diagnostic["message"]
    assert "empty" not in diagnostic["message"]


# --- 4. `Null` is text ---------------------------------------------------------------------------


def _models() -> Iterator[type[BaseModel]]:
    """Every model a user's file is read into (every subclass of StrictModel)."""
    for root in (WorkshopFile, OutcomeFile, AgreementFile):
        assert issubclass(root, StrictModel)
    seen: set[type[BaseModel]] = set()
    stack: list[type[BaseModel]] = [StrictModel]
    while stack:
        model = stack.pop()
        for sub in model.__subclasses__():
            if sub not in seen:
                seen.add(sub)
                stack.append(sub)
    yield from sorted(seen, key=lambda model: model.__qualname__)


def test_null_in_any_case_but_lowercase_is_text_in_every_text_field() -> None:
    text_fields = 0
    for model in _models():
        for name, info in model.model_fields.items():
            key = info.alias or name
            adapter: TypeAdapter[Any] = TypeAdapter(info.rebuild_annotation())
            for word in ("Null", "NULL"):
                value = parse_yaml(f"{key}: {word}\n", "t.yaml").data[key]
                try:
                    validated = adapter.validate_python(value)
                except ValidationError:
                    continue  # not a text field: an id, a date, a choice
                if isinstance(validated, str | list):
                    assert validated in (word, [word]), (model.__name__, key)
                    text_fields += 1
            for absent in ("~", "null", ""):
                assert parse_yaml(f"{key}: {absent}\n", "t.yaml").data == {key: None}
    assert text_fields > 100


def test_a_surname_null_is_kept(write: Callable[..., Path]) -> None:
    participants = (
        "participants:\n"
        "  - {first_name: Ana, last_name: Null}\n"
        "  - {first_name: Besa, last_name: NULL}\n"
        "  - {first_name: Cara, last_name: ~}\n"
        "  - {first_name: Dita, last_name: null}\n"
    )
    report = analyse(write("w.yaml", BASE_WORKSHOP + participants))
    workshop = report.analyses[0].workshop
    assert workshop is not None, report.diagnostics
    assert [p.full_name for p in workshop.participants] == ["Ana Null", "Besa NULL", "Cara", "Dita"]


# --- 5. invisible characters in e-mail addresses, blank texts ------------------------------------


@pytest.mark.parametrize("char", ["\u200b", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u200e"])
def test_an_invisible_character_in_an_email_is_refused_without_the_address(
    char: str, write: Callable[..., Path]
) -> None:
    address = f"ana.jovanovic{char}@example.org"
    workshop = BASE_WORKSHOP + f'participants:\n  - name: Ana\n    email: "{address}"\n'
    write("people.csv", f"Name,E-mail\nBesa,besa.krasniqi{char}@example.org\n".encode())
    from_yaml = analyse(write("w.yaml", workshop))
    from_csv = analyse(write("c.yaml", BASE_WORKSHOP + "participants: people.csv\n"))
    for report, line, column in ((from_yaml, 31, 12), (from_csv, 2, 6)):
        [diagnostic] = report.diagnostics
        assert (diagnostic.code, diagnostic.location.line, diagnostic.location.column) == (
            codes.BAD_CHARACTERS,
            line,
            column,
        )
        assert f"U+{ord(char):04X}" in diagnostic.message
        text = json.dumps(diagnostic.to_dict())
        assert "jovanovic" not in text
        assert "krasniqi" not in text
        assert "example" not in text


@pytest.mark.parametrize(
    ("replace", "by", "line"),
    [
        pytest.param("title: Test workshop", "title: '   '", 20, id="workshop-title"),
        pytest.param("title: Welcome", "title: ' '", 26, id="session-title"),
        pytest.param("title: Welcome", 'title: "\\u200b"', 26, id="invisible-session-title"),
        pytest.param("name: Elena Kovač", "name: '\t'", 5, id="team-member-name"),
        pytest.param("name: Police Directorate", "name: ''", 15, id="institution-name"),
    ],
)
def test_a_blank_required_text_is_refused(
    replace: str, by: str, line: int, write: Callable[..., Path]
) -> None:
    report = analyse(write("w.yaml", BASE_WORKSHOP.replace(replace, by, 1)))
    assert [(d.code, d.location.line) for d in report.diagnostics] == [(codes.MISSING_FIELD, line)]
    assert "is empty" in report.diagnostics[0].message


def test_a_blank_activity_title_and_list_item_are_refused(write: Callable[..., Path]) -> None:
    outcomes = (
        "outcomes:\n"
        "  activities:\n"
        "    - {id: focal-points, title: '  '}\n"
        "  decisions:\n"
        "    - {what: Meet monthly}\n"
        "  questions:\n"
        "    - {text: Who funds travel?}\n"
        "  feedback:\n"
        "    comments: [Good, ' ']\n"
    )
    report = analyse(write("w.yaml", BASE_WORKSHOP + outcomes))
    found = [(d.code, d.location.line, d.message) for d in report.diagnostics]
    assert found == [
        (codes.MISSING_FIELD, 31, "`title` is empty in activities entry 1 of the outcomes"),
        (codes.MISSING_FIELD, 37, "item 2 of `comments` is empty"),
    ]


# --- 6. line separators that editors do not count ------------------------------------------------


@pytest.fixture(params=["libyaml", "pure-python"])
def yaml_reader(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """The tests that use it run with libyaml's composer and with the pure-Python one."""
    if request.param == "pure-python":
        monkeypatch.setattr(yaml, "__with_libyaml__", False)
    elif not yaml.__with_libyaml__:
        pytest.skip("libyaml is not installed")
    return str(request.param)


@pytest.mark.parametrize(
    ("separator", "name"),
    [
        ("\u2028", "LINE SEPARATOR"),
        ("\u2029", "PARAGRAPH SEPARATOR"),
        ("\x85", "NEXT LINE"),
        ("\x0b", "LINE TABULATION"),
        ("\x0c", "FORM FEED"),
    ],
)
@pytest.mark.parametrize("where", ["quoted", "plain", "comment"])
@pytest.mark.usefixtures("yaml_reader")
def test_a_line_separator_is_named_at_its_real_line(separator: str, name: str, where: str) -> None:
    line_2 = {
        "quoted": f"b: 'Plenary{separator}wrap-up'",
        "plain": f"b: Plenary{separator}wrap-up",
        "comment": f"b: Plenary  # wrap{separator}c: up",
    }[where]
    text = f"a: ććć\n{line_2}\nc: 1\n"
    parsed = parse_yaml(text, "t.yaml")
    assert len(parsed.source.lines) == 3
    assert parsed.source.line_text(3) == "c: 1"
    [diagnostic] = parsed.diagnostics
    column = line_2.index(separator) + 1
    assert (diagnostic.code, diagnostic.location.line, diagnostic.location.column) == (
        codes.BAD_CHARACTERS,
        2,
        column,
    )
    assert f"U+{ord(separator):04X} ({name})" in diagnostic.message


@pytest.mark.parametrize("ending", ["\n", "\r\n", "\r"])
@pytest.mark.usefixtures("yaml_reader")
def test_positions_are_counted_as_an_editor_counts_lines(ending: str) -> None:
    text = ending.join(["a: ććć", "b: x\x07y", ""])
    [diagnostic] = parse_yaml(text, "t.yaml").diagnostics
    assert (diagnostic.code, diagnostic.location.line, diagnostic.location.column) == (
        codes.BAD_CHARACTERS,
        2,
        5,
    )
    parsed = parse_yaml(ending.join(["a: 1", "b: 2", "c: [3", ""]), "t.yaml")
    assert parsed.source.lines == ["a: 1", "b: 2", "c: [3"]


def test_a_text_field_refuses_a_line_separator_from_an_escape(write: Callable[..., Path]) -> None:
    report = analyse(write("w.yaml", BASE_WORKSHOP.replace("title: Welcome", 'title: "A\\u2028B"')))
    [diagnostic] = report.diagnostics
    assert (diagnostic.code, diagnostic.location.line) == (codes.BAD_CHARACTERS, 26)
    assert "U+2028 (LINE SEPARATOR)" in diagnostic.message


def test_a_printable_text_has_no_bad_character() -> None:
    # A text that is all printable is let through without a look for bad characters: so every
    # character that must not reach a document (a Hangul filler U+3164, say, if ever added)
    # must be one that is not printable.
    every = "".join(map(chr, range(sys.maxunicode + 1)))
    found = find_bad_characters(every)
    assert len(found) > 2000
    assert [code for offset, code in found if every[offset].isprintable()] == []


# --- 7. values that need quotes ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "quoted"),
    [
        ("@home", "'@home'"),
        ("`code` review", "'`code` review'"),
        ("%done", "'%done'"),
        ("| Actors | Roles |", "'| Actors | Roles |'"),
        ("> 5 people", "'> 5 people'"),
        ("*Important* session", "'*Important* session'"),
        ("*star", "'*star'"),
        ("& partners", "'& partners'"),
        ("&partners meeting", "'&partners meeting'"),
        ('"Roles" and rules', "'\"Roles\" and rules'"),
        ("Roles: draft", "'Roles: draft'"),
    ],
)
@pytest.mark.usefixtures("yaml_reader")
def test_a_value_that_needs_quotes_says_so(value: str, quoted: str) -> None:
    text = f"days:\n  - sessions:\n      - title: {value}\n        minutes: 30\n"
    [diagnostic] = parse_yaml(text, "t.yaml").diagnostics
    assert (diagnostic.code, diagnostic.location.line) == (codes.YAML_SYNTAX, 3)
    assert diagnostic.hint is not None
    assert f"put the value in quotes: title: {quoted}" in diagnostic.hint


@pytest.mark.usefixtures("yaml_reader")
def test_quotes_are_suggested_in_a_one_line_mapping_and_a_list() -> None:
    [diagnostic] = parse_yaml("sessions:\n  - {title: @home, minutes: 30}\n", "t.yaml").diagnostics
    assert diagnostic.hint == "put the value in quotes: title: '@home'"
    [diagnostic] = parse_yaml("outputs:\n  - @home\n", "t.yaml").diagnostics
    assert diagnostic.hint == "put the value in quotes: - '@home'"
    [diagnostic] = parse_yaml("email: @example.org\n", "t.yaml").diagnostics
    assert diagnostic.hint == "put the value in quotes: email: '...'"


# --- 8. a UTF-8 file with a few bad bytes --------------------------------------------------------


def test_a_bad_byte_in_a_utf8_file_is_an_error_at_its_row_not_a_reason_to_guess(
    write: Callable[..., Path],
) -> None:
    data = (
        "Name,Institution,Country\n"
        "Ćiril Ćosić,Police Directorate,RS\n"
        "Đorđe Šćekić,Police Directorate,RS\n"
    ).encode() + b"Marija Ili\xe6,Police Directorate,RS\n"
    write("people.csv", data)
    report = analyse(write("w.yaml", BASE_WORKSHOP + "participants: people.csv\n"))
    [diagnostic] = report.diagnostics
    assert (diagnostic.code, diagnostic.location.line, diagnostic.location.column) == (
        codes.INVALID_BYTES,
        4,
        1,
    )
    assert "0xE6" in diagnostic.message
    assert "row 4" in diagnostic.message
    table = read_participant_file(
        ParticipantFile(file="people.csv"),
        write("people.csv", data).parent,
        "",
        Location("w.yaml", 1, 1),
    )
    assert [p.name for p in table.participants][:2] == ["Ćiril Ćosić", "Đorđe Šćekić"]
    assert table.source is not None
    assert table.source.line_text(4) == "Marija Ili\ufffd,Police Directorate,RS"


def test_a_file_without_valid_utf8_sequences_is_still_read_as_cp1250(
    write: Callable[..., Path],
) -> None:
    data = "Name,Country\nĆiril Ćosić,RS\nMarija Ilić,RS\n".encode("cp1250")
    write("people.csv", data)
    report = analyse(write("w.yaml", BASE_WORKSHOP + "participants: people.csv\n"))
    assert [d.code for d in report.diagnostics] == [codes.LEGACY_ENCODING]
    workshop = report.analyses[0].workshop
    assert workshop is not None
    assert [p.name for p in workshop.participants] == ["Ćiril Ćosić", "Marija Ilić"]
