"""Describe a Word template as text, for golden files that review as a diff.

Unlike ``docx_text`` (the text a generated document shows), this keeps what a template is made of:
every paragraph with its style and its docxtpl tags as written, tables row by row with their row,
cell and table properties, the sections with their headers and footers, the styles of
``word/styles.xml`` and the theme fonts. Everything that can change on its own is on a line of its
own (one style, one table row, one paragraph), so restyling one thing changes one line.

Notation:
    ``[Style props] text ⟨run props⟩``  a paragraph; ``Style`` is the style id (the default
    paragraph style when the paragraph names none), ``props`` its direct paragraph properties,
    ``⟨…⟩`` the direct formatting of its runs (one entry per run, ``;`` between, ``-`` for none)
    when any run has some. ``«PAGE»`` is a field, ``<tab>``/``<br>``/``<page break>`` what they say.
    ``name`` an on property, ``name=value`` a one-value property, ``name(a=1 b=2)`` the others;
    sizes are in points, widths in twentieths of a point (dxa) as Word stores them.
    A style is one line: type, id, name, flags, ``basedOn``/``next``, then ``| run: …`` and
    ``| paragraph: …`` (its rPr and pPr); Word's UI-only settings (uiPriority, qFormat…) and table
    styles' conditional formatting are left out.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from helpers.docx_text import W

R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
PACKAGE_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"

_STYLE_TYPES = ["paragraph", "character", "table", "numbering"]
_FONT_ATTRIBUTES = [
    "ascii",
    "hAnsi",
    "eastAsia",
    "cs",
    "asciiTheme",
    "hAnsiTheme",
    "eastAsiaTheme",
    "cstheme",
    "hint",
]


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _attributes(element: etree._Element) -> dict[str, str]:
    """Word's own attributes by local name; revision ids (rsid…) and other namespaces left out."""
    found = {}
    for key, value in element.attrib.items():
        if key.startswith(W) or not key.startswith("{"):
            name = _local(key)
            if not name.startswith("rsid"):
                found[name] = value
    return found


def _children(element: etree._Element | None, skip: Collection[str] = ()) -> list[etree._Element]:
    if element is None:
        return []
    return [
        c
        for c in element
        if isinstance(c.tag, str) and c.tag.startswith(W) and _local(c.tag) not in skip
    ]


def _points(half_points: str | None) -> str:
    if half_points is None or not half_points.isdigit():
        return str(half_points)
    value = int(half_points) / 2
    return f"{value:g}pt"


def _fonts(element: etree._Element) -> str:
    attributes = _attributes(element)
    faces = [attributes.get(name) for name in ("ascii", "hAnsi", "eastAsia", "cs")]
    if len(attributes) == 4 and len(set(faces)) == 1 and faces[0] is not None:
        return f"font={faces[0]}"
    ordered = [name for name in _FONT_ATTRIBUTES if name in attributes]
    ordered += sorted(set(attributes) - set(_FONT_ATTRIBUTES))
    return "font(" + " ".join(f"{name}={attributes[name]}" for name in ordered) + ")"


def _width(element: etree._Element) -> str:
    attributes = _attributes(element)
    kind, value = attributes.get("type", "dxa"), attributes.get("w", "")
    name = "w" if _local(element.tag) == "tcW" else _local(element.tag)
    if kind == "auto":
        return f"{name}=auto"
    if kind == "pct" and value.isdigit():
        return f"{name}={int(value) / 50:g}%"
    if kind == "dxa":
        return f"{name}={value}"
    return f"{name}({' '.join(f'{k}={v}' for k, v in sorted(attributes.items()))})"


def _compact(element: etree._Element) -> str:
    """One property as ``name``, ``name=value`` or ``name(attributes children)``."""
    name = _local(element.tag)
    if name == "rFonts":
        return _fonts(element)
    if name in ("sz", "szCs"):
        label = "size" if name == "sz" else "sizeCs"
        return f"{label}={_points(element.get(f'{W}val'))}"
    if name in ("tcW", "tblW"):
        return _width(element)
    attributes = _attributes(element)
    children = [_compact(child) for child in _children(element)]
    if not children:
        if not attributes:
            return name
        if list(attributes) == ["val"]:
            value = attributes["val"]
            return name if value in ("true", "on") else f"{name}={value}"
    inner = [f"{key}={value}" for key, value in sorted(attributes.items())] + children
    return f"{name}({' '.join(inner)})"


