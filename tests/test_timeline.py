"""Charts drawn as Word tables: the run sheet's day strips and balance, the agenda's week."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from conftest import BASE_WORKSHOP, EXAMPLE
from facilitation.checking.analyse import analyse_paths
from facilitation.checking.scheduling import schedule_workshop
from facilitation.documents.language import localise_workshop
from facilitation.documents.views.agenda import make_agenda_view, make_run_sheet_view
from facilitation.documents.views.base import ViewContext
from facilitation.documents.views.timeline import (
    BAR_COLUMNS,
    BAR_LONGEST,
    DIMENSION_FILLS,
    STRIP_COLUMNS,
    WEEK_BREAK_FILL,
    WEEK_SESSION_FILL,
    describe_strip,
    describe_week,
    dimension_codes,
    fit,
    strip_minutes,
)

REGIONAL = EXAMPLE / "regional-strategic-planning.yaml"
SERBIA = EXAMPLE / "kickoffs" / "serbia.yaml"

#: Three days; day 1 has two parallel groups and a lunch at a fixed time.
THREE_DAYS = BASE_WORKSHOP.replace(
    """days:
  - start: 9:00
    end: 12:00
    sessions:
      - title: Welcome
        minutes: 45
        lead: ek
""",
    """days:
  - start: 9:00
    end: 13:30
    sessions:
      - title: Welcome and the week ahead
        minutes: 60
        compass: [engagement, wholeness]
      - title: Country work
        minutes: 90
        compass: future-possibilities
        groups:
          - name: Serbia
          - name: Kosovo*
      - break: Coffee
        minutes: 30
      - title: Plenary
        minutes: 30
      - lunch:
        at: 12:30
        minutes: 60
  - start: 9:00
    end: 10:00
    sessions:
      - title: Day two
        minutes: 60
  - start: 9:00
    end: 10:00
    sessions:
      - title: Day three
        minutes: 60
