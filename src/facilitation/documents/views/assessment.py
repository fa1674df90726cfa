"""The Compass self-assessment in numbers: per workshop, per country, for the region, over time.

The numbers come first (:func:`summarise_responses`, :func:`group_assessments`,
:func:`compare_summaries`), as plain dataclasses that charts and tables both draw from; then
:func:`describe_summary`, :func:`describe_change` and :func:`make_assessment_view` turn them into
view data in the document's language.

Rules the numbers keep:

* A group (a workshop, a country, the region at one time) with fewer than
  :data:`~facilitation.model.assessment.MIN_GROUP` respondents is never shown: its summary says
  so (``shown`` is False) and holds no numbers. An aspect with fewer answers than that in a group
  that is shown has no numbers either. The answers still count for the larger groups.
* An aspect's mean and spread are over the answers to it (a skipped answer is missing, not 0);
  the spread is the sample standard deviation, and the quartiles are given for the IQR.
* A dimension's score for one respondent is the mean of their answers to its three aspects;
  the dimension's mean and spread are over those scores.
* Assessments on different scales are put on the scale 1-5 before they are pooled.

This is a self-assessment in this tool's own wording of the catalogue's aspects; it is not the
publisher's official Collective Leadership Compass assessment.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from facilitation.catalogue.translations import translate
from facilitation.documents.language import Words
from facilitation.model.assessment import MIN_GROUP, Assessment, Response
from facilitation.model.loaded import Workshop
from facilitation.reading.assessment import list_aspects

#: How many aspects the strengths, needs-attention and disagreement lists name.
TOP = 3
#: The common scale of pooled assessments.
COMMON_SCALE = (1, 5)
#: The order of the times of an assessment.
TIMES = ("baseline", "follow-up")


@dataclass(frozen=True)
class AspectStats:
    """The answers to one aspect in a group; the numbers are None when it is not shown."""

    id: str
    dimension: str
    answers: int
    mean: float | None = None
    sd: float | None = None
    q1: float | None = None
    median: float | None = None
    q3: float | None = None

    @property
    def iqr(self) -> float | None:
        """The interquartile range (Q3 - Q1)."""
        return None if self.q1 is None or self.q3 is None else self.q3 - self.q1


@dataclass(frozen=True)
class DimensionStats:
    """The dimension scores of a group's respondents (each the mean of their answers to it)."""

    id: str
    respondents: int
    mean: float | None = None
    sd: float | None = None


@dataclass(frozen=True)
class Summary:
    """The numbers of one group of respondents, on the scale ``low``-``high``."""

    respondents: int
    low: int
    high: int
    #: False for a group of fewer than MIN_GROUP respondents: then the lists are empty.
    shown: bool
    aspects: list[AspectStats] = field(default_factory=list)
    dimensions: list[DimensionStats] = field(default_factory=list)
    #: True for a group of MIN_GROUP or more that is not shown all the same, because a smaller
    #: group could be worked out from it and the groups shown beside it.
    protected: bool = False

    def aspect(self, aspect: str) -> AspectStats | None:
        """The stats of ``aspect``, if the group has them."""
        return next((stats for stats in self.aspects if stats.id == aspect), None)

    def dimension(self, dimension: str) -> DimensionStats | None:
        """The stats of ``dimension``, if the group has them."""
        return next((stats for stats in self.dimensions if stats.id == dimension), None)


@dataclass(frozen=True)
class Group:
    """A group of respondents: a workshop, a country or the region, at one time."""

    #: ``workshop``, ``country`` or ``region``.
    kind: str
    #: The workshop id, the country code, or "" for the region.
    key: str
    #: ``baseline`` or ``follow-up``.
    when: str
    summary: Summary


