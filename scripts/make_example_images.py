"""Draw the logos and photos of the bundled example (needs Pillow: pip install pillow).

    python scripts/make_example_images.py

The EU emblem is drawn to its geometric description (twelve gold stars on a circle on blue). The
partner and funder logos are neutral stand-ins with the organisation's short name; a real
programme puts its partners' official files in their place. The "photos" are drawings of a
flip chart and of a group seated in a circle, so that the outcome report shows how photos look.
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


def flip_chart(width: int = 900, height: int = 600) -> Image.Image:
    """A flip chart with clustered cards, as a stand-in photo."""
    image = Image.new("RGB", (width, height), (236, 232, 224))
    draw = ImageDraw.Draw(image)
    draw.rectangle((250, 40, 650, 560), fill="white", outline=(120, 120, 120), width=4)
    font = ImageFont.truetype(FONT, 28)
    draw.text((280, 60), "Next steps", font=font, fill=(30, 60, 120))
    colours = [(255, 230, 120), (160, 220, 255), (190, 240, 170), (255, 190, 200)]
    for row in range(4):
        for column in range(3):
            x, y = 280 + column * 120, 130 + row * 105
            draw.rectangle((x, y, x + 100, y + 80), fill=colours[(row + column) % 4])
            for line in range(3):
                draw.line(
                    (x + 10, y + 20 + line * 18, x + 85, y + 20 + line * 18),
                    fill=(90, 90, 90),
                    width=3,
                )
    draw.line((450, 560, 380, 600), fill=(90, 90, 90), width=8)
    draw.line((450, 560, 520, 600), fill=(90, 90, 90), width=8)
    return image


def circle_of_chairs(width: int = 900, height: int = 600) -> Image.Image:
    """A circle of chairs seen from above, as a stand-in photo of the plenary."""
    image = Image.new("RGB", (width, height), (214, 206, 190))
    draw = ImageDraw.Draw(image)
    draw.ellipse((330, 180, 570, 420), fill=(180, 160, 130))
    for index in range(14):
        angle = index * 2 * math.pi / 14
        x, y = 450 + 210 * math.cos(angle), 300 + 210 * math.sin(angle)
        draw.rounded_rectangle((x - 28, y - 28, x + 28, y + 28), radius=8, fill=(40, 70, 120))
        hx, hy = 450 + 170 * math.cos(angle), 300 + 170 * math.sin(angle)
        draw.ellipse((hx - 17, hy - 17, hx + 17, hy + 17), fill=(120, 90, 70))
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
    photos = OUT.parent / "kickoffs" / "photos"
    photos.mkdir(parents=True, exist_ok=True)
    flip_chart().save(photos / "serbia-next-steps.jpg", quality=85)
    circle_of_chairs().save(photos / "serbia-plenary.jpg", quality=85)
    print(f"wrote {OUT} and {photos}")


if __name__ == "__main__":
    main()
