"""The agenda as an iCalendar file (RFC 5545): one event per session, in the workshop's zone.

The file is built with the ``icalendar`` library, which escapes text and folds long lines.
When the workshop has a time zone, every start and end carries its ``TZID`` and the calendar
holds a ``VTIMEZONE`` built from the zone's real transitions in the years of the workshop, so
calendar programs show the right local times without guessing. Without a zone the times are
floating: the same clock time wherever the calendar is opened.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import zoneinfo

from icalendar import Calendar, Event, Timezone, TimezoneDaylight, TimezoneStandard

from facilitation.catalogue.labels import load_labels
from facilitation.checking.scheduling import Schedule, TimedDay, TimedSession
from facilitation.model.loaded import Workshop

PRODUCT = "-//facilitation//workshop agenda//EN"


def _onset(
    local: dt.datetime, before: dt.timedelta, after: dt.timedelta, zone: zoneinfo.ZoneInfo
) -> dt.datetime:
    """The local time, on the clock before the change, at which ``zone`` moves to ``after``.

    RFC 5545 reads an observance's ``DTSTART`` with its ``TZOFFSETFROM``. ``icalendar`` gives
    the clock time after a change instead when the clocks go forward, which puts the change an
    hour late; this finds the true instant near ``local`` and writes it on the earlier clock.

    Args:
        local: The onset as ``icalendar`` wrote it, a naive local time.
        before: The UTC offset before the change (``TZOFFSETFROM``).
        after: The UTC offset after the change (``TZOFFSETTO``).
        zone: The zone the observance describes.

    Returns:
        The onset as RFC 5545 wants it; ``local`` itself when no change happens near it, as
        for the first observance, which only states the offset at the start of the range.
    """
    if before == after:
        return local
    second = dt.timedelta(seconds=1)
    for offset in (before, after):
        instant = (local - offset).replace(tzinfo=dt.UTC)
        if (instant - second).astimezone(zone).utcoffset() == before and (
            instant.astimezone(zone).utcoffset() == after
        ):
            return (instant + before).replace(tzinfo=None)
    return local


def _vtimezone(name: str, first: dt.date, last: dt.date) -> Timezone:
    """The ``VTIMEZONE`` of zone ``name`` for every day of the years from ``first`` to ``last``.

    Args:
        name: An IANA zone name, e.g. ``Europe/Belgrade``.
        first: The first day of the workshop.
        last: The last day of the workshop.

    Returns:
        The component, with one observance per offset the zone uses and each change dated.
    """
    zone = zoneinfo.ZoneInfo(name)
    timezone = Timezone.from_tzid(
        name, first_date=dt.date(first.year, 1, 1), last_date=dt.date(last.year + 1, 1, 1)
    )
    observances: list[TimezoneStandard | TimezoneDaylight] = [
        *timezone.standard,
        *timezone.daylight,
    ]
    for observance in observances:
        before, after = observance.TZOFFSETFROM, observance.TZOFFSETTO
        observance.DTSTART = _onset(observance.DTSTART, before, after, zone)
        rdates = [
            _onset(start, before, after, zone)
            for start, _ in observance.rdates
            if isinstance(start, dt.datetime)
        ]
        if rdates:
            observance.rdates = rdates
    return timezone


def _event(
    workshop: Workshop,
    day: TimedDay,
    timed: TimedSession,
    *,
    stamp: dt.datetime,
    zone: zoneinfo.ZoneInfo | None,
) -> Event:
    """The ``VEVENT`` of one session.

    Args:
        workshop: The workshop the session belongs to.
        day: The day of the session.
        timed: The session with its times, in minutes after midnight.
        stamp: When the calendar is written, in UTC.
        zone: The workshop's time zone; ``None`` writes floating local times.

    Returns:
        The event: UID, DTSTAMP, DTSTART, DTEND, SUMMARY (the session's title and the
        workshop's), CATEGORIES, CLASS (from the confidentiality), DESCRIPTION if there is an
        objective or an output, LOCATION (an off-site session's place; the meeting link of an
        online day; else room, venue, city) and URL (the meeting link, where it may be shared),
        and TRANSP (transparent for breaks, lunch and free time).
    """
    info = workshop.info
    session = timed.session
    midnight = dt.datetime.combine(day.date, dt.time(), tzinfo=zone)
    start = midnight + dt.timedelta(minutes=timed.start)
    end = midnight + dt.timedelta(minutes=timed.end)
    # NOTE: the UID must stay the same from one build to the next, so calendars update in place.
    key = f"{info.id}|{day.index}|{timed.index}|{session.id or ''}"
    uid = hashlib.sha1(key.encode("utf-8"), usedforsecurity=False).hexdigest()[:24]
    description = "\n".join(
        part for part in (session.objective or "", "; ".join(session.outputs)) if part
    )
    link = _meeting_link(workshop, day)
    location = _location(workshop, day, timed, link)
    event = Event()
    event.add("UID", f"{uid}@{info.id}.facilitation")
    event.add("DTSTAMP", stamp)
    event.add("DTSTART", start)
    event.add("DTEND", end)
    event.add("SUMMARY", f"{event_title(workshop, timed)} · {info.title}")
    event.add("CATEGORIES", [timed.kind])
    event.add("CLASS", _CLASSES[workshop.confidentiality])
    if description:
        event.add("DESCRIPTION", description)
    if location:
        event.add("LOCATION", location)
    if link:
        event.add("URL", link)
    # A break, lunch or free time leaves the attendee free: other meetings may be booked then.
    event.add("TRANSP", "TRANSPARENT" if timed.is_rest else "OPAQUE")
    return event


def _meeting_link(workshop: Workshop, day: TimedDay) -> str | None:
    """The link to join ``day`` with, where it is online and the link may be shared."""
    info = workshop.info
    online = workshop.is_online(day.index)
    return info.meeting_link if online and info.share_meeting_link else None


def _location(workshop: Workshop, day: TimedDay, timed: TimedSession, link: str | None) -> str:
    """Where a session is: the place off site, the meeting link online, else room and venue."""
    session = timed.session
    if session.location:  # off site: the place it goes to, not the venue it leaves from
        return session.location
    if workshop.is_online(day.index):
        return link or ""
    parts = (session.room, day_venue(workshop, day), workshop.info.city)
    return ", ".join(part for part in parts if part)


#: Each confidentiality level as RFC 5545's CLASS: who may see the event in a shared calendar.
_CLASSES = {
    "public": "PUBLIC",
    "internal": "PRIVATE",
    "restricted": "PRIVATE",
    "confidential": "CONFIDENTIAL",
}


def day_venue(workshop: Workshop, day: TimedDay) -> str:
    """Where a day takes place: its own venue, else the workshop's."""
    return workshop.days[day.index].venue or workshop.info.venue or ""


def event_title(workshop: Workshop, timed: TimedSession) -> str:
    """A session's title; a break without one is named by its kind, in the workshop's language."""
    return timed.session.title or str(load_labels(workshop.language)["kinds"][timed.kind])


def render_ics(workshop: Workshop, schedule: Schedule, *, now: dt.datetime | None = None) -> bytes:
    """The agenda as a calendar with one event per session.

    Args:
        workshop: The workshop, for its title, place and time zone.
        schedule: Its timed sessions, day by day.
        now: When the calendar is written, for every event's ``DTSTAMP``; the current time if
            not given. A naive time is taken as the machine's local time.

    Returns:
        The ``.ics`` file as UTF-8 bytes, with CRLF line ends and lines folded at 75 octets.
    """
    stamp = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC).replace(microsecond=0)
    zone_name = workshop.timezone
    zone = zoneinfo.ZoneInfo(zone_name) if zone_name else None
    calendar = Calendar()
    calendar.add("VERSION", "2.0")
    calendar.add("PRODID", PRODUCT)
    calendar.add("CALSCALE", "GREGORIAN")
    calendar.add("METHOD", "PUBLISH")
    calendar.add("X-WR-CALNAME", workshop.info.title)
    if zone_name:
        calendar.add("X-WR-TIMEZONE", zone_name)
    breaks = workshop.info.calendar_breaks
    for day in schedule.days:
        for timed in day.sessions:
            if timed.is_rest and not breaks:
                continue
            calendar.add_component(_event(workshop, day, timed, stamp=stamp, zone=zone))
    # NOTE: UTC needs no VTIMEZONE (its times end in Z); the zones go before the events.
    dates = [day.date for day in schedule.days]
    for index, tzid in enumerate(sorted(calendar.get_missing_tzids())):
        calendar.subcomponents.insert(index, _vtimezone(tzid, min(dates), max(dates)))
    ical: bytes = calendar.to_ical(sorted=False)
    return ical
