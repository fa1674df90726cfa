"""Properties of the timing engine, over generated days built from the plain models.

The expected times are computed here by a small independent model of the rules in
:mod:`facilitation.checking.scheduling`: sessions follow each other from the day's start, an
anchor (``at:``) fixes a start, durations come from ``minutes:`` or the method's default.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from hypothesis import example, given, settings
from hypothesis import strategies as st
from pydantic import TypeAdapter

from facilitation.catalogue.methodology import FREE_KINDS, REST_KINDS, load_methods
from facilitation.checking.scheduling import (
    Schedule,
    build_schedule,
    format_clock,
    format_duration,
    to_minutes,
)
from facilitation.model.fields import ClockTime
from facilitation.model.workshop import Day, Group

#: Small, fast and reproducible: no example database is written into the repository.
FAST = settings(max_examples=60, deadline=None, database=None, derandomize=True)

START = dt.date(2026, 3, 2)
METHODS = load_methods()
METHOD_IDS = sorted(METHODS)
KINDS = (None, "work", "break", "lunch", "free", "energiser", "check-in", "presentation")
LAST_MINUTE = 24 * 60 - 1


@dataclass(frozen=True)
class Spec:
    """What a generated session says: its data, and what it should last and count as."""

    data: dict[str, Any]
    minutes: int
    kind: str

    @property
    def anchor(self) -> int | None:
        at = self.data.get("at")
        return None if at is None else _parse_clock(at)


def _parse_clock(text: str) -> int:
    hours, minutes = text.split(":")
    return int(hours) * 60 + int(minutes)


@st.composite
def session_specs(draw: st.DrawFn, *, anchored: bool = False) -> Spec:
    """A session with minutes, a method, or both; maybe a kind; maybe an anchor."""
    data: dict[str, Any] = {"title": draw(st.sampled_from(["Welcome", "Harvest", "Vision"]))}
    method = draw(st.none() | st.sampled_from(METHOD_IDS))
    minutes = draw(st.none() | st.integers(1, 240)) if method else draw(st.integers(1, 240))
    if method:
        data["method"] = method
    if minutes is not None:
        data["minutes"] = minutes
    kind = draw(st.sampled_from(KINDS))
    if kind is not None:
        data["kind"] = kind
    if anchored and draw(st.booleans()):
        data["at"] = format_clock(draw(st.integers(0, LAST_MINUTE)))
    duration = minutes if minutes is not None else METHODS[str(method)].minutes
    effective_kind = kind or (METHODS[method].kind if method else "work")
    return Spec(data, duration, effective_kind)


@st.composite
def day_hours(draw: st.DrawFn) -> tuple[int, int]:
    """A day's start and end, the end after the start."""
    start = draw(st.integers(0, LAST_MINUTE - 1))
    end = draw(st.integers(start + 1, LAST_MINUTE))
    return start, end


def make_day(
    hours: tuple[int, int], specs: list[Spec], *, date: dt.date | None = None, **extra: Any
) -> Day:
    data: dict[str, Any] = {
        "start": format_clock(hours[0]),
        "end": format_clock(hours[1]),
        "sessions": [spec.data for spec in specs],
        **extra,
    }
    if date is not None:
        data["date"] = date.isoformat()
    return Day.model_validate(data)


def schedule_of(day: Day, **options: Any) -> Schedule:
    return build_schedule([day], start=START, **options)


def problems_of(schedule: Schedule, kind: str) -> list[tuple[int | None, int]]:
    return [(p.session, p.minutes) for p in schedule.problems if p.kind == kind]


def expected_times(start: int, specs: list[Spec]) -> list[tuple[int, int]]:
    """Start and end of each session: after the one before, or at its anchor."""
    times: list[tuple[int, int]] = []
    cursor = start
    for spec in specs:
        begin = spec.anchor if spec.anchor is not None else cursor
        times.append((begin, begin + spec.minutes))
        cursor = begin + spec.minutes
    return times


# --- times --------------------------------------------------------------------------------------


