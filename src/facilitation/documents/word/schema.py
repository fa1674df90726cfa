"""Table and cell properties in the order the WordprocessingML schema gives them; rows whole.

Word refuses, or "repairs", a document whose property elements are out of the schema's order;
LibreOffice reads them in any order. Templates edited in LibreOffice, python-docx and docxtpl's
``{% cellbg %}`` (which puts ``w:shd`` first in ``w:tcPr``) all write them out of order, so every
rendered part is put in order here, whatever template it came from. A property written twice
keeps its last value, as Word reads it; an on/off property written ``w:val="true"`` becomes the
plain element (``true`` is valid in the transitional schema, but not in the strict one that
validators check by default).

Only the elements below are ordered: their sequences are copied from the ECMA-376 schema
(transitional, 5th edition); anything not listed keeps its place after the listed ones.
"""

from __future__ import annotations

import functools
from typing import Any

from lxml import etree

from facilitation.documents.measure import WIDEST_CHAR, count_lines
from facilitation.documents.word.ooxml import W

#: Children of each property element, in the schema's order (CT_TblPr, CT_TrPr, CT_TcPr, ...).
_SEQUENCES: dict[str, tuple[str, ...]] = {
    "tblPr": (
        "tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize",
        "tblStyleColBandSize", "tblW", "jc", "tblCellSpacing", "tblInd", "tblBorders", "shd",
        "tblLayout", "tblCellMar", "tblLook", "tblCaption", "tblDescription", "tblPrChange",
    ),
    "trPr": (
        "cnfStyle", "divId", "gridBefore", "gridAfter", "wBefore", "wAfter", "cantSplit",
        "trHeight", "tblHeader", "tblCellSpacing", "jc", "hidden", "ins", "del", "trPrChange",
    ),
    "tcPr": (
        "cnfStyle", "tcW", "gridSpan", "hMerge", "vMerge", "tcBorders", "shd", "noWrap", "tcMar",
        "textDirection", "tcFitText", "vAlign", "hideMark", "headers", "cellIns", "cellDel",
        "cellMerge", "tcPrChange",
    ),
    "tblBorders": ("top", "left", "start", "bottom", "right", "end", "insideH", "insideV"),
    "tcBorders": (
        "top", "left", "start", "bottom", "right", "end", "insideH", "insideV", "tl2br", "tr2bl",
    ),
    "tblCellMar": ("top", "left", "start", "bottom", "right", "end"),
    "tcMar": ("top", "left", "start", "bottom", "right", "end"),
}  # fmt: skip
_ORDER = {
    f"{W}{parent}": {f"{W}{child}": index for index, child in enumerate(children)}
    for parent, children in _SEQUENCES.items()
}
#: On/off properties of table rows that templates write as ``w:val="true"``.
_ON_OFF = (f"{W}cantSplit", f"{W}tblHeader", f"{W}hidden", f"{W}noWrap", f"{W}hideMark")
_TRUE = ("true", "on", "1")


def keep_rows_whole(root: Any) -> bool:
    """Give every table row of ``root`` ``w:cantSplit``: a row never breaks across pages."""
    changed = False
    for row in root.iter(f"{W}tr"):
        props = row.find(f"{W}trPr")
        if props is None:
            props = etree.Element(f"{W}trPr")
            row.insert(1 if len(row) and row[0].tag == f"{W}tblPrEx" else 0, props)
        if props.find(f"{W}cantSplit") is None:
            etree.SubElement(props, f"{W}cantSplit")
            changed = True
    return changed


#: Size and line height of table text (the templates' TableText style), in points.
_TABLE_TEXT = 9.0
_TABLE_LINE = 11.5
#: Room a cell takes beyond its lines: cell margins and paragraph spacing, in points.
_CELL_PADDING = 6.0
#: A table estimated taller than this share of the page's body is "long": it runs on.
_LONG_TABLE = 0.85
#: Paragraph properties that come before ``w:keepNext`` in CT_PPrBase.
_BEFORE_KEEP_NEXT = f"{W}pStyle"


def keep_tables_together(root: Any) -> bool:
    """Keep each table of the body that fits on a page on one page, with what introduces it.

    Every paragraph of every row but the last is kept with the next, and so are the few
    paragraphs right above the table (its heading, a theme, an introducing line): Word and
    LibreOffice then move a table that would break to the next page, with its heading. A table
    estimated longer than a page (see :mod:`facilitation.documents.measure`) runs on: only its
    first row stays with the heading and its last two rows together, so neither a heading nor
    a day's last row is left alone. Lines right below a table that close it before a new page (a
    day's totals) go with its last row.
    """
    body = root if root.tag == f"{W}body" else root.find(f"{W}body")
    if body is None:  # a header, a footer or notes: their tables are never long
        return False
    room = body_height(body)
    changed = False
    for table in body.iter(f"{W}tbl"):
        if table.getparent() is body:
            changed = keep_table_together(table, room) or changed
    return changed


