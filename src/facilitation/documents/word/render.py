"""Render Word documents with docxtpl, safely.

docxtpl renders the document's XML as a Jinja template. We hand it our sandboxed, escaping,
bounded environment; parse what it produced strictly (docxtpl itself repairs broken XML silently,
which loses text); turn every template error into a diagnostic that names the template and quotes
the paragraph that holds the tag; and strip every piece of metadata the template or python-docx
would pass on.

What Word does not show is not passed on either (:mod:`.clean`, :mod:`.hidden`), and
right-to-left text is marked for Word (:mod:`.bidi`).
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from docx.opc.constants import RELATIONSHIP_TYPE as RT

from facilitation import codes
from facilitation.documents.sandbox.bounds import render_budget
from facilitation.documents.sandbox.environment import TemplateEnvironment
from facilitation.documents.templates import TemplateSource, inspect_docx
from facilitation.documents.word.clean import clean_template
from facilitation.documents.word.errors import broken_xml_error, template_error
from facilitation.documents.word.strict_template import (
    BrokenXmlError,
    ImageError,
    PartError,
    StrictTemplate,
    with_images,
)
from facilitation.errors import Diagnostic, Location, TemplateError

_APP_XML = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
    'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
    "<Application>facilitation</Application></Properties>"
)


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
    template = StrictTemplate(io.BytesIO(data))
    try:
        template.init_docx()
        removed = clean_template(template)
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
        context = with_images(view, template)
        with render_budget():
            template.render(context, jinja_env=env, autoescape=False)
        template.finish_notes()
    except PartError as failure:
        raise template_error(source, template, env, failure.error, failure.part) from None
    except BrokenXmlError as error:
        raise broken_xml_error(source, template, env, error) from None
    except ImageError as error:
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
    _drop_styles_with_effects(document)
    out = io.BytesIO()
    template.save(out)
    return out.getvalue()


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


#: Word 2010's relationship to its second copy of the styles (python-docx has no constant).
_STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"


def _drop_styles_with_effects(document: Any) -> None:
    """Leave out ``stylesWithEffects.xml``, Word 2010's second copy of the styles.

    Word reads it instead of ``styles.xml`` where it is present, so a template whose two copies
    disagree (as LibreOffice and python-docx leave them) shows other styles in Word than in
    LibreOffice; Word writes it again on saving when it wants it.
    """
    main = document.part
    for key, relation in list(main.rels.items()):
        if relation.reltype == _STYLES_WITH_EFFECTS and not relation.is_external:
            main.rels.pop(key)
