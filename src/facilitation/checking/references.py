"""Reference checks: people, methods, countries, institutions and ids that must exist once."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from facilitation import codes
from facilitation.catalogue.countries import country_names as country_names_of
from facilitation.catalogue.countries import english_name, find_country_code
from facilitation.catalogue.methodology import find_closest_methods, resolve_method
from facilitation.errors import Diagnostic, Location, Severity, YamlPath
from facilitation.model.loaded import Workshop, session_path
from facilitation.model.workshop import Participant
from facilitation.suggest import did_you_mean


def check_references(workshop: Workshop) -> Iterator[Diagnostic]:
    """Every name and id the workshop uses: known, and unique where it must be."""
    yield from _references(workshop)
    yield from _duplicates(workshop)
    yield from _participants(workshop)


def _references(workshop: Workshop) -> Iterator[Diagnostic]:
    team = [member.id for member in workshop.programme.team]
    team_set = set(team)
    for day_index, day in enumerate(workshop.days):
        for index, session in enumerate(day.sessions):
            here = session_path(day_index, index)
            people: list[tuple[str | None, YamlPath]] = [
                (session.lead, (*here, "lead")),
                (session.note_taker, (*here, "note_taker")),
                *(
                    (person, (*here, "co_facilitators", number))
                    for number, person in enumerate(session.co_facilitators)
                ),
            ]
            if isinstance(session.groups, list):
                for group_index, group in enumerate(session.groups):
                    people.append(
                        (group.facilitator, (*here, "groups", group_index, "facilitator"))
                    )
                    people.append((group.note_taker, (*here, "groups", group_index, "note_taker")))
                yield from _double_booked(workshop, day_index, index)
            for person, path in people:
                if person is not None and person not in team_set:
                    yield _unknown_person(workshop, person, path, team)
            yield from _method(workshop, day_index, index)
    yield from _countries(workshop)


def _method(workshop: Workshop, day_index: int, index: int) -> Iterator[Diagnostic]:
    """A session's method: in the catalogue, and given the time it needs."""
    session = workshop.days[day_index].sessions[index]
    here = session_path(day_index, index)
    method = resolve_method(session.method) if session.method else None
    if (
        method
        and session.minutes
        and not (
            method.minutes_range(session.travel)[0]
            <= session.minutes
            <= method.minutes_range(session.travel)[1]
        )
    ):
        # NOTE: travel longer than the method's own travel steps lengthens what it needs.
        shortest, longest = method.minutes_range(session.travel)
        yield Diagnostic(
            codes.METHOD_DURATION,
            f'"{workshop.session_title(day_index, index)}" has {session.minutes} min, but '
            f"{method.name} needs {shortest}–{longest} min"
            + (
                f" with {session.travel} min travel each way"
                if method.extra_travel(session.travel)
                else ""
            ),
            workshop.where((*here, "minutes")),
            severity=Severity.WARNING,
            hint=f"give it at least {shortest} min, or choose a shorter method"
            if session.minutes < shortest
            else "split it into two sessions with a break, or choose another method",
        )
    if session.method and method is None:
        near = find_closest_methods(session.method)
        yield Diagnostic(
            codes.UNKNOWN_METHOD,
            f"the method `{session.method}` is not in the catalogue",
            workshop.where((*here, "method")),
            hint=(
                "did you mean " + ", ".join(f"`{name}`" for name in near) + "?"
                if near
                else "see `facilitation methods` for the catalogue"
            ),
        )


def _countries(workshop: Workshop) -> Iterator[Diagnostic]:
    """The workshop's country and its institutions' countries are the programme's."""
    countries = {country.code for country in workshop.programme.countries}
    country = workshop.info.country
    if country and countries and country not in countries:
        yield _unknown_country(workshop.where(("workshop", "country")), country, countries)
    for source, prefix, fields in workshop.programme_sources():
        for index, institution in enumerate(fields.institutions):
            if institution.country and countries and institution.country not in countries:
                location = workshop.where((*prefix, "institutions", index, "country"), file=source)
                yield _unknown_country(location, institution.country, countries)


def _unknown_person(workshop: Workshop, person: str, path: YamlPath, team: list[str]) -> Diagnostic:
    hint = did_you_mean(
        person,
        team,
        "team ids: " + ", ".join(team) if team else "add the person to the programme's `team:`",
    )
    return Diagnostic(
        codes.UNKNOWN_FACILITATOR,
        f"`{person}` is not on the facilitation team",
        workshop.where(path),
        hint=hint,
    )


def _unknown_country(location: Location, code: str, countries: Iterable[str]) -> Diagnostic:
    known = sorted(countries)
    return Diagnostic(
        codes.UNKNOWN_COUNTRY,
        f"the country `{code}` is not one of the programme's countries",
        location,
        hint=did_you_mean(code, known, "countries: " + ", ".join(known)),
    )


def _participant_country(
    workshop: Workshop, index: int, written: str, who: str, country_names: list[str]
) -> Diagnostic:
    """P208 for a participant's country: one the programme lacks, or one that is not known.

    A country that is known by another name or code (``Österreich``, ``AUT``) is named, with
    the programme's countries; for an unknown one, the closest of the programme's countries'
    names, codes and names in the supported locales is suggested.
    """
    location = workshop.participant_location(index, "country")
    listed = "the programme's countries: " + ", ".join(country_names)
    code = find_country_code(written)
    if code is not None:
        name = english_name(code) or code
        return Diagnostic(
            codes.UNKNOWN_COUNTRY,
            f"the country `{written}` of {who} is {name} ({code}), which is not one of the "
            "programme's countries",
            location,
            hint=f"{listed}; add {code} under `countries:` in the programme if {name} takes part",
        )
    programme_codes = [country.code for country in workshop.programme.countries]
    hint = did_you_mean(written, country_names + programme_codes) or did_you_mean(
        written, [name for code in programme_codes for name in country_names_of(code)]
    )
    return Diagnostic(
        codes.UNKNOWN_COUNTRY,
        f"the country `{written}` of {who} is not one of the programme's countries",
        location,
        hint=hint or "countries: " + ", ".join(country_names),
    )


