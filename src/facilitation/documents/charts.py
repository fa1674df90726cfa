"""Charts for the documents: images drawn with matplotlib, the same bytes for the same input.

PNG for the Word documents, SVG for the web site's dashboard.

Only what a table cannot draw is a picture: radars and rating distributions. Bars are drawn by
Word as shaded table cells (:mod:`facilitation.documents.views.bars`).

matplotlib is imported only inside the drawing functions, so that ``check`` and ``show`` (and
every document without a chart) never load it. Every chart is drawn with the Agg renderer at a
fixed size and resolution, with no metadata that changes between builds (no software version,
no date), so building twice gives byte-identical images.

Colours are colour-blind safe and read printed in grey: the categorical palette takes its hues
from Okabe and Ito's palette, and neighbouring colours of every palette differ in CIE lightness
(L*) by at least :data:`MIN_LIGHTNESS_STEP`. Texts come in already in the document's language;
the typeface is the documents' (Arial, or the metric-compatible Liberation Sans).
"""

from __future__ import annotations

import contextlib
import io
import struct
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Literal

from facilitation.documents.measure import text_width

if TYPE_CHECKING:
    from matplotlib.artist import Artist
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D
    from matplotlib.patches import Rectangle
    from matplotlib.transforms import BboxBase, Transform

#: The least difference in CIE lightness (L*, 0–100) between neighbouring colours of a palette,
#: so that they stay apart printed in grey (about a sixth of the scale between black and white).
MIN_LIGHTNESS_STEP = 15.0
#: Categories in a fixed order (gender, status): Okabe–Ito blue, orange and yellow, then dark grey.
CATEGORICAL: tuple[str, ...] = ("#0072B2", "#E69F00", "#F0E442", "#333333")
#: The lightest and the darkest colour of the ordered (sequential) blues, as CIE L*a*b*.
_LIGHT_LAB = (89.0, -3.0, -8.0)
_DARK_LAB = (26.0, 8.0, -42.0)
#: Sequential palettes keep :data:`MIN_LIGHTNESS_STEP` up to this many colours (a 1–5 scale);
#: longer scales get white separators between segments and their numbers in the table.
SEQUENTIAL_MAX = 5
#: Typefaces in order of preference: the documents' Arial, its metric twin, then a fallback.
FONT_FAMILIES: tuple[str, ...] = ("Arial", "Liberation Sans", "DejaVu Sans")
#: Resolution of every chart (sharp in print; the size on the page is set in millimetres).
DPI = 200
#: Width of a chart on an A4 page with the documents' margins, in millimetres.
WIDTH_MM = 160.0
#: Text and line colours.
_INK = "#1A1A1A"
_GRID = "#BFBFBF"
_MM = 1 / 25.4