def summarise_responses(responses: Sequence[Response], low: int, high: int) -> Summary:
    """The means, spreads and quartiles of ``responses``, per aspect and per dimension.

    Args:
        responses: One a respondent, all on the scale ``low``-``high``.
        low: The lowest answer of the scale.
        high: The highest answer of the scale.

    Returns:
        The summary; with ``shown`` False and no numbers when there are fewer than
        :data:`MIN_GROUP` respondents.
    """
    if len(responses) < MIN_GROUP:
        return Summary(len(responses), low, high, shown=False)
    aspects = [
        _aspect_stats(
            aspect, dimension, [r.answers[aspect] for r in responses if aspect in r.answers]
        )
        for dimension, aspect, _ in list_aspects()
    ]
    dimensions = []
    for dimension in dict.fromkeys(dimension for dimension, _, _ in list_aspects()):
        ids = [aspect for owner, aspect, _ in list_aspects() if owner == dimension]
        scores = [
            statistics.fmean(values)
            for response in responses
            if (values := [response.answers[a] for a in ids if a in response.answers])
        ]
        dimensions.append(_dimension_stats(dimension, scores))
    return Summary(len(responses), low, high, True, aspects, dimensions)


def _aspect_stats(aspect: str, dimension: str, values: list[float]) -> AspectStats:
    if len(values) < MIN_GROUP:
        return AspectStats(aspect, dimension, len(values))
    q1, median, q3 = statistics.quantiles(values, n=4, method="inclusive")
    return AspectStats(
        aspect,
        dimension,
        len(values),
        statistics.fmean(values),
        statistics.stdev(values),
        q1,
        median,
        q3,
    )


def _dimension_stats(dimension: str, scores: list[float]) -> DimensionStats:
    if len(scores) < MIN_GROUP:
        return DimensionStats(dimension, len(scores))
    return DimensionStats(
        dimension, len(scores), statistics.fmean(scores), statistics.stdev(scores)
    )


def rescale(responses: Iterable[Response], low: int, high: int) -> list[Response]:
    """``responses`` on the scale ``low``-``high`` put on :data:`COMMON_SCALE`."""
    if (low, high) == COMMON_SCALE:
        return list(responses)
    to_low, to_high = COMMON_SCALE
    factor = (to_high - to_low) / (high - low)
    return [
        replace(
            response,
            answers={
                aspect: to_low + (value - low) * factor
                for aspect, value in response.answers.items()
            },
        )
        for response in responses
    ]


def _pooled(parts: list[tuple[Assessment, list[Response]]]) -> Summary:
    """One summary of the responses of several assessments (rescaled when scales differ)."""
    scales = {(assessment.low, assessment.high) for assessment, _ in parts}
    if len(scales) == 1:
        ((low, high),) = scales
        return summarise_responses([r for _, rs in parts for r in rs], low, high)
    pooled = [r for assessment, rs in parts for r in rescale(rs, assessment.low, assessment.high)]
    return summarise_responses(pooled, *COMMON_SCALE)


def _country_of(workshop: Workshop, response: Response) -> str | None:
    """The country a response counts for: its own, else its national workshop's."""
    return response.country or workshop.national_country


def group_assessments(workshops: Sequence[Workshop]) -> list[Group]:
    """Every group of the workshops' self-assessments: per workshop, per country, the region.

    A national workshop's respondents count for its country; a respondent whose row names a
    country counts for that country; every respondent counts for the region. Groups are per
    time (baseline, follow-up), in the order workshops, countries (by code), region; baseline
    before follow-up.

    Args:
        workshops: Loaded workshops; those without an assessment are passed over.

    Returns:
        The groups, each with its summary (not shown when it has fewer than MIN_GROUP
        respondents).
    """
    assessed = [(w, w.assessment) for w in workshops if w.assessment is not None]
    groups = [
        Group("workshop", w.info.id, a.when, _pooled([(a, a.responses)])) for w, a in assessed
    ]
    by_country: dict[tuple[str, str], list[tuple[Assessment, list[Response]]]] = {}
    by_time: dict[str, list[tuple[Assessment, list[Response]]]] = {}
    for workshop, assessment in assessed:
        by_time.setdefault(assessment.when, []).append((assessment, assessment.responses))
        for response in assessment.responses:
            country = _country_of(workshop, response)
            if country is not None:
                parts = by_country.setdefault((country, assessment.when), [])
                if not parts or parts[-1][0] is not assessment:
                    parts.append((assessment, []))
                parts[-1][1].append(response)
    members = [frozenset(id(r) for r in a.responses) for _, a in assessed]
    for (country, when), parts in sorted(by_country.items(), key=_country_order):
        groups.append(Group("country", country, when, _pooled(parts)))
        members.append(frozenset(id(r) for _, rs in parts for r in rs))
    for when in sorted(by_time, key=TIMES.index):
        groups.append(Group("region", "", when, _pooled(by_time[when])))
        members.append(frozenset(id(r) for _, rs in by_time[when] for r in rs))
    return protect_complements(groups, members)


