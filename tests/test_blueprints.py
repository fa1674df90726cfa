"""Starting in minutes: blueprints, `new`, `blueprints`, `methods` and `explain`."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from typer.testing import CliRunner

from facilitation.catalogue.explanations import explain_code
from facilitation.checking.analyse import analyse_paths
from facilitation.cli.app import app
from facilitation.codes import CODES
from facilitation.documents.build import build
from facilitation.editing.blueprints import find_next_monday, load_blueprints, make_workshop_id

REPO = Path(__file__).resolve().parent.parent
EXPECTED = {
    "core-group-meeting-half-day",
    "dcm-strategic-planning-4-day",
    "national-kick-off-1-day",
    "review-and-learning-2-day",
}


def test_the_blueprints_are_there_with_a_line_each() -> None:
    found = {blueprint.name: blueprint.description for blueprint in load_blueprints()}
    assert set(found) == EXPECTED
    assert all(10 < len(description) < 90 for description in found.values())


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_blueprint_becomes_a_workshop_that_checks_and_builds(
    name: str, runner: CliRunner, tmp_path: Path
) -> None:
    target = tmp_path / "plans" / f"my {name}.yaml"
    result = runner.invoke(app, ["new", str(target), "--blueprint", name, "--no-interactive"])
    assert result.exit_code == 0, result.output
    assert "facilitation check" in result.stdout
    report = analyse_paths([target])
    assert report.errors == 0, [d.message for d in report.diagnostics]
    assert report.warnings == 0, [d.message for d in report.diagnostics]
    workshop = report.analyses[0].workshop
    assert workshop is not None
    assert workshop.info.id == make_workshop_id(target)
    assert workshop.info.start == find_next_monday()
    built = build([target], tmp_path / "out")
    assert not built.failed, built.problems
    names = sorted(item.path.name for item in built.written)
    assert names == ["agenda.docx", "agenda.ics", "agenda.md", "run-sheet.docx"]


def test_the_blueprint_file_itself_checks_clean() -> None:
    report = analyse_paths([REPO / "agendas"])
    assert report.errors == 0
    assert report.warnings == 0
    assert len(report.analyses) == len(EXPECTED)


def test_new_fills_what_it_is_given_and_keeps_the_comments(
    runner: CliRunner, tmp_path: Path
) -> None:
    programme = REPO / "examples" / "western-balkans" / "programme.yaml"
    target = tmp_path / "kickoff.yaml"
    result = runner.invoke(
        app,
        [
            "new",
            str(target),
            "--blueprint",
            "national-kick-off-1-day",
            "--title",
            "Kick-off: Skopje",
            "--start",
            "2027-02-16",
            "--country",
            "mk",
            "--language",
            "mk",
            "--venue",
            "Hotel „Арка“",
            "--programme",
            str(programme),
            "--no-interactive",
        ],
    )
    assert result.exit_code == 0, result.output
    text = target.read_text(encoding="utf-8")
    assert "# blueprint:" in text
    assert 'title: "Kick-off: Skopje"' in text
    assert "country: MK" in text
    report = analyse_paths([target])
    assert report.errors == 0, [d.message for d in report.diagnostics]
    workshop = report.analyses[0].workshop
    assert workshop is not None
    assert workshop.programme.name == "Countering Serious Crime in the Western Balkans"
    assert workshop.info.start == dt.date(2027, 2, 16)
    assert workshop.info.venue == "Hotel „Арка“"
    assert workshop.language == "mk"


def test_new_never_overwrites(runner: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "w.yaml"
    assert runner.invoke(app, ["new", str(target), "--no-interactive"]).exit_code == 0
    before = target.read_bytes()
    result = runner.invoke(app, ["new", str(target), "--no-interactive", "--title", "Other"])
    assert result.exit_code == 2
    assert "already exists; it was left as it is" in result.stderr
    assert target.read_bytes() == before


def test_new_refuses_what_would_not_check(runner: CliRunner, tmp_path: Path) -> None:
    programme = REPO / "examples" / "western-balkans" / "programme.yaml"
    target = tmp_path / "w.yaml"
    result = runner.invoke(
        app,
        ["new", str(target), "--programme", str(programme), "--country", "HR", "--no-interactive"],
    )
    assert result.exit_code == 1
    assert "P208" in result.stderr
    assert not target.exists()
    result = runner.invoke(app, ["new", str(target), "--start", "2027-02-30", "--no-interactive"])
    assert result.exit_code == 1
    assert "not a real date" in result.stderr
    assert not target.exists()


def test_new_with_an_unknown_blueprint(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["new", str(tmp_path / "w.yaml"), "--blueprint", "national-kickoff"]
    )
    assert result.exit_code == 2
    assert "did you mean `national-kick-off-1-day`?" in result.stderr


def test_new_asks_in_a_terminal(runner: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "w.yaml"
    answers = "Core group, spring\n2027-03-01\nRoom 4\n\nen\n"
    result = runner.invoke(
        app,
        ["new", str(target), "--blueprint", "core-group-meeting-half-day", "--interactive"],
        input=answers,
    )
    assert result.exit_code == 0, result.output
    workshop = analyse_paths([target]).analyses[0].workshop
    assert workshop is not None
    assert (workshop.info.title, str(workshop.info.start), workshop.info.venue) == (
        "Core group, spring",
        "2027-03-01",
        "Room 4",
    )


def test_blueprints_command(runner: CliRunner) -> None:
    result = runner.invoke(app, ["blueprints"])
    assert result.exit_code == 0
    for name in EXPECTED:
        assert name in result.stdout


def test_methods_lists_filters_and_shows_one(runner: CliRunner) -> None:
    listed = runner.invoke(app, ["methods"])
    assert listed.exit_code == 0
    assert "world-cafe" in listed.stdout
    assert "1-2-4-all" in listed.stdout
    filtered = runner.invoke(
        app, ["methods", "--phase", "3", "--max-minutes", "20", "--dimension", "humanity"]
    )
    assert filtered.exit_code == 0
    assert "world-cafe" not in filtered.stdout
    assert "check-in" in filtered.stdout
    one = runner.invoke(app, ["methods", "World Café"])
    assert one.exit_code == 0
    assert "method: world-cafe" in one.stdout
    assert "Steps" in one.stdout
    wrong = runner.invoke(app, ["methods", "wrld-cafe"])
    assert wrong.exit_code == 2
    assert "did you mean `world-cafe`?" in wrong.stderr
    bad_phase = runner.invoke(app, ["methods", "--phase", "buildng"])
    assert bad_phase.exit_code == 2
    assert "did you mean" in bad_phase.stderr


def test_every_code_is_explained() -> None:
    for code in CODES:
        explained = explain_code(code)
        assert explained is not None, code
        assert set(explained) == {"explanation", "bad", "good"}, code
        assert all(value.strip() for value in explained.values()), code
        assert explained["bad"] != explained["good"], code


def test_explain(runner: CliRunner) -> None:
    result = runner.invoke(app, ["explain", "p201"])
    assert result.exit_code == 0
    assert "P201 overrun" in result.stdout
    assert "Wrong:" in result.stdout
    assert "Right:" in result.stdout
    unknown = runner.invoke(app, ["explain", "P299"])
    assert unknown.exit_code == 2
    assert "there is no code `P299`" in unknown.stderr