def lightness(colour: str) -> float:
    """The CIE lightness L* (0 black – 100 white) of a ``#RRGGBB`` colour."""
    red, green, blue = (int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
    luminance = 0.2126 * _linear(red) + 0.7152 * _linear(green) + 0.0722 * _linear(blue)
    if luminance > 216 / 24389:
        return 116 * float(luminance ** (1 / 3)) - 16
    return luminance * 24389 / 27


def _linear(channel: float) -> float:
    return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4


def _srgb(channel: float) -> float:
    value = 12.92 * channel if channel <= 0.0031308 else 1.055 * channel ** (1 / 2.4) - 0.055
    return min(1.0, max(0.0, value))


def _from_lab(lab: tuple[float, float, float]) -> str:
    """The ``#RRGGBB`` colour of a CIE L*a*b* colour (D65), clipped to sRGB."""
    big_l, a, b = lab
    fy = (big_l + 16) / 116
    fx, fz = fy + a / 500, fy - b / 200

    def inverse(f: float) -> float:
        return f**3 if f**3 > 216 / 24389 else (116 * f - 16) * 27 / 24389

    x, y, z = 0.95047 * inverse(fx), inverse(fy), 1.08883 * inverse(fz)
    rgb = (
        3.2404542 * x - 1.5371385 * y - 0.4985314 * z,
        -0.9692660 * x + 1.8760108 * y + 0.0415560 * z,
        0.0556434 * x - 0.2040259 * y + 1.0572252 * z,
    )
    return "#" + "".join(f"{round(_srgb(channel) * 255):02X}" for channel in rgb)


@cache
def sequential(count: int) -> tuple[str, ...]:
    """``count`` blues from light to dark, evenly spaced in lightness (scores low to high)."""
    if count == 1:
        return (_from_lab(_DARK_LAB),)

    def mixed(share: float) -> tuple[float, float, float]:
        (l1, a1, b1), (l2, a2, b2) = _LIGHT_LAB, _DARK_LAB
        return (l1 + (l2 - l1) * share, a1 + (a2 - a1) * share, b1 + (b2 - b1) * share)

    return tuple(_from_lab(mixed(step / (count - 1))) for step in range(count))


def ink_on(colour: str) -> str:
    """Black or white, whichever reads on ``colour``."""
    return _INK if lightness(colour) > 55 else "#FFFFFF"


@cache
def import_matplotlib() -> None:
    """Import the parts of matplotlib that the charts draw with, before drawing the first one.

    Why not a plain import: matplotlib gives each kind of artist (about a hundred classes) a
    ``set()`` method of its own and writes its signature and help text when the class is
    defined, by reading the help of every setter: a quarter of the time matplotlib takes to
    import, for help that no chart reads. Before the artists are defined, ``Artist.set`` is
    marked as written by hand (matplotlib's own test for a class that has its own ``set``), so
    that every artist uses it as it is: the method that the generated ones call, taking the
    same properties and their aliases.
    """
    from matplotlib.artist import Artist

    with contextlib.suppress(AttributeError):
        del Artist.set._autogenerated_signature  # type: ignore[attr-defined]
    import matplotlib.backends.backend_agg
    import matplotlib.figure  # noqa: F401


@cache
def font_families() -> tuple[str, ...]:
    """The typefaces of :data:`FONT_FAMILIES` that matplotlib finds on this machine."""
    import_matplotlib()
    from matplotlib import font_manager

    found = {font.name for font in font_manager.fontManager.ttflist}
    return tuple(name for name in FONT_FAMILIES if name in found) or ("DejaVu Sans",)


@contextmanager
def _figure(height_mm: float, margins: _Margins, width_mm: float = WIDTH_MM) -> Iterator[Figure]:
    """A figure in the documents' typeface and colours (no pyplot: no global state).

    ``margins`` (left, right, top, bottom in millimetres) frame its plotting area (:func:`_plot`).
    """
    from matplotlib import rc_context
    from matplotlib.figure import Figure

    with rc_context(
        {
            "font.family": list(font_families()),
            "font.size": FONT_POINTS,
            "text.color": _INK,
            "axes.edgecolor": _GRID,
            "axes.labelcolor": _INK,
            "xtick.color": _INK,
            "ytick.color": _INK,
        }
    ):
        figure = Figure(figsize=(width_mm * _MM, height_mm * _MM), dpi=DPI, facecolor="white")
        left, right, top, bottom = margins
        figure.subplots_adjust(
            left=left / width_mm,
            right=1 - right / width_mm,
            top=1 - top / height_mm,
            bottom=bottom / height_mm,
        )
        yield figure


@dataclass(frozen=True)
class _Plot:
    """A chart's plotting area: ``frame`` maps 0–1 across it, ``data`` the chart's coordinates.

    Why not matplotlib's Axes: with no ticks, spines or autoscaling to draw, an Axes costs more to
    set up than the chart it holds. The transforms and the clipping are the ones an Axes with
    its axis turned off would give, so the pixels are the same.
    """

    figure: Figure
    frame: Transform
    data: Transform
    clip: BboxBase

    def add(self, artist: Artist, *, clipped: bool = True) -> None:
        """Draw ``artist`` in data coordinates (unless it has its own), clipped to the area."""
        if not artist.is_transform_set():
            artist.set_transform(self.data)
        if clipped:
            artist.set_clip_box(self.clip)
        self.figure.add_artist(artist)


def _plot(
    figure: Figure, xs: tuple[float, float], ys: tuple[float, float], *, square: bool = False
) -> _Plot:
    """The area inside the figure's margins showing ``xs`` by ``ys``.

    ``square``: one unit as long across as up, the area shrunk about its centre to fit.
    """
    from matplotlib.gridspec import GridSpec
    from matplotlib.transforms import Bbox, BboxTransformFrom, BboxTransformTo, TransformedBbox

    # NOTE: the same calls as Axes makes (add_subplot, apply_aspect), for the same floats.
    box = GridSpec(1, 1, figure=figure)[0].get_position(figure)
    if square:
        page = Bbox.unit().transformed(figure.transSubfigure)
        whole = box.frozen()
        ratio = (ys[1] - ys[0]) / (xs[1] - xs[0])
        box = whole.shrunk_to_aspect(ratio, whole, page.height / page.width).anchored("C", whole)
    frame = BboxTransformTo(TransformedBbox(box, figure.transSubfigure))
    data = BboxTransformFrom(Bbox([[xs[0], ys[0]], [xs[1], ys[1]]])) + frame
    return _Plot(figure, frame, data, TransformedBbox(Bbox.unit(), frame))


def _png(figure: Figure) -> bytes:
    """The figure as PNG bytes: fixed resolution, no software name or date in the file.

    Drawn with Agg and written here as RGB (no alpha: the page is white), with no filter on the
    rows and zlib's level 3: Pillow tries every PNG filter on every row, which takes longer
    than compressing and, on these flat-coloured charts, gives larger files.
    """
    import zlib

    import numpy as np
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from PIL import Image as Picture

    canvas = FigureCanvasAgg(figure)
    canvas.draw()  # type: ignore[no-untyped-call]
    width, height = canvas.get_width_height()
    pixels = canvas.buffer_rgba()  # type: ignore[no-untyped-call]
    picture = Picture.frombuffer("RGBA", (width, height), pixels, "raw", "RGBA", 0, 1)
    rgb = np.frombuffer(picture.tobytes("raw", "RGB"), dtype=np.uint8)
    rows = np.zeros((height, 1 + 3 * width), dtype=np.uint8)  # filter byte 0: none
    rows[:, 1:] = rgb.reshape(height, 3 * width)
    per_metre = int(DPI / 0.0254 + 0.5)
    return b"".join(
        (
            b"\x89PNG\r\n\x1a\n",
            _chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)),
            _chunk(b"pHYs", struct.pack(">IIB", per_metre, per_metre, 1)),
            _chunk(b"IDAT", zlib.compress(rows.tobytes(), 3)),
            _chunk(b"IEND", b""),
        )
    )