def protect_complements(groups: list[Group], members: list[frozenset[int]]) -> list[Group]:
    """``groups`` with more withheld where a group withheld could be worked out from the rest.

    A group of fewer than :data:`MIN_GROUP` is not shown; but when the region is shown and so
    are all its countries but one, that one's numbers follow from the others (the region's sum
    less theirs). So for every group shown, the respondents it has beyond the groups shown
    within it must be none or at least :data:`MIN_GROUP`; where they are fewer, the smallest
    group shown within it is withheld too (``protected``), until that holds.

    Why by hand: statistical disclosure control libraries (sdcMicro, tau-Argus) are not
    Python packages of this stack, and the groups here are few and nested.

    Args:
        groups: The groups, each with its summary.
        members: For each group, the identities of its respondents.
    """
    shown = [group.summary.shown for group in groups]
    changed = True
    while changed:
        changed = False
        for outer, whole in enumerate(members):
            if not shown[outer]:
                continue
            inner = [
                index
                for index, part in enumerate(members)
                if shown[index] and index != outer and part < whole
            ]
            covered = frozenset().union(*(members[index] for index in inner))
            rest = len(whole - covered)
            if inner and 0 < rest < MIN_GROUP:
                smallest = min(inner, key=lambda index: (len(members[index]), index))
                shown[smallest] = False
                changed = True
    return [
        group
        if shown[index] or not group.summary.shown
        else replace(
            group,
            summary=Summary(
                group.summary.respondents,
                group.summary.low,
                group.summary.high,
                shown=False,
                protected=True,
            ),
        )
        for index, group in enumerate(groups)
    ]


def _country_order(item: tuple[tuple[str, str], Any]) -> tuple[str, int]:
    (country, when), _ = item
    return country, TIMES.index(when)


@dataclass(frozen=True)
class Change:
    """The change of one aspect or dimension from a baseline to a follow-up."""

    id: str
    before: float | None
    after: float | None

    @property
    def change(self) -> float | None:
        """After minus before; None when either is not shown."""
        return None if self.before is None or self.after is None else self.after - self.before


def compare_summaries(before: Summary, after: Summary) -> tuple[list[Change], list[Change]]:
    """The change per aspect and per dimension from ``before`` to ``after``.

    Both must be on the same scale (pooled groups are on :data:`COMMON_SCALE`); a mean that is
    not shown gives no change.

    Returns:
        The changes of the 18 aspects and of the six dimensions, in catalogue order.
    """
    aspects = [
        Change(aspect, _mean(before.aspect(aspect)), _mean(after.aspect(aspect)))
        for _, aspect, _ in list_aspects()
    ]
    dimensions = [
        Change(dimension, _mean(before.dimension(dimension)), _mean(after.dimension(dimension)))
        for dimension in dict.fromkeys(dimension for dimension, _, _ in list_aspects())
    ]
    return aspects, dimensions


def _mean(stats: AspectStats | DimensionStats | None) -> float | None:
    return None if stats is None else stats.mean


