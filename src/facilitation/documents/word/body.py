"""The rendered body of a Word document, finished and kept as bytes, one element at a time.

A sign-in sheet for 20,000 people is 200 MB of WordprocessingML. Held as one text, parsed into one
tree and serialised again, it took gigabytes; here the Jinja output is read piece by piece, parsed
strictly as it comes (an ``XMLPullParser``: the same well-formedness check as parsing it whole),
and each element of the body is finished, serialised and dropped from the tree as soon as nothing
after it can change it. What stays is the serialised body, as UTF-8 bytes, which
:func:`save_package` writes into the saved document.

What docxtpl does to the rendered text is done here piece by piece: the line breaks it put before
each paragraph go, its escaped braces come back, and tabs, line and page breaks written into the
text become Word's (:func:`resolve_listing`, only where such a character occurs).
"""

from __future__ import annotations

import re
import time
import zipfile
from collections.abc import Callable, Iterable, Iterator
from typing import IO, Any, cast

from docx.opc.pkgwriter import PackageWriter
from lxml import etree

from facilitation.documents.word.ooxml import W
from facilitation.documents.word.schema import body_height, keep_table_together, shortest_row

#: The comment that stands for the body in the document part until the document is saved.
BODY_MARKER = "facilitation-body"
_MARKER_BYTES = f"<!--{BODY_MARKER}-->".encode()
_BODY_START = re.compile(r"<w:body[\s>/][^>]*>?")
#: Characters of rendered text to read before a piece is cut off and finished.
_PIECE = 1 << 20
#: Elements a table's lead-in (above) and trailer (below) may reach (:mod:`.schema`), plus one.
_REACH = 6
#: Text that docxtpl turns into Word's tabs, line breaks, new paragraphs and page breaks.
_LISTING = re.compile("[\t\a\n\f]")
_PARAGRAPH_END = "</w:p>"

Finish = Callable[[Any], None]


def resolve_listing(xml: str, resolve: Callable[[str], str]) -> str:
    """``xml`` with ``resolve`` (docxtpl's listing) applied to each paragraph that needs it.

    Why: docxtpl runs its regular expressions over every paragraph, run and text of the
    document, which took a third of a long sign-in sheet's time, to rewrite characters that
    hardly ever occur. The paragraphs are the same ones its scan finds.
    """
    if _LISTING.search(xml) is None:
        return xml
    out: list[str] = []
    position = 0
    for match in _LISTING.finditer(xml):
        at = match.start()
        if at < position:
            continue
        start = max(xml.rfind("<w:p>", position, at), xml.rfind("<w:p ", position, at))
        end = xml.find(_PARAGRAPH_END, at)
        if start < 0 or end < 0:
            continue  # between paragraphs: docxtpl leaves it too
        end += len(_PARAGRAPH_END)
        out.append(xml[position:start])
        out.append(resolve(xml[start:end]))
        position = end
    out.append(xml[position:])
    return "".join(out)


def _undo_markup(text: str, resolve: Callable[[str], str]) -> str:
    """What docxtpl does to the rendered text of a part (``render_xml_part``), for a piece."""
    text = re.sub(r"\n<w:p([ >])", r"<w:p\1", text)
    text = text.replace("{_{", "{{").replace("}_}", "}}").replace("{_%", "{%").replace("%_}", "%}")
    return resolve_listing(text, resolve)


def pieces(chunks: Iterable[str], resolve: Callable[[str], str]) -> Iterator[str]:
    """The rendered ``chunks``, joined into pieces cut before a paragraph, and undone."""
    buffer: list[str] = []
    size = 0
    carried = ""
    for chunk in chunks:
        buffer.append(chunk)
        size += len(chunk)
        if size < _PIECE:
            continue
        text = carried + "".join(buffer)
        buffer.clear()
        size = 0
        cut = text.rfind("\n<w:p")
        if cut <= 0:
            carried = text
            continue
        carried = text[cut:]
        yield _undo_markup(text[:cut], resolve)
    text = carried + "".join(buffer)
    if text:
        yield _undo_markup(text, resolve)


