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
from facilitation.errors import Diagnostic, Location
from facilitation.rendering.environment import TemplateEnvironment
from facilitation.rendering.templates import TemplateError, TemplateSource, inspect_docx
from facilitation.rendering.views import Image

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
        for table in root.body.iter(f"{_W}tbl"):
            _fit_grid(table)
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


def _fit_grid(table: Any) -> None:
    """Make a table's column grid match its widest row (docxtpl's fix for column loops)."""
    grid = table.find(f"{_W}tblGrid")
    if grid is None:
        return
    columns = grid.findall(f"{_W}gridCol")
    widths = [float(column.get(f"{_W}w") or 0) for column in columns]
    cells = 0
    for row in table.findall(f"{_W}tr"):
        count = 0
        for cell in row.findall(f"{_W}tc"):
            span = cell.find(f"{_W}tcPr/{_W}gridSpan")
            count += int(span.get(f"{_W}val")) if span is not None else 1
        cells = max(cells, count)
    if not cells or cells == len(columns):
        return
    total = sum(widths)
    for column in columns:
        grid.remove(column)
    for _ in range(cells):
        column = etree.SubElement(grid, f"{_W}gridCol")
        column.set(f"{_W}w", str(int(total / cells)) if total else "0")


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