def rank_aspects(summary: Summary) -> tuple[list[str], list[str], list[str]]:
    """The strengths, the aspects that need attention and those with most disagreement.

    Strengths are the :data:`TOP` aspects with the highest means, needs attention the
    :data:`TOP` with the lowest (none in both), disagreement the :data:`TOP` with the largest
    spread; ties keep catalogue order. Empty for a group that is not shown.
    """
    rated = [stats for stats in summary.aspects if stats.mean is not None]
    by_mean = sorted(rated, key=lambda stats: -(stats.mean or 0.0))
    strengths = [stats.id for stats in by_mean[:TOP]]
    lowest = sorted(rated, key=lambda stats: stats.mean or 0.0)
    attention = [stats.id for stats in lowest if stats.id not in strengths][:TOP]
    spread = sorted(rated, key=lambda stats: -(stats.sd or 0.0))
    return strengths, attention, [stats.id for stats in spread[:TOP]]


def name_aspect(aspect: str, language: str) -> str:
    """The catalogue's name of ``aspect`` in ``language``."""
    for dimension, candidate, english in list_aspects():
        if candidate == aspect:
            return translate(language, f"dimensions.{dimension}.aspects.{aspect}.name", english)
    return aspect


def _number(value: float | None, words: Words, digits: int = 1) -> str:
    return "" if value is None else words.number(value, digits)


def _withheld(summary: Summary, words: Words) -> str:
    """The sentence printed instead of a group that is not shown ("" for a group shown)."""
    if summary.shown:
        return ""
    key = "protected" if summary.protected else "withheld"
    return str(words.labels["assessment"][key]).format(n=MIN_GROUP)


def describe_summary(summary: Summary, label: str, words: Words) -> dict[str, Any]:
    """View data of one group: its numbers as texts in the document's language.

    Args:
        summary: The group's numbers.
        label: The group as the document names it (a workshop, a country, the region).
        words: The document's language.

    Returns:
        ``label``, ``respondents`` (a number), ``respondents_text``, ``shown``, ``withheld``
        (the sentence printed instead of a group that is not shown, else ""), ``scale``
        (e.g. "Scale 1–5"), ``aspects`` and ``dimensions`` (rows with ``id``, ``name``,
        ``dimension``, the numbers as floats and as texts: ``mean``/``mean_text``,
        ``sd``/``sd_text``, ``iqr``/``iqr_text``, ``answers``), and ``strengths``,
        ``attention``, ``disagreement`` (lists of aspect names).
    """
    labels = words.labels["assessment"]
    view: dict[str, Any] = {
        "label": label,
        "respondents": summary.respondents,
        "respondents_text": labels["respondents"].format(n=summary.respondents),
        "shown": summary.shown,
        "withheld": _withheld(summary, words),
        "protected": summary.protected,
        "scale": labels["scale"].format(low=summary.low, high=summary.high),
        "aspects": [_aspect_row(stats, words) for stats in summary.aspects],
        "dimensions": [
            {
                "id": stats.id,
                "name": words.labels["compass"].get(stats.id, stats.id),
                "respondents": stats.respondents,
                "mean": stats.mean,
                "mean_text": _number(stats.mean, words),
                "sd": stats.sd,
                "sd_text": _number(stats.sd, words),
            }
            for stats in summary.dimensions
        ],
    }
    strengths, attention, disagreement = rank_aspects(summary)
    for key, ids in (
        ("strengths", strengths),
        ("attention", attention),
        ("disagreement", disagreement),
    ):
        view[key] = [name_aspect(aspect, words.language) for aspect in ids]
    return view


def _aspect_row(stats: AspectStats, words: Words) -> dict[str, Any]:
    return {
        "id": stats.id,
        "name": name_aspect(stats.id, words.language),
        "dimension": stats.dimension,
        "dimension_name": words.labels["compass"].get(stats.dimension, stats.dimension),
        "answers": stats.answers,
        "mean": stats.mean,
        "mean_text": _number(stats.mean, words),
        "sd": stats.sd,
        "sd_text": _number(stats.sd, words),
        "iqr": stats.iqr,
        "iqr_text": _number(stats.iqr, words),
    }


