"""View data of the participant lists and the daily sign-in sheets.

Participants are the people the workshop is for: participants, speakers and observers. The
people who run it (organisers, facilitators and interpreters, :attr:`Participant.STAFF_ROLES`)
are listed apart and never counted as participants. The sign-in sheets are broken into pages
here (:mod:`.paging`), so that every page can say which page of its day it is.
"""

from __future__ import annotations

from collections import Counter
from typing import Any, NamedTuple

from babel.numbers import format_percent

from facilitation.documents.language import LocalDate
from facilitation.documents.views.base import ViewContext, add_footnotes, describe_workshop
from facilitation.model.workshop import Participant

#: The genders that attendance is counted by, as EU results reporting asks (sex-disaggregated).
ATTENDANCE_GENDERS = ("female", "male", "other", "not_stated")


class Person(NamedTuple):
    """A person of the list with what the programme knows of them.

    (A named tuple: a list of 20,000 people took a tenth of its view's time to make a frozen
    dataclass of each.)
    """

    participant: Participant
    country: str | None
    institution: str
    institution_type: str
    #: The country as printed: its name in the document's language, or as written when the
    #: programme does not know it.
    country_name: str


#: What a person's country and institution as written make of them: the fields of a
#: :class:`Person` after ``participant``, and the start of the key they are listed by.
_Place = tuple[tuple[str | None, str, str, str], tuple[int, str]]


def list_people(ctx: ViewContext) -> list[Person]:
    """Everyone registered, by country (the programme's order), institution and family name."""
    workshop = ctx.workshop
    programme = workshop.programme
    order = {country.code: index for index, country in enumerate(programme.countries)}
    # NOTE: what a country and institution as written make of a person is found once: a long
    # list names the same few of them thousands of times.
    places: dict[tuple[str | None, str | None], _Place] = {}
    people, keys = [], []
    for participant in workshop.participants:
        written = (participant.country, participant.institution)
        place = places.get(written)
        if place is None:
            institution = programme.institution(participant.institution)
            # NOTE: a person from a known institution is from its country unless they say.
            country = programme.country_code(participant.country) or (
                institution.country if institution else None
            )
            name = institution.name if institution else (participant.institution or "")
            kind = institution.type if institution else "other"
            shown = programme.country_name(country) if country else (participant.country or "")
            rank = (order.get(country or "", len(order)), name.casefold())
            place = places[written] = ((country, name, kind, shown), rank)
        people.append(Person(participant, *place[0]))
        keys.append(place[1] + _sort_name(participant))
    return [people[index] for index in sorted(range(len(people)), key=keys.__getitem__)]


def split_staff(people: list[Person]) -> tuple[list[Person], list[Person]]:
    """The participants, and the people who run the workshop."""
    attendees: list[Person] = []
    staff: list[Person] = []
    for person in people:
        (staff if person.participant.is_staff else attendees).append(person)
    return attendees, staff


def _sort_name(participant: Participant) -> tuple[str, str]:
    if participant.last_name:
        return participant.last_name.casefold(), (participant.first_name or "").casefold()
    parts = (participant.name or "").split()
    return (parts[-1].casefold() if parts else "", " ".join(parts[:-1]).casefold())


def contact_of(participant: Participant, shared: bool) -> dict[str, str]:
    """E-mail and phone where the person agreed to share them; none in a shared copy."""
    if shared:
        return {}
    if not participant.share_contact:
        return {"email": "", "phone": "", "contact": ""}
    email, phone = participant.email or "", participant.phone or ""
    return {"email": email, "phone": phone, "contact": email or phone}


def _list_row(ctx: ViewContext, number: int, person: Person) -> dict[str, Any]:
    """One person in the participant list: the institution on every row, the role if not plain."""
    participant = person.participant
    role = participant.role
    return {
        "number": number,
        "name": participant.full_name,
        "role": "" if role == "participant" else ctx.labels["participants"]["roles"][role],
        "function": participant.function or "",
        "institution": person.institution,
        "country": person.country_name,
        **contact_of(participant, ctx.shared),
    }


def make_participants_view(ctx: ViewContext) -> dict[str, Any]:
    """The participant list grouped by country, the people who run the workshop, and figures.

    Every row names the person's institution. Organisers, facilitators and interpreters come
    after the participants, in a list of their own, and the figures leave them out. When
    attendance is recorded, the figures of who came on each day follow (:func:`count_attendance`).
    """
    labels = ctx.labels
    key = "participants_shared" if ctx.shared else "participants"
    view = describe_workshop(ctx, key)
    attendees, staff = split_staff(list_people(ctx))
    no_country = labels["participants"]["no_country"]
    groups: list[dict[str, Any]] = []
    for number, person in enumerate(attendees, start=1):
        country = person.country_name if person.country else no_country
        if not groups or groups[-1]["country"] != country:
            groups.append({"country": country, "rows": [], "count": 0})
        groups[-1]["rows"].append(_list_row(ctx, number, person))
        groups[-1]["count"] += 1
    view["groups"] = groups
    view["staff"] = [
        _list_row(ctx, number, person)
        for number, person in enumerate(staff, start=len(attendees) + 1)
    ]
    view["show_contacts"] = not ctx.shared
    view["counts"] = _counts(ctx, attendees)
    view["attendance"] = count_attendance(ctx)
    return add_footnotes(view, ctx)