def _chunk(kind: bytes, data: bytes) -> bytes:
    """A PNG chunk: length, type, data and the CRC of type and data."""
    import zlib

    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def _svg(figure: Figure) -> bytes:
    """The figure as SVG: texts stay text (in the page's fonts), the same bytes every time.

    No date or software name in the file, and the ids of its parts are derived from a fixed
    salt instead of a random one.
    """
    from matplotlib import rc_context
    from matplotlib.backends.backend_svg import FigureCanvasSVG

    out = io.BytesIO()
    with rc_context({"svg.hashsalt": "facilitation", "svg.fonttype": "none"}):
        FigureCanvasSVG(figure).print_svg(  # type: ignore[no-untyped-call]
            out, metadata={"Date": None, "Creator": None}
        )
    return out.getvalue()


#: Left, right, top and bottom margins of a figure, in millimetres.
_Margins = tuple[float, float, float, float]
#: The size of the charts' texts, in points.
FONT_POINTS = 8.5
#: Height of one bar's row and of one line of its label, in millimetres.
_ROW_MM = 7.5
_LINE_MM = 3.6
#: Thickness of a bar, as a share of its row.
_BAR = 0.6


def _bar_layout(labels: Sequence[str], *, legend: bool) -> tuple[float, _Margins]:
    """The height and margins of a bar chart with ``labels`` (one bar each) to the left.

    Measured rather than left to matplotlib's layout engine, which takes longer: the labels'
    width in Arial (:mod:`.measure`), the legend above.
    """
    widest = max((text_width(line, FONT_POINTS) for text in labels for line in text.split("\n")),
                 default=0.0)  # fmt: skip
    lines = max((text.count("\n") + 1 for text in labels), default=1)
    row = max(_ROW_MM, lines * _LINE_MM + 3.0)
    top = 9.0 if legend else 2.0
    bottom = 2.0
    margins = (widest / 72 * 25.4 + 4.0, 6.0, top, bottom)
    return top + bottom + row * max(len(labels), 1), margins


