"""View data for the outcome report of one workshop, and the synthesis across many."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from typing import Any

from facilitation.catalogue.labels import DateFormatter, labels_for
from facilitation.checking.scheduling import Schedule, clock, duration_text
from facilitation.documents.views.workshop import (
    Image,
    ViewContext,
    branding,
    common,
    participant_counts,
    subject,
    with_footnotes,
)
from facilitation.model import Programme
from facilitation.model.loaded import Workshop
from facilitation.model.outcomes import Action, Activity, Outcomes

#: Height of photos in the outcome report, in millimetres.
PHOTO_HEIGHT_MM = 70.0


def _institution_name(programme: Programme, value: str | None) -> str:
    """An institution's short name (its name, or the text as written when unknown)."""
    if not value:
        return ""
    institution = programme.institution(value)
    return (institution.short_name or institution.name) if institution else value


def _activity(workshop: Workshop, activity: Activity, labels: dict[str, Any]) -> dict[str, Any]:
    programme = workshop.programme
    return {
        "id": activity.id,
        "title": activity.title,
        "description": activity.description or "",
        "lead": _institution_name(programme, activity.lead),
        "partners": ", ".join(
            _institution_name(programme, partner) for partner in activity.partners
        ),
        "lead_country": programme.country_name(activity.lead_country),
        "countries": ", ".join(programme.country_name(code) for code in activity.countries),
        "timeframe": activity.timeframe or "",
        "status": labels["statuses"][activity.status],
        "phase": labels["dcm_phases"][activity.dcm_phase] if activity.dcm_phase else "",
    }


def _action(
    workshop: Workshop, action: Action, labels: dict[str, Any], dates: DateFormatter, today: dt.date
) -> dict[str, Any]:
    overdue = action.is_overdue(today)
    return {
        "what": action.what,
        "owner": workshop.programme.owner_name(action.owner),
        "due": dates.single(action.due) if action.due else labels["outcome_report"]["no_due"],
        "status": labels["statuses"][action.status],
        "overdue": labels["synthesis"]["overdue"] if overdue else "",
    }


def _by_due(actions: list[Action]) -> list[Action]:
    return sorted(actions, key=lambda action: (action.due is None, action.due or dt.date.max))


def outcome_report_view(ctx: ViewContext) -> dict[str, Any]:
    """The outcome report of a workshop."""
    workshop, labels = ctx.workshop, ctx.labels
    outcomes = workshop.all_outcomes() or Outcomes()
    view = common(ctx, "outcome_report")
    words = labels["outcome_report"]
    sessions = {s.id: s for day in workshop.days for s in day.sessions if s.id}
    timed = {t.session.id: t for t in ctx.schedule.sessions() if t.session.id}
    actions = _by_due(list(outcomes.actions))
    open_actions = [a for a in actions if not a.is_closed]
    view["summary"] = [line for line in (outcomes.summary or "").splitlines() if line.strip()]
    view["next_steps"] = [
        _action(workshop, a, labels, ctx.dates, ctx.today) for a in open_actions[:3]
    ]
    view["counts"] = participant_counts(ctx)
    totals = ctx.schedule.totals
    view["agenda"] = {
        "line": str(words["total_sessions"]).format(
            sessions=sum(1 for t in ctx.schedule.sessions() if not t.is_rest),
            days=len(ctx.schedule.days),
            work=duration_text(totals.work),
            rest=duration_text(totals.rest),
        ),
        "days": [
            {
                "label": str(labels["day"]["label"]).format(n=day.index + 1),
                "date": ctx.dates.long(day.date),
                "theme": workshop.days[day.index].theme or "",
                "sessions": ", ".join(
                    t.session.title or labels["kinds"][t.kind]
                    for t in day.sessions
                    if not t.is_rest
                ),
            }
            for day in ctx.schedule.days
        ],
    }
    view["results"] = [
        {
            "session": sessions[result.session].title or result.session
            if result.session in sessions
            else result.session,
            "time": f"{clock(timed[result.session].start)}–{clock(timed[result.session].end)}"
            if result.session in timed
            else "",
            "summary": result.summary or "",
            "points": list(result.points),
        }
        for result in outcomes.results
    ]
    view["decisions"] = [
        {
            "what": decision.what,
            "why": decision.why or "",
            "decided_by": decision.decided_by or "",
            "date": ctx.dates.single(decision.date or workshop.info.start),
        }
        for decision in outcomes.decisions
    ]
    view["national"] = [
        _activity(workshop, a, labels) for a in outcomes.activities if a.scope == "national"
    ]
    view["joint"] = [
        _activity(workshop, a, labels) for a in outcomes.activities if a.scope == "cross-border"
    ]
    view["roles"] = [
        {"who": workshop.programme.owner_name(role.who), "what": role.what, "team": role.team or ""}
        for role in outcomes.roles
    ]
    view["actions"] = [_action(workshop, a, labels, ctx.dates, ctx.today) for a in actions]
    view["questions"] = [
        {
            "kind": words["risk"] if question.kind == "risk" else words["question"],
            "text": question.text,
            "owner": workshop.programme.owner_name(question.owner) if question.owner else "",
        }
        for question in outcomes.questions
    ]
    view["feedback"] = _feedback(outcomes, words)
    view["photos"] = [
        {
            "image": Image(str(source.photo_path(photo.file)), PHOTO_HEIGHT_MM),
            "caption": photo.caption,
        }
        for source in workshop.outcomes
        for photo in source.outcomes.photos
        if photo.consent and source.photo_path(photo.file).is_file()
    ]
    return with_footnotes(view, ctx)


