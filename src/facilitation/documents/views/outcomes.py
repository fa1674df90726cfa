"""View data for the outcome report of one workshop, and the synthesis across many."""

from __future__ import annotations

import datetime as dt
from typing import Any

from facilitation.documents.language import Words
from facilitation.documents.views.base import (
    Image,
    ViewContext,
    add_footnotes,
    describe_workshop,
)
from facilitation.documents.views.participants import count_participants
from facilitation.model import Programme
from facilitation.model.loaded import Workshop
from facilitation.model.outcomes import Action, Activity, Outcomes

#: Height of photos in the outcome report, in millimetres.
PHOTO_HEIGHT_MM = 70.0


def institution_name(programme: Programme, value: str | None) -> str:
    """An institution's short name (its name, or the text as written when unknown)."""
    if not value:
        return ""
    institution = programme.institution(value)
    return (institution.short_name or institution.name) if institution else value


def describe_activity(
    workshop: Workshop, activity: Activity, labels: dict[str, Any]
) -> dict[str, Any]:
    """An activity as the report and the synthesis print it."""
    programme = workshop.programme
    return {
        "id": activity.id,
        "title": activity.title,
        "description": activity.description or "",
        "lead": institution_name(programme, activity.lead),
        "partners": ", ".join(
            institution_name(programme, partner) for partner in activity.partners
        ),
        "lead_country": programme.country_name(activity.lead_country),
        "countries": ", ".join(programme.country_name(code) for code in activity.countries),
        "timeframe": activity.timeframe or "",
        "status": labels["statuses"][activity.status],
        "phase": labels["dcm_phases"][activity.dcm_phase] if activity.dcm_phase else "",
    }


def describe_action(
    workshop: Workshop, action: Action, labels: dict[str, Any], dates: Words, today: dt.date
) -> dict[str, Any]:
    """An action item as the report and the synthesis print it, overdue against ``today``."""
    overdue = action.is_overdue(today)
    return {
        "what": action.what,
        "owner": workshop.programme.owner_name(action.owner),
        "due": dates.date(action.due) if action.due else labels["outcome_report"]["no_due"],
        "status": labels["statuses"][action.status],
        "overdue": labels["synthesis"]["overdue"] if overdue else "",
    }


def _by_due(actions: list[Action]) -> list[Action]:
    return sorted(actions, key=lambda action: (action.due is None, action.due or dt.date.max))


def make_outcome_report_view(ctx: ViewContext) -> dict[str, Any]:
    """The outcome report of a workshop."""
    workshop, labels = ctx.workshop, ctx.labels
    outcomes = workshop.all_outcomes() or Outcomes()
    view = describe_workshop(ctx, "outcome_report")
    words = labels["outcome_report"]
    actions = _by_due(list(outcomes.actions))
    open_actions = [a for a in actions if not a.is_closed]
    view["summary"] = [line for line in (outcomes.summary or "").splitlines() if line.strip()]
    view["next_steps"] = [
        describe_action(workshop, a, labels, ctx.dates, ctx.today) for a in open_actions[:3]
    ]
    view["counts"] = count_participants(ctx)
    view["agenda"] = _agenda_summary(ctx)
    view["results"] = _session_results(ctx, outcomes)
    view["decisions"] = [
        {
            "what": decision.what,
            "why": decision.why or "",
            "decided_by": decision.decided_by or "",
            "date": ctx.dates.date(decision.date or workshop.info.start),
        }
        for decision in outcomes.decisions
    ]
    view["national"] = [
        describe_activity(workshop, a, labels) for a in outcomes.activities if a.scope == "national"
    ]
    view["joint"] = [
        describe_activity(workshop, a, labels)
        for a in outcomes.activities
        if a.scope == "cross-border"
    ]
    view["roles"] = [
        {"who": workshop.programme.owner_name(role.who), "what": role.what, "team": role.team or ""}
        for role in outcomes.roles
    ]
    view["actions"] = [describe_action(workshop, a, labels, ctx.dates, ctx.today) for a in actions]
    view["questions"] = [
        {
            "kind": words["risk"] if question.kind == "risk" else words["question"],
            "text": question.text,
            "owner": workshop.programme.owner_name(question.owner) if question.owner else "",
        }
        for question in outcomes.questions
    ]
    view["feedback"] = _feedback(outcomes, words, ctx.dates)
    view["photos"] = [
        {
            "image": Image(str(source.photo_path(photo.file)), PHOTO_HEIGHT_MM),
            "caption": photo.caption,
        }
        for source in workshop.outcomes
        for photo in source.outcomes.photos
        if photo.consent and source.photo_path(photo.file).is_file()
    ]
    return add_footnotes(view, ctx)


def _agenda_summary(ctx: ViewContext) -> dict[str, Any]:
    """The agenda in a few lines: sessions, days, time, and each day's work sessions."""
    labels, schedule = ctx.labels, ctx.schedule
    totals = schedule.totals
    return {
        "line": str(labels["outcome_report"]["total_sessions"]).format(
            sessions=sum(1 for t in schedule.sessions() if not t.is_rest),
            days=len(schedule.days),
            work=ctx.dates.duration(totals.work),
            rest=ctx.dates.duration(totals.rest),
        ),
        "days": [
            {
                "label": str(labels["day"]["label"]).format(n=day.index + 1),
                "date": ctx.dates.date_long(day.date),
                "theme": ctx.workshop.days[day.index].theme or "",
                "sessions": ", ".join(
                    t.session.title or labels["kinds"][t.kind]
                    for t in day.sessions
                    if not t.is_rest
                ),
            }
            for day in schedule.days
        ],
    }


def _session_results(ctx: ViewContext, outcomes: Outcomes) -> list[dict[str, Any]]:
    """What came out of each session, with the session's title and time."""
    sessions = {s.id: s for day in ctx.workshop.days for s in day.sessions if s.id}
    timed = {t.session.id: t for t in ctx.schedule.sessions() if t.session.id}
    return [
        {
            "session": sessions[result.session].title or result.session
            if result.session in sessions
            else result.session,
            "time": ctx.dates.span(timed[result.session].start, timed[result.session].end)
            if result.session in timed
            else "",
            "summary": result.summary or "",
            "points": list(result.points),
        }
        for result in outcomes.results
    ]


def _feedback(outcomes: Outcomes, words: dict[str, Any], dates: Words) -> dict[str, Any]:
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
                "average": f"{dates.number(sum(rating.scores) / len(rating.scores))} / "
                f"{rating.scale}"
                if rating.scores
                else "—",
                "answers": len(rating.scores),
            }
            for rating in feedback.ratings
        ],
        "comments": list(feedback.comments),
    }
