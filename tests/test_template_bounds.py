"""Template mistakes and excesses end as diagnostics, in the process, in seconds.

5. Every mistake a template can make while it runs (broken XML, endless recursion, a division by
   zero, a filter or ``format`` given the wrong type, a ``range()`` too long) is an R30x
   diagnostic that names the template and quotes the paragraph (or gives the line) that holds
   the tag; never a traceback.
6. Every excess (a huge text, list or number, loops inside loops, endless output) ends with R309
   within seconds and well under 1 GB, while a sign-in sheet for 20,000 participants over 4 days
   stays well inside the limits.
"""

from __future__ import annotations

import csv
import io
import shutil
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from docx.oxml import parse_xml
from typer.testing import CliRunner

from conftest import BASE_WORKSHOP, EXAMPLE
from facilitation import codes
from facilitation.checking.analyse import analyse_paths
from facilitation.cli.app import app
from facilitation.documents.build import render_document
from facilitation.documents.registry import DOCUMENTS
from facilitation.documents.sandbox import bounds as environment
from facilitation.documents.sandbox.bounds import render_budget
from facilitation.documents.sandbox.environment import make_environment
from facilitation.documents.templates import TemplateSource
from facilitation.documents.text import render_text
from facilitation.documents.word.render import render_docx
from facilitation.errors import Diagnostic, TemplateError

NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
BEFORE = "Before {{ workshop.title }}"
AFTER = "After {{ workshop.title }}"
VIEW: dict[str, Any] = {
    "workshop": {"title": "Kick-off", "minutes": 45},
    "zero": 0,
    "items": [1, 2],
}


def word_template(*texts: str, table_after: str | None = None, header: str = "") -> bytes:
    """A Word template with one paragraph per text (a one-cell table after the last, a header)."""
    document = Document()
    for text in texts:
        document.add_paragraph(text)
    if header:
        document.sections[0].header.paragraphs[0].text = header
    if table_after is not None:
        body = document.element.body
        body.insert(
            len(body) - 1,
            parse_xml(
                f"<w:tbl {NS}><w:tr><w:tc><w:p><w:r><w:t>{table_after}</w:t></w:r></w:p>"
                "</w:tc></w:tr></w:tbl>"
            ),
        )
        document.add_paragraph("After the table")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def render_word(data: bytes, view: dict[str, Any] | None = None) -> bytes:
    return render_docx(
        TemplateSource("mine.docx", "my-templates/mine.docx", data),
        view or VIEW,
        make_environment(),
        title="Title",
        language="en",
    )


def word_problem(data: bytes, view: dict[str, Any] | None = None) -> Diagnostic:
    with pytest.raises(TemplateError) as caught:
        render_word(data, view)
    return caught.value.diagnostic


def text_problem(folder: Path, text: str, view: dict[str, Any] | None = None) -> Diagnostic:
    (folder / "agenda.md.j2").write_text(text, "utf-8")
    with pytest.raises(TemplateError) as caught:
        render_text("agenda.md.j2", view or VIEW, make_environment(folder))
    return caught.value.diagnostic


# --- 5. every mistake is a diagnostic at its tag -------------------------------------------------