def _row_labels(plot: _Plot, rows: list[int], labels: Sequence[str]) -> None:
    """Labels to the left of the bars and nothing else: the numbers are on the bars.

    No axis at all: the labels are texts four points left of the bars, as tick labels would
    be, without the ticks that were most of the drawing time.
    """
    from matplotlib.text import Annotation
    from matplotlib.transforms import IdentityTransform

    for row, label in zip(rows, labels, strict=True):
        text = Annotation(
            label, xy=(0, row), xycoords=(plot.frame, plot.data), xytext=(-4, 0),
            textcoords="offset points", ha="right", va="center_baseline",
        )  # fmt: skip
        text.set_transform(IdentityTransform())
        plot.add(text, clipped=False)


def rating_distribution(
    questions: Sequence[str], counts: Sequence[Sequence[int]], scale: int, *, legend: str = ""
) -> bytes:
    """Answers per score (1 to ``scale``) of each question, as shares of its answers.

    Each question is one bar as wide as all its answers, split into its scores, lowest score
    lightest; the number of answers in each segment is printed on it.
    """
    import_matplotlib()
    from matplotlib.patches import Rectangle

    palette = sequential(scale)
    wrapped = [_wrap(question, 38) for question in questions]
    height, margins = _bar_layout(wrapped, legend=True)
    with _figure(height, margins) as figure:
        plot = _plot(figure, (0.0, 100.0), (-0.6, len(questions) - 0.4))
        rows = list(range(len(questions)))[::-1]
        totals = [max(sum(row), 1) for row in counts]
        left = [0.0] * len(questions)
        for score in range(scale):
            share = [100 * row[score] / total for row, total in zip(counts, totals, strict=True)]
            for row, start, width, answers in zip(rows, left, share, counts, strict=True):
                bar = Rectangle(
                    (start, row - _BAR / 2), width, _BAR, facecolor=palette[score],
                    edgecolor="white", linewidth=0.8,
                )  # fmt: skip
                plot.add(bar)
                if answers[score]:
                    _bar_number(plot, bar, str(answers[score]), ink_on(palette[score]))
            left = [start + value for start, value in zip(left, share, strict=True)]
        _row_labels(plot, rows, wrapped)
        scores = [(str(score + 1), palette[score]) for score in range(scale)]
        _legend_above(figure, scores, f"{legend}:" if legend else "")
        return _png(figure)


def _bar_number(plot: _Plot, bar: Rectangle, number: str, colour: str) -> None:
    """``number`` centred on the visible part of ``bar`` (as matplotlib's ``bar_label`` does)."""
    from matplotlib.backend_bases import RendererBase
    from matplotlib.text import Annotation
    from matplotlib.transforms import Bbox, IdentityTransform

    def visible(renderer: RendererBase) -> Bbox:
        return Bbox.intersection(bar.get_window_extent(renderer), plot.clip) or Bbox.null()

    text = Annotation(
        number, xy=(0.5, 0.5), xycoords=visible, xytext=(0, 0), textcoords="offset points",
        ha="center", va="center", color=colour,
    )  # fmt: skip
    text.set_transform(IdentityTransform())
    plot.add(text, clipped=False)


