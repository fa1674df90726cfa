"""docxtpl, strict: the template class, the errors it raises, and the pictures it places.

docxtpl renders the document's XML as a Jinja template and repairs broken XML silently, which
loses text. :class:`StrictTemplate` parses what it produced strictly instead, removes hidden text
and marks right-to-left text in every part, and fits table grids to column loops.
"""

from __future__ import annotations

import io
import re
from typing import Any
from xml.sax.saxutils import quoteattr

from docx.image.exceptions import UnrecognizedImageError
from docx.opc.part import XmlPart
from docx.oxml import parse_xml
from docx.shared import Mm
from docxtpl import DocxTemplate, InlineImage
from lxml import etree

from facilitation.documents.sandbox.bounds import ACTIVE_BUDGET
from facilitation.documents.sandbox.environment import Opaque
from facilitation.documents.views.base import Image
from facilitation.documents.views.paging import PlannedRows
from facilitation.documents.word.bidi import RTL_TEXT, mark_right_to_left
from facilitation.documents.word.body import (
    BodyWriter,
    pieces,
    placeholder_body,
    resolve_listing,
    save_package,
)
from facilitation.documents.word.hidden import Hiding, drop_hidden
from facilitation.documents.word.ooxml import BODY_PART, STRICT, W, note_parts, serialise
from facilitation.documents.word.rows import WRITER, RowWriter, plan_row_loops_once
from facilitation.documents.word.schema import (
    body_height,
    keep_rows_whole,
    keep_tables_together,
    order_properties,
)

#: The parts' texts as docxtpl's ``patch_xml`` leaves them, by their text in the template.
_PATCHED: dict[str, str] = {}
_PATCHED_KEPT = 64
_DOC_PR = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr"


