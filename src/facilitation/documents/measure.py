"""How much room text takes on a page: Arial's advance widths, and the lines a column holds.

Word and LibreOffice break lines and pages themselves; the tool estimates where, to number the
sign-in sheets' pages per day (:mod:`facilitation.documents.views.paging`) and to keep short
tables on one page (:mod:`facilitation.documents.word.schema`). The widths are Arial's
(Liberation Sans has the same, so LibreOffice sets text the same way).

Lengths are in points (1/72 inch); :func:`mm` converts millimetres.
"""

from __future__ import annotations

import functools
import unicodedata

#: Advance widths of Arial's ASCII characters from space to ``~``, in 1/1000 em.
_ASCII = (
    "278 278 355 556 556 889 667 191 333 333 389 584 278 333 278 278 556 556 556 556 556 556 556 "
    "556 556 556 278 278 584 584 584 556 1015 667 667 722 722 667 611 778 722 278 500 667 556 833 "
    "722 778 667 778 722 667 611 722 667 944 667 667 611 278 278 278 469 556 333 556 556 500 556 "
    "556 278 556 556 222 222 500 222 833 556 556 556 556 333 500 278 556 500 722 500 500 500 334 "
    "260 334 584"
)
_ASCII_BOLD = (
    "278 333 474 556 556 889 722 238 333 333 389 584 278 333 278 278 556 556 556 556 556 556 556 "
    "556 556 556 333 333 584 584 584 611 975 722 722 722 722 667 611 778 722 278 556 722 611 833 "
    "722 778 667 778 722 667 611 722 667 944 667 667 611 333 278 333 584 556 333 556 611 556 611 "
    "556 333 611 611 278 278 556 278 889 611 611 611 611 389 556 333 611 556 778 556 556 500 389 "
    "280 389 584"
)
#: Arial's Cyrillic letters, U+0400 to U+045F (Serbian and Macedonian letters included).
_CYRILLIC = (
    "667 667 865 542 719 667 278 278 500 1057 1010 854 583 719 635 719 667 656 667 542 677 667 "
    "923 604 719 719 583 656 833 722 778 719 667 722 611 635 760 667 740 667 917 938 792 885 656 "
    "719 1010 722 556 573 531 365 583 556 669 458 559 559 438 583 688 552 556 542 556 500 458 500 "
    "823 500 573 521 802 823 625 719 521 510 750 542 556 556 556 365 510 500 222 278 222 906 812 "
    "556 438 559 500 552"
)
_CYRILLIC_BOLD = (
    "667 669 885 567 711 667 278 276 556 1094 1062 875 610 719 622 719 722 719 722 567 712 667 "
    "904 626 719 719 610 702 833 722 778 719 667 722 611 622 854 667 730 703 1005 1019 870 979 "
    "719 711 1031 719 556 618 615 417 635 556 709 497 615 615 500 635 740 604 611 604 611 556 490 "
    "556 875 556 615 581 833 844 729 854 615 552 854 583 556 556 611 417 552 556 278 281 278 969 "
    "906 611 500 615 556 604"
)


def _table(start: int, widths: str) -> dict[str, int]:
    return {chr(start + index): int(width) for index, width in enumerate(widths.split())}


_OTHER = {
    "–": 556, "—": 1000, "·": 333, "’": 222, "‘": 222, "“": 333, "”": 333, "„": 333, "…": 1000,
    "□": 604, "•": 350, "■": 604, "€": 556, "«": 556, "»": 556, "Đ": 722, "đ": 556, "ß": 611,
    "Ł": 556, "ł": 222, "Ø": 778, "ø": 611, "Æ": 1000, "æ": 889, "Œ": 1000, "œ": 944, "\u00a0": 278,
}  # fmt: skip
_WIDTHS = (
    _table(32, _ASCII) | _table(0x400, _CYRILLIC) | _OTHER,
    _table(32, _ASCII_BOLD) | _table(0x400, _CYRILLIC_BOLD) | _OTHER,
)
#: A character not in the tables: as wide as a capital letter (wide East Asian ones: 1 em).
_UNKNOWN = 722
#: The widest advance of any character (1/1000 em): no text of n characters is wider than n of it.
WIDEST_CHAR = max(_UNKNOWN, 1000, *(max(table.values()) for table in _WIDTHS))
#: Points in a millimetre.
_PER_MM = 72 / 25.4


def mm(length: float) -> float:
    """``length`` millimetres in points."""
    return length * _PER_MM


def char_width(char: str, bold: bool = False) -> int:
    """The advance width of ``char`` in Arial, in 1/1000 em (an accented letter: its base)."""
    table = _WIDTHS[bold]
    width = table.get(char)
    if width is not None:
        return width
    base = unicodedata.normalize("NFD", char)[:1]
    if base and base != char and base in table:
        return table[base]
    if unicodedata.combining(char):
        return 0
    return 1000 if unicodedata.east_asian_width(char) in ("W", "F") else _UNKNOWN


def text_width(text: str, size: float, bold: bool = False) -> float:
    """How wide ``text`` is at ``size`` points, in points."""
    table = _WIDTHS[bold]
    try:
        # NOTE: summed in C while every character is in the table (a sign-in sheet measures
        # every e-mail address of its list).
        total = sum(map(table.__getitem__, text))
    except KeyError:
        total = sum(char_width(char, bold) for char in text)
    return total * size / 1000


@functools.lru_cache(maxsize=1 << 16)
def count_lines(text: str, width: float, size: float, bold: bool = False) -> int:
    """The lines ``text`` takes in a column ``width`` points wide, at ``size`` points.

    Words wrap at spaces, as a word processor wraps them; a word wider than the column is broken
    between letters (so does LibreOffice). An empty text still takes one line.
    """
    lines = 0
    for paragraph in text.split("\n"):
        lines += max(1, _wrap(paragraph, width, size, bold))
    return lines


def _wrap(paragraph: str, width: float, size: float, bold: bool) -> int:
    space = char_width(" ", bold) * size / 1000
    lines, used = 0, 0.0
    for word in paragraph.split():
        wide = text_width(word, size, bold)
        if lines and used + space + wide <= width:
            used += space + wide
            continue
        lines += 1
        used = 0.0
        for char in word if wide > width else ():
            step = char_width(char, bold) * size / 1000
            if used + step > width:
                lines += 1
                used = 0.0
            used += step
        used = used if wide > width else wide
    return lines


def fits_unbroken(text: str, width: float, size: float, bold: bool = False) -> bool:
    """True when no word of ``text`` is wider than ``width`` (so none breaks between letters)."""
    return all(text_width(word, size, bold) <= width for word in text.split())