def radar(
    axes_labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[float]]],
    *,
    maximum: float,
    minimum: float = 0.0,
    width_mm: float = WIDTH_MM,
    svg: bool = False,
) -> bytes:
    """Values on spokes (a Compass of 6 dimensions or 18 aspects), one outline per series.

    Series differ in colour and in line style, so that they stay apart printed in grey. Drawn
    ``width_mm`` wide, the width it is placed at, so that its text keeps the documents' size.
    ``svg``: an SVG image (for web pages) instead of a PNG.
    """
    import math

    import_matplotlib()

    count = len(axes_labels)
    angles = [2 * math.pi * index / count for index in range(count)]
    wrap = 18 if width_mm >= WIDTH_MM / 2 else 12
    names = [_wrap(label, wrap) for label in axes_labels]
    # Margins measured, not left to the layout engine (a quarter of the drawing time): the
    # names' width either side, two lines above and below, and the legend's line on top.
    side = max((_text_mm(line) for name in names for line in name.split("\n")), default=0.0) + 3.0
    top = 2 * _LINE_MM + 3.0 + (2 * _LINE_MM if len(series) > 1 else 0.0)
    margins = (side, side, top, 2 * _LINE_MM + 3.0)
    with _figure(width_mm * 0.8, margins, width_mm) as figure:
        # NOTE: plain coordinates, not matplotlib's polar ones: a radar needs no ticks, and
        # placing them was most of its drawing time. Spoke i points at angle i (clockwise from
        # the top); a value is its distance from the centre, the outer ring at ``maximum``.
        plot = _plot(figure, (-1.0, 1.0), (-1.0, 1.0), square=True)
        spokes = [(math.sin(angle), math.cos(angle)) for angle in angles]
        _web(plot, spokes, minimum, maximum)
        outlines = _outlines(plot, spokes, series, minimum, maximum)
        _spoke_names(plot, spokes, names, width_mm - 2 * side)
        if len(series) > 1:
            _line_legend(figure, outlines)
        return _svg(figure) if svg else _png(figure)


def _outlines(
    plot: _Plot,
    spokes: Sequence[tuple[float, float]],
    series: Sequence[tuple[str, Sequence[float]]],
    minimum: float,
    maximum: float,
) -> list[Line2D]:
    """Each series' outline, lightly filled; the outlines, for the legend."""
    import numpy as np
    from matplotlib.lines import Line2D
    from matplotlib.patches import Polygon

    styles: tuple[Literal["-", "--", ":", "-."], ...] = ("-", "--", ":", "-.")
    span = (maximum - minimum) or 1.0
    outlines = []
    for index, (name, values) in enumerate(series):
        colour = CATEGORICAL[index % len(CATEGORICAL)]
        radii = [min(max((value - minimum) / span, 0.0), 1.0) for value in values]
        xs = [x * radius for (x, _), radius in zip(spokes, radii, strict=True)]
        ys = [y * radius for (_, y), radius in zip(spokes, radii, strict=True)]
        outline = Line2D(
            [*xs, xs[0]], [*ys, ys[0]], color=colour, linewidth=1.6,
            linestyle=styles[index % len(styles)], label=name, zorder=3,
        )  # fmt: skip
        plot.add(outline)
        outlines.append(outline)
        # As Axes.fill makes it: the colour is the edge's too.
        area = Polygon(np.column_stack((xs, ys)), facecolor=colour, fill=True, closed=True)
        area.set(color=colour, alpha=0.12, zorder=2)
        plot.add(area)
    return outlines


