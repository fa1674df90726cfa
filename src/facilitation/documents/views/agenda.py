"""View data of the agenda and the run sheet: the timed days, session by session."""

from __future__ import annotations

from collections import Counter
from typing import Any

from facilitation.catalogue.labels import find_kind_label
from facilitation.catalogue.methodology import OFF_SITE_KINDS, Method, load_methodology
from facilitation.catalogue.translations import translate
from facilitation.checking.scheduling import (
    TimedDay,
    TimedSession,
)
from facilitation.documents.language import LocalDate
from facilitation.documents.views.base import (
    PLAIN_SHADE,
    REST_SHADE,
    ViewContext,
    add_footnotes,
    describe_contact,
    describe_workshop,
    group_name,
)
from facilitation.documents.views.steps import describe_steps
from facilitation.documents.views.timeline import describe_timeline, describe_week


def describe_day(ctx: ViewContext, day: TimedDay) -> dict[str, Any]:
    """What heads a day in every document: its number, date, theme and hours."""
    spec = ctx.workshop.days[day.index]
    return {
        "number": day.index + 1,
        "label": str(ctx.labels["day"]["label"]).format(n=day.index + 1),
        "date": LocalDate(day.date, ctx.workshop.language),
        "theme": spec.theme or "",
        "objective": spec.objective or "",
        "venue": spec.venue or "",
        "hours": ctx.dates.span(day.start, day.end),
        "online": ctx.workshop.is_online(day.index),
    }


def _zones(ctx: ViewContext) -> tuple[str | None, str | None]:
    """The event's zone, when times carry it, and the second zone times are also given in."""
    workshop, info = ctx.workshop, ctx.workshop.info
    zone = workshop.timezone
    if zone is None:
        return None, None
    elsewhere = any(other != zone for other in info.participant_timezones)
    shown = info.mode != "in-person" or elsewhere or info.second_timezone is not None
    return (zone if shown else None), info.second_timezone


def _times(ctx: ViewContext, day: TimedDay, start: int, end: int) -> tuple[str, str]:
    """A span of the agenda with its zone where times carry one, and in the second zone."""
    zone, second = _zones(ctx)
    span = ctx.dates.span(start, end)
    if zone is None:
        return span, ""
    dates = ctx.dates
    here = f"{span} {dates.zone(zone, day.date)}"
    if second is None:
        return here, ""
    moved = (dates.moved(day.date, minute, zone, second) for minute in (start, end))
    there = dates.span(*moved)
    return here, f"{there} {dates.zone(second, day.date)}"


def _session_row(ctx: ViewContext, timed: TimedSession, day: TimedDay) -> dict[str, Any]:
    session = timed.session
    kinds = ctx.labels["kinds"]
    time, time_second = _times(ctx, day, timed.start, timed.end)
    return {
        "time": time,
        "time_second": time_second,
        "start": ctx.dates.clock(timed.start),
        "end": ctx.dates.clock(timed.end),
        "minutes": timed.minutes,
        "duration": ctx.dates.duration(timed.minutes),
        "title": session_title(session.title, timed.kind, kinds),
        "kind": timed.kind,
        "kind_label": kinds[timed.kind],
        "is_rest": timed.is_rest,
        "objective": session.objective or "",
        "outputs": list(session.outputs),
        "room": session.room or "",
        "shade": REST_SHADE if timed.is_rest else PLAIN_SHADE,
        **_people_and_places(ctx, timed),
    }


def _people_and_places(ctx: ViewContext, timed: TimedSession) -> dict[str, Any]:
    """Who speaks, where it is (rooms of parallel groups, a place off site), how to get there."""
    session, words = timed.session, ctx.labels["agenda"]
    rooms = [
        str(words["group_room"]).format(group=group_name(ctx, group), room=group.room)
        for group in timed.groups
        if group.room and (group.name or group.topic)
    ]
    return {
        "speakers": list(session.speakers),
        "moderator": session.moderator or "",
        "location": session.location or "",
        "travel": travel_text(ctx, timed),
        "group_rooms": rooms,
        "off_site": timed.kind in OFF_SITE_KINDS,
    }


def travel_text(ctx: ViewContext, timed: TimedSession) -> str:
    """``Travel: 30 min`` for a session off site that says how long the way takes, or nothing."""
    travel = timed.session.travel
    if not travel:
        return ""
    return str(ctx.labels["agenda"]["travel"]).format(duration=ctx.dates.duration(travel))


def registration_span(ctx: ViewContext, day: TimedDay) -> tuple[int, int] | None:
    """Minutes from midnight when registration opens and when the first session starts."""
    opens = ctx.workshop.days[day.index].registration
    if opens is None:
        return None
    start = opens.hour * 60 + opens.minute
    return start, min((timed.start for timed in day.sessions), default=day.start)


