"""Checks on what a workshop recorded: owners, institutions, countries, dates, photos, sessions."""

from __future__ import annotations

from collections.abc import Iterator

from facilitation import codes
from facilitation.checking.files import check_image
from facilitation.checking.scheduling import Schedule
from facilitation.errors import Diagnostic, Severity, YamlPath
from facilitation.model.loaded import OutcomeSource, Workshop
from facilitation.model.outcomes import Activity
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
    return found


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
    names = workshop.owner_names()
    for index, action in enumerate(source.outcomes.actions):
        here = (*source.prefix, "actions", index)
        if not workshop.knows_owner(action.owner):
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