def keep_table_together(table: Any, room: float, long: bool | None = None) -> bool:
    """Keep one table of the body on a page ``room`` points high, if it fits (see above).

    It needs the elements right above and below the table in place; True if it changed.
    ``long`` says the table runs on when some of its rows are not in it yet (:mod:`.rows`).
    """
    rows = table.findall(f"{W}tr")
    if long is None:
        long = _taller_than(rows, _LONG_TABLE * room)
    kept = [*rows[:1], *rows[-2:-1]] if long else rows[:-1]
    trailer = _trailer(table)
    if trailer:
        kept = [*kept, rows[-1], *trailer[:-1]]
    changed = False
    for element in [*kept, *_lead_in(table)]:
        for paragraph in element.iter(f"{W}p"):
            changed = _keep_with_next(paragraph) or changed
    return changed


def _taller_than(rows: list[Any], limit: float) -> bool:
    """True when the ``rows`` together are estimated taller than ``limit`` points.

    Why stop at the limit: a list of 20,000 people is long after its first fifty rows.
    """
    total = 0.0
    for row in rows:
        total += _row_height(row)
        if total > limit:
            return True
    return False


def runs_on(height: float, room: float) -> bool:
    """True when a table ``height`` points high is long on a page ``room`` points high."""
    return height > _LONG_TABLE * room


#: The least height a table row is estimated at: one line of table text in a cell.
SHORTEST_ROW = _TABLE_LINE + _CELL_PADDING


def shortest_row(row: Any) -> float:
    """The least height ``row`` is estimated at with any text: a line per paragraph of a cell.

    Why: rows written from a pattern (:mod:`.rows`) are not measured one by one; this bounds
    from below what measuring each of them (:func:`_row_height`) would give.
    """
    tallest = 0.0
    for cell in row.iterchildren(f"{W}tc"):
        tallest = max(tallest, int(_PARAGRAPHS(cell)) * _TABLE_LINE + _CELL_PADDING)
    return max(tallest, _set_height(row))


def body_height(body: Any) -> float:
    """The height of the page's body in points (A4 portrait when the section does not say)."""
    size = body.find(f"{W}sectPr/{W}pgSz")
    margins = body.find(f"{W}sectPr/{W}pgMar")
    height = int(size.get(f"{W}h", "16838")) if size is not None else 16838
    top = bottom = 1134
    if margins is not None:
        top = abs(int(margins.get(f"{W}top", "1134")))
        bottom = abs(int(margins.get(f"{W}bottom", "1134")))
    return (height - top - bottom) / 20


def _row_height(row: Any) -> float:
    """A row's estimated height in points: its tallest cell, or its set height if taller.

    The same row comes again and again (the heading row of every page of a sign-in sheet, its
    facts): its height is kept by its markup.
    """
    key = etree.tostring(row, with_tail=False)
    height = _ROW_HEIGHTS.get(key)
    if height is None:
        if len(_ROW_HEIGHTS) >= _MEASURED_MAX:
            _ROW_HEIGHTS.clear()
        height = _ROW_HEIGHTS[key] = _measure_row(row)
    return height


def _measure_row(row: Any) -> float:
    tallest = 0.0
    for cell in row.iterchildren(f"{W}tc"):
        width = cell.find(_CELL_WIDTH)
        points = int(width.get(f"{W}w", "2000")) / 20 if width is not None else 100.0
        column = max(points - 9, 20)
        tallest = max(tallest, _cell_lines(cell, column) * _TABLE_LINE + _CELL_PADDING)
    return max(tallest, _set_height(row))


def _set_height(row: Any) -> float:
    """The height the row's properties set, in points (0 when they set none)."""
    height = row.find(_ROW_HEIGHT)
    return int(height.get(f"{W}val", "0")) / 20 if height is not None else 0.0


def _cell_lines(cell: Any, column: float) -> int:
    """The lines of the paragraphs of a table cell ``column`` points wide.

    A cell whose whole text would fit on one line even in the widest letters, with no line
    break or tab, has one line per paragraph: it is not measured letter by letter (a sign-in
    sheet for thousands has tens of thousands of such cells: a name, an empty box).
    """
    text = etree.tostring(cell, method="text", encoding="unicode", with_tail=False)
    if len(text) * _WIDEST <= column and not _HAS_BREAK(cell):
        return int(_PARAGRAPHS(cell))
    # The same cell comes again and again (an institution, a country, a tick box): its lines
    # are kept by its markup, which holds its width.
    key = (etree.tostring(cell, with_tail=False), column)
    lines = _MEASURED.get(key)
    if lines is None:
        if len(_MEASURED) >= _MEASURED_MAX:
            _MEASURED.clear()
        lines = sum(_lines(_paragraph_text(paragraph), column) for paragraph in cell.iter(_P))
        _MEASURED[key] = lines
    return lines


