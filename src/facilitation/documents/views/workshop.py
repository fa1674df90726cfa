"""View data: plain dictionaries that templates print, built from the timed agenda.

Templates get words and numbers, never models: times are already ``09:00–09:45``, people are
names, labels come from the catalogue. Views for documents that circulate are built from data
without contact details, so a template cannot print what it was never given.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from facilitation.catalogue.labels import DateFormatter, labels_for
from facilitation.catalogue.methodology import methodology
from facilitation.checking.scheduling import Schedule, TimedDay, TimedSession, clock, duration_text
from facilitation.model import Programme
from facilitation.model.loaded import Workshop
from facilitation.model.workshop import Participant

#: Cell shading of breaks and lunch in the agenda tables (hex RGB).
REST_SHADE = "EDF1F7"
#: Cell shading of ordinary rows.
PLAIN_SHADE = "FFFFFF"
#: Height of logos in the title block, in millimetres.
LOGO_HEIGHT_MM = 13.0


@dataclass(frozen=True)
class Image:
    """An image for a Word template; the Word renderer turns it into an inline picture."""

    path: str
    height_mm: float = LOGO_HEIGHT_MM


@dataclass
class ViewContext:
    """What every view needs: the workshop, its schedule, the labels and the date words."""

    workshop: Workshop
    schedule: Schedule
    labels: dict[str, Any]
    dates: DateFormatter
    today: dt.date

    @classmethod
    def of(
        cls, workshop: Workshop, schedule: Schedule, today: dt.date | None = None
    ) -> ViewContext:
        """The context for ``workshop`` in its own language."""
        labels = labels_for(workshop.language)
        return cls(workshop, schedule, labels, DateFormatter(labels), today or dt.date.today())


def branding(
    programme: Programme, labels: dict[str, Any], document: str, level: str, language: str
) -> dict[str, Any]:
    """What every document prints whatever its subject: marking, programme, funders, partners."""
    funders = [
        {
            "name": funder.name,
            "statement": funder.statement or "",
            "emblem": funder.emblem,
            "logo": Image(funder.logo) if funder.logo else None,
        }
        for funder in programme.funders
    ]
    partners = [
        {
            "name": partner.name,
            "short_name": partner.short_name or partner.name,
            "logo": Image(partner.logo, LOGO_HEIGHT_MM * 0.85) if partner.logo else None,
        }
        for partner in programme.partners
    ]
    return {
        "labels": labels,
        "document": {
            "key": document,
            "title": labels["document"][document],
            "level": level,
            "marking": labels["confidentiality"][level],
            "language": language,
            "footnotes": [],
        },
        "programme": {
            "name": programme.name,
            "short_name": programme.short_name or programme.name,
            "reference": programme.reference or "",
            "organiser": programme.organiser or "",
        },
        "funders": funders,
        "partners": partners,
        "funding_line": " · ".join(funder.statement or funder.name for funder in programme.funders),
        "has_logos": any(funder.logo for funder in programme.funders)
        or any(partner.logo for partner in programme.partners),
    }


def subject(
    title: str, dates: str, place: str = "", subtitle: str = "", **more: Any
) -> dict[str, Any]:
    """What the title block, header and footer name: a workshop, an agreement, a synthesis."""
    return {"title": title, "subtitle": subtitle, "dates": dates, "place": place, **more}


def common(ctx: ViewContext, document: str) -> dict[str, Any]:
    """What every workshop document prints: title block, marking, funders, partners."""
    workshop, labels = ctx.workshop, ctx.labels
    info = workshop.info
    first = ctx.schedule.first_date or info.start
    last = info.end or ctx.schedule.last_date or first
    place = ", ".join(
        part
        for part in (
            info.venue,
            info.city,
            ctx.workshop.programme.country_name(info.country) if info.country else None,
        )
        if part
    )
    view = branding(
        workshop.programme, labels, document, workshop.confidentiality, workshop.language
    )
    view["workshop"] = subject(
        info.title,
        ctx.dates.range(first, last),
        place,
        info.subtitle or "",
        id=info.id,
        type=labels["workshop_types"][info.type],
        phase=labels["dcm_phases"][info.dcm_phase] if info.dcm_phase else "",
        objectives=list(info.objectives),
        expected_results=list(info.expected_results),
    )
    return view


def with_footnotes(view: dict[str, Any], ctx: ViewContext | Programme) -> dict[str, Any]:
    """Add the programme's footnotes whose marker appears anywhere in the view's text."""
    programme = ctx if isinstance(ctx, Programme) else ctx.workshop.programme
    texts = list(_strings(view))
    notes = []
    for footnote in programme.footnotes:
        if any(footnote.marker in text for text in texts):
            suffix = re.search(r"[^\w\s]+$", footnote.marker)
            symbol = suffix.group(0) if suffix else footnote.marker
            notes.append({"marker": footnote.marker, "symbol": symbol, "text": footnote.text})
    view["document"]["footnotes"] = notes
    return view


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            if key != "labels":
                yield from _strings(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _strings(item)


# --- agenda and run sheet ---------------------------------------------------------------------


def _day_head(ctx: ViewContext, day: TimedDay) -> dict[str, Any]:
    spec = ctx.workshop.days[day.index]
    return {
        "number": day.index + 1,
        "label": str(ctx.labels["day"]["label"]).format(n=day.index + 1),
        "date": ctx.dates.long(day.date),
        "theme": spec.theme or "",
        "objective": spec.objective or "",
        "venue": spec.venue or "",
        "hours": f"{clock(day.start)}–{clock(day.end)}",
    }


def _session_row(ctx: ViewContext, timed: TimedSession) -> dict[str, Any]:
    session = timed.session
    kinds = ctx.labels["kinds"]
    return {
        "time": f"{clock(timed.start)}–{clock(timed.end)}",
        "start": clock(timed.start),
        "end": clock(timed.end),
        "minutes": timed.minutes,
        "title": session.title or kinds[timed.kind],
        "kind": timed.kind,
        "kind_label": kinds[timed.kind],
        "is_rest": timed.is_rest,
        "objective": session.objective or "",
        "outputs": list(session.outputs),
        "room": session.room or "",
        "shade": REST_SHADE if timed.is_rest else PLAIN_SHADE,
    }


def agenda_view(ctx: ViewContext) -> dict[str, Any]:
    """The participants' agenda: nothing that is for facilitators only."""
    view = common(ctx, "agenda")
    view["days"] = [
        {**_day_head(ctx, day), "sessions": [_session_row(ctx, timed) for timed in day.sessions]}
        for day in ctx.schedule.days
    ]
    return with_footnotes(view, ctx)


