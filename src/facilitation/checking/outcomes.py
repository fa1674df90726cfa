"""Checks on what a workshop recorded: owners, institutions, countries, dates, photos, sessions.

The actuals the live console wrote are checked too: an entry the outcome report cannot place.
"""

from __future__ import annotations

from collections.abc import Iterator

from facilitation import codes
from facilitation.checking.actuals import minutes_of, session_keys
from facilitation.checking.files import check_image
from facilitation.checking.scheduling import Schedule, TimedDay, format_span
from facilitation.errors import Diagnostic, Severity, YamlPath
from facilitation.model.loaded import OutcomeSource, Workshop
from facilitation.model.outcomes import Activity, Actual
from facilitation.suggest import did_you_mean


def check_outcomes(workshop: Workshop, schedule: Schedule) -> list[Diagnostic]:
    """Every check on the outcomes recorded for ``workshop``."""
    found: list[Diagnostic] = []
    seen_activities: dict[str, YamlPath] = {}
    for source in workshop.outcomes:
        found.extend(_activities(workshop, source, seen_activities))
        found.extend(_actions(workshop, source, schedule))
        found.extend(_photos(workshop, source))
        found.extend(_results(workshop, source))
        found.extend(_actuals(workshop, source, schedule))
    return found


#: How far outside its day's hours an actual may fall before its time looks like a typo.
_ACTUAL_SLACK = 2 * 60

#: Up to this many session names are listed in a hint.
_LISTED_SESSIONS = 8


def _activities(
    workshop: Workshop, source: OutcomeSource, seen: dict[str, YamlPath]
) -> Iterator[Diagnostic]:
    for index, activity in enumerate(source.outcomes.activities):
        here = (*source.prefix, "activities", index)
        if activity.id in seen:
            first = workshop.where(seen[activity.id], file=source.file)
            yield Diagnostic(
                codes.DUPLICATE_ACTIVITY,
                f"the activity id `{activity.id}` is used twice in this workshop "
                f"(first on line {first.line})",
                workshop.where((*here, "id"), file=source.file),
                hint="give each activity its own id; the same id in other workshops marks a "
                "joint activity",
            )
        else:
            seen[activity.id] = (*here, "id")
        yield from _activity_names(workshop, source, activity, here)


def _activity_names(
    workshop: Workshop, source: OutcomeSource, activity: Activity, here: YamlPath
) -> Iterator[Diagnostic]:
    """The institutions and countries an activity names, and its number of countries."""
    institutions = [institution.id for institution in workshop.programme.institutions]
    countries = [country.code for country in workshop.programme.countries]
    named = [(activity.lead, (*here, "lead"))] + [
        (partner, (*here, "partners", number)) for number, partner in enumerate(activity.partners)
    ]
    for institution, path in named:
        if institution and workshop.programme.institution_id(institution) is None:
            yield Diagnostic(
                codes.UNKNOWN_PARTNER,
                f"`{institution}` in activity `{activity.id}` is not an institution of the "
                "programme",
                workshop.where(path, file=source.file),
                hint=did_you_mean(
                    institution, institutions, "use an institution id from the programme"
                ),
            )
    named_countries = [(activity.lead_country, (*here, "lead_country"))] + [
        (country, (*here, "countries", number)) for number, country in enumerate(activity.countries)
    ]
    for country, path in named_countries:
        if country and countries and country not in countries:
            yield Diagnostic(
                codes.UNKNOWN_ACTIVITY_COUNTRY,
                f"the country `{country}` of activity `{activity.id}` is not one of the "
                "programme's countries",
                workshop.where(path, file=source.file),
                hint=did_you_mean(country, countries, "countries: " + ", ".join(countries)),
            )
    if activity.scope == "cross-border":
        taking_part = {
            *activity.countries,
            *([activity.lead_country] if activity.lead_country else []),
        }
        if len(taking_part) < 2:
            yield Diagnostic(
                codes.TOO_FEW_COUNTRIES,
                f"the cross-border activity `{activity.id}` has "
                f"{len(taking_part) or 'no'} countr{'y' if len(taking_part) == 1 else 'ies'}; "
                "it needs at least two",
                workshop.where(here, file=source.file),
                hint="list the countries that take part under `countries:`, "
                "or make it `scope: national`",
            )


def _actions(workshop: Workshop, source: OutcomeSource, schedule: Schedule) -> Iterator[Diagnostic]:
    start = schedule.first_date or workshop.info.start
    # NOTE: listed only for an unknown owner's hint: every participant's name is among them.
    names: list[str] | None = None
    for index, action in enumerate(source.outcomes.actions):
        here = (*source.prefix, "actions", index)
        if not workshop.knows_owner(action.owner):
            names = workshop.owner_names() if names is None else names
            yield Diagnostic(
                codes.UNKNOWN_OWNER,
                f"the owner `{action.owner}` is not on the team, an institution, a country or a "
                "participant",
                workshop.where((*here, "owner"), file=source.file),
                hint=did_you_mean(
                    action.owner, names, "use a team id, an institution id or a country code"
                ),
            )
        if action.due is not None and action.due < start:
            yield Diagnostic(
                codes.DUE_BEFORE_WORKSHOP,
                f"the action is due on {action.due}, before the workshop started ({start})",
                workshop.where((*here, "due"), file=source.file),
                hint="check the year and the month",
            )


