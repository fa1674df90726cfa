"""Render Word documents with docxtpl, safely.

docxtpl renders the document's XML as a Jinja template. We hand it our sandboxed, escaping,
bounded environment; parse what it produced strictly (docxtpl itself repairs broken XML silently,
which loses text); turn every template error into a diagnostic that names the template and quotes
the paragraph that holds the tag; and strip every piece of metadata the template or python-docx
would pass on.

What Word does not show is not passed on either: before rendering, a template's comments are
removed and its tracked changes accepted (the text of insertions kept, deletions dropped), so the
template that runs is the one Word shows; hidden text (``w:vanish``) is removed from what it
produced. A warning (R308) says what was left out. Right-to-left text (Arabic, Hebrew) gets the
run and paragraph properties Word needs to show it in the right order (``w:rtl``, ``w:bidi``).
"""

from __future__ import annotations

import datetime as dt
import html
import io
import re
import unicodedata
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from docx.image.exceptions import UnrecognizedImageError
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.part import XmlPart
from docx.oxml import parse_xml
from docx.shared import Mm
from docxtpl import DocxTemplate, InlineImage
from jinja2 import TemplateSyntaxError
from lxml import etree

from facilitation import codes
from facilitation.documents.environment import (
    Opaque,
    TemplateEnvironment,
    describe_error,
    render_budget,
    template_position,
    unclosed_block_line,
)
from facilitation.documents.templates import TemplateSource, inspect_docx
from facilitation.documents.views.base import Image
from facilitation.errors import Diagnostic, Location, Severity, TemplateError

_STRICT = etree.XMLParser(recover=False, resolve_entities=False, no_network=True, huge_tree=False)
_W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_W = "{" + _W_NS + "}"

_APP_XML = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
    'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
    "<Application>facilitation</Application></Properties>"
)


_BODY_START = re.compile(r"<w:body[\s>/][^>]*>?")
_BODY_PART = "/word/document.xml"