def _properties(element: etree._Element | None, skip: Collection[str] = ()) -> str:
    return " ".join(_compact(child) for child in _children(element, skip))


def _xml(archive: zipfile.ZipFile, name: str) -> etree._Element | None:
    if name not in archive.namelist():
        return None
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    return etree.fromstring(archive.read(name), parser)


def _natural(name: str) -> list[object]:
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", name)]


@dataclass
class _Context:
    """What a paragraph or section needs from the rest of the package."""

    styles: set[str]
    default_style: str
    relationships: dict[str, str]


# --- paragraphs ------------------------------------------------------------------------------


def _item_text(child: etree._Element) -> str:
    """The text of one run item: ``w:t`` as is, the others as a visible token."""
    name = _local(child.tag)
    if name == "t":
        return child.text or ""
    if name in ("tab", "ptab"):
        return "<tab>"
    if name == "br":
        kind = child.get(f"{W}type")
        return "<page break>" if kind == "page" else f"<{kind} break>" if kind else "<br>"
    if name == "cr":
        return "<br>"
    if name == "noBreakHyphen":
        return "-"
    if name == "sym":
        return f"<sym {child.get(f'{W}font')} {child.get(f'{W}char')}>"
    if name in ("drawing", "pict", "object", "footnoteReference", "endnoteReference"):
        return f"<{name}>"
    return ""


def _segments(paragraph: etree._Element) -> list[tuple[str, str]]:
    """(run properties, text) of a paragraph's visible pieces; a field is one piece, «CODE»."""
    segments: list[tuple[str, str]] = []
    depth = 0  # nesting of complex fields
    instruction: list[str] = []
    field_props = ""
    in_result = False

    def walk(parent: etree._Element) -> None:
        nonlocal depth, field_props, in_result
        for child in _children(parent):
            name = _local(child.tag)
            if name == "r":
                props = _properties(child.find(f"{W}rPr"))
                for item in _children(child, {"rPr"}):
                    kind = _local(item.tag)
                    if kind == "fldChar":
                        state = item.get(f"{W}fldCharType")
                        if state == "begin":
                            depth += 1
                            if depth == 1:
                                instruction.clear()
                                field_props, in_result = props, False
                        elif state == "separate" and depth == 1:
                            segments.append((field_props, f"«{''.join(instruction).strip()}»"))
                            in_result = True
                        elif state == "end":
                            if depth == 1 and not in_result:
                                segments.append((field_props, f"«{''.join(instruction).strip()}»"))
                            depth = max(depth - 1, 0)
                    elif kind == "instrText":
                        if depth == 1 and not in_result:
                            instruction.append(item.text or "")
                    elif depth == 0:
                        text = _item_text(item)
                        if text:
                            segments.append((props, text))
            elif name == "fldSimple":
                first = child.find(f".//{W}rPr")
                code = (child.get(f"{W}instr") or "").strip()
                segments.append((_properties(first), f"«{code}»"))
            elif name in ("hyperlink", "ins", "smartTag", "customXml", "sdt", "sdtContent"):
                walk(child)

    walk(paragraph)
    return segments


def _paragraph(paragraph: etree._Element, context: _Context) -> str:
    ppr = paragraph.find(f"{W}pPr")
    style_element = ppr.find(f"{W}pStyle") if ppr is not None else None
    style = style_element.get(f"{W}val") if style_element is not None else context.default_style
    if style not in context.styles:
        style = f"{style} (undefined)"
    props = _properties(ppr, {"pStyle", "sectPr"})
    head = f"[{style} {props}]" if props else f"[{style}]"
    segments = _segments(paragraph)
    text = "".join(piece for _, piece in segments)
    line = f"{head} {text}" if text else head
    run_props = [props or "-" for props, _ in segments]
    if any(props != "-" for props in run_props):
        shown = run_props[0] if len(set(run_props)) == 1 else "; ".join(run_props)
        line += f" ⟨{shown}⟩"
    return line


