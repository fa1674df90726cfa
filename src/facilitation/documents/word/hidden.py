"""Hidden text (``w:vanish``): found in a template before it runs, removed from what it produced.

Text that Word does not show is not passed on: a run is hidden by its own properties, by its
character style or by its paragraph's style (also through ``w:basedOn``).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from facilitation.documents.word.ooxml import W, paragraph_of


@dataclass
class Hiding:
    """The styles of a template that hide text: character styles, and paragraph styles."""

    characters: set[str] = field(default_factory=set)
    paragraphs: set[str] = field(default_factory=set)
    default_paragraph: str | None = None


def _on(element: Any) -> bool | None:
    """The value of an on/off property element (``<w:vanish/>``), or None if it is absent."""
    if element is None:
        return None
    return element.get(f"{W}val", "true").lower() not in ("0", "false", "off")


def hiding_styles(styles: Any) -> Hiding:
    """The styles that hide their text (``w:vanish``, also through ``w:basedOn``)."""
    own: dict[str, bool | None] = {}
    based: dict[str, str] = {}
    kinds: dict[str, str] = {}
    hiding = Hiding()
    for style in styles.iter(f"{W}style"):
        style_id = style.get(f"{W}styleId") or ""
        kinds[style_id] = style.get(f"{W}type") or "paragraph"
        own[style_id] = _on(style.find(f"{W}rPr/{W}vanish"))
        parent = style.find(f"{W}basedOn")
        if parent is not None:
            based[style_id] = parent.get(f"{W}val") or ""
        if kinds[style_id] == "paragraph" and style.get(f"{W}default") in ("1", "true"):
            hiding.default_paragraph = style_id
    for style_id, kind in kinds.items():
        seen = set()
        current: str | None = style_id
        value = None
        while current is not None and current not in seen and value is None:
            seen.add(current)
            value = own.get(current)
            current = based.get(current)
        if value:
            if kind == "character":
                hiding.characters.add(style_id)
            elif kind == "paragraph":
                hiding.paragraphs.add(style_id)
    return hiding


def _is_hidden(run: Any, paragraph_style: str | None, hiding: Hiding) -> bool:
    properties = run.find(f"{W}rPr")
    if properties is not None:
        direct = _on(properties.find(f"{W}vanish"))
        if direct is not None:
            return direct
        style = properties.find(f"{W}rStyle")
        if style is not None and style.get(f"{W}val") in hiding.characters:
            return True
    return paragraph_style is not None and paragraph_style in hiding.paragraphs


def _hidden_runs(root: Any, hiding: Hiding) -> Iterator[Any]:
    """The runs below ``root`` that Word hides and that hold something to hide."""
    for paragraph in root.iter(f"{W}p"):
        style = paragraph.find(f"{W}pPr/{W}pStyle")
        paragraph_style = style.get(f"{W}val") if style is not None else hiding.default_paragraph
        for run in paragraph.iter(f"{W}r"):
            if paragraph_of(run) is not paragraph:
                continue
            if run.find(f"{W}fldChar") is not None or run.find(f"{W}instrText") is not None:
                continue  # the frame of a field: keep it whole
            if _is_hidden(run, paragraph_style, hiding) and any(
                child.tag != f"{W}rPr" for child in run
            ):
                yield run


def count_hidden(root: Any, hiding: Hiding) -> int:
    """The number of hidden runs below ``root`` that hold something to hide."""
    styled = hiding.characters or hiding.paragraphs
    if not styled and next(root.iter(f"{W}vanish"), None) is None:
        return 0
    return sum(1 for _ in _hidden_runs(root, hiding))


def drop_hidden(root: Any, hiding: Hiding) -> int:
    """Remove hidden runs from a rendered part; their number."""
    runs = list(_hidden_runs(root, hiding))
    for run in runs:
        run.getparent().remove(run)
    return len(runs)