MISTAKES: dict[str, tuple[str, str]] = {
    "a macro calling itself": (
        "{% macro again(n) %}{{ again(n) }}{% endmacro %}Runs {{ again(1) }}",
        codes.TEMPLATE_LIMIT,
    ),
    "a division by zero": ("Share: {{ workshop.minutes / zero }}", codes.TEMPLATE_SYNTAX),
    "a whole division by zero": ("Share: {{ workshop.minutes // 0 }}", codes.TEMPLATE_SYNTAX),
    "a remainder by zero": ("Rest: {{ workshop.minutes % zero }}", codes.TEMPLATE_SYNTAX),
    "hhmm given a text": ("Starts {{ workshop.title|hhmm }}", codes.TEMPLATE_SYNTAX),
    "duration given a list": ("Takes {{ items|duration }}", codes.TEMPLATE_SYNTAX),
    "hhmm given a number with a point": ("Starts {{ 9.5|hhmm }}", codes.TEMPLATE_SYNTAX),
    "md given an argument": ("Title {{ workshop.title|md(2) }}", codes.TEMPLATE_SYNTAX),
    "a built-in filter given the wrong type": (
        "{{ workshop.minutes|join(', ') }}",
        codes.TEMPLATE_SYNTAX,
    ),
    "round given a text": ("{{ workshop.title|round }}", codes.TEMPLATE_SYNTAX),
    "format given the wrong type": (
        "{{ '%d minutes'|format(workshop.title) }}",
        codes.TEMPLATE_SYNTAX,
    ),
    "% given too few values": ("{{ '%s and %s' % (workshop.title,) }}", codes.TEMPLATE_SYNTAX),
    "str.format given the wrong type": (
        "{{ '{:d}'.format(workshop.title) }}",
        codes.TEMPLATE_SYNTAX,
    ),
    "a text added to a number": ("{{ workshop.minutes + workshop.title }}", codes.TEMPLATE_SYNTAX),
    "range() given a text": (
        "{% for i in range(workshop.title) %}{{ i }}{% endfor %}",
        codes.TEMPLATE_SYNTAX,
    ),
    "range() past the limit": ("{% for i in range(10001) %}.{% endfor %}", codes.TEMPLATE_LIMIT),
    "range() past the limit by its bounds": (
        "{{ range(-10000, 10000)|length }}",
        codes.TEMPLATE_LIMIT,
    ),
    "an unclosed block": ("{% for i in items %}open", codes.TEMPLATE_SYNTAX),
}


@pytest.mark.parametrize("case", list(MISTAKES))
def test_a_mistake_in_a_word_template_quotes_its_paragraph(case: str) -> None:
    tag, code = MISTAKES[case]
    problem = word_problem(word_template(BEFORE, tag, AFTER))
    assert problem.code == code, problem
    assert problem.location.file == "my-templates/mine.docx"
    assert problem.notes[0] == f"near: {tag}"  # this paragraph, not the one before or after


@pytest.mark.parametrize("case", list(MISTAKES))
def test_a_mistake_in_a_text_template_gives_its_line_and_quotes_it(
    case: str, tmp_path: Path
) -> None:
    tag, code = MISTAKES[case]
    problem = text_problem(tmp_path, f"# {BEFORE}\n\n{tag}\n\n{AFTER}\n")
    assert problem.code == code, problem
    assert problem.location.file.endswith("agenda.md.j2")
    assert problem.location.line == 3
    assert problem.notes == (f"near: {tag}",)


@pytest.mark.parametrize(
    ("opening", "closing"),
    [
        ("{% if workshop.missing is defined %}start", "cell {% endif %}"),
        ("{% for i in items %}start", "cell {% endfor %}"),
        ("{% if workshop.title %}start{% else %}other", "cell {% endif %}"),
    ],
)
def test_broken_word_xml_quotes_the_tag_that_cuts_through(opening: str, closing: str) -> None:
    problem = word_problem(word_template(BEFORE, opening, table_after=closing))
    assert problem.code == codes.TEMPLATE_SYNTAX
    assert "broken Word XML" in problem.message
    assert problem.notes[0] == f"near: {opening}"


@pytest.mark.parametrize(
    "tag",
    [
        "{{ (workshop.title|length) / 0 }}",
        "{{ 'x'|hhmm }}",
        "{{ '%d'|format('x') }}",
        "{{ 'A' * 10**9 }}",
    ],
)
def test_the_command_line_shows_a_diagnostic_not_a_traceback(
    tag: str, tmp_path: Path, write: Callable[..., Path]
) -> None:
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "agenda.docx").write_bytes(word_template(BEFORE, tag))
    (folder / "agenda.md.j2").write_text(f"# Agenda\n{tag}\n", "utf-8")
    path = write("w.yaml", BASE_WORKSHOP)
    for document in ("agenda", "agenda-md"):
        result = CliRunner().invoke(
            app,
            [
                "build",
                str(path),
                "-o",
                str(tmp_path / "out"),
                "--templates",
                str(folder),
                "--only",
                document,
            ],
        )
        assert result.exit_code == 1, result.output
        assert "Traceback" not in result.output + result.stderr
        assert "error[R30" in result.stderr
        assert not (tmp_path / "out").exists()