# --- sections and tables ---------------------------------------------------------------------


def _section(section: etree._Element, context: _Context) -> str:
    parts = []
    for child in _children(section):
        name = _local(child.tag)
        if name in ("headerReference", "footerReference"):
            target = context.relationships.get(child.get(f"{R}id") or "", "?")
            kind = child.get(f"{W}type") or "default"
            parts.append(f"{name.removesuffix('Reference')}({kind})={target}")
        else:
            parts.append(_compact(child))
    return "section: " + " ".join(parts)


def _cell_text(
    cell: etree._Element, label: str, nested: list[etree._Element], context: _Context
) -> str:
    """A cell's paragraphs joined by `` / ``; a nested table is ``<table 1.2>``, shown after the row."""
    pieces = []
    for child in _children(cell, {"tcPr"}):
        name = _local(child.tag)
        if name == "p":
            pieces.append(_paragraph(child, context))
        elif name == "tbl":
            nested.append(child)
            pieces.append(f"<table {label}.{len(nested)}>")
        elif name in ("sdt", "customXml"):
            content = child.find(f"{W}sdtContent") if name == "sdt" else child
            if content is not None:
                pieces.append(_cell_text(content, label, nested, context))
    return " / ".join(pieces)


def _table(table: etree._Element, label: str, indent: str, context: _Context) -> list[str]:
    tblpr = table.find(f"{W}tblPr")
    props = _properties(tblpr, {"tblLook"})
    if tblpr is None or tblpr.find(f"{W}tblBorders") is None:
        props += " tblBorders=(not set)"
    grid = [col.get(f"{W}w") or "?" for col in table.iterfind(f"{W}tblGrid/{W}gridCol")]
    lines = [f"{indent}table {label}: {props.strip()} grid={'+'.join(grid) or '(none)'}"]
    nested: list[etree._Element] = []
    for number, row in enumerate(table.iterfind(f"{W}tr"), start=1):
        row_props = _properties(row.find(f"{W}trPr"))
        head = f"row {number} ({row_props})" if row_props else f"row {number}"
        cells = row.findall(f"{W}tc")
        shown = len(nested)
        texts = [_cell_text(cell, label, nested, context) for cell in cells]
        lines.append(f"{indent}  {head}: | " + " | ".join(texts) + " |")
        cell_props = [_properties(cell.find(f"{W}tcPr")) or "-" for cell in cells]
        lines.append(f"{indent}    cells: | " + " | ".join(cell_props) + " |")
        for index in range(shown, len(nested)):
            lines.extend(_table(nested[index], f"{label}.{index + 1}", indent + "    ", context))
    return lines


def _blocks(element: etree._Element, context: _Context, counter: list[int]) -> list[str]:
    lines: list[str] = []
    for child in _children(element):
        name = _local(child.tag)
        if name == "p":
            lines.append(_paragraph(child, context))
            section = child.find(f"{W}pPr/{W}sectPr")
            if section is not None:
                lines.append(_section(section, context))
        elif name == "tbl":
            counter[0] += 1
            lines.extend(_table(child, str(counter[0]), "", context))
        elif name == "sectPr":
            lines.append(_section(child, context))
        elif name == "sdt":
            content = child.find(f"{W}sdtContent")
            if content is not None:
                lines.extend(_blocks(content, context, counter))
        elif name == "customXml":
            lines.extend(_blocks(child, context, counter))
    return lines


# --- styles and theme ------------------------------------------------------------------------


