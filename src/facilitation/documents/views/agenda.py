"""View data of the agenda and the run sheet: the timed days, session by session."""

from __future__ import annotations

from collections import Counter
from typing import Any

from facilitation.catalogue.labels import find_kind_label
from facilitation.catalogue.methodology import Method, load_methodology
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
    describe_workshop,
)


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
    }


def _session_row(ctx: ViewContext, timed: TimedSession) -> dict[str, Any]:
    session = timed.session
    kinds = ctx.labels["kinds"]
    return {
        "time": ctx.dates.span(timed.start, timed.end),
        "start": ctx.dates.clock(timed.start),
        "end": ctx.dates.clock(timed.end),
        "minutes": timed.minutes,
        "duration": ctx.dates.duration(timed.minutes),
        "title": _title(session.title, timed.kind, kinds),
        "kind": timed.kind,
        "kind_label": kinds[timed.kind],
        "is_rest": timed.is_rest,
        "objective": session.objective or "",
        "outputs": list(session.outputs),
        "room": session.room or "",
        "shade": REST_SHADE if timed.is_rest else PLAIN_SHADE,
    }


def _title(title: str | None, kind: str, kinds: dict[str, str]) -> str:
    """A session's title; one that is the English name of a kind ("Lunch") gets its label."""
    if not title:
        return kinds[kind]
    labelled = find_kind_label(title)
    return kinds[labelled] if labelled else title


def make_agenda_view(ctx: ViewContext) -> dict[str, Any]:
    """The participants' agenda: nothing that is for facilitators only."""
    view = describe_workshop(ctx, "agenda")
    view["days"] = [
        {**describe_day(ctx, day), "sessions": [_session_row(ctx, timed) for timed in day.sessions]}
        for day in ctx.schedule.days
    ]
    return add_footnotes(view, ctx)


def _names(ctx: ViewContext, ids: list[str]) -> str:
    return ", ".join(ctx.workshop.programme.member_name(team_id) for team_id in ids)


def make_run_sheet_view(ctx: ViewContext) -> dict[str, Any]:
    """The team's run sheet: the agenda plus method, groups, people, notes and totals."""
    labels, lang = ctx.labels, ctx.workshop.language
    view = describe_workshop(ctx, "run_sheet")
    days = []
    for day in ctx.schedule.days:
        rows = []
        for timed in day.sessions:
            session, method = timed.session, timed.method
            row = _session_row(ctx, timed)
            row.update(
                {
                    **_method(lang, timed),
                    "format": labels["formats"][timed.format] if timed.format else "",
                    "groups": [
                        {
                            "name": group.name or group.topic or "",
                            "topic": group.topic if group.name else "",
                            "room": group.room or "",
                            "facilitator": ctx.workshop.programme.member_name(group.facilitator),
                            "note_taker": ctx.workshop.programme.member_name(group.note_taker),
                        }
                        for group in timed.groups
                    ],
                    "materials": ", ".join(
                        session.materials
                        or (method_list(lang, method, "materials") if method else [])
                    ),
                    "lead": ctx.workshop.programme.member_name(session.lead),
                    "co_facilitators": _names(ctx, session.co_facilitators),
                    "note_taker": ctx.workshop.programme.member_name(session.note_taker),
                    "phase": labels["dcm_phases"][timed.dcm_phase]
                    if timed.dcm_phase and not timed.is_rest
                    else "",
                    "compass": ", ".join(labels["compass"][d] for d in timed.compass)
                    if not timed.is_rest
                    else "",
                    "notes": session.notes or "",
                }
            )
            rows.append(row)
        days.append(
            {
                **describe_day(ctx, day),
                "sessions": rows,
                "totals": _totals(ctx, day.totals.work, day.totals.rest, day.totals.by_dimension),
            }
        )
    view["days"] = days
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
    return add_footnotes(view, ctx)


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
        return {"method": timed.session.method or "", "method_configuration": "", "steps": []}
    return {
        "method": method_text(language, method, "name"),
        "method_configuration": method_text(language, method, "configuration"),
        "steps": [] if timed.is_rest else method_list(language, method, "steps"),
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
