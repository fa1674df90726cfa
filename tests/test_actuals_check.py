"""`check` on the live console's `actuals:`: an entry the outcome report cannot place (O515)."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import analyse, tuples
from facilitation import codes
from facilitation.checking.analyse import analyse_paths
from facilitation.cli.app import app
from facilitation.errors import Diagnostic, Severity

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "examples" / "western-balkans"
MORNING = Path(__file__).parent / "fixtures" / "live" / "morning.yaml"
# The morning as planned: Opening 09:00–09:15, Check-in –09:35, Context analysis –11:05,
# Coffee –11:35, Working agreements –11:55, Harvest –12:25, Lunch fixed at 12:30–13:30.
FIRST_LINE = 4  # the first entry's line in the outcome file the fixture below writes


@pytest.fixture
def morning(tmp_path: Path, write: Callable[..., Path]) -> Callable[[str], Path]:
    """The live console's test morning, with ``actuals`` (entries, one a line) recorded."""

    def _morning(actuals: str) -> Path:
        path = Path(shutil.copy(MORNING, tmp_path / "morning.yaml"))
        write(
            "morning-outcomes.yaml",
            "outcomes:\n  workshop: morning.yaml\n  actuals:\n" + actuals,
        )
        return path

    return _morning


def _actual_warnings(path: Path) -> list[Diagnostic]:
    return [d for d in analyse(path).diagnostics if d.code == codes.UNKNOWN_ACTUAL]


def test_the_example_and_a_full_morning_check_clean(morning: Callable[[str], Path]) -> None:
    assert [d.code for d in analyse_paths([EXAMPLE]).diagnostics] == []
    day = (
        '    - {day: 1, session: opening, what: start, at: "09:00"}\n'
        '    - {day: 1, session: Coffee, what: start, at: "11:15"}\n'
        '    - {day: 1, session: Lunch, what: end, at: "13:40"}\n'
    )
    report = analyse(morning(day))
    assert codes.UNKNOWN_ACTUAL not in [d.code for d in report.diagnostics]
    assert not any(d.is_error for d in report.diagnostics), report.diagnostics


def test_a_misspelt_session_is_named_with_the_closest_key(morning: Callable[[str], Path]) -> None:
    path = morning(
        '    - {day: 1, session: opening, what: start, at: "09:00"}\n'
        '    - {day: 1, session: contxt, what: start, at: "09:20"}\n'
    )
    [found] = _actual_warnings(path)
    assert tuples([found]) == [(codes.UNKNOWN_ACTUAL, FIRST_LINE + 1, 25)]
    assert found.location.file.endswith("morning-outcomes.yaml")
    assert found.severity is Severity.WARNING
    assert found.message == (
        "the actual “start contxt” names no session of day 1; the outcome report leaves it out"
    )
    assert found.hint == "did you mean `context`?"


def test_a_session_of_another_day_lists_the_days_sessions(
    morning: Callable[[str], Path],
) -> None:
    [found] = _actual_warnings(
        morning('    - {day: 1, session: Dinner, what: start, at: "12:00"}\n')
    )
    assert found.hint == (
        "sessions of the day: opening, check-in, context, Coffee, agreements, harvest, Lunch"
    )


def test_a_day_the_workshop_does_not_have(tmp_path: Path) -> None:
    folder = Path(shutil.copytree(EXAMPLE, tmp_path / "example"))
    record = folder / "regional-strategic-planning-outcomes.yaml"
    text = record.read_text(encoding="utf-8")
    record.write_text(
        text + '    - {day: 9, session: d1-opening, what: start, at: "09:10"}\n',
        encoding="utf-8",
    )
    line = text.count("\n") + 1
    [found] = analyse_paths([folder]).diagnostics
    assert tuples([found]) == [(codes.UNKNOWN_ACTUAL, line, 13)]
    assert found.location.file.endswith("regional-strategic-planning-outcomes.yaml")
    assert found.message == (
        "the actual “start d1-opening” is on day 9, but the workshop has 4 days; "
        "the outcome report leaves it out"
    )
    assert found.hint == "give the day it happened, counted from 1 (1 to 4), or delete the entry"


@pytest.mark.parametrize(
    ("at", "flagged"),
    [
        ("07:00", False),  # two hours before the 09:00 start
        ("06:59", True),
        ("15:30", False),  # two hours after lunch ends at 13:30
        ("15:31", True),
        ("21:00", True),  # 9:00 pm for 9:00 am
        ("02:00", True),  # read as the night after the day
    ],
)
def test_a_time_far_outside_the_day(morning: Callable[[str], Path], at: str, flagged: bool) -> None:
    found = _actual_warnings(morning(f'    - {{day: 1, session: Lunch, what: end, at: "{at}"}}\n'))
    assert tuples(found) == ([(codes.UNKNOWN_ACTUAL, FIRST_LINE, 47)] if flagged else [])


def test_the_time_message_gives_the_days_hours(morning: Callable[[str], Path]) -> None:
    [found] = _actual_warnings(
        morning('    - {day: 1, session: harvest, what: start, at: "21:40"}\n')
    )
    assert found.message == (
        "the actual “start harvest” at 21:40 is more than two hours outside day 1 (09:00–13:30)"
    )
    assert found.hint == "check the hour: times use the 24-hour clock (14:10, not 2:10)"


def test_a_day_with_two_sessions_of_one_title_names_them_by_their_start(
    write: Callable[..., Path],
) -> None:
    path = write(
        "w.yaml",
        """\
        workshop: {id: coffees, title: Two coffees, start: 2026-03-02}
        days:
          - start: 9:00
            end: 12:00
            sessions:
              - {title: Work, minutes: 60}
              - {break: Coffee, minutes: 15}
              - {title: More work, minutes: 60}
              - {break: Coffee, minutes: 15}
        outcomes:
          actuals:
            - {day: 1, session: Coffee (10:00), what: start, at: "10:00"}
            - {day: 1, session: Coffee, what: start, at: "11:15"}
        """,
    )
    [found] = _actual_warnings(path)
    assert found.location.line == 13
    assert found.hint == (
        "2 sessions of the day are called “Coffee”: add the planned start, "
        "`Coffee (10:00)` or `Coffee (11:15)`"
    )


def test_check_prints_the_warning_at_the_entry(
    morning: Callable[[str], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "120")
    path = morning('    - {day: 1, session: contxt, what: start, at: "09:20"}\n')
    result = CliRunner().invoke(app, ["check", str(path), "--format", "concise"])
    assert result.exit_code == 0, result.output
    assert (
        f"{path.parent / 'morning-outcomes.yaml'}:{FIRST_LINE}:25: O515 the actual “start contxt” "
        "names no session of day 1; the outcome report leaves it out"
    ) in result.stderr + result.output
