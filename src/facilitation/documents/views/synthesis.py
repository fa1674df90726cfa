"""View data of the regional synthesis across many workshops' outcomes.

The synthesis is for the donor and the regional management: it opens with an executive summary
and the key figures, groups workshops by scope (national ones by country, regional ones under the
region), and prints names and statuses, never ids or how activities were matched.
"""

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
    describe_contact,
    describe_status,
    describe_subject,
)
from facilitation.documents.views.method import (
    describe_action_chart,
    describe_compass_by_country,
    describe_dcm_progress,
)
from facilitation.documents.views.outcomes import (
    STATUS_SHADES,
    count_actions,
    describe_action,
    describe_activity,
    find_report_date,
    institution_name,
)
from facilitation.model.loaded import Workshop
from facilitation.model.outcomes import Action, Activity, Outcomes

#: Genders the figures give a column each; anyone else counts in the total only.
_GENDER_COLUMNS = ("female", "male")


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


def find_synthesis_date(
    workshops: list[Workshop], schedules: list[Schedule], as_of: dt.date | None
) -> dt.date:
    """The date the synthesis gives its status as of.

    ``as_of`` when given; else the latest date any of the workshops' outcome reports is as of
    (its ``reported:`` date, else its last day). Never the day of the build, for the reason
    :func:`~facilitation.documents.views.outcomes.find_report_date` gives.
    """
    if as_of is not None:
        return as_of
    return max(
        find_report_date(workshop, schedule, None)
        for workshop, schedule in zip(workshops, schedules, strict=True)
    )


def _scope_order(workshops: list[Workshop]) -> dict[str | None, int]:
    """National workshops in the programme's order of countries; regional ones (None) last."""
    order: dict[str | None, int] = {
        country.code: index for index, country in enumerate(workshops[0].programme.countries)
    }
    order[None] = len(order)
    return order


def make_synthesis_view(
    workshops: list[Workshop],
    schedules: list[Schedule],
    as_of: dt.date | None = None,
    *,
    radars: bool = True,
) -> dict[str, Any]:
    """The regional synthesis across ``workshops`` (they share one programme).

    ``radars``: with the Compass radars drawn for Word (the web dashboard draws its own).
    """
    order = _scope_order(workshops)
    paired = sorted(
        zip(workshops, schedules, strict=True),
        key=lambda pair: (order.get(pair[0].national_country, len(order)), pair[0].info.start),
    )
    workshops = [workshop for workshop, _ in paired]
    schedules = [schedule for _, schedule in paired]
    programme = workshops[0].programme
    language = workshops[0].language
    labels = load_labels(language)
    dates = Words.of(language)
    words = labels["synthesis"]
    day = find_synthesis_date(workshops, schedules, as_of)
    view = describe_branding(
        programme, labels, "synthesis", programme.confidentiality or "internal", language
    )
    view["document"].update(_status(workshops, labels, dates, day))
    firsts = [s.first_date or w.info.start for w, s in zip(workshops, schedules, strict=True)]
    lasts = [
        w.info.end or s.last_date or w.info.start for w, s in zip(workshops, schedules, strict=True)
    ]
    period = dates.date_range(min(firsts), max(lasts))
    national = sum(1 for w in workshops if w.national_country)
    title = (
        words["title_national"]
        if national == len(workshops)
        else words["title_regional"]
        if not national
        else words["title"]
    )
    view["workshop"] = describe_subject(title, period)
    view["as_of"] = str(words["as_of"]).format(date=dates.date(day))
    view["intro"] = str(words["intro"]).format(period=period, date=dates.date(day))
    scopes = _scopes(workshops, labels)
    view["workshops"] = _workshop_rows(workshops, firsts, lasts, scopes, dates)
    view["countries"] = _per_scope(workshops, scopes, labels, dates)
    countries = [
        c for c in programme.countries if any(w.national_country == c.code for w in workshops)
    ]
    view["joint"] = _joint_rows(workshops, countries, labels)
    view["matrix_countries"] = [c.name for c in countries]
    view["actions"] = _action_plan(workshops, scopes, labels, dates, day)
    view["people"] = _people_by_country(workshops, labels)
    view["progress"] = _progress_by_scope(workshops, scopes, day)
    view["figures"] = _key_figures(workshops, view, labels, day)
    view["action_chart"] = describe_action_chart(view["progress"], dates)
    view["dcm"] = describe_dcm_progress(programme, dates, day)
    view["compass"] = describe_compass_by_country(workshops, language, radars=radars)
    return add_footnotes(view, programme)


