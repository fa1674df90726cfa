"""View data of the participant lists and the daily sign-in sheets."""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from typing import Any

from facilitation.documents.views.agenda import describe_day
from facilitation.documents.views.base import ViewContext, add_footnotes, describe_workshop
from facilitation.model.workshop import Participant


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


def make_participants_view(ctx: ViewContext) -> dict[str, Any]:
    """The participant list, grouped by country then institution, with counts."""
    labels = ctx.labels
    shared = ctx.shared
    key = "participants_shared" if shared else "participants"
    view = describe_workshop(ctx, key)
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
    return add_footnotes(view, ctx)


def count_participants(ctx: ViewContext) -> dict[str, Any]:
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


def count_walk_in_rows(participants: int) -> int:
    """Blank rows for people who were not registered: a tenth of the list, 5 to 20."""
    return max(5, min(20, math.ceil(participants / 10)))


def make_sign_in_view(ctx: ViewContext) -> dict[str, Any]:
    """One attendance sheet per day, for signature."""
    labels = ctx.labels
    view = describe_workshop(ctx, "sign_in")
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
                "contact": "" if ctx.shared else _contact(participant, False)["contact"],
                "photo": labels["sign_in"]["yes"]
                if participant.photo_consent
                else labels["sign_in"]["no"],
            }
        )
    blanks = [
        {"number": len(rows) + index} for index in range(1, count_walk_in_rows(len(rows)) + 1)
    ]
    view["sheets"] = [
        {
            **describe_day(ctx, day),
            "place": view["workshop"]["place"],
            "rows": rows,
            "blanks": blanks,
        }
        for day in ctx.schedule.days
    ]
    return add_footnotes(view, ctx)
