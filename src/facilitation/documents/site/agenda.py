"""The participants' agenda page of one workshop in one language: plain data for the template.

Every value comes from an allow-list: the page is given the title, times, rooms, places, purpose,
outputs, speakers and parallel groups of each session, and nothing else. Facilitator notes,
the team's names, contact details, participants and the meeting link are never read here, so no
template, the user's own included, can print them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from facilitation.catalogue.methodology import OFF_SITE_KINDS
from facilitation.checking.scheduling import Schedule, TimedDay, TimedSession
from facilitation.documents.language import Words
from facilitation.documents.views.agenda import (
    registration_span,
    session_title,
    times_note,
    travel_text,
    venue_place,
    working_languages,
)
from facilitation.documents.views.base import ViewContext, add_footnotes, group_name
from facilitation.model.languages import choose
from facilitation.model.loaded import Workshop


def page_name(language: str) -> str:
    """The file of the agenda in ``language`` inside its workshop's folder: ``sr-Latn.html``."""
    return f"{language}.html"


def instant(day: dt.date, minutes: int, zone: str | None) -> str:
    """ISO 8601 local date-time of ``minutes`` after midnight of ``day``, with its UTC offset.

    Without a time zone the time is floating (no offset): a browser reads it in its own zone.
    """
    if zone is None:
        return (dt.datetime.combine(day, dt.time()) + dt.timedelta(minutes=minutes)).isoformat()
    return Words.instant(day, minutes, zone).isoformat()


def language_of(value: str, page: str, written_in: str, serbian: str) -> str:
    """The language ``value`` is printed in on a page in ``page``, for its ``lang`` attribute.

    ``page`` when the file gives the text in that language (or in the other script of Serbian,
    transliterated); else the language it falls back to. ``written_in`` is the language of the
    file the text was written in.
    """
    chosen = choose(value, page, written_in, serbian)
    return page if chosen.fallback is None or chosen.transliterated else chosen.fallback


def language_links(
    languages: Sequence[str], current: str = "", folder: str = ""
) -> list[dict[str, Any]]:
    """A language switch: each language named in itself, ``current`` marked as this page's.

    ``folder`` leads from the page to the agenda's folder (``kickoff-serbia/``, or nothing).
    """
    return [
        {
            "tag": tag,
            "name": Words.of(tag).language_name(tag),
            "href": folder + page_name(tag),
            "current": tag == current,
        }
        for tag in languages
    ]


def make_agenda_page(
    ctx: ViewContext, languages: Sequence[str], *, ics: str, written_in: str
) -> dict[str, Any]:
    """The agenda page of ``ctx.workshop`` in its language, built field by field.

    ``languages`` are every language the workshop's agenda is built in (the switch); ``ics``
    the name of its calendar file; ``written_in`` the language the workshop's file is written
    in (a text it gives in no other language is printed in it, with its own ``lang``).
    """
    workshop, info, dates = ctx.workshop, ctx.workshop.info, ctx.dates
    schedule = ctx.schedule
    first = schedule.first_date or info.start
    last = info.end or schedule.last_date or first
    lang = _Languages(workshop.language, written_in, workshop.serbian)
    page: dict[str, Any] = {
        "lang": workshop.language,
        "root": "../",
        "labels": ctx.labels,
        "document": {"footnotes": []},
        "programme": {"name": workshop.programme.name},
        "workshop": {
            "id": info.id,
            "title": info.title,
            "title_lang": lang.of(info.title),
            "subtitle": info.subtitle or "",
            "subtitle_lang": lang.of(info.subtitle),
            "dates": dates.date_range(first, last),
            "place": venue_place(ctx),
            "objectives": list(info.objectives),
            "objectives_lang": lang.of(info.objectives[0] if info.objectives else None),
            "languages": working_languages(ctx),
        },
        "marking": ctx.labels["confidentiality"][workshop.confidentiality],
        # Search engines leave out every page that is not public, wherever the site is put.
        "indexed": workshop.confidentiality == "public",
        "times_note": times_note(ctx, always=True),
        "languages": language_links(languages, workshop.language),
        "ics": ics,
        "days": [_day(ctx, day, lang) for day in schedule.days],
    }
    return add_footnotes(page, ctx)


