"""Right-to-left text (Arabic, Hebrew): the properties Word needs to show it in the right order.

Runs of right-to-left text get ``w:rtl`` (a run with both directions is cut where its direction
changes), and paragraphs that start right-to-left get ``w:bidi``.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from lxml import etree

from facilitation.documents.word.ooxml import W, paragraph_of

_RTL_CLASSES = ("R", "AL")
#: The blocks that hold every character of bidirectional class R or AL (the tests check it
#: against the whole of Unicode), and the right-to-left mark.
_RTL_BLOCKS = (
    (0x0590, 0x08FF),
    (0x200F, 0x200F),
    (0xFB1D, 0xFDFF),
    (0xFE70, 0xFEFF),
    (0x10800, 0x10FFF),
    (0x1E800, 0x1EFFF),
)
#: The first, cheap check: a document without any of these characters has nothing to mark.
#: (Few wide ranges: a class of the exact characters takes 30 times longer on a large text.)
RTL_TEXT = re.compile(
    "[" + "".join(f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in _RTL_BLOCKS) + "]"
)


def _has_rtl(text: str) -> bool:
    """True if ``text`` holds a character of bidirectional class R or AL."""
    return bool(RTL_TEXT.search(text)) and any(
        unicodedata.bidirectional(character) in _RTL_CLASSES for character in text
    )


#: The elements that come after ``w:rtl`` in run properties, and after ``w:bidi`` in paragraph
#: properties (the schema fixes their order).
_AFTER_RTL = {
    f"{W}{name}"
    for name in ("cs", "em", "lang", "eastAsianLayout", "specVanish", "oMath", "rPrChange")
}
_AFTER_BIDI = {
    f"{W}{name}"
    for name in (
        "adjustRightInd",
        "snapToGrid",
        "spacing",
        "ind",
        "contextualSpacing",
        "mirrorIndents",
        "suppressOverlap",
        "jc",
        "textDirection",
        "textAlignment",
        "textboxTightWrap",
        "outlineLvl",
        "divId",
        "cnfStyle",
        "rPr",
        "sectPr",
        "pPrChange",
    )
}
#: Run properties whose complex-script twin Word uses for right-to-left text.
_COMPLEX_TWINS = (("b", "bCs"), ("i", "iCs"), ("sz", "szCs"))


def _direction(text: str) -> str | None:
    """``"rtl"`` or ``"ltr"`` by the first strongly directional character of ``text``."""
    for character in text:
        kind = unicodedata.bidirectional(character)
        if kind in _RTL_CLASSES:
            return "rtl"
        if kind == "L":
            return "ltr"
    return None


def mark_right_to_left(root: Any) -> bool:
    """Mark right-to-left runs ``w:rtl`` and paragraphs that start right-to-left ``w:bidi``."""
    paragraphs: dict[Any, None] = {}
    for node in root.iter(f"{W}t"):
        if node.text and _has_rtl(node.text):
            paragraph = paragraph_of(node)
            if paragraph is not None:
                paragraphs[paragraph] = None
    for paragraph in paragraphs:
        runs = [run for run in paragraph.iter(f"{W}r") if paragraph_of(run) is paragraph]
        for run in runs:
            _split_by_direction(run)
        text = "".join(
            node.text or "" for node in paragraph.iter(f"{W}t") if paragraph_of(node) is paragraph
        )
        if _direction(text) == "rtl":
            properties = _first_child(paragraph, "pPr")
            if properties.find(f"{W}bidi") is None:
                _insert(properties, etree.Element(f"{W}bidi"), _AFTER_BIDI)
    return bool(paragraphs)


def _split_by_direction(run: Any) -> None:
    """Give a run ``w:rtl`` if its text is right-to-left; split it where its direction changes.

    A run with right-to-left letters and no left-to-right ones is marked as a whole (its
    spaces, digits and punctuation go with it); a run with both is cut into runs of one
    direction each, as Word does when such text is typed.
    """
    text = "".join(node.text or "" for node in run.iter(f"{W}t"))
    kinds = {unicodedata.bidirectional(character) for character in text}
    if not kinds & {"R", "AL"}:
        return
    if "L" not in kinds:
        _set_rtl(run)
        return
    properties = run.find(f"{W}rPr")
    parent = run.getparent()
    index = parent.index(run)
    for offset, (right_to_left, children) in enumerate(_pieces(run)):
        piece = etree.Element(f"{W}r", attrib=dict(run.attrib))
        if properties is not None:
            piece.append(_copy(properties))
        for child in children:
            piece.append(child)
        if right_to_left:
            _set_rtl(piece)
        parent.insert(index + offset, piece)
    parent.remove(run)


def _pieces(run: Any) -> list[tuple[bool, list[Any]]]:
    """The content of a run in stretches: right-to-left (True) or not."""
    pieces: list[tuple[bool, list[Any]]] = []

    def add(right_to_left: bool, child: Any) -> None:
        if pieces and pieces[-1][0] == right_to_left:
            pieces[-1][1].append(child)
        else:
            pieces.append((right_to_left, [child]))

    for child in list(run):
        if child.tag == f"{W}rPr":
            continue
        if child.tag != f"{W}t" or not child.text:
            add(pieces[-1][0] if pieces else False, child)
            continue
        for right_to_left, text in _stretches(child.text):
            node = etree.Element(f"{W}t")
            node.text = text
            if text != text.strip():
                node.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            add(right_to_left, node)
    return pieces


def _stretches(text: str) -> list[tuple[bool, str]]:
    """``text`` cut into right-to-left stretches and the rest.

    A stretch runs from a right-to-left letter to the last one before the next left-to-right
    letter, with the spaces, digits and punctuation between them.
    """
    kinds = [unicodedata.bidirectional(character) for character in text]
    result: list[tuple[bool, str]] = []
    start = position = 0
    while position < len(text):
        if kinds[position] not in _RTL_CLASSES:
            position += 1
            continue
        last = scan = position
        while scan < len(text) and kinds[scan] != "L":
            if kinds[scan] in _RTL_CLASSES:
                last = scan
            scan += 1
        if position > start:
            result.append((False, text[start:position]))
        result.append((True, text[position : last + 1]))
        start = position = last + 1
    if start < len(text):
        result.append((False, text[start:]))
    return result


def _copy(element: Any) -> Any:
    return etree.fromstring(etree.tostring(element))


def _set_rtl(run: Any) -> None:
    properties = _first_child(run, "rPr")
    if properties.find(f"{W}rtl") is None:
        _insert(properties, etree.Element(f"{W}rtl"), _AFTER_RTL)
    for plain, twin in _COMPLEX_TWINS:
        element = properties.find(f"{W}{plain}")
        if element is not None and properties.find(f"{W}{twin}") is None:
            copy = etree.Element(f"{W}{twin}", attrib=dict(element.attrib))
            element.addnext(copy)


def _first_child(parent: Any, name: str) -> Any:
    """The child ``w:name`` of ``parent``, created as its first child if missing."""
    found = parent.find(f"{W}{name}")
    if found is None:
        found = etree.Element(f"{W}{name}")
        parent.insert(0, found)
    return found


def _insert(parent: Any, element: Any, successors: set[str]) -> None:
    """Insert ``element`` into ``parent`` before the first child that the schema puts after it."""
    for child in parent:
        if child.tag in successors:
            child.addprevious(element)
            return
    parent.append(element)
