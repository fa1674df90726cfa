"""Draw the logos of the bundled example (needs Pillow: pip install pillow).

    python scripts/make_example_logos.py

The EU emblem is drawn to its geometric description (twelve gold stars on a circle on blue). The
partner and funder logos are neutral stand-ins with the organisation's short name; a real
programme puts its partners' official files in their place.
"""

from __future__ import annotations

import math
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

OUT = Path(__file__).resolve().parent.parent / "examples" / "western-balkans" / "logos"
BLUE = (0, 51, 153)
GOLD = (255, 204, 0)
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"


def star(draw: ImageDraw.ImageDraw, cx: float, cy: float, outer: float) -> None:
    inner = outer * 0.382
    points = []
    for index in range(10):
        radius = outer if index % 2 == 0 else inner
        angle = -math.pi / 2 + index * math.pi / 5
        points.append((cx + radius * math.cos(angle), cy + radius * math.sin(angle)))
    draw.polygon(points, fill=GOLD)


def eu_emblem(height: int = 400) -> Image.Image:
    width = height * 3 // 2
    scale = 4
    image = Image.new("RGB", (width * scale, height * scale), BLUE)
    draw = ImageDraw.Draw(image)
    cx, cy = width * scale / 2, height * scale / 2
    circle = height * scale / 3
    for index in range(12):
        angle = -math.pi / 2 + index * math.pi / 6
        star(
            draw, cx + circle * math.cos(angle), cy + circle * math.sin(angle), height * scale / 18
        )
    return image.resize((width, height), Image.LANCZOS)


def stand_in(text: str, colour: tuple[int, int, int], height: int = 160) -> Image.Image:
    font = ImageFont.truetype(FONT, int(height * 0.42))
    left, top, right, bottom = font.getbbox(text)
    width = right - left + height
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle(
        (2, 2, width - 3, height - 3), radius=height // 6, outline=colour, width=6
    )
    draw.text(
        ((width - (right - left)) / 2 - left, (height - (bottom - top)) / 2 - top),
        text,
        font=font,
        fill=colour,
    )
    return image


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    eu_emblem().save(OUT / "eu-emblem.png", optimize=True)
    for name, text, colour in (
        ("bmz", "BMZ", (0, 0, 0)),
        ("giz", "GIZ", (200, 30, 30)),
        ("italy-moi", "MoI", (0, 110, 60)),
        ("cilc", "CILC", (20, 60, 120)),
    ):
        stand_in(text, colour).save(OUT / f"{name}.png", optimize=True)
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
