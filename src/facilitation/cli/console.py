"""Tables for the terminal: the timed agenda, the Compass balance, the catalogue, what was built.

The consoles and the diagnostics printer are in :mod:`facilitation.cli.terminal`. This module
imports the stages its tables show, so a command imports it only when it prints one of them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.console import Group, RenderableType
from rich.console import Group as RenderGroup
from rich.table import Table
from rich.text import Text

from facilitation.catalogue.methodology import load_methodology
from facilitation.checking.plan import COMPASS_MIN_SHARE, COMPASS_SHARE_MIN_DAYS
from facilitation.checking.scheduling import (
    Schedule,
    TimedDay,
    format_clock,
    format_duration,
    format_span,
)
from facilitation.cli.terminal import out
from facilitation.errors import display_path

if TYPE_CHECKING:
    from facilitation.catalogue.methodology import Method
    from facilitation.codes import Code
    from facilitation.documents.output import BuiltFile
    from facilitation.model.loaded import Workshop

# --- the agenda in the terminal ---------------------------------------------------------------


def render_agenda(workshop: Workshop, schedule: Schedule) -> Group:
    """The timed agenda: one table per day, the day's totals, then the workshop's balance."""
    team = {member.id: member.name for member in workshop.programme.team}
    title = f"{workshop.info.title} · {workshop.info.venue or ''}".rstrip(" ·")
    themes = [day.theme for day in workshop.days]
    parts: list[Table | Text] = [Text(title, "heading")]
    for day, theme in zip(schedule.days, themes, strict=True):
        parts.append(Text(""))
        parts.append(_day_table(day, theme, team))
    parts.append(Text(""))
    parts.append(_balance(schedule))
    return Group(*parts)


def _day_table(day: TimedDay, theme: str | None, team: dict[str, str]) -> Table:
    heading = f"Day {day.index + 1} · {day.date:%a %d %b %Y} · {format_span(day.start, day.end)}"
    table = Table(
        title=heading + (f"\n{theme}" if theme else ""),
        title_justify="left",
        title_style="heading",
        show_edge=False,
        pad_edge=False,
        expand=False,
        caption=_day_caption(day),
        caption_justify="left",
        caption_style="muted",
    )
    table.add_column("Time", no_wrap=True, style="muted")
    table.add_column("Session", ratio=1, min_width=20)
    table.add_column("Lead", no_wrap=True, max_width=8)
    table.add_column("Method", max_width=18)
    table.add_column("Min", justify="right", no_wrap=True)
    runs_until = day.start
    for timed in day.sessions:
        session = timed.session
        title = Text(session.title or timed.kind.capitalize(), f"kind.{timed.kind}")
        if timed.kind != "work" and timed.kind.replace("-", " ") not in title.plain.lower():
            title.append(f" ({timed.kind})", "muted")
        # Where the plan breaks (show prints the table even then): what it runs into.
        if timed.start < runs_until:
            title.append(f"  ◀ {runs_until - timed.start} min into the session before", "error")
        if timed.end > day.end:
            title.append(f"  ◀ past the day's end at {format_clock(day.end)}", "error")
        runs_until = max(runs_until, timed.end)
        cell: Text | RenderGroup = title
        if timed.groups:
            groups = Table.grid(padding=(0, 1))
            groups.add_column(no_wrap=True, style="muted")
            groups.add_column(style="muted")
            for group in timed.groups:
                who = team.get(group.facilitator or "", group.facilitator or "")
                detail = ", ".join(
                    part for part in (group.topic if group.name else None, group.room, who) if part
                )
                label = group.name or group.topic or "group"
                groups.add_row(" ↳", label + (f": {detail}" if detail else ""))
            cell = RenderGroup(title, groups)
        method = timed.method.name if timed.method else (session.method or "")
        table.add_row(
            format_span(timed.start, timed.end),
            cell,
            session.lead or "",
            method,
            str(timed.minutes),
        )
    return table


def _day_caption(day: TimedDay) -> str:
    totals = day.totals
    ends = format_clock(day.finishes)
    over = day.finishes - day.end
    end_note = f"ends {ends}" + (f", {over} min late" if over > 0 else "")
    return (
        f"Work {format_duration(totals.work)} · Breaks {format_duration(totals.rest)} · {end_note}"
    )


def _balance(schedule: Schedule) -> Table:
    totals = schedule.totals
    table = Table(
        title=f"Workshop: {len(schedule.days)} day(s), work {format_duration(totals.work)}, "
        f"breaks {format_duration(totals.rest)}",
        title_justify="left",
        title_style="heading",
        show_edge=False,
        pad_edge=False,
    )
    table.add_column("Compass dimension")
    table.add_column("Time", justify="right", no_wrap=True)
    table.add_column("DCM phase")
    table.add_column("Time", justify="right", no_wrap=True)
    dimensions = load_methodology().dimensions
    phases = [phase for phase in load_methodology().phases if totals.by_phase[phase.id]]
    for row in range(max(len(dimensions), len(phases))):
        cells = []
        for items, counter in ((dimensions, totals.by_dimension), (phases, totals.by_phase)):
            if row < len(items):
                minutes = counter[items[row].id]
                cells += [items[row].name, format_duration(minutes) if minutes else "—"]
            else:
                cells += ["", ""]
        table.add_row(*cells)
    return table


def render_written(written: Sequence[BuiltFile]) -> Group:
    """What ``build`` wrote, one table per output folder: file, size, audience."""
    parts: list[Table | Text] = []
    folders: dict[str, list[BuiltFile]] = {}
    for item in written:
        folders.setdefault(display_path(item.path.parent), []).append(item)
    for folder, items in folders.items():
        table = Table(
            show_edge=False,
            pad_edge=False,
            title=f"Written to {folder}/",
            title_justify="left",
            title_style="heading",
        )
        table.add_column("File", style="path", no_wrap=True)
        table.add_column("Size", justify="right", no_wrap=True)
        table.add_column("For")
        for item in items:
            note = item.purpose + (" · only you can read the file" if item.private else "")
            table.add_row(item.path.name, _size(item.size), note)
        parts.append(table)
    return Group(*parts)


def _span(smallest: int, largest: int | None) -> str:
    """``4+``, ``3`` or ``4–6``."""
    if not largest:
        return f"{smallest}+"
    return str(smallest) if largest == smallest else f"{smallest}–{largest}"


def _people(method: Method) -> str:
    """The whole group a method works for, and for small-group methods one group's size."""
    people = _span(*method.whole_group)
    small = method.small_group
    return f"{people}, in groups of {_span(*small)}" if small else people


