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

from typing import Any

from lxml import etree

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
    last = {child.tag: child for child in children if child.tag in order}
    kept = [child for child in children if child.tag not in order or last[child.tag] is child]
    ranked = sorted(kept, key=lambda child: order.get(child.tag, len(order)))
    if ranked == children:
        return False
    for child in children:
        element.remove(child)
    element.extend(ranked)
    return True
