"""Read a generated .docx back as text lines: headers, body (paragraphs and tables), footers."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from lxml import etree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _paragraph_text(paragraph: etree._Element) -> str:
    parts = []
    for node in paragraph.iter(f"{W}t", f"{W}tab", f"{W}br"):
        if node.tag == f"{W}t":
            parts.append(node.text or "")
        elif node.tag == f"{W}tab":
            parts.append("\t")
        else:
            parts.append("\n")
    return "".join(parts)


def _block_lines(element: etree._Element) -> list[str]:
    lines: list[str] = []
    for child in element:
        if child.tag == f"{W}p":
            text = _paragraph_text(child).strip()
            if text:
                lines.append(text)
        elif child.tag == f"{W}tbl":
            for row in child.iter(f"{W}tr"):
                cells = [
                    " / ".join(line for line in _block_lines(cell) if line)
                    for cell in row.findall(f"{W}tc")
                ]
                if any(cells):
                    lines.append("| " + " | ".join(cells) + " |")
        elif child.tag in (f"{W}sdt", f"{W}sdtContent"):
            lines.extend(_block_lines(child))
    return lines


def docx_parts(data: bytes | Path) -> dict[str, list[str]]:
    """Text lines of each part: 'body', 'header', 'footer'."""
    raw = data.read_bytes() if isinstance(data, Path) else data
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    parts: dict[str, list[str]] = {"header": [], "body": [], "footer": []}
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        for name in sorted(archive.namelist()):
            if name == "word/document.xml":
                root = etree.fromstring(archive.read(name), parser)
                parts["body"].extend(_block_lines(root.find(f"{W}body")))
            elif name.startswith("word/header") and name.endswith(".xml"):
                parts["header"].extend(_block_lines(etree.fromstring(archive.read(name), parser)))
            elif name.startswith("word/footer") and name.endswith(".xml"):
                parts["footer"].extend(_block_lines(etree.fromstring(archive.read(name), parser)))
    return parts


def docx_text(data: bytes | Path) -> str:
    """All text of a document, headers first, footers last, one block per line."""
    parts = docx_parts(data)
    return "\n".join(
        ["## header", *parts["header"], "## body", *parts["body"], "## footer", *parts["footer"]]
    )
