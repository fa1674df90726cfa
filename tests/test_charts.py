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
from PIL import Image as Picture

from conftest import EXAMPLE
from facilitation.documents import charts
from facilitation.documents.build import build
from facilitation.documents.views import bars
from facilitation.documents.views.outcome_charts import describe_scores, score_counts
from helpers.docx_text import docx_text

_WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _every_chart() -> list[bytes]:
    return [
        charts.rating_distribution(["Useful?"], [[0, 1, 2, 5, 3]], 5, legend="Score"),
        charts.radar(list("ABCDEF"), [("Team", [3, 4, 2, 5, 3, 4])], maximum=5),
    ]


def test_drawing_twice_gives_the_same_bytes_without_software_or_date() -> None:
    first, second = _every_chart(), _every_chart()
    assert first == second
    for image in first:
        assert image.startswith(b"\x89PNG")
        assert b"Software" not in image
        assert b"matplotlib" not in image
        assert b"tIME" not in image


def test_charts_are_rgb_pngs_at_the_documents_resolution_in_their_colours() -> None:
    bars, radar = _every_chart()
    for image, colour in ((bars, charts.sequential(5)[-1]), (radar, charts.CATEGORICAL[0])):
        Picture.open(io.BytesIO(image)).verify()  # every chunk's checksum
        picture = Picture.open(io.BytesIO(image))
        assert picture.mode == "RGB"
        assert picture.info["dpi"] == pytest.approx((charts.DPI, charts.DPI), abs=0.01)
        assert abs(picture.width - charts.WIDTH_MM / 25.4 * charts.DPI) < 1
        red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
        assert any(rgb == (red, green, blue) for _, rgb in picture.getcolors(1 << 24)), colour


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


def test_charts_are_the_same_without_matplotlibs_generated_set_methods() -> None:
    """:func:`charts.import_matplotlib` skips writing ``set()`` for each artist: same pixels."""
    draw = (
        "import hashlib\n"
        "from facilitation.documents import charts\n"
        "from matplotlib.artist import Artist\n"
        "from matplotlib.lines import Line2D\n"
        "line = Line2D([0], [0])\n"
        "line.set(lw=3, c='red')\n"
        "assert (line.get_linewidth(), line.get_color()) == (3, 'red')\n"
        "print(Line2D.set is Artist.set, [hashlib.sha256(image).hexdigest() for image in ("
        "charts.rating_distribution(['Useful?', 'Clear?'], [[0, 1, 2, 5, 3], [1, 0, 0, 4, 6]], 5,"
        " legend='Score'),"
        "charts.radar(list('ABCDEF'), [('Team', [3, 4, 2, 5, 3, 4]), ('Region', [2, 2, 3, 4, 4, 1])],"
        " maximum=5, minimum=1),"
        "charts.radar(list('ABC'), [('Team', [3, 4, 2])], maximum=5, svg=True))])\n"
    )
    plain = "import matplotlib.figure\n" + draw
    outputs = [
        subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        ).stdout.split(" ", 1)
        for code in (
            plain,
            "from facilitation.documents import charts\ncharts.import_matplotlib()\n" + draw,
        )
    ]
    (generated, images), (shared, quick_images) = outputs
    assert (generated, shared) == ("False", "True")
    assert quick_images == images


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
    # The feedback distribution and the radar of the workshop's Compass self-assessment are
    # pictures; the participation and action charts are Word bars (tables).
    assert len(described) == 2
    assert described[0].startswith(
        "Stacked bar chart: Feedback ratings, answers per score, on a scale from 1 to 5. "
        "How satisfied are you with the organisation of the workshop? – 1: 0 · 2: 0 · 3: 2"
    )
    assert described[1].startswith(
        "Radar chart: The participants' self-assessment (Follow-up): mean per Compass dimension."
    )
    assert "Future possibilities 3.9; Engagement 4.1" in described[1]
    assert len(media) >= 2
    text = docx_text(report)
    for caption in (
        "Figure 1: Participants by country and gender",
        "Figure 2: Participants by type of institution and gender",
        "Figure 3: Action items by status",
        "Figure 4: Feedback ratings, answers per score",
    ):
        assert caption in text
    assert "| Country |  | Women |  | Men | Total |  |" in text
    assert "| Kosovo* | 3 | 3 | 6 |  |  |" in text
    assert "| Status | Action items |  |" in text
    assert "| Overdue | 3 |  |  |" in text
    assert "Answers per score: 1: 0 · 2: 0 · 3: 2 · 4: 16 · 5: 18" in text
    # Each bar table says what it is to a screen reader, and its bars are shaded cells.
    captions = [element.get(f"{{{_W}}}val") for element in body.iter(f"{{{_W}}}tblCaption")]
    assert captions == [
        "Figure 1: Participants by country and gender",
        "Figure 2: Participants by type of institution and gender",
        "Figure 3: Action items by status",
    ]
    fills = {element.get(f"{{{_W}}}fill") for element in body.iter(f"{{{_W}}}shd")}
    assert {*bars.GENDER_FILLS[:2], bars.STATE_FILLS["done"], bars.STATE_FILLS["overdue"]} <= fills
    assert sorted(path.name for path in report.parent.iterdir()) == ["outcome-report.docx"]