def _photos(workshop: Workshop, source: OutcomeSource) -> Iterator[Diagnostic]:
    for index, photo in enumerate(source.outcomes.photos):
        here = (*source.prefix, "photos", index)
        problem = check_image(source.photo_path(photo.file))
        if problem:
            yield Diagnostic(
                codes.PHOTO_PROBLEM,
                f"the photo `{photo.file}` {problem}",
                workshop.where((*here, "file"), file=source.file),
                hint="give a PNG or JPEG file, relative to this file",
            )
        elif not photo.consent:
            yield Diagnostic(
                codes.PHOTO_WITHOUT_CONSENT,
                f"the photo `{photo.file}` has no `consent: yes`; it is left out of the report",
                workshop.where(here, file=source.file),
                severity=Severity.WARNING,
                hint="add `consent: yes` once everyone on the photo has agreed",
            )


def _results(workshop: Workshop, source: OutcomeSource) -> Iterator[Diagnostic]:
    sessions = workshop.session_ids()
    for index, result in enumerate(source.outcomes.results):
        if result.session not in sessions:
            yield Diagnostic(
                codes.UNKNOWN_SESSION,
                f"the session `{result.session}` is not in the agenda",
                workshop.where((*source.prefix, "results", index, "session"), file=source.file),
                hint=did_you_mean(
                    result.session,
                    sessions,
                    "give the session an `id:` in the workshop file and use it here",
                ),
            )


def _actuals(workshop: Workshop, source: OutcomeSource, schedule: Schedule) -> Iterator[Diagnostic]:
    """Entries of ``actuals:`` that the outcome report cannot place: it leaves them out."""
    for index, actual in enumerate(source.outcomes.actuals):
        here = (*source.prefix, "actuals", index)
        entry = f"“{actual.what} {actual.session}”"
        if actual.day > len(schedule.days):
            days = len(schedule.days)
            yield Diagnostic(
                codes.UNKNOWN_ACTUAL,
                f"the actual {entry} is on day {actual.day}, but the workshop has "
                f"{days} day{'' if days == 1 else 's'}; the outcome report leaves it out",
                workshop.where((*here, "day"), file=source.file),
                severity=Severity.WARNING,
                hint=f"give the day it happened, counted from 1 (1 to {days}), or delete the entry"
                if days
                else "delete the entry",
            )
            continue
        day = schedule.days[actual.day - 1]
        yield from _actual_in_day(workshop, source, actual, day, here)


def _actual_in_day(
    workshop: Workshop, source: OutcomeSource, actual: Actual, day: TimedDay, here: YamlPath
) -> Iterator[Diagnostic]:
    """An entry whose session is not one of ``day``'s, or whose time is far outside it."""
    entry = f"“{actual.what} {actual.session}”"
    keys = session_keys(day)
    if actual.session not in keys:
        yield Diagnostic(
            codes.UNKNOWN_ACTUAL,
            f"the actual {entry} names no session of day {actual.day}; "
            "the outcome report leaves it out",
            workshop.where((*here, "session"), file=source.file),
            severity=Severity.WARNING,
            hint=_session_hint(actual.session, keys),
        )
    at = minutes_of(actual, day)
    end = max(day.end, day.finishes)
    if at < day.start - _ACTUAL_SLACK or at > end + _ACTUAL_SLACK:
        yield Diagnostic(
            codes.UNKNOWN_ACTUAL,
            f"the actual {entry} at {actual.at:%H:%M} is more than two hours outside "
            f"day {actual.day} ({format_span(day.start, end)})",
            workshop.where((*here, "at"), file=source.file),
            severity=Severity.WARNING,
            hint="check the hour: times use the 24-hour clock (14:10, not 2:10)",
        )


def _session_hint(session: str, keys: list[str]) -> str | None:
    """What to write instead of ``session``, which is not one of ``keys``."""
    shared = [key for key in keys if key.startswith(f"{session} (")]
    if len(shared) > 1:
        return (
            f"{len(shared)} sessions of the day are called “{session}”: add the planned start, "
            + " or ".join(f"`{key}`" for key in shared)
        )
    listed = (
        "sessions of the day: " + ", ".join(keys)
        if len(keys) <= _LISTED_SESSIONS
        else "use the session's id, or its title as the agenda gives it"
    )
    return did_you_mean(session, keys, listed)
