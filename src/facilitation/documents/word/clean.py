"""What Word does not show is not run: a template's comments and tracked changes.

Before rendering, a template's comments are removed and its tracked changes accepted (the text
of insertions kept, deletions dropped), so the template that runs is the one Word shows; its
hidden text is counted (and removed from what it produced, see :mod:`.hidden`). A warning (R308)
says what was left out.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from lxml import etree

from facilitation import codes
from facilitation.documents.templates import TemplateSource
from facilitation.documents.word.hidden import Hiding, count_hidden, hiding_styles
from facilitation.documents.word.ooxml import STRICT, W, note_parts, serialise
from facilitation.documents.word.strict_template import StrictTemplate
from facilitation.errors import Diagnostic, Location, Severity


@dataclass
class Removed:
    """What was left out of a template."""

    comments: int = 0
    changes: int = 0
    hidden: int = 0

    def __bool__(self) -> bool:
        return bool(self.comments or self.changes or self.hidden)

    def warning(self, source: TemplateSource) -> Diagnostic:
        """The R308 warning that says what was left out."""
        what = []
        if self.comments:
            what.append(_count(self.comments, "comment"))
        if self.changes:
            what.append(_count(self.changes, "tracked change"))
        if self.hidden:
            what.append(f"hidden text in {_count(self.hidden, 'place')}")
        listed = ", ".join(what[:-1]) + " and " + what[-1] if len(what) > 1 else what[0]
        return Diagnostic(
            codes.TEMPLATE_HIDDEN_CONTENT,
            f"the template holds {listed}; they are left out of the document "
            "(insertions kept, deletions dropped, as Word shows them)",
            Location(source.shown),
            severity=Severity.WARNING,
            hint="in Word: accept or reject every change, delete the comments and the hidden "
            "text, and save the template again",
        )


def _count(number: int, word: str) -> str:
    return f"{number} {word}" if number == 1 else f"{number} {word}s"


_COMMENT_RELATIONS = {"comments", "commentsExtended", "commentsIds", "commentsExtensible", "people"}
_COMMENT_MARKS = [f"{W}{name}" for name in ("commentRangeStart", "commentRangeEnd")]
_PROPERTY_CHANGES = [
    f"{W}{name}"
    for name in (
        "rPrChange",
        "pPrChange",
        "sectPrChange",
        "tblPrChange",
        "tblPrExChange",
        "tblGridChange",
        "trPrChange",
        "tcPrChange",
        "numberingChange",
    )
]
_RANGE_MARKS = [
    f"{W}{kind}{edge}"
    for kind in (
        "moveFromRange",
        "moveToRange",
        "customXmlInsRange",
        "customXmlDelRange",
        "customXmlMoveFromRange",
        "customXmlMoveToRange",
    )
    for edge in ("Start", "End")
]
_PROPERTIES = {f"{W}rPr", f"{W}trPr", f"{W}tcPr"}


def clean_template(template: StrictTemplate) -> Removed:
    """Accept the tracked changes and remove the comments of the template, before it runs.

    Deleted text would otherwise still run as template code (a tag half-deleted in Word is
    whole again once the change is accepted). Hidden text is only found here; it is removed
    from what the template produced (see :func:`.hidden.drop_hidden`).
    """
    removed = Removed()
    document = template.docx
    main = document.part
    for key, relation in list(main.rels.items()):
        kind = relation.reltype.rsplit("/", 1)[-1]
        if kind in _COMMENT_RELATIONS and not relation.is_external:
            if kind == "comments":
                comments = etree.fromstring(relation.target_part.blob, STRICT)
                removed.comments += len(comments.findall(f"{W}comment"))
            main.rels.pop(key)
    styles = _related_part(document, RT.STYLES)
    hiding = hiding_styles(styles.element) if styles is not None else Hiding()
    anchored: set[str] = set()
    for root in [document.element, *(part.element for part in _header_footer_parts(document))]:
        removed.changes += _accept_changes(root)
        anchored |= _drop_comment_marks(root)
        removed.hidden += count_hidden(root, hiding)
    for part in note_parts(document):
        root = etree.fromstring(part.blob, STRICT)
        removed.changes += _accept_changes(root)
        anchored |= _drop_comment_marks(root)
        removed.hidden += count_hidden(root, hiding)
        part._blob = serialise(root)  # NOTE: also as UTF-8, which docxtpl expects of notes
    for part in (styles, _related_part(document, RT.NUMBERING)):
        if part is not None:
            removed.changes += _accept_changes(part.element)
    removed.comments = removed.comments or len(anchored)
    if removed.hidden:
        template.hiding = hiding
    return removed


def _header_footer_parts(document: Any) -> Iterator[Any]:
    for relation in document.part.rels.values():
        if relation.is_external:
            continue
        if relation.reltype in (RT.HEADER, RT.FOOTER):
            yield relation.target_part


def _related_part(document: Any, reltype: str) -> Any:
    """The part the main document relates to with ``reltype``, or None."""
    for relation in document.part.rels.values():
        if not relation.is_external and relation.reltype == reltype:
            return relation.target_part
    return None


def _accept_changes(root: Any) -> int:
    """Accept every tracked change below ``root``, as Word's "Accept All" does; their number."""
    changes = 0
    for mark in list(root.iter(f"{W}del")):
        holder = mark.getparent()
        if holder.tag == f"{W}trPr" and holder.getparent().getparent() is not None:
            row = holder.getparent()
            row.getparent().remove(row)  # a deleted table row
            changes += 1
    for mark in list(root.iter(f"{W}cellDel")):
        cell = mark.getparent().getparent()
        if cell.tag == f"{W}tc" and cell.getparent() is not None:
            cell.getparent().remove(cell)
            changes += 1
    for element in list(root.iter(f"{W}del", f"{W}moveFrom")):
        if element.getparent().tag not in _PROPERTIES:
            element.getparent().remove(element)  # deleted or moved-away text
            changes += 1
    for element in list(root.iter(f"{W}ins", f"{W}moveTo")):
        if element.getparent().tag not in _PROPERTIES:
            _unwrap(element)  # inserted or moved-here text stays
            changes += 1
    for mark in list(root.iter(f"{W}ins", f"{W}del", f"{W}moveFrom", f"{W}moveTo")):
        changes += 1  # a mark on a paragraph mark, a run or a table row
        holder = mark.getparent()
        holder.remove(mark)
        deleted = mark.tag in (f"{W}del", f"{W}moveFrom")
        if deleted and holder.getparent() is not None and holder.getparent().tag == f"{W}pPr":
            _join_with_next(holder.getparent().getparent())
    for mark in list(root.iter(f"{W}cellIns", f"{W}cellMerge", *_PROPERTY_CHANGES)):
        mark.getparent().remove(mark)
        changes += 1
    for mark in list(root.iter(*_RANGE_MARKS)):
        mark.getparent().remove(mark)
    return changes


