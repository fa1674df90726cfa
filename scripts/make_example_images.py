"""Draw the logos of the bundled example, in plain Python (no package needed).

    python scripts/make_example_images.py            # the five logos
    python scripts/make_example_images.py --photos   # also the two photos (needs Pillow)

The EU emblem is drawn to its geometric description (twelve gold stars on a circle on blue). The
other four marks are fictitious: an abstract emblem and the organisation's short name in Liberation
Sans Bold (Arial's metrics, the documents' typeface). They stand in for the partners' official
files, which a real programme puts in their place, and imitate none of them. Every logo is
trimmed to its ink, 240 px tall (470 dpi at 13 mm), on a transparent background.

The script reads the glyph outlines from the TrueType file itself (fonts-liberation2, or
fonts-liberation, as LibreOffice installs them; or --font FILE), fills the shapes with an
anti-aliased scanline rasteriser and writes the PNG with zlib: the same font file gives the same
pixels on every machine (and the same bytes with the same zlib). The "photos" (a flip chart and a group seated in a circle, so that the
outcome report shows how photos look) are JPEGs drawn with Pillow, redrawn only on request.
"""

from __future__ import annotations

import argparse
import math
import struct
import sys
import zlib
from collections.abc import Iterable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "examples" / "western-balkans"
OUT = ROOT / "logos"
FONTS = (
    Path("/usr/share/fonts/truetype/liberation2/LiberationSans-Bold.ttf"),
    Path("/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf"),
)
#: Height of every logo in pixels: 240 px is 470 dpi at the documents' 13 mm.
HEIGHT = 240
#: The height the documents print a funder's logo at, for the PNG's pHYs (dots per metre).
PRINTED_MM = 13.0

Point = tuple[float, float]
Path2D = list[Point]
Colour = tuple[int, int, int]

BLUE: Colour = (0, 51, 153)
GOLD: Colour = (255, 204, 0)
WHITE: Colour = (255, 255, 255)


# --- Geometry: closed polygons in pixels, y downwards ---------------------------------------


def quadratic(start: Point, control: Point, end: Point, steps: int = 12) -> Path2D:
    """The points of a quadratic Bézier curve after ``start``, up to and including ``end``."""
    points = []
    for index in range(1, steps + 1):
        t = index / steps
        u = 1 - t
        points.append(
            (
                u * u * start[0] + 2 * u * t * control[0] + t * t * end[0],
                u * u * start[1] + 2 * u * t * control[1] + t * t * end[1],
            )
        )
    return points


def ellipse(cx: float, cy: float, rx: float, ry: float | None = None) -> Path2D:
    """An ellipse (a circle without ``ry``) as a polygon of 160 sides."""
    ry = rx if ry is None else ry
    angles = (2 * math.pi * i / 160 for i in range(160))
    return [(cx + rx * math.cos(a), cy + ry * math.sin(a)) for a in angles]


def rectangle(left: float, top: float, right: float, bottom: float) -> Path2D:
    return [(left, top), (right, top), (right, bottom), (left, bottom)]


def rounded_rectangle(
    left: float, top: float, right: float, bottom: float, radius: float
) -> Path2D:
    points: Path2D = []
    corners = (
        (right - radius, top + radius, -90),
        (right - radius, bottom - radius, 0),
        (left + radius, bottom - radius, 90),
        (left + radius, top + radius, 180),
    )
    for cx, cy, start in corners:
        for step in range(17):
            angle = math.radians(start + step * 90 / 16)
            points.append((cx + radius * math.cos(angle), cy + radius * math.sin(angle)))
    return points


def leaf(base: Point, tip: Point, bulge: float, other: float | None = None) -> Path2D:
    """A leaf from ``base`` to ``tip``: two curves bulging ``bulge`` × its length either side.

    With ``other`` the right-hand side (seen from the base) bulges that much instead.
    """
    dx, dy = tip[0] - base[0], tip[1] - base[1]
    length = math.hypot(dx, dy)
    nx, ny = -dy / length, dx / length
    mx, my = base[0] + dx / 2, base[1] + dy / 2
    left, right = bulge * length, (bulge if other is None else other) * length
    side_a = quadratic(base, (mx + nx * right, my + ny * right), tip)
    side_b = quadratic(tip, (mx - nx * left, my - ny * left), base)
    return [base, *side_a, *side_b[:-1]]