class _Languages:
    """The language of each text of a page (see :func:`language_of`)."""

    def __init__(self, page: str, written_in: str, serbian: str) -> None:
        self.page, self.written_in, self.serbian = page, written_in, serbian

    def of(self, value: str | None) -> str:
        """The language ``value`` is printed in (the page's for nothing)."""
        if not value:
            return self.page
        return language_of(value, self.page, self.written_in, self.serbian)


def _day(ctx: ViewContext, day: TimedDay, lang: _Languages) -> dict[str, Any]:
    spec = ctx.workshop.days[day.index]
    number = day.index + 1
    return {
        "number": number,
        "id": f"day-{number}",
        "label": str(ctx.labels["day"]["label"]).format(n=number),
        "date": ctx.dates.date_long(day.date),
        "short_date": ctx.dates.date(day.date),
        "iso": day.date.isoformat(),
        "theme": spec.theme or "",
        "theme_lang": lang.of(spec.theme),
        "objective": spec.objective or "",
        "venue": spec.venue or "",
        "online": ctx.workshop.is_online(day.index),
        "sessions": [
            *_registration(ctx, day),
            *(_session(ctx, day, timed, lang) for timed in day.sessions),
        ],
    }


def _session(
    ctx: ViewContext, day: TimedDay, timed: TimedSession, lang: _Languages
) -> dict[str, Any]:
    """One session, from the fields a participant may read, and from no others."""
    session, zone = timed.session, ctx.workshop.timezone
    title = session_title(session.title, timed.kind, ctx.labels["kinds"])
    return {
        "id": session.id or "",
        "start": instant(day.date, timed.start, zone),
        "end": instant(day.date, timed.end, zone),
        "time": ctx.dates.span(timed.start, timed.end),
        "from": ctx.dates.clock(timed.start),
        "to": ctx.dates.clock(timed.end),
        "duration": ctx.dates.duration(timed.minutes),
        "title": title,
        "title_lang": lang.of(session.title) if session.title == title else lang.page,
        "kind": timed.kind,
        "kind_label": ctx.labels["kinds"][timed.kind],
        "is_rest": timed.is_rest,
        "purpose": session.objective or "",
        "purpose_lang": lang.of(session.objective),
        "outputs": list(session.outputs),
        "outputs_lang": lang.of(session.outputs[0] if session.outputs else None),
        "room": session.room or "",
        "location": session.location or "",
        "off_site": timed.kind in OFF_SITE_KINDS,
        "travel": travel_text(ctx, timed),
        "speakers": list(session.speakers),
        "moderator": session.moderator or "",
        "groups": [
            {"name": group_name(ctx, group), "room": group.room or ""}
            for group in timed.groups
            if group.name
        ],
    }


def _registration(ctx: ViewContext, day: TimedDay) -> list[dict[str, Any]]:
    """Registration before the first session, when the day says when it opens."""
    span = registration_span(ctx, day)
    if span is None:
        return []
    start, end = span[0], max(span)
    zone = ctx.workshop.timezone
    title = str(ctx.labels["agenda"]["registration"])
    return [
        {
            "id": "",
            "start": instant(day.date, start, zone),
            "end": instant(day.date, end, zone),
            "time": ctx.dates.span(start, end),
            "from": ctx.dates.clock(start),
            "to": ctx.dates.clock(end),
            "duration": ctx.dates.duration(end - start),
            "title": title,
            "title_lang": ctx.workshop.language,
            "kind": "registration",
            "kind_label": title,
            "is_rest": True,
            "purpose": "",
            "purpose_lang": ctx.workshop.language,
            "outputs": [],
            "outputs_lang": ctx.workshop.language,
            "room": "",
            "location": "",
            "off_site": False,
            "travel": "",
            "speakers": [],
            "moderator": "",
            "groups": [],
        }
    ]


def agenda_context(workshop: Workshop, schedule: Schedule) -> ViewContext:
    """The view context of a workshop already in the page's language; nothing for circulation.

    ``shared``: the agenda page is public in effect, so the context is built as for a copy
    that circulates.
    """
    return ViewContext.of(workshop, schedule, shared=True)
