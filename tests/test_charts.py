"""Charts: the same bytes twice, colours that read in grey, alt text and numbers in the report."""

from __future__ import annotations

import io
import itertools
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from conftest import EXAMPLE
from facilitation.documents import charts
from facilitation.documents.build import build
from facilitation.documents.views.outcome_charts import describe_scores, score_counts
from helpers.docx_text import docx_text

_WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"


def _every_chart() -> list[bytes]:
    return [
        charts.horizontal_bars(["Done", "Overdue"], [3, 1]),
        charts.stacked_bars(["Albania", "Kosovo*"], [("Women", [3, 2]), ("Men", [1, 4])]),
        charts.rating_distribution(["Useful?"], [[0, 1, 2, 5, 3]], 5, legend="Score"),
        charts.radar(list("ABCDEF"), [("Team", [3, 4, 2, 5, 3, 4])], maximum=5),
        charts.heat_map(["Albania", "Serbia"], ["Joint training"], [[1], [0]]),
    ]


def test_drawing_twice_gives_the_same_bytes_without_software_or_date() -> None:
    first, second = _every_chart(), _every_chart()
    assert first == second
    for image in first:
        assert image.startswith(b"\x89PNG")
        assert b"Software" not in image
        assert b"matplotlib" not in image
        assert b"tIME" not in image


@pytest.mark.parametrize("count", [2, 3, 4, 5])
def test_neighbouring_sequential_colours_differ_in_lightness(count: int) -> None:
    levels = [charts.lightness(colour) for colour in charts.sequential(count)]
    steps = [abs(a - b) for a, b in itertools.pairwise(levels)]
    assert min(steps) >= charts.MIN_LIGHTNESS_STEP, steps


def test_neighbouring_categorical_colours_differ_in_lightness() -> None:
    levels = [charts.lightness(colour) for colour in charts.CATEGORICAL]
    steps = [abs(a - b) for a, b in itertools.pairwise(levels)]
    assert min(steps) >= charts.MIN_LIGHTNESS_STEP, steps
    assert charts.MIN_LIGHTNESS_STEP >= 15


def test_lightness_of_black_white_and_a_grey() -> None:
    assert charts.lightness("#000000") == pytest.approx(0, abs=0.01)
    assert charts.lightness("#FFFFFF") == pytest.approx(100, abs=0.01)
    assert charts.lightness("#777777") == pytest.approx(50.0, abs=0.5)


def test_charts_use_the_documents_typeface() -> None:
    families = charts.font_families()
    assert families
    assert set(families) <= {*charts.FONT_FAMILIES, "DejaVu Sans"}


def test_answers_per_score() -> None:
    counts = score_counts([5, 4, 4, 2], 5)
    assert counts == [0, 1, 0, 2, 1]
    assert describe_scores(counts) == "1: 0 · 2: 1 · 3: 0 · 4: 2 · 5: 1"


@pytest.mark.parametrize("command", ["check", "show"])
def test_check_and_show_import_no_plotting_library(command: str, tmp_path: Path) -> None:
    target = EXAMPLE if command == "check" else EXAMPLE / "regional-strategic-planning.yaml"
    code = (
        "import sys\n"
        "from facilitation.cli.app import app\n"
        "try:\n"
        f"    app([{command!r}, {str(target)!r}])\n"
        "except SystemExit:\n"
        "    pass\n"
        "heavy = sorted(m for m in ('matplotlib', 'numpy', 'PIL', 'docx', 'docxtpl') "
        "if m in sys.modules)\n"
        "print('HEAVY', heavy)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, cwd=tmp_path
    )
    assert "HEAVY []" in result.stdout, result.stdout + result.stderr


def test_the_examples_outcome_report_holds_its_charts_with_alt_text_and_numbers(
    tmp_path: Path,
) -> None:
    build([EXAMPLE / "regional-strategic-planning.yaml"], tmp_path, only=["outcome-report"])
    report = tmp_path / "regional-strategic-planning" / "outcome-report.docx"
    with zipfile.ZipFile(report) as docx:
        body = etree.parse(io.BytesIO(docx.read("word/document.xml")))
        media = [name for name in docx.namelist() if name.startswith("word/media/")]
    described = [
        element.get("descr")
        for element in body.iter(f"{{{_WP}}}docPr")
        if element.get("descr") is not None
    ]
    # Four charts of the report, and the radar of the workshop's Compass self-assessment.
    assert len(described) == 5
    assert described[4].startswith(
        "Radar chart: The participants' self-assessment (Follow-up): mean per Compass dimension."
    )
    assert "Future possibilities 3.9; Engagement 4.1" in described[4]
    assert described[0].startswith("Stacked bar chart: Participants by country and gender.")
    assert "Kosovo*: Women 3, Men 3" in described[0]
    assert (
        described[2] == "Bar chart: Action items by status. Done 7, Open, not yet due 1, Overdue 3."
    )
    assert len(media) >= 4
    text = docx_text(report)
    for caption in (
        "Figure 1: Participants by country and gender",
        "Figure 2: Participants by type of institution and gender",
        "Figure 3: Action items by status",
        "Figure 4: Feedback ratings, answers per score",
    ):
        assert caption in text
    assert "| Country | Women | Men | Diverse or not stated | Total |" in text
    assert "| Status | Action items |" in text
    assert "| Overdue | 3 |" in text
    assert "Answers per score: 1: 0 · 2: 0 · 3: 2 · 4: 16 · 5: 18" in text
    assert sorted(path.name for path in report.parent.iterdir()) == ["outcome-report.docx"]