def _web(
    plot: _Plot, spokes: Sequence[tuple[float, float]], minimum: float, maximum: float
) -> None:
    """The spokes, a ring at each whole number and the outer ring, the rings labelled.

    The labels sit between the first two spokes on a white ground above the outlines, so that
    an outline crossing one does not hide it.
    """
    import math

    from matplotlib.lines import Line2D
    from matplotlib.patches import Circle
    from matplotlib.text import Text

    span = (maximum - minimum) or 1.0
    for x, y in spokes:
        plot.add(Line2D([0, x], [0, y], color=_GRID, linewidth=0.5, zorder=1))
    rings = range(math.floor(minimum) + 1, math.floor(maximum) + 1)
    for ring in [*rings, maximum]:
        radius = (ring - minimum) / span
        edge = 0.8 if ring == maximum else 0.5
        plot.add(Circle((0, 0), radius, fill=False, edgecolor=_GRID, linewidth=edge))
    between = math.pi / len(spokes)
    for ring in rings:
        radius = (ring - minimum) / span
        label = Text(
            math.sin(between) * radius, math.cos(between) * radius, str(ring), fontsize=7,
            ha="center", va="center", zorder=5, clip_on=False,
            bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.6, "alpha": 0.9},
        )  # fmt: skip
        plot.add(label, clipped=False)


def _spoke_names(
    plot: _Plot, spokes: Sequence[tuple[float, float]], names: Sequence[str], box_mm: float
) -> None:
    """Each spoke's name just outside the outer ring.

    Names to the right of the circle start there, those to the left end there, those at the top
    and bottom are centred: clear of the ring whatever their length.
    """
    from matplotlib.text import Text

    # Seven points of room between the ring and a name, in the plot's units (the ring's radius).
    pad = 7 / 72 * 25.4 / (box_mm / 2) if box_mm > 0 else 0.1
    for (x, y), name in zip(spokes, names, strict=True):
        horizontal: Literal["left", "right", "center"] = (
            "left" if x > 0.1 else "right" if x < -0.1 else "center"
        )
        vertical = "bottom" if y > 0.9 else "top" if y < -0.9 else "center"
        label = Text(
            x * (1 + pad), y * (1 + pad), name, ha=horizontal, va=vertical,
            multialignment=horizontal, zorder=4, clip_on=False,
        )  # fmt: skip
        plot.add(label, clipped=False)


def _legend_above(figure: Figure, entries: Sequence[tuple[str, str]], title: str = "") -> None:
    """A legend in one row centred above the chart: a swatch and a name per entry.

    Placed by measuring the names (:mod:`.measure`) rather than by matplotlib's legend, which
    takes a third of a bar chart's drawing time. Swatches have a grey edge, so that the
    lightest colour still shows on white paper.
    """
    from matplotlib.patches import Rectangle

    width, height = figure.get_figwidth() / _MM, figure.get_figheight() / _MM
    swatch, gap, space = 3.2, 1.2, 4.0

    items = [_text_mm(name) for name, _ in entries]
    total = sum(swatch + gap + item + space for item in items) - space
    total += _text_mm(title) + space if title else 0
    x, middle = (width - total) / 2, height - 4.5
    if title:
        figure.text(x / width, middle / height, title, va="center")
        x += _text_mm(title) + space
    for (name, colour), item in zip(entries, items, strict=True):
        figure.add_artist(
            Rectangle(
                (x / width, (middle - 1.4) / height), swatch / width, 2.8 / height,
                transform=figure.transFigure, facecolor=colour, edgecolor="#8C8C8C",
                linewidth=0.4,
            )
        )  # fmt: skip
        figure.text((x + swatch + gap) / width, middle / height, name, va="center")
        x += swatch + gap + item + space


def _line_legend(figure: Figure, outlines: Sequence[Line2D]) -> None:
    """The legend above the chart, drawn by matplotlib: lines keep their style in it."""
    names = [str(outline.get_label()) for outline in outlines]
    figure.legend(
        outlines, names, loc="upper center", ncols=min(len(names), 6), frameon=False,
        handlelength=2.4, columnspacing=1.2, borderaxespad=0.2,
    )  # fmt: skip


def _text_mm(text: str) -> float:
    """How wide ``text`` is in the charts' font, in millimetres."""
    return text_width(text, FONT_POINTS) / 72 * 25.4


def _wrap(text: str, width: int) -> str:
    """``text`` broken into lines of about ``width`` characters, at spaces."""
    import textwrap

    return "\n".join(textwrap.wrap(text, width, break_long_words=False)) or text