class _StrictTemplate(DocxTemplate):  # type: ignore[misc]
    """docxtpl, but the rendered XML must parse without repair, in time linear in its size.

    Why: docxtpl parses the rendered body with ``recover=True`` (which silently drops text from
    broken XML) and then moves it into the document, which lxml does in quadratic time for large
    bodies (10,000 sign-in rows took minutes). Here the whole document is parsed once, strictly,
    with python-docx's own parser, and replaces the old one. Headers, footers and footnotes are
    parsed strictly too. A failure keeps the part's template text, so that the error can quote
    the paragraph that holds the tag.
    """

    def __init__(self, template_file: Any) -> None:
        super().__init__(template_file)
        #: The Jinja source of each part as rendered (one paragraph per line), by part name.
        self.sources: dict[str, str] = {}
        #: What hides text in this template, when it has hidden text at all.
        self.hiding: _Hiding | None = None

    def render_xml_part(self, src_xml: str, part: Any, context: Any, jinja_env: Any = None) -> Any:
        name = str(getattr(part, "partname", "") or _BODY_PART)
        self.sources[name] = _numbered(src_xml)
        try:
            return super().render_xml_part(src_xml, part, context, jinja_env)
        except _ImageError:
            raise
        except Exception as error:  # every template mistake becomes a diagnostic
            raise _PartError(error, name) from error

    def render_properties(self, context: Any, jinja_env: Any = None) -> None:
        try:
            super().render_properties(context, jinja_env)
        except Exception as error:
            raise _PartError(error, "docProps/core.xml") from error

    def fix_tables(self, xml: str) -> Any:
        whole = etree.tostring(self.docx._element, encoding="unicode")
        start = _BODY_START.search(whole)
        end = whole.rfind("</w:body>")
        if start is None or end < 0:  # pragma: no cover - python-docx always writes a body
            raise _BrokenXmlError(_BODY_PART, "the template has no document body")
        body = _BODY_START.sub("<w:body>", xml, count=1)
        try:
            root = parse_xml(whole[: start.start()] + body + whole[end + len("</w:body>") :])
        except etree.XMLSyntaxError as error:
            raise _BrokenXmlError(_BODY_PART, str(error)) from None
        self._finish(root.body, body)
        page_width = _text_width(root.body)
        for table in root.body.iter(f"{_W}tbl"):
            _fit_grid(table, page_width)
        return root.body

    def map_headers_footers_xml(self, relKey: str, xml: bytes) -> None:
        part = self.docx._part.rels[relKey].target_part
        try:
            element = parse_xml(xml)
        except etree.XMLSyntaxError as error:
            raise _BrokenXmlError(str(part.partname), str(error)) from None
        self._finish(element, xml.decode("utf-8", errors="replace"))
        new_part = XmlPart(part.partname, part.content_type, element, part.package)
        for relation in part.rels.values():
            new_part.load_rel(
                relation.reltype, relation._target, relation.rId, relation.is_external
            )
        self.docx._part.rels[relKey]._target = new_part

    def finish_notes(self) -> None:
        """Footnotes and endnotes: parsed strictly (docxtpl stores them unchecked), finished."""
        for part in _note_parts(self.docx):
            try:
                root = etree.fromstring(part.blob, _STRICT)
            except etree.XMLSyntaxError as error:
                raise _BrokenXmlError(str(part.partname), str(error)) from None
            text = part.blob.decode("utf-8", errors="replace")
            if self._finish(root, text):
                part._blob = _serialise(root)

    def _finish(self, root: Any, text: str) -> bool:
        """Remove hidden text and mark right-to-left text in a rendered part; True if changed."""
        changed = False
        if self.hiding is not None:
            changed = _drop_hidden(root, self.hiding) > 0
        if _RTL_TEXT.search(text):
            changed = _mark_right_to_left(root) or changed
        return changed

    def fix_docpr_ids(self, tree: Any) -> None:
        # NOTE: python-docx elements take no `namespaces=` argument; they know the prefixes.
        for element in tree.xpath(".//wp:docPr"):
            self.docx_ids_index += 1
            element.set("id", str(self.docx_ids_index))

    def map_tree(self, tree: Any) -> None:
        root = tree.getparent()
        self.docx._element = root
        self.docx._part._element = root


def _numbered(src_xml: str) -> str:
    """The part's source as docxtpl hands it to Jinja: each paragraph on a line of its own."""
    return re.sub(r"<w:p([ >])", r"\n<w:p\1", src_xml)


def _serialise(root: Any) -> bytes:
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))


def _text_width(body: Any) -> float | None:
    """The width between the page margins, in twentieths of a point."""
    section = body.find(f"{_W}sectPr")
    size = section.find(f"{_W}pgSz") if section is not None else None
    margins = section.find(f"{_W}pgMar") if section is not None else None
    if size is None or margins is None:
        return None
    return (
        float(size.get(f"{_W}w"))
        - float(margins.get(f"{_W}left"))
        - float(margins.get(f"{_W}right"))
    )


