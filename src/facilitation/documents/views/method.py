"""The method in the synthesis: the countries along the DCM, and their Compass self-assessment.

The DCM progress comes from the programme's ``progress:`` record, as of the synthesis's date
(:func:`facilitation.checking.progress.programme_progress`); the self-assessment from the
workshops' assessment files (:mod:`facilitation.documents.views.assessment`), where a group of
fewer than five respondents is never shown on its own.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from facilitation.catalogue.methodology import load_methodology
from facilitation.catalogue.translations import translate
from facilitation.checking.progress import programme_progress
from facilitation.documents import charts
from facilitation.documents.language import Words
from facilitation.documents.views import bars
from facilitation.documents.views.assessment import make_assessment_view
from facilitation.documents.views.outcome_charts import chart_image
from facilitation.model import Programme
from facilitation.model.loaded import Workshop

#: The width of a column of the synthesis's bar table, across the landscape page, in mm.
ACTION_COLUMN_MM = 315 / 1440 * 25.4
#: Width of one radar chart: three side by side across a landscape page, in millimetres.
RADAR_WIDTH_MM = 82.0

#: Shading of a milestone reached, and of the phase a country is in now (hex RGB).
REACHED_SHADE = "CFE8D6"
NOT_REACHED_SHADE = "FFFFFF"


def describe_dcm_progress(
    programme: Programme, words: Words, as_of: dt.date | None
) -> dict[str, Any]:
    """A country × milestone matrix: when each milestone was reached, and the current phase.

    Returns ``shown`` (False when the programme records no progress), ``columns`` (each
    milestone's number, e.g. ``2.1``, its text and its phase) and ``rows`` (per country: its
    name, the phase it stands in, and one cell per milestone: the month it was reached, shaded).
    """
    language = words.language
    labels = words.labels
    phases = load_methodology().phases
    columns = [
        {
            "number": f"{phase.number}.{index}",
            "id": milestone.id,
            "text": translate(
                language, f"phases.{phase.id}.results.{milestone.id}", milestone.text
            ),
            "phase": labels["dcm_phases"][phase.id],
        }
        for phase in phases
        for index, milestone in enumerate(phase.results, start=1)
    ]
    rows: list[dict[str, Any]] = []
    for standing in programme_progress(programme, as_of):
        cells: list[dict[str, str]] = []
        for column in columns:
            reached = standing.milestones.get(column["id"])
            cells.append(
                {
                    "text": words.month(reached.date) if reached else "",
                    "shade": REACHED_SHADE if reached else NOT_REACHED_SHADE,
                }
            )
        phase = labels["dcm_phases"][standing.current_phase] if standing.current_phase else "—"
        rows.append(
            {"country": programme.country_name(standing.country), "phase": phase, "cells": cells}
        )
    shown = any(cell["text"] for row in rows for cell in row["cells"])
    return {"shown": shown, "columns": columns, "rows": rows}


def describe_compass_by_country(
    workshops: list[Workshop], language: str, *, radars: bool = True
) -> dict[str, Any]:
    """The Compass self-assessment per country against the region, dimension by dimension.

    ``radars``: with each country's radar drawn for Word (a web page draws its own as SVG, see
    :func:`radar_charts`).

    Each country's latest assessment that may be shown (five respondents or more; a follow-up of
    fewer is named as withheld) and the region's latest; the region's strengths, needs and
    disagreements.
    """
    view = make_assessment_view(workshops, language)
    if not view["present"]:
        return {"shown": False}
    groups = [_latest(view["countries"], key) for key in _keys(view["countries"])]
    region = _latest(view["region"], None)
    columns = [group for group in [*groups, region] if group is not None]
    dimensions = load_methodology().dimensions
    names = Words.of(language).labels["compass"]
    rows = [
        {"name": names[dimension.id], "cells": [_mean(group, dimension.id) for group in columns]}
        for dimension in dimensions
    ]
    change = next((item for item in view["changes"] if item["kind"] == "region"), None)
    drawn = _radars(view, Words.of(language)) if radars else []
    return {
        "shown": True,
        "note": view["note"],
        "columns": [
            {
                "label": group["label"],
                "when": group["when_label"],
                "respondents": group["respondents"],
            }
            for group in columns
        ],
        "rows": rows,
        "withheld": [
            group["label"]
            for group in groups
            if group is not None and not group["shown"] and not group["protected"]
        ],
        "protected": [
            group["label"] for group in groups if group is not None and group["protected"]
        ],
        "region": region,
        "change": change,
        "radars": [drawn[start : start + 3] for start in range(0, len(drawn), 3)],
    }


def _keys(groups: list[dict[str, Any]]) -> list[str]:
    return list(dict.fromkeys(group["key"] for group in groups))


def _latest(groups: list[dict[str, Any]], key: str | None) -> dict[str, Any] | None:
    """The group's latest assessment that may be shown (a follow-up, else the baseline)."""
    found = [group for group in groups if key is None or group["key"] == key]
    shown = [group for group in found if group["shown"]]
    latest = shown or found
    return latest[-1] if latest else None


