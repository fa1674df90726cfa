"""The charts of the outcome report: participation, feedback ratings and action status.

Participation and action status are bars, drawn by Word as shaded table cells
(:mod:`.bars`); the feedback ratings are a distribution, drawn as a picture.

Each chart comes with its alternative text and with its numbers, for a table next to it: a
reader who cannot see the picture, or prints it in grey, loses nothing. The images are drawn in
memory (:mod:`facilitation.documents.charts`); nothing is written to the build's folder.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Sequence
from typing import Any

from facilitation.documents import charts
from facilitation.documents.views import bars
from facilitation.documents.views.base import Image, ViewContext
from facilitation.documents.views.participants import Person, list_people, split_staff
from facilitation.model.outcomes import Action, Feedback

#: Width of a chart on the page, in millimetres (the text width of the report).
CHART_WIDTH_MM = charts.WIDTH_MM
#: The order of the states an action can be in, as the action status chart shows them.
ACTION_STATES: tuple[str, ...] = (
    "done",
    "in-progress",
    "on-time",
    "overdue",
    "cancelled",
)
#: The genders of the participation charts: women, men, and everyone else together.
_GENDER_GROUPS = ("female", "male", "other")


class _Figures:
    """Numbers the figures of one document in order."""

    def __init__(self, words: dict[str, Any]) -> None:
        self.words = words
        self.count = 0

    def caption(self, title: str) -> str:
        self.count += 1
        return str(self.words["figure"]).format(n=self.count, title=title)


def make_outcome_charts(
    ctx: ViewContext, feedback: Feedback | None, actions: list[Action], as_of: dt.date
) -> dict[str, Any]:
    """The report's charts: ``participation`` (a list), ``feedback`` and ``actions`` (or None).

    Each chart is a dict with ``image`` (an :class:`.Image` with its alt text), ``caption``,
    and, where no table of the report holds its numbers already, ``header`` and ``rows``.
    """
    figures = _Figures(ctx.labels["charts"])
    return {
        "participation": _participation(ctx, figures),
        "actions": _action_status(ctx, figures, actions, as_of),
        "feedback": _ratings(ctx, figures, feedback),
    }


def _participation(ctx: ViewContext, figures: _Figures) -> list[dict[str, Any]]:
    """Participants by country (when more than one) and by institution type, split by gender."""
    words, labels = ctx.labels["charts"], ctx.labels
    people = split_staff(list_people(ctx))[0]
    if not people:
        return []
    programme = ctx.workshop.programme
    no_country = str(labels["participants"]["no_country"])

    def country(person: Person) -> str:
        return programme.country_name(person.country) if person.country else no_country

    def kind(person: Person) -> str:
        return str(labels["institution_types"][person.institution_type])

    # Countries in the programme's order (regional and international last); types largest first.
    order = {code.code: index for index, code in enumerate(programme.countries)}
    by_country = sorted(people, key=lambda person: order.get(person.country or "", len(order)))
    shown = []
    if len({person.country for person in people}) > 1:
        heading = labels["participants"]["country"]
        shown.append((words["by_country_gender"], heading, by_country, country, False))
    heading = labels["participants"]["by_institution_type"]
    shown.append((words["by_type_gender"], heading, people, kind, True))
    return [
        _gender_chart(ctx, figures, (str(title), str(head)), group, key, by_size=by_size)
        for title, head, group, key, by_size in shown
    ]


def _gender_chart(
    ctx: ViewContext,
    figures: _Figures,
    titles: tuple[str, str],
    people: list[Person],
    key: Callable[[Person], str],
    *,
    by_size: bool,
) -> dict[str, Any]:
    """Word bars, one per group of ``people`` (in their order, or largest first ``by_size``).

    Each bar is stacked by gender, with the counts and the total beside it. ``titles`` are the
    chart's title and the heading of its table's first column.
    """
    labels, words = ctx.labels, ctx.labels["charts"]
    title, heading = titles
    counts: dict[str, Counter[str]] = {}
    for person in people:
        gender = person.participant.gender or "not-stated"
        group = gender if gender in ("female", "male") else "other"
        counts.setdefault(key(person), Counter())[group] += 1
    groups = list(counts)
    if by_size:
        groups.sort(key=lambda name: (-sum(counts[name].values()), name))
    names = {
        "female": str(labels["genders"]["female"]),
        "male": str(labels["genders"]["male"]),
        "other": str(words["other_gender"]),
    }
    # Women and men always; everyone else when someone is (so that an empty column does not
    # narrow the bars).
    present = [g for g in _GENDER_GROUPS if g != "other" or any(counts[n][g] for n in groups)]
    fills = dict(zip(_GENDER_GROUPS, bars.GENDER_FILLS, strict=True))
    series = [bars.Series(names[gender], fills[gender]) for gender in present]
    rows = [(name, [counts[name][gender] for gender in present]) for name in groups]
    table = bars.bar_table(heading, series, rows, total=str(words["total"]))
    return {"caption": figures.caption(title), **table}


def _action_status(
    ctx: ViewContext, figures: _Figures, actions: list[Action], as_of: dt.date
) -> dict[str, Any] | None:
    """How many actions are in each state as of the report's date (overdue apart), as Word bars."""
    if not actions:
        return None
    words, labels = ctx.labels["charts"], ctx.labels
    states = Counter(_state(action, as_of) for action in actions)
    names = {
        **{state: str(labels["statuses"].get(state, state)) for state in ACTION_STATES},
        "overdue": str(labels["outcome_report"]["overdue"]),
        "on-time": str(words["on_time"]),
    }
    shown = [state for state in ACTION_STATES if states[state]]
    table = bars.bar_table(
        str(labels["outcome_report"]["status"]),
        [bars.Series(str(words["action_items"]), bars.HEADING_FILL)],
        [(names[state], [states[state]]) for state in shown],
        fills=[bars.STATE_FILLS[state] for state in shown],
    )
    return {"caption": figures.caption(str(words["action_status"])), **table}