@FAST
@given(hours=day_hours(), specs=st.lists(session_specs(), max_size=8))
def test_sessions_without_anchors_follow_each_other_from_the_start(
    hours: tuple[int, int], specs: list[Spec]
) -> None:
    day = schedule_of(make_day(hours, specs)).days[0]
    expected_start = hours[0]
    for timed, spec in zip(day.sessions, specs, strict=True):
        assert timed.start == expected_start
        assert timed.minutes == spec.minutes
        expected_start = timed.end
    assert day.finishes == hours[0] + sum(spec.minutes for spec in specs)


@FAST
@given(hours=day_hours(), specs=st.lists(session_specs(anchored=True), max_size=8))
def test_each_session_lasts_its_minutes_and_an_anchor_fixes_its_start(
    hours: tuple[int, int], specs: list[Spec]
) -> None:
    day = schedule_of(make_day(hours, specs)).days[0]
    assert [(t.start, t.end) for t in day.sessions] == expected_times(hours[0], specs)
    assert [t.minutes for t in day.sessions] == [spec.minutes for spec in specs]
    for timed, spec in zip(day.sessions, specs, strict=True):
        if spec.anchor is not None:
            assert timed.start == spec.anchor


def _inside(minute: int, hours: tuple[int, int]) -> bool:
    return hours[0] <= minute < hours[1]


@FAST
@given(
    hours=day_hours(),
    before=st.lists(session_specs(), max_size=6),
    anchor=st.integers(0, LAST_MINUTE),
    anchored=session_specs(),
    after=st.lists(session_specs(), max_size=3),
)
def test_anchor_passed_exactly_when_the_sessions_before_end_after_it(
    hours: tuple[int, int],
    before: list[Spec],
    anchor: int,
    anchored: Spec,
    after: list[Spec],
) -> None:
    """One anchor: passed (by the overrun in minutes) exactly when what comes before ends later."""
    fixed = Spec({**anchored.data, "at": format_clock(anchor)}, anchored.minutes, anchored.kind)
    specs = [*before, fixed, *after]
    schedule = schedule_of(make_day(hours, specs))
    runs_until = hours[0] + sum(spec.minutes for spec in before)
    index = len(before)
    if _inside(anchor, hours) and runs_until > anchor:
        assert problems_of(schedule, "anchor-passed") == [(index, runs_until - anchor)]
        [problem] = [p for p in schedule.problems if p.kind == "anchor-passed"]
        overlapping = tuple(
            i for i, (_, end) in enumerate(expected_times(hours[0], before)) if end > anchor
        )
        assert problem.sessions == overlapping
    else:
        assert problems_of(schedule, "anchor-passed") == []
    outside = problems_of(schedule, "anchor-outside-day")
    assert outside == ([] if _inside(anchor, hours) else [(index, anchor)])


# Two anchors: the first moves back in time, so the session before it (not the one right before the
# second anchor) is the one that runs past the second anchor.
@FAST
@given(hours=day_hours(), specs=st.lists(session_specs(anchored=True), max_size=6))
@example(
    hours=(540, 1020),
    specs=[
        Spec({"title": "Long", "minutes": 240}, 240, "work"),  # 09:00-13:00
        Spec({"title": "Fixed", "minutes": 30, "at": "10:00"}, 30, "work"),  # 10:00-10:30
        Spec({"title": "Lunch", "minutes": 60, "at": "11:00", "kind": "lunch"}, 60, "lunch"),
    ],
)
def test_anchor_passed_by_any_earlier_session(hours: tuple[int, int], specs: list[Spec]) -> None:
    """Every anchor inside the day that an earlier session runs past is reported, by that much."""
    schedule = schedule_of(make_day(hours, specs))
    times = expected_times(hours[0], specs)
    expected = []
    for index, spec in enumerate(specs):
        if spec.anchor is None or not _inside(spec.anchor, hours):
            continue
        runs_until = max((end for _, end in times[:index]), default=hours[0])
        if runs_until > spec.anchor:
            expected.append((index, runs_until - spec.anchor))
    assert problems_of(schedule, "anchor-passed") == expected


