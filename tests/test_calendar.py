"""The agenda as an iCalendar file: events, time zones and text, read back with icalendar."""

from __future__ import annotations

import datetime as dt
import json
import zoneinfo
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import icalendar
import pytest

from conftest import EXAMPLE
from facilitation.catalogue.labels import load_labels
from facilitation.checking.analyse import Analysis
from facilitation.checking.scheduling import Schedule, schedule_workshop
from facilitation.documents.build import BuildResult, build
from facilitation.documents.calendar import render_ics
from facilitation.model.loaded import Workshop
from facilitation.reading.loader import Loader

NOW = dt.datetime(2026, 1, 15, 8, 30, 12, 345678, tzinfo=dt.UTC)

Row = tuple[str, dt.datetime, dt.datetime, str | None]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[BuildResult, Path]:
    out = tmp_path_factory.mktemp("out")
    result = build([EXAMPLE], out)
    assert not result.failed, result.problems
    return result, out


def scheduled(result: BuildResult) -> list[Analysis]:
    """The example's workshops that have a schedule, hence a calendar."""
    return [a for a in result.report.analyses if a.workshop is not None and a.schedule is not None]


def expected_rows(workshop: Workshop, schedule: Schedule) -> list[Row]:
    """(summary, start, end, location) of every session, straight from the schedule."""
    zone = zoneinfo.ZoneInfo(workshop.timezone) if workshop.timezone else None
    info = workshop.info
    kinds = load_labels(workshop.language)["kinds"]
    rows: list[Row] = []
    for day in schedule.days:
        midnight = dt.datetime.combine(day.date, dt.time(), tzinfo=zone)
        venue = workshop.days[day.index].venue or info.venue
        for timed in day.sessions:
            place = ", ".join(part for part in (timed.session.room, venue, info.city) if part)
            rows.append(
                (
                    f"{timed.session.title or kinds[timed.kind]} · {info.title}",
                    midnight + dt.timedelta(minutes=timed.start),
                    midnight + dt.timedelta(minutes=timed.end),
                    place or None,
                )
            )
    return rows


def parsed_rows(calendar: icalendar.Calendar) -> list[Row]:
    rows: list[Row] = []
    for event in calendar.walk("VEVENT"):
        location = event.get("LOCATION")
        rows.append(
            (
                str(event["SUMMARY"]),
                event["DTSTART"].dt,
                event["DTEND"].dt,
                None if location is None else str(location),
            )
        )
    return rows


def wall_clock(rows: list[Row]) -> list[tuple[str, str, str, str | None]]:
    """The rows with local wall-clock times and offsets, so a shifted zone cannot compare equal."""
    return [(s, a.isoformat(), b.isoformat(), where) for s, a, b, where in rows]


def test_example_events_match_the_schedule(built: tuple[BuildResult, Path]) -> None:
    result, out = built
    analyses = scheduled(result)
    assert analyses
    for analysis in analyses:
        assert analysis.workshop is not None
        assert analysis.schedule is not None
        workshop = analysis.workshop
        calendar = icalendar.Calendar.from_ical(
            (out / workshop.info.id / "agenda.ics").read_bytes()
        )
        expected = expected_rows(workshop, analysis.schedule)
        found = parsed_rows(calendar)
        assert len(found) == len(analysis.schedule.sessions())
        assert wall_clock(found) == wall_clock(expected), analysis.path.name
        assert workshop.timezone is not None
        for event in calendar.walk("VEVENT"):
            assert event["DTSTART"].params["TZID"] == workshop.timezone
            assert event["DTEND"].params["TZID"] == workshop.timezone
            rest = event["CATEGORIES"].cats[0] in ("break", "lunch", "free")
            assert str(event["TRANSP"]) == ("TRANSPARENT" if rest else "OPAQUE")
            assert str(event["CLASS"]) == "PRIVATE"  # restricted: not for a shared calendar
        [timezone] = calendar.walk("VTIMEZONE")
        assert str(timezone["TZID"]) == workshop.timezone
        assert str(calendar["X-WR-TIMEZONE"]) == workshop.timezone