def _fit_grid(table: Any, page_width: float | None) -> None:
    """Rebuild a table's column grid when a column loop changed the number of cells.

    The grid takes the widths of the cells of the widest row, scaled down to the page when they
    are wider than it (docxtpl spreads the old width evenly instead).
    """
    grid = table.find(f"{_W}tblGrid")
    if grid is None:
        return
    columns = grid.findall(f"{_W}gridCol")
    widest: list[Any] = []
    for row in table.findall(f"{_W}tr"):
        cells = row.findall(f"{_W}tc")
        if any(cell.find(f"{_W}tcPr/{_W}gridSpan") is not None for cell in cells):
            continue
        if len(cells) > len(widest):
            widest = cells
    if not widest or len(widest) == len(columns):
        return
    widths = []
    for cell in widest:
        width = cell.find(f"{_W}tcPr/{_W}tcW")
        widths.append(float(width.get(f"{_W}w") or 0) if width is not None else 0.0)
    if not all(widths):
        total = sum(float(column.get(f"{_W}w") or 0) for column in columns)
        widths = [total / len(widest)] * len(widest)
    if page_width and sum(widths) > page_width:
        widths = [width * page_width / sum(widths) for width in widths]
    for column in columns:
        grid.remove(column)
    for width in widths:
        etree.SubElement(grid, f"{_W}gridCol").set(f"{_W}w", str(int(width)))
    for row in table.findall(f"{_W}tr"):
        for cell, width in zip(row.findall(f"{_W}tc"), widths, strict=False):
            cell_width = cell.find(f"{_W}tcPr/{_W}tcW")
            if cell_width is not None:
                cell_width.set(f"{_W}w", str(int(width)))


class _BrokenXmlError(Exception):
    """The rendered part ``part`` is not well-formed XML."""

    def __init__(self, part: str, detail: str) -> None:
        super().__init__(detail)
        self.part = part
        self.detail = detail


class _PartError(Exception):
    """A template error raised while rendering the part ``part``."""

    def __init__(self, error: BaseException, part: str) -> None:
        super().__init__(str(error))
        self.error = error
        self.part = part


class _ImageError(Exception):
    """A picture could not be read while it was placed."""


class _Picture(InlineImage, Opaque):  # type: ignore[misc]
    """An inline picture; templates print it, but cannot reach the document through it."""

    def _insert_image(self) -> str:
        try:
            return str(super()._insert_image())
        except (OSError, ValueError, KeyError, UnrecognizedImageError) as error:
            raise _ImageError(f"{type(error).__name__}: {error}") from None


def _with_images(value: Any, template: DocxTemplate) -> Any:
    if isinstance(value, Image):
        return _Picture(template, value.path, height=Mm(value.height_mm))
    if isinstance(value, dict):
        return {key: _with_images(item, template) for key, item in value.items()}
    if isinstance(value, list):
        return [_with_images(item, template) for item in value]
    return value


def render_docx(
    source: TemplateSource,
    view: dict[str, Any],
    env: TemplateEnvironment,
    *,
    title: str,
    language: str,
    now: dt.datetime | None = None,
    warnings: list[Diagnostic] | None = None,
) -> bytes:
    """Render ``view`` into the Word template ``source``; return the document's bytes.

    Comments, tracked changes and hidden text of the template are left out; when there were
    any, an R308 warning is appended to ``warnings``.

    Raises:
        TemplateError: the template is refused, broken, unsafe, too demanding (R309), or uses
            an unknown name.
    """
    data = inspect_docx(source)
    template = _StrictTemplate(io.BytesIO(data))
    try:
        template.init_docx()
        removed = _clean_template(template)
    except Exception as error:  # a part python-docx needs is missing or not what it expects
        raise TemplateError(
            Diagnostic(
                codes.TEMPLATE_REFUSED,
                f"the template is refused: it cannot be read as a Word document "
                f"({type(error).__name__}: {error})",
                Location(source.shown),
                hint="save it again from Word as a Word Document (.docx)",
            )
        ) from None
    try:
        context = _with_images(view, template)
        with render_budget():
            template.render(context, jinja_env=env, autoescape=False)
        template.finish_notes()
    except _PartError as failure:
        raise _template_error(source, template, env, failure.error, failure.part) from None
    except _BrokenXmlError as error:
        raise _broken_xml_error(source, template, env, error) from None
    except _ImageError as error:
        raise TemplateError(
            Diagnostic(
                codes.LOGO_PROBLEM,
                f"an image could not be placed in the document ({error})",
                Location(source.shown),
            )
        ) from None
    if removed and warnings is not None:
        warnings.append(removed.warning(source))
    document = template.docx
    _reset_metadata(document, title=title, language=language, now=now or dt.datetime.now(dt.UTC))
    out = io.BytesIO()
    template.save(out)
    return out.getvalue()


