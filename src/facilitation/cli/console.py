"""Terminal output: the consoles, the diagnostics printer and the agenda table.

Main output goes to stdout; diagnostics and progress go to stderr. User text is always passed to
rich as :class:`~rich.text.Text`, never as markup, so a title with ``[brackets]`` prints as written.
"""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Literal

from rich.console import Console, Group
from rich.console import Group as RenderGroup
from rich.table import Table
from rich.text import Text
from rich.theme import Theme

from facilitation.catalogue.methodology import load_methodology
from facilitation.checking.scheduling import (
    Schedule,
    TimedDay,
    format_clock,
    format_duration,
    format_span,
)
from facilitation.errors import Diagnostic, count, display_path
from facilitation.source_map import SourceMap

if TYPE_CHECKING:
    from facilitation.catalogue.methodology import Method
    from facilitation.codes import Code
    from facilitation.documents.output import BuiltFile
    from facilitation.model.loaded import Workshop

OutputFormat = Literal["human", "concise", "json"]

THEME = Theme(
    {
        "error": "bold red",
        "warning": "bold yellow",
        "ok": "bold green",
        "path": "cyan",
        "muted": "dim",
        "kind.work": "",
        "kind.break": "cyan",
        "kind.lunch": "cyan",
        "kind.free": "cyan",
        "kind.energiser": "magenta",
        "kind.check-in": "green",
        "kind.check-out": "green",
        "kind.presentation": "blue",
        "heading": "bold",
    }
)

out = Console(theme=THEME, highlight=False)
err = Console(theme=THEME, highlight=False, stderr=True)


def print_diagnostics(
    diagnostics: Sequence[Diagnostic],
    sources: dict[str, SourceMap],
    output: OutputFormat = "human",
) -> None:
    """Print ``diagnostics`` in the chosen format (JSON to stdout, the others to stderr)."""
    if output == "json":
        out.print_json(json.dumps([d.to_dict() for d in diagnostics], ensure_ascii=False))
        return
    for diagnostic in diagnostics:
        if output == "concise":
            err.print(_concise(diagnostic), soft_wrap=True)
        else:
            err.print(_human(diagnostic, sources.get(diagnostic.location.file)), soft_wrap=True)


def _concise(diagnostic: Diagnostic) -> Text:
    loc = diagnostic.location
    where = f"{loc.file}:{loc.line or 1}:{loc.column or 1}"
    text = Text.assemble((where, "path"), ": ", (diagnostic.code, diagnostic.severity.value), " ")
    text.append(diagnostic.message)
    return text


#: An e-mail address, as it may stand in a YAML line or a CSV row.
_EMAIL = re.compile(r"[^\s@,;:\"'<>\[\]{}]+@[^\s@,;:\"'<>\[\]{}]+")
#: A phone number: starts with + or 0 and holds at least eight digits (so no date, time or
#: postcode is taken for one).
_PHONE = re.compile(r"(?<![\w+-])(?:\+|0)[\d ()/.-]{6,}\d(?![\w-])")


def mask_contacts(line: str) -> str:
    """``line`` with every e-mail address and phone number masked, character for character.

    Why: a source excerpt under a diagnostic would otherwise repeat contact data that the
    messages themselves never repeat. The length stays, so the caret stays under its column.
    """

    def dots(match: re.Match[str]) -> str:
        value = match.group(0)
        if match.re is _PHONE and sum(char.isdigit() for char in value) < 8:
            return value
        return "".join("•" if not char.isspace() else char for char in value)

    return _PHONE.sub(dots, _EMAIL.sub(dots, line))


