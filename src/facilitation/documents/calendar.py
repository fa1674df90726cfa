"""The agenda as an iCalendar file (RFC 5545): one event per session, in the workshop's zone.

The calendar carries its own VTIMEZONE, built from the zone's real transitions in the years of
the workshop, so calendar programs show the right local times without guessing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import zoneinfo
from collections.abc import Iterator

from facilitation.checking.scheduling import Schedule
from facilitation.model.loaded import Workshop

PRODUCT = "-//facilitation//workshop agenda//EN"


def _escape(text: str) -> str:
    return (
        text.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\n")
        .replace("\n", "\\n")
    )


def _fold(line: str) -> Iterator[str]:
    """Fold a content line at 75 octets without splitting a UTF-8 character."""
    data = line.encode("utf-8")
    first = True
    while data:
        limit = 75 if first else 74
        cut = min(limit, len(data))
        while cut < len(data) and (data[cut] & 0xC0) == 0x80:
            cut -= 1
        chunk, data = data[:cut], data[cut:]
        yield ("" if first else " ") + chunk.decode("utf-8")
        first = False


def _local(moment: dt.datetime) -> str:
    return moment.strftime("%Y%m%dT%H%M%S")


def _offset(delta: dt.timedelta | None) -> str:
    seconds = int((delta or dt.timedelta()).total_seconds())
    sign = "+" if seconds >= 0 else "-"
    seconds = abs(seconds)
    return f"{sign}{seconds // 3600:02d}{seconds % 3600 // 60:02d}"


def _transitions(
    zone: zoneinfo.ZoneInfo, year: int
) -> list[tuple[dt.datetime, dt.timedelta, dt.timedelta, bool, str]]:
    """(local start, offset before, offset after, is daylight, name) of each change in ``year``."""
    found = []
    utc = dt.UTC
    moment = dt.datetime(year, 1, 1, tzinfo=utc)
    end = dt.datetime(year + 1, 1, 1, tzinfo=utc)
    step = dt.timedelta(days=1)
    previous = moment.astimezone(zone).utcoffset()
    while moment < end:
        following = moment + step
        offset = following.astimezone(zone).utcoffset()
        if offset != previous:
            low, high = moment, following
            while high - low > dt.timedelta(minutes=1):
                middle = low + (high - low) / 2
                if middle.astimezone(zone).utcoffset() == previous:
                    low = middle
                else:
                    high = middle
            change = high.replace(second=0, microsecond=0)
            local_before = (change + (previous or dt.timedelta())).replace(tzinfo=None)
            after = change.astimezone(zone)
            found.append(
                (
                    local_before,
                    previous or dt.timedelta(),
                    offset or dt.timedelta(),
                    bool(after.dst()),
                    after.tzname() or zone.key,
                )
            )
            previous = offset
        moment = following
    return found


def _vtimezone(name: str, years: set[int]) -> list[str]:
    zone = zoneinfo.ZoneInfo(name)
    lines = ["BEGIN:VTIMEZONE", f"TZID:{name}"]
    components = []
    for year in sorted(years):
        components.extend(_transitions(zone, year))
    if not components:
        january = dt.datetime(min(years), 1, 1, tzinfo=zone)
        offset = _offset(january.utcoffset())
        abbreviation = january.tzname() or name
        return [
            *lines,
            "BEGIN:STANDARD",
            "DTSTART:19700101T000000",
            f"TZOFFSETFROM:{offset}",
            f"TZOFFSETTO:{offset}",
            f"TZNAME:{abbreviation}",
            "END:STANDARD",
            "END:VTIMEZONE",
        ]
    for local_start, before, after, daylight, abbreviation in components:
        kind = "DAYLIGHT" if daylight else "STANDARD"
        lines += [
            f"BEGIN:{kind}",
            f"DTSTART:{_local(local_start)}",
            f"TZOFFSETFROM:{_offset(before)}",
            f"TZOFFSETTO:{_offset(after)}",
            f"TZNAME:{abbreviation}",
            f"END:{kind}",
        ]
    return [*lines, "END:VTIMEZONE"]


def render_ics(workshop: Workshop, schedule: Schedule, *, now: dt.datetime | None = None) -> bytes:
    """The agenda as a calendar with one event per session."""
    stamp = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    zone_name = workshop.timezone
    info = workshop.info
    location = ", ".join(part for part in (info.venue, info.city) if part)
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODUCT}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{_escape(info.title)}",
    ]
    if zone_name:
        lines.append(f"X-WR-TIMEZONE:{zone_name}")
        # NOTE: the year before too, so the zone's offset is defined before the first change.
        years = {year for day in schedule.days for year in (day.date.year - 1, day.date.year)}
        lines += _vtimezone(zone_name, years)
    for day in schedule.days:
        for timed in day.sessions:
            session = timed.session
            start = dt.datetime.combine(day.date, dt.time()) + dt.timedelta(minutes=timed.start)
            end = dt.datetime.combine(day.date, dt.time()) + dt.timedelta(minutes=timed.end)
            when = f";TZID={zone_name}" if zone_name else ""
            key = f"{info.id}|{day.index}|{timed.index}|{session.id or ''}"
            uid = hashlib.sha1(key.encode("utf-8"), usedforsecurity=False).hexdigest()[:24]
            title = session.title or timed.kind.capitalize()
            description = "\n".join(
                part for part in (session.objective or "", "; ".join(session.outputs)) if part
            )
            lines += [
                "BEGIN:VEVENT",
                f"UID:{uid}@{info.id}.facilitation",
                f"DTSTAMP:{stamp}",
                f"DTSTART{when}:{_local(start)}",
                f"DTEND{when}:{_local(end)}",
                f"SUMMARY:{_escape(title)}",
                f"CATEGORIES:{_escape(timed.kind)}",
            ]
            if description:
                lines.append(f"DESCRIPTION:{_escape(description)}")
            room = session.room or location
            if room:
                lines.append(f"LOCATION:{_escape(room)}")
            lines += ["TRANSP:OPAQUE", "END:VEVENT"]
    lines.append("END:VCALENDAR")
    folded = [physical for line in lines for physical in _fold(line)]
    return ("\r\n".join(folded) + "\r\n").encode("utf-8")