def describe_change(before: Summary, after: Summary, words: Words) -> dict[str, Any]:
    """View data of the change from a baseline to a follow-up, per aspect and per dimension.

    Returns:
        ``shown`` (False when either group is not shown; then ``withheld`` says why and the
        rows are empty), ``aspects`` and ``dimensions``: rows with ``id``, ``name``,
        ``before``, ``after``, ``change`` (floats or None) and their texts (``before_text``,
        ``after_text``, ``change_text`` with its sign).
    """
    shown = before.shown and after.shown
    view: dict[str, Any] = {
        "shown": shown,
        "withheld": "" if shown else _withheld(after if before.shown else before, words),
        "aspects": [],
        "dimensions": [],
    }
    if not shown:
        return view
    aspects, dimensions = compare_summaries(before, after)
    for key, changes, name in (
        ("aspects", aspects, lambda id_: name_aspect(id_, words.language)),
        ("dimensions", dimensions, lambda id_: words.labels["compass"].get(id_, id_)),
    ):
        view[key] = [
            {
                "id": change.id,
                "name": name(change.id),
                "before": change.before,
                "after": change.after,
                "change": change.change,
                "before_text": _number(change.before, words),
                "after_text": _number(change.after, words),
                "change_text": _signed(change.change, words),
            }
            for change in changes
        ]
    return view


def _signed(value: float | None, words: Words) -> str:
    if value is None:
        return ""
    text = words.number(abs(value), 1)
    return text if round(value, 1) == 0 else ("+" if value > 0 else "−") + text


def make_assessment_view(workshops: Sequence[Workshop], language: str) -> dict[str, Any]:
    """The self-assessment of a set of workshops, for a synthesis or a report.

    Args:
        workshops: The workshops (localised or not); those without an assessment are passed over.
        language: The document's language.

    Returns:
        ``present`` (False when no workshop has an assessment), ``note`` (that this is not the
        publisher's official assessment), ``workshops``, ``countries`` and ``region``: lists of
        :func:`describe_summary` views, each with ``kind``, ``key`` and ``when`` (and
        ``when_label``); and ``changes``: for each country and the region that has both a
        baseline and a follow-up, ``label``, ``key`` and :func:`describe_change`'s view.
    """
    words = Words.of(language)
    labels = words.labels["assessment"]
    groups = group_assessments(workshops)
    titles = {w.info.id: str(w.info.title) for w in workshops}
    programme = workshops[0].programme if workshops else None

    def label(group: Group) -> str:
        if group.kind == "workshop":
            return titles.get(group.key, group.key)
        if group.kind == "country" and programme is not None:
            return programme.country_name(group.key)
        return str(labels["region"])

    view: dict[str, Any] = {
        "present": bool(groups),
        "note": labels["note"],
        "workshops": [],
        "countries": [],
        "region": [],
        "changes": [],
    }
    plural = {"workshop": "workshops", "country": "countries", "region": "region"}
    for group in groups:
        entry = describe_summary(group.summary, label(group), words)
        entry.update(kind=group.kind, key=group.key, when=group.when)
        entry["when_label"] = labels[group.when.replace("-", "_")]
        view[plural[group.kind]].append(entry)
    view["changes"] = _changes(groups, label, words)
    return view


def _changes(
    groups: list[Group], label: Callable[[Group], str], words: Words
) -> list[dict[str, Any]]:
    """The change from baseline to follow-up of each country and of the region that has both."""
    times: dict[tuple[str, str], dict[str, Group]] = {}
    for group in groups:
        if group.kind != "workshop":
            times.setdefault((group.kind, group.key), {})[group.when] = group
    changes = []
    for (kind, key), pair in times.items():
        if set(TIMES) <= set(pair):
            before, after = pair["baseline"], pair["follow-up"]
            entry = describe_change(before.summary, after.summary, words)
            entry.update(kind=kind, key=key, label=label(before))
            changes.append(entry)
    return changes