def stroke(start: Point, end: Point, width: float) -> Path2D:
    """A straight line of ``width`` as a polygon."""
    dx, dy = end[0] - start[0], end[1] - start[1]
    length = math.hypot(dx, dy)
    nx, ny = -dy / length * width / 2, dx / length * width / 2
    return [
        (start[0] + nx, start[1] + ny),
        (end[0] + nx, end[1] + ny),
        (end[0] - nx, end[1] - ny),
        (start[0] - nx, start[1] - ny),
    ]


def star(cx: float, cy: float, outer: float) -> Path2D:
    """A five-pointed star, one point up."""
    inner = outer * 0.382
    points = []
    for index in range(10):
        radius = outer if index % 2 == 0 else inner
        angle = -math.pi / 2 + index * math.pi / 5
        points.append((cx + radius * math.cos(angle), cy + radius * math.sin(angle)))
    return points


def clockwise(path: Path2D) -> Path2D:
    """``path`` turning clockwise on the page, so that overlapping shapes add up and never cancel."""
    area = sum(
        x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(path, path[1:] + path[:1], strict=True)
    )
    return path if area >= 0 else path[::-1]


def moved(paths: Iterable[Path2D], dx: float, dy: float, scale: float = 1.0) -> list[Path2D]:
    return [[(x * scale + dx, y * scale + dy) for x, y in path] for path in paths]


# --- Glyph outlines, read from the TrueType file --------------------------------------------


class Font:
    """The outlines and advance widths of a TrueType font's simple glyphs."""

    def __init__(self, path: Path) -> None:
        self.data = path.read_bytes()
        count = struct.unpack_from(">H", self.data, 4)[0]
        self.tables = {}
        for index in range(count):
            tag, _, offset, _ = struct.unpack_from(">4sIII", self.data, 12 + 16 * index)
            self.tables[tag.decode("latin-1")] = offset
        head = self.tables["head"]
        self.units = struct.unpack_from(">H", self.data, head + 18)[0]
        self.long_offsets = struct.unpack_from(">h", self.data, head + 50)[0] == 1
        self.metrics = struct.unpack_from(">H", self.data, self.tables["hhea"] + 34)[0]
        self.cmap = self._cmap()

    def _cmap(self) -> dict[int, int]:
        """The Unicode BMP map (format 4) from character code to glyph index."""
        base = self.tables["cmap"]
        for index in range(struct.unpack_from(">H", self.data, base + 2)[0]):
            platform, encoding, offset = struct.unpack_from(">HHI", self.data, base + 4 + 8 * index)
            table = base + offset
            kind = struct.unpack_from(">H", self.data, table)[0]
            if (platform, encoding, kind) == (3, 1, 4):
                return self._format4(table)
        raise ValueError("the font has no Unicode (3, 1) format 4 cmap")

    def _format4(self, table: int) -> dict[int, int]:
        segments = struct.unpack_from(">H", self.data, table + 6)[0] // 2
        ends = table + 14
        starts = ends + 2 * segments + 2
        deltas = starts + 2 * segments
        ranges = deltas + 2 * segments
        mapping = {}
        for s in range(segments):
            end = struct.unpack_from(">H", self.data, ends + 2 * s)[0]
            first = struct.unpack_from(">H", self.data, starts + 2 * s)[0]
            delta = struct.unpack_from(">h", self.data, deltas + 2 * s)[0]
            where = ranges + 2 * s
            shift = struct.unpack_from(">H", self.data, where)[0]
            for code in range(first, min(end, 0x2FFF) + 1):
                if shift == 0:
                    mapping[code] = (code + delta) & 0xFFFF
                    continue
                glyph = struct.unpack_from(">H", self.data, where + shift + 2 * (code - first))[0]
                mapping[code] = (glyph + delta) & 0xFFFF if glyph else 0
        return mapping

    def advance(self, glyph: int) -> int:
        index = min(glyph, self.metrics - 1)
        return int(struct.unpack_from(">H", self.data, self.tables["hmtx"] + 4 * index)[0])

    def _glyph_offset(self, glyph: int) -> tuple[int, int]:
        loca = self.tables["loca"]
        if self.long_offsets:
            start, end = struct.unpack_from(">II", self.data, loca + 4 * glyph)
        else:
            start, end = (2 * v for v in struct.unpack_from(">HH", self.data, loca + 2 * glyph))
        return self.tables["glyf"] + start, end - start

    def contours(self, glyph: int) -> list[list[tuple[int, int, bool]]]:
        """The glyph's contours as (x, y, on the curve) in font units, y upwards."""
        offset, length = self._glyph_offset(glyph)
        if length == 0:
            return []
        count = struct.unpack_from(">h", self.data, offset)[0]
        if count < 0:
            raise ValueError(f"glyph {glyph} is a composite glyph; draw wordmarks in plain letters")
        ends = struct.unpack_from(f">{count}H", self.data, offset + 10)
        points = ends[-1] + 1 if ends else 0
        at = offset + 10 + 2 * count
        at += 2 + struct.unpack_from(">H", self.data, at)[0]
        flags: list[int] = []
        while len(flags) < points:
            flag = self.data[at]
            at += 1
            repeat = 0
            if flag & 8:
                repeat = self.data[at]
                at += 1
            flags.extend([flag] * (repeat + 1))
        xs, at = self._coordinates(flags, at, short=2, same=16)
        ys, _ = self._coordinates(flags, at, short=4, same=32)
        result, first = [], 0
        for end in ends:
            result.append([(xs[i], ys[i], bool(flags[i] & 1)) for i in range(first, end + 1)])
            first = end + 1
        return result

    def _coordinates(
        self, flags: list[int], at: int, short: int, same: int
    ) -> tuple[list[int], int]:
        values, value = [], 0
        for flag in flags:
            if flag & short:
                step = self.data[at]
                at += 1
                value += step if flag & same else -step
            elif not flag & same:
                value += struct.unpack_from(">h", self.data, at)[0]
                at += 2
            values.append(value)
        return values, at


