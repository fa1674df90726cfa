"""Pages of table rows that hold what was put on them.

Word and LibreOffice break pages themselves, but a sign-in sheet numbers its pages per day
("Day 2 · page 1 of 3"), which no field that both of them know gives (LibreOffice 7.4 has no
SECTIONPAGES). So the view breaks the pages itself: it estimates the lines each cell's text takes,
from the advance widths of Arial (Liberation Sans has the same widths, so LibreOffice sets text
the same way), and packs the rows into pages with room to spare, so that the word processor never
has a reason to break a page anywhere else.

Lengths are in points (1/72 inch); :mod:`facilitation.documents.measure` measures text.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


class PlannedRows(list[Any]):
    """The rows of one page, packed by :func:`paginate` to fit it with room to spare.

    Why a type of its own: the document writer need not measure these rows or keep them
    together on a page, so it writes them from a pattern (``documents.word.rows``).
    """


def paginate(
    heights: Sequence[float],
    room: float,
    closing: float,
    keep_with_next: Sequence[bool] = (),
    first: float | None = None,
) -> list[list[int]]:
    """Pack rows of ``heights`` into pages of ``room``; the last page also holds ``closing``.

    Rows keep their order. A row that must stay with the next one (a group heading) never ends a
    page. The block that closes the list (a certification) goes on the page of the last row, so
    rows move on to a page of their own when it would not fit. A row taller than a page gets a
    page of its own. The first page may have another room (``first``: it holds the logos).

    Returns:
        The indexes of the rows on each page; one empty page when there are no rows.
    """
    rooms = [room if first is None else first]
    pages: list[list[int]] = [[]]
    used = 0.0
    for index, height in enumerate(heights):
        if pages[-1] and used + height > rooms[-1]:
            pages.append(_carry(pages[-1], [], keep_with_next))
            rooms.append(room)
            used = sum(heights[row] for row in pages[-1])
        pages[-1].append(index)
        used += height
    while used + closing > rooms[-1] and len(pages[-1]) > 1:
        pages.append(_carry(pages[-1], [pages[-1].pop()], keep_with_next))
        rooms.append(room)
        used = sum(heights[row] for row in pages[-1])
    return pages


def room_left(heights: Sequence[float], page: Sequence[int], room: float, closing: float) -> float:
    """The room that the rows ``page`` and ``closing`` leave free on a page of ``room``."""
    return room - closing - sum(heights[index] for index in page)


def _carry(page: list[int], moved: list[int], keep_with_next: Sequence[bool]) -> list[int]:
    """``moved``, after the rows at the end of ``page`` that must stay with it (group heads)."""
    while len(page) > 1 and page[-1] < len(keep_with_next) and keep_with_next[page[-1]]:
        moved.insert(0, page.pop())
    return moved
