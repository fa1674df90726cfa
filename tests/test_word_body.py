"""The streamed body of a Word document: the same text as rendering it whole, in less memory."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from docxtpl import DocxTemplate
from lxml import etree

from facilitation.documents.word import body
from facilitation.documents.word.ooxml import W

NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _ignore(*_: object) -> None:
    pass


def _resolve(xml: str) -> str:
    return str(DocxTemplate.resolve_listing(None, xml))


@pytest.mark.parametrize(
    "xml",
    [
        "<w:p><w:r><w:t>plain</w:t></w:r></w:p>",
        "<w:p><w:pPr><w:jc/></w:pPr><w:r><w:rPr><w:b/></w:rPr><w:t>a\tb\nc</w:t></w:r></w:p>"
        "<w:p><w:r><w:t>next</w:t></w:r></w:p><w:p><w:r><w:t>x\fy\az</w:t></w:r></w:p>",
        '<?xml version="1.0"?>\n<w:body><w:p w:rsidR="1"><w:r><w:t>one\ntwo</w:t></w:r></w:p>'
        "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>cell</w:t></w:r></w:p></w:tc></w:tr></w:tbl></w:body>",
    ],
)
def test_listing_is_resolved_as_docxtpl_does(xml: str) -> None:
    assert body.resolve_listing(xml, _resolve) == _resolve(xml)


def test_pieces_undo_what_docxtpl_did_wherever_they_are_cut(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(body, "_PIECE", 40)
    rendered = "".join(f"\n<w:p><w:r><w:t>{{_{{ {n} }}_}}\t</w:t></w:r></w:p>" for n in range(30))
    chunks = [rendered[i : i + 7] for i in range(0, len(rendered), 7)]
    whole = "".join(body.pieces(chunks, _resolve))
    expected = rendered.replace("\n<w:p>", "<w:p>").replace("{_{", "{{").replace("}_}", "}}")
    assert whole == _resolve(expected)


def _document(inner: str) -> etree._Element:
    return etree.fromstring(
        f"<w:document {NS}><w:body>{inner}<w:sectPr/></w:body></w:document>".encode()
    )


def test_every_element_is_finished_and_kept_without_inherited_declarations() -> None:
    finished: list[str] = []
    writer = body.BodyWriter(_document(""), lambda element: finished.append(element.tag))
    rows = "".join(
        f"<w:tr><w:tc><w:p><w:r><w:t>{n}</w:t></w:r></w:p></w:tc></w:tr>" for n in range(3)
    )
    paragraphs = "".join(f"<w:p><w:r><w:t>p{n}</w:t></w:r></w:p>" for n in range(12))
    rendered = f"<w:body {NS}><w:p><w:r><w:t>Title</w:t></w:r></w:p><w:tbl>{rows}</w:tbl>"
    writer.write([rendered, paragraphs + "<w:sectPr/></w:body>"], _ignore)
    assert finished == [f"{W}p", f"{W}tbl", *[f"{W}p"] * 12, f"{W}sectPr"]
    text = b"".join(writer.chunks).decode()
    assert "xmlns" not in text
    # The table fits on a page: its rows and its heading are kept with what follows them.
    assert text.startswith("<w:p><w:pPr><w:keepNext/></w:pPr><w:r><w:t>Title</w:t>")
    assert text.count("<w:keepNext/>") == 3


def test_broken_xml_is_refused() -> None:
    writer = body.BodyWriter(_document(""), _ignore)
    with pytest.raises(etree.XMLSyntaxError):
        writer.write([f"<w:body {NS}><w:p><w:r></w:p></w:body>"], _ignore)


def test_the_body_is_written_into_the_saved_document(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    document.add_paragraph("placeholder")
    body.placeholder_body(document.element)
    out = io.BytesIO()
    part = document.part
    body.save_package(part.package, part.partname, [b"<w:p>", b"</w:p>"], out)
    with zipfile.ZipFile(out) as archive:
        assert "word/styles.xml" in archive.namelist()
        root = etree.fromstring(archive.read("word/document.xml"))
    assert [child.tag for child in root.find(f"{W}body")] == [f"{W}p"]
    path = tmp_path / "saved.docx"
    path.write_bytes(out.getvalue())
    assert docx.Document(str(path)).paragraphs[0].text == ""