def _size(size: int) -> str:
    return f"{size / 1024:.0f} KB" if size >= 1024 else f"{size} B"


def render_methods(found: Sequence[Method]) -> Table:
    """The method catalogue as a table."""
    phases = {phase.id: str(phase.number) for phase in load_methodology().phases}
    dimensions = {dimension.id: dimension.name for dimension in load_methodology().dimensions}
    table = Table(show_edge=False, pad_edge=False)
    table.add_column("Method", style="path", no_wrap=True)
    table.add_column("Minutes", justify="right", no_wrap=True)
    table.add_column("People", no_wrap=True)
    table.add_column("DCM", no_wrap=True)
    table.add_column("Compass")
    for method in found:
        table.add_row(
            method.id,
            f"{method.minutes} ({method.min_minutes}–{method.max_minutes})",
            _people(method),
            ",".join(phases[phase] for phase in method.dcm_phases),
            ", ".join(dimensions[dimension] for dimension in method.compass),
        )
    table.caption = (
        "Minutes: the usual length (the shortest and longest it works in). People: the whole "
        "group (in groups of: the size of one small group or table).\n"
        "facilitation methods NAME shows one method in full"
    )
    table.caption_justify = "left"
    table.caption_style = "muted"
    return table


def render_method(method: Method) -> Group:
    """One method in full: purpose, time, group, materials, steps, tags."""
    phases = {phase.id: phase.name for phase in load_methodology().phases}
    dimensions = {dimension.id: dimension.name for dimension in load_methodology().dimensions}
    facts = Table.grid(padding=(0, 2))
    facts.add_column(style="heading", no_wrap=True)
    facts.add_column()
    facts.add_row("Purpose", method.purpose)
    facts.add_row(
        "Time", f"{method.minutes} min (from {method.min_minutes} to {method.max_minutes})"
    )
    group = f"{method.configuration}; a whole group of {_span(*method.whole_group)} people"
    if method.small_group:
        group += f", in small groups of {_span(*method.small_group)}"
    facts.add_row("Group", group)
    facts.add_row("Kind", f"{method.kind}, {method.format}")
    facts.add_row("Materials", ", ".join(method.materials) or "—")
    facts.add_row("DCM phases", ", ".join(phases[phase] for phase in method.dcm_phases) or "—")
    facts.add_row("Compass", ", ".join(dimensions[d] for d in method.compass) or "—")
    facts.add_row("Source", method.source)
    steps = Table.grid(padding=(0, 1))
    steps.add_column(justify="right", no_wrap=True)
    steps.add_column()
    for number, step in enumerate(method.steps, start=1):
        steps.add_row(f"{number}.", step.text)
    return Group(
        Text(f"{method.name} ({method.id})", "heading"),
        facts,
        Text("\nSteps", "heading"),
        steps,
        Text(f"Use it in a session with `method: {method.id}`.", "muted"),
    )