def _double_booked(workshop: Workshop, day: int, index: int) -> Iterator[Diagnostic]:
    session = workshop.days[day].sessions[index]
    assert isinstance(session.groups, list)
    first_group: dict[str, int] = {}
    for group_index, group in enumerate(session.groups):
        for role in ("facilitator", "note_taker"):
            person = getattr(group, role)
            if person is None:
                continue
            if person in first_group and first_group[person] != group_index:
                other = session.groups[first_group[person]]
                yield Diagnostic(
                    codes.DOUBLE_BOOKED,
                    f"`{person}` is with group {group_index + 1}"
                    f"{f' ({group.name})' if group.name else ''} and group "
                    f"{first_group[person] + 1}{f' ({other.name})' if other.name else ''} "
                    f'at the same time, in "{workshop.session_title(day, index)}"',
                    workshop.where(session_path(day, index, "groups", group_index, role)),
                    hint="give each parallel group its own facilitator",
                )
            first_group.setdefault(person, group_index)


def _duplicates(workshop: Workshop) -> Iterator[Diagnostic]:
    for source, prefix, fields in workshop.programme_sources():
        for section, key in (
            ("team", "id"),
            ("institutions", "id"),
            ("funders", "id"),
            ("partners", "id"),
            ("countries", "code"),
        ):
            items = getattr(fields, section)
            values = [getattr(item, key) for item in items]
            paths = [(*prefix, section, index, key) for index in range(len(items))]
            yield from _repeats(workshop, values, paths, source, section)
    session_ids: list[str | None] = []
    session_paths: list[YamlPath] = []
    for day_index, day in enumerate(workshop.days):
        for index, session in enumerate(day.sessions):
            session_ids.append(session.id)
            session_paths.append(session_path(day_index, index, "id"))
    yield from _repeats(workshop, session_ids, session_paths, None, "sessions")
    participant_ids = [participant.id for participant in workshop.participants]
    for index, first in _repeated(participant_ids):
        yield Diagnostic(
            codes.DUPLICATE_ID,
            f"participant id `{participant_ids[index]}` is used twice "
            f"(first for participant {first + 1})",
            workshop.participant_location(index, "id"),
            hint="give every participant their own id",
        )


def _repeated(values: list[str | None]) -> Iterator[tuple[int, int]]:
    first: dict[str, int] = {}
    for index, value in enumerate(values):
        if value is None:
            continue
        if value in first:
            yield index, first[value]
        else:
            first[value] = index


def _repeats(
    workshop: Workshop,
    values: list[str | None],
    paths: list[YamlPath],
    file: str | None,
    what: str,
) -> Iterator[Diagnostic]:
    for index, first in _repeated(values):
        first_location = workshop.where(paths[first], file=file)
        yield Diagnostic(
            codes.DUPLICATE_ID,
            f"the id `{values[index]}` is used twice in {what} "
            f"(first on line {first_location.line})",
            workshop.where(paths[index], file=file),
            hint="ids must be unique; rename one of them",
        )


def _participants(workshop: Workshop) -> Iterator[Diagnostic]:
    programme = workshop.programme
    # NOTE: each country and institution as written is looked up once: a long list names the
    # same few of them thousands of times.
    known = _Known(
        [country.name for country in programme.countries],
        [institution.name for institution in programme.institutions],
        functools.cache(programme.country_code),
        functools.cache(programme.institution_id),
    )
    for index, participant in enumerate(workshop.participants):
        yield from _participant(workshop, index, participant, known)


@dataclass(frozen=True)
class _Known:
    """The names of the programme's countries and institutions, and its lookups of them."""

    country_names: list[str]
    institution_names: list[str]
    country_code: Callable[[str], str | None]
    institution_id: Callable[[str], str | None]


def _participant(
    workshop: Workshop, index: int, participant: Participant, known: _Known
) -> Iterator[Diagnostic]:
    country_names, institution_names = known.country_names, known.institution_names
    if participant.country and country_names and known.country_code(participant.country) is None:
        who = participant.full_name
        yield _participant_country(workshop, index, participant.country, who, country_names)
    if (
        participant.institution
        and institution_names
        and known.institution_id(participant.institution) is None
    ):
        yield Diagnostic(
            codes.UNKNOWN_INSTITUTION,
            f"the institution `{participant.institution}` of {participant.full_name} is not in "
            "the programme; it is listed as written, without a type",
            workshop.participant_location(index, "institution"),
            severity=Severity.WARNING,
            hint=did_you_mean(
                participant.institution,
                institution_names,
                "add it to the programme's `institutions:` to count it by type",
            ),
        )
    attended = participant.attended if isinstance(participant.attended, list) else []
    if attended and attended[-1] > len(workshop.days):
        yield Diagnostic(
            codes.DAY_OUTSIDE_WORKSHOP,
            f"{participant.full_name} attended day {attended[-1]}, but the workshop has "
            f"{len(workshop.days)} day(s)",
            workshop.participant_location(index, "attended"),
            hint="write the numbers of the workshop's days, from 1 for its first day",
        )