def _feedback(outcomes: Outcomes, words: dict[str, Any]) -> dict[str, Any]:
    feedback = outcomes.feedback
    if feedback is None:
        return {"present": False, "responses": "", "ratings": [], "comments": []}
    return {
        "present": True,
        "responses": str(words["responses"]).format(n=feedback.responses)
        if feedback.responses is not None
        else "",
        "ratings": [
            {
                "question": rating.question,
                "average": f"{sum(rating.scores) / len(rating.scores):.1f} / {rating.scale}"
                if rating.scores
                else "—",
                "answers": len(rating.scores),
            }
            for rating in feedback.ratings
        ],
        "comments": list(feedback.comments),
    }


# --- the regional synthesis ---------------------------------------------------------------------


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


def synthesis_view(
    workshops: list[Workshop], schedules: list[Schedule], as_of: dt.date
) -> dict[str, Any]:
    """The regional synthesis across ``workshops`` (they share one programme)."""
    order = {country.code: index for index, country in enumerate(workshops[0].programme.countries)}
    paired = sorted(
        zip(workshops, schedules, strict=True),
        key=lambda pair: (order.get(pair[0].info.country or "", len(order)), pair[0].info.start),
    )
    workshops = [workshop for workshop, _ in paired]
    schedules = [schedule for _, schedule in paired]
    programme = workshops[0].programme
    language = programme.language or "en"
    labels = labels_for(language)
    dates = DateFormatter(labels)
    words = labels["synthesis"]
    view = branding(
        programme, labels, "synthesis", programme.confidentiality or "internal", language
    )
    firsts = [s.first_date or w.info.start for w, s in zip(workshops, schedules, strict=True)]
    lasts = [s.last_date or w.info.start for w, s in zip(workshops, schedules, strict=True)]
    view["workshop"] = subject(words["title"], dates.range(min(firsts), max(lasts)))
    view["as_of"] = str(words["as_of"]).format(date=dates.single(as_of))
    view["workshops"] = [
        {
            "title": w.info.title,
            "country": programme.country_name(w.info.country),
            "dates": dates.range(first, last),
        }
        for w, first, last in zip(workshops, firsts, lasts, strict=True)
    ]
    countries = [c for c in programme.countries if any(w.info.country == c.code for w in workshops)]
    per_country = []
    for country in countries:
        activities, decisions = [], []
        for workshop in workshops:
            outcomes = workshop.all_outcomes()
            if outcomes is None or workshop.info.country != country.code:
                continue
            activities += [
                _activity(workshop, a, labels) for a in outcomes.activities if a.scope == "national"
            ]
            decisions += [
                {"what": d.what, "date": dates.single(d.date or workshop.info.start)}
                for d in outcomes.decisions
            ]
        per_country.append(
            {"country": country.name, "activities": activities, "decisions": decisions}
        )
    view["countries"] = per_country
    joint = []
    for group in match_joint_activities(workshops):
        committed = {w.info.country for w, _ in group.entries if w.info.country}
        named = {code for _, a in group.entries for code in a.countries}
        lead = Counter(a.lead_country for _, a in group.entries if a.lead_country).most_common(1)
        lead_code = lead[0][0] if lead else None
        # The lead country's own wording names the activity; else the first workshop's.
        first_workshop, first = next(
            ((w, a) for w, a in group.entries if w.info.country == lead_code), group.entries[0]
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
                "lead": _institution_name(first_workshop.programme, first.lead),
            }
        )
    view["joint"] = joint
    view["matrix_countries"] = [c.code for c in countries]
    pairs = []
    for workshop in workshops:
        outcomes = workshop.all_outcomes()
        for action in outcomes.actions if outcomes else []:
            row = _action(workshop, action, labels, dates, as_of)
            row["workshop"] = programme.country_name(workshop.info.country) or workshop.info.title
            pairs.append(((action.due is None, action.due or dt.date.max), row))
    view["actions"] = [row for _, row in sorted(pairs, key=lambda pair: pair[0])]
    return with_footnotes(view, programme)