def _human(diagnostic: Diagnostic, source: SourceMap | None) -> Text:
    style = diagnostic.severity.value
    loc = diagnostic.location
    text = Text.assemble((f"{diagnostic.severity.value}[{diagnostic.code}]", style), ": ")
    text.append(diagnostic.message, "heading")
    text.append("\n")
    line_text = source.line_text(loc.line) if source and loc.line else None
    gutter = len(str(loc.line)) if loc.line else 1
    pad = " " * gutter
    text.append(f"{pad}--> ", "muted")
    text.append(str(loc), "path")
    text.append("\n")
    if line_text is not None and loc.line is not None:
        shown = mask_contacts(line_text.replace("\t", " ").rstrip())
        column = max(1, loc.column or 1)
        span = max(1, min(loc.span, len(shown) - column + 1)) if len(shown) >= column else 1
        text.append(f"{pad} |\n", "muted")
        text.append(f"{loc.line} | ", "muted")
        text.append(shown)
        text.append("\n")
        text.append(f"{pad} | ", "muted")
        text.append(" " * (column - 1) + "^" * span, style)
        text.append("\n")
    for note in diagnostic.notes:
        text.append(f"{pad} = ", "muted")
        text.append("note: ", "heading")
        text.append(note)
        text.append("\n")
    if diagnostic.hint:
        text.append(f"{pad} = ", "muted")
        text.append("help: ", "heading")
        text.append(diagnostic.hint)
        text.append("\n")
    return text


@contextlib.contextmanager
def progress_steps() -> Iterator[Callable[[str], None]]:
    """A spinner on stderr that shows each step of a long command (nothing when piped)."""
    from rich.progress import Progress, SpinnerColumn, TextColumn

    columns = (SpinnerColumn(), TextColumn("{task.description}"))
    with Progress(*columns, console=err, transient=True, disable=not err.is_terminal) as progress:
        task = progress.add_task("checking", total=None)
        yield lambda text: progress.update(task, description=text)


def summarise(diagnostics: Sequence[Diagnostic], files: int) -> Text:
    """``2 errors, 1 warning in 3 files`` or ``All checks passed for 3 files``."""
    errors, warnings = count(diagnostics)
    noun = "file" if files == 1 else "files"
    if not errors and not warnings:
        return Text.assemble(("✓ ", "ok"), f"no problems in {files} {noun}")
    parts = []
    if errors:
        parts.append((f"{errors} error{'s' if errors != 1 else ''}", "error"))
    if warnings:
        parts.append((f"{warnings} warning{'s' if warnings != 1 else ''}", "warning"))
    text = Text()
    for index, part in enumerate(parts):
        if index:
            text.append(", ")
        text.append(*part)
    text.append(f" in {files} {noun}")
    return text


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


def _size(size: int) -> str:
    return f"{size / 1024:.0f} KB" if size >= 1024 else f"{size} B"


def render_methods(found: Sequence[Method]) -> Table:
    """The method catalogue as a table."""
    phases = {phase.id: str(phase.number) for phase in load_methodology().phases}
    dimensions = {dimension.id: dimension.name for dimension in load_methodology().dimensions}
    table = Table(show_edge=False, pad_edge=False)
    table.add_column("Method", style="path", no_wrap=True)
    table.add_column("Min", justify="right", no_wrap=True)
    table.add_column("Group", no_wrap=True)
    table.add_column("DCM", no_wrap=True)
    table.add_column("Compass")
    for method in found:
        smallest, largest = method.group_size
        group = f"{smallest}+" if not largest else str(smallest)
        if largest and largest != smallest:
            group = f"{smallest}–{largest}"
        table.add_row(
            method.id,
            f"{method.minutes}",
            group,
            ",".join(phases[phase] for phase in method.dcm_phases),
            ", ".join(dimensions[dimension] for dimension in method.compass),
        )
    table.caption = "facilitation methods NAME shows one method in full"
    table.caption_justify = "left"
    table.caption_style = "muted"
    return table


def render_method(method: Method) -> Group:
    """One method in full: purpose, time, group, materials, steps, tags."""
    phases = {phase.id: phase.name for phase in load_methodology().phases}
    dimensions = {dimension.id: dimension.name for dimension in load_methodology().dimensions}
    smallest, largest = method.group_size
    facts = Table.grid(padding=(0, 2))
    facts.add_column(style="heading", no_wrap=True)
    facts.add_column()
    facts.add_row("Purpose", method.purpose)
    facts.add_row(
        "Time", f"{method.minutes} min (from {method.min_minutes} to {method.max_minutes})"
    )
    facts.add_row("Group", f"{method.configuration}; {smallest}–{largest or 'any'} people")
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