class BodyWriter:
    """Parses the rendered body as it comes, finishes each element, and keeps its bytes.

    ``document`` is the template's document element, whose text around the body is parsed
    with it (so an error names the same line as parsing the whole document would). ``finish``
    finishes one element of the body (rows whole, properties in order, hidden text dropped...);
    short tables are kept on a page here, since that needs the elements around them.
    """

    def __init__(
        self,
        document: Any,
        finish: Finish,
        splice: Callable[[bytes], bytes] | None = None,
        runs_on: Callable[[Any], bool] | None = None,
    ) -> None:
        whole = etree.tostring(document, encoding="unicode")
        start = _BODY_START.search(whole)
        end = whole.rfind("</w:body>")
        if start is None or end < 0:  # pragma: no cover - python-docx always writes a body
            raise ValueError("the template has no document body")
        self._head = whole[: start.start()]
        self._tail = whole[end + len("</w:body>") :]
        body = document.find(f"{W}body")
        self._room = body_height(body)
        self._finish = finish
        #: Puts rows written from a pattern (:mod:`.rows`) in place of their markers.
        self._splice = splice
        #: True for a table that rows written from a pattern make long.
        self._runs_on = runs_on
        self._parser = etree.XMLPullParser(
            events=("start",),
            tag=f"{W}body",
            remove_blank_text=True,
            resolve_entities=False,
            no_network=True,
            huge_tree=False,
        )
        self._body: Any = None
        self._pending: list[Any] = []
        #: Of the pending elements, how many had their tables kept together.
        self._kept = 0
        self._declarations: bytes | None = None
        #: The finished body's elements, serialised.
        self.chunks: list[bytes] = []

    def write(self, pieces: Iterable[str], spent: Callable[[float], None]) -> None:
        """Parse the rendered body ``pieces`` (its first holds ``<w:body>``), then the rest.

        ``spent`` is told the seconds each piece took here, outside the template.

        Raises:
            etree.XMLSyntaxError: the rendered body is not well-formed.
        """
        self._feed(self._head)
        first = True
        for piece in pieces:
            started = time.monotonic()
            self._feed(_BODY_START.sub("<w:body>", piece, count=1) if first else piece)
            first = False
            spent(time.monotonic() - started)
        self._feed(self._tail)
        self._feed("", last=True)
        self._settle(len(self._pending))

    def _feed(self, text: str, *, last: bool = False) -> None:
        """Parse ``text``; take in the elements of the body it completed (``last``: all)."""
        if last:
            self._parser.close()
        else:
            self._parser.feed(text)
        if self._body is None:
            for _, element in self._parser.read_events():
                self._body = element
            if self._body is None:
                return
        # NOTE: the body's last element may still be open while text is coming.
        complete = self._body[len(self._pending) :] if last else self._body[len(self._pending) : -1]
        for element in complete:
            self._pending.append(element)
            self._settle(len(self._pending) - _REACH)

    def _settle(self, ready: int) -> None:
        """Keep the tables among the first ``ready`` pending elements together.

        Then write out the elements that no later table can change.
        """
        pending = self._pending
        while self._kept < ready:
            element = pending[self._kept]
            if element.tag == f"{W}tbl":
                long = True if self._runs_on is not None and self._runs_on(element) else None
                keep_table_together(element, self._room, long)
            self._kept += 1
        done = len(pending) if ready >= len(pending) else max(self._kept - _REACH, 0)
        if done <= 0:
            return
        for element in pending[:done]:
            self._finish(element)
            data = self._serialise(element)
            self.chunks.append(self._splice(data) if self._splice is not None else data)
            # NOTE: emptied first: lxml moves a removed element's whole tree into a document of
            # its own, which took seconds for a long table; emptying frees it at once.
            element.clear()
            self._body.remove(element)
        del pending[:done]
        self._kept -= done

    def finish_rows(self, rows: str, resolve: Callable[[str], str]) -> tuple[bytes, float] | None:
        """Rendered table ``rows`` (``<w:tr>`` elements), finished and serialised.

        Parsed as part of a table of the document, strictly, finished as the body is; None when
        a value marker of :mod:`.rows` is in an attribute rather than in the text. With them,
        the least height the rows have with any values (:func:`~.schema.shortest_row`).

        Raises:
            etree.XMLSyntaxError: the rows are not well-formed.
        """
        rows = _undo_markup(rows, resolve)
        text = f"{self._head}<w:body><w:tbl>{rows}</w:tbl></w:body>{self._tail}"
        parser = etree.XMLParser(
            remove_blank_text=True, resolve_entities=False, no_network=True, huge_tree=False
        )
        table = etree.fromstring(text, parser).find(f"{W}body/{W}tbl")
        out: list[bytes] = []
        shortest = 0.0
        for row in table:
            for element in row.iter(tag=etree.Element):
                if any("\ue000" in value for value in element.attrib.values()):
                    return None
            shortest += shortest_row(row)
            self._finish(row)
            out.append(self._serialise(row))
        return b"".join(out), shortest

    def _serialise(self, element: Any) -> bytes:
        """The element's bytes, without the namespace declarations it inherits from the root."""
        data = bytes(etree.tostring(element, encoding="UTF-8"))
        if self._declarations is None:
            probe = etree.SubElement(element.getparent(), f"{W}p")
            empty = bytes(etree.tostring(probe, encoding="UTF-8"))
            probe.getparent().remove(probe)
            self._declarations = empty[len(b"<w:p") : -len(b"/>")]
        space = data.find(b" ")
        declarations = self._declarations
        if declarations and data[space : space + len(declarations)] == declarations:
            data = data[:space] + data[space + len(declarations) :]
        return data