def _names(ctx: ViewContext, ids: list[str]) -> str:
    return ", ".join(ctx.workshop.programme.member_name(team_id) for team_id in ids)


def run_sheet_view(ctx: ViewContext) -> dict[str, Any]:
    """The team's run sheet: the agenda plus method, groups, people, notes and totals."""
    labels = ctx.labels
    view = common(ctx, "run_sheet")
    days = []
    for day in ctx.schedule.days:
        rows = []
        for timed in day.sessions:
            session, method = timed.session, timed.method
            row = _session_row(ctx, timed)
            row.update(
                {
                    "method": method.name if method else (session.method or ""),
                    "method_configuration": method.configuration if method else "",
                    "steps": list(method.steps) if method and not timed.is_rest else [],
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
                        session.materials or (method.materials if method else [])
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
                **_day_head(ctx, day),
                "sessions": rows,
                "totals": _totals(ctx, day.totals.work, day.totals.rest, day.totals.by_dimension),
            }
        )
    view["days"] = days
    totals = ctx.schedule.totals
    view["totals"] = _totals(ctx, totals.work, totals.rest, totals.by_dimension)
    view["totals"]["phases"] = [
        {"name": labels["dcm_phases"][phase.id], "time": duration_text(totals.by_phase[phase.id])}
        for phase in methodology().phases
        if totals.by_phase[phase.id]
    ]
    return with_footnotes(view, ctx)


def _totals(ctx: ViewContext, work: int, rest: int, by_dimension: Counter[str]) -> dict[str, Any]:
    return {
        "work": duration_text(work),
        "rest": duration_text(rest),
        "line": str(ctx.labels["day"]["totals"]).format(
            work=duration_text(work), rest=duration_text(rest)
        ),
        "compass": [
            {
                "name": ctx.labels["compass"][dimension.id],
                "time": duration_text(by_dimension[dimension.id])
                if by_dimension[dimension.id]
                else "—",
            }
            for dimension in methodology().dimensions
        ],
    }


# --- participants and sign-in sheets ----------------------------------------------------------


@dataclass(frozen=True)
class _Person:
    participant: Participant
    country: str | None
    institution: str
    institution_type: str


def _people(ctx: ViewContext) -> list[_Person]:
    workshop = ctx.workshop
    programme = workshop.programme
    people = []
    for participant in workshop.participants:
        institution = programme.institution(participant.institution)
        people.append(
            _Person(
                participant=participant,
                country=programme.country_code(participant.country),
                institution=institution.name if institution else (participant.institution or ""),
                institution_type=institution.type if institution else "other",
            )
        )
    order = {country.code: index for index, country in enumerate(workshop.programme.countries)}
    return sorted(
        people,
        key=lambda person: (
            order.get(person.country or "", len(order)),
            person.institution.casefold(),
            _sort_name(person.participant),
        ),
    )


