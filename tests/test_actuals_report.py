"""The outcome report's "Planned and actual": the recorded day set against its plan."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from conftest import analyse
from facilitation.catalogue.labels import load_labels
from facilitation.documents.build import build
from facilitation.documents.language import Words
from facilitation.documents.views.actuals import REPORT_COLUMNS, describe_actuals
from facilitation.documents.views.base import ViewContext
from facilitation.documents.views.outcomes import make_outcome_report_view
from helpers.docx_text import docx_text

MORNING = Path(__file__).parent / "fixtures" / "live" / "morning.yaml"
# The morning as planned: Opening 09:00–09:15, Check-in –09:35, Context analysis –11:05,
# Coffee –11:35, Working agreements –11:55, Harvest –12:25, Lunch fixed at 12:30–13:30.
FULL_DAY = """\
    - {day: 1, session: opening, what: start, at: "09:00"}
    - {day: 1, session: opening, what: add, at: "09:10", minutes: 10, reason: minister late}
    - {day: 1, session: check-in, what: start, at: "09:25"}
    - {day: 1, session: context, what: start, at: "09:50"}
    - {day: 1, session: context, what: shorten, at: "09:50", minutes: 10,
       reason: win back time before lunch}
    - {day: 1, session: context, what: pause, at: "10:30", reason: fire alarm}
    - {day: 1, session: context, what: resume, at: "10:40"}
    - {day: 1, session: Coffee, what: start, at: "11:15"}
    - {day: 1, session: Coffee, what: take, at: "11:15", minutes: 5, reason: catch up}
    - {day: 1, session: agreements, what: skip, at: "11:40", reason: agreed by email}
    - {day: 1, session: harvest, what: start, at: "11:40"}
    - {day: 1, session: Lunch, what: start, at: "12:40"}
    - {day: 1, session: Lunch, what: end, at: "13:40"}
"""


@pytest.fixture
def morning(tmp_path: Path, write: Callable[..., Path]) -> Callable[[str], Path]:
    """The live console's test morning, with ``actuals`` (entries) in its outcome record."""

    def _morning(actuals: str) -> Path:
        path = Path(shutil.copy(MORNING, tmp_path / "morning.yaml"))
        body = "  actuals:\n" + actuals if actuals else "  decisions:\n    - what: Meet again\n"
        write("morning-outcomes.yaml", "outcomes:\n  workshop: morning.yaml\n" + body)
        return path

    return _morning


def _context(path: Path, language: str | None = None) -> ViewContext:
    [analysis] = analyse(path).analyses
    assert analysis.workshop is not None, analysis.diagnostics
    assert analysis.schedule is not None
    ctx = ViewContext.of(analysis.workshop, analysis.schedule, dt.date(2026, 3, 10))
    if language:
        ctx.labels, ctx.dates = load_labels(language), Words.of(language)
    return ctx


def _actuals(ctx: ViewContext) -> dict[str, Any]:
    outcomes = ctx.workshop.all_outcomes()
    assert outcomes is not None
    return describe_actuals(ctx, outcomes.actuals)


def _rows(day: dict[str, Any]) -> dict[str, tuple[str, str, str, str]]:
    return {
        row["session"]: (row["planned"], row["actual"], row["difference"], row["changes"])
        for row in day["rows"]
    }


def test_the_day_as_it_ran_against_the_plan(morning: Callable[[str], Path]) -> None:
    [day] = _actuals(_context(morning(FULL_DAY)))["days"]
    assert day["title"] == "Day 1 · Monday, 2 March 2026"
    assert _rows(day) == {
        "Opening": ("09:00–09:15", "09:00–09:25", "+10", "10 mins added: minister late"),
        # No event: the overrun shows in the difference and in words.
        "Check-in": ("09:15–09:35", "09:25–09:50", "+5", "Ran 5 mins over"),
        # Paused for 10 minutes: the pause is not counted as running over.
        "Context analysis": (
            "09:35–11:05",
            "09:50–11:15",
            "\u22125",
            "Shortened by 10 mins: win back time before lunch; paused at 10:30: fire alarm; "
            "ended 5 mins early",
        ),
        "Coffee": ("11:05–11:35", "11:15–11:40", "\u22125", "5 mins taken: catch up"),
        "Working agreements": ("11:35–11:55", "skipped", "—", "Skipped: agreed by email"),
        "Harvest": ("11:55–12:25", "11:40–12:40", "+30", "Ran 30 mins over"),
        "Lunch": ("12:30–13:30", "12:40–13:40", "0", ""),
    }
    assert day["totals"] == [
        "Planned end 13:30; actual end 13:40, 10 mins later.",
        "Fixed start 12:30 (Lunch): missed by 10 mins; it started at 12:40.",
    ]


