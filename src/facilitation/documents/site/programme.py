"""The programme's pages: the list of workshops (public) and the dashboard (``--internal``).

The dashboard's numbers are the regional synthesis's: its view
(:func:`~facilitation.documents.views.synthesis.make_synthesis_view`) gives the joint activities,
the action items with their state as of the date, the progress per country, the DCM matrix and
the Compass table, so that the dashboard and ``facilitation synthesis`` never disagree. Only the
radars are drawn again, as SVG for the browser.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from facilitation.catalogue.labels import load_labels
from facilitation.checking.scheduling import Schedule
from facilitation.documents.language import Words
from facilitation.documents.site.agenda import language_links, language_of
from facilitation.documents.views.base import add_footnotes
from facilitation.model import Programme
from facilitation.model.fields import LocalText, every_text
from facilitation.model.languages import choose
from facilitation.model.loaded import Workshop

#: Width of a radar of the dashboard, in millimetres (it is scaled to the column it sits in).
RADAR_WIDTH_MM = 110.0


@dataclass(frozen=True)
class SiteWorkshop:
    """A workshop of the site: as written, its schedule, and the languages of its agenda."""

    workshop: Workshop
    schedule: Schedule
    languages: tuple[str, ...]


def in_language(value: str, language: str, workshop: Workshop) -> tuple[str, str]:
    """The text of ``value`` for a page in ``language``, and the language it is printed in.

    ``value`` is written in ``workshop``'s file (see :func:`~.agenda.language_of`).
    """
    text = choose(value, language, workshop.language, workshop.serbian).text
    return text, language_of(value, language, workshop.language, workshop.serbian)


def _workshop_rows(items: Sequence[SiteWorkshop], words: Words) -> list[dict[str, Any]]:
    """Each workshop as the programme's pages list it, with links to its agenda pages."""
    rows = []
    for item in items:
        info, schedule = item.workshop.info, item.schedule
        first = schedule.first_date or info.start
        last = info.end or schedule.last_date or first
        title, title_lang = in_language(info.title, words.language, item.workshop)
        places = [
            in_language(part, words.language, item.workshop)
            for part in (info.venue, info.city)
            if part
        ]
        rows.append(
            {
                "id": info.id,
                "title": title,
                "lang": title_lang,
                "dates": words.date_range(first, last),
                "place": ", ".join(text for text, _ in places),
                "place_lang": places[0][1] if places else words.language,
                "href": f"{info.id}/index.html",
                "languages": language_links(item.languages, folder=f"{info.id}/"),
            }
        )
    return rows


def make_index_page(
    items: Sequence[SiteWorkshop], language: str, *, dashboard: bool
) -> dict[str, Any]:
    """The programme's page: its workshops, and the dashboard's link with ``dashboard``."""
    programme = items[0].workshop.programme
    words = Words.of(language)
    page: dict[str, Any] = {
        "lang": language,
        "root": "",
        "labels": load_labels(language),
        "document": {"footnotes": []},
        "programme": {
            "name": programme.name,
            "short_name": programme.short_name or programme.name,
        },
        "workshops": _workshop_rows(items, words),
        "dashboard": "dashboard.html" if dashboard else "",
        "indexed": all(item.workshop.confidentiality == "public" for item in items),
    }
    return add_footnotes(page, with_every_marker(items, language))


def with_every_marker(items: Sequence[SiteWorkshop], language: str) -> Programme:
    """The programme in ``language``, its notes called by their markers in every language.

    A page of the programme names each workshop in the workshop's own language: a note is
    printed (in the page's language) when its marker appears in any of them (``Kosova*``).
    """
    from facilitation.documents.language import localise_workshop

    programme = localise_workshop(items[0].workshop, language).programme
    markers: list[list[str]] = [every_text(note.marker) for note in programme.footnotes]
    for item in items:
        own = localise_workshop(item.workshop, item.workshop.language).programme
        for found, note in zip(markers, own.footnotes, strict=False):
            found.extend(every_text(note.marker))
    notes = [
        note.model_copy(
            update={
                "marker": LocalText(
                    {str(index): text for index, text in enumerate(found)}, str(note.marker)
                )
            }
        )
        for note, found in zip(programme.footnotes, markers, strict=True)
    ]
    return programme.model_copy(update={"footnotes": notes})


