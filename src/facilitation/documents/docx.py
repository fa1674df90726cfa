"""Render Word documents with docxtpl, safely.

docxtpl renders the document's XML as a Jinja template. We hand it our sandboxed, escaping
environment; parse what it produced strictly (docxtpl itself repairs broken XML silently, which
loses text); turn template errors into diagnostics that name the template, the tag and the text
around it; and strip every piece of metadata the template or python-docx would pass on.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from typing import Any

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.shared import Mm
from docxtpl import DocxTemplate, InlineImage
from jinja2 import TemplateError as JinjaTemplateError
from jinja2 import TemplateSyntaxError, UndefinedError
from jinja2.exceptions import SecurityError
from lxml import etree

from facilitation import codes
from facilitation.documents.environment import TemplateEnvironment
from facilitation.documents.templates import TemplateSource, inspect_docx
from facilitation.documents.views.base import Image
from facilitation.errors import Diagnostic, Location, TemplateError

_STRICT = etree.XMLParser(recover=False, resolve_entities=False, no_network=True, huge_tree=False)
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

_APP_XML = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
    'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
    "<Application>facilitation</Application></Properties>"
)


_BODY_START = re.compile(r"<w:body[\s>/][^>]*>?")


class _StrictTemplate(DocxTemplate):  # type: ignore[misc]
    """docxtpl, but the rendered XML must parse without repair, in time linear in its size.

    Why: docxtpl parses the rendered body with ``recover=True`` (which silently drops text from
    broken XML) and then moves it into the document, which lxml does in quadratic time for large
    bodies (10,000 sign-in rows took minutes). Here the whole document is parsed once, strictly,
    with python-docx's own parser, and replaces the old one.
    """

    def fix_tables(self, xml: str) -> Any:
        whole = etree.tostring(self.docx._element, encoding="unicode")
        start = _BODY_START.search(whole)
        end = whole.rfind("</w:body>")
        if start is None or end < 0:  # pragma: no cover - python-docx always writes a body
            raise _BrokenXmlError("the template has no document body")
        body = _BODY_START.sub("<w:body>", xml, count=1)
        try:
            root = parse_xml(whole[: start.start()] + body + whole[end + len("</w:body>") :])
        except etree.XMLSyntaxError as error:
            raise _BrokenXmlError(str(error)) from None
        page_width = _text_width(root.body)
        for table in root.body.iter(f"{_W}tbl"):
            _fit_grid(table, page_width)
        return root.body

    def fix_docpr_ids(self, tree: Any) -> None:
        # NOTE: python-docx elements take no `namespaces=` argument; they know the prefixes.
        for element in tree.xpath(".//wp:docPr"):
            self.docx_ids_index += 1
            element.set("id", str(self.docx_ids_index))

    def map_tree(self, tree: Any) -> None:
        root = tree.getparent()
        self.docx._element = root
        self.docx._part._element = root


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
    pass


def _with_images(value: Any, template: DocxTemplate) -> Any:
    if isinstance(value, Image):
        return InlineImage(template, value.path, height=Mm(value.height_mm))
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
) -> bytes:
    """Render ``view`` into the Word template ``source``; return the document's bytes.

    Raises:
        TemplateError: the template is refused, broken, unsafe, or uses an unknown name.
    """
    data = inspect_docx(source)
    template = _StrictTemplate(io.BytesIO(data))
    try:
        template.init_docx()
        context = _with_images(view, template)
        template.render(context, jinja_env=env, autoescape=False)
    except SecurityError as error:
        raise _template_error(
            source, codes.TEMPLATE_UNSAFE, error, "the sandbox stopped it"
        ) from None
    except UndefinedError as error:
        raise _template_error(source, codes.TEMPLATE_UNDEFINED, error, "unknown name") from None
    except TemplateSyntaxError as error:
        raise _template_error(source, codes.TEMPLATE_SYNTAX, error, "broken tag") from None
    except JinjaTemplateError as error:
        raise _template_error(source, codes.TEMPLATE_SYNTAX, error, "template error") from None
    except _BrokenXmlError as error:
        raise TemplateError(
            Diagnostic(
                codes.TEMPLATE_SYNTAX,
                f"the template produced broken Word XML ({error}); a tag may cut through "
                "a table row or paragraph",
                Location(source.shown),
                hint="put {%tr ...%} tags alone in their table row, "
                "and {%p ...%} tags alone in their paragraph",
            )
        ) from None
    except (OSError, ValueError, KeyError) as error:
        # NOTE: python-docx raises these for images it cannot read (checked before, as R305).
        raise TemplateError(
            Diagnostic(
                codes.LOGO_PROBLEM,
                f"an image could not be placed in the document ({type(error).__name__}: {error})",
                Location(source.shown),
            )
        ) from None
    document = template.docx
    _reset_metadata(document, title=title, language=language, now=now or dt.datetime.now(dt.UTC))
    out = io.BytesIO()
    template.save(out)
    return out.getvalue()


def _template_error(
    source: TemplateSource, code: str, error: JinjaTemplateError, what: str
) -> TemplateError:
    around = " ".join(
        line.strip() for line in getattr(error, "docx_context", None) or [] if line.strip()
    )
    message = error.message or str(error)
    if not around:
        around = _tag_context(source.data, message)
    around = re.sub(r"\s+", " ", around)[:160]
    if code == codes.TEMPLATE_UNDEFINED:
        text = f"the template uses a name that does not exist: {message}"
        hint = "the default templates show every name there is (facilitation templates copy)"
    elif code == codes.TEMPLATE_UNSAFE:
        text = f"the template tries to reach Python internals, and {what}: {message}"
        hint = "templates may only print the values they are given"
    else:
        text = f"{what} in the template: {message}"
        hint = "every {{ must close with }}, every {% for %} with {% endfor %}"
    return TemplateError(
        Diagnostic(
            code,
            text,
            Location(source.shown),
            hint=hint,
            notes=(f"near: {around}",) if around else (),
        )
    )


def _tag_context(data: bytes, message: str) -> str:
    """The template text around the tag that ``message`` is about, if it can be found.

    Jinja reports errors found while rendering (an unknown name) without a line, so the
    paragraph is found by the name: the first paragraph with a tag that mentions it.
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
                        return text
    return ""


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
