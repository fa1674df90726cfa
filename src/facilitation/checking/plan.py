"""Plan checks: what a valid file can still get wrong, said in a facilitator's words.

Each check looks at the loaded :class:`~facilitation.reading.loader.Workshop` and its
:class:`~facilitation.checking.scheduling.Schedule` and returns diagnostics with their own codes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from facilitation import codes
from facilitation.catalogue.methodology import (
    closest_methods,
    dimension_ids,
    methodology,
    resolve_method,
)
from facilitation.checking.files import image_problem
from facilitation.checking.scheduling import Schedule, TimedDay, TimingProblem, clock, duration_text
from facilitation.errors import Diagnostic, Location, Severity, YamlPath
from facilitation.model.loaded import Workshop, session_path
from facilitation.model.programme import ProgrammeFields
from facilitation.suggest import did_you_mean

if TYPE_CHECKING:
    from facilitation.model.workshop import Participant

#: Longest stretch of work, in minutes, before a break is due.
MAX_WORK_STRETCH = 90
#: A gap between sessions at least this long counts as a break.
MIN_BREAK_GAP = 10
#: Days longer than this (minutes) need a lunch.
LUNCH_AFTER = 6 * 60
#: Days longer than this (minutes) are too long.
LONGEST_DAY = 12 * 60
#: Workshops with at least this much work time should give every Compass dimension some time.
COMPASS_MIN_WORK = 5 * 60


def check_workshop(workshop: Workshop, schedule: Schedule) -> list[Diagnostic]:
    """Every plan check on ``workshop``."""
    found: list[Diagnostic] = []
    found.extend(_timing(workshop, schedule))
    for day in schedule.days:
        found.extend(_day_shape(workshop, day))
    found.extend(_dates(workshop, schedule))
    found.extend(_references(workshop))
    found.extend(_duplicates(workshop))
    found.extend(_participants(workshop))
    found.extend(_compass_balance(workshop, schedule))
    found.extend(_logos(workshop))
    found.extend(_language(workshop))
    return found


# --- timing -----------------------------------------------------------------------------------


def _title(workshop: Workshop, day: int, index: int) -> str:
    session = workshop.days[day].sessions[index]
    return session.title or session.kind or f"session {index + 1}"


def _timing(workshop: Workshop, schedule: Schedule) -> Iterator[Diagnostic]:
    for problem in schedule.problems:
        yield _timing_diagnostic(workshop, schedule, problem)


def _timing_diagnostic(
    workshop: Workshop, schedule: Schedule, problem: TimingProblem
) -> Diagnostic:
    day = schedule.days[problem.day]
    day_spec = workshop.days[problem.day]
    if problem.kind == "ends-early":
        return Diagnostic(
            codes.DAY_ENDS_BEFORE_START,
            f"day {problem.day + 1} ends at {clock(day.end)}, "
            f"before it starts at {clock(day.start)}",
            workshop.where(("days", problem.day, "end")),
            hint="times are 24-hour: write 17:30, not 5:30",
        )
    assert problem.session is not None
    title = _title(workshop, problem.day, problem.session)
    timed = day.sessions[problem.session]
    if problem.kind == "no-duration":
        return Diagnostic(
            codes.NO_DURATION,
            f'session "{title}" has no duration',
            workshop.where(session_path(problem.day, problem.session)),
            hint="add `minutes:`, or a `method:` from the catalogue, which brings its own duration",
        )
    if problem.kind == "anchor-outside-day":
        return Diagnostic(
            codes.ANCHOR_OUTSIDE_DAY,
            f'session "{title}" is fixed at {clock(problem.minutes)}, outside day '
            f"{problem.day + 1} ({clock(day.start)}–{clock(day.end)})",
            workshop.where(session_path(problem.day, problem.session, "at")),
            hint="move the fixed time inside the day, or change the day's start or end",
        )
    if problem.kind == "anchor-passed":
        assert day_spec.sessions[problem.session].at is not None
        notes = tuple(
            f'"{_title(workshop, problem.day, index)}" runs '
            f"{clock(day.sessions[index].start)}–{clock(day.sessions[index].end)}"
            for index in problem.sessions
        )
        return Diagnostic(
            codes.ANCHOR_PASSED,
            f'session "{title}" is fixed at {clock(timed.start)}, but the sessions before it run '
            f"until {clock(timed.start + problem.minutes)} ({problem.minutes} min too long)",
            workshop.where(session_path(problem.day, problem.session, "at")),
            hint=f"shorten the sessions before it by {problem.minutes} min, or move the fixed time",
            notes=notes,
        )
    # overrun
    return Diagnostic(
        codes.OVERRUN,
        f"day {problem.day + 1} runs {problem.minutes} min past its end at {clock(day.end)}: "
        f'it finishes at {clock(day.finishes)}; "{title}" is the first session past the end',
        workshop.where(session_path(problem.day, problem.session)),
        hint=f"shorten or drop {duration_text(problem.minutes)} of sessions, "
        f"or end the day at {clock(day.finishes)}",
    )


def _day_shape(workshop: Workshop, day: TimedDay) -> Iterator[Diagnostic]:
    path: YamlPath = ("days", day.index)
    length = day.end - day.start
    if not day.sessions:
        yield Diagnostic(
            codes.EMPTY_DAY,
            f"day {day.index + 1} has no sessions",
            workshop.where(path),
            hint="add sessions under `sessions:`, or remove the day",
        )
        return
    if length > LONGEST_DAY:
        yield Diagnostic(
            codes.LONG_DAY,
            f"day {day.index + 1} is {duration_text(length)} long ({clock(day.start)}–"
            f"{clock(day.end)}); more than 12 hours is too long to work well",
            workshop.where((*path, "end")),
            severity=Severity.WARNING,
            hint="check the end time (24-hour clock), or split the day",
        )
    if length > LUNCH_AFTER and not any(timed.kind == "lunch" for timed in day.sessions):
        yield Diagnostic(
            codes.NO_LUNCH,
            f"day {day.index + 1} lasts {duration_text(length)} but has no lunch",
            workshop.where(path),
            severity=Severity.WARNING,
            hint="add `- lunch: Lunch` with `minutes: 60`",
        )
    yield from _stretches(workshop, day)


def _stretches(workshop: Workshop, day: TimedDay) -> Iterator[Diagnostic]:
    stretch_start: int | None = None
    previous_end = day.start
    reported = False
    for timed in day.sessions:
        if timed.is_rest or timed.start - previous_end >= MIN_BREAK_GAP:
            stretch_start, reported = None, False
        if not timed.is_rest:
            if stretch_start is None:
                stretch_start = timed.start
            length = timed.end - stretch_start
            if length > MAX_WORK_STRETCH and not reported:
                reported = True
                yield Diagnostic(
                    codes.NO_BREAK,
                    f"{duration_text(length)} of work without a break on day {day.index + 1} "
                    f"({clock(stretch_start)}–{clock(timed.end)}), "
                    f'up to the end of "{_title(workshop, day.index, timed.index)}"',
                    workshop.where(session_path(day.index, timed.index)),
                    severity=Severity.WARNING,
                    hint="add `- break: Coffee` with `minutes: 15` within every 90 minutes",
                )
        previous_end = timed.end


def _dates(workshop: Workshop, schedule: Schedule) -> Iterator[Diagnostic]:
    info = workshop.info
    previous: dt.date | None = None
    for day in schedule.days:
        location = workshop.where(("days", day.index, "date"))
        if day.date < info.start or (info.end is not None and day.date > info.end):
            last = info.end or info.start
            window = f"{info.start}" + (f" to {last}" if info.end else "")
            yield Diagnostic(
                codes.DAY_OUTSIDE_WORKSHOP,
                f"day {day.index + 1} is dated {day.date}, outside the workshop ({window})",
                location,
                hint="check the day's `date:` and the workshop's `start:`"
                + (" and `end:`" if info.end else ""),
            )
        elif previous is not None and day.date <= previous:
            yield Diagnostic(
                codes.DAY_OUTSIDE_WORKSHOP,
                f"day {day.index + 1} is dated {day.date}, not after day {day.index} ({previous})",
                location,
                hint="list the days in order, one date each",
            )
        elif previous is not None and (day.date - previous).days > 1:
            yield Diagnostic(
                codes.GAP_BETWEEN_DAYS,
                f"day {day.index + 1} ({day.date:%A %d %B}) does not follow day {day.index} "
                f"({previous:%A %d %B}); {(day.date - previous).days - 1} day(s) in between",
                location,
                severity=Severity.WARNING,
                hint="fine over a weekend; otherwise check the date",
            )
        previous = day.date


# --- references -------------------------------------------------------------------------------


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
        and not (method.min_minutes <= session.minutes <= method.max_minutes)
    ):
        yield Diagnostic(
            codes.METHOD_DURATION,
            f'"{_title(workshop, day_index, index)}" has {session.minutes} min, but '
            f"{method.name} needs {method.min_minutes}–{method.max_minutes} min",
            workshop.where((*here, "minutes")),
            severity=Severity.WARNING,
            hint=f"give it at least {method.min_minutes} min, or choose a shorter method"
            if session.minutes < method.min_minutes
            else "split it into two sessions with a break, or choose another method",
        )
    if session.method and method is None:
        near = closest_methods(session.method)
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
    for source, prefix, fields in _programme_parts(workshop):
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
                    f'at the same time, in "{_title(workshop, day, index)}"',
                    workshop.where(session_path(day, index, "groups", group_index, role)),
                    hint="give each parallel group its own facilitator",
                )
            first_group.setdefault(person, group_index)


def _programme_parts(workshop: Workshop) -> Iterator[tuple[str | None, YamlPath, ProgrammeFields]]:
    """The programme file (as written) and the workshop's overrides, with where each is."""
    if workshop.programme_base is not None and workshop.programme_file is not None:
        yield workshop.programme_file, (), workshop.programme_base
    if workshop.spec.programme is not None:
        yield None, ("programme",), workshop.spec.programme


