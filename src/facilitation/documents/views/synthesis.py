"""View data of the regional synthesis across many workshops' outcomes."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from typing import Any

from facilitation.catalogue.labels import load_labels
from facilitation.checking.scheduling import Schedule
from facilitation.documents.language import Words
from facilitation.documents.views.base import (
    add_footnotes,
    describe_branding,
    describe_subject,
)
from facilitation.documents.views.outcomes import (
    describe_action,
    describe_activity,
    institution_name,
)
from facilitation.model.loaded import Workshop
from facilitation.model.outcomes import Activity
from facilitation.model.programme import Country


def normalise_title(title: str) -> str:
    """A title reduced for matching: no case, accents, punctuation or extra spaces."""
    text = unicodedata.normalize("NFKD", title.casefold())
    text = "".join(char for char in text if not unicodedata.combining(char))
    return " ".join(re.sub(r"[^\w\s]", " ", text).split())


@dataclass
class _Joint:
    ids: set[str]
    titles: set[str]
    entries: list[tuple[Workshop, Activity]]
    by_title: bool = False


def match_joint_activities(workshops: list[Workshop]) -> list[_Joint]:
    """Group the cross-border activities of many workshops: by id, else by normalised title."""
    groups: list[_Joint] = []
    for workshop in workshops:
        outcomes = workshop.all_outcomes()
        if outcomes is None:
            continue
        for activity in outcomes.activities:
            if activity.scope != "cross-border":
                continue
            title = normalise_title(activity.title)
            same_id = next((g for g in groups if activity.id in g.ids), None)
            same_title = next((g for g in groups if title in g.titles), None)
            group = same_id or same_title
            if group is None:
                groups.append(_Joint({activity.id}, {title}, [(workshop, activity)]))
                continue
            if same_id is None:
                group.by_title = True
            group.ids.add(activity.id)
            group.titles.add(title)
            group.entries.append((workshop, activity))
    return groups


def make_synthesis_view(
    workshops: list[Workshop], schedules: list[Schedule], as_of: dt.date
) -> dict[str, Any]:
    """The regional synthesis across ``workshops`` (they share one programme)."""
    order = {country.code: index for index, country in enumerate(workshops[0].programme.countries)}
    paired = sorted(
        zip(workshops, schedules, strict=True),
        key=lambda pair: (
            order.get(pair[0].national_country or "", len(order)),
            pair[0].info.start,
        ),
    )
    workshops = [workshop for workshop, _ in paired]
    schedules = [schedule for _, schedule in paired]
    programme = workshops[0].programme
    language = workshops[0].language
    labels = load_labels(language)
    dates = Words.of(language)
    words = labels["synthesis"]
    view = describe_branding(
        programme, labels, "synthesis", programme.confidentiality or "internal", language
    )
    firsts = [s.first_date or w.info.start for w, s in zip(workshops, schedules, strict=True)]
    lasts = [s.last_date or w.info.start for w, s in zip(workshops, schedules, strict=True)]
    view["workshop"] = describe_subject(words["title"], dates.date_range(min(firsts), max(lasts)))
    view["as_of"] = str(words["as_of"]).format(date=dates.date(as_of))
    view["workshops"] = [
        {
            "title": w.info.title,
            "country": programme.country_name(w.national_country)
            if w.national_country
            else labels["participants"]["no_country"],
            "dates": dates.date_range(first, last),
        }
        for w, first, last in zip(workshops, firsts, lasts, strict=True)
    ]
    countries = [
        c for c in programme.countries if any(w.national_country == c.code for w in workshops)
    ]
    view["countries"] = _per_country(workshops, countries, labels, dates)
    view["joint"] = _joint_rows(workshops, countries, words)
    view["matrix_countries"] = [c.code for c in countries]
    view["actions"] = _action_plan(workshops, labels, dates, as_of)
    return add_footnotes(view, programme)


def _per_country(
    workshops: list[Workshop],
    countries: list[Country],
    labels: dict[str, Any],
    dates: Words,
) -> list[dict[str, Any]]:
    """Each country's national activities and decisions, from its workshops.

    Workshops that name no country come last, under the label for regional participants.
    """
    per_country = []
    groups: list[tuple[str | None, str]] = [(country.code, country.name) for country in countries]
    if any(workshop.national_country is None for workshop in workshops):
        groups.append((None, labels["participants"]["no_country"]))
    for code, name in groups:
        activities, decisions = [], []
        for workshop in workshops:
            outcomes = workshop.all_outcomes()
            if outcomes is None or workshop.national_country != code:
                continue
            activities += [
                describe_activity(workshop, a, labels)
                for a in outcomes.activities
                if a.scope == "national"
            ]
            decisions += [
                {"what": d.what, "date": dates.date(d.date or workshop.info.start)}
                for d in outcomes.decisions
            ]
        per_country.append({"country": name, "activities": activities, "decisions": decisions})
    return per_country


def _joint_rows(
    workshops: list[Workshop], countries: list[Country], words: dict[str, Any]
) -> list[dict[str, Any]]:
    """The joint activities, matched across workshops, with a country matrix each."""
    programme = workshops[0].programme
    joint = []
    for group in match_joint_activities(workshops):
        committed = {w.national_country for w, _ in group.entries if w.national_country}
        named = {code for _, a in group.entries for code in a.countries}
        lead = Counter(a.lead_country for _, a in group.entries if a.lead_country).most_common(1)
        lead_code = lead[0][0] if lead else None
        # The lead country's own wording names the activity; else the first workshop's.
        first_workshop, first = next(
            ((w, a) for w, a in group.entries if w.national_country == lead_code), group.entries[0]
        )
        joint.append(
            {
                "title": first.title,
                "ids": ", ".join(sorted(group.ids)),
                "matched_by": words["by_title"] if group.by_title else words["by_id"],
                "lead_country": programme.country_name(lead_code),
                "committed": ", ".join(c.name for c in programme.countries if c.code in committed),
                "cells": [
                    words["matrix_lead"]
                    if c.code == lead_code and c.code in committed | named
                    else words["matrix_member"]
                    if c.code in committed
                    else ""
                    for c in countries
                ],
                "lead": institution_name(first_workshop.programme, first.lead),
            }
        )
    return joint


def _action_plan(
    workshops: list[Workshop], labels: dict[str, Any], dates: Words, as_of: dt.date
) -> list[dict[str, Any]]:
    """Every action of every workshop, by due date, overdue against ``as_of``."""
    programme = workshops[0].programme
    pairs = []
    for workshop in workshops:
        outcomes = workshop.all_outcomes()
        for action in outcomes.actions if outcomes else []:
            row = describe_action(workshop, action, labels, dates, as_of)
            row["workshop"] = (
                programme.country_name(workshop.national_country) or workshop.info.title
            )
            pairs.append(((action.due is None, action.due or dt.date.max), row))
    return [row for _, row in sorted(pairs, key=lambda pair: pair[0])]