# --- errors --------------------------------------------------------------------------------------


def _template_error(
    source: TemplateSource,
    template: _StrictTemplate,
    env: TemplateEnvironment,
    error: BaseException,
    part: str,
) -> TemplateError:
    problem = describe_error(error)
    text = template.sources.get(part, "")
    _, line = template_position(error)
    if (
        isinstance(error, TemplateSyntaxError)
        and "nexpected end of template" in str(error.message)
        and (opened := unclosed_block_line(env, text)) is not None
    ):
        line = opened
    if part == "docProps/core.xml":
        around = "a document property (Title, Subject, Author...) of the template"
    elif line is not None and text:
        around = _paragraph_at(text, line)
    else:
        around = _tag_context(source.data, problem.message)
    notes = [f"near: {around}"] if around else []
    if part not in (_BODY_PART, "docProps/core.xml"):
        notes.append(f"in {_part_label(part)}")
    return TemplateError(
        Diagnostic(
            problem.code,
            problem.message,
            Location(source.shown),
            hint=problem.hint,
            notes=tuple(notes),
        )
    )


def _broken_xml_error(
    source: TemplateSource,
    template: _StrictTemplate,
    env: TemplateEnvironment,
    error: _BrokenXmlError,
) -> TemplateError:
    text = template.sources.get(error.part, "")
    line = _unbalanced_block_line(env, text) if text else None
    notes = [f"near: {_paragraph_at(text, line)}"] if line is not None else []
    if error.part != _BODY_PART:
        notes.append(f"in {_part_label(error.part)}")
    return TemplateError(
        Diagnostic(
            codes.TEMPLATE_SYNTAX,
            f"the template produced broken Word XML ({error.detail}); a tag may cut through "
            "a table row or paragraph",
            Location(source.shown),
            hint="put {%tr ...%} tags alone in their table row, "
            "and {%p ...%} tags alone in their paragraph",
            notes=tuple(notes),
        )
    )


def _part_label(part: str) -> str:
    name = part.lstrip("/")
    for kind in ("header", "footer", "footnotes", "endnotes"):
        if name.startswith(f"word/{kind}"):
            return f"the {kind.removesuffix('s')} ({name})"
    return name


def _paragraph_at(text: str, line: int) -> str:
    """The text of the template paragraph that holds line ``line`` of a part's source."""
    lines = text.split("\n")
    index = min(max(line, 1), len(lines)) - 1
    start = index
    while start > 0 and not lines[start].startswith(("<w:p ", "<w:p>")):
        start -= 1
    end = index + 1
    while end < len(lines) and not lines[end].startswith(("<w:p ", "<w:p>")):
        end += 1
    paragraph = html.unescape(re.sub(r"<[^>]+>", "", "".join(lines[start:end])))
    paragraph = re.sub(r"\s+", " ", paragraph).strip()
    return paragraph if len(paragraph) <= 160 else paragraph[:159] + "…"


_XML_TAG = re.compile(r"<(/?)([A-Za-z_][\w.\-]*(?::[\w.\-]+)?)(?:\s[^>]*?)?(/?)>")
_BLOCK_OPENERS = {"for", "if", "macro", "call", "filter", "with", "block", "autoescape"}