def test_a_fixed_start_held_and_a_day_that_ended_on_time(
    morning: Callable[[str], Path],
) -> None:
    held = """\
    - {day: 1, session: opening, what: start, at: "09:00"}
    - {day: 1, session: harvest, what: start, at: "11:55"}
    - {day: 1, session: Lunch, what: start, at: "12:30"}
    - {day: 1, session: Lunch, what: end, at: "13:30"}
"""
    [day] = _actuals(_context(morning(held)))["days"]
    assert day["totals"] == [
        "Planned end 13:30; the day ended on time.",
        "Fixed start 12:30 (Lunch): held.",
    ]
    # A start ends the session before it: the opening ran on until the harvest started, and
    # the sessions between, never started, are not recorded.
    rows = _rows(day)
    assert rows["Opening"][1:3] == ("09:00–11:55", "+160")
    assert rows["Check-in"][1:3] == ("not recorded", "—")


def test_a_record_that_stops_mid_day_says_so(morning: Callable[[str], Path]) -> None:
    partial = """\
    - {day: 1, session: opening, what: start, at: "09:00"}
    - {day: 1, session: check-in, what: start, at: "09:20"}
"""
    [day] = _actuals(_context(morning(partial)))["days"]
    rows = _rows(day)
    assert rows["Opening"][1:3] == ("09:00–09:20", "+5")
    assert rows["Check-in"][1:3] == ("from 09:20, end not recorded", "—")
    assert rows["Harvest"][1:3] == ("not recorded", "—")
    assert day["totals"] == [
        "Planned end 13:30; the record stops at 09:20.",
        "Fixed start 12:30 (Lunch): not recorded.",
    ]


def test_the_strips_share_one_axis_and_fit_the_portrait_page(
    morning: Callable[[str], Path],
) -> None:
    [day] = _actuals(_context(morning(FULL_DAY)))["days"]
    strip = day["strip"]
    planned, actual = strip["rows"]
    assert (planned["label"], actual["label"]) == ("Planned", "Actual")
    for blocks in (strip["axis"], planned["blocks"], actual["blocks"]):
        assert sum(block["span"] for block in blocks) == REPORT_COLUMNS - 10
    # The skipped session is not drawn; Lunch, a fixed start, is, later than planned.
    assert not any(block["label"].startswith("Working") for block in actual["blocks"])
    assert [block["fixed"] for block in actual["blocks"]].count(True) == 1
    assert strip["caption"].startswith("Day 1 to scale, planned above")


def test_no_actuals_no_section(morning: Callable[[str], Path]) -> None:
    view = make_outcome_report_view(_context(morning("")))
    assert view["actuals"] == {"shown": False, "days": []}
    assert "actuals" not in view["heading"]
    assert not any("Planned and actual" in item for item in view["contents"])


def test_the_section_follows_the_agenda_in_the_contents(morning: Callable[[str], Path]) -> None:
    view = make_outcome_report_view(_context(morning(FULL_DAY)))
    assert view["heading"]["agenda"].endswith("Agenda in brief")
    assert view["heading"]["actuals"] == "5. Planned and actual"
    assert "5. Planned and actual" in view["contents"]


def test_an_entry_that_names_no_session_is_left_out(morning: Callable[[str], Path]) -> None:
    actuals = FULL_DAY + '    - {day: 1, session: nowhere, what: start, at: "10:00"}\n'
    [day] = _actuals(_context(morning(actuals)))["days"]
    assert len(day["rows"]) == 7


def test_the_section_speaks_the_report_language(morning: Callable[[str], Path]) -> None:
    [day] = _actuals(_context(morning(FULL_DAY), "de"))["days"]
    rows = _rows(day)
    assert rows["Working agreements"][1] == "ausgelassen"
    assert rows["Opening"][3] == "10 Min. hinzugefügt: minister late"
    assert day["totals"][1] == (
        "Feste Anfangszeit 12:30 (Mittagessen): um 10 Min. verfehlt; Beginn um 12:40."
    )


def test_the_built_report_holds_the_table(morning: Callable[[str], Path], tmp_path: Path) -> None:
    path = morning(FULL_DAY)
    result = build([path], tmp_path / "out", only=["outcome-report"])
    assert not result.failed, result.problems
    text = docx_text(tmp_path / "out" / "morning" / "outcome-report.docx")
    assert "5. Planned and actual" in text
    assert "| Session | Planned | Actual | Difference (min) | What changed and why |" in text
    assert "| Opening | 09:00–09:15 | 09:00–09:25 | +10 | 10 mins added: minister late |" in text
    assert "| Working agreements | 11:35–11:55 | skipped | — | Skipped: agreed by email |" in text
    assert "Fixed start 12:30 (Lunch): missed by 10 mins; it started at 12:40." in text
    assert "| Planned |" in text
    assert "| Actual |" in text