def placeholder_body(document: Any) -> None:
    """Empty the body of ``document`` but for the marker :func:`save_package` replaces."""
    body = document.find(f"{W}body")
    for child in list(body):
        body.remove(child)
    body.append(etree.Comment(BODY_MARKER))


def save_package(package: Any, main: str, chunks: list[bytes], target: IO[bytes]) -> None:
    """Write python-docx's ``package`` into ``target``, with the body ``chunks`` in it.

    They go where the placeholder stands in the part named ``main``, and are released as they
    are written. Why not python-docx's ``save``, then the body: that compressed each part twice.
    """
    for part in package.parts:
        part.before_marshal()
    writer = _SplicingWriter(target, main, chunks)
    # NOTE: python-docx's own steps of `PackageWriter.write`, with another zip writer.
    steps = cast(Any, PackageWriter)
    try:
        steps._write_content_types_stream(writer, package.parts)
        steps._write_pkg_rels(writer, package.rels)
        steps._write_parts(writer, package.parts)
    finally:
        writer.close()


class _SplicingWriter:
    """python-docx's zip writer, with the rendered body put into the main part."""

    def __init__(self, target: IO[bytes], main: str, chunks: list[bytes]) -> None:
        self._zip = zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED)
        self._main = main
        self._chunks = chunks

    def write(self, pack_uri: Any, blob: bytes) -> None:
        name = str(pack_uri.membername)
        if pack_uri != self._main:
            self._zip.writestr(name, blob)
            return
        head, tail = blob.split(_MARKER_BYTES, 1)
        chunks = self._chunks
        entry = zipfile.ZipInfo(name, time.localtime()[:6])
        entry.compress_type = zipfile.ZIP_DEFLATED
        entry.file_size = len(head) + sum(len(chunk) for chunk in chunks) + len(tail)
        with self._zip.open(entry, "w") as stream:
            stream.write(head)
            chunks.reverse()
            while chunks:
                stream.write(chunks.pop())
            stream.write(tail)

    def close(self) -> None:
        self._zip.close()
