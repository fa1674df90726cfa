"""Template errors in a Word document, as diagnostics that quote the paragraph of the tag.

Every error names the template, the part (a header, a footnote) when it is not the body, and the
text of the template paragraph that holds the failing tag.
"""

from __future__ import annotations

import html
import io
import re
import zipfile

from jinja2 import TemplateSyntaxError
from lxml import etree

from facilitation import codes
from facilitation.documents.sandbox.environment import TemplateEnvironment
from facilitation.documents.sandbox.errors import (
    describe_error,
    template_position,
    unclosed_block_line,
)
from facilitation.documents.templates import TemplateSource
from facilitation.documents.word.ooxml import BODY_PART, STRICT, W
from facilitation.documents.word.strict_template import BrokenXmlError, StrictTemplate
from facilitation.errors import Diagnostic, Location, TemplateError


def template_error(
    source: TemplateSource,
    template: StrictTemplate,
    env: TemplateEnvironment,
    error: BaseException,
    part: str,
) -> TemplateError:
    """The diagnostic for ``error``, raised in ``part``: its words, and the paragraph of the tag."""
    problem = describe_error(error)
    text = template.sources.get(part, "")
    _, line = template_position(error)
    if (
        isinstance(error, TemplateSyntaxError)
        and "nexpected end of template" in str(error.message)
        and (opened := unclosed_block_line(env, text)) is not None
    ):
        line = opened
    if line is not None and text:
        around = _paragraph_at(text, line)
    else:
        around = _tag_context(source.data, problem.message)
    notes = [f"near: {around}"] if around else []
    if part != BODY_PART:
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


def broken_xml_error(
    source: TemplateSource,
    template: StrictTemplate,
    env: TemplateEnvironment,
    error: BrokenXmlError,
) -> TemplateError:
    """The diagnostic for a part rendered into broken XML, near the tag that broke it."""
    text = template.sources.get(error.part, "")
    line = _unbalanced_block_line(env, text) if text else None
    notes = [f"near: {_paragraph_at(text, line)}"] if line is not None else []
    if error.part != BODY_PART:
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
            root = etree.fromstring(archive.read(name), parser=STRICT)
            for paragraph in root.iter(f"{W}p"):
                text = "".join(node.text or "" for node in paragraph.iter(f"{W}t"))
                for tag in re.findall(r"\{[{%].*?[}%]\}", text):
                    if needle in tag:
                        return re.sub(r"\s+", " ", text)[:160]
    return ""
