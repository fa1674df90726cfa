"""Checks on what a workshop recorded: owners, institutions, countries, dates, photos, sessions."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from facilitation import codes
from facilitation.checks import image_problem, resolve_country, resolve_institution
from facilitation.errors import Diagnostic, Severity, YamlPath
from facilitation.loading import OutcomeSource, Workshop
from facilitation.methodology import did_you_mean
from facilitation.scheduling import Schedule


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


def known_owner(workshop: Workshop, owner: str) -> bool:
    """True when ``owner`` is a team member, an institution, a country or a participant."""
    text = owner.strip()
    folded = text.casefold()
    if any(
        member.id == text or member.name.casefold() == folded for member in workshop.programme.team
    ):
        return True
    if resolve_institution(workshop, text) or resolve_country(workshop, text):
        return True
    return any(person.full_name.casefold() == folded for person in workshop.participants)


def _owner_names(workshop: Workshop) -> list[str]:
    programme = workshop.programme
    return [
        *(member.id for member in programme.team),
        *(member.name for member in programme.team),
        *(institution.id for institution in programme.institutions),
        *(
            institution.short_name
            for institution in programme.institutions
            if institution.short_name
        ),
        *(country.code for country in programme.countries),
        *(person.full_name for person in workshop.participants),
    ]


def _activities(
    workshop: Workshop, source: OutcomeSource, seen: dict[str, YamlPath]
) -> Iterator[Diagnostic]:
    institutions = [institution.id for institution in workshop.programme.institutions]
    countries = [country.code for country in workshop.programme.countries]
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
        named = [(activity.lead, (*here, "lead"))] + [
            (partner, (*here, "partners", number))
            for number, partner in enumerate(activity.partners)
        ]
        for institution, path in named:
            if institution and resolve_institution(workshop, institution) is None:
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
            (country, (*here, "countries", number))
            for number, country in enumerate(activity.countries)
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
    names = _owner_names(workshop)
    for index, action in enumerate(source.outcomes.actions):
        here = (*source.prefix, "actions", index)
        if not known_owner(workshop, action.owner):
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
        problem = image_problem(photo_path(source, photo.file))
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


def photo_path(source: OutcomeSource, file: str) -> Path:
    """Where a photo named in ``source`` is on disk."""
    return source.path.parent / file


def _results(workshop: Workshop, source: OutcomeSource) -> Iterator[Diagnostic]:
    sessions = [session.id for day in workshop.days for session in day.sessions if session.id]
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