def render_explanation(code: Code, explained: dict[str, str] | None) -> Group:
    """``facilitation explain CODE``: what the code means, a bad and a good example."""
    head = Text.assemble(
        (f"{code.code} {code.name}", code.severity.value), f" ({code.severity.value})\n"
    )
    head.append(code.title, "heading")
    if explained is None:  # pragma: no cover - every code is explained (tested)
        return Group(head)
    return Group(
        head,
        Text("\n" + explained["explanation"].strip() + "\n"),
        Text("Wrong:", "error"),
        Text(_indent(explained["bad"]), no_wrap=True, overflow="ignore"),
        Text("Right:", "ok"),
        Text(_indent(explained["good"]), no_wrap=True, overflow="ignore"),
    )


def _indent(text: str) -> str:
    return "\n".join("    " + line for line in text.rstrip().splitlines()) + "\n"


# --- the Compass balance ------------------------------------------------------------------------

#: Cells of a full bar (100 % of the work time).
BAR_WIDTH = 20
_EIGHTHS = " ▏▎▍▌▋▊▉"


def share_bar(part: int, whole: int, width: int = BAR_WIDTH) -> str:
    """A bar of ``width`` cells filled in eighths to ``part / whole`` (capped at full)."""
    if whole <= 0 or part <= 0:
        return ""
    eighths = max(1, round(min(part / whole, 1.0) * width * 8))
    full, rest = divmod(eighths, 8)
    return "█" * full + (_EIGHTHS[rest] if rest else "")


def _percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f} %" if whole else "—"


def render_compass(workshop: Workshop, schedule: Schedule) -> Group:
    """``show --compass``: the work time per Compass dimension and per DCM phase, as bars.

    A session counts for each dimension it serves, so the dimensions' shares add up to more than
    100 %; a session counts for one phase (its own, else the workshop's).
    """
    methodology = load_methodology()
    totals = schedule.totals
    own = workshop.info.dcm_phase
    head = Text.assemble(
        (workshop.info.title, "heading"),
        (f"\n{len(schedule.days)} day(s), work {format_duration(totals.work)}", "muted"),
    )
    # NOTE: small shares are marked where `check` warns of them (P223): workshops of 2+ days.
    low = COMPASS_MIN_SHARE if len(schedule.days) >= COMPASS_SHARE_MIN_DAYS else 0
    dimensions = _bar_table("Compass dimension")
    for dimension in methodology.dimensions:
        minutes = totals.by_dimension[dimension.id]
        _bar_row(dimensions, dimension.name, minutes, totals.work, low)
    dimensions.caption = (
        "a session counts for every dimension it serves: the shares add up to more than 100 %"
        + (f"; a share under {low} % is marked !" if low else "")
    )
    phases = _bar_table("DCM phase")
    for phase in methodology.phases:
        name = f"{phase.number}. {phase.name}" + (" *" if phase.id == own else "")
        _bar_row(phases, name, totals.by_phase[phase.id], totals.work)
    unphased = totals.work - sum(totals.by_phase.values())
    if unphased > 0:
        _bar_row(phases, "No phase", unphased, totals.work)
    if own:
        phases.caption = "* the workshop's own phase (`dcm_phase:`)"
    parts: list[RenderableType] = [head, Text(""), dimensions, Text(""), phases]
    if totals.by_aspect:
        aspects = _bar_table("Compass aspect")
        for dimension in methodology.dimensions:
            for aspect in dimension.aspects:
                if totals.by_aspect[aspect.id]:
                    _bar_row(aspects, aspect.name, totals.by_aspect[aspect.id], totals.work)
        aspects.caption = Text("for the sessions that name aspects (`compass: [empathy]`)")
        parts += [Text(""), aspects]
    return Group(*parts)


def _bar_table(first: str) -> Table:
    table = Table(show_edge=False, pad_edge=False, caption_justify="left", caption_style="muted")
    table.add_column(first, no_wrap=True)
    table.add_column("Work time share", no_wrap=True)
    table.add_column("Time", justify="right", no_wrap=True)
    table.add_column("%", justify="right", no_wrap=True)
    return table