# --- 6. excesses end with R309, in seconds, in little memory -------------------------------------

#: Excesses that build large values: stopped before the value exists.
HUGE_VALUES = [
    "{{ 'A' * 10**9 }}",
    "{{ [0] * 10**9 }}",
    "{{ 10**9 * 'A' }}",
    "{{ 9**(9**9) }}",
    "{{ (10**4000) * (10**4000) }}",
    "{{ 10.0 ** 400 }}",
    "{% set a = 'A' * 9000000 %}{{ a ~ a ~ a ~ a }}",
    "{% set a = 'A' * 9000000 %}{{ a + a }}",
    "{{ 'x'|center(10**9) }}",
    "{{ 'x'.ljust(10**9) }}",
    "{{ 'x\ty'.expandtabs(10**9) }}",
    "{{ ('ab' * 1000)|replace('a', 'x' * 100000) }}",
    "{{ 'x'.replace('', 'y' * 9000000) }}",
    "{{ range(10)|join('x' * 9000000) }}",
    "{{ ('x' * 5000000)|wordwrap(1, wrapstring='abc') }}",
    "{{ range(10)|batch(10**9, 'x')|list }}",
    "{{ range(10)|slice(10**9)|list }}",
    "{{ '%0999999999d'|format(1) }}",
    "{{ '%0999999999d' % 1 }}",
    "{{ '%*d' % (10**9, 1) }}",
    "{{ '{:>999999999}'.format(1) }}",
    "{{ '{:{w}}'.format(1, w=10**9) }}",
    "{% macro double(s, n) %}{{ double(s ~ s, n - 1) if n else s|length }}{% endmacro %}"
    "{{ double('A', 60) }}",
]

#: Excesses of work or output: stopped by the budget of the render.
ENDLESS_WORK = [
    "{% for i in range(10000) %}{% for j in range(10000) %}{% endfor %}{% endfor %}",
    "{% for i in range(10000) %}{% for j in range(10000) %}{% for k in range(10000) %}"
    "{{ k }}{% endfor %}{% endfor %}{% endfor %}",
    "{% for i in range(10000) %}{{ 'A' * 9000000 }}{% endfor %}",
    "{% macro m() %}{% for i in range(1000) %}{{ 'A' * 9000000 }}{% endfor %}{% endmacro %}"
    "{{ m()|length }}",
    "{% macro tree(n) %}{% if n %}{{ tree(n - 1) }}{{ tree(n - 1) }}{% endif %}{% endmacro %}"
    "{{ tree(40) }}",
    "{% for x in [1, 2] recursive %}{{ loop(range(10000)) }}{% endfor %}",
    "{% for i in range(10000) %}{% for j in ('A' * 9000000) %}{% endfor %}{% endfor %}",
]


def stopped(tag: str, folder: Path, *, measure_memory: bool) -> tuple[Diagnostic, float, int]:
    """The diagnostic of a text template holding ``tag``; seconds; peak traced bytes."""
    if measure_memory:
        tracemalloc.start()
    started = time.perf_counter()
    try:
        problem = text_problem(folder, f"# Agenda\n{tag}\n")
    finally:
        seconds = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1] if measure_memory else 0
        if measure_memory:
            tracemalloc.stop()
    return problem, seconds, peak


@pytest.mark.parametrize("tag", HUGE_VALUES)
def test_a_huge_value_is_refused_before_it_exists(tag: str, tmp_path: Path) -> None:
    problem, seconds, peak = stopped(tag, tmp_path, measure_memory=True)
    assert problem.code == codes.TEMPLATE_LIMIT, problem
    assert problem.location.line == 2
    assert seconds < 5
    assert peak < 200 * 2**20