def outline(contour: list[tuple[int, int, bool]]) -> list[Point]:
    """A TrueType contour (quadratic, with implied on-curve points) as a polygon, y upwards."""
    points = [(float(x), float(y), on) for x, y, on in contour]
    if not points[0][2]:
        last = points[-1]
        if last[2]:
            points = [last, *points[:-1]]
        else:
            start = ((points[0][0] + last[0]) / 2, (points[0][1] + last[1]) / 2, True)
            points = [start, *points]
    polygon: list[Point] = [(points[0][0], points[0][1])]
    control: Point | None = None
    for x, y, on in [*points[1:], points[0]]:
        if on:
            if control is None:
                polygon.append((x, y))
            else:
                polygon.extend(quadratic(polygon[-1], control, (x, y), steps=8))
            control = None
        elif control is None:
            control = (x, y)
        else:
            mid = ((control[0] + x) / 2, (control[1] + y) / 2)
            polygon.extend(quadratic(polygon[-1], control, mid, steps=8))
            control = (x, y)
    return polygon[:-1]


def wordmark(font: Font, text: str, cap_height: float, left: float, middle: float) -> list[Path2D]:
    """``text`` set with its capitals ``cap_height`` tall, starting at ``left``, centred on ``middle``.

    The letters are tracked 2 % of the body apart, as logotypes usually are.
    """
    cap = max(y for contour in font.contours(font.cmap[ord("H")]) for _, y, _ in contour)
    scale = cap_height / cap
    baseline = middle + cap_height / 2
    paths: list[Path2D] = []
    pen = 0.0
    for character in text:
        glyph = font.cmap[ord(character)]
        for contour in font.contours(glyph):
            paths.append(
                [(left + (pen + x) * scale, baseline - y * scale) for x, y in outline(contour)]
            )
        pen += font.advance(glyph) + 0.02 * font.units
    return paths


# --- Rasterising: nonzero winding, exact horizontal coverage, 16 sub-scanlines --------------

SUBSAMPLES = 16