def _state(action: Action, as_of: dt.date) -> str:
    """``overdue``, ``on-time`` (open, not yet due), or the action's status."""
    if action.is_overdue(as_of):
        return "overdue"
    if action.status == "open":
        return "on-time"
    return action.status


def _ratings(
    ctx: ViewContext, figures: _Figures, feedback: Feedback | None
) -> dict[str, Any] | None:
    """The answers per score of every rated question (the questions on the first scale)."""
    if feedback is None:
        return None
    rated = [rating for rating in feedback.ratings if rating.scores]
    if not rated:
        return None
    scale = rated[0].scale
    rated = [rating for rating in rated if rating.scale == scale]
    counts = [score_counts(rating.scores, scale) for rating in rated]
    words = ctx.labels["charts"]
    title = str(words["ratings"])
    described = "; ".join(
        f"{rating.question} – {describe_scores(row)}"
        for rating, row in zip(rated, counts, strict=True)
    )
    image = charts.rating_distribution(
        [rating.question for rating in rated],
        counts,
        scale,
        legend=str(words["score"]),
    )
    alt = str(words["alt_ratings"]).format(title=title, scale=scale, figures=described)
    return {"image": chart_image(image, alt), "caption": figures.caption(title)}


def score_counts(scores: Sequence[int], scale: int) -> list[int]:
    """How many answers gave each score from 1 to ``scale``."""
    counted = Counter(scores)
    return [counted[score] for score in range(1, scale + 1)]


def describe_scores(counts: Sequence[int]) -> str:
    """``1: 0 · 2: 1 · 3: 4``: the answers per score, for a table cell and the alt text."""
    return " · ".join(f"{score}: {count}" for score, count in enumerate(counts, start=1))


def chart_image(data: bytes, alt: str, width_mm: float = CHART_WIDTH_MM) -> Image:
    """A chart drawn in memory, ``width_mm`` wide, its height from the image's proportions."""
    width, height = _png_size(data)
    return Image("chart.png", width_mm * height / width, alt=alt, data=data)


def _png_size(data: bytes) -> tuple[int, int]:
    """The width and height of a PNG image in pixels (from its header)."""
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
