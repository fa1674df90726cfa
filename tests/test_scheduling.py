"""The timing engine: pure arithmetic over the models."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import BASE_WORKSHOP, analyse
from facilitation.checking.scheduling import (
    Schedule,
    format_clock,
    format_duration,
    schedule_workshop,
)
from facilitation.model.loaded import Workshop
from facilitation.reading.loader import Loader

HEAD = """\
programme:
  name: P
  team: [{id: ek, name: Elena}, {id: ab, name: Arben}]
  countries: [{code: RS, name: Serbia}, {code: AL, name: Albania}, {code: MK, name: North Macedonia}]
workshop:
  id: w
  title: W
  start: 2026-03-02
  dcm_phase: building-and-formalizing
days:
"""


def schedule_of(write: Callable[..., Path], days: str) -> tuple[Workshop, Schedule]:
    path = write("w.yaml", HEAD + days)
    loaded = Loader().load_workshop(path)
    assert loaded.workshop is not None, loaded.diagnostics
    return loaded.workshop, schedule_workshop(loaded.workshop)


def test_sessions_follow_each_other_and_anchors_fix_a_start(write: Callable[..., Path]) -> None:
    _, schedule = schedule_of(
        write,
        """\
  - start: 9:00
    end: 17:00
    sessions:
      - {title: A, minutes: 45}
      - {break: Coffee, minutes: 15}
      - {title: B, minutes: 60}
      - {lunch: Lunch, at: 12:30, minutes: 60}
      - {title: C, method: 1-2-4-all}
""",
    )
    day = schedule.days[0]
    assert [(format_clock(t.start), format_clock(t.end)) for t in day.sessions] == [
        ("09:00", "09:45"),
        ("09:45", "10:00"),
        ("10:00", "11:00"),
        ("12:30", "13:30"),
        ("13:30", "13:42"),
    ]
    assert [t.kind for t in day.sessions] == ["work", "break", "work", "lunch", "work"]
    assert day.totals.work == 45 + 60 + 12
    assert day.totals.rest == 75
    assert schedule.problems == []


def test_method_default_duration_kind_and_compass(write: Callable[..., Path]) -> None:
    _, schedule = schedule_of(
        write,
        """\
  - start: 9:00
    end: 17:00
    sessions:
      - {title: Hello, method: check-in}
      - {title: Talk, method: world-cafe, compass: [humanity]}
""",
    )
    hello, talk = schedule.days[0].sessions
    assert hello.kind == "check-in"
    assert hello.minutes == hello.method.minutes  # type: ignore[union-attr]
    assert hello.compass == tuple(hello.method.compass)  # type: ignore[union-attr]
    assert talk.compass == ("humanity",)
    assert schedule.totals.by_dimension["humanity"] == sum(
        t.minutes for t in (hello, talk) if "humanity" in t.compass
    )
    assert schedule.totals.by_dimension["wholeness"] == sum(
        t.minutes for t in (hello, talk) if "wholeness" in t.compass
    )
    assert schedule.totals.by_phase["building-and-formalizing"] == hello.minutes + talk.minutes


def test_an_aspect_counts_for_its_dimension_and_for_itself(write: Callable[..., Path]) -> None:
    _, schedule = schedule_of(
        write,
        """\
  - start: 9:00
    end: 17:00
    sessions:
      - {title: Listening, minutes: 60, compass: [Empathy, humanity, dialogic-quality]}
      - {title: Talk, minutes: 30, compass: [mindfulness, empathy]}
""",
    )
    listening, talk = schedule.days[0].sessions
    # Named by id or by name; the dimensions once each, in the order they first appear.
    assert listening.compass == ("humanity", "collective-intelligence")
    assert listening.aspects == ("empathy", "dialogic-quality")
    assert talk.compass == ("humanity",)
    totals = schedule.totals
    assert totals.by_dimension["humanity"] == 90
    assert totals.by_dimension["collective-intelligence"] == 60
    assert totals.by_aspect == {"empathy": 90, "dialogic-quality": 60, "mindfulness": 30}


def test_an_unknown_compass_word_names_dimensions_and_aspects(write: Callable[..., Path]) -> None:
    path = write(
        "workshop.yaml", BASE_WORKSHOP.replace("lead: ek", "lead: ek\n        compass: empaty")
    )
    diagnostics = analyse(path).diagnostics
    [problem] = [d for d in diagnostics if "empaty" in d.message]
    assert problem.message.endswith("`empaty` is not a known Compass dimension or aspect")
    assert "empathy" in (problem.hint or "")


def test_parallel_groups_share_the_slot(write: Callable[..., Path]) -> None:
    _, schedule = schedule_of(
        write,
        """\
  - start: 9:00
    end: 17:00
    sessions:
      - title: Groups
        minutes: 90
        groups:
          - {name: A, topic: Police, facilitator: ek}
          - {name: B, topic: Prosecution, facilitator: ab}
      - {title: After, minutes: 30}
      - {title: By country, minutes: 30, groups: by-country}
""",
    )
    groups, after, by_country = schedule.days[0].sessions
    assert (groups.start, groups.end) == (540, 630)
    assert len(groups.groups) == 2
    assert groups.format == "groups"
    assert after.start == 630
    assert schedule.totals.work == 150
    assert [g.name for g in by_country.groups] == ["Serbia", "Albania", "North Macedonia"]


def test_dates_follow_from_the_start_unless_given(write: Callable[..., Path]) -> None:
    _, schedule = schedule_of(
        write,
        """\
  - {start: 9:00, end: 12:00, sessions: [{title: A, minutes: 30}]}
  - {start: 9:00, end: 12:00, sessions: [{title: B, minutes: 30}]}
  - {date: 2026-03-09, start: 9:00, end: 12:00, sessions: [{title: C, minutes: 30}]}
  - {start: 9:00, end: 12:00, sessions: [{title: D, minutes: 30}]}
""",
    )
    assert [day.date for day in schedule.days] == [
        dt.date(2026, 3, 2),
        dt.date(2026, 3, 3),
        dt.date(2026, 3, 9),
        dt.date(2026, 3, 10),
    ]


def test_problems_are_data(write: Callable[..., Path]) -> None:
    _, schedule = schedule_of(
        write,
        """\
  - start: 9:00
    end: 11:00
    sessions:
      - {title: A, minutes: 70}
      - {title: B, minutes: 20, at: 10:00}
      - {title: C}
      - {title: D, minutes: 90}
      - {title: E, minutes: 5, at: 8:00}
  - start: 17:00
    end: 9:00
    sessions: [{title: F, minutes: 10}]
""",
    )
    kinds = [(p.kind, p.day, p.session, p.minutes) for p in schedule.problems]
    assert kinds == [
        ("anchor-passed", 0, 1, 10),
        ("no-duration", 0, 2, 0),
        ("anchor-outside-day", 0, 4, 480),
        ("overrun", 0, 3, 50),
        ("ends-early", 1, None, 480),
    ]
    assert schedule.problems[0].sessions == (0,)


@pytest.mark.parametrize(
    ("minutes", "text"),
    [(5, "5 min"), (60, "1 h"), (75, "1 h 15 min"), (125, "2 h 05 min"), (0, "0 min")],
)
def test_duration_text(minutes: int, text: str) -> None:
    assert format_duration(minutes) == text


def test_clock() -> None:
    assert format_clock(545) == "09:05"
    assert format_clock(0) == "00:00"
