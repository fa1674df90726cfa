"""View data: plain dictionaries that templates print, built from the timed agenda.

Templates get words and numbers, never models: times are already ``09:00–09:45``, people are
names, labels come from the catalogue. Views for documents that circulate are built from data
without contact details, so a template cannot print what it was never given.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from itertools import filterfalse
from typing import Any

from facilitation.catalogue.countries import find_country_code
from facilitation.catalogue.labels import load_labels
from facilitation.checking.scheduling import Schedule
from facilitation.documents.language import Words
from facilitation.model import Programme
from facilitation.model.fields import every_text
from facilitation.model.loaded import Workshop
from facilitation.model.workshop import Group

#: Cell shading of breaks and lunch in the agenda tables (hex RGB).
REST_SHADE = "EDF1F7"
#: Cell shading of ordinary rows.
PLAIN_SHADE = "FFFFFF"
#: Height of logos in the title block, in millimetres.
LOGO_HEIGHT_MM = 13.0


@dataclass(frozen=True)
class Image:
    """An image for a Word template; the Word renderer turns it into an inline picture.

    ``data`` holds a drawn image (a chart) in memory, so that no file is written for it;
    ``path`` then only names it. ``alt`` is the text a screen reader says for it.
    """

    path: str
    height_mm: float = LOGO_HEIGHT_MM
    alt: str = ""
    data: bytes | None = None


@dataclass
class ViewContext:
    """What every view needs: the workshop, its schedule, the labels and the date words."""

    workshop: Workshop
    schedule: Schedule
    labels: dict[str, Any]
    dates: Words
    today: dt.date
    #: Built for circulation: no contact details at all.
    shared: bool = False
    #: The date a report's status is as of (``--as-of``); ``None``: the report picks it.
    as_of: dt.date | None = None

    @classmethod
    def of(
        cls,
        workshop: Workshop,
        schedule: Schedule,
        today: dt.date | None = None,
        *,
        shared: bool = False,
        as_of: dt.date | None = None,
    ) -> ViewContext:
        """The context for ``workshop`` in its own language."""
        labels = load_labels(workshop.language)
        dates = Words.of(workshop.language)
        return cls(workshop, schedule, labels, dates, today or dt.date.today(), shared, as_of)


def describe_branding(
    programme: Programme, labels: dict[str, Any], document: str, level: str, language: str
) -> dict[str, Any]:
    """What every document prints whatever its subject: marking, programme, funders, partners."""
    funders = [
        {
            "name": funder.name,
            "statement": funder.statement or "",
            "emblem": funder.emblem,
            "logo": Image(funder.logo) if funder.logo else None,
        }
        for funder in programme.funders
    ]
    partners = [
        {
            "name": partner.name,
            "short_name": partner.short_name or partner.name,
            "logo": Image(partner.logo, LOGO_HEIGHT_MM * 0.65) if partner.logo else None,
        }
        for partner in programme.partners
    ]
    return {
        "labels": labels,
        "document": {
            "key": document,
            "title": labels["document"][document],
            "level": level,
            "marking": labels["confidentiality"][level],
            "marking_short": labels["confidentiality_mark"][level],
            "language": language,
            "footnotes": [],
        },
        "programme": {
            "name": programme.name,
            "short_name": programme.short_name or programme.name,
            # The name spelt out with its short form, where the body first names the programme.
            "full_name": f"{programme.name} ({programme.short_name})"
            if programme.short_name and programme.short_name != programme.name
            else programme.name,
            "reference": programme.reference or "",
            "organiser": programme.organiser or "",
        },
        "funders": funders,
        "partners": partners,
        "funding_line": " · ".join(funder.statement or funder.name for funder in programme.funders),
        "has_logos": any(funder.logo for funder in programme.funders)
        or any(partner.logo for partner in programme.partners),
    }


def describe_contact(
    programme: Programme, contact: str | None, *, shared: bool = False, brief: bool = False
) -> str:
    """One line for a contact: a team member's name, role and e-mail, or the text as written.

    A document built for circulation (``shared``) names the person and role only: no e-mail,
    no phone, like every other contact detail it leaves out. ``brief`` (for the footer of every
    page) gives the name and the e-mail only.
    """
    value = contact or programme.contact
    if not value:
        return ""
    member = programme.member(value)
    if member is None:
        return value
    reach = () if shared else (member.email,) if brief else (member.email, member.phone)
    role = () if brief else (member.role,)
    return ", ".join(part for part in (member.name, *role, *reach) if part)


def describe_status(
    labels: dict[str, Any],
    words: Words,
    status: str,
    version: str | None,
    issued: dt.date,
    contact: str = "",
) -> dict[str, Any]:
    """What a document says it is: version, status, date of issue and contact.

    Anything but ``final`` or ``signed`` is a draft, and a draft carries the DRAFT mark on every
    page (the templates print ``document.mark`` in the header).
    """
    words_for = labels["document_status"]
    draft = status not in ("final", "signed")
    version_text = version or "1"
    status_label = str(words_for[status])
    return {
        "status": status,
        "draft": draft,
        "status_label": status_label,
        "mark": str(words_for["mark"]) if draft else "",
        "version": version_text,
        "issued": words.date(issued),
        "issue_line": str(words_for["line"]).format(
            version=version_text, status=status_label, date=words.date(issued)
        ),
        "contact": contact,
        "contact_line": str(words_for["contact"]).format(contact=contact) if contact else "",
    }


def describe_subject(
    title: str, dates: str, place: str = "", subtitle: str = "", **more: Any
) -> dict[str, Any]:
    """What the title block, header and footer name: a workshop, an agreement, a synthesis."""
    return {"title": title, "subtitle": subtitle, "dates": dates, "place": place, **more}


def describe_workshop(ctx: ViewContext, document: str) -> dict[str, Any]:
    """What every workshop document prints: title block, marking, funders, partners."""
    workshop, labels = ctx.workshop, ctx.labels
    info = workshop.info
    first = ctx.schedule.first_date or info.start
    last = info.end or ctx.schedule.last_date or first
    place = ", ".join(
        part
        for part in (
            info.venue,
            info.city,
            ctx.workshop.programme.country_name(info.country) if info.country else None,
        )
        if part
    )
    view = describe_branding(
        workshop.programme, labels, document, workshop.confidentiality, workshop.language
    )
    view["workshop"] = describe_subject(
        info.title,
        ctx.dates.date_range(first, last),
        place,
        info.subtitle or "",
        id=info.id,
        type=labels["workshop_types"][info.type],
        phase=labels["dcm_phases"][info.dcm_phase] if info.dcm_phase else "",
        objectives=list(info.objectives),
        expected_results=list(info.expected_results),
    )
    view["document"].update(
        describe_status(
            labels,
            ctx.dates,
            info.status,
            info.version,
            info.issued or ctx.today,
            describe_contact(workshop.programme, info.contact, shared=ctx.shared, brief=True),
        )
    )
    return view


def group_name(ctx: ViewContext, group: Group) -> str:
    """A parallel group's name; one named after a country, in the document's language.

    The country's name is the programme's (CLDR's) whatever language the file wrote it in.
    """
    name = group.name or group.topic or ""
    code = find_country_code(name) if group.name else None
    programme = ctx.workshop.programme
    if code and any(country.code == code for country in programme.countries):
        return programme.country_name(code)
    return name


def add_footnotes(view: dict[str, Any], ctx: ViewContext | Programme) -> dict[str, Any]:
    """Add the programme's footnotes whose marker appears anywhere in the view's text."""
    programme = ctx if isinstance(ctx, Programme) else ctx.workshop.programme
    # NOTE: one text to search; a marker holds no NUL (XML text cannot), so none spans two.
    text = "\0".join(_strings(view)) if programme.footnotes else ""
    notes = []
    for footnote in programme.footnotes:
        markers = every_text(footnote.marker)
        if any(marker in text for marker in markers):
            suffix = re.search(r"[^\w\s]+$", footnote.marker)
            symbol = suffix.group(0) if suffix else footnote.marker
            notes.append({"marker": footnote.marker, "symbol": symbol, "text": footnote.text})
    view["document"]["footnotes"] = notes
    return view


def _strings(value: Any) -> list[str]:
    """Every text in ``value`` but its labels, in no particular order.

    Walked a level at a time (a view is deep as well as large): the texts of a level are picked
    out in C, so that only the values that are not texts (a row's number, a list, a dictionary)
    cost a step of Python each. Why: value by value, the walk took most of the time of the view
    of a list of 20,000 people.
    """
    found: list[str] = []
    level = [value]
    while level:
        found.extend(filter(str.__instancecheck__, level))
        inner: list[Any] = []
        for item in filterfalse(str.__instancecheck__, level):
            if isinstance(item, dict):
                if "labels" in item:
                    inner.extend(child for key, child in item.items() if key != "labels")
                else:
                    inner.extend(item.values())
            elif isinstance(item, list | tuple):
                inner.extend(item)
        level = inner
    return found