def _status(
    workshops: list[Workshop], labels: dict[str, Any], dates: Words, day: dt.date
) -> dict[str, Any]:
    """Final when every outcome record it brings together is final; a draft otherwise."""
    records = [w.all_outcomes() for w in workshops]
    final = all(record is not None and record.status == "final" for record in records)
    programme = workshops[0].programme
    return describe_status(
        labels,
        dates,
        "final" if final else "draft",
        None,
        day,
        describe_contact(programme, None, brief=True),
    )


def _scopes(workshops: list[Workshop], labels: dict[str, Any]) -> dict[str | None, str]:
    """The name of each scope: a country's name, and the region's (``None``)."""
    programme = workshops[0].programme
    names: dict[str | None, str] = {
        w.national_country: programme.country_name(w.national_country)
        for w in workshops
        if w.national_country
    }
    names[None] = labels["synthesis"]["region"]
    return names


def _workshop_rows(
    workshops: list[Workshop],
    firsts: list[dt.date],
    lasts: list[dt.date],
    scopes: dict[str | None, str],
    dates: Words,
) -> list[dict[str, Any]]:
    return [
        {
            "title": w.info.title,
            "scope": scopes[w.national_country],
            "dates": dates.date_range(first, last),
            "participants": len(_counted(w)[0]),
        }
        for w, first, last in zip(workshops, firsts, lasts, strict=True)
    ]


def _counted(workshop: Workshop) -> tuple[list[tuple[str | None, str | None]], bool]:
    """Each participant's country code and gender, and whether attendance was recorded.

    The people who run the workshop are not counted. When attendance is recorded, those who
    came on at least one day count (anyone without a record counts as absent, as in the
    outcome report); else the registered participants.
    """
    programme = workshop.programme
    people = [person for person in workshop.participants if not person.is_staff]
    recorded = any(person.attended is not None for person in people)
    if recorded:
        people = [person for person in people if person.days_attended(len(workshop.days))]
    return [(programme.country_code(p.country), p.gender) for p in people], recorded


def _people_by_country(workshops: list[Workshop], labels: dict[str, Any]) -> dict[str, Any]:
    """Participants of all the workshops by country and gender, with a total row.

    A person at two workshops counts twice: these are participations, as event reports count.
    """
    programme = workshops[0].programme
    known = {country.code for country in programme.countries}
    pairs = [_counted(workshop) for workshop in workshops]
    counted = Counter(
        (code if code in known else None, gender) for people, _ in pairs for code, gender in people
    )
    recorded = [was for _, was in pairs]
    source = "attended" if all(recorded) else "mixed" if any(recorded) else "registered"
    rows: list[dict[str, Any]] = []
    for code in [*(country.code for country in programme.countries), None]:
        total = sum(n for (c, _), n in counted.items() if c == code)
        if not total:
            continue
        rows.append(
            {
                "country": programme.country_name(code)
                if code
                else labels["participants"]["no_country"],
                **{gender: counted[(code, gender)] for gender in _GENDER_COLUMNS},
                "total": total,
            }
        )
    totals = {key: sum(row[key] for row in rows) for key in (*_GENDER_COLUMNS, "total")}
    words = labels["synthesis"]
    return {
        "rows": rows,
        "totals": totals,
        "note": words[f"participants_note_{source}"],
        "label": words[f"figure_participants_{source}"],
    }


def _per_scope(
    workshops: list[Workshop],
    scopes: dict[str | None, str],
    labels: dict[str, Any],
    dates: Words,
) -> list[dict[str, Any]]:
    """Each country's national activities and decisions; the region's come last."""
    groups = []
    for code, name in scopes.items():
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
        if activities or decisions:
            groups.append(
                {
                    "country": name,
                    "activities": activities,
                    # The region agrees no national activities: no "None recorded" for it.
                    "show_activities": bool(activities) or code is not None,
                    "decisions": decisions,
                }
            )
    return groups


def _naming_entry(group: _Joint, lead_code: str | None) -> tuple[Workshop, Activity]:
    """The record that names a joint activity in the synthesis.

    A regional workshop's first: it is held in the programme's working language, so the donor
    reads every title in one language; else the lead country's own wording; else the first.
    """
    entries = group.entries
    return next(
        (entry for entry in entries if entry[0].national_country is None),
        next((entry for entry in entries if entry[0].national_country == lead_code), entries[0]),
    )