def _duplicates(workshop: Workshop) -> Iterator[Diagnostic]:
    for source, prefix, fields in _programme_parts(workshop):
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


# --- participants -----------------------------------------------------------------------------


def _participants(workshop: Workshop) -> Iterator[Diagnostic]:
    programme = workshop.programme
    country_names = [country.name for country in programme.countries]
    institution_names = [institution.name for institution in programme.institutions]
    for index, participant in enumerate(workshop.participants):
        yield from _participant(workshop, index, participant, country_names, institution_names)


def _participant(
    workshop: Workshop,
    index: int,
    participant: Participant,
    country_names: list[str],
    institution_names: list[str],
) -> Iterator[Diagnostic]:
    who = participant.full_name
    if (
        participant.country
        and country_names
        and workshop.programme.country_code(participant.country) is None
    ):
        yield Diagnostic(
            codes.UNKNOWN_COUNTRY,
            f"the country `{participant.country}` of {who} is not one of the programme's countries",
            workshop.participant_location(index, "country"),
            hint=did_you_mean(
                participant.country,
                country_names + [c.code for c in workshop.programme.countries],
                "countries: " + ", ".join(country_names),
            ),
        )
    if (
        participant.institution
        and institution_names
        and workshop.programme.institution_id(participant.institution) is None
    ):
        yield Diagnostic(
            codes.UNKNOWN_INSTITUTION,
            f"the institution `{participant.institution}` of {who} is not in the programme; "
            "it is listed as written, without a type",
            workshop.participant_location(index, "institution"),
            severity=Severity.WARNING,
            hint=did_you_mean(
                participant.institution,
                institution_names,
                "add it to the programme's `institutions:` to count it by type",
            ),
        )


