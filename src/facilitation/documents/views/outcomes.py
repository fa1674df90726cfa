"""View data for the outcome report of one workshop; pieces the synthesis shares.

A report says what its status is as of: an action is done or overdue on a date, and that date is
printed on the cover. It is never the day of the build (see :func:`find_report_date`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

from facilitation.checking.scheduling import Schedule
from facilitation.documents.language import Words
from facilitation.documents.views.actuals import describe_actuals
from facilitation.documents.views.agenda import make_agenda_view
from facilitation.documents.views.base import (
    Image,
    ViewContext,
    add_footnotes,
    describe_contact,
    describe_status,
    describe_workshop,
)
from facilitation.documents.views.method import describe_workshop_compass
from facilitation.documents.views.outcome_charts import (
    describe_scores,
    make_outcome_charts,
    score_counts,
)
from facilitation.documents.views.participants import (
    count_attendance,
    count_participants,
    make_participants_view,
)
from facilitation.model import Programme
from facilitation.model.loaded import Workshop
from facilitation.model.outcomes import Action, Activity, Outcomes

#: Height of photos in the outcome report, in millimetres.
PHOTO_HEIGHT_MM = 70.0

#: Cell shading of a status, so that it reads at a glance (light, so black text stays legible).
STATUS_SHADES: dict[str, str] = {
    "done": "DDEFD6",
    "overdue": "F6D3CF",
    "in-progress": "FFF0C2",
    "ongoing": "FFF0C2",
    "postponed": "FBE3C9",
    "cancelled": "E7E7E7",
    "dropped": "E7E7E7",
    "open": "FFFFFF",
    "planned": "FFFFFF",
}

#: The report's sections in order; ``actuals`` only when the live console recorded the workshop,
#: ``photos`` only when there are photos to show, ``compass`` only when the workshop has a
#: self-assessment.
SECTIONS: tuple[str, ...] = (
    "summary",
    "objectives",
    "participation",
    "agenda",
    "actuals",
    "results",
    "decisions",
    "national",
    "joint",
    "roles",
    "actions",
    "questions",
    "feedback",
    "compass",
    "photos",
)
#: The label of each section's heading in ``outcome_report``.
_SECTION_LABELS = {
    "summary": "executive_summary",
    "objectives": "objectives",
    "participation": "participation",
    "agenda": "agenda_summary",
    "actuals": "planned_actual",
    "results": "results",
    "decisions": "decisions",
    "national": "national_activities",
    "joint": "joint_activities",
    "roles": "roles",
    "actions": "action_plan",
    "questions": "questions",
    "feedback": "feedback",
    "compass": "compass",
    "photos": "photos",
}


def find_report_date(workshop: Workshop, schedule: Schedule, as_of: dt.date | None) -> dt.date:
    """The date a workshop's outcome report gives its status as of.

    ``as_of`` (``--as-of``) when given; else the latest ``reported:`` date of its outcome
    records; else the workshop's last day. Never the day of the build: a report rebuilt next
    month must say what it said, and whether an action is done or overdue can only be judged
    on the day the record was last brought up to date (an action due after it may well be done
    and not yet recorded).
    """
    if as_of is not None:
        return as_of
    reported = [
        source.outcomes.reported for source in workshop.outcomes if source.outcomes.reported
    ]
    if reported:
        return max(reported)
    return workshop.info.end or schedule.last_date or workshop.info.start


def institution_name(programme: Programme, value: str | None) -> str:
    """An institution's name in full (the text as written when unknown).

    Not its short name: acronyms in the partners' languages mean nothing to a donor.
    """
    if not value:
        return ""
    institution = programme.institution(value)
    return institution.name if institution else value


def describe_owner(programme: Programme, owner: str, labels: dict[str, Any]) -> str:
    """Who owns an action or a task: a person or an institution by name.

    An owner written as a country code means the country's national team, and says so.
    """
    if programme.member(owner) is None and programme.institution(owner) is None:
        code = programme.country_code(owner)
        if code:
            country = programme.country_name(code)
            return str(labels["outcome_report"]["national_team"]).format(country=country)
    return programme.owner_name(owner)


def describe_activity(
    workshop: Workshop, activity: Activity, labels: dict[str, Any]
) -> dict[str, Any]:
    """An activity as the report and the synthesis print it: names, never ids."""
    programme = workshop.programme
    return {
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
        "shade": STATUS_SHADES[activity.status],
        "phase": labels["dcm_phases"][activity.dcm_phase] if activity.dcm_phase else "",
    }


def describe_action(
    workshop: Workshop, action: Action, labels: dict[str, Any], dates: Words, as_of: dt.date
) -> dict[str, Any]:
    """An action item as the report and the synthesis print it, overdue as of ``as_of``.

    Its status is a word and a cell shading: ``state`` is ``overdue`` for an open action due
    before ``as_of``, else its status.
    """
    overdue = action.is_overdue(as_of)
    state = "overdue" if overdue else action.status
    return {
        "what": action.what,
        "owner": describe_owner(workshop.programme, action.owner, labels),
        "due": dates.date(action.due) if action.due else labels["outcome_report"]["no_due"],
        "status": labels["statuses"][action.status],
        "overdue": labels["outcome_report"]["overdue"] if overdue else "",
        "state": state,
        "shade": STATUS_SHADES[state],
    }


def count_actions(actions: list[Action], as_of: dt.date) -> dict[str, int]:
    """How many actions there are, done, open (not done or cancelled) and overdue."""
    return {
        "total": len(actions),
        "done": sum(1 for action in actions if action.status == "done"),
        "open": sum(1 for action in actions if not action.is_closed),
        "overdue": sum(1 for action in actions if action.is_overdue(as_of)),
    }


def _by_due(actions: list[Action]) -> list[Action]:
    return sorted(actions, key=lambda action: (action.due is None, action.due or dt.date.max))


def make_outcome_report_view(ctx: ViewContext) -> dict[str, Any]:
    """The outcome report of a workshop: cover, contents, sections and annexes."""
    workshop, labels = ctx.workshop, ctx.labels
    outcomes = workshop.all_outcomes() or Outcomes()
    as_of = find_report_date(workshop, ctx.schedule, ctx.as_of)
    view = describe_workshop(ctx, "outcome_report")
    view["document"].update(
        describe_status(
            labels,
            ctx.dates,
            outcomes.status or "draft",
            outcomes.version,
            as_of,
            describe_contact(workshop.programme, workshop.info.contact, brief=True),
        )
    )
    words = labels["outcome_report"]
    view["as_of"] = str(words["as_of"]).format(date=ctx.dates.date(as_of))
    actions = _by_due(list(outcomes.actions))
    view["summary"] = [line for line in (outcomes.summary or "").splitlines() if line.strip()]
    view["next_steps"] = [
        describe_action(workshop, a, labels, ctx.dates, as_of) for a in actions if not a.is_closed
    ][:3]
    view["participation"] = describe_participation(ctx)
    view["agenda"] = _agenda_summary(ctx)
    view["actuals"] = describe_actuals(ctx, outcomes.actuals)
    view["results"] = _session_results(ctx, outcomes)
    view["decisions"] = _decisions(ctx, outcomes)
    view["national"] = [
        describe_activity(workshop, a, labels) for a in outcomes.activities if a.scope == "national"
    ]
    view["joint"] = [
        describe_activity(workshop, a, labels)
        for a in outcomes.activities
        if a.scope == "cross-border"
    ]
    view["roles"] = [
        {
            "who": describe_owner(workshop.programme, role.who, labels),
            "what": role.what,
            "team": role.team or "",
        }
        for role in outcomes.roles
    ]
    view["actions"] = [describe_action(workshop, a, labels, ctx.dates, as_of) for a in actions]
    view["action_counts"] = _action_line(words, ctx.dates, count_actions(actions, as_of), as_of)
    view["questions"] = _questions(ctx, outcomes)
    view["feedback"] = _feedback(outcomes, labels, ctx.dates)
    view["photos"] = _photos(workshop)
    view["charts"] = make_outcome_charts(ctx, outcomes.feedback, actions, as_of)
    view["compass"] = describe_workshop_compass(workshop, workshop.language)
    view["figures"] = _key_figures(
        view, labels, count_actions(actions, as_of), national=workshop.national_country is not None
    )
    view.update(_contents(view, labels))
    view["agenda"]["see"] = str(words["see_annex"]).format(annex=view["annex_titles"][0])
    view["annex"] = _annexes(ctx)
    return add_footnotes(view, ctx)


def _decisions(ctx: ViewContext, outcomes: Outcomes) -> list[dict[str, Any]]:
    return [
        {
            "what": decision.what,
            "why": decision.why or "",
            "decided_by": decision.decided_by or "",
            "date": ctx.dates.date(decision.date or ctx.workshop.info.start),
        }
        for decision in outcomes.decisions
    ]


def _questions(ctx: ViewContext, outcomes: Outcomes) -> list[dict[str, Any]]:
    words = ctx.labels["outcome_report"]
    programme = ctx.workshop.programme
    return [
        {
            "kind": words["risk"] if question.kind == "risk" else words["question"],
            "text": question.text,
            "owner": describe_owner(programme, question.owner, ctx.labels)
            if question.owner
            else "",
        }
        for question in outcomes.questions
    ]


def _photos(workshop: Workshop) -> list[dict[str, Any]]:
    """The photos everyone on them agreed to, with their captions."""
    return [
        {
            "image": Image(str(source.photo_path(photo.file)), PHOTO_HEIGHT_MM),
            "caption": photo.caption,
        }
        for source in workshop.outcomes
        for photo in source.outcomes.photos
        if photo.consent and source.photo_path(photo.file).is_file()
    ]


def _action_line(
    words: dict[str, Any], dates: Words, counts: dict[str, int], as_of: dt.date
) -> str:
    return str(words["actions_line"]).format(date=dates.date(as_of), **counts)


def describe_participation(ctx: ViewContext) -> dict[str, Any]:
    """Who took part, in figures, and where the figures come from.

    Attendance (who came each day, by sex, from the signed sheets) when it is recorded; the
    breakdown by country, institution and gender counts the registered participants, and the
    note under the heading says which is which.
    """
    words = ctx.labels["outcome_report"]
    counts = count_participants(ctx)
    attendance = count_attendance(ctx)
    if not attendance["recorded"]:
        return {
            "counts": counts,
            "source": words["from_registrations"],
            "attended": False,
            "days": [],
            "missing_note": "",
        }
    days = [
        {**day, "label": f"{day['label']} · {ctx.dates.date(day['date'])}"}
        for day in attendance["days"]
    ]
    if len(days) > 1:
        days.append(
            {**attendance["overall"], "label": ctx.labels["participants"]["attendance_any"]}
        )
    return {
        "counts": counts,
        "source": words["from_attendance"],
        "attended": True,
        "overall": attendance["overall"],
        "days": days,
        "missing_note": attendance["missing_note"],
    }


def _key_figures(
    view: dict[str, Any], labels: dict[str, Any], actions: dict[str, int], *, national: bool
) -> list[dict[str, str]]:
    """The report's figures at a glance, for the executive summary."""
    words = labels["outcome_report"]
    participation = view["participation"]
    if participation["attended"]:
        overall = participation["overall"]
        label = words["figure_attended"]
        genders = [(labels["genders"][g], overall[g]) for g in ("female", "male") if overall[g]]
        total = overall["total"]
    else:
        counts = participation["counts"]
        label = words["figure_registered"]
        genders = [(item["label"], item["count"]) for item in counts["genders"]]
        total = counts["total"]
    shown = ", ".join(f"{name}: {count}" for name, count in genders)
    rows = [
        (label, f"{total} ({shown})" if shown else str(total)),
        (words["figure_decisions"], str(len(view["decisions"]))),
        # A regional workshop agrees no national activities: no figure rather than a 0.
        (
            words["figure_national"],
            str(len(view["national"])) if national or view["national"] else "",
        ),
        (words["figure_joint"], str(len(view["joint"]))),
        (words["figure_actions"], str(words["figure_actions_value"]).format(**actions)),
    ]
    return [{"label": str(label), "value": value} for label, value in rows if value]