class StrictTemplate(DocxTemplate):  # type: ignore[misc]
    """docxtpl, but the rendered XML must parse without repair, in time and memory linear in it.

    Why: docxtpl parses the rendered body with ``recover=True`` (which silently drops text from
    broken XML) and then moves it into the document, which lxml does in quadratic time for large
    bodies (10,000 sign-in rows took minutes). Here the body is parsed strictly as it is
    rendered, one element at a time (:mod:`.body`), and written into the document when it is
    saved. Headers, footers and footnotes are parsed strictly too. A failure keeps the part's
    template text, so that the error can quote the paragraph that holds the tag.
    """

    def __init__(self, template_file: Any) -> None:
        super().__init__(template_file)
        #: The Jinja source of each part as rendered (one paragraph per line), by part name.
        self.sources: dict[str, str] = {}
        #: What hides text in this template, when it has hidden text at all.
        self.hiding: Hiding | None = None
        #: The rendered body, finished and serialised, until the document is saved.
        self._body: list[bytes] | None = None

    def render(self, context: Any, jinja_env: Any = None, autoescape: bool = False) -> None:  # noqa: ARG002
        """Render the body (streamed), the headers, footers and notes with ``jinja_env``.

        ``autoescape`` is not used: the environment escapes (docxtpl would switch it on).
        """
        self.render_init()
        self._render_body(context, jinja_env)
        for uri in (self.HEADER_URI, self.FOOTER_URI):
            for key, xml in self.build_headers_footers_xml(context, uri, jinja_env):
                self.map_headers_footers_xml(key, xml)
        self.render_footnotes(context, jinja_env)
        self.is_rendered = True

    def _render_body(self, context: Any, jinja_env: Any) -> None:
        """Render the document's body piece by piece; keep it finished, as bytes."""
        raw = self.get_xml()
        source = _numbered(self.patch_xml(raw))
        self.sources[BODY_PART] = source
        source, loops = plan_row_loops_once(source, jinja_env)
        self.current_rendering_part = self.docx._part
        columns = "{%tc" in re.sub(r"<[^>]+>", "", raw)
        document = self.docx._element
        page_width = _text_width(document.find(f"{W}body"))
        rtl = [False]

        def finish(element: Any) -> None:
            keep_rows_whole(element)
            order_properties(element)
            if self.hiding is not None:
                drop_hidden(element, self.hiding)
            if rtl[0]:
                mark_right_to_left(element)
            if columns and element.tag == f"{W}tbl":
                for table in element.iter(f"{W}tbl"):
                    _fit_grid(table, page_width)
            for drawing in element.iter(_DOC_PR):
                self.docx_ids_index += 1
                drawing.set("id", str(self.docx_ids_index))

        def watched(texts: Any) -> Any:
            for text in texts:
                if not rtl[0] and RTL_TEXT.search(text):
                    rtl[0] = True
                yield text

        rows = RowWriter(
            loops,
            lambda text: writer.finish_rows(text, self._resolve),
            body_height(document.find(f"{W}body")),
        )
        writer = BodyWriter(
            document, finish, rows.splice if loops else None, rows.runs_on if loops else None
        )
        try:
            template = jinja_env.from_string(source)
            if loops:
                context = {**context, WRITER: rows}
            writer.write(watched(pieces(template.generate(context), self._resolve)), _not_rendering)
        except (ImageError, BrokenXmlError):
            raise
        except etree.XMLSyntaxError as error:
            raise BrokenXmlError(BODY_PART, str(error)) from None
        except Exception as error:  # every template mistake becomes a diagnostic
            raise PartError(error, BODY_PART) from error
        placeholder_body(document)
        self._body = writer.chunks

    def patch_xml(self, src_xml: str) -> str:
        """The template text cleaned up by docxtpl, once for each text (it is always the same)."""
        patched = _PATCHED.get(src_xml)
        if patched is None:
            patched = str(super().patch_xml(src_xml))
            if len(_PATCHED) >= _PATCHED_KEPT:
                del _PATCHED[next(iter(_PATCHED))]
            _PATCHED[src_xml] = patched
        return patched

    def _resolve(self, xml: str) -> str:
        return str(super().resolve_listing(xml))

    def resolve_listing(self, xml: str) -> str:
        """Tabs, line and page breaks in the text made Word's, only where there are any."""
        return resolve_listing(xml, self._resolve)

    def save(self, filename: Any, *args: Any, **kwargs: Any) -> None:
        """Save the document (a stream), with the rendered body in it."""
        if self._body is None:
            super().save(filename, *args, **kwargs)
            return
        self.pre_processing()
        chunks, self._body = self._body, None
        main = self.docx.part
        save_package(main.package, main.partname, chunks, filename)
        self.post_processing(filename)
        self.is_saved = True

    def render_xml_part(self, src_xml: str, part: Any, context: Any, jinja_env: Any = None) -> Any:
        """Render one part, keeping its source; a template error names the part."""
        name = str(getattr(part, "partname", "") or BODY_PART)
        self.sources[name] = _numbered(src_xml)
        try:
            return super().render_xml_part(src_xml, part, context, jinja_env)
        except ImageError:
            raise
        except Exception as error:  # every template mistake becomes a diagnostic
            raise PartError(error, name) from error

    def render_properties(self, context: Any, jinja_env: Any = None) -> None:
        """Leave the document properties alone: they are reset after rendering anyway.

        Why: docxtpl renders title, subject, author... as Jinja, only for the renderer to
        overwrite them; a title such as "Budget {{ draft }}" would refuse the template.
        """

    def render_footnotes(self, context: Any, jinja_env: Any = None) -> None:
        """Render each footnotes and endnotes part once.

        Why: docxtpl renders the footnotes once per section (so text that the first pass
        produced, participant data included, ran as template code in the second) and never the
        endnotes.
        """
        for part in note_parts(self.docx):
            source = part.blob.decode("utf-8") if isinstance(part.blob, bytes) else part.blob
            xml = self.render_xml_part(self.patch_xml(source), part, context, jinja_env)
            part._blob = xml.encode("utf-8")

    def map_headers_footers_xml(self, relKey: str, xml: bytes) -> None:
        """Parse a rendered header or footer strictly, finish it, and put it in place."""
        part = self.docx._part.rels[relKey].target_part
        try:
            element = parse_xml(xml)
        except etree.XMLSyntaxError as error:
            raise BrokenXmlError(str(part.partname), str(error)) from None
        self._finish(element, xml.decode("utf-8", errors="replace"))
        new_part = XmlPart(part.partname, part.content_type, element, part.package)
        for relation in part.rels.values():
            new_part.load_rel(
                relation.reltype, relation._target, relation.rId, relation.is_external
            )
        self.docx._part.rels[relKey]._target = new_part

    def finish_notes(self) -> None:
        """Footnotes and endnotes: parsed strictly (docxtpl stores them unchecked), finished."""
        for part in note_parts(self.docx):
            try:
                root = etree.fromstring(part.blob, STRICT)
            except etree.XMLSyntaxError as error:
                raise BrokenXmlError(str(part.partname), str(error)) from None
            text = part.blob.decode("utf-8", errors="replace")
            if self._finish(root, text):
                part._blob = serialise(root)

    def _finish(self, root: Any, text: str) -> bool:
        """Finish a rendered part; True if changed.

        Table rows never split, short tables stay on one page, and table properties go in the
        schema's order; hidden text goes;
        right-to-left text is marked.
        """
        changed = False
        if "<w:tbl" in text:
            changed = keep_rows_whole(root)
            changed = keep_tables_together(root) or changed
            changed = order_properties(root) or changed
        if self.hiding is not None:
            changed = drop_hidden(root, self.hiding) > 0 or changed
        if RTL_TEXT.search(text):
            changed = mark_right_to_left(root) or changed
        return changed


def _not_rendering(seconds: float) -> None:
    """Give the render the ``seconds`` spent finishing its output: they are not the template's."""
    budget = ACTIVE_BUDGET.get()
    if budget is not None:
        budget.deadline += seconds


def _numbered(src_xml: str) -> str:
    """The part's source as docxtpl hands it to Jinja: each paragraph on a line of its own."""
    return re.sub(r"<w:p([ >])", r"\n<w:p\1", src_xml)