def _contrast_with_black(colour: str) -> float:
    red, green, blue = (int(colour[i : i + 2], 16) / 255 for i in (0, 2, 4))

    def linear(channel: float) -> float:
        return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4

    luminance = 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)
    return (luminance + 0.05) / 0.05


def test_word_bar_colours_read_in_grey_and_under_black_text() -> None:
    stacked = [
        bars.GENDER_FILLS,
        tuple(bars.STATE_FILLS[state] for state in ("done", "on-time", "overdue")),
    ]
    for fills in stacked:
        # Any two, not only neighbours: a zero between them puts two segments side by side.
        levels = [charts.lightness("#" + fill) for fill in fills]
        steps = [abs(a - b) for a, b in itertools.combinations(levels, 2)]
        assert min(steps) >= charts.MIN_LIGHTNESS_STEP, (fills, steps)
    # The legend is the shaded headings: black text on them passes WCAG AA (4.5:1).
    for fill in (*bars.GENDER_FILLS, *bars.STATE_FILLS.values()):
        assert _contrast_with_black(fill) >= 4.5, fill


def test_a_bar_table_spans_the_grid_and_draws_bars_to_scale() -> None:
    series = [bars.Series("Women", "E69F00"), bars.Series("Men", "4680C0")]
    table = bars.bar_table(
        "Country", series, [("Serbia", [3, 3]), ("Kosovo*", [1, 0]), ("Region", [0, 0])],
        total="Total",
    )  # fmt: skip
    rows = [table["header"], *table["rows"]]
    assert all(sum(cell["span"] for cell in row) == bars.GRID for row in rows)
    # The heading row is the legend: a swatch of each series' shade before its name.
    assert [(cell["text"], cell["fill"]) for cell in table["header"]] == [
        ("Country", bars.HEADING_FILL),
        ("", "E69F00"),
        ("Women", bars.HEADING_FILL),
        ("", "4680C0"),
        ("Men", bars.HEADING_FILL),
        ("Total", bars.HEADING_FILL),
        ("", bars.HEADING_FILL),
    ]
    serbia, kosovo, region = table["rows"]
    assert [cell["text"] for cell in serbia[:4]] == ["Serbia", "3", "3", "6"]
    # The longest bar fills the bar's columns; its two halves are equal, to a column.
    bar = table["header"][-1]["span"]
    women, men = serbia[4:]
    assert women["span"] + men["span"] == bar
    assert abs(women["span"] - men["span"]) <= 1
    assert (women["fill"], men["fill"]) == ("E69F00", "4680C0")
    # One in six of the longest is a sixth of the bar, and the rest stays white.
    assert kosovo[4]["span"] == round(bar / 6)
    assert kosovo[5] == bars.cell(bar - round(bar / 6))
    # A row without a number has no bar, only the empty rest.
    assert region[4:] == [bars.cell(bar)]


def test_a_small_part_of_a_bar_keeps_a_column() -> None:
    series = [bars.Series("Done", "2E9E73"), bars.Series("Overdue", "D55E00")]
    table = bars.bar_table("Status", series, [("Region", [200, 1])])
    segments = [cell for cell in table["rows"][0][3:] if cell["fill"] != bars.EMPTY]
    assert [cell["fill"] for cell in segments] == ["2E9E73", "D55E00"]
    assert segments[1]["span"] == 1