def _unwrap(element: Any) -> None:
    parent = element.getparent()
    index = parent.index(element)
    for offset, child in enumerate(list(element)):
        parent.insert(index + offset, child)
    parent.remove(element)


def _join_with_next(paragraph: Any) -> None:
    """A paragraph whose mark was deleted runs on into the next paragraph (or is dropped)."""
    if paragraph is None or paragraph.tag != f"{W}p" or paragraph.getparent() is None:
        return
    content = [child for child in paragraph if child.tag != f"{W}pPr"]
    following = paragraph.getnext()
    if following is not None and following.tag == f"{W}p":
        position = 1 if len(following) and following[0].tag == f"{W}pPr" else 0
        for offset, child in enumerate(content):
            following.insert(position + offset, child)
        paragraph.getparent().remove(paragraph)
    elif not any(child.tag == f"{W}r" for child in content):
        paragraph.getparent().remove(paragraph)


def _drop_comment_marks(root: Any) -> set[str]:
    """Remove the anchors of comments; the ids of the comments they belonged to."""
    ids: set[str] = set()
    for mark in list(root.iter(*_COMMENT_MARKS)):
        ids.add(mark.get(f"{W}id") or "")
        mark.getparent().remove(mark)
    for reference in list(root.iter(f"{W}commentReference")):
        ids.add(reference.get(f"{W}id") or "")
        run = reference.getparent()
        run.remove(reference)
        if run.tag == f"{W}r" and all(child.tag == f"{W}rPr" for child in run):
            run.getparent().remove(run)
    return ids