@FAST
@given(hours=day_hours(), specs=st.lists(session_specs(anchored=True), max_size=8))
def test_overrun_exactly_when_a_session_ends_after_the_day(
    hours: tuple[int, int], specs: list[Spec]
) -> None:
    schedule = schedule_of(make_day(hours, specs))
    times = expected_times(hours[0], specs)
    finishes = max((end for _, end in times), default=hours[0])
    if finishes > hours[1]:
        first_past = next(i for i, (_, end) in enumerate(times) if end > hours[1])
        assert problems_of(schedule, "overrun") == [(first_past, finishes - hours[1])]
    else:
        assert problems_of(schedule, "overrun") == []
    assert schedule.days[0].finishes == finishes


@FAST
@given(
    start=st.integers(1, LAST_MINUTE),
    data=st.data(),
    specs=st.lists(session_specs(), min_size=1, max_size=4),
)
def test_a_day_that_ends_before_it_starts_is_no_overrun(
    start: int, data: st.DataObject, specs: list[Spec]
) -> None:
    end = data.draw(st.integers(0, start))
    schedule = schedule_of(make_day((start, end), specs))
    assert problems_of(schedule, "ends-early") == [(None, start - end)]
    assert problems_of(schedule, "overrun") == []


@FAST
@given(hours=day_hours(), titles=st.lists(st.sampled_from(["A", "B"]), min_size=1, max_size=4))
def test_a_session_without_a_duration_takes_no_time_and_is_reported(
    hours: tuple[int, int], titles: list[str]
) -> None:
    day = make_day(hours, [Spec({"title": title}, 0, "work") for title in titles])
    schedule = schedule_of(day)
    assert [(t.start, t.end) for t in schedule.days[0].sessions] == [(hours[0], hours[0])] * len(
        titles
    )
    assert [p.session for p in schedule.problems if p.kind == "no-duration"] == list(
        range(len(titles))
    )


# --- totals -------------------------------------------------------------------------------------


@FAST
@given(
    days=st.lists(
        st.tuples(day_hours(), st.lists(session_specs(anchored=True), max_size=6)),
        min_size=1,
        max_size=3,
    )
)
def test_totals_are_the_sum_of_the_session_minutes(
    days: list[tuple[tuple[int, int], list[Spec]]],
) -> None:
    schedule = build_schedule([make_day(h, specs) for h, specs in days], start=START)
    for timed_day, (_, specs) in zip(schedule.days, days, strict=True):
        totals = timed_day.totals
        assert totals.total == totals.work + totals.rest + totals.free
        assert totals.total == sum(spec.minutes for spec in specs)
        rest = REST_KINDS - FREE_KINDS
        assert totals.rest == sum(spec.minutes for spec in specs if spec.kind in rest)
        assert totals.free == sum(spec.minutes for spec in specs if spec.kind in FREE_KINDS)
        assert sum(totals.by_kind.values()) == totals.total
        assert [t.kind for t in timed_day.sessions] == [spec.kind for spec in specs]
    assert schedule.totals.total == sum(spec.minutes for _, specs in days for spec in specs)
    assert schedule.totals.work == sum(day.totals.work for day in schedule.days)


# --- parallel groups ----------------------------------------------------------------------------

GROUP_DATA = st.lists(
    st.fixed_dictionaries(
        {"name": st.sampled_from(["Serbia", "Group A", "Group B"])},
        optional={"room": st.sampled_from(["Room 1", "Room 2"]), "facilitator": st.just("ek")},
    ),
    min_size=1,
    max_size=4,
)
COUNTRIES = (Group(name="Serbia"), Group(name="Albania"), Group(name="Kosovo*"))


