"""Checks of events away from the room: off-site sessions and online days.

A field visit needs somewhere to go and time there after the journey; an online day needs a link
that people can join with. Both are warnings: the plan still times, but the agenda would send
people nowhere.
"""

from __future__ import annotations

from collections.abc import Iterator

from facilitation import codes
from facilitation.catalogue.methodology import OFF_SITE_KINDS
from facilitation.checking.scheduling import Schedule, format_duration
from facilitation.errors import Diagnostic, Severity
from facilitation.model.loaded import Workshop, session_path


def check_events(workshop: Workshop, schedule: Schedule) -> Iterator[Diagnostic]:
    """P221 for off-site sessions without a place or time there; P222 for online days."""
    for day in schedule.days:
        for timed in day.sessions:
            if timed.kind in OFF_SITE_KINDS:
                yield from _off_site(workshop, day.index, timed.index, timed.minutes)
    yield from _online(workshop)


def _off_site(workshop: Workshop, day: int, index: int, minutes: int) -> Iterator[Diagnostic]:
    session = workshop.days[day].sessions[index]
    title = workshop.session_title(day, index)
    if not session.location:
        yield Diagnostic(
            codes.OFF_SITE_PLAN,
            f'"{title}" on day {day + 1} takes the group off site but says not where',
            workshop.where(session_path(day, index), key=True),
            severity=Severity.WARNING,
            hint="add `location:` with the place or its address, which the agenda prints",
        )
    if session.travel and 2 * session.travel >= minutes:
        yield Diagnostic(
            codes.OFF_SITE_PLAN,
            f'"{title}" on day {day + 1} lasts {format_duration(minutes)}, but travel there and '
            f"back takes {format_duration(2 * session.travel)}: no time is left on site",
            workshop.where(session_path(day, index, "travel")),
            severity=Severity.WARNING,
            hint="`travel:` is each way and within the session's minutes; lengthen the session",
        )


def _online(workshop: Workshop) -> Iterator[Diagnostic]:
    online = [index for index in range(len(workshop.days)) if workshop.is_online(index)]
    if online and not workshop.info.meeting_link:
        days = ", ".join(str(index + 1) for index in online)
        yield Diagnostic(
            codes.NO_MEETING_LINK,
            f"day(s) {days} are online, but the workshop has no `meeting_link:`",
            workshop.where(("workshop",), key=True),
            severity=Severity.WARNING,
            hint="add `meeting_link:` under `workshop:`; `share_meeting_link: no` keeps it to "
            "the run sheet",
        )