""",
)


def context(path: Path) -> ViewContext:
    """The view context of a workshop file as a build makes it (in its own language)."""
    [analysis] = [a for a in analyse_paths([path]).analyses if a.path == path]
    assert analysis.workshop is not None, analysis.diagnostics
    workshop = localise_workshop(analysis.workshop, analysis.workshop.language)
    return ViewContext.of(workshop, schedule_workshop(workshop), dt.date(2026, 1, 5))


@pytest.fixture
def three_days(write: Callable[..., Path]) -> ViewContext:
    return context(write("workshop.yaml", THREE_DAYS))


def _strip(ctx: ViewContext, day: int = 0) -> dict[str, Any]:
    return describe_strip(ctx, ctx.schedule.days[day], strip_minutes(ctx.schedule.days))


def _columns(row: list[dict[str, Any]]) -> list[tuple[int, int, dict[str, Any]]]:
    """Each block of ``row`` with its first and last column."""
    placed, at = [], 0
    for block in row:
        placed.append((at, at + block["span"], block))
        at += block["span"]
    return placed


def test_every_row_of_a_strip_fills_its_columns(three_days: ViewContext) -> None:
    strip = _strip(three_days)
    for row in [strip["axis"], *strip["rows"]]:
        assert sum(block["span"] for block in row) == STRIP_COLUMNS
        assert all(block["span"] > 0 for block in row)


def test_block_widths_are_proportional_to_minutes(three_days: ViewContext) -> None:
    # The longest day (4 h 30 min from 9:00) fills the strip: 120 columns for 270 minutes.
    assert strip_minutes(three_days.schedule.days) == 270
    main = [block for block in _strip(three_days)["rows"][0] if block["fill"] != "FFFFFF"]
    assert [block["span"] for block in main] == [
        round(minutes * 120 / 270) for minutes in (60, 90, 30, 30, 60)
    ]
    # A shorter day is drawn to the same scale, not stretched.
    [day_two] = [b for b in _strip(three_days, 1)["rows"][0] if b["fill"] != "FFFFFF"]
    assert day_two["span"] == round(60 * 120 / 270)


def test_blocks_carry_letters_and_the_palette_colour_of_their_dimension(
    three_days: ViewContext,
) -> None:
    welcome, country = _strip(three_days)["rows"][0][:2]
    assert welcome["code"] == "E+W"
    assert welcome["fill"] == DIMENSION_FILLS[1]  # engagement, the first it names
    assert welcome["label"].startswith("Welcome")
    assert country["code"] == "F"
    assert dimension_codes(three_days) == {
        "future-possibilities": "F",
        "engagement": "E",
        "innovation": "I",
        "humanity": "H",
        "collective-intelligence": "C",
        "wholeness": "W",
    }


def test_parallel_groups_are_rows_under_their_session(three_days: ViewContext) -> None:
    strip = _strip(three_days)
    main, *groups = strip["rows"]
    assert len(groups) == 2
    [(first, last, _)] = [(a, b, blk) for a, b, blk in _columns(main) if blk["code"] == "F"]
    for row, name in zip(groups, ("Serbia", "Kosovo*"), strict=True):
        [(a, b, block)] = [(a, b, blk) for a, b, blk in _columns(row) if blk["label"]]
        assert (a, b, block["label"]) == (first, last, name)


def test_a_fixed_start_is_marked_and_named(three_days: ViewContext) -> None:
    strip = _strip(three_days)
    fixed = [block for block in strip["rows"][0] if block["fixed"]]
    assert [block["label"] for block in fixed] == ["Lunch"]
    assert "12:30 Lunch" in strip["caption"]
    assert not any(block["fixed"] for block in _strip(three_days, 1)["rows"][0])


def test_labels_are_cut_to_their_block_or_left_out() -> None:
    assert fit("Lunch", 20) == "Lunch"
    cut = fit("Context analysis: serious crime and cooperation in each country", 15)
    assert cut.endswith("…")
    assert len(cut) < 30
    assert fit("Coffee break", 2) == ""


def test_the_run_sheet_draws_a_strip_per_day_and_the_balance(three_days: ViewContext) -> None:
    view = make_run_sheet_view(three_days)
    timeline = view["timeline"]
    assert len(timeline["strips"]) == 3
    legend = [block["label"] for row in timeline["legend"] for block in row]
    assert "Collective intelligence" in legend
    assert "Fixed start" in legend
    compass = {bar["name"]: bar for bar in timeline["balance"]["compass"]}
    # 4 h 30 min of work... of which 1 h 30 min future possibilities: a third.
    work = three_days.schedule.totals.work
    assert compass["Future possibilities"]["span"] == round(BAR_LONGEST * 90 / work)
    assert compass["Future possibilities"]["share"] == f"{round(100 * 90 / work)}%"
    assert compass["Innovation"]["time"] == "—"
    for bar in compass.values():
        assert bar["span"] + bar["rest"] == BAR_COLUMNS


def test_the_run_sheet_shows_the_time_per_aspect_only_where_sessions_name_aspects(
    three_days: ViewContext, write: Callable[..., Path]
) -> None:
    assert make_run_sheet_view(three_days)["timeline"]["balance"]["aspects"] == []
    named = THREE_DAYS.replace(
        "compass: [engagement, wholeness]", "compass: [connectivity, vitality]"
    )
    balance = make_run_sheet_view(context(write("aspects.yaml", named)))["timeline"]["balance"]
    aspects = {bar["name"]: bar for bar in balance["aspects"]}
    assert list(aspects) == ["Connectivity", "Vitality"]
    assert aspects["Connectivity"]["time"] == "1 hr"
    # In the shade and with the letter of its dimension.
    engagement = next(bar for bar in balance["compass"] if bar["name"] == "Engagement")
    assert (aspects["Connectivity"]["fill"], aspects["Connectivity"]["code"]) == (
        engagement["fill"],
        engagement["code"],
    )
    assert balance["aspects_caption"].startswith("Work time per Compass aspect")


def test_the_week_at_a_glance_is_on_from_three_days(three_days: ViewContext) -> None:
    week = make_agenda_view(three_days)["week"]
    assert week["shown"]
    assert [day["label"] for day in week["days"]] == ["Day 1", "Day 2", "Day 3"]
    assert sum(day["span"] for day in week["days"]) == 60
    times = [row["time"] for row in week["rows"]]
    assert times[0] == "09:00"
    assert times[-1] == "13:00"
    by_time = {row["time"]: row["cells"] for row in week["rows"]}
    assert by_time["09:00"][0]["first"] == "Welcome and the week ahead"
    assert by_time["10:00"][0]["first"] == "Country work"
    assert by_time["11:30"][0]["fill"] == WEEK_BREAK_FILL  # the coffee break
    # Country work (10:00-11:30) goes on in the row below its title: shaded as session time.
    assert by_time["10:30"][0] == {
        "span": 20,
        "fill": WEEK_SESSION_FILL,
        "first": "",
        "more": [],
    }
    assert by_time["12:30"][0]["first"] == "Lunch"
    # Day two ends at 10:00: nothing after it is shaded.
    assert by_time["12:30"][1] == {"span": 20, "fill": "FFFFFF", "first": "", "more": []}
    assert by_time["09:30"][1]["fill"] == WEEK_SESSION_FILL


def test_a_session_that_starts_within_a_half_hour_gives_its_time(
    write: Callable[..., Path],
) -> None:
    text = THREE_DAYS.replace(
        "minutes: 60\n        compass: [engagement", "minutes: 45\n        compass: [engagement"
    )
    week = describe_week(context(write("workshop.yaml", text)))
    assert week["rows"][1]["cells"][0]["first"] == "09:45 Country work"


def test_the_week_at_a_glance_is_off_for_one_day_and_can_be_switched(
    write: Callable[..., Path],
) -> None:
    assert not describe_week(context(SERBIA))["shown"]
    assert describe_week(context(REGIONAL))["shown"]
    on = BASE_WORKSHOP.replace(
        "  start: 2026-03-02\n", "  start: 2026-03-02\n  week_at_a_glance: yes\n"
    )
    assert describe_week(context(write("on.yaml", on)))["shown"]
    off = THREE_DAYS.replace(
        "  start: 2026-03-02\n", "  start: 2026-03-02\n  week_at_a_glance: no\n"
    )
    assert not describe_week(context(write("off.yaml", off)))["shown"]


def test_strips_of_the_example_name_the_country_groups() -> None:
    ctx = context(REGIONAL)
    strip = _strip(ctx)
    names = {block["label"] for row in strip["rows"][1:] for block in row}
    assert {"Serbia", "Albania", "Montenegro"} <= names
    assert "Fixed start" in ctx.labels["run_sheet"]["strip_fixed"]