# --- balance ----------------------------------------------------------------------------------


def _compass_balance(workshop: Workshop, schedule: Schedule) -> Iterator[Diagnostic]:
    totals = schedule.totals
    if totals.work < COMPASS_MIN_WORK or not totals.by_dimension:
        return
    names = {dimension.id: dimension.name for dimension in methodology().dimensions}
    missing = [
        names[dimension] for dimension in dimension_ids() if not totals.by_dimension[dimension]
    ]
    if missing:
        yield Diagnostic(
            codes.COMPASS_GAP,
            "no session serves the Compass dimension(s) " + ", ".join(missing),
            workshop.where(("days",), key=True),
            severity=Severity.WARNING,
            hint="tag sessions with `compass:`, or plan a session for the missing dimension; "
            "the Compass works when all six dimensions are kept in balance",
        )


# --- what the documents need ------------------------------------------------------------------


def _logos(workshop: Workshop) -> Iterator[Diagnostic]:
    base: dict[str | None, Path] = {None: workshop.path.parent}
    if workshop.programme_path is not None:
        base[workshop.programme_file] = workshop.programme_path.parent
    for source, prefix, fields in _programme_parts(workshop):
        folder = base.get(source, workshop.path.parent)
        for section in ("funders", "partners"):
            for index, item in enumerate(getattr(fields, section)):
                if item.logo is None:
                    continue
                problem = image_problem(folder / item.logo)
                if problem:
                    yield Diagnostic(
                        codes.LOGO_PROBLEM,
                        f"the logo `{item.logo}` of {item.name} {problem}",
                        workshop.where((*prefix, section, index, "logo"), file=source),
                        hint="give a PNG or JPEG file, relative to this file",
                    )


def _language(workshop: Workshop) -> Iterator[Diagnostic]:
    from facilitation.catalogue.labels import available, catalogue_language

    if catalogue_language(workshop.language) is None:
        location = workshop.where(("workshop", "language"))
        yield Diagnostic(
            codes.NO_LABELS,
            f"documents have no labels in `{workshop.language}` yet; they use English labels",
            location,
            severity=Severity.WARNING,
            hint="label catalogues: " + ", ".join(available()),
        )