def _joint_rows(
    workshops: list[Workshop], countries: list[Any], labels: dict[str, Any]
) -> list[dict[str, Any]]:
    """The joint activities, matched across workshops, with a country matrix each."""
    words = labels["synthesis"]
    programme = workshops[0].programme
    joint = []
    for group in match_joint_activities(workshops):
        committed = {w.national_country for w, _ in group.entries if w.national_country}
        named = {code for _, a in group.entries for code in a.countries}
        lead = Counter(a.lead_country for _, a in group.entries if a.lead_country).most_common(1)
        lead_code = lead[0][0] if lead else None
        first_workshop, first = _naming_entry(group, lead_code)
        # Its status as the record that names it gives it (the regional one, where there is one).
        described = describe_activity(first_workshop, first, labels)
        joint.append(
            {
                "title": first.title,
                "lead_country": programme.country_name(lead_code),
                "lead": institution_name(first_workshop.programme, first.lead),
                "committed": ", ".join(c.name for c in programme.countries if c.code in committed),
                "timeframe": first.timeframe or "",
                "status": described["status"],
                "shade": described["shade"],
                "cells": [
                    _matrix_cell(words, c.code == lead_code, c.code in committed, c.code in named)
                    for c in countries
                ],
            }
        )
    return joint


#: The country × activity matrix as a heat map drawn by Word: the lead country darkest, a country
#: that takes part lighter, the others blank (the words say it too, for print in grey).
MATRIX_SHADES = {"lead": "9CC3E6", "member": "DCEAF7", "": "FFFFFF"}


def _matrix_cell(words: dict[str, Any], lead: bool, committed: bool, named: bool) -> dict[str, str]:
    role = "lead" if lead and (committed or named) else "member" if committed else ""
    text = words["matrix_lead"] if role == "lead" else words["matrix_member"] if role else ""
    return {"text": str(text), "shade": MATRIX_SHADES[role]}


def _action_plan(
    workshops: list[Workshop],
    scopes: dict[str | None, str],
    labels: dict[str, Any],
    dates: Words,
    as_of: dt.date,
) -> list[dict[str, Any]]:
    """Every action of every workshop, by due date, done or overdue as of ``as_of``."""
    pairs = []
    for workshop in workshops:
        outcomes = workshop.all_outcomes()
        for action in outcomes.actions if outcomes else []:
            row = describe_action(workshop, action, labels, dates, as_of)
            row["workshop"] = scopes[workshop.national_country]
            pairs.append(((action.due is None, action.due or dt.date.max), row))
    return [row for _, row in sorted(pairs, key=lambda pair: pair[0])]


def _actions_of(workshop: Workshop) -> list[Action]:
    outcomes = workshop.all_outcomes()
    return list(outcomes.actions) if outcomes else []


def _progress_by_scope(
    workshops: list[Workshop], scopes: dict[str | None, str], as_of: dt.date
) -> list[dict[str, Any]]:
    """Per country (and the region): activities agreed and action items done, open, overdue."""
    rows = []
    for code, name in scopes.items():
        mine = [w for w in workshops if w.national_country == code]
        if not mine:
            continue
        actions = [action for w in mine for action in _actions_of(w)]
        activities = [a for w in mine for a in (w.all_outcomes() or Outcomes()).activities]
        counts = count_actions(actions, as_of)
        rows.append(
            {
                "scope": name,
                "national": sum(1 for a in activities if a.scope == "national"),
                "joint": sum(1 for a in activities if a.scope == "cross-border"),
                **counts,
                "overdue_shade": STATUS_SHADES["overdue"]
                if counts["overdue"]
                else STATUS_SHADES["open"],
            }
        )
    return rows


def _key_figures(
    workshops: list[Workshop], view: dict[str, Any], labels: dict[str, Any], as_of: dt.date
) -> list[dict[str, str]]:
    """The synthesis's figures at a glance."""
    words = labels["synthesis"]
    report = labels["outcome_report"]
    national = sum(1 for w in workshops if w.national_country)
    people = view["people"]["totals"]
    actions = count_actions([a for w in workshops for a in _actions_of(w)], as_of)
    genders = ", ".join(
        f"{labels['genders'][gender]}: {people[gender]}" for gender in _GENDER_COLUMNS
    )
    rows = [
        (
            words["figure_workshops"],
            str(words["figure_workshops_value"]).format(
                total=len(workshops), national=national, regional=len(workshops) - national
            ),
        ),
        (view["people"]["label"], f"{people['total']} ({genders})"),
        (
            report["figure_national"],
            str(sum(row["national"] for row in view["progress"])),
        ),
        (report["figure_joint"], str(len(view["joint"]))),
        (report["figure_actions"], str(report["figure_actions_value"]).format(**actions)),
    ]
    return [{"label": str(label), "value": value} for label, value in rows]
