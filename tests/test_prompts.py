"""A terminal that helps at every prompt: `new`, `record`, `build`, `methods` and `explain`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import BASE_WORKSHOP
from facilitation.checking.analyse import analyse_paths
from facilitation.cli.app import app
from facilitation.editing.answers import AnswerError, read_country, read_date

REPO = Path(__file__).resolve().parents[1]
PROGRAMME = REPO / "examples" / "western-balkans" / "programme.yaml"

WORKSHOP = BASE_WORKSHOP.replace(
    "      country: RS\n",
    "      country: RS\n    - id: lfu\n      name: Landesamt für Umwelt\n      short_name: LfU\n"
    "      type: other\n      country: RS\n",
).replace("      - title: Welcome\n", "      - id: welcome\n        title: Welcome\n")


# --- 1. `new` checks each answer as it is given -------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["2027-03-14", "14.03.2027", "14/03/2027", "14 March 2027", "14. März 2027", "14 mars 2027"],
)
def test_a_date_is_read_as_people_write_it(text: str) -> None:
    assert read_date(text) == dt.date(2027, 3, 14)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("03/04/2027", "`03/04/2027` could be 3 April 2027 or 4 March 2027; type it as"),
        ("31.02.2027", "`31.02.2027` is not a real date"),
        ("14 Marz 2027x", "is not a date; type it like 2027-03-14"),
        ("14 Brumaire 2027", "`Brumaire` in `14 Brumaire 2027` is not the name of a month"),
    ],
)
def test_a_date_that_cannot_be_read_says_why(text: str, message: str) -> None:
    with pytest.raises(AnswerError) as raised:
        read_date(text)
    assert message in str(raised.value)


@pytest.mark.parametrize("text", ["Serbia", "Srbija", "SRB", "RS", "rs", "Србија"])
def test_a_country_is_read_by_code_or_name(text: str) -> None:
    assert read_country(text) == "RS"


def test_a_country_outside_the_programme_lists_the_programme_s() -> None:
    assert read_country("Österreich") == "AT"
    with pytest.raises(AnswerError, match="AT is not a country of the programme; choose from: RS"):
        read_country("Österreich", ["RS", "XK"])


def test_new_asks_again_only_for_a_wrong_answer(runner: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "w.yaml"
    answers = "Kick-off Vienna\n31.02.2027\n14.03.2027\n\nNarnia\nÖsterreich\n\n"
    result = runner.invoke(
        app,
        ["new", str(target), "-b", "national-kick-off-1-day", "--interactive"],
        input=answers,
    )
    assert result.exit_code == 0, result.output
    assert "`31.02.2027` is not a real date" in result.stderr
    assert "`Narnia` is not a country; type its code (e.g. RS)" in result.stderr
    text = target.read_text(encoding="utf-8")
    assert 'title: "Kick-off Vienna"' in text
    assert "start: 2027-03-14" in text
    assert "country: AT" in text
    # An empty default is not shown as `()`.
    assert "()" not in result.stderr


def test_new_reads_options_like_answers(runner: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "w.yaml"
    result = runner.invoke(
        app,
        [
            "new",
            str(target),
            "-b",
            "national-kick-off-1-day",
            "--start",
            "14. März 2027",
            "--country",
            "Österreich",
            "--no-interactive",
        ],
    )
    assert result.exit_code == 0, result.output
    text = target.read_text(encoding="utf-8")
    assert "start: 2027-03-14" in text
    assert "country: AT" in text
    ambiguous = tmp_path / "x.yaml"
    result = runner.invoke(
        app, ["new", str(ambiguous), "--start", "03/04/2027", "--no-interactive"]
    )
    assert result.exit_code == 1
    assert "S106" in result.stderr
    assert "--start: `03/04/2027` could be 3 April 2027 or 4 March 2027" in result.stderr
    assert not ambiguous.exists()


# --- 2. `new --programme` uses the programme's team ---------------------------------------------


def test_new_with_a_programme_writes_its_team(runner: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "w.yaml"
    result = runner.invoke(
        app,
        [
            "new",
            str(target),
            "-b",
            "national-kick-off-1-day",
            "--programme",
            str(PROGRAMME),
            "--country",
            "Srbija",
            "--no-interactive",
        ],
    )
    assert result.exit_code == 0, result.output
    text = target.read_text(encoding="utf-8")
    assert "Lead facilitator" not in text
    assert "\nprogramme: " in text
    assert "lead: ek" in text
    assert "note_taker: mn" in text
    assert "country: RS" in text
    report = analyse_paths([target])
    assert report.errors == 0, [d.message for d in report.diagnostics]


# --- 3. `new` asks which blueprint --------------------------------------------------------------


def test_new_asks_which_blueprint_in_a_terminal(runner: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "w.yaml"
    answers = "core-grup\n1\nCore group\n2027-03-15\n\n\n\n"
    result = runner.invoke(app, ["new", str(target), "--interactive"], input=answers)
    assert result.exit_code == 0, result.output
    assert "1. core-group-meeting-half-day" in result.stderr
    assert "`core-grup` is not one of the blueprints: type 1 to 4" in result.stderr
    assert "from core-group-meeting-half-day" in result.stderr


def test_new_without_a_terminal_says_which_blueprint_it_took(
    runner: CliRunner, tmp_path: Path
) -> None:
    result = runner.invoke(app, ["new", str(tmp_path / "w.yaml"), "--no-interactive"])
    assert result.exit_code == 0, result.output
    assert "using the blueprint national-kick-off-1-day; choose another with" in result.stderr


# --- 4. `record` starts an outcome file; summary and feedback -----------------------------------


def test_record_starts_an_outcome_file_for_a_workshop(
    write: Callable[..., Path], runner: CliRunner
) -> None:
    path = write("w.yaml", WORKSHOP)
    old = path.read_bytes()
    result = runner.invoke(
        app, ["record", str(path), "decision", "--what", "Meet monthly", "--no-interactive"]
    )
    assert result.exit_code == 0, result.output
    assert path.read_bytes() == old
    outcome_file = path.with_name("w-outcomes.yaml")
    assert "started" in result.stderr
    assert 'workshop: "w.yaml"' in outcome_file.read_text(encoding="utf-8")
    # The next entry goes into the same file, which the workshop now has.
    result = runner.invoke(
        app, ["record", str(path), "decision", "--what", "Meet again", "--no-interactive"]
    )
    assert result.exit_code == 0, result.output
    assert "started" not in result.stderr
    outcomes = analyse_paths([path]).analyses[0].workshop.all_outcomes()  # type: ignore[union-attr]
    assert outcomes is not None
    assert [d.what for d in outcomes.decisions] == ["Meet monthly", "Meet again"]


def test_record_new_starts_an_outcome_file_or_says_why_not(
    write: Callable[..., Path], runner: CliRunner
) -> None:
    path = write("w.yaml", WORKSHOP + "outcomes:\n  summary: Inline\n")
    arguments = ["decision", "--what", "x", "--new", "--no-interactive"]
    result = runner.invoke(app, ["record", str(path), *arguments])
    assert result.exit_code == 0, result.output
    assert path.with_name("w-outcomes.yaml").is_file()
    again = runner.invoke(app, ["record", str(path), *arguments])
    assert again.exit_code == 2
    assert "w-outcomes.yaml already exists; it was left as it is" in again.stderr
    assert "record into it: facilitation record" in again.stderr


def test_record_asks_which_of_several_outcome_files(
    write: Callable[..., Path], runner: CliRunner
) -> None:
    path = write("w.yaml", WORKSHOP)
    write("w-day-1.yaml", 'outcomes:\n  workshop: "w.yaml"\n')
    write("w-day-2.yaml", 'outcomes:\n  workshop: "w.yaml"\n')
    result = runner.invoke(app, ["record", str(path), "decision", "--what", "x"])
    assert result.exit_code == 2
    assert "w.yaml has 2 outcome files:" in result.stderr
    assert "name the one to record into instead of the workshop file" in result.stderr
    into_one = runner.invoke(app, ["record", str(path.with_name("w-day-1.yaml")), "decision"])
    assert into_one.exit_code == 1  # --what is missing, and there is no terminal to ask
    new = runner.invoke(
        app, ["record", str(path.with_name("w-day-1.yaml")), "decision", "--what", "x", "--new"]
    )
    assert new.exit_code == 2
    assert "is an outcome file already; --new starts one for a workshop" in new.stderr


def test_a_refused_entry_leaves_no_outcome_file(
    write: Callable[..., Path], runner: CliRunner
) -> None:
    path = write("w.yaml", WORKSHOP)
    result = runner.invoke(app, ["record", str(path), "action", "--what", "x", "--owner", "nobody"])
    assert result.exit_code == 1
    assert not path.with_name("w-outcomes.yaml").exists()


def test_record_a_summary_and_feedback(write: Callable[..., Path], runner: CliRunner) -> None:
    path = write("w.yaml", WORKSHOP + "outcomes:\n  decisions: []\n")
    summary = ["summary", "--summary", "Trust grew", "--no-interactive"]
    assert runner.invoke(app, ["record", str(path), *summary]).exit_code == 0
    empty = runner.invoke(app, ["record", str(path), "feedback", "--no-interactive"])
    assert empty.exit_code == 1
    assert "feedback needs --responses or --comment" in empty.stderr
    feedback = ["feedback", "--responses", "12", "--comment", "Good", "--comment", "Long day"]
    result = runner.invoke(app, ["record", str(path), *feedback, "--no-interactive"])
    assert result.exit_code == 0, result.output
    assert "added feedback to" in result.stderr
    twice = runner.invoke(app, ["record", str(path), *summary])
    assert twice.exit_code == 2
    assert "the record has a summary already; nothing was written" in twice.stderr
    outcomes = analyse_paths([path]).analyses[0].workshop.all_outcomes()  # type: ignore[union-attr]
    assert outcomes is not None
    assert outcomes.summary == "Trust grew"
    assert outcomes.feedback is not None
    assert (outcomes.feedback.responses, outcomes.feedback.comments) == (12, ["Good", "Long day"])


# --- 5. answers are stored as ids; prompts list them; a later check is made at once -------------


def test_record_stores_the_ids_that_answers_name(
    write: Callable[..., Path], runner: CliRunner
) -> None:
    path = write("w.yaml", WORKSHOP + "outcomes:\n  summary: Inline\n")
    arguments = ["activity", "--id", "a1", "--title", "T", "--lead", "LfU", "--no-interactive"]
    assert runner.invoke(app, ["record", str(path), *arguments]).exit_code == 0
    action = ["action", "--what", "w", "--owner", "Elena Kovač", "--due", "20.03.2026"]
    result = runner.invoke(app, ["record", str(path), *action, "--no-interactive"])
    assert result.exit_code == 0, result.output
    text = path.read_text(encoding="utf-8")
    assert 'lead: "lfu"' in text
    assert 'owner: "ek"' in text
    assert 'due: "2026-03-20"' in text


def test_the_owner_prompt_lists_ids_and_a_due_date_is_checked_at_once(
    write: Callable[..., Path], runner: CliRunner
) -> None:
    path = write("w.yaml", WORKSHOP + "outcomes:\n  summary: Inline\n")
    answers = "Send the minutes\nlfu\n01.03.2026\n20.03.2026\n"
    result = runner.invoke(app, ["record", str(path), "action", "--interactive"], input=answers)
    assert result.exit_code == 0, result.output
    assert "choose from: ek, ab, rs-police, lfu, RS, XK" in result.stderr
    assert "2026-03-01 is before the workshop started (2026-03-02)" in result.stderr
    assert "()" not in result.stderr
    text = path.read_text(encoding="utf-8")
    assert 'owner: "lfu"' in text
    assert 'due: "2026-03-20"' in text


# --- 6. `build` prints one summary, unwrapped when piped ---------------------------------------


def test_build_prints_one_summary(
    write: Callable[..., Path], runner: CliRunner, tmp_path: Path
) -> None:
    write("a-workshop-with-a-rather-long-file-name-to-test-wrapping.yaml", BASE_WORKSHOP)
    write(
        "second.yaml",
        BASE_WORKSHOP.replace("id: test\n", "id: second\n"),
    )
    out = tmp_path / "a-build-folder-whose-name-is-long-enough-to-pass-eighty-columns"
    result = runner.invoke(
        app,
        ["build", str(tmp_path), "-o", str(out), "--only", "agenda"],
        env={"COLUMNS": "80", "NO_COLOR": "1"},
    )
    assert result.exit_code == 0, result.output
    assert "Written to" not in result.stdout
    lines = result.stdout.splitlines()
    assert lines[0].startswith("wrote 2 documents into ")
    assert lines[0].endswith("one folder for each of 2 workshops or agreements")
    assert lines[1].strip() == "agenda.docx ×2"
    assert len(lines[0]) > 80


def test_a_language_folder_is_not_counted_as_a_workshop(
    write: Callable[..., Path], runner: CliRunner, tmp_path: Path
) -> None:
    write("workshop.yaml", BASE_WORKSHOP)
    write("second.yaml", BASE_WORKSHOP.replace("id: test\n", "id: second\n"))
    out = tmp_path / "out"
    result = runner.invoke(
        app,
        ["build", str(tmp_path), "-o", str(out), "--only", "agenda", "--language", "de"],
        env={"COLUMNS": "200", "NO_COLOR": "1"},
    )
    assert result.exit_code == 0, result.output
    first, second = result.stdout.splitlines()[:2]
    assert first.endswith("one folder for each of 2 workshops or agreements")
    assert second.strip() == "agenda.docx ×4"


# --- 7. `methods`: group size and minutes ------------------------------------------------------


def test_methods_filters_on_the_whole_group_and_says_so(runner: CliRunner) -> None:
    result = runner.invoke(app, ["methods", "--group-size", "25"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "world-cafe" in result.stdout
    assert "4+, in groups of 4–6" in result.stdout
    assert "People: the whole group" in " ".join(result.stdout.split())
    one = runner.invoke(app, ["methods", "world-cafe"], env={"COLUMNS": "200"})
    shown = " ".join(one.stdout.split())
    assert "a whole group of 4+ people, in small groups of 4–6" in shown
    big = runner.invoke(app, ["methods", "--group-size", "61"], env={"COLUMNS": "200"})
    assert "fishbowl" not in big.stdout


def test_methods_shows_the_minutes_a_method_can_be_shortened_to(runner: CliRunner) -> None:
    result = runner.invoke(app, ["methods", "--max-minutes", "30"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    # TRIZ takes 35 minutes as a rule and works in 30: listed, and the listing says why.
    assert "35 (30–45)" in result.stdout
    shown = " ".join(result.stdout.split())
    assert "Minutes: the usual length (the shortest and longest it works in)" in shown


# --- 8. `explain` takes a code's name ----------------------------------------------------------


def test_explain_takes_the_name_of_a_code(runner: CliRunner) -> None:
    by_name = runner.invoke(app, ["explain", "unknown-facilitator"])
    by_code = runner.invoke(app, ["explain", "P205"])
    assert by_name.exit_code == 0, by_name.output
    assert by_name.stdout == by_code.stdout
    near = runner.invoke(app, ["explain", "unknown-facilitatr"])
    assert near.exit_code == 2
    assert "did you mean `unknown-facilitator`?" in near.stderr