def _registration(ctx: ViewContext, day: TimedDay) -> list[dict[str, Any]]:
    """A row for registration before the first session, when the day says when it opens."""
    span = registration_span(ctx, day)
    if span is None:
        return []
    start, end = span
    time, time_second = _times(ctx, day, start, max(start, end))
    title = str(ctx.labels["agenda"]["registration"])
    return [
        {
            "time": time,
            "time_second": time_second,
            "start": ctx.dates.clock(start),
            "end": ctx.dates.clock(end),
            "minutes": max(0, end - start),
            "duration": ctx.dates.duration(max(0, end - start)),
            "title": title,
            "kind": "registration",
            "kind_label": title,
            "is_rest": True,
            "objective": "",
            "outputs": [],
            "room": "",
            "shade": REST_SHADE,
            "speakers": [],
            "moderator": "",
            "location": "",
            "travel": "",
            "group_rooms": [],
            "off_site": False,
        }
    ]


def describe_practicalities(ctx: ViewContext, *, team: bool = False) -> list[dict[str, str]]:
    """The agenda's practical information: venue, online link, languages, times, contact."""
    workshop, info, words = ctx.workshop, ctx.workshop.info, ctx.labels["agenda"]
    rows: list[tuple[str, str]] = []
    if info.mode != "online":
        rows.append((words["venue"], venue_place(ctx)))
    if info.meeting_link and (team or info.share_meeting_link):
        rows.append((words["online"], info.meeting_link))
    rows.append((words["languages"], working_languages(ctx)))
    rows.append((words["times"], times_note(ctx)))
    view_contact = describe_contact(workshop.programme, info.contact, shared=ctx.shared)
    if view_contact:
        rows.append((words["contact"], view_contact))
    return [{"label": str(label), "value": value} for label, value in rows if value]


def venue_place(ctx: ViewContext) -> str:
    """The venue, its address and its town, each once."""
    info = ctx.workshop.info
    # NOTE: an address usually ends with its town ("71000 Sarajevo"): the city once.
    city = info.city if info.city and info.city not in (info.address or "") else None
    return ", ".join(part for part in (info.venue, info.address, city) if part)


def working_languages(ctx: ViewContext) -> str:
    """``English, Bosnian and Albanian, with simultaneous interpretation``, or nothing."""
    info, dates = ctx.workshop.info, ctx.dates
    if not info.working_languages:
        return ""
    names = dates.join([dates.language_name(tag) for tag in info.working_languages])
    if info.interpretation and info.interpretation != "none":
        words = ctx.labels["agenda"]["interpretation"]
        names = str(words[info.interpretation]).format(languages=names)
    return names


def times_note(ctx: ViewContext, *, always: bool = False) -> str:
    """The zone the times are in, and when the first day starts where participants are; or nothing.

    Nothing for a workshop in one place whose times need no zone (see :func:`_zones`), unless
    ``always`` (a web page is read wherever its reader is).
    """
    zone, second = _zones(ctx)
    if always and zone is None:
        zone = ctx.workshop.timezone
    if zone is None or not ctx.schedule.days:
        return ""
    words, dates = ctx.labels["agenda"], ctx.dates
    first = ctx.schedule.days[0]
    start = min((timed.start for timed in first.sessions), default=first.start)
    text = str(words["times_in"]).format(
        zone=dates.zone_long(zone, first.date), short=dates.zone(zone, first.date)
    )
    others = [
        other
        for other in dict.fromkeys([*ctx.workshop.info.participant_timezones, *(second or "",)])
        if other and other != zone
    ]
    if others:
        elsewhere = dates.join(
            [
                str(words["time_there"]).format(
                    time=dates.clock(dates.moved(first.date, start, zone, other)),
                    city=dates.zone_city(other),
                    zone=dates.zone(other, first.date),
                )
                for other in others
            ]
        )
        text += " " + str(words["start_elsewhere"]).format(
            time=dates.clock(start), zone=dates.zone(zone, first.date), elsewhere=elsewhere
        )
    return text


def session_title(title: str | None, kind: str, kinds: dict[str, str]) -> str:
    """A session's title; one that is the English name of a kind ("Lunch") gets its label."""
    if not title:
        return kinds[kind]
    labelled = find_kind_label(title)
    return kinds[labelled] if labelled else title


def make_agenda_view(ctx: ViewContext) -> dict[str, Any]:
    """The participants' agenda: nothing that is for facilitators only."""
    view = describe_workshop(ctx, "agenda")
    view["practical"] = [
        *describe_practicalities(ctx),
        {"label": str(ctx.labels["agenda"]["distribution"]), "value": view["document"]["marking"]},
    ]
    view["days"] = [_agenda_day(ctx, day) for day in ctx.schedule.days]
    view["week"] = describe_week(ctx)
    return add_footnotes(view, ctx)


def _agenda_day(ctx: ViewContext, day: TimedDay) -> dict[str, Any]:
    """A day of the agenda; the room most of its sessions are in is named once, above them."""
    rows = [_session_row(ctx, timed, day) for timed in day.sessions]
    rooms = Counter(row["room"] for row in rows if row["room"] and not row["is_rest"])
    usual = ""
    if rooms:
        room, count = rooms.most_common(1)[0]
        if count * 2 > sum(1 for row in rows if not row["is_rest"]):
            usual = room
    for row in rows:
        if row["room"] == usual:
            row["room"] = ""
    return {**describe_day(ctx, day), "room": usual, "sessions": [*_registration(ctx, day), *rows]}


