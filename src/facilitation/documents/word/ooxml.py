"""The WordprocessingML basics every step shares: the namespace, the strict parser, parts."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from lxml import etree

#: Parses XML without repairing it, resolving entities or reaching the network.
STRICT = etree.XMLParser(recover=False, resolve_entities=False, no_network=True, huge_tree=False)
_W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#: The WordprocessingML namespace, as the prefix of a tag: ``f"{W}p"``.
W = "{" + _W_NS + "}"


#: The name of the part that holds the document's body.
BODY_PART = "/word/document.xml"


def serialise(root: Any) -> bytes:
    """The bytes of a part's XML, as Word writes them (UTF-8, with the declaration)."""
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))


def note_parts(document: Any) -> Iterator[Any]:
    """The footnotes and endnotes parts of ``document``."""
    for relation in document.part.rels.values():
        if relation.is_external:
            continue
        if relation.reltype in (RT.FOOTNOTES, RT.ENDNOTES):
            yield relation.target_part


def paragraph_of(element: Any) -> Any:
    """The paragraph (``w:p``) that holds ``element``, or None."""
    for ancestor in element.iterancestors(f"{W}p"):
        return ancestor
    return None