def _text_width(body: Any) -> float | None:
    """The width between the page margins, in twentieths of a point."""
    section = body.find(f"{W}sectPr")
    size = section.find(f"{W}pgSz") if section is not None else None
    margins = section.find(f"{W}pgMar") if section is not None else None
    if size is None or margins is None:
        return None
    try:
        width = float(size.get(f"{W}w")) - float(margins.get(f"{W}left") or 0)
        return width - float(margins.get(f"{W}right") or 0)
    except (TypeError, ValueError):
        # NOTE: a page without a width, or measures such as "1in": leave the grid as it is.
        return None


def _fit_grid(table: Any, page_width: float | None) -> None:
    """Rebuild a table's column grid when a column loop changed its cells' number or widths.

    The grid takes the widths of the cells of the widest row, scaled down to the page when they
    are wider than it (docxtpl spreads the old width evenly instead).
    """
    grid = table.find(f"{W}tblGrid")
    if grid is None:
        return
    columns = grid.findall(f"{W}gridCol")
    widest: list[Any] = []
    for row in table.findall(f"{W}tr"):
        cells = row.findall(f"{W}tc")
        if any(cell.find(f"{W}tcPr/{W}gridSpan") is not None for cell in cells):
            continue
        if len(cells) > len(widest):
            widest = cells
    if not widest:
        return
    widths = []
    for cell in widest:
        width = cell.find(f"{W}tcPr/{W}tcW")
        widths.append(float(width.get(f"{W}w") or 0) if width is not None else 0.0)
    # NOTE: a loop over as many cells as the template had columns keeps their number but not
    # their widths (three 5,045 cells in a grid of 170 + 5,045 + 170).
    grid_widths = [float(column.get(f"{W}w") or 0) for column in columns]
    if len(widest) == len(columns) and (not all(widths) or widths == grid_widths):
        return
    if not all(widths):
        total = sum(float(column.get(f"{W}w") or 0) for column in columns)
        widths = [total / len(widest)] * len(widest)
    if page_width and sum(widths) > page_width:
        widths = [width * page_width / sum(widths) for width in widths]
    for column in columns:
        grid.remove(column)
    for width in widths:
        etree.SubElement(grid, f"{W}gridCol").set(f"{W}w", str(int(width)))
    for row in table.findall(f"{W}tr"):
        for cell, width in zip(row.findall(f"{W}tc"), widths, strict=False):
            cell_width = cell.find(f"{W}tcPr/{W}tcW")
            if cell_width is not None:
                cell_width.set(f"{W}w", str(int(width)))


class BrokenXmlError(Exception):
    """The rendered part ``part`` is not well-formed XML."""

    def __init__(self, part: str, detail: str) -> None:
        super().__init__(detail)
        self.part = part
        self.detail = detail


class PartError(Exception):
    """A template error raised while rendering the part ``part``."""

    def __init__(self, error: BaseException, part: str) -> None:
        super().__init__(str(error))
        self.error = error
        self.part = part


class ImageError(Exception):
    """A picture could not be read while it was placed."""


class _Picture(InlineImage, Opaque):  # type: ignore[misc]
    """An inline picture; templates print it, but cannot reach the document through it."""

    #: Its alternative text (``wp:docPr/@descr``), for screen readers.
    alt = ""

    def _insert_image(self) -> str:
        # Without distL/distR LibreOffice puts 3.2 mm of wrap space either side of the picture.
        flush = '<wp:inline distT="0" distB="0" distL="0" distR="0" '
        described = f"<wp:docPr descr={quoteattr(self.alt)} " if self.alt else "<wp:docPr "
        try:
            inline = str(super()._insert_image()).replace("<wp:inline ", flush, 1)
            return inline.replace("<wp:docPr ", described, 1)
        except (OSError, ValueError, KeyError, UnrecognizedImageError) as error:
            raise ImageError(f"{type(error).__name__}: {error}") from None


#: Values that hold no picture: returned as they are, without a call (a view has millions).
_LEAVES = frozenset({str, int, float, bool, type(None)})


def with_images(value: Any, template: DocxTemplate, _done: dict[int, Any] | None = None) -> Any:
    """``value`` with every :class:`.Image` in it made a picture of ``template``.

    A list or mapping the view holds twice (the pages of each day, and of every day) is
    copied once, and stays shared. One that holds only plain values (a row of a list of
    thousands) holds no picture: it is itself in the copy.
    """
    if isinstance(value, Image):
        source = io.BytesIO(value.data) if value.data is not None else value.path
        picture = _Picture(template, source, height=Mm(value.height_mm))
        picture.alt = value.alt
        return picture
    if not isinstance(value, dict | list):
        return value
    done = {} if _done is None else _done
    copied = done.get(id(value))
    if copied is not None:
        return copied
    leaves = _LEAVES
    if leaves.issuperset(map(type, value.values() if isinstance(value, dict) else value)):
        done[id(value)] = value
        return value
    if isinstance(value, dict):
        copied = {
            key: item if type(item) in leaves else with_images(item, template, done)
            for key, item in value.items()
        }
    else:
        items = [
            item if type(item) in leaves else with_images(item, template, done) for item in value
        ]
        copied = PlannedRows(items) if isinstance(value, PlannedRows) else items
    # NOTE: keyed by id: the view holds every value it walks, so no id is reused meanwhile.
    done[id(value)] = copied
    return copied