def _style_line(style: etree._Element) -> str:
    words = [style.get(f"{W}type") or "paragraph", style.get(f"{W}styleId") or "?"]
    name = style.find(f"{W}name")
    if name is not None:
        words.append(f'"{name.get(f"{W}val")}"')
    if style.get(f"{W}default") in ("1", "true"):
        words.append("default")
    if style.get(f"{W}customStyle") in ("1", "true"):
        words.append("custom")
    for key in ("basedOn", "next"):
        found = style.find(f"{W}{key}")
        if found is not None:
            words.append(f"{key}={found.get(f'{W}val')}")
    line = " ".join(words)
    run = _properties(style.find(f"{W}rPr"))
    paragraph = _properties(style.find(f"{W}pPr"))
    if run:
        line += f" | run: {run}"
    if paragraph:
        line += f" | paragraph: {paragraph}"
    return line


def _styles(root: etree._Element | None) -> list[str]:
    if root is None:
        return ["(no word/styles.xml)"]
    run = _properties(root.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr"))
    paragraph = _properties(root.find(f"{W}docDefaults/{W}pPrDefault/{W}pPr"))
    lines = [f"docDefaults run: {run or '-'}", f"docDefaults paragraph: {paragraph or '-'}"]
    styles = root.findall(f"{W}style")

    def order(style: etree._Element) -> tuple[int, str]:
        kind = style.get(f"{W}type") or "paragraph"
        rank = _STYLE_TYPES.index(kind) if kind in _STYLE_TYPES else len(_STYLE_TYPES)
        return rank, style.get(f"{W}styleId") or ""

    lines.extend(_style_line(style) for style in sorted(styles, key=order))
    return lines


def _theme(root: etree._Element | None) -> list[str]:
    if root is None:
        return ["theme: (none)"]
    lines = []
    for kind in ("majorFont", "minorFont"):
        font = root.find(f".//{A}fontScheme/{A}{kind}")
        if font is None:
            lines.append(f"theme {kind}: (none)")
            continue
        faces = []
        for script in ("latin", "ea", "cs"):
            face = font.find(f"{A}{script}")
            typeface = face.get("typeface") if face is not None else None
            if typeface or script == "latin":
                faces.append(f"{script}={typeface or '(none)'}")
        lines.append(f"theme {kind}: " + " ".join(faces))
    return lines


# --- the whole package -----------------------------------------------------------------------


def _relationships(archive: zipfile.ZipFile) -> dict[str, str]:
    root = _xml(archive, "word/_rels/document.xml.rels")
    if root is None:
        return {}
    return {
        rel.get("Id", ""): rel.get("Target", "") for rel in root.iter(f"{PACKAGE_REL}Relationship")
    }


def template_text(data: bytes | Path) -> str:
    """A deterministic text description of a .docx template (see the module docstring)."""
    raw = data.read_bytes() if isinstance(data, Path) else data
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        styles_root = _xml(archive, "word/styles.xml")
        defined = (
            {s.get(f"{W}styleId") or "" for s in styles_root.findall(f"{W}style")}
            if styles_root is not None
            else set()
        )
        default_style = "Normal"
        if styles_root is not None:
            for style in styles_root.findall(f"{W}style"):
                if style.get(f"{W}type") == "paragraph" and style.get(f"{W}default") in (
                    "1",
                    "true",
                ):
                    default_style = style.get(f"{W}styleId") or default_style
        context = _Context(defined, default_style, _relationships(archive))

        lines = ["## word/document.xml"]
        document = _xml(archive, "word/document.xml")
        body = document.find(f"{W}body") if document is not None else None
        if body is not None:
            lines.extend(_blocks(body, context, [0]))
        parts = [
            name
            for name in archive.namelist()
            if re.fullmatch(r"word/(header|footer)\d*\.xml", name)
        ]
        # headers before footers, each in number order
        for name in sorted(parts, key=lambda part: ("footer" in part, _natural(part))):
            lines.append(f"## {name}")
            root = _xml(archive, name)
            if root is not None:
                lines.extend(_blocks(root, context, [0]))
        lines.append("## word/styles.xml")
        lines.extend(_styles(styles_root))
        lines.append("## word/theme/theme1.xml")
        lines.extend(_theme(_xml(archive, "word/theme/theme1.xml")))
    return "\n".join(lines) + "\n"