@FAST
@given(
    hours=day_hours(),
    specs=st.lists(session_specs(anchored=True), max_size=6),
    choices=st.lists(st.none() | st.just("by-country") | GROUP_DATA, min_size=6, max_size=6),
    countries=st.sampled_from([(), COUNTRIES[:1], COUNTRIES]),
)
def test_parallel_groups_share_their_slot_and_change_no_time(
    hours: tuple[int, int],
    specs: list[Spec],
    choices: list[Any],
    countries: tuple[Group, ...],
) -> None:
    grouped = [
        Spec(spec.data if choice is None else {**spec.data, "groups": choice}, spec.minutes, "")
        for spec, choice in zip(specs, choices, strict=False)
    ]
    plain = schedule_of(make_day(hours, specs), countries=countries)
    with_groups = schedule_of(make_day(hours, grouped), countries=countries)
    assert [(t.start, t.end) for t in with_groups.days[0].sessions] == [
        (t.start, t.end) for t in plain.days[0].sessions
    ]
    assert with_groups.problems == plain.problems
    assert with_groups.days[0].totals == plain.days[0].totals
    for timed, choice in zip(with_groups.days[0].sessions, choices, strict=False):
        if choice is None:
            assert timed.groups == ()
        elif choice == "by-country":
            assert timed.groups == countries
        else:
            assert timed.groups == tuple(Group.model_validate(group) for group in choice)


# --- dates --------------------------------------------------------------------------------------


@FAST
@given(
    start=st.dates(dt.date(2000, 1, 1), dt.date(2090, 12, 31)),
    own_dates=st.lists(
        st.none() | st.dates(dt.date(2000, 1, 1), dt.date(2090, 12, 31)), max_size=6
    ),
)
def test_day_dates_follow_the_start_unless_a_day_has_its_own(
    start: dt.date, own_dates: list[dt.date | None]
) -> None:
    one = [Spec({"title": "A", "minutes": 30}, 30, "work")]
    days = [make_day((540, 1020), one, date=date) for date in own_dates]
    schedule = build_schedule(days, start=start)
    expected: list[dt.date] = []
    for index, own in enumerate(own_dates):
        if own is not None:
            expected.append(own)
        elif index == 0:
            expected.append(start)
        else:
            expected.append(expected[-1] + dt.timedelta(days=1))
    assert [day.date for day in schedule.days] == expected
    assert schedule.first_date == (expected[0] if expected else None)
    assert schedule.last_date == (expected[-1] if expected else None)


# --- clock and duration text --------------------------------------------------------------------

CLOCK_TIME = TypeAdapter(ClockTime)


@settings(max_examples=200, deadline=None, database=None, derandomize=True)
@given(minute=st.integers(0, LAST_MINUTE))
def test_clock_parses_back_as_a_clock_time(minute: int) -> None:
    text = format_clock(minute)
    assert re.fullmatch(r"\d{2}:\d{2}", text)
    assert to_minutes(CLOCK_TIME.validate_python(text)) == minute
    assert format_clock(to_minutes(CLOCK_TIME.validate_python(text))) == text


@FAST
@given(minute=st.integers(0, 10 * 24 * 60))
def test_clock_keeps_counting_past_midnight(minute: int) -> None:
    hours, minutes = format_clock(minute).split(":")
    assert int(hours) * 60 + int(minutes) == minute
    assert 0 <= int(minutes) < 60


_DURATION = re.compile(r"(?:(\d+) h)?(?: ?(\d+) min)?")


def parse_duration(text: str) -> int:
    match = _DURATION.fullmatch(text)
    assert text
    assert match is not None, text
    hours, minutes = match.groups()
    return int(hours or 0) * 60 + int(minutes or 0)


@settings(max_examples=200, deadline=None, database=None, derandomize=True)
@given(minutes=st.integers(0, 10 * 24 * 60))
def test_duration_text_parses_back(minutes: int) -> None:
    text = format_duration(minutes)
    assert parse_duration(text) == minutes
    if minutes < 60:
        assert text == f"{minutes} min"
    elif minutes % 60 == 0:
        assert text == f"{minutes // 60} h"
    else:
        assert re.fullmatch(r"\d+ h \d{2} min", text)