def count_participants(ctx: ViewContext) -> dict[str, Any]:
    """Participants (not the people who run the workshop) by country, institution type, gender.

    Each figure has its ``count`` and its ``percent`` of the total, in the document's language
    (``53 %`` in German).
    """
    return _counts(ctx, split_staff(list_people(ctx))[0])


def _counts(ctx: ViewContext, people: list[Person]) -> dict[str, Any]:
    labels = ctx.labels
    total = len(people)
    by_country = Counter(person.country for person in people)
    countries = [
        (country.name, by_country[country.code])
        for country in ctx.workshop.programme.countries
        if by_country[country.code]
    ]
    if by_country[None]:
        countries.append((labels["participants"]["no_country"], by_country[None]))
    by_type = Counter(person.institution_type for person in people)
    types = [
        (labels["institution_types"][kind], count)
        for kind, count in sorted(by_type.items(), key=lambda item: (-item[1], item[0]))
    ]
    by_gender = Counter(person.participant.gender or "not-stated" for person in people)
    genders = [
        (labels["genders"][gender], by_gender[gender])
        for gender in ("female", "male", "diverse", "not-stated")
        if by_gender[gender]
    ]
    columns = [
        [_figure(ctx, label, count, total) for label, count in figures]
        for figures in (countries, types, genders)
    ]
    return {
        "total": total,
        "countries": columns[0],
        "types": columns[1],
        "genders": columns[2],
        "rows": _side_by_side(columns),
    }


def _figure(ctx: ViewContext, label: str, count: int, total: int) -> dict[str, Any]:
    return {"label": label, "count": count, "percent": _percent(ctx, count, total)}


def _percent(ctx: ViewContext, count: int, total: int) -> str:
    """``count`` of ``total`` as a whole percentage in the document's language (CLDR)."""
    text = format_percent(count / total if total else 0, locale=ctx.dates.locale)
    # NOTE: "100 %" must not break before its sign in a narrow column.
    return text.replace(" ", "\u00a0")


def _side_by_side(columns: list[list[dict[str, Any]]]) -> list[list[dict[str, Any]]]:
    """Rows of a counts table with one column pair per list (blanks where a list is shorter)."""
    height = max((len(column) for column in columns), default=0)
    blank = {"label": "", "count": "", "percent": ""}
    return [
        [column[row] if row < len(column) else blank for column in columns] for row in range(height)
    ]


def count_attendance(ctx: ViewContext) -> dict[str, Any]:
    """Who came on each day, by sex, from the attendance recorded in the participant file.

    Only participants count (not the people who run the workshop). A participant's ``attended``
    (day numbers, ``all`` or ``none``) is read from the signed sheets after the workshop.

    Returns:
        ``recorded``: whether any participant's attendance is recorded. When it is not, every
        figure is 0 and ``note`` says that attendance is not recorded yet (report registrations
        instead, and say so).
        ``days``: per day of the workshop, ``number``, ``label`` ("Day 2"), ``date`` (a date
        that prints in the document's language) and the counts ``female``, ``male``, ``other``,
        ``not_stated`` and ``total``.
        ``overall``: the same counts for the participants who came on at least one day.
        ``person_days``: participant-days in all (the sum of the days' totals).
        ``registered``: participants registered; ``missing``: those of them without a record
        while others have one (they count as absent; ``missing_note`` says so, else "").
    """
    labels = ctx.labels["participants"]
    attendees = [p for p in ctx.workshop.participants if not p.is_staff]
    count = len(ctx.schedule.days)
    attended = [(p, p.days_attended(count)) for p in attendees]
    recorded = any(on is not None for _, on in attended)
    days: list[dict[str, Any]] = []
    for day in ctx.schedule.days:
        came = [p for p, on in attended if on is not None and day.index + 1 in on]
        days.append(
            {
                "number": day.index + 1,
                "label": str(ctx.labels["day"]["label"]).format(n=day.index + 1),
                "date": LocalDate(day.date, ctx.workshop.language),
                **_by_sex(came),
            }
        )
    missing = sum(on is None for _, on in attended) if recorded else 0
    person_days: int = sum(day["total"] for day in days)
    return {
        "recorded": recorded,
        "note": "" if recorded else labels["attendance_not_recorded"],
        "days": days,
        "overall": _by_sex([p for p, on in attended if on]),
        "person_days": person_days,
        "person_days_line": str(labels["attendance_person_days"]).format(count=person_days),
        "registered": len(attendees),
        "missing": missing,
        "missing_note": str(labels["attendance_missing"]).format(count=missing) if missing else "",
    }


def _by_sex(people: list[Participant]) -> dict[str, int]:
    sexes = Counter(
        "other" if p.gender == "diverse" else "not_stated" if p.gender in (None, "not-stated")
        else str(p.gender)
        for p in people
    )  # fmt: skip
    return {**{sex: sexes[sex] for sex in ATTENDANCE_GENDERS}, "total": len(people)}