def _mean(group: dict[str, Any], dimension: str) -> str:
    if not group["shown"]:
        return "—"
    row = next((row for row in group["dimensions"] if row["id"] == dimension), None)
    return str(row["mean_text"]) if row and row["mean"] is not None else "—"


@dataclass(frozen=True)
class RadarChart:
    """One country's radar: the picture, its caption and the text that stands for it."""

    data: bytes
    caption: str
    alt: str


def radar_charts(
    view: dict[str, Any], words: Words, *, width_mm: float = RADAR_WIDTH_MM, svg: bool = False
) -> list[RadarChart]:
    """One radar per country that may be shown: its mean per dimension against the region's.

    ``view`` is :func:`~facilitation.documents.views.assessment.make_assessment_view`'s; each
    radar is drawn ``width_mm`` wide, as PNG or (``svg``) as SVG.
    """
    labels = words.labels["synthesis"]
    regions = {group["when"]: group for group in view["region"] if group["shown"]}
    found = []
    for group in view["countries"]:
        region = regions.get(group["when"])
        if not group["shown"] or region is None:
            continue
        names = [row["name"] for row in group["dimensions"]]
        mine = [row["mean"] or 0.0 for row in group["dimensions"]]
        theirs = [row["mean"] or 0.0 for row in region["dimensions"]]
        # NOTE: the region of the same time as the country's (a baseline against the baseline);
        # the legend says which, as the Compass table beside shows the region's latest.
        theirs_label = f"{region['label']} ({region['when_label']})"
        data = charts.radar(
            names,
            [(group["label"], mine), (theirs_label, theirs)],
            maximum=5.0,
            minimum=1.0,
            width_mm=width_mm,
            svg=svg,
        )
        figures = "; ".join(
            f"{name} {row['mean_text']} / {other['mean_text']}"
            for name, row, other in zip(
                names, group["dimensions"], region["dimensions"], strict=True
            )
        )
        alt = str(labels["compass_alt"]).format(country=group["label"], figures=figures)
        caption = str(labels["compass_radar"]).format(
            country=group["label"], when=group["when_label"]
        )
        found.append(RadarChart(data, caption, alt))
    return found


def _radars(view: dict[str, Any], words: Words) -> list[dict[str, Any]]:
    """The radars of the synthesis, as Word pictures with their captions."""
    return [
        {"image": chart_image(chart.data, chart.alt, RADAR_WIDTH_MM), "caption": chart.caption}
        for chart in radar_charts(view, words)
    ]


def describe_action_chart(progress: list[dict[str, Any]], words: Words) -> dict[str, Any] | None:
    """Action items per country and for the region, done, open and overdue, as Word bars.

    ``progress`` is the synthesis's table of the same numbers (its rows: ``scope``, ``done``,
    ``open`` (overdue included) and ``overdue``).
    """
    rows = [row for row in progress if row["total"]]
    if not rows:
        return None
    labels = words.labels
    states = [
        ("done", str(labels["statuses"]["done"])),
        ("on-time", str(labels["charts"]["on_time"])),
        ("overdue", str(labels["outcome_report"]["overdue"])),
    ]
    series = [bars.Series(name, bars.STATE_FILLS[state]) for state, name in states]
    table = bars.bar_table(
        str(labels["synthesis"]["scope"]),
        series,
        [
            (str(row["scope"]), [row["done"], row["open"] - row["overdue"], row["overdue"]])
            for row in rows
        ],
        column_mm=ACTION_COLUMN_MM,
        total=str(labels["charts"]["total"]),
    )
    return {"caption": str(labels["charts"]["action_status"]), **table}


#: Width of the radar of one workshop's self-assessment in the outcome report, in millimetres.
WORKSHOP_RADAR_MM = 110.0


def describe_workshop_compass(workshop: Workshop, language: str) -> dict[str, Any]:
    """A workshop's own Compass self-assessment for its outcome report.

    ``shown`` is False without an assessment; ``withheld`` says why a group of fewer than five
    respondents is not shown; else the dimensions' means and spread, the strengths, the needs and
    the disagreements, and a radar of the means with its caption and alt text.
    """
    view = make_assessment_view([workshop], language)
    if not view["present"] or not view["workshops"]:
        return {"shown": False}
    summary = view["workshops"][-1]
    # NOTE: the section is shown either way; a group too small to show says so instead.
    found: dict[str, Any] = {**summary, "shown": True, "note": view["note"], "radar": None}
    if not summary["shown"]:
        return found
    words = Words.of(language)
    labels = words.labels["outcome_report"]
    names = [row["name"] for row in summary["dimensions"]]
    means = [row["mean"] or 0.0 for row in summary["dimensions"]]
    data = charts.radar(
        names,
        [(summary["when_label"], means)],
        maximum=5.0,
        minimum=1.0,
        width_mm=WORKSHOP_RADAR_MM,
    )
    title = str(labels["compass_radar"]).format(when=summary["when_label"])
    figures = "; ".join(
        f"{name} {row['mean_text']}" for name, row in zip(names, summary["dimensions"], strict=True)
    )
    alt = str(labels["compass_alt"]).format(title=title, figures=figures)
    found["radar"] = {"image": chart_image(data, alt, WORKSHOP_RADAR_MM), "caption": title}
    return found