def _unbalanced_block_line(env: TemplateEnvironment, text: str) -> int | None:
    """The line of the first block tag whose branches open and close different Word elements.

    ``{% if %}`` in one table cell with its ``{% endif %}`` in another leaves, for some data,
    a cell without its end: the XML breaks. A branch must close what it opens.
    """
    try:
        tokens = [token for token in env.lex(text) if token[1] != "whitespace"]
    except TemplateSyntaxError:
        return None
    open_elements: list[str] = []
    blocks: list[tuple[int, tuple[str, ...]]] = []
    position = 0
    while position < len(tokens):
        lineno, kind, value = tokens[position]
        position += 1
        if kind == "data":
            _follow_xml(value, open_elements)
            continue
        if kind != "block_begin" or position >= len(tokens) or tokens[position][1] != "name":
            continue
        name = tokens[position][2]
        if name in _BLOCK_OPENERS or (name == "set" and _is_block_set(tokens, position)):
            blocks.append((lineno, tuple(open_elements)))
        elif name in ("elif", "else") and blocks:
            opened, before = blocks[-1]
            if tuple(open_elements) != before:
                return opened
            open_elements[:] = before
        elif name.startswith("end") and blocks:
            opened, before = blocks.pop()
            if tuple(open_elements) != before:
                return opened
    return None


def _is_block_set(tokens: list[tuple[int, str, str]], position: int) -> bool:
    for _, kind, _ in tokens[position:]:
        if kind == "assign":
            return False
        if kind == "block_end":
            return True
    return False


def _follow_xml(data: str, open_elements: list[str]) -> None:
    for match in _XML_TAG.finditer(data):
        closing, name, empty = match.groups()
        if empty:
            continue
        if not closing:
            open_elements.append(name)
        elif open_elements and open_elements[-1] == name:
            open_elements.pop()
        else:
            open_elements.append("/" + name)


def _tag_context(data: bytes, message: str) -> str:
    """The template text around the tag that ``message`` is about, if it can be found.

    Used when the error has no line: the paragraph is found by the name, the first paragraph
    with a tag that mentions it.
    """
    names = re.findall(r"'([^']+)'", message) or re.findall(r"\b(\w+)\b", message)
    if not names:
        return ""
    needle = names[-1]
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = [
            name
            for name in archive.namelist()
            if re.match(r"word/(document|header\d*|footer\d*)\.xml$", name)
        ]
        for name in parts:
            root = etree.fromstring(archive.read(name), parser=_STRICT)
            for paragraph in root.iter(f"{_W}p"):
                text = "".join(node.text or "" for node in paragraph.iter(f"{_W}t"))
                for tag in re.findall(r"\{[{%].*?[}%]\}", text):
                    if needle in tag:
                        return re.sub(r"\s+", " ", text)[:160]
    return ""


# --- what Word does not show: comments, tracked changes, hidden text -----------------------------


@dataclass
class _Removed:
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


@dataclass
class _Hiding:
    """The styles of a template that hide text: character styles, and paragraph styles."""

    characters: set[str] = field(default_factory=set)
    paragraphs: set[str] = field(default_factory=set)
    default_paragraph: str | None = None