@dataclass(frozen=True)
class Chart:
    """A chart of the dashboard: its file, its caption and the text that stands for it."""

    name: str
    caption: str
    alt: str
    data: bytes


def make_dashboard_page(
    items: Sequence[SiteWorkshop], as_of: dt.date
) -> tuple[dict[str, Any], list[Chart]]:
    """The programme dashboard as of ``as_of``, in the programme's language, and its charts."""
    from facilitation.documents.language import localise_workshop
    from facilitation.documents.views.synthesis import make_synthesis_view

    language = items[0].workshop.programme_language
    workshops = [localise_workshop(item.workshop, language) for item in items]
    schedules = [item.schedule for item in items]
    synthesis = make_synthesis_view(workshops, schedules, as_of, radars=False)
    words = Words.of(language)
    labels = synthesis["labels"]
    charts = _radars(workshops, words)
    # Overdue first, then by country in the programme's order (the region last), each by date.
    order = {row["scope"]: index for index, row in enumerate(synthesis["progress"])}
    actions = sorted(
        synthesis["actions"],
        key=lambda row: (row["state"] != "overdue", order.get(row["workshop"], len(order))),
    )
    written = _languages_of_outcomes([item.workshop for item in items], language)
    page: dict[str, Any] = {
        "lang": language,
        "root": "",
        "labels": labels,
        "document": {"footnotes": []},
        "programme": synthesis["programme"],
        "marking": synthesis["document"]["marking"],
        "indexed": False,
        "as_of": str(labels["synthesis"]["as_of"]).format(date=words.date(as_of)),
        "as_of_iso": as_of.isoformat(),
        "intro": str(labels["site"]["dashboard_intro"]).format(date=words.date(as_of)),
        "workshops": _workshop_rows(items, words),
        "overdue": sum(row["overdue"] for row in synthesis["progress"]),
        "progress": synthesis["progress"],
        "actions": [{**row, "lang": written.get(row["what"], language)} for row in actions],
        "joint": [
            {**row, "lang": written.get(row["title"], language)} for row in synthesis["joint"]
        ],
        "matrix_countries": synthesis["matrix_countries"],
        "dcm": synthesis["dcm"],
        "compass": synthesis["compass"],
        "charts": [
            {"src": chart.name, "caption": chart.caption, "alt": chart.alt} for chart in charts
        ],
    }
    return add_footnotes(page, with_every_marker(items, language)), charts


def _languages_of_outcomes(workshops: list[Workshop], language: str) -> dict[str, str]:
    """The language each action's and activity's text is printed in, on a page in ``language``.

    The synthesis prints a text in the programme's language where the outcomes give it, else as
    it was written: such a text gets its own ``lang`` attribute.
    """
    found: dict[str, str] = {}
    for workshop in workshops:
        outcomes = workshop.all_outcomes()
        if outcomes is None:
            continue
        texts = [action.what for action in outcomes.actions]
        texts += [activity.title for activity in outcomes.activities]
        for value in texts:
            text, written_in = in_language(value, language, workshop)
            found.setdefault(text, written_in)
    return found


def _radars(workshops: list[Workshop], words: Words) -> list[Chart]:
    """The synthesis's radars, drawn as SVG.

    See :func:`facilitation.documents.views.method.radar_charts`.
    """
    from facilitation.documents.views.assessment import make_assessment_view
    from facilitation.documents.views.method import radar_charts

    view = make_assessment_view(workshops, words.language)
    if not view["present"]:
        return []
    drawn = radar_charts(view, words, width_mm=RADAR_WIDTH_MM, svg=True)
    return [
        Chart(f"compass-{number}.svg", chart.caption, chart.alt, chart.data)
        for number, chart in enumerate(drawn, start=1)
    ]