def _contents(view: dict[str, Any], labels: dict[str, Any]) -> dict[str, Any]:
    """The numbered section headings, and the contents list that names them in order."""
    words = labels["outcome_report"]
    shown = [
        key
        for key in SECTIONS
        if (key != "photos" or view["photos"])
        and (key != "compass" or view["compass"]["shown"])
        and (key != "actuals" or view["actuals"]["shown"])
    ]
    heading = {
        key: f"{number}. {words[_SECTION_LABELS[key]]}" for number, key in enumerate(shown, start=1)
    }
    annexes = [
        str(words["annex"]).format(n=1, title=labels["document"]["agenda"]),
        str(words["annex"]).format(n=2, title=labels["document"]["participants"]),
    ]
    return {
        "heading": heading,
        "annex_titles": annexes,
        "contents": [heading[key] for key in shown] + annexes,
    }


def _annexes(ctx: ViewContext) -> dict[str, Any]:
    """The agenda and the participant list as shared (no contact details), in full."""
    agenda = make_agenda_view(ctx)
    people = make_participants_view(replace(ctx, shared=True)) if ctx.workshop.participants else {}
    return {
        "days": agenda["days"],
        "groups": people.get("groups", []),
        "staff": people.get("staff", []),
        "has_participants": bool(people.get("groups")),
    }


def _agenda_summary(ctx: ViewContext) -> dict[str, Any]:
    """The agenda in a few lines: sessions, days, time, and each day's theme (the annex has all)."""
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


def _feedback(outcomes: Outcomes, labels: dict[str, Any], dates: Words) -> dict[str, Any]:
    words, charts = labels["outcome_report"], labels["charts"]
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
                "distribution": str(charts["scores"]).format(
                    counts=describe_scores(score_counts(rating.scores, rating.scale))
                )
                if rating.scores
                else "",
            }
            for rating in feedback.ratings
        ],
        "comments": list(feedback.comments),
    }