@pytest.mark.parametrize("tag", ENDLESS_WORK)
def test_endless_work_is_stopped_in_seconds(tag: str, tmp_path: Path) -> None:
    problem, seconds, _ = stopped(tag, tmp_path, measure_memory=False)
    assert problem.code == codes.TEMPLATE_LIMIT, problem
    assert seconds < 20


@pytest.mark.parametrize("tag", ENDLESS_WORK[2:4])
def test_endless_output_is_stopped_well_under_a_gigabyte(tag: str, tmp_path: Path) -> None:
    _, _, peak = stopped(tag, tmp_path, measure_memory=True)
    assert peak < 600 * 2**20


@pytest.mark.parametrize("tag", [HUGE_VALUES[0], HUGE_VALUES[3], ENDLESS_WORK[0], ENDLESS_WORK[4]])
def test_excesses_in_word_templates_quote_their_paragraph(tag: str) -> None:
    problem = word_problem(word_template(BEFORE, tag, AFTER))
    assert problem.code == codes.TEMPLATE_LIMIT
    assert problem.notes[0] == f"near: {tag}"


def test_the_budget_counts_every_part_of_a_word_document_together() -> None:
    loop = "{% for i in range(10000) %}{% for j in range(60) %}{% endfor %}{% endfor %}"
    render_word(word_template(BEFORE, loop))  # 600,000 rounds in the body
    render_word(word_template(BEFORE, header=loop))  # 600,000 in the header
    problem = word_problem(word_template(BEFORE, loop, header=loop))  # 1,200,000 in all
    assert problem.code == codes.TEMPLATE_LIMIT
    assert problem.notes == (f"near: {loop}", "in the header (word/header1.xml)")


def test_a_long_but_fair_template_is_not_stopped(tmp_path: Path) -> None:
    text = "{% for i in range(10000) %}{% for j in range(90) %}{% endfor %}{{ i }}{% endfor %}"
    (tmp_path / "agenda.md.j2").write_text(text, "utf-8")
    out = render_text("agenda.md.j2", {}, make_environment(tmp_path))
    assert out.startswith(b"0123")


# --- the limits leave room for the largest real document -----------------------------------------

PARTICIPANT_COLUMNS = ["First name", "Last name", "Position", "Institution", "Country", "E-mail"]


def generated(folder: Path, participants: int) -> Path:
    """The example's regional workshop (4 days) with ``participants`` made-up participants."""
    shutil.copytree(EXAMPLE, folder)
    with (folder / "participants.csv").open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(PARTICIPANT_COLUMNS)
        for index in range(participants):
            writer.writerow(
                [
                    "Јелена",
                    f"Марковић {index}",
                    "Inspector",
                    "rs-police",
                    "RS",
                    f"person{index}@example.org",
                ]
            )
    return folder / "regional-strategic-planning.yaml"


def spent(path: Path, document: str) -> environment.RenderBudget:
    [analysis] = [a for a in analyse_paths([path]).analyses if a.path == path]
    assert analysis.workshop is not None
    assert analysis.schedule is not None
    assert len(analysis.workshop.days) == 4
    spec = next(spec for spec in DOCUMENTS if spec.name == document)
    with render_budget() as budget:
        render_document(spec, analysis.workshop, analysis.schedule, None)
    return budget


@pytest.mark.parametrize("document", ["sign-in", "participants"])
def test_twenty_thousand_participants_over_four_days_stay_well_inside(
    document: str, tmp_path: Path
) -> None:
    small = spent(generated(tmp_path / "small", 100), document)
    large = spent(generated(tmp_path / "large", 300), document)

    def projected(small_value: int, large_value: int) -> float:
        return small_value + (large_value - small_value) / 200 * (20_000 - 100)

    # At least twice the room that 20,000 participants over 4 days need.
    assert 2 * projected(small.steps, large.steps) <= environment.MAX_STEPS
    assert 2 * projected(small.calls, large.calls) <= environment.MAX_CALLS
    assert 2 * projected(small.output, large.output) <= environment.MAX_OUTPUT