def _bar_row(table: Table, name: str, minutes: int, work: int, low: int = 0) -> None:
    """A row with a bar; a share under ``low`` percent is drawn as a warning and marked ``!``."""
    small = minutes * 100 < low * work
    bar = Text(share_bar(minutes, work).ljust(BAR_WIDTH), "warning" if small else "ok")
    time = format_duration(minutes) if minutes else "—"
    share = Text(_percent(minutes, work) if minutes else "—")
    if small:
        share = Text.assemble(share, (" !", "warning"))
    table.add_row(name, bar, time, share)


def render_compass_overview(items: Sequence[tuple[Workshop, Schedule]]) -> Group:
    """``facilitation compass``: each workshop's time per dimension and per phase, one row each.

    A row per workshop keeps a folder of many workshops readable in a terminal 80 columns wide.
    """
    methodology = load_methodology()
    dimensions = [(d.id, d.name) for d in methodology.dimensions]
    phases = [(p.id, f"{p.number}. {p.name}") for p in methodology.phases]
    by_dimension = _overview_table(
        "The Compass balance: work time per dimension",
        dimensions,
        "a session counts for every dimension it serves: the shares add up to more than 100 %",
        work=False,
    )
    by_phase = _overview_table(
        "The DCM phases: work time per phase", phases, "* the workshop's own phase"
    )
    for workshop, schedule in items:
        totals = schedule.totals
        label = Text(workshop.info.id, "path")
        work = format_duration(totals.work)
        own = workshop.info.dcm_phase
        by_dimension.add_row(
            label,
            *(_minutes_share(totals.by_dimension[key], totals.work) for key, _ in dimensions),
        )
        by_phase.add_row(
            label,
            work,
            *(_minutes_share(totals.by_phase[key], totals.work, key == own) for key, _ in phases),
        )
    return Group(by_dimension, Text(""), by_phase)


def _overview_table(
    title: str, columns: list[tuple[str, str]], caption: str, *, work: bool = True
) -> Table:
    table = Table(
        title=title,
        title_justify="left",
        title_style="heading",
        show_edge=False,
        pad_edge=False,
        show_lines=True,
        caption=caption,
        caption_justify="left",
        caption_style="muted",
        padding=(0, 0, 0, 1),
    )
    table.add_column("Workshop", overflow="fold", min_width=8)
    if work:
        table.add_column("Work", justify="right")
    for _, name in columns:
        table.add_column(_narrow_header(name), justify="right", min_width=7, overflow="fold")
    return table


def _narrow_header(name: str, width: int = 10) -> str:
    """``name`` with each word longer than ``width`` hyphenated onto the next line.

    A column is never narrower than the longest word of its header; this keeps the overview
    of six dimensions within a terminal 80 columns wide.
    """
    words = []
    for word in name.split():
        while len(word) > width:
            words.append(word[: width - 1] + "-")
            word = word[width - 1 :]
        words.append(word)
    return " ".join(words)


def _minutes_share(minutes: int, work: int, own: bool = False) -> str:
    mark = " *" if own else ""
    return f"{minutes} min\n{_percent(minutes, work)}{mark}" if minutes else "—" + mark


#: One group of a self-assessment for the terminal: its label, respondents, whether its numbers
#: may be shown, and the mean per dimension id (None: not shown).
AssessmentRow = tuple[str, int, bool, dict[str, float | None]]


def render_assessment_rows(rows: Sequence[AssessmentRow], minimum: int, scale: str) -> Table:
    """The Compass self-assessment: the mean per dimension of each group that may be shown."""
    dimensions = load_methodology().dimensions
    # NOTE: rich folds the headers but still clips the last column of a table too wide for the
    # terminal, so the six columns of means get their width from the console's.
    cell = min(13, max(4, (out.width - 20) // len(dimensions) - 3))
    table = Table(
        title=f"Compass self-assessment: mean per dimension (scale {scale})",
        title_justify="left",
        title_style="heading",
        show_edge=False,
        pad_edge=False,
        caption=f"N: respondents; a group of fewer than {minimum} is not shown (—)",
        caption_justify="left",
        caption_style="muted",
    )
    table.add_column("Group", overflow="fold", min_width=10)
    table.add_column("N", justify="right", no_wrap=True)
    for dimension in dimensions:
        table.add_column(dimension.name, justify="right", overflow="fold", width=cell)
    for label, respondents, shown, means in rows:
        if not shown:
            dashes = [Text("—", "muted")] * len(dimensions)
            table.add_row(Text(label, "muted"), Text(str(respondents), "muted"), *dashes)
            continue
        cells = [means.get(d.id) for d in dimensions]
        table.add_row(
            label,
            str(respondents),
            *(f"{value:.1f}" if value is not None else "—" for value in cells),
        )
    return table