def _sort_name(participant: Participant) -> tuple[str, str]:
    if participant.last_name:
        return participant.last_name.casefold(), (participant.first_name or "").casefold()
    parts = (participant.name or "").split()
    return (parts[-1].casefold() if parts else "", " ".join(parts[:-1]).casefold())


def _contact(participant: Participant, shared: bool) -> dict[str, str]:
    if shared:
        return {}
    if not participant.share_contact:
        return {"email": "", "phone": "", "contact": ""}
    email, phone = participant.email or "", participant.phone or ""
    return {"email": email, "phone": phone, "contact": email or phone}


def participants_view(ctx: ViewContext, *, shared: bool) -> dict[str, Any]:
    """The participant list, grouped by country then institution, with counts."""
    labels = ctx.labels
    key = "participants_shared" if shared else "participants"
    view = common(ctx, key)
    people = _people(ctx)
    groups: list[dict[str, Any]] = []
    for number, person in enumerate(people, start=1):
        country = (
            ctx.workshop.programme.country_name(person.country)
            if person.country
            else labels["participants"]["no_country"]
        )
        if not groups or groups[-1]["country"] != country:
            groups.append({"country": country, "rows": [], "count": 0})
        group = groups[-1]
        rows = group["rows"]
        first_of_institution = (
            not rows or rows[-1]["institution_key"] != person.institution.casefold()
        )
        rows.append(
            {
                "number": number,
                "name": person.participant.full_name,
                "function": person.participant.function or "",
                "institution": person.institution if first_of_institution else "",
                "institution_key": person.institution.casefold(),
                **_contact(person.participant, shared),
            }
        )
        group["count"] += 1
    view["groups"] = groups
    view["show_contacts"] = not shared
    view["counts"] = _counts(ctx, people)
    return with_footnotes(view, ctx)


def participant_counts(ctx: ViewContext) -> dict[str, Any]:
    """Participation by country, institution type, gender and role."""
    return _counts(ctx, _people(ctx))


def _counts(ctx: ViewContext, people: list[_Person]) -> dict[str, Any]:
    labels = ctx.labels
    by_country = Counter(person.country for person in people)
    countries = [
        {"label": country.name, "count": by_country[country.code]}
        for country in ctx.workshop.programme.countries
        if by_country[country.code]
    ]
    if by_country[None]:
        countries.append({"label": labels["participants"]["no_country"], "count": by_country[None]})
    by_type = Counter(person.institution_type for person in people)
    types = [
        {"label": labels["institution_types"][kind], "count": count}
        for kind, count in sorted(by_type.items(), key=lambda item: (-item[1], item[0]))
    ]
    by_gender = Counter(person.participant.gender for person in people if person.participant.gender)
    genders = [
        {"label": labels["genders"][gender], "count": by_gender[gender]}
        for gender in ("female", "male", "diverse", "not-stated")
        if by_gender[gender]
    ]
    return {
        "total": len(people),
        "countries": countries,
        "types": types,
        "genders": genders,
        "rows": _side_by_side([countries, types, genders]),
    }


def _side_by_side(columns: list[list[dict[str, Any]]]) -> list[list[dict[str, Any]]]:
    """Rows of a counts table with one column pair per list (blanks where a list is shorter)."""
    height = max((len(column) for column in columns), default=0)
    blank = {"label": "", "count": ""}
    return [
        [column[row] if row < len(column) else blank for column in columns] for row in range(height)
    ]


def walk_in_rows(participants: int) -> int:
    """Blank rows for people who were not registered: a tenth of the list, 5 to 20."""
    return max(5, min(20, math.ceil(participants / 10)))


def sign_in_view(ctx: ViewContext, *, shared: bool) -> dict[str, Any]:
    """One attendance sheet per day, for signature."""
    labels = ctx.labels
    view = common(ctx, "sign_in")
    people = _people(ctx)
    rows = []
    for number, person in enumerate(people, start=1):
        participant = person.participant
        rows.append(
            {
                "number": number,
                "name": participant.full_name,
                "function": participant.function or "",
                "institution": person.institution,
                "country": ctx.workshop.programme.country_name(person.country)
                if person.country
                else (participant.country or ""),
                "contact": "" if shared else _contact(participant, False)["contact"],
                "photo": labels["sign_in"]["yes"]
                if participant.photo_consent
                else labels["sign_in"]["no"],
            }
        )
    blanks = [{"number": len(rows) + index} for index in range(1, walk_in_rows(len(rows)) + 1)]
    view["sheets"] = [
        {**_day_head(ctx, day), "place": view["workshop"]["place"], "rows": rows, "blanks": blanks}
        for day in ctx.schedule.days
    ]
    return with_footnotes(view, ctx)
