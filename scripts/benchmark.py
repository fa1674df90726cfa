"""Time the tool against what a facilitator would otherwise use, as whole processes, side by side.

    .venv/bin/python scripts/benchmark.py                       # everything, ~10 minutes on 2 cores
    .venv/bin/python scripts/benchmark.py --quick               # 1 run, 1,000 and 5,000 people
    .venv/bin/python scripts/benchmark.py --sizes 1000,10000 --runs 3
    .venv/bin/python scripts/benchmark.py --compare previous.json   # exit 1 if a ratio got >10% worse

Every row runs two commands, A (the tool) and B (the floor a hand-written alternative would reach),
each as a whole process: `time.perf_counter` around the child, its peak memory from `os.wait4`.
The runs alternate A B A B ... so that drift of a shared machine hits both sides alike; the table
shows the median of A, the median of B and the median of the per-pair ratios A/B.

Rows:
- build the example: `facilitation build examples/western-balkans` (every document) against pandoc
  writing the same documents from Markdown (headings and paragraphs as text, tables as pipe tables,
  the same PNG images), one pandoc process per document, run from one `sh` loop process so that the
  floor, like the tool, is one process to start. Skipped when pandoc is missing.
- check the example, and `--help`: against `python -c "import yaml, pydantic, typer, rich"`, the
  cost of merely importing the libraries the tool stands on. `check` three times: run again with
  nothing changed (its cache answers, as for a facilitator who checks again), with `--no-cache`
  (everything read and checked afresh), and with `--no-cache` while `facilitation server` runs.
- the two served rows: `check --no-cache` and the whole build again, handed to a
  `facilitation server` started in a folder of the benchmark's own (every other row runs
  without a server, even while the user runs one).
- participant list and sign-in sheets for generated workshops of 1,000 to 20,000 people: against a
  Python process that writes the same rows (the cell texts of the tool's own output, read back into
  a JSON file before timing) as `w:tr` elements with lxml into the table of the shipped template, and
  zips the document.
- peak memory of the sign-in sheets at each size: at most 0.8 GB for 20,000 people, and linear.
- growth from 1,000 to 10,000 people of the participant list, sign-in sheets and `check`.
- charts: what drawing the charts adds to building the example and its synthesis.

Each row adds A B pairs until it has `--runs` of them (`--runs-large` from 10,000 people on) or
has taken `--budget` seconds, so a slow row costs about one budget: the whole run takes about ten
minutes on two cores once the goals are met, longer while a row is far from its goal.

Compare ratios, not seconds: absolute times depend on the machine and on what else runs on it,
while the ratio to a floor measured in the same minute does not. `--json` keeps every run.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import datetime
import itertools
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from lxml import etree

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "examples" / "western-balkans"
TEMPLATES = REPO / "templates"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
PACKAGE_RELATIONSHIPS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
IMPORT_FLOOR = "import yaml, pydantic, typer, rich"
SIZES = (1000, 5000, 10000, 20000)
#: Sizes from this one on are run `--runs-large` times instead of `--runs`.
LARGE = 10000
#: A ratio that grew by more than this fraction since the previous run is flagged.
WORSE = 0.10
COUNTRIES = ["RS", "BA", "AL", "ME", "XK", "MK"]
FIRST = ["Ana", "Јелена", "Besa", "Ѓорѓи", "Milena", "Dženan", "Elira", "Марко", "Arbër", "Ivana"]
LAST = [
    "Jovanović",
    "Марковић",
    "Krasniqi",
    "Трајковски",
    "Śekloća",
    "Hadžić",
    "Lëkaj",
    "Илић",
    "Çela",
    "Šimić",
]


class CommandError(Exception):
    """A measured command failed; the row is reported as failed and the others go on."""


# --------------------------------------------------------------------------- measuring


@dataclass
class Run:
    """One process: wall-clock seconds and peak resident memory in MB."""

    seconds: float
    peak_mb: float


def measure(command: Sequence[str], env: dict[str, str] | None = None) -> Run:
    """Run `command` as a whole process, time it, and read its peak memory.

    NOTE: the peak is read from /proc every 10 ms by a thread while the main thread waits (the
    child's own high-water mark and the memory of the processes it started), not `ru_maxrss`: on Linux a child's `ru_maxrss` keeps
    the high-water mark of the process it was started from (exec keeps the largest), so a
    benchmark that has grown would be counted in every command it runs. Where /proc is missing,
    `ru_maxrss` from `os.wait4` is the fallback.
    """
    with tempfile.TemporaryFile() as output, tempfile.TemporaryFile() as errors:
        started = time.perf_counter()
        process = subprocess.Popen(list(command), stdout=output, stderr=errors, env=env)
        peak = _PeakWatcher(process.pid)
        peak.start()
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        peak.stop()
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode != 0:
            errors.seek(0)
            message = errors.read()[-2000:].decode("utf-8", errors="replace")
            raise CommandError(f"{' '.join(command[:6])} ... failed:\n{message}")
    if peak.kib:
        return Run(seconds, peak.kib / 1024)
    scale = 1024 * 1024 if sys.platform == "darwin" else 1024  # bytes on macOS, KiB on Linux
    return Run(seconds, usage.ru_maxrss / scale)


class _PeakWatcher(threading.Thread):
    """Reads the peak resident memory (KiB) of a process and the processes it started.

    The peak is the larger of the process's own high-water mark (`VmHWM`) and the largest sum,
    at one reading, of the resident memory (`VmRSS`) of it and its descendants (`build` renders
    in forked workers). Pages a forked worker still shares with its parent count in both, so a
    build with workers is counted high rather than low.
    """

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.kib = 0
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.wait(0.01):
            own = _status_kib(self.pid, "VmHWM:")
            if own is None:
                return
            tree = sum(_status_kib(pid, "VmRSS:") or 0 for pid in _descendants(self.pid))
            self.kib = max(self.kib, own, (_status_kib(self.pid, "VmRSS:") or 0) + tree)

    def stop(self) -> None:
        self.done.set()
        self.join()


def _status_kib(pid: int, field: str) -> int | None:
    """A `kB` field of `/proc/PID/status`, or None once the process is gone."""
    try:
        text = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    for line in text.splitlines():
        if line.startswith(field):
            return int(line.split()[1])
    return 0


def _descendants(pid: int) -> list[int]:
    """The processes `pid` started, and theirs (from `/proc/PID/task/*/children`)."""
    found: list[int] = []
    waiting = [pid]
    while waiting:
        parent = waiting.pop()
        try:
            listings = list(Path(f"/proc/{parent}/task").glob("*/children"))
        except OSError:  # the process ended while its threads were listed
            continue
        for children in listings:
            try:
                pids = [int(child) for child in children.read_text().split()]
            except OSError:
                continue
            found.extend(pids)
            waiting.extend(pids)
    return found


def median(values: Sequence[float]) -> float:
    """The median of some runs."""
    return float(statistics.median(values))


def ratio(a: float, b: float) -> float:
    """A / B, infinite when B took no time at all."""
    return a / b if b > 0 else float("inf")


def paired_medians(pairs: Sequence[tuple[float, float]]) -> tuple[float, float, float]:
    """Median of A, median of B, and the median of the ratio within each A B pair.

    Why: the two runs of a pair are seconds apart, so their ratio is free of the slow drift of
    a shared machine; the median then drops the pair a background job disturbed.
    """
    return (
        median([a for a, _ in pairs]),
        median([b for _, b in pairs]),
        median([ratio(a, b) for a, b in pairs]),
    )


def alternate(
    a: Callable[[], Run], b: Callable[[], Run], runs: int, budget: float
) -> list[tuple[Run, Run]]:
    """Run A B A B ... `runs` times, or fewer once the pairs took more than `budget` seconds."""
    pairs: list[tuple[Run, Run]] = []
    started = time.perf_counter()
    while len(pairs) < runs:
        try:
            pairs.append((a(), b()))
        except CommandError as error:
            if not pairs:
                raise
            _warn_kept(len(pairs), error)
            break
        if time.perf_counter() - started > budget:
            break
    return pairs


def repeat(a: Callable[[], Run], runs: int, budget: float) -> list[Run]:
    """Run A `runs` times, or fewer once the runs took more than `budget` seconds."""
    done: list[Run] = []
    started = time.perf_counter()
    while len(done) < runs:
        try:
            done.append(a())
        except CommandError as error:
            if not done:
                raise
            _warn_kept(len(done), error)
            break
        if time.perf_counter() - started > budget:
            break
    return done


def _warn_kept(kept: int, error: CommandError) -> None:
    """A later run failed (the tool changed under the benchmark?): keep the runs before it."""
    print(f"a run failed, keeping the {kept} before it: {str(error)[:300]}", file=sys.stderr)


# --------------------------------------------------------------------------- rows


@dataclass
class Row:
    """One line of the table: A against B, or A against an absolute goal."""

    key: str
    work: str
    a: float | None = None
    b: float | None = None
    value: float | None = None  # the ratio, or the measured value for an absolute goal
    goal: float | None = None
    goal_text: str = ""
    unit: str = "s"
    met: bool | None = None
    note: str = ""
    compared: bool = True  # take part in --compare
    runs: dict[str, Any] = field(default_factory=dict)

    def judge(self) -> None:
        """Decide `met` from `value` and `goal`."""
        if self.value is not None and self.goal is not None:
            self.met = self.value <= self.goal


def paired_row(
    key: str, work: str, pairs: list[tuple[Run, Run]], goal: float, a_name: str, b_name: str
) -> Row:
    """A row from alternated runs, with the goal on the ratio."""
    a, b, value = paired_medians([(x.seconds, y.seconds) for x, y in pairs])
    row = Row(key, work, a, b, value, goal, f"≤ {goal:g}x")
    row.runs = {
        a_name: [asdict(x) for x, _ in pairs],
        b_name: [asdict(y) for _, y in pairs],
        "pairs": len(pairs),
    }
    row.note = f"{len(pairs)} pair{'s' if len(pairs) > 1 else ''}"
    row.judge()
    return row


def failed_row(key: str, work: str, goal_text: str, error: Exception) -> Row:
    """A row whose command failed: reported, not fatal."""
    lines = [line.strip() for line in str(error).strip().splitlines()]
    lines = [line for line in lines if line and not line.startswith("For further information")]
    # The tool's own diagnostic (`error[R309]: ...`) says more than its closing summary line.
    errors = [line for line in lines if line.lower().startswith("error")]
    reason = (errors or lines or ["no message"])[0 if errors else -1]
    return Row(key, work, goal_text=goal_text, met=False, note="failed: " + reason[:120])


# --------------------------------------------------------------------------- .docx reading


def _parse(data: bytes) -> etree._Element:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    return etree.fromstring(data, parser)


def escape_markdown(text: str) -> str:
    """Text that pandoc's Markdown reader gives back verbatim: every ASCII punctuation escaped."""
    return re.sub(r"([!-/:-@\[-`{-~])", r"\\\1", text)


class _MarkdownWriter:
    """The body, headers and footers of one .docx as Markdown; images copied next to it."""

    def __init__(self, archive: zipfile.ZipFile, folder: Path) -> None:
        self.archive = archive
        self.folder = folder
        self.images = 0

    def part(self, name: str) -> list[str]:
        rels_name = f"{name.rsplit('/', 1)[0]}/_rels/{name.rsplit('/', 1)[1]}.rels"
        targets: dict[str, str] = {}
        if rels_name in self.archive.namelist():
            for rel in _parse(self.archive.read(rels_name)).iter(
                f"{PACKAGE_RELATIONSHIPS}Relationship"
            ):
                targets[rel.get("Id", "")] = rel.get("Target", "")
        self.targets = targets
        root = _parse(self.archive.read(name))
        return self.blocks(root.find(f"{W}body") if root.tag == f"{W}document" else root)

    def blocks(self, element: etree._Element | None) -> list[str]:
        lines: list[str] = []
        for child in element if element is not None else []:
            if child.tag == f"{W}p":
                text = self.paragraph(child)
                if text:
                    lines += [self.heading(child) + text, ""]
            elif child.tag == f"{W}tbl":
                lines += [*self.table(child), ""]
            elif child.tag in (f"{W}sdt", f"{W}sdtContent"):
                lines += self.blocks(child)
        return lines

    def heading(self, paragraph: etree._Element) -> str:
        style = paragraph.find(f"{W}pPr/{W}pStyle")
        name = style.get(f"{W}val", "") if style is not None else ""
        if name == "Title":
            return "# "
        level = re.fullmatch(r"Heading ?(\d)", name)
        return "#" * int(level.group(1)) + " " if level else ""

    def paragraph(self, paragraph: etree._Element) -> str:
        parts: list[str] = []
        for node in paragraph.iter(f"{W}t", f"{W}tab", f"{W}br", f"{A}blip"):
            if node.tag == f"{W}t":
                parts.append(escape_markdown(node.text or ""))
            elif node.tag == f"{A}blip":
                parts.append(self.image(node.get(f"{R}embed", "")))
            else:
                parts.append(" ")
        return "".join(parts).strip()

    def image(self, relationship: str) -> str:
        target = self.targets.get(relationship, "")
        name = "word/" + target if not target.startswith("/") else target.lstrip("/")
        if not target or name not in self.archive.namelist():
            return ""
        self.images += 1
        image = f"chart{self.images}{Path(target).suffix}"
        (self.folder / image).write_bytes(self.archive.read(name))
        return f" ![]({image}) "

    def table(self, table: etree._Element) -> list[str]:
        rows = [
            [self.cell(cell) for cell in row.findall(f"{W}tc")] for row in table.findall(f"{W}tr")
        ]
        rows = [row for row in rows if any(row)]
        if not rows:
            return []
        width = max(len(row) for row in rows)
        lines = [_pipe_row(row + [""] * (width - len(row))) for row in rows]
        return [lines[0], _pipe_row(["---"] * width), *lines[1:]]

    def cell(self, cell: etree._Element) -> str:
        texts: list[str] = []
        for child in cell:
            if child.tag == f"{W}p":
                texts.append(self.paragraph(child))
            elif child.tag == f"{W}tbl":
                for row in child.findall(f"{W}tr"):
                    texts += [self.cell(inner) for inner in row.findall(f"{W}tc")]
        return " / ".join(text for text in texts if text)


def _pipe_row(cells: Sequence[str]) -> str:
    # NOTE: the cells are escaped Markdown already, `|` included.
    return "| " + " | ".join(cell or " " for cell in cells) + " |"


def docx_markdown(docx: Path, folder: Path) -> str:
    """The same content as Markdown: headers, body, footers; images extracted into `folder`."""
    with zipfile.ZipFile(docx) as archive:
        writer = _MarkdownWriter(archive, folder)
        names = sorted(archive.namelist())
        lines: list[str] = []
        for prefix in ("word/header", "word/document.xml", "word/footer"):
            for name in names:
                if name.startswith(prefix) and name.endswith(".xml"):
                    lines += writer.part(name)
    return "\n".join(lines).strip() + "\n"


def table_rows(docx: Path) -> tuple[int, list[list[list[str]]]]:
    """The data rows of a document: every row of its tables with the most common column count.

    Returns the column count and, for each row, each cell's paragraph texts.
    """
    with zipfile.ZipFile(docx) as archive:
        body = _parse(archive.read("word/document.xml")).find(f"{W}body")
    tables = list(body.iter(f"{W}tbl")) if body is not None else []
    counts: dict[int, int] = {}
    for table in tables:
        columns = len(table.findall(f"{W}tblGrid/{W}gridCol"))
        counts[columns] = counts.get(columns, 0) + len(table.findall(f"{W}tr"))
    columns = max(counts, key=lambda count: counts[count])
    rows = [
        [
            [
                "".join(node.text or "" for node in paragraph.iter(f"{W}t"))
                for paragraph in cell.findall(f"{W}p")
            ]
            for cell in row.findall(f"{W}tc")
        ]
        for table in tables
        if len(table.findall(f"{W}tblGrid/{W}gridCol")) == columns
        for row in table.findall(f"{W}tr")
    ]
    return columns, rows


#: The floor for the participant list and sign-in sheets: a minimal hand-written generator.
#: argv: template.docx rows.json out.docx columns. It writes every row and cell of rows.json
#: into the template's data table, each cell formatted like the template's row of one person.
LXML_FLOOR = r"""
import json, sys, zipfile
from copy import deepcopy
from lxml import etree
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
template, rows_path, out, columns = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
with open(rows_path, encoding="utf-8") as stream:
    rows = json.load(stream)
with zipfile.ZipFile(template) as source:
    entries = [(info.filename, source.read(info)) for info in source.infolist()]
root = etree.fromstring(dict(entries)["word/document.xml"])
table = next(
    t for t in root.iter(W + "tbl")
    if len(t.findall(W + "tblGrid/" + W + "gridCol")) == columns and "{%tr for" in "".join(t.itertext())
)
old = table.findall(W + "tr")
loops = [i for i, tr in enumerate(old) if "{%tr for" in "".join(tr.itertext())]
person = old[loops[-1] + 1]
row_properties = person.find(W + "trPr")
cells = [
    (tc.find(W + "tcPr"), tc.find(W + "p/" + W + "pPr"), tc.find(".//" + W + "rPr"))
    for tc in person.findall(W + "tc")
]
for tr in old:
    table.remove(tr)
SPACE = "{http://www.w3.org/XML/1998/namespace}space"
for row in rows:
    tr = etree.SubElement(table, W + "tr")
    if row_properties is not None:
        tr.append(deepcopy(row_properties))
    for index, paragraphs in enumerate(row):
        cell_properties, paragraph_properties, run_properties = cells[min(index, len(cells) - 1)]
        tc = etree.SubElement(tr, W + "tc")
        if cell_properties is not None:
            tc.append(deepcopy(cell_properties))
        if index == len(row) - 1 and len(row) < len(cells):
            span = etree.SubElement(tc.find(W + "tcPr") if tc.find(W + "tcPr") is not None else etree.SubElement(tc, W + "tcPr"), W + "gridSpan")
            span.set(W + "val", str(len(cells) - index))
        for text in paragraphs or [""]:
            p = etree.SubElement(tc, W + "p")
            if paragraph_properties is not None:
                p.append(deepcopy(paragraph_properties))
            r = etree.SubElement(p, W + "r")
            if run_properties is not None:
                r.append(deepcopy(run_properties))
            t = etree.SubElement(r, W + "t")
            t.set(SPACE, "preserve")
            t.text = text
document = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
    for name, data in entries:
        target.writestr(name, document if name == "word/document.xml" else data)
"""


# --------------------------------------------------------------------------- workloads


def generated(folder: Path, participants: int) -> Path:
    """A copy of the example workshop with `participants` generated participants."""
    shutil.copytree(EXAMPLE, folder, dirs_exist_ok=True)
    with (folder / "participants.csv").open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(
            [
                "First name",
                "Last name",
                "Position",
                "Institution",
                "Country",
                "E-mail",
                "Phone",
                "Photo consent",
                "Share contact",
            ]
        )
        for index in range(participants):
            country = COUNTRIES[index % len(COUNTRIES)]
            writer.writerow(
                [
                    FIRST[index % len(FIRST)],
                    f"{LAST[index * 7 % len(LAST)]} {index}",
                    "Inspector",
                    f"{country.lower()}-police",
                    country,
                    f"person{index}@example.org",
                    f"+381 11 000 {index:04d}",
                    "yes" if index % 3 else "no",
                    "yes" if index % 2 else "no",
                ]
            )
    return folder / "regional-strategic-planning.yaml"


#: The variable that keeps `facilitation` from handing commands to a running server.
NO_SERVER = "FACILITATION_NO_SERVER"


def facilitation() -> list[str]:
    """The command a user types: the installed console script, else `python -m facilitation`."""
    script = Path(sys.executable).with_name("facilitation")
    return [str(script)] if script.exists() else [sys.executable, "-m", "facilitation"]


class Outputs:
    """A fresh output folder for every run, removed afterwards (untimed)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.count = 0

    def fresh(self) -> Path:
        self.count += 1
        folder = self.root / f"run{self.count}"
        shutil.rmtree(folder, ignore_errors=True)
        return folder

    def clear(self, folder: Path) -> None:
        shutil.rmtree(folder, ignore_errors=True)


def built(
    outputs: Outputs,
    arguments: Sequence[str],
    keep: Callable[[Path], None] | None = None,
    env: dict[str, str] | None = None,
) -> Callable[[], Run]:
    """A measured `facilitation ARGS -o FRESH`; `keep` sees the output before it is removed."""

    def run() -> Run:
        folder = outputs.fresh()
        try:
            result = measure([*facilitation(), *arguments, "-o", str(folder)], env)
            if keep is not None:
                keep(folder)
            return result
        finally:
            outputs.clear(folder)

    return run


def markdown_for_pandoc(documents: Path, folder: Path) -> list[Path]:
    """One Markdown file per .docx under `documents`, each in its own folder with its images."""
    written = []
    for docx in sorted(documents.rglob("*.docx")):
        target = folder / docx.relative_to(documents).with_suffix("")
        target.mkdir(parents=True, exist_ok=True)
        markdown = target / f"{docx.stem}.md"
        markdown.write_text(docx_markdown(docx, target), encoding="utf-8")
        written.append(markdown)
    return written


#: One shell process runs pandoc once per document, as a user's script would; pandoc resolves
#: image paths against --resource-path, so each file's folder is passed without a `cd`.
PANDOC_LOOP = (
    'for f in "$@"; do pandoc --resource-path="${f%/*}" -f markdown -t docx'
    ' -o "${f%.md}.docx" "$f" || exit 1; done'
)


# --------------------------------------------------------------------------- the benchmark


@dataclass
class Settings:
    """What to run."""

    runs: int
    runs_large: int
    sizes: list[int]
    budget: float


def runs_for(settings: Settings, size: int) -> int:
    """Fewer runs for the large workshops."""
    return settings.runs_large if size >= LARGE else settings.runs


def bench_build_example(
    settings: Settings,
    work: Path,
    env: dict[str, str] | None = None,
    key: str = "build-example",
    title: str = "build example (every document) / pandoc",
) -> Row:
    """The whole example against pandoc writing the same documents from Markdown."""
    pandoc = shutil.which("pandoc")
    if pandoc is None:
        return Row(key, title, goal_text="≤ 0.4x", note="skipped: pandoc is not installed")
    try:
        outputs = Outputs(work / "build")
        reference = work / "reference"
        measure([*facilitation(), "build", str(EXAMPLE), "-o", str(reference)])
        sources = markdown_for_pandoc(reference, work / "markdown")

        def floor() -> Run:
            for stale in (work / "markdown").rglob("*.docx"):
                stale.unlink()
            return measure(["sh", "-c", PANDOC_LOOP, "sh", *map(str, sources)])

        pairs = alternate(
            built(outputs, ["build", str(EXAMPLE)], env=env), floor, settings.runs, settings.budget
        )
    except CommandError as error:
        return failed_row(key, title, "≤ 0.4x", error)
    row = paired_row(key, title, pairs, 0.4, "facilitation", "pandoc")
    row.note += f"; {len(sources)} documents, one pandoc process each, from one sh loop"
    return row


def bench_against_imports(
    settings: Settings,
    key: str,
    title: str,
    arguments: list[str],
    goal: float,
    env: dict[str, str] | None = None,
) -> Row:
    """A short command against importing the libraries the tool stands on."""
    imports = [sys.executable, "-c", IMPORT_FLOOR]
    try:
        measure([*facilitation(), *arguments], env)  # warm-up: bytecode caches, file cache
        measure(imports)
        pairs = alternate(
            lambda: measure([*facilitation(), *arguments], env),
            lambda: measure(imports),
            settings.runs,
            settings.budget,
        )
    except CommandError as error:
        return failed_row(key, title, f"≤ {goal:g}x", error)
    return paired_row(key, title, pairs, goal, "facilitation", "imports")


class ServerError(Exception):
    """`facilitation server start` failed; the message is its error output."""


@contextlib.contextmanager
def running_server(runtime: Path) -> Iterator[dict[str, str]]:
    """The environment of commands handed to a `facilitation server` of the benchmark's own.

    The server runs in a runtime folder of its own, so a server the user runs is never
    measured; it is stopped afterwards.
    """
    runtime.mkdir(mode=0o700)
    env = {**os.environ, "XDG_RUNTIME_DIR": str(runtime)}
    env.pop(NO_SERVER, None)
    started = subprocess.run(
        [*facilitation(), "server", "start", "--idle-minutes", "30"], env=env, capture_output=True
    )
    if started.returncode != 0:
        raise ServerError(started.stderr.decode(errors="replace"))
    try:
        yield env
    finally:
        subprocess.run([*facilitation(), "server", "stop"], env=env, capture_output=True)


def served_count(env: dict[str, str]) -> int:
    """How many commands the server ran so far."""
    status = subprocess.run(
        [*facilitation(), "server", "status", "--json"], env=env, capture_output=True
    )
    count: int = json.loads(status.stdout or "{}").get("served", 0)
    return count


def served_rows(settings: Settings, work: Path) -> list[Row]:
    """`check --no-cache`, the whole build and the smallest participant list, handed to a server.

    The smallest list is the one whose time is mostly the start of a process.
    """
    check = ("check-example-served", "check example --no-cache, server running / imports")
    build = ("build-example-served", "build example, server running / pandoc")
    size = min(settings.sizes)
    listed = (f"participants-{size}-served", f"participants {size:,}, server running / lxml floor")
    try:
        with running_server(work / "server") as env:
            rows, counts = [], [served_count(env)]
            arguments = ["check", "--no-cache", str(EXAMPLE)]
            rows.append(bench_against_imports(settings, *check, arguments, 2.0, env))
            counts.append(served_count(env))
            rows.append(bench_build_example(settings, work / "example-served", env, *build))
            counts.append(served_count(env))
            folder = work / f"served-w{size}"
            workshop = generated(folder / "workshop", size)
            rows.append(bench_document(settings, folder, size, workshop, "participants", env))
            counts.append(served_count(env))
    except ServerError as error:
        problem = CommandError(f"facilitation server start failed: {error}")
        return [
            failed_row(*check, "≤ 2x", problem),
            failed_row(*build, "≤ 0.4x", problem),
            failed_row(*listed, "≤ 2x", problem),
        ]
    for index, (before, after) in enumerate(itertools.pairwise(counts)):
        if after == before:  # the code changed while the benchmark ran: they ran on their own
            row = rows[index]
            problem = CommandError("the server ran none of them")
            rows[index] = failed_row(row.key, row.work, row.goal_text, problem)
    return rows


def bench_document(
    settings: Settings,
    work: Path,
    size: int,
    workshop: Path,
    only: str,
    env: dict[str, str] | None = None,
) -> Row:
    """`build --only ONLY` for `size` people against writing the same rows with lxml.

    With `env` (a running server's), the build is handed to the server.
    """
    key, title = f"{only}-{size}", f"{only} {size:,} / lxml floor"
    if env is not None:
        key, title = f"{key}-served", f"{only} {size:,}, server running / lxml floor"
    template = TEMPLATES / f"{only}.docx"
    rows_json = work / f"{only}-{size}.json"
    table: dict[str, int] = {}

    def keep(folder: Path) -> None:
        if table:
            return
        # The first timed run's output serves as the untimed reference: its rows go to JSON
        # here, between two timed runs, so the floor never reads CSV.
        document = next(folder.rglob(f"{only}.docx"), None)
        if document is None:
            raise CommandError(f"build --only {only} wrote no {only}.docx into {folder}")
        columns, rows = table_rows(document)
        rows_json.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
        table.update(columns=columns, rows=len(rows))

    floor_out = work / f"{only}-{size}-floor.docx"

    def floor() -> Run:
        return measure(
            [
                sys.executable,
                "-c",
                LXML_FLOOR,
                str(template),
                str(rows_json),
                str(floor_out),
                str(table["columns"]),
            ]
        )

    try:
        tool = built(Outputs(work / key), ["build", str(workshop), "--only", only], keep, env)
        pairs = alternate(tool, floor, runs_for(settings, size), settings.budget)
    except CommandError as error:
        return failed_row(key, title, "≤ 2x", error)
    row = paired_row(key, title, pairs, 2.0, "facilitation", "lxml")
    row.note += f"; {table['rows']:,} table rows"
    return row


def bench_check(settings: Settings, size: int, workshop: Path) -> Row:
    """`check` of a generated workshop: only its growth has a goal."""
    key, title = f"check-{size}", f"check {size:,}"
    try:
        runs = repeat(
            lambda: measure([*facilitation(), "check", "--no-cache", str(workshop)]),
            runs_for(settings, size),
            settings.budget,
        )
    except CommandError as error:
        return failed_row(key, title, "", error)
    row = Row(key, title, a=median([run.seconds for run in runs]), compared=False)
    row.runs = {"facilitation": [asdict(run) for run in runs]}
    return row


def growth_rows(rows: dict[str, Row], sizes: Sequence[int]) -> list[Row]:
    """Time at the large size over time at the small one (10,000 / 1,000 when both ran)."""
    small, large = (1000, 10000) if {1000, 10000} <= set(sizes) else (min(sizes), max(sizes))
    if small == large:
        return []
    goal = 1.1 * large / small
    grown = []
    for name in ("participants", "sign-in", "check"):
        before, after = rows.get(f"{name}-{small}"), rows.get(f"{name}-{large}")
        key, title = f"growth-{name}", f"growth {name} {large // 1000}k/{small // 1000}k"
        if before is None or after is None or before.a is None or after.a is None:
            grown.append(Row(key, title, goal_text=f"≤ {goal:g}x", met=False, note="not measured"))
            continue
        row = Row(key, title, after.a, before.a, ratio(after.a, before.a), goal, f"≤ {goal:g}x")
        row.judge()
        grown.append(row)
    return grown


def linear(memory: dict[int, float]) -> bool | None:
    """Memory grows linearly: the MB per person of the last step ≤ 1.5x that of the first.

    None when fewer than three sizes ran.
    """
    sizes = sorted(memory)
    if len(sizes) < 3:
        return None

    def slope(low: int, high: int) -> float:
        return (memory[high] - memory[low]) / (high - low)

    first, last = slope(sizes[0], sizes[1]), slope(sizes[-2], sizes[-1])
    return last <= 1.5 * max(first, 1e-9)


def memory_row(rows: dict[str, Row], sizes: Sequence[int]) -> Row:
    """Peak memory of the sign-in sheets: at most 800 MB for 20,000 people, and linear."""
    memory: dict[int, float] = {}
    floor: dict[int, float] = {}
    for size in sizes:
        row = rows.get(f"sign-in-{size}")
        if row is not None and row.runs:
            memory[size] = median([run["peak_mb"] for run in row.runs["facilitation"]])
            floor[size] = median([run["peak_mb"] for run in row.runs["lxml"]])
    row = Row(
        "memory-sign-in",
        "peak memory sign-in",
        unit="MB",
        goal_text="≤ 800 MB, linear",
        compared=False,
    )
    if not memory:
        row.note, row.met = "not measured", False
        return row
    top = max(memory)
    row.work = f"peak memory sign-in {top:,} / lxml floor"
    row.a, row.b, row.value = memory[top], floor[top], memory[top]
    is_linear = linear(memory)
    row.note = "MB: " + ", ".join(
        f"{size // 1000}k {mb:.0f}" for size, mb in sorted(memory.items())
    )
    row.note += {True: " (linear)", False: " (NOT linear)", None: " (linearity needs 3 sizes)"}[
        is_linear
    ]
    if top == 20000:
        row.met = memory[top] <= 800 and is_linear is not False
    else:
        row.note += "; the 800 MB goal is for 20,000 people"
    row.runs = {
        "memory_mb": {str(k): v for k, v in memory.items()},
        "floor_mb": {str(k): v for k, v in floor.items()},
    }
    return row


#: Builds the example and its synthesis in one process and times the chart functions within it.
CHART_COST = """
import sys, time
from pathlib import Path
from facilitation.documents import charts
spent = [0.0]
for name in ("rating_distribution", "radar"):
    def wrapped(*args, _draw=getattr(charts, name), **kwargs):
        started = time.perf_counter()
        try:
            return _draw(*args, **kwargs)
        finally:
            spent[0] += time.perf_counter() - started
    setattr(charts, name, wrapped)
from facilitation.documents.build import build, build_synthesis
started = time.perf_counter()
build([Path(sys.argv[1])], Path(sys.argv[2]))
build_synthesis([Path(sys.argv[1])], Path(sys.argv[2]) / "synthesis")
print(f"{time.perf_counter() - started:.2f} {spent[0]:.2f}")
"""


def chart_cost(out: Path) -> tuple[float, float]:
    """Seconds to build every document of the example and its synthesis, and of it the charts."""
    shutil.rmtree(out, ignore_errors=True)
    result = subprocess.run(
        [sys.executable, "-c", CHART_COST, str(EXAMPLE), str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise CommandError(f"building the example failed:\n{result.stderr[-2000:]}")
    total, charts = result.stdout.split()
    return float(total), float(charts)


def bench_charts(settings: Settings, work: Path) -> Row:
    """What drawing the charts adds to building the example and its synthesis."""
    key, title = "charts", "charts in example + synthesis / whole build"
    try:
        costs: list[tuple[float, float]] = []
        started = time.perf_counter()
        while len(costs) < min(settings.runs, 3):
            costs.append(chart_cost(work / "charts"))
            if time.perf_counter() - started > settings.budget:
                break
    except CommandError as error:
        return failed_row(key, title, "charts ≤ 2 s", error)
    drawn = median([charts for _, charts in costs])
    total = median([total for total, _ in costs])
    row = Row(key, title, drawn, total, drawn, 2.0, "charts ≤ 2 s", compared=False)
    row.note = f"charts are {ratio(drawn, total):.0%} of the build"
    row.runs = {"total_s": [t for t, _ in costs], "charts_s": [c for _, c in costs]}
    row.judge()
    return row


def benchmark(settings: Settings, work: Path, progress: Callable[[Row], None]) -> list[Row]:
    """Every row, in the order of the table; `progress` sees each row as soon as it is done."""
    rows: dict[str, Row] = {}

    def add(row: Row) -> None:
        rows[row.key] = row
        progress(row)

    add(bench_build_example(settings, work / "example"))
    # NOTE: `check` gives its last answer again while nothing changed (its cache): the first row
    # is a check run again, as a facilitator does; the second checks everything afresh.
    add(
        bench_against_imports(
            settings, "check-example", "check example / imports", ["check", str(EXAMPLE)], 2.0
        )
    )
    add(
        bench_against_imports(
            settings,
            "check-example-fresh",
            "check example --no-cache / imports",
            ["check", "--no-cache", str(EXAMPLE)],
            2.0,
        )
    )
    add(bench_against_imports(settings, "help", "--help / imports", ["--help"], 1.3))
    for size in settings.sizes:
        folder = work / f"w{size}"
        workshop = generated(folder / "workshop", size)
        for only in ("participants", "sign-in"):
            add(bench_document(settings, folder, size, workshop, only))
        add(bench_check(settings, size, workshop))
        shutil.rmtree(folder, ignore_errors=True)
    add(memory_row(rows, settings.sizes))
    for row in growth_rows(rows, settings.sizes):
        add(row)
    add(bench_charts(settings, work))
    for row in served_rows(settings, work):
        add(row)
    return list(rows.values())


# --------------------------------------------------------------------------- reporting


def _amount(value: float | None, unit: str) -> str:
    if value is None:
        return "–"
    return f"{value:.0f} MB" if unit == "MB" else f"{value:.2f} s"


def format_row(row: Row) -> str:
    """One line of the table."""
    met = {True: "✓", False: "✗", None: "–"}[row.met]
    # NOTE: the ratio column always shows A / B; rows with an absolute goal (memory, charts)
    # judge `value`, which the A column already shows.
    shown = "–" if row.a is None or row.b is None else f"{ratio(row.a, row.b):.2f}x"
    line = (
        f"{row.work:<46} {_amount(row.a, row.unit):>9} {_amount(row.b, row.unit):>9}"
        f" {shown:>9}  {row.goal_text:<17} {met}"
    )
    return f"{line}  {row.note}" if row.note else line


HEADER = f"{'work (A / B)':<46} {'A':>9} {'B':>9} {'ratio':>9}  {'goal':<17} met"


def ratios(rows: Sequence[Row]) -> dict[str, float]:
    """The ratios --compare looks at, by row key."""
    return {row.key: row.value for row in rows if row.compared and row.value is not None}


def compare(previous: dict[str, float], current: dict[str, float]) -> tuple[list[str], bool]:
    """Lines comparing each ratio with the previous run, and whether one got >10% worse."""
    lines, worse = [], False
    for key in sorted(set(previous) & set(current)):
        before, now = previous[key], current[key]
        flagged = now > before * (1 + WORSE)
        worse = worse or flagged
        change = ratio(now, before) - 1 if before > 0 else 0.0
        mark = "✗ worse" if flagged else "✓"
        lines.append(f"{key:<26} {before:>8.2f} -> {now:>8.2f}  {change:+6.0%}  {mark}")
    return lines, worse


def machine() -> dict[str, Any]:
    """Where the numbers were measured."""
    return {
        "platform": platform.platform(),
        "python": sys.version.split()[0],
        "cpus": os.cpu_count(),
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "pandoc": shutil.which("pandoc"),
    }


def parse_arguments(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """Command-line options."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=5, help="A B pairs per row (default 5)")
    parser.add_argument(
        "--runs-large", type=int, default=3, help=f"pairs from {LARGE:,} people on (default 3)"
    )
    parser.add_argument(
        "--sizes", default=",".join(map(str, SIZES)), help="participants, e.g. 1000,5000"
    )
    parser.add_argument(
        "--budget",
        type=float,
        default=45.0,
        help="stop adding runs to a row once it took this many seconds (default 45)",
    )
    parser.add_argument("--quick", action="store_true", help="1 run, 1,000 and 5,000 people")
    parser.add_argument(
        "--json", type=Path, default=Path("benchmark.json"), help="where to write every measurement"
    )
    parser.add_argument(
        "--compare", type=Path, help="a previous --json file to compare the ratios with"
    )
    return parser.parse_args(argv)


def settings_from(options: argparse.Namespace) -> Settings:
    """Settings from the options; --quick overrides runs and sizes."""
    if options.quick:
        return Settings(1, 1, [1000, 5000], options.budget)
    try:
        sizes = sorted({int(size) for size in options.sizes.split(",") if size.strip()})
    except ValueError:
        raise SystemExit(
            f"--sizes {options.sizes!r}: give whole numbers separated by commas, e.g. 1000,5000"
        ) from None
    return Settings(max(options.runs, 1), max(options.runs_large, 1), sizes, options.budget)


def previous_ratios(path: Path) -> dict[str, float]:
    """The ratios of an earlier --json file."""
    try:
        previous: dict[str, float] = json.loads(path.read_text(encoding="utf-8"))["ratios"]
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise SystemExit(
            f"--compare {path}: cannot read the ratios of an earlier --json file ({error})"
        ) from None
    return previous


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark, print the table, write the JSON, compare; exit 1 if a ratio got worse."""
    options = parse_arguments(argv)
    try:
        settings = settings_from(options)
        previous = None if options.compare is None else previous_ratios(options.compare)
    except SystemExit as error:
        print(error, file=sys.stderr)
        return 2  # a usage error, as for a bad option
    # NOTE: every other row measures a process of its own, even while the user runs a server.
    os.environ[NO_SERVER] = "1"
    print(HEADER, flush=True)
    with tempfile.TemporaryDirectory(prefix="facilitation-benchmark-") as work:
        rows = benchmark(settings, Path(work), lambda row: print(format_row(row), flush=True))
    current = ratios(rows)
    report = {
        "machine": machine(),
        "settings": asdict(settings),
        "ratios": current,
        "memory_mb": next(
            (row.runs.get("memory_mb") for row in rows if row.key == "memory-sign-in"), None
        ),
        "rows": [asdict(row) for row in rows],
    }
    options.json.write_text(
        json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    print(f"\nevery measurement: {options.json}")
    failed = any(row.note.startswith("failed") for row in rows)
    if previous is None:
        return 1 if failed else 0
    lines, worse = compare(previous, current)
    print(f"\ncompared with {options.compare}:")
    print("\n".join(lines) or "no ratio in common")
    return 1 if worse or failed else 0


if __name__ == "__main__":
    sys.exit(main())