def coverage(paths: Sequence[Path2D], width: int, height: int) -> list[list[float]]:
    """How much of each pixel (0 to 1) the shapes cover, by the nonzero winding rule."""
    edges = []
    for path in paths:
        for index, (x0, y0) in enumerate(path):
            x1, y1 = path[(index + 1) % len(path)]
            if y0 != y1:
                edges.append((x0, y0, x1, y1, 1) if y0 < y1 else (x1, y1, x0, y0, -1))
    edges.sort(key=lambda edge: edge[1])
    rows = [[0.0] * width for _ in range(height)]
    weight = 1 / SUBSAMPLES
    active: list[tuple[float, float, float, float, int]] = []
    waiting = 0
    for sub in range(height * SUBSAMPLES):
        y = (sub + 0.5) * weight
        while waiting < len(edges) and edges[waiting][1] <= y:
            active.append(edges[waiting])
            waiting += 1
        active = [edge for edge in active if edge[3] > y]
        crossings = sorted(
            (x0 + (y - y0) * (x1 - x0) / (y1 - y0), direction)
            for x0, y0, x1, y1, direction in active
            if y0 <= y
        )
        winding, start = 0, 0.0
        for x, direction in crossings:
            if winding == 0:
                start = x
            winding += direction
            if winding == 0:
                add_span(rows[sub // SUBSAMPLES], start, x, weight)
    return rows


def add_span(row: list[float], start: float, end: float, weight: float) -> None:
    """Add ``weight`` × the part of each pixel that [start, end) covers."""
    start, end = max(start, 0.0), min(end, float(len(row)))
    if end <= start:
        return
    first, last = int(start), int(end)
    if first == last:
        row[first] += (end - start) * weight
        return
    row[first] += (first + 1 - start) * weight
    for index in range(first + 1, last):
        row[index] += weight
    if last < len(row):
        row[last] += (end - last) * weight


class Canvas:
    """Premultiplied RGBA pixels, painted shape by shape."""

    def __init__(self, width: int, height: int, background: Colour | None = None) -> None:
        self.width, self.height = width, height
        fill = [*(c / 255 for c in background), 1.0] if background else [0.0] * 4
        self.pixels = [[list(fill) for _ in range(width)] for _ in range(height)]

    def fill(self, paths: Sequence[Path2D], colour: Colour) -> None:
        rgb = [c / 255 for c in colour]
        for y, row in enumerate(coverage(paths, self.width, self.height)):
            for x, amount in enumerate(row):
                if amount > 0:
                    alpha = min(amount, 1.0)
                    pixel = self.pixels[y][x]
                    for channel in range(3):
                        pixel[channel] = rgb[channel] * alpha + pixel[channel] * (1 - alpha)
                    pixel[3] = alpha + pixel[3] * (1 - alpha)

    def trimmed(self) -> Canvas:
        """The canvas cut to the pixels that carry any ink."""
        inked = [
            (x, y) for y, row in enumerate(self.pixels) for x, p in enumerate(row) if p[3] > 0.002
        ]
        left, right = min(x for x, _ in inked), max(x for x, _ in inked) + 1
        top, bottom = min(y for _, y in inked), max(y for _, y in inked) + 1
        cut = Canvas(right - left, bottom - top)
        cut.pixels = [row[left:right] for row in self.pixels[top:bottom]]
        return cut

    def png(self, dots_per_metre: int) -> bytes:
        """The canvas as an 8-bit RGBA PNG (straight alpha)."""
        raw = bytearray()
        for row in self.pixels:
            raw.append(0)
            for r, g, b, a in row:
                if a <= 0:
                    raw.extend((0, 0, 0, 0))
                    continue
                raw.extend(round(min(c / a, 1.0) * 255) for c in (r, g, b))
                raw.append(round(min(a, 1.0) * 255))

        def chunk(kind: bytes, body: bytes) -> bytes:
            return (
                struct.pack(">I", len(body))
                + kind
                + body
                + struct.pack(">I", zlib.crc32(kind + body))
            )

        header = struct.pack(">IIBBBBB", self.width, self.height, 8, 6, 0, 0, 0)
        physical = struct.pack(">IIB", dots_per_metre, dots_per_metre, 1)
        return (
            b"\x89PNG\r\n\x1a\n"
            + chunk(b"IHDR", header)
            + chunk(b"pHYs", physical)
            + chunk(b"IDAT", zlib.compress(bytes(raw), 9))
            + chunk(b"IEND", b"")
        )


# --- The marks -------------------------------------------------------------------------------


def eu_emblem(height: int = HEIGHT) -> Canvas:
    """The EU emblem: a 3:2 blue rectangle, twelve gold stars on a circle of a third of its height."""
    width = height * 3 // 2
    canvas = Canvas(width, height, BLUE)
    circle = height / 3
    stars = [
        star(width / 2 + circle * math.cos(a), height / 2 + circle * math.sin(a), height / 18)
        for a in (-math.pi / 2 + i * math.pi / 6 for i in range(12))
    ]
    canvas.fill([clockwise(path) for path in stars], GOLD)
    return canvas


def sprout() -> list[tuple[list[Path2D], Colour]]:
    """BMZ stand-in: a seedling in a rounded square (development)."""
    ink: Colour = (38, 70, 83)
    return [
        ([rounded_rectangle(0, 0, 1, 1, 0.2)], ink),
        (
            [
                rectangle(0.47, 0.46, 0.53, 0.80),
                ellipse(0.5, 0.46, 0.03),
                rounded_rectangle(0.24, 0.77, 0.76, 0.83, 0.03),
                leaf((0.5, 0.63), (0.15, 0.40), 0.24),
                leaf((0.5, 0.46), (0.84, 0.17), 0.24),
            ],
            WHITE,
        ),
    ]


def pinwheel() -> list[tuple[list[Path2D], Colour]]:
    """GIZ stand-in: four leaves turning about a centre (cooperation), in two greens."""
    dark: Colour = (0, 122, 112)
    light: Colour = (94, 178, 165)
    centre = (0.5, 0.5)
    tips = [(0.5, 0.0), (1.0, 0.5), (0.5, 1.0), (0.0, 0.5)]
    leaves = [leaf(centre, tip, 0.1, 0.95) for tip in tips]
    return [([leaves[0], leaves[2]], dark), ([leaves[1], leaves[3]], light)]


def portico() -> list[tuple[list[Path2D], Colour]]:
    """Italian MoI stand-in: a columned public building on a shield (the state)."""
    ink: Colour = (31, 58, 104)
    shield = [(0.06, 0.0), (0.94, 0.0), (0.94, 0.52)]
    shield += quadratic((0.94, 0.52), (0.93, 0.86), (0.5, 1.0), steps=24)
    shield += quadratic((0.5, 1.0), (0.07, 0.86), (0.06, 0.52), steps=24)[:-1]
    columns = [rectangle(x, 0.41, x + 0.065, 0.64) for x in (0.27 + 0.099 * i for i in range(5))]
    building = [
        [(0.5, 0.15), (0.79, 0.32), (0.21, 0.32)],
        rectangle(0.23, 0.34, 0.77, 0.39),
        *columns,
        rectangle(0.21, 0.66, 0.79, 0.71),
        rectangle(0.17, 0.73, 0.83, 0.78),
    ]
    return [([shield], ink), (building, WHITE)]


def scales() -> list[tuple[list[Path2D], Colour]]:
    """CILC stand-in: a balance in a circle (law)."""
    ink: Colour = (140, 33, 65)
    parts = [
        ellipse(0.5, 0.19, 0.045),
        rectangle(0.475, 0.22, 0.525, 0.74),
        rounded_rectangle(0.2, 0.28, 0.8, 0.325, 0.02),
        rounded_rectangle(0.33, 0.72, 0.67, 0.78, 0.025),
    ]
    for cx in (0.28, 0.72):
        parts += [
            ellipse(cx, 0.30, 0.025),
            stroke((cx, 0.30), (cx - 0.11, 0.55), 0.025),
            stroke((cx, 0.30), (cx + 0.11, 0.55), 0.025),
            [
                (cx - 0.14, 0.54),
                (cx + 0.14, 0.54),
                *quadratic((cx + 0.14, 0.54), (cx, 0.72), (cx - 0.14, 0.54))[:-1],
            ],
        ]
    return [([ellipse(0.5, 0.5, 0.5)], ink), (parts, WHITE)]


def lockup(font: Font, emblem: list[tuple[list[Path2D], Colour]], name: str, ink: Colour) -> Canvas:
    """An emblem ``HEIGHT`` tall with the name beside it, capitals 38 % of its height, trimmed."""
    cap = 0.38 * HEIGHT
    emblem_right = max(x for paths, _ in emblem for path in paths for x, _ in path) * HEIGHT
    text = wordmark(font, name, cap, left=emblem_right + 0.18 * HEIGHT, middle=HEIGHT / 2)
    right = max(x for path in text for x, _ in path)
    canvas = Canvas(math.ceil(right) + 4, HEIGHT + 2)
    for paths, colour in emblem:
        canvas.fill(moved([clockwise(path) for path in paths], 1, 1, HEIGHT), colour)
    canvas.fill(moved(text, 0, 1), ink)
    return canvas.trimmed()


def logos(font: Font) -> dict[str, Canvas]:
    return {
        "eu-emblem": eu_emblem(),
        "bmz": lockup(font, sprout(), "BMZ", (38, 70, 83)),
        "giz": lockup(font, pinwheel(), "GIZ", (0, 122, 112)),
        "italy-moi": lockup(font, portico(), "MoI", (31, 58, 104)),
        "cilc": lockup(font, scales(), "CILC", (140, 33, 65)),
    }


# --- Photos (Pillow) -------------------------------------------------------------------------


def photos(folder: Path) -> None:
    """Redraw the outcome report's two stand-in photos as JPEGs in ``folder`` (needs Pillow)."""
    from PIL import Image, ImageDraw, ImageFont  # type: ignore[import-not-found, unused-ignore]

    folder.mkdir(parents=True, exist_ok=True)
    font = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf", 28)

    chart = Image.new("RGB", (900, 600), (236, 232, 224))
    draw = ImageDraw.Draw(chart)
    draw.rectangle((250, 40, 650, 560), fill="white", outline=(120, 120, 120), width=4)
    draw.text((280, 60), "Next steps", font=font, fill=(30, 60, 120))
    colours = [(255, 230, 120), (160, 220, 255), (190, 240, 170), (255, 190, 200)]
    for row in range(4):
        for column in range(3):
            x, y = 280 + column * 120, 130 + row * 105
            draw.rectangle((x, y, x + 100, y + 80), fill=colours[(row + column) % 4])
            for line in range(3):
                ly = y + 20 + line * 18
                draw.line((x + 10, ly, x + 85, ly), fill=(90, 90, 90), width=3)
    draw.line((450, 560, 380, 600), fill=(90, 90, 90), width=8)
    draw.line((450, 560, 520, 600), fill=(90, 90, 90), width=8)
    chart.save(folder / "serbia-next-steps.jpg", quality=85)

    plenary = Image.new("RGB", (900, 600), (214, 206, 190))
    draw = ImageDraw.Draw(plenary)
    draw.ellipse((330, 180, 570, 420), fill=(180, 160, 130))
    for index in range(14):
        angle = index * 2 * math.pi / 14
        sx, sy = 450 + 210 * math.cos(angle), 300 + 210 * math.sin(angle)
        draw.rounded_rectangle((sx - 28, sy - 28, sx + 28, sy + 28), radius=8, fill=(40, 70, 120))
        hx, hy = 450 + 170 * math.cos(angle), 300 + 170 * math.sin(angle)
        draw.ellipse((hx - 17, hy - 17, hx + 17, hy + 17), fill=(120, 90, 70))
    plenary.save(folder / "serbia-plenary.jpg", quality=85)
    print(f"wrote {folder}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--font", type=Path, help="Liberation Sans Bold (or Arial Bold) .ttf")
    parser.add_argument("--out", type=Path, default=OUT, help="folder for the images (a trial run)")
    parser.add_argument("--photos", action="store_true", help="also redraw the photos (Pillow)")
    args = parser.parse_args()
    font_file = args.font or next((path for path in FONTS if path.exists()), None)
    if font_file is None:
        sys.exit("Liberation Sans Bold not found: install fonts-liberation2, or pass --font FILE")
    args.out.mkdir(parents=True, exist_ok=True)
    dots_per_metre = round(HEIGHT / (PRINTED_MM / 1000))
    for name, canvas in logos(Font(font_file)).items():
        (args.out / f"{name}.png").write_bytes(canvas.png(dots_per_metre))
        print(f"wrote {args.out / name}.png ({canvas.width} × {canvas.height} px)")
    if args.photos:
        photos(ROOT / "kickoffs" / "photos" if args.out == OUT else args.out)


if __name__ == "__main__":
    main()