def _names(ctx: ViewContext, ids: list[str]) -> str:
    return ", ".join(ctx.workshop.programme.member_name(team_id) for team_id in ids)


def make_run_sheet_view(ctx: ViewContext) -> dict[str, Any]:
    """The team's run sheet: the agenda plus method, groups, people, notes and totals."""
    labels = ctx.labels
    view = describe_workshop(ctx, "run_sheet")
    view["practical"] = describe_practicalities(ctx, team=True)
    view["days"] = [
        {
            **describe_day(ctx, day),
            "sessions": [
                *(_run_sheet_registration(row) for row in _registration(ctx, day)),
                *(_run_sheet_row(ctx, day, timed) for timed in day.sessions),
            ],
            "totals": _totals(ctx, day.totals.work, day.totals.rest, day.totals.by_dimension),
        }
        for day in ctx.schedule.days
    ]
    totals = ctx.schedule.totals
    view["totals"] = _totals(ctx, totals.work, totals.rest, totals.by_dimension)
    view["totals"]["phases"] = [
        {
            "name": labels["dcm_phases"][phase.id],
            "time": ctx.dates.duration(totals.by_phase[phase.id]),
        }
        for phase in load_methodology().phases
        if totals.by_phase[phase.id]
    ]
    view["timeline"] = describe_timeline(ctx)
    return add_footnotes(view, ctx)


def _run_sheet_registration(row: dict[str, Any]) -> dict[str, Any]:
    """Registration in the run sheet: the agenda's row, with nothing to run but the desk."""
    empty = ("method", "method_configuration", "steps_note", "format", "materials", "lead")
    more = ("co_facilitators", "note_taker", "phase", "compass", "notes")
    return {**row, **dict.fromkeys(empty + more, ""), "steps": [], "groups": []}


def _run_sheet_row(ctx: ViewContext, day: TimedDay, timed: TimedSession) -> dict[str, Any]:
    """A session as the team runs it: the agenda's row with method, groups, people and notes."""
    labels, lang, programme = ctx.labels, ctx.workshop.language, ctx.workshop.programme
    session, method = timed.session, timed.method
    # An online session needs no flip charts: only the materials the facilitator wrote.
    materials = session.materials or (
        method_list(lang, method, "materials")
        if method and not ctx.workshop.is_online(day.index)
        else []
    )
    return {
        **_session_row(ctx, timed, day),
        **_method(lang, timed),
        "format": labels["formats"][timed.format] if timed.format else "",
        "groups": [
            {
                "name": group_name(ctx, group),
                "topic": group.topic if group.name else "",
                "room": group.room or "",
                "facilitator": programme.member_name(group.facilitator),
                "note_taker": programme.member_name(group.note_taker),
            }
            for group in timed.groups
        ],
        "materials": ", ".join(materials),
        "lead": programme.member_name(session.lead),
        "co_facilitators": _names(ctx, session.co_facilitators),
        "note_taker": programme.member_name(session.note_taker),
        "phase": labels["dcm_phases"][timed.dcm_phase]
        if timed.dcm_phase and not timed.is_rest
        else "",
        "compass": ", ".join(labels["compass"][d] for d in timed.compass)
        if not timed.is_rest
        else "",
        "notes": session.notes or "",
    }


def _totals(ctx: ViewContext, work: int, rest: int, by_dimension: Counter[str]) -> dict[str, Any]:
    return {
        "work": ctx.dates.duration(work),
        "rest": ctx.dates.duration(rest),
        "line": str(ctx.labels["day"]["totals"]).format(
            work=ctx.dates.duration(work), rest=ctx.dates.duration(rest)
        ),
        "compass": [
            {
                "name": ctx.labels["compass"][dimension.id],
                "time": ctx.dates.duration(by_dimension[dimension.id])
                if by_dimension[dimension.id]
                else "—",
            }
            for dimension in load_methodology().dimensions
        ],
    }


def _method(language: str, timed: TimedSession) -> dict[str, Any]:
    """The method of a session, its configuration and steps, in ``language``."""
    method = timed.method
    if method is None:
        return {
            "method": timed.session.method or "",
            "method_configuration": "",
            "steps": [],
            "steps_note": "",
        }
    steps = (
        {"steps": [], "steps_note": ""}
        if timed.is_rest
        else describe_steps(language, method, timed.start, timed.minutes, timed.session.travel)
    )
    return {
        "method": method_text(language, method, "name"),
        "method_configuration": method_text(language, method, "configuration"),
        **steps,
    }


def method_text(language: str, method: Method, field: str) -> str:
    """A method's ``name`` or ``configuration`` from the catalogue, in ``language``."""
    english = str(getattr(method, field) or "")
    return translate(language, f"methods.{method.id}.{field}", english) if english else ""


def method_list(language: str, method: Method, field: str) -> list[str]:
    """A method's ``steps`` or ``materials`` from the catalogue, in ``language``."""
    return [
        translate(language, f"methods.{method.id}.{field}.{index}", " ".join(text.split()))
        for index, text in enumerate(getattr(method, field))
    ]