def test_example_calendar_header_and_event_fields(built: tuple[BuildResult, Path]) -> None:
    result, out = built
    for analysis in scheduled(result):
        assert analysis.workshop is not None
        assert analysis.schedule is not None
        info = analysis.workshop.info
        calendar = icalendar.Calendar.from_ical((out / info.id / "agenda.ics").read_bytes())
        assert str(calendar["VERSION"]) == "2.0"
        assert str(calendar["PRODID"]) == "-//facilitation//workshop agenda//EN"
        assert str(calendar["CALSCALE"]) == "GREGORIAN"
        assert str(calendar["METHOD"]) == "PUBLISH"
        assert str(calendar["X-WR-CALNAME"]) == info.title
        events = calendar.walk("VEVENT")
        for event, timed in zip(events, analysis.schedule.sessions(), strict=True):
            session = timed.session
            assert event["CATEGORIES"].cats == [timed.kind]
            description = "\n".join(
                part for part in (session.objective or "", "; ".join(session.outputs)) if part
            )
            assert str(event.get("DESCRIPTION", "")) == description
            assert str(event["UID"]).endswith(f"@{info.id}.facilitation")


def test_uids_are_stable_and_stamps_follow_now(built: tuple[BuildResult, Path]) -> None:
    result, _ = built
    analysis = scheduled(result)[0]
    assert analysis.workshop is not None
    assert analysis.schedule is not None
    later = NOW + dt.timedelta(days=3)
    first = icalendar.Calendar.from_ical(render_ics(analysis.workshop, analysis.schedule, now=NOW))
    second = icalendar.Calendar.from_ical(
        render_ics(analysis.workshop, analysis.schedule, now=later)
    )
    uids = [str(event["UID"]) for event in first.walk("VEVENT")]
    assert len(set(uids)) == len(uids)
    assert uids == [str(event["UID"]) for event in second.walk("VEVENT")]
    assert {event["DTSTAMP"].dt for event in first.walk("VEVENT")} == {NOW.replace(microsecond=0)}
    assert {event["DTSTAMP"].dt for event in second.walk("VEVENT")} == {
        later.replace(microsecond=0)
    }


HEAD = """\
programme:
  name: P
  team: [{id: ek, name: Elena}]
workshop:
  id: w
  title: W
  start: START
TIMEZONE
days:
"""

DAY = """\
  - start: 9:00
    end: 12:00
    sessions:
      - {title: Morning, minutes: 60, room: Hall}
"""


def inline(
    write: Callable[..., Path], text: str, *, start: str, timezone: str | None
) -> tuple[Workshop, Schedule]:
    head = HEAD.replace("START", start).replace(
        "TIMEZONE\n", f"  timezone: {timezone}\n" if timezone else ""
    )
    path = write("w.yaml", head + text)
    loaded = Loader().load_workshop(path)
    assert loaded.workshop is not None, loaded.diagnostics
    return loaded.workshop, schedule_workshop(loaded.workshop)


def onsets(timezone: icalendar.Timezone) -> list[tuple[dt.datetime, dt.timedelta, dt.timedelta]]:
    """(UTC instant, offset before, offset after) of every observance, read as RFC 5545 says."""
    found = []
    for observance in [*timezone.standard, *timezone.daylight]:
        before, after = observance.TZOFFSETFROM, observance.TZOFFSETTO
        for local in [observance.DTSTART, *(start for start, _ in observance.rdates)]:
            found.append(((local - before).replace(tzinfo=dt.UTC), before, after))
    return sorted(found)


@pytest.mark.parametrize(
    ("start", "sunday", "before", "after"),
    [
        ("2026-03-27", dt.date(2026, 3, 29), 1, 2),
        ("2026-10-23", dt.date(2026, 10, 25), 2, 1),
    ],
    ids=["march", "october"],
)
def test_vtimezone_has_the_dst_change_the_workshop_spans(
    write: Callable[..., Path], start: str, sunday: dt.date, before: int, after: int
) -> None:
    workshop, schedule = inline(write, DAY * 4, start=start, timezone="Europe/Belgrade")
    assert schedule.days[0].date < sunday < schedule.days[-1].date
    calendar = icalendar.Calendar.from_ical(render_ics(workshop, schedule, now=NOW))
    [timezone] = calendar.walk("VTIMEZONE")
    assert str(timezone["TZID"]) == "Europe/Belgrade"
    changes = [(instant, old, new) for instant, old, new in onsets(timezone) if old != new]
    # EU rule: clocks change at 01:00 UTC on the last Sunday of March and of October.
    instant = dt.datetime.combine(sunday, dt.time(1), tzinfo=dt.UTC)
    hours = dt.timedelta(hours=1)
    assert (instant, before * hours, after * hours) in changes
    zone = zoneinfo.ZoneInfo("Europe/Belgrade")
    for moment, old, new in changes:
        assert (moment - dt.timedelta(seconds=1)).astimezone(zone).utcoffset() == old
        assert moment.astimezone(zone).utcoffset() == new
    offsets = [event["DTSTART"].dt.utcoffset() for event in calendar.walk("VEVENT")]
    assert offsets == [before * hours] * 2 + [after * hours] * 2
    kinds = {observance.name for observance in timezone.subcomponents}
    assert kinds == {"STANDARD", "DAYLIGHT"}