def _paragraph_text(paragraph: Any) -> str:
    """The text of a paragraph's runs, a line break as a new line and a tab as a tab."""
    return "".join(
        node.text or "" if node.tag == _TEXT else _BREAKS[node.tag]
        for run in paragraph.iter(_RUN)
        for node in run.iterchildren(_TEXT, *_BREAKS)
    )


_RUN = f"{W}r"
_P = f"{W}p"
_MEASURED: dict[tuple[bytes, float], int] = {}
_ROW_HEIGHTS: dict[bytes, float] = {}
_MEASURED_MAX = 4096
_WIDEST = WIDEST_CHAR * _TABLE_TEXT / 1000
_NAMESPACES = {"w": W[1:-1]}
_HAS_BREAK = etree.XPath(
    "boolean(.//w:r/w:br | .//w:r/w:cr | .//w:r/w:tab)", namespaces=_NAMESPACES
)
_PARAGRAPHS = etree.XPath("count(.//w:p)", namespaces=_NAMESPACES)
_TEXT = f"{W}t"
_BREAKS = {f"{W}br": "\n", f"{W}cr": "\n", f"{W}tab": "\t"}
_CELL_WIDTH = f"{W}tcPr/{W}tcW"
_ROW_HEIGHT = f"{W}trPr/{W}trHeight"


@functools.lru_cache(maxsize=4096)
def _lines(text: str, width: float) -> int:
    """The lines of table text ``text`` in a column ``width`` points wide (texts repeat)."""
    return count_lines(text, width, _TABLE_TEXT)


def _keep_with_next(paragraph: Any) -> bool:
    props = paragraph.find(_PARAGRAPH_PROPERTIES)
    if props is None:
        props = etree.Element(_PARAGRAPH_PROPERTIES)
        paragraph.insert(0, props)
    elif props.find(_KEEP_NEXT) is not None:
        return False
    # NOTE: only a style comes before keepNext in the schema, and it comes first.
    first = props[0] if len(props) else None
    props.insert(
        int(first is not None and first.tag == _BEFORE_KEEP_NEXT), etree.Element(_KEEP_NEXT)
    )
    return True


_PARAGRAPH_PROPERTIES = f"{W}pPr"
_KEEP_NEXT = f"{W}keepNext"


#: Paragraphs above a table that go with it: its heading, a theme, lines that introduce it.
_LEAD_IN = 5


def _lead_in(table: Any) -> list[Any]:
    """The paragraphs right above ``table``: up to its heading, or else the line introducing it.

    At most five; text above the heading belongs to what comes before it.
    """
    found: list[Any] = []
    sibling = table.getprevious()
    while sibling is not None and sibling.tag == f"{W}p" and len(found) < _LEAD_IN:
        found.append(sibling)
        if _is_heading(sibling) or _starts_page(sibling):
            return found
        sibling = sibling.getprevious()
    return found[:1]


def _is_heading(paragraph: Any) -> bool:
    style = paragraph.find(f"{W}pPr/{W}pStyle")
    name = style.get(f"{W}val", "") if style is not None else ""
    return name.startswith(("Heading", "Title"))


def _trailer(table: Any) -> list[Any]:
    """The lines right below ``table`` that close it (a day's totals), if a new page follows them.

    They go to the next page with the table's last row rather than alone.
    """
    found: list[Any] = []
    sibling = table.getnext()
    while sibling is not None and sibling.tag == f"{W}p" and len(found) < _LEAD_IN:
        if _starts_page(sibling):
            return found
        found.append(sibling)
        sibling = sibling.getnext()
    if sibling is None or sibling.tag == f"{W}sectPr":
        return found
    return found if sibling.tag == f"{W}p" and _starts_page(sibling) else []


def _starts_page(paragraph: Any) -> bool:
    return (
        paragraph.find(f".//{W}br[@{W}type='page']") is not None
        or paragraph.find(f"{W}pPr/{W}pageBreakBefore") is not None
        or paragraph.find(f".//{W}sectPr") is not None
    )


def order_properties(root: Any) -> bool:
    """Put every table, row and cell property of ``root`` in the schema's order; True if changed."""
    changed = False
    for element in root.iter(*_ORDER):
        changed = _order(element, _ORDER[element.tag]) or changed
    for element in root.iter(*_ON_OFF):
        value = element.get(f"{W}val")
        if value is not None and value.lower() in _TRUE:
            del element.attrib[f"{W}val"]
            changed = True
    return changed


def _order(element: Any, order: dict[str, int]) -> bool:
    children = list(element)
    last_rank = -1
    for child in children:
        rank = order.get(child.tag, len(order))
        if rank < last_rank or (rank == last_rank and rank < len(order)):
            break
        last_rank = rank
    else:
        return False  # in order already, and no property twice
    last = {child.tag: child for child in children if child.tag in order}
    kept = [child for child in children if child.tag not in order or last[child.tag] is child]
    ranked = sorted(kept, key=lambda child: order.get(child.tag, len(order)))
    if ranked == children:
        return False
    for child in children:
        element.remove(child)
    element.extend(ranked)
    return True