_COMMENT_RELATIONS = {"comments", "commentsExtended", "commentsIds", "commentsExtensible", "people"}
_COMMENT_MARKS = [f"{_W}{name}" for name in ("commentRangeStart", "commentRangeEnd")]
_PROPERTY_CHANGES = [
    f"{_W}{name}"
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
    f"{_W}{kind}{edge}"
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
_PROPERTIES = {f"{_W}rPr", f"{_W}trPr", f"{_W}tcPr"}


def _clean_template(template: _StrictTemplate) -> _Removed:
    """Accept the tracked changes and remove the comments of the template, before it runs.

    Deleted text would otherwise still run as template code (a tag half-deleted in Word is
    whole again once the change is accepted). Hidden text is only found here; it is removed
    from what the template produced (see :func:`_drop_hidden`).
    """
    removed = _Removed()
    document = template.docx
    main = document.part
    for key, relation in list(main.rels.items()):
        kind = relation.reltype.rsplit("/", 1)[-1]
        if kind in _COMMENT_RELATIONS and not relation.is_external:
            if kind == "comments":
                comments = etree.fromstring(relation.target_part.blob, _STRICT)
                removed.comments += len(comments.findall(f"{_W}comment"))
            main.rels.pop(key)
    styles = _related_part(document, RT.STYLES)
    hiding = _hiding(styles.element) if styles is not None else _Hiding()
    anchored: set[str] = set()
    for root in [document.element, *(part.element for part in _header_footer_parts(document))]:
        removed.changes += _accept_changes(root)
        anchored |= _drop_comment_marks(root)
        removed.hidden += _count_hidden(root, hiding)
    for part in _note_parts(document):
        root = etree.fromstring(part.blob, _STRICT)
        removed.changes += _accept_changes(root)
        anchored |= _drop_comment_marks(root)
        removed.hidden += _count_hidden(root, hiding)
        part._blob = _serialise(root)  # NOTE: also as UTF-8, which docxtpl expects of notes
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


def _note_parts(document: Any) -> Iterator[Any]:
    for relation in document.part.rels.values():
        if relation.is_external:
            continue
        if relation.reltype in (RT.FOOTNOTES, RT.ENDNOTES):
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
    for mark in list(root.iter(f"{_W}del")):
        holder = mark.getparent()
        if holder.tag == f"{_W}trPr" and holder.getparent().getparent() is not None:
            row = holder.getparent()
            row.getparent().remove(row)  # a deleted table row
            changes += 1
    for mark in list(root.iter(f"{_W}cellDel")):
        cell = mark.getparent().getparent()
        if cell.tag == f"{_W}tc" and cell.getparent() is not None:
            cell.getparent().remove(cell)
            changes += 1
    for element in list(root.iter(f"{_W}del", f"{_W}moveFrom")):
        if element.getparent().tag not in _PROPERTIES:
            element.getparent().remove(element)  # deleted or moved-away text
            changes += 1
    for element in list(root.iter(f"{_W}ins", f"{_W}moveTo")):
        if element.getparent().tag not in _PROPERTIES:
            _unwrap(element)  # inserted or moved-here text stays
            changes += 1
    for mark in list(root.iter(f"{_W}ins", f"{_W}del", f"{_W}moveFrom", f"{_W}moveTo")):
        changes += 1  # a mark on a paragraph mark, a run or a table row
        holder = mark.getparent()
        holder.remove(mark)
        deleted = mark.tag in (f"{_W}del", f"{_W}moveFrom")
        if deleted and holder.getparent() is not None and holder.getparent().tag == f"{_W}pPr":
            _join_with_next(holder.getparent().getparent())
    for mark in list(root.iter(f"{_W}cellIns", f"{_W}cellMerge", *_PROPERTY_CHANGES)):
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
    if paragraph is None or paragraph.tag != f"{_W}p" or paragraph.getparent() is None:
        return
    content = [child for child in paragraph if child.tag != f"{_W}pPr"]
    following = paragraph.getnext()
    if following is not None and following.tag == f"{_W}p":
        position = 1 if len(following) and following[0].tag == f"{_W}pPr" else 0
        for offset, child in enumerate(content):
            following.insert(position + offset, child)
        paragraph.getparent().remove(paragraph)
    elif not any(child.tag == f"{_W}r" for child in content):
        paragraph.getparent().remove(paragraph)


def _drop_comment_marks(root: Any) -> set[str]:
    """Remove the anchors of comments; the ids of the comments they belonged to."""
    ids: set[str] = set()
    for mark in list(root.iter(*_COMMENT_MARKS)):
        ids.add(mark.get(f"{_W}id") or "")
        mark.getparent().remove(mark)
    for reference in list(root.iter(f"{_W}commentReference")):
        ids.add(reference.get(f"{_W}id") or "")
        run = reference.getparent()
        run.remove(reference)
        if run.tag == f"{_W}r" and all(child.tag == f"{_W}rPr" for child in run):
            run.getparent().remove(run)
    return ids


def _on(element: Any) -> bool | None:
    """The value of an on/off property element (``<w:vanish/>``), or None if it is absent."""
    if element is None:
        return None
    return element.get(f"{_W}val", "true").lower() not in ("0", "false", "off")


def _hiding(styles: Any) -> _Hiding:
    """The styles that hide their text (``w:vanish``, also through ``w:basedOn``)."""
    own: dict[str, bool | None] = {}
    based: dict[str, str] = {}
    kinds: dict[str, str] = {}
    hiding = _Hiding()
    for style in styles.iter(f"{_W}style"):
        style_id = style.get(f"{_W}styleId") or ""
        kinds[style_id] = style.get(f"{_W}type") or "paragraph"
        own[style_id] = _on(style.find(f"{_W}rPr/{_W}vanish"))
        parent = style.find(f"{_W}basedOn")
        if parent is not None:
            based[style_id] = parent.get(f"{_W}val") or ""
        if kinds[style_id] == "paragraph" and style.get(f"{_W}default") in ("1", "true"):
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


def _is_hidden(run: Any, paragraph_style: str | None, hiding: _Hiding) -> bool:
    properties = run.find(f"{_W}rPr")
    if properties is not None:
        direct = _on(properties.find(f"{_W}vanish"))
        if direct is not None:
            return direct
        style = properties.find(f"{_W}rStyle")
        if style is not None and style.get(f"{_W}val") in hiding.characters:
            return True
    return paragraph_style is not None and paragraph_style in hiding.paragraphs


def _hidden_runs(root: Any, hiding: _Hiding) -> Iterator[Any]:
    """The runs below ``root`` that Word hides and that hold something to hide."""
    for paragraph in root.iter(f"{_W}p"):
        style = paragraph.find(f"{_W}pPr/{_W}pStyle")
        paragraph_style = style.get(f"{_W}val") if style is not None else hiding.default_paragraph
        for run in paragraph.iter(f"{_W}r"):
            if _paragraph_of(run) is not paragraph:
                continue
            if run.find(f"{_W}fldChar") is not None or run.find(f"{_W}instrText") is not None:
                continue  # the frame of a field: keep it whole
            if _is_hidden(run, paragraph_style, hiding) and any(
                child.tag != f"{_W}rPr" for child in run
            ):
                yield run


def _paragraph_of(element: Any) -> Any:
    for ancestor in element.iterancestors(f"{_W}p"):
        return ancestor
    return None


def _count_hidden(root: Any, hiding: _Hiding) -> int:
    styled = hiding.characters or hiding.paragraphs
    if not styled and next(root.iter(f"{_W}vanish"), None) is None:
        return 0
    return sum(1 for _ in _hidden_runs(root, hiding))


def _drop_hidden(root: Any, hiding: _Hiding) -> int:
    """Remove hidden runs from a rendered part; their number."""
    runs = list(_hidden_runs(root, hiding))
    for run in runs:
        run.getparent().remove(run)
    return len(runs)


# --- right-to-left text --------------------------------------------------------------------------

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
_RTL_TEXT = re.compile(
    "[" + "".join(f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in _RTL_BLOCKS) + "]"
)


def _has_rtl(text: str) -> bool:
    """True if ``text`` holds a character of bidirectional class R or AL."""
    return bool(_RTL_TEXT.search(text)) and any(
        unicodedata.bidirectional(character) in _RTL_CLASSES for character in text
    )


#: The elements that come after ``w:rtl`` in run properties, and after ``w:bidi`` in paragraph
#: properties (the schema fixes their order).
_AFTER_RTL = {
    f"{_W}{name}"
    for name in ("cs", "em", "lang", "eastAsianLayout", "specVanish", "oMath", "rPrChange")
}
_AFTER_BIDI = {
    f"{_W}{name}"
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


def _mark_right_to_left(root: Any) -> bool:
    """Mark right-to-left runs ``w:rtl`` and paragraphs that start right-to-left ``w:bidi``."""
    paragraphs: dict[Any, None] = {}
    for node in root.iter(f"{_W}t"):
        if node.text and _has_rtl(node.text):
            paragraph = _paragraph_of(node)
            if paragraph is not None:
                paragraphs[paragraph] = None
    for paragraph in paragraphs:
        runs = [run for run in paragraph.iter(f"{_W}r") if _paragraph_of(run) is paragraph]
        for run in runs:
            _split_by_direction(run)
        text = "".join(
            node.text or "" for node in paragraph.iter(f"{_W}t") if _paragraph_of(node) is paragraph
        )
        if _direction(text) == "rtl":
            properties = _first_child(paragraph, "pPr")
            if properties.find(f"{_W}bidi") is None:
                _insert(properties, etree.Element(f"{_W}bidi"), _AFTER_BIDI)
    return bool(paragraphs)


def _split_by_direction(run: Any) -> None:
    """Give a run ``w:rtl`` if its text is right-to-left; split it where its direction changes.

    A run with right-to-left letters and no left-to-right ones is marked as a whole (its
    spaces, digits and punctuation go with it); a run with both is cut into runs of one
    direction each, as Word does when such text is typed.
    """
    text = "".join(node.text or "" for node in run.iter(f"{_W}t"))
    kinds = {unicodedata.bidirectional(character) for character in text}
    if not kinds & {"R", "AL"}:
        return
    if "L" not in kinds:
        _set_rtl(run)
        return
    properties = run.find(f"{_W}rPr")
    parent = run.getparent()
    index = parent.index(run)
    for offset, (right_to_left, children) in enumerate(_pieces(run)):
        piece = etree.Element(f"{_W}r", attrib=dict(run.attrib))
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
        if child.tag == f"{_W}rPr":
            continue
        if child.tag != f"{_W}t" or not child.text:
            add(pieces[-1][0] if pieces else False, child)
            continue
        for right_to_left, text in _stretches(child.text):
            node = etree.Element(f"{_W}t")
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
    if properties.find(f"{_W}rtl") is None:
        _insert(properties, etree.Element(f"{_W}rtl"), _AFTER_RTL)
    for plain, twin in _COMPLEX_TWINS:
        element = properties.find(f"{_W}{plain}")
        if element is not None and properties.find(f"{_W}{twin}") is None:
            copy = etree.Element(f"{_W}{twin}", attrib=dict(element.attrib))
            element.addnext(copy)


def _first_child(parent: Any, name: str) -> Any:
    """The child ``w:name`` of ``parent``, created as its first child if missing."""
    found = parent.find(f"{_W}{name}")
    if found is None:
        found = etree.Element(f"{_W}{name}")
        parent.insert(0, found)
    return found


def _insert(parent: Any, element: Any, successors: set[str]) -> None:
    """Insert ``element`` into ``parent`` before the first child that the schema puts after it."""
    for child in parent:
        if child.tag in successors:
            child.addprevious(element)
            return
    parent.append(element)


# --- metadata ------------------------------------------------------------------------------------


def _reset_metadata(document: Any, *, title: str, language: str, now: dt.datetime) -> None:
    """No author, comments or other leftovers from python-docx or the template."""
    properties = document.core_properties
    for name in (
        "author",
        "category",
        "comments",
        "content_status",
        "identifier",
        "keywords",
        "last_modified_by",
        "subject",
        "version",
    ):
        setattr(properties, name, "")
    # NOTE: Word's core properties hold at most 255 characters.
    properties.title = title if len(title) <= 255 else title[:254] + "…"
    properties.language = language
    naive = now.replace(tzinfo=None, microsecond=0)
    properties.created = naive
    properties.modified = naive
    properties.last_printed = naive
    properties.revision = 1
    package = document.part.package
    for key, relation in list(package.rels.items()):
        if relation.reltype == RT.CUSTOM_PROPERTIES:
            package.rels.pop(key)
        elif relation.reltype == RT.EXTENDED_PROPERTIES:
            relation.target_part._blob = _APP_XML.encode("utf-8")
