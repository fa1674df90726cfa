"""`facilitation record WORKSHOP assessment`: one respondent's answers as one new CSV row."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result
from typer.testing import CliRunner

from conftest import BASE_WORKSHOP
from facilitation.checking.analyse import analyse_paths
from facilitation.cli.app import app
from facilitation.model.assessment import Assessment
from facilitation.reading.assessment import list_aspects

NAMES = [name for _, _, name in list_aspects()]
WORKSHOP = BASE_WORKSHOP + "assessment: answers.csv  # the kick-off's form\n"
#: A form export: a time stamp, a name (never read), the 18 aspects.
FORM = (
    "Timestamp,Name," + ",".join(NAMES) + "\n"
    "2026-03-02 16:31,Ana," + ",".join(["3"] * 18) + "\n"
    "2026-03-02 16:33,Ben," + ",".join(["4"] * 18) + "\n"
)


def assessment_of(path: Path) -> Assessment:
    report = analyse_paths([path])
    assert report.errors == 0, report.diagnostics
    workshop = report.analyses[0].workshop
    assert workshop is not None
    assert workshop.assessment is not None
    return workshop.assessment


def said(result: Result) -> str:
    """What the command said on stderr, its lines joined (rich wraps long ones)."""
    return " ".join(result.stderr.split())


def record(runner: CliRunner, path: Path, *arguments: str, answers: str | None = None) -> Result:
    mode = "--interactive" if answers is not None else "--no-interactive"
    return runner.invoke(app, ["record", str(path), "assessment", *arguments, mode], input=answers)


def test_options_add_one_row_under_the_files_headings(
    write: Callable[..., Path], runner: CliRunner
) -> None:
    path = write("w.yaml", WORKSHOP)
    answers = write("answers.csv", FORM)
    old = answers.read_bytes()
    result = runner.invoke(
        app,
        [
            "record",
            str(path),
            "assessment",
            "--rating",
            "empathy=4",
            "--rating",
            "Future orientation=2.5",
            "--rating",
            "Kreativität=5",
            "--no-interactive",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "✓ added a response to" in said(result)
    assert "answers.csv:4 (3 respondents now)" in said(result)
    new = answers.read_bytes()
    assert new.startswith(old)
    cells = [""] * 20
    cells[2 + NAMES.index("Future orientation")] = "2.5"
    cells[2 + NAMES.index("Creativity")] = "5"
    cells[2 + NAMES.index("Empathy")] = "4"
    assert new[len(old) :] == (",".join(cells) + "\n").encode()
    read = assessment_of(path)
    assert len(read.responses) == 3
    assert read.responses[-1].answers == {
        "future-orientation": 2.5,
        "creativity": 5.0,
        "empathy": 4.0,
    }
    assert path.read_text(encoding="utf-8") == WORKSHOP


def test_an_outcome_file_means_its_workshop(write: Callable[..., Path], runner: CliRunner) -> None:
    path = write("w.yaml", WORKSHOP)
    write("answers.csv", FORM)
    outcomes = write("outcomes.yaml", "outcomes:\n  workshop: w.yaml\n")
    old = outcomes.read_bytes()
    result = record(runner, outcomes, "--rating", "balance=1")
    assert result.exit_code == 0, result.output
    assert outcomes.read_bytes() == old
    assert assessment_of(path).responses[-1].answers == {"balance": 1.0}


def test_the_terminal_asks_each_aspect_refuses_a_bad_answer_and_skips(
    write: Callable[..., Path], runner: CliRunner
) -> None:
    path = write("w.yaml", WORKSHOP)
    answers = write("answers.csv", FORM)
    old = answers.read_bytes()
    # Future orientation: "lots" (refused), then 9 (refused), then 4; Empowerment skipped;
    # Decisiveness 2; the other 15 skipped.
    typed = "lots\n9\n4\n\n2\n" + "\n" * 15
    result = record(runner, path, answers=typed)
    assert result.exit_code == 0, result.output
    stderr = said(result)
    assert "Future orientation (Dimension: Future possibilities) 1-5, Enter to skip" in stderr
    assert "Empathy (Dimension: Humanity) 1-5, Enter to skip" in stderr
    assert "`lots` is not a number; write a number from 1 to 5" in stderr
    assert "9 is outside the scale 1-5" in stderr
    row = answers.read_bytes()[len(old) :].decode()
    assert row == ",,4,,2" + "," * 15 + "\n"
    assert assessment_of(path).responses[-1].answers == {
        "future-orientation": 4.0,
        "decisiveness": 2.0,
    }


def test_the_terminal_needs_at_least_one_answer(
    write: Callable[..., Path], runner: CliRunner
) -> None:
    path = write("w.yaml", WORKSHOP)
    write("answers.csv", FORM)
    typed = "\n" * 18 + "\n" * 11 + "3\n" + "\n" * 6
    result = record(runner, path, answers=typed)
    assert result.exit_code == 0, result.output
    assert "a response needs at least one answer" in said(result)
    assert assessment_of(path).responses[-1].answers == {"empathy": 3.0}


COUNTRY_FORM = "Country;" + ";".join(NAMES) + "\nRS;" + ";".join(["3"] * 18) + "\n"


def test_a_country_column_gets_the_country(write: Callable[..., Path], runner: CliRunner) -> None:
    path = write("w.yaml", WORKSHOP)
    answers = write("answers.csv", COUNTRY_FORM)
    result = record(runner, path, "--rating", "vitality=5", "--country", "Kosovo")
    assert result.exit_code == 0, result.output
    assert answers.read_text(encoding="utf-8").endswith("\nXK;" + ";" * 16 + "5;\n")
    last = assessment_of(path).responses[-1]
    assert (last.country, last.answers) == ("XK", {"vitality": 5.0})


def test_the_terminal_asks_the_country(write: Callable[..., Path], runner: CliRunner) -> None:
    path = write("w.yaml", WORKSHOP)
    write("answers.csv", COUNTRY_FORM)
    result = record(runner, path, "--rating", "vitality=5", answers="DE\nrs\n")
    assert result.exit_code == 0, result.output
    stderr = said(result)
    assert "choose from: RS, XK" in stderr
    assert "`DE` is not a country of this programme (countries: RS, XK)" in stderr
    assert assessment_of(path).responses[-1].country == "RS"


@pytest.mark.parametrize(
    ("arguments", "words"),
    [
        (["--country", "Serbja"], "--country: `Serbja` is not a country of this programme"),
        (["--country", "Serbja"], "did you mean `Serbia`?"),
    ],
)
def test_a_wrong_country_is_refused(
    arguments: list[str], words: str, write: Callable[..., Path], runner: CliRunner
) -> None:
    path = write("w.yaml", WORKSHOP)
    answers = write("answers.csv", COUNTRY_FORM)
    old = answers.read_bytes()
    result = record(runner, path, "--rating", "vitality=5", *arguments)
    assert result.exit_code == 1, result.output
    assert words in said(result)
    assert answers.read_bytes() == old


def test_no_country_column_refuses_country(write: Callable[..., Path], runner: CliRunner) -> None:
    path = write("w.yaml", WORKSHOP)
    write("answers.csv", FORM)
    result = record(runner, path, "--rating", "vitality=5", "--country", "RS")
    assert result.exit_code == 1, result.output
    assert "--country: the self-assessment file has no country column" in said(result)


def test_crlf_semicolons_and_cp1250_keep_every_old_byte(
    write: Callable[..., Path], runner: CliRunner
) -> None:
    path = write("w.yaml", WORKSHOP)
    text = (
        "Vreme;Ime i prezime;" + ";".join(NAMES) + "\r\n"
        "2026-03-02;Đorđe Šarić;" + ";".join(["3"] * 18) + "\r\n"
        '2026-03-02;"Čedomir; Žarko";' + ";".join(["2"] * 18) + "\r\n"
    )
    answers = write("answers.csv", text.encode("cp1250"))
    old = answers.read_bytes()
    result = record(runner, path, "--rating", "balance=3", "--rating", "diversity=1")
    assert result.exit_code == 0, result.output
    new = answers.read_bytes()
    assert new.startswith(old)
    cells = [""] * 20
    cells[2 + NAMES.index("Balance")] = "3"
    cells[2 + NAMES.index("Diversity")] = "1"
    assert new[len(old) :] == (";".join(cells) + "\r\n").encode("cp1250")
    read = assessment_of(path)
    assert len(read.responses) == 3
    assert read.responses[-1].answers == {"balance": 3.0, "diversity": 1.0}


def test_a_form_that_quotes_every_cell_gets_a_quoted_row(
    write: Callable[..., Path], runner: CliRunner
) -> None:
    path = write("w.yaml", WORKSHOP)
    quoted = '"Timestamp","Empathy","Balance"\n"2026-03-02 16:31","4","3"\n'
    answers = write("answers.csv", quoted)
    result = record(runner, path, "--rating", "balance=2")
    assert result.exit_code == 0, result.output
    assert answers.read_text(encoding="utf-8") == quoted + '"","","2"\n'


def test_a_missing_final_newline_is_added_first(
    write: Callable[..., Path], runner: CliRunner
) -> None:
    path = write("w.yaml", WORKSHOP)
    answers = write("answers.csv", FORM.rstrip("\n").encode())
    old = answers.read_bytes()
    result = record(runner, path, "--rating", "empathy=5")
    assert result.exit_code == 0, result.output
    assert "answers.csv:4 (3 respondents now)" in said(result)
    new = answers.read_bytes()
    assert new.startswith(old + b"\n")
    assert new.endswith(b"\n")
    assert new.count(b"\n") == 4
    assert len(assessment_of(path).responses) == 3


def test_a_workshop_without_assessment_gets_a_new_file(
    write: Callable[..., Path], runner: CliRunner
) -> None:
    path = write("w.yaml", BASE_WORKSHOP.rstrip("\n"))
    old = path.read_bytes()
    result = record(runner, path, "--rating", "empathy=4", "--country", "RS")
    assert result.exit_code == 0, result.output
    stderr = said(result)
    assert "created" in stderr
    assert "w-assessment.csv:2 (1 respondent now)" in stderr
    assert path.read_bytes() == old + b"\nassessment: w-assessment.csv\n"
    created = path.with_name("w-assessment.csv").read_text(encoding="utf-8")
    heading, row = created.splitlines()
    assert heading == "Country," + ",".join(NAMES)
    assert row == "RS," + "," * 11 + "4" + "," * 6
    report = analyse_paths([path])
    assert report.errors == 0, report.diagnostics
    read = assessment_of(path)
    assert [(r.country, r.answers) for r in read.responses] == [("RS", {"empathy": 4.0})]


def test_a_new_file_has_no_country_column_without_countries(
    write: Callable[..., Path], runner: CliRunner
) -> None:
    text = BASE_WORKSHOP.replace(
        "  countries:\n    - code: RS\n      name: Serbia\n    - code: XK\n      name: Kosovo*\n",
        "",
    ).replace("      country: RS\n", "")
    path = write("w.yaml", text)
    result = record(runner, path, "--rating", "empathy=4")
    assert result.exit_code == 0, result.output
    heading = path.with_name("w-assessment.csv").read_text(encoding="utf-8").splitlines()[0]
    assert heading == ",".join(NAMES)


def test_an_existing_csv_is_never_overwritten(
    write: Callable[..., Path], runner: CliRunner
) -> None:
    path = write("w.yaml", BASE_WORKSHOP)
    other = write("w-assessment.csv", "someone else's file\n")
    result = record(runner, path, "--rating", "empathy=4")
    assert result.exit_code == 2, result.output
    assert "already exists" in said(result)
    assert other.read_text(encoding="utf-8") == "someone else's file\n"
    assert path.read_text(encoding="utf-8") == BASE_WORKSHOP


def test_an_excel_file_is_refused(
    write: Callable[..., Path], runner: CliRunner, tmp_path: Path
) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Empathy", "Balance"])
    sheet.append([4, 3])
    book.save(tmp_path / "answers.xlsx")
    old = (tmp_path / "answers.xlsx").read_bytes()
    path = write("w.yaml", BASE_WORKSHOP + "assessment: answers.xlsx\n")
    result = record(runner, path, "--rating", "empathy=4")
    assert result.exit_code == 2, result.output
    stderr = said(result)
    assert "record adds rows to CSV files" in stderr
    assert "add the answers in the spreadsheet, or export it as CSV" in stderr
    assert (tmp_path / "answers.xlsx").read_bytes() == old


@pytest.mark.parametrize(
    ("rating", "words"),
    [
        ("empathy=7", "--rating empathy=7: 7 is outside the scale 1-5"),
        ("empathy=four", "--rating empathy=four: `four` is not a number"),
        ("empathy", "--rating empathy: write ASPECT=N"),
        ("empaty=4", "--rating empaty=4: `empaty` is not a Compass aspect"),
        ("empaty=4", "did you mean `empathy`?"),
    ],
)
def test_a_wrong_rating_names_the_option_and_writes_nothing(
    rating: str, words: str, write: Callable[..., Path], runner: CliRunner
) -> None:
    path = write("w.yaml", WORKSHOP)
    answers = write("answers.csv", FORM)
    old = answers.read_bytes()
    result = record(runner, path, "--rating", rating)
    assert result.exit_code == 1, result.output
    assert words in said(result)
    assert answers.read_bytes() == old
    assert not list(answers.parent.glob(".~tmp-*"))


def test_an_aspect_without_a_column_and_no_rating(
    write: Callable[..., Path], runner: CliRunner
) -> None:
    path = write("w.yaml", WORKSHOP)
    write("answers.csv", "Empathy,Balance\n4,3\n")
    result = record(runner, path, "--rating", "vitality=4")
    assert result.exit_code == 1, result.output
    assert "the file has no column for Vitality" in said(result)
    result = record(runner, path)
    assert result.exit_code == 1, result.output
    assert "a response needs at least one --rating ASPECT=N" in said(result)


def test_options_of_other_kinds_do_not_apply(write: Callable[..., Path], runner: CliRunner) -> None:
    path = write("w.yaml", WORKSHOP)
    write("answers.csv", FORM)
    result = record(runner, path, "--what", "x")
    assert result.exit_code == 2, result.output
    assert "--what does not apply to an assessment" in said(result)


def test_a_workshop_with_errors_is_refused(write: Callable[..., Path], runner: CliRunner) -> None:
    path = write("w.yaml", WORKSHOP.replace("lead: ek", "lead: nobody"))
    answers = write("answers.csv", FORM)
    old = answers.read_bytes()
    result = record(runner, path, "--rating", "empathy=4")
    assert result.exit_code == 1, result.output
    assert "P205" in said(result)
    assert answers.read_bytes() == old