def test_without_a_time_zone_times_float(write: Callable[..., Path]) -> None:
    workshop, schedule = inline(write, DAY * 2, start="2026-03-28", timezone=None)
    assert workshop.timezone is None
    data = render_ics(workshop, schedule, now=NOW)
    calendar = icalendar.Calendar.from_ical(data)
    assert calendar.walk("VTIMEZONE") == []
    assert "X-WR-TIMEZONE" not in calendar
    assert b"TZID" not in data
    events = calendar.walk("VEVENT")
    assert [(e["DTSTART"].dt, e["DTEND"].dt) for e in events] == [
        (dt.datetime(2026, 3, 28, 9), dt.datetime(2026, 3, 28, 10)),
        (dt.datetime(2026, 3, 29, 9), dt.datetime(2026, 3, 29, 10)),
    ]
    assert wall_clock(parsed_rows(calendar)) == wall_clock(expected_rows(workshop, schedule))


TRICKY_TITLE = "Отварање, добродошлица; увод 🎉 — Shqipëri, Çela; \\ backslash"
TRICKY_OBJECTIVE = "Прво: упознавање, очекивања; правила.\nДруго: мапа актера, 🤝 ćšđžč"
TRICKY_OUTPUTS = ["Листа очекивања, на картицама", "Правила; потписана"]
TRICKY_ROOM = "Сала 1, приземље; лево"


def test_text_with_separators_cyrillic_and_emoji_round_trips(write: Callable[..., Path]) -> None:
    session = {
        "title": TRICKY_TITLE,
        "minutes": 60,
        "room": TRICKY_ROOM,
        "objective": TRICKY_OBJECTIVE,
        "outputs": TRICKY_OUTPUTS,
    }
    # NOTE: JSON is YAML, and its escapes carry the newline and the backslash.
    days = f"  - start: 9:00\n    end: 12:00\n    sessions: [{json.dumps(session, ensure_ascii=False)}]\n"
    workshop, schedule = inline(write, days, start="2026-03-02", timezone="Europe/Belgrade")
    assert schedule.sessions()[0].session.title == TRICKY_TITLE
    data = render_ics(workshop, schedule, now=NOW)
    for line in data.split(b"\r\n"):
        assert len(line) <= 75
        line.decode("utf-8")  # folding never splits a character
    assert data.endswith(b"END:VCALENDAR\r\n")
    [event] = icalendar.Calendar.from_ical(data).walk("VEVENT")
    assert str(event["SUMMARY"]) == f"{TRICKY_TITLE} · {workshop.info.title}"
    assert str(event["DESCRIPTION"]) == TRICKY_OBJECTIVE + "\n" + "; ".join(TRICKY_OUTPUTS)
    assert str(event["LOCATION"]).startswith(TRICKY_ROOM)


def test_breaks_can_stay_out_of_the_calendar(write: Callable[..., Path]) -> None:
    days = (
        "  - start: 9:00\n    end: 12:00\n    sessions:\n"
        "      - {title: Work, minutes: 60}\n      - {break: Coffee, minutes: 30}\n"
        "      - {title: More work, minutes: 60}\n"
    )
    workshop, schedule = inline(write, days, start="2026-03-02", timezone="Europe/Belgrade")
    events = icalendar.Calendar.from_ical(render_ics(workshop, schedule, now=NOW)).walk("VEVENT")
    assert [str(event["TRANSP"]) for event in events] == ["OPAQUE", "TRANSPARENT", "OPAQUE"]
    quiet = workshop.spec.workshop.model_copy(update={"calendar_breaks": False})
    workshop = replace(workshop, spec=workshop.spec.model_copy(update={"workshop": quiet}))
    events = icalendar.Calendar.from_ical(render_ics(workshop, schedule, now=NOW)).walk("VEVENT")
    assert [str(event["SUMMARY"]).split(" · ")[0] for event in events] == ["Work", "More work"]
